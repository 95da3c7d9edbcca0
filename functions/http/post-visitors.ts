import { randomBytes } from "node:crypto";
import { KMSClient } from "@aws-sdk/client-kms";
import { kmsTokenSigner } from "../../lib/auth/kms-token-signer.js";
import { localTokenSigner } from "../../lib/auth/local-token-signer.js";
import { TokenBucketThrottle } from "../../lib/auth/source-throttle.js";
import { loadVisitorSigning } from "../../lib/config/visitor-config.js";
import { createVisitor } from "../../lib/usecases/create-visitor.js";
import { appContext } from "../context.js";
import { json, publicRoute } from "./http-handler.js";

const { config, now } = appContext();
const signing = loadVisitorSigning(process.env);
const signer =
  signing.kind === "kms"
    ? kmsTokenSigner(new KMSClient({ region: config.region }), signing.keyId)
    : localTokenSigner(signing.secret);
// Per source address: a burst of 20 new visitors, then one every 3 s. Generous enough for many people
// behind one NAT; a page asks once per browser. In AWS this is per function instance, under the route's
// own stage limit (infra/constructs/visitor-tokens.ts).
const throttle = new TokenBucketThrottle({ capacity: 20, refillPerSecond: 1 / 3, maxSources: 10_000 });

export const handler = publicRoute(async (event) =>
  json(
    201,
    await createVisitor(event.requestContext.http.sourceIp, {
      signer,
      throttle,
      randomBytes: (size) => randomBytes(size),
      now,
    }),
  ),
);
