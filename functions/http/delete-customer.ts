import { z } from "zod";
import { idSchema } from "../../lib/schemas/common.js";
import { eraseCustomer } from "../../lib/usecases/erase-customer.js";
import { appContext } from "../context.js";
import { log, pseudonym } from "../log.js";
import { authenticatedRoute, json } from "./http-handler.js";
import { params } from "./request.js";

const { profiles, customerData, now } = appContext();
const pathSchema = z.object({ customerId: idSchema });

export const handler = authenticatedRoute(async (event, principal) => {
  const { customerId } = params(pathSchema, event);
  const receipt = await eraseCustomer(principal, customerId, { profiles, customerData, now });
  // An audit trail of erasures that does not itself keep the id it erased.
  log("info", "customer erased", { customer: pseudonym(receipt.customerId), erasedAt: receipt.erasedAt });
  return json(202, receipt);
});
