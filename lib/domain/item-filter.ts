import { createHash } from "node:crypto";

/**
 * A set of item ids too large to keep exactly in a profile — the items a customer bought, or interacted
 * with, beyond the newest ones the profile lists — as a scalable Bloom filter (Almeida, Baquero, Preguiça &
 * Hutchison, "Scalable Bloom Filters", 2007): stages of doubling capacity whose error rates halve, so the
 * whole filter's false-positive rate stays below 2 × firstError however far it has grown. A member is never
 * missed; a false positive wrongly counts an item as a member. Items are added, never removed.
 */
export interface ItemFilter {
  stages: BloomStage[];
}

export interface BloomStage {
  /** Items this stage was sized for. */
  capacity: number;
  /** Items added. */
  count: number;
  /** Hash functions. */
  k: number;
  /** The bit array, base64. Its length in bits is what the positions are taken modulo. */
  bits: string;
}

export const ITEM_FILTER_LIMITS = {
  firstCapacity: 256,
  /** False-positive rate of the first stage; each further stage halves it (whole filter ≤ twice this). */
  firstError: 0.001,
  /** 256 · (2⁶ − 1) = 16,128 items at the stated rate; past that the last stage keeps filling. */
  maxStages: 6,
} as const;

/** Optimal Bloom sizing: m = −n·ln p / (ln 2)² bits and k = (m/n)·ln 2 hash functions. */
function newStage(index: number): WorkingStage {
  const { firstCapacity, firstError } = ITEM_FILTER_LIMITS;
  const capacity = firstCapacity * 2 ** index;
  const error = firstError / 2 ** index;
  const bitCount = Math.ceil((-capacity * Math.log(error)) / Math.LN2 ** 2);
  const bytes = Buffer.alloc(Math.ceil(bitCount / 8));
  const k = Math.max(1, Math.round(((bytes.length * 8) / capacity) * Math.LN2));
  return { stage: { capacity, count: 0, k, bits: "" }, bytes };
}

/** Two independent 32-bit hashes of the id, for double hashing (Kirsch & Mitzenmacher, 2006). */
function hashes(itemId: string): [number, number] {
  const digest = createHash("sha256").update(itemId).digest();
  return [digest.readUInt32BE(0), digest.readUInt32BE(4) | 1];
}

function* positions(itemId: string, k: number, bitCount: number): Generator<number> {
  const [h1, h2] = hashes(itemId);
  for (let i = 0; i < k; i++) yield ((h1 + Math.imul(i, h2)) >>> 0) % bitCount;
}

interface WorkingStage {
  stage: BloomStage;
  bytes: Buffer;
}

function holds({ stage, bytes }: WorkingStage, itemId: string): boolean {
  for (const p of positions(itemId, stage.k, bytes.length * 8)) {
    if ((((bytes[p >>> 3] ?? 0) >> (p & 7)) & 1) === 0) return false;
  }
  return true;
}

const working = (filter: ItemFilter | undefined): WorkingStage[] =>
  (filter?.stages ?? []).map((stage) => ({ stage, bytes: Buffer.from(stage.bits, "base64") }));

/**
 * A test of whether the filter holds an item: true for every item added, rarely (the stated rate) for one
 * never added. Decodes the filter once, for the many tests one list makes.
 */
export function itemLookup(filter: ItemFilter | undefined): (itemId: string) => boolean {
  const stages = working(filter);
  return (itemId) => stages.some((w) => holds(w, itemId));
}

/** Items added to the filter so far. */
export const itemCount = (filter: ItemFilter | undefined): number =>
  (filter?.stages ?? []).reduce((n, s) => n + s.count, 0);

/** `filter` with the items added; the input is left untouched. */
export function addItems(filter: ItemFilter | undefined, itemIds: readonly string[]): ItemFilter {
  const stages = working(filter);
  for (const itemId of itemIds) {
    if (stages.some((w) => holds(w, itemId))) continue;
    let last = stages.at(-1);
    if (!last || (last.stage.count >= last.stage.capacity && stages.length < ITEM_FILTER_LIMITS.maxStages)) {
      last = newStage(stages.length);
      stages.push(last);
    }
    const { stage, bytes } = last;
    for (const p of positions(itemId, stage.k, bytes.length * 8)) {
      bytes[p >>> 3] = (bytes[p >>> 3] ?? 0) | (1 << (p & 7));
    }
    last.stage = { ...stage, count: stage.count + 1 };
  }
  return { stages: stages.map(({ stage, bytes }) => ({ ...stage, bits: bytes.toString("base64") })) };
}

/**
 * Two customers' filters as one (a merge). Stage i of every filter has the same size and hash functions,
 * so stages are united bit by bit: nothing either filter holds is ever lost, and the number of stages stays
 * bounded. A united stage holding more than it was sized for has a higher false-positive rate.
 */
export function unionItems(a: ItemFilter | undefined, b: ItemFilter | undefined): ItemFilter {
  const left = working(a);
  const right = working(b);
  const stages: BloomStage[] = [];
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const x = left[i];
    const y = right[i];
    if (!x || !y) {
      const only = x ?? y;
      if (only) stages.push(only.stage);
      continue;
    }
    const bytes = Buffer.from(x.bytes);
    for (let k = 0; k < bytes.length; k++) bytes[k] = (bytes[k] ?? 0) | (y.bytes[k] ?? 0);
    stages.push({ ...x.stage, count: x.stage.count + y.stage.count, bits: bytes.toString("base64") });
  }
  return { stages };
}
