import { describe, expect, it } from "vitest";
import { ChunkPacker, chunkBody, REQUEST_LIMITS } from "../../../lib/import/chunks.js";
import { ImportReport, LISTED_REJECTIONS } from "../../../lib/import/import-report.js";
import { parseRetryAfter, RETRY_POLICY, retryDelayMs } from "../../../lib/import/retry-delay.js";
import { Watermark } from "../../../lib/import/watermark.js";

const ENVELOPE = '{"events":[]}'.length;

function packAll(texts: string[]) {
  const packer = new ChunkPacker<number>(ENVELOPE);
  const chunks = texts.map((t, i) => packer.add(i, t)).filter((c) => c !== undefined);
  const rest = packer.flush();
  return rest ? [...chunks, rest] : chunks;
}

describe("chunks", () => {
  it("hold at most 500 entries", () => {
    const chunks = packAll(Array.from({ length: 1201 }, (_, i) => `{"n":${i}}`));
    expect(chunks.map((c) => c.entries.length)).toEqual([500, 500, 201]);
    expect(chunks.flatMap((c) => c.entries)).toEqual(Array.from({ length: 1201 }, (_, i) => i));
  });

  it("keep each request body within 1 MiB, counted in UTF-8 bytes", () => {
    const text = JSON.stringify({ query: "ü".repeat(2_000) }); // 4,000+ bytes, 2,000+ characters
    const chunks = packAll(Array.from({ length: 400 }, () => text));
    for (const chunk of chunks) {
      expect(Buffer.byteLength(chunkBody("events", chunk))).toBeLessThanOrEqual(REQUEST_LIMITS.bodyBytes);
    }
    expect(chunks.length).toBeGreaterThan(1);
    expect(JSON.parse(chunkBody("events", chunks[0] as never)).events).toHaveLength(
      chunks[0]?.entries.length ?? 0,
    );
  });

  it("refuse an entry no request could carry", () => {
    const packer = new ChunkPacker<number>(ENVELOPE);
    expect(packer.fits("x".repeat(REQUEST_LIMITS.bodyBytes))).toBe(false);
    expect(packer.fits("x".repeat(1000))).toBe(true);
  });
});

describe("the watermark", () => {
  it("moves only over batches that are all finished, whatever order they finish in", () => {
    const mark = new Watermark({ line: 1, offset: 10 });
    const a = mark.openBatch({ line: 100, offset: 1000 });
    const b = mark.openBatch({ line: 200, offset: 2000 });
    const c = mark.openBatch({ line: 300, offset: 3000 });
    expect(mark.finish(b)).toBeUndefined();
    expect(mark.current).toEqual({ line: 1, offset: 10 });
    expect(mark.finish(a)).toEqual({ line: 200, offset: 2000 });
    expect(mark.finish(c)).toEqual({ line: 300, offset: 3000 });
  });

  it("stays before a batch that never finishes (a failed request)", () => {
    const mark = new Watermark({ line: 1, offset: 10 });
    const a = mark.openBatch({ line: 100, offset: 1000 });
    mark.openBatch({ line: 200, offset: 2000 });
    const c = mark.openBatch({ line: 300, offset: 3000 });
    mark.finish(a);
    mark.finish(c);
    expect(mark.current).toEqual({ line: 100, offset: 1000 });
  });
});

describe("retry delays", () => {
  const now = Date.parse("2026-11-20T12:00:00Z");

  it("follow Retry-After in seconds or as an HTTP date", () => {
    expect(retryDelayMs(1, "3", now, 0.5)).toBe(3000);
    expect(retryDelayMs(1, new Date(now + 7000).toUTCString(), now, 0.5)).toBe(7000);
    expect(parseRetryAfter(new Date(now - 7000).toUTCString(), now)).toBe(0);
  });

  it("back off exponentially with jitter otherwise, never longer than the cap", () => {
    expect(retryDelayMs(1, null, now, 0.999)).toBeLessThanOrEqual(RETRY_POLICY.baseMs);
    expect(retryDelayMs(4, "soon", now, 0.999)).toBeLessThanOrEqual(RETRY_POLICY.baseMs * 8);
    expect(retryDelayMs(40, null, now, 0.999)).toBeLessThanOrEqual(RETRY_POLICY.maxMs);
    expect(retryDelayMs(1, "3600", now, 0)).toBe(RETRY_POLICY.maxMs);
  });
});

describe("the report", () => {
  it("lists rejected rows by line and field, and counts those past the first hundred", () => {
    const report = new ImportReport();
    report.imported = 5;
    for (let line = 2; line < 2 + LISTED_REJECTIONS + 3; line++) {
      report.reject(line, [{ path: "timestamp", message: "Invalid ISO datetime" }]);
    }
    const text = report.format("events");
    expect(text).toContain(`5 events imported, ${LISTED_REJECTIONS + 3} rejected, 0 skipped`);
    expect(text).toContain("line 2: timestamp: Invalid ISO datetime");
    expect(text).toContain("… and 3 more rejected rows");
  });
});
