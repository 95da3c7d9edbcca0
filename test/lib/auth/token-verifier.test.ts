import { createPublicKey } from "node:crypto";
import { GetPublicKeyCommand } from "@aws-sdk/client-kms";
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kmsTokenSigner, visitorKeyKid } from "../../../lib/auth/kms-token-signer.js";
import { type TokenVerifierConfig, verifyBearer } from "../../../lib/auth/token-verifier.js";
import { VISITOR_AUDIENCE, VISITOR_ISSUER } from "../../../lib/auth/visitor-tokens.js";
import { startKmsStandIn } from "../../support/kms-stand-in.js";

/**
 * Kindred's authorizer in AWS, for the routes a customer token may call: the deployer's identity
 * provider's tokens and Kindred's visitor tokens (signed in KMS), each with every check of API Gateway's
 * JWT authorizer, and nothing else.
 */
const ISSUER = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Pool";
let kmsStandIn: Awaited<ReturnType<typeof startKmsStandIn>>;
let config: TokenVerifierConfig;
let providerKey: Awaited<ReturnType<typeof generateKeyPair>>["privateKey"];
let strangerKey: typeof providerKey;

const hour = 3600;
const nowS = () => Math.floor(Date.now() / 1000);

beforeAll(async () => {
  kmsStandIn = await startKmsStandIn();
  const provider = await generateKeyPair("RS256", { extractable: true });
  providerKey = provider.privateKey;
  strangerKey = (await generateKeyPair("RS256")).privateKey;
  const jwk = { ...(await exportJWK(provider.publicKey)), kid: "p1", alg: "RS256" };
  const visitorPublic = await kmsStandIn.kms.send(new GetPublicKeyCommand({ KeyId: kmsStandIn.keyId }));
  config = {
    provider: {
      issuer: ISSUER,
      audiences: ["app-client", "server-client"],
      keys: createLocalJWKSet({ keys: [jwk] }),
    },
    visitorKey: async () =>
      createPublicKey({ key: Buffer.from(visitorPublic.PublicKey ?? []), format: "der", type: "spki" }),
    visitorKid: visitorKeyKid(kmsStandIn.keyId),
  };
});
afterAll(async () => {
  await kmsStandIn?.close();
});

const bearer = (token: string) => `Bearer ${token}`;
const visitorToken = (sub = "anon-0123456789abcdefghijkl", hoursLeft = 12) =>
  kmsTokenSigner(kmsStandIn.kms, kmsStandIn.keyId).sign(
    { sub, scope: "customer" },
    new Date(),
    new Date(Date.now() + hoursLeft * hour * 1000),
  );
const providerToken = (claims: Record<string, unknown>, key = providerKey, kid = "p1") =>
  new SignJWT({ scope: "kindred/customer", ...claims })
    .setProtectedHeader({ alg: "RS256", kid })
    .setIssuer(ISSUER)
    .setSubject("customer-42")
    .setExpirationTime(nowS() + hour)
    .sign(key);

describe("a visitor token signed in KMS", () => {
  it("is accepted: an anonymous customer, with the claims as strings", async () => {
    const claims = await verifyBearer(bearer(await visitorToken()), config);
    expect(claims).toMatchObject({
      iss: VISITOR_ISSUER,
      aud: VISITOR_AUDIENCE,
      sub: "anon-0123456789abcdefghijkl",
      scope: "customer",
      exp: expect.stringMatching(/^\d+$/),
    });
  });

  it("is refused once expired", async () => {
    expect(await verifyBearer(bearer(await visitorToken(undefined, -1)), config)).toBeUndefined();
  });

  it("is refused when altered: another subject with the same signature", async () => {
    const [header, , signature] = (await visitorToken()).split(".");
    const forged = Buffer.from(
      JSON.stringify({
        iss: VISITOR_ISSUER,
        aud: VISITOR_AUDIENCE,
        sub: "anon-other",
        scope: "customer",
        exp: nowS() + hour,
      }),
    ).toString("base64url");
    expect(await verifyBearer(bearer(`${header}.${forged}.${signature}`), config)).toBeUndefined();
  });

  it("is refused when the visitor issuer's name is signed by any other key, or with HS256", async () => {
    const claims = { aud: VISITOR_AUDIENCE, sub: "anon-x", scope: "customer" };
    const byProvider = await new SignJWT(claims)
      .setProtectedHeader({ alg: "RS256", kid: config.visitorKid })
      .setIssuer(VISITOR_ISSUER)
      .setExpirationTime(nowS() + hour)
      .sign(strangerKey);
    expect(await verifyBearer(bearer(byProvider), config)).toBeUndefined();
    const hmac = await new SignJWT(claims)
      .setProtectedHeader({ alg: "HS256", kid: config.visitorKid })
      .setIssuer(VISITOR_ISSUER)
      .setExpirationTime(nowS() + hour)
      .sign(new TextEncoder().encode("a-guessable-secret-of-32-characters!"));
    expect(await verifyBearer(bearer(hmac), config)).toBeUndefined();
  });

  it("is refused for a known customer's id or a wider scope, even if the key signed it", async () => {
    const signer = kmsTokenSigner(kmsStandIn.kms, kmsStandIn.keyId);
    const later = new Date(Date.now() + hour * 1000);
    for (const claims of [
      { sub: "customer-42", scope: "customer" },
      { sub: "anon-x", scope: "customer admin" },
    ]) {
      expect(
        await verifyBearer(bearer(await signer.sign(claims, new Date(), later)), config),
      ).toBeUndefined();
    }
  });
});

describe("a token of the deployer's identity provider", () => {
  it("is accepted with an accepted aud, or (a Cognito access token) with no aud and an accepted client_id", async () => {
    expect(await verifyBearer(bearer(await providerToken({ aud: "app-client" })), config)).toMatchObject({
      sub: "customer-42",
      scope: "kindred/customer",
    });
    expect(
      await verifyBearer(bearer(await providerToken({ client_id: "server-client" })), config),
    ).toMatchObject({
      sub: "customer-42",
    });
  });

  it("is refused for another audience, an unknown key, another issuer, or without a token", async () => {
    expect(await verifyBearer(bearer(await providerToken({ aud: "someone-else" })), config)).toBeUndefined();
    expect(
      await verifyBearer(bearer(await providerToken({ client_id: "x", aud: "y" })), config),
    ).toBeUndefined();
    expect(
      await verifyBearer(bearer(await providerToken({ aud: "app-client" }, strangerKey)), config),
    ).toBeUndefined();
    const otherIssuer = await new SignJWT({ aud: "app-client" })
      .setProtectedHeader({ alg: "RS256", kid: "p1" })
      .setIssuer("https://evil.example.com")
      .setSubject("customer-42")
      .setExpirationTime(nowS() + hour)
      .sign(providerKey);
    expect(await verifyBearer(bearer(otherIssuer), config)).toBeUndefined();
    for (const header of [undefined, "", "Bearer", "Basic abc", "Bearer not-a-jwt"]) {
      expect(await verifyBearer(header, config)).toBeUndefined();
    }
  });
});
