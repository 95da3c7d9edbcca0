import { visitorKeyKid } from "../../lib/auth/kms-token-signer.js";
import { kmsVisitorProof, localVisitorProof } from "../../lib/auth/visitor-proof.js";
import { loadVisitorSigning } from "../../lib/config/visitor-config.js";
import { eventsRequestSchema } from "../../lib/schemas/event.js";
import { parseOrThrow } from "../../lib/schemas/issues.js";
import { ingestEvents } from "../../lib/usecases/ingest-events.js";
import { visitorPublicKey } from "../auth/visitor-public-key.js";
import { appContext } from "../context.js";
import { authenticatedRoute, json } from "./http-handler.js";
import { jsonBody } from "./request.js";

const { config, publisher, now } = appContext();
const signing = loadVisitorSigning(process.env);
const visitorProof =
  signing.kind === "kms"
    ? kmsVisitorProof(visitorPublicKey(config.region, signing.keyId), visitorKeyKid(signing.keyId))
    : localVisitorProof(signing.secret);

export const handler = authenticatedRoute(async (event, principal) => {
  const { events } = parseOrThrow(eventsRequestSchema, jsonBody(event));
  return json(202, await ingestEvents(principal, events, { publisher, visitorProof, now }));
});
