import { unpackDocument } from "../../lib/data/rows/packed-document.js";

/**
 * A stored binary attribute as something a test can search: documents (JSON, compressed or MessagePack)
 * decoded, anything else as UTF-8. A search of the raw bytes of a compressed document would find nothing,
 * so a test asserting that some data is gone would pass whether or not it is.
 */
export function readableBytes(bytes: Uint8Array): unknown {
  try {
    return unpackDocument(bytes);
  } catch {
    return Buffer.from(bytes).toString("utf8");
  }
}
