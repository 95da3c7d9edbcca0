import { generateKeyPairSync, sign } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { KMSClient } from "@aws-sdk/client-kms";

/**
 * A stand-in for the two KMS operations visitor tokens use (Sign with RSASSA_PKCS1_V1_5_SHA_256, and
 * GetPublicKey), speaking KMS's JSON protocol over HTTP to a real SDK client, as dynalite does for
 * DynamoDB: one RSA-2048 key, whose id is `keyId`. Any other operation or key is refused as KMS would.
 */
export async function startKmsStandIn(keyId = "visitor-key-1") {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const input = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, string>;
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/x-amz-json-1.1" });
      res.end(JSON.stringify(body));
    };
    if (input.KeyId !== keyId) return reply(400, { __type: "NotFoundException", message: "no such key" });
    const target = req.headers["x-amz-target"];
    if (target === "TrentService.Sign" && input.SigningAlgorithm === "RSASSA_PKCS1_V1_5_SHA_256") {
      const signature = sign("sha256", Buffer.from(input.Message ?? "", "base64"), privateKey);
      return reply(200, {
        KeyId: keyId,
        Signature: signature.toString("base64"),
        SigningAlgorithm: input.SigningAlgorithm,
      });
    }
    if (target === "TrentService.GetPublicKey") {
      const der = publicKey.export({ format: "der", type: "spki" });
      return reply(200, {
        KeyId: keyId,
        PublicKey: der.toString("base64"),
        KeySpec: "RSA_2048",
        KeyUsage: "SIGN_VERIFY",
      });
    }
    return reply(400, { __type: "ValidationException", message: `unsupported: ${String(target)}` });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    keyId,
    /** For SDK clients made elsewhere (e.g. `AWS_ENDPOINT_URL_KMS`, read by every KMSClient). */
    endpoint,
    kms: new KMSClient({
      region: "us-east-1",
      endpoint,
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
