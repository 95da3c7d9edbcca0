import { z } from "zod";
import { idSchema } from "../../lib/schemas/common.js";
import { parseOrThrow } from "../../lib/schemas/issues.js";
import { nextMessageRequestSchema } from "../../lib/schemas/messages.js";
import { nextMessage } from "../../lib/usecases/next-message.js";
import { appContext } from "../context.js";
import { authenticatedRoute, json } from "./http-handler.js";
import { jsonBody, params } from "./request.js";

const { lists, offers } = appContext();
const pathSchema = z.object({ customerId: idSchema });

export const handler = authenticatedRoute(async (event, principal) => {
  const { customerId } = params(pathSchema, event);
  const body = parseOrThrow(nextMessageRequestSchema, jsonBody(event));
  return json(200, await nextMessage(principal, customerId, body, { ...lists, offers }));
});
