import { parseOrThrow } from "../../lib/schemas/issues.js";
import { nextMessageRequestSchema } from "../../lib/schemas/messages.js";
import { nextMessage } from "../../lib/usecases/next-message.js";
import { appContext } from "../context.js";
import { authenticatedRoute, json } from "./http-handler.js";
import { customerPathSchema } from "./path-params.js";
import { jsonBody, params } from "./request.js";

const { messages } = appContext();

export const handler = authenticatedRoute(async (event, principal) => {
  const { customerId } = params(customerPathSchema, event);
  const body = parseOrThrow(nextMessageRequestSchema, jsonBody(event));
  return json(200, await nextMessage(principal, customerId, body, messages));
});
