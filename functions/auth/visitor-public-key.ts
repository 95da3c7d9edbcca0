import { createPublicKey, type KeyObject } from "node:crypto";
import { GetPublicKeyCommand, KMSClient } from "@aws-sdk/client-kms";

/**
 * The public half of the KMS key visitor tokens are signed with, fetched once per container (a failed
 * fetch is retried on the next call). Needs `kms:GetPublicKey` on the key.
 */
export function visitorPublicKey(region: string, keyId: string): () => Promise<KeyObject> {
  const kms = new KMSClient({ region });
  let key: Promise<KeyObject> | undefined;
  const load = async () => {
    const out = await kms.send(new GetPublicKeyCommand({ KeyId: keyId }));
    if (!out.PublicKey) throw new Error("The visitor key has no public key");
    return createPublicKey({ key: Buffer.from(out.PublicKey), format: "der", type: "spki" });
  };
  return () => {
    key ??= load().catch((error: unknown) => {
      key = undefined;
      throw error;
    });
    return key;
  };
}
