import { eraseCustomer } from "../../lib/usecases/erase-customer.js";
import { appContext } from "../context.js";
import { log, pseudonym } from "../log.js";
import { authenticatedRoute, json } from "./http-handler.js";
import { customerPathSchema } from "./path-params.js";
import { params } from "./request.js";

const { customers } = appContext();

export const handler = authenticatedRoute(async (event, principal) => {
  const { customerId } = params(customerPathSchema, event);
  const receipt = await eraseCustomer(principal, customerId, customers);
  // An audit trail of erasures that does not itself keep the id it erased.
  log("info", "customer erased", { customer: pseudonym(receipt.customerId), erasedAt: receipt.erasedAt });
  return json(202, receipt);
});
