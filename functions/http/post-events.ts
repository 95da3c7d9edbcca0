import { loadVisitorSigning } from "../../lib/config/visitor-config.js";
import { eventsRequestSchema } from "../../lib/schemas/event.js";
import { parseOrThrow } from "../../lib/schemas/issues.js";
import { ingestEvents } from "../../lib/usecases/ingest-events.js";
import { composeEvents } from "../compose-visitors.js";
import { appContext } from "../context.js";
import { authenticatedRoute, json } from "./http-handler.js";
import { jsonBody } from "./request.js";

const deps = composeEvents(appContext(), loadVisitorSigning(process.env));

export const handler = authenticatedRoute(async (event, principal) => {
  const { events } = parseOrThrow(eventsRequestSchema, jsonBody(event));
  return json(202, await ingestEvents(principal, events, deps));
});
