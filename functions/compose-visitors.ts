import { randomBytes } from "node:crypto";
import { KMSClient } from "@aws-sdk/client-kms";
import { kmsTokenSigner, visitorKeyKid } from "../lib/auth/kms-token-signer.js";
import { localTokenSigner } from "../lib/auth/local-token-signer.js";
import { TokenBucketThrottle } from "../lib/auth/source-throttle.js";
import { kmsVisitorProof, localVisitorProof } from "../lib/auth/visitor-proof.js";
import type { VisitorLimit, VisitorSigning } from "../lib/config/visitor-config.js";
import type { CreateVisitorDeps } from "../lib/usecases/create-visitor.js";
import type { IngestDeps } from "../lib/usecases/ingest-events.js";
import { visitorPublicKey } from "./auth/visitor-public-key.js";
import type { App } from "./compose-app.js";

// The composition's part for the two functions configured with the visitor key (its own setting, loaded
// by lib/config/visitor-config.ts). Apart from compose-app.ts so that KMS stays out of every other bundle.

/**
 * `POST /v1/visitors`: signs visitor tokens with the KMS key in AWS, with the local secret locally; `limit`,
 * new visitors this process may create over all callers (the function-URL front door's stand-in for the
 * route throttle).
 */
export function composeVisitorTokens(
  app: App,
  signing: VisitorSigning,
  limit?: VisitorLimit,
): CreateVisitorDeps {
  return {
    signer:
      signing.kind === "kms"
        ? kmsTokenSigner(new KMSClient({ region: app.region }), signing.keyId)
        : localTokenSigner(signing.secret),
    // Per source address: a burst of 20 new visitors, then one every 3 s. Generous enough for many people
    // behind one NAT; a page asks once per browser. In AWS this is per function instance, under the
    // route's own stage limit (infra/constructs/visitor-tokens.ts).
    throttle: new TokenBucketThrottle({ capacity: 20, refillPerSecond: 1 / 3, maxSources: 10_000 }),
    everyone:
      limit &&
      new TokenBucketThrottle({ capacity: limit.burst, refillPerSecond: limit.perSecond, maxSources: 1 }),
    randomBytes: (size) => randomBytes(size),
    now: app.now,
  };
}

/** `POST /v1/events`, whose identify events may carry a visitor token's proof, checked with the same key. */
export function composeEvents(app: App, signing: VisitorSigning): IngestDeps {
  return {
    publisher: app.publisher,
    streamRecords: app.streamRecords,
    visitorProof:
      signing.kind === "kms"
        ? kmsVisitorProof(visitorPublicKey(app.region, signing.keyId), visitorKeyKid(signing.keyId))
        : localVisitorProof(signing.secret),
    now: app.now,
  };
}
