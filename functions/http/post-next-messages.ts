import { parseOrThrow } from "../../lib/schemas/issues.js";
import { nextMessagesRequestSchema } from "../../lib/schemas/messages.js";
import { nextMessages } from "../../lib/usecases/next-messages.js";
import { appContext } from "../context.js";
import { authenticatedRoute, json } from "./http-handler.js";
import { jsonBody } from "./request.js";

const { messages } = appContext();

export const handler = authenticatedRoute(async (event, principal) => {
  const body = parseOrThrow(nextMessagesRequestSchema, jsonBody(event));
  return json(200, await nextMessages(principal, body, messages));
});
