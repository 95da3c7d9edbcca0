import { z } from "zod";
import { eventSchema, type KindredEvent } from "../schemas/event.js";

/** The envelope every event travels in on the stream. `v` lets consumers refuse what they cannot read. */
const envelopeSchema = z.object({
  v: z.literal(1),
  receivedAt: z.number().int().positive(),
  event: eventSchema,
});

export interface EventEnvelope {
  receivedAt: number;
  event: KindredEvent;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true });

export function encodeEnvelope(envelope: EventEnvelope): Uint8Array {
  return encoder.encode(JSON.stringify({ v: 1, ...envelope }));
}

export type DecodeResult = { ok: true; envelope: EventEnvelope } | { ok: false; reason: string };

/** Decodes and re-validates a record: the stream is a trust boundary too (other producers may write to it). */
export function decodeEnvelope(data: Uint8Array): DecodeResult {
  let raw: unknown;
  try {
    raw = JSON.parse(decoder.decode(data));
  } catch {
    return { ok: false, reason: "payload is not UTF-8 JSON" };
  }
  const parsed = envelopeSchema.safeParse(raw);
  if (parsed.success) return { ok: true, envelope: parsed.data };
  const reason = parsed.error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join(".") || "(record)"}: ${i.message}`)
    .join("; ");
  return { ok: false, reason };
}
