import { describe, expect, it } from "vitest";
import { loadConfig } from "../../../lib/config/config.js";
import { loadVisitorLimit } from "../../../lib/config/visitor-config.js";

const base = { KINDRED_TABLE_NAME: "kindred", KINDRED_STREAM_NAME: "events" };

describe("the catalog cache's setting", () => {
  it("is 10 s unless set; blank means unset; 0 switches the cache off", () => {
    expect(loadConfig(base).rowCacheMs).toBe(10_000);
    expect(loadConfig({ ...base, KINDRED_ROW_CACHE_SECONDS: " " }).rowCacheMs).toBe(10_000);
    expect(loadConfig({ ...base, KINDRED_ROW_CACHE_SECONDS: "0" }).rowCacheMs).toBe(0);
    expect(loadConfig({ ...base, KINDRED_ROW_CACHE_SECONDS: "2.5" }).rowCacheMs).toBe(2500);
  });

  it("stops start-up with the variable's name for anything but 0–300 decimal seconds", () => {
    for (const value of ["-1", "301", "abc", "0x10", "5s", "Infinity"]) {
      expect(() => loadConfig({ ...base, KINDRED_ROW_CACHE_SECONDS: value }), value).toThrow(
        /KINDRED_ROW_CACHE_SECONDS/,
      );
    }
  });
});

describe("the stored documents' format", () => {
  it("is JSON unless set (blank is unset), or deflate", () => {
    expect(loadConfig(base).documentFormat).toBe("json");
    expect(loadConfig({ ...base, KINDRED_DOCUMENT_FORMAT: " " }).documentFormat).toBe("json");
    expect(loadConfig({ ...base, KINDRED_DOCUMENT_FORMAT: "deflate" }).documentFormat).toBe("deflate");
  });

  it("stops start-up naming the variable and the formats for anything else", () => {
    for (const value of ["gzip", "msgpack", "DEFLATE"]) {
      expect(() => loadConfig({ ...base, KINDRED_DOCUMENT_FORMAT: value }), value).toThrow(
        /KINDRED_DOCUMENT_FORMAT: must be "json" or "deflate"/,
      );
    }
  });
});

describe("what ingest writes to the stream", () => {
  it("is one record per event unless set (blank is unset), or one per customer and request", () => {
    expect(loadConfig(base).streamRecords).toBe("event");
    expect(loadConfig({ ...base, KINDRED_STREAM_RECORDS: " " }).streamRecords).toBe("event");
    expect(loadConfig({ ...base, KINDRED_STREAM_RECORDS: "customer" }).streamRecords).toBe("customer");
    expect(loadConfig({ ...base, KINDRED_STREAM_RECORDS: " event " }).streamRecords).toBe("event");
  });

  it("stops start-up naming the variable and both settings for anything else", () => {
    for (const value of ["grouped", "Customer", "v2", "1"]) {
      expect(() => loadConfig({ ...base, KINDRED_STREAM_RECORDS: value }), value).toThrow(
        /KINDRED_STREAM_RECORDS: must be "event" \(one stream record per event\) or "customer"/,
      );
    }
  });
});

describe("the front door's limit on new visitors", () => {
  it("is unset unless both are set, and stops start-up naming the variables otherwise", () => {
    expect(loadVisitorLimit({})).toBeUndefined();
    expect(loadVisitorLimit({ KINDRED_VISITOR_RATE: " ", KINDRED_VISITOR_BURST: "" })).toBeUndefined();
    expect(loadVisitorLimit({ KINDRED_VISITOR_RATE: "5", KINDRED_VISITOR_BURST: "10" })).toEqual({
      perSecond: 5,
      burst: 10,
    });
    expect(() => loadVisitorLimit({ KINDRED_VISITOR_RATE: "5" })).toThrow(
      /KINDRED_VISITOR_BURST must be set together/,
    );
    expect(() => loadVisitorLimit({ KINDRED_VISITOR_RATE: "0", KINDRED_VISITOR_BURST: "1" })).toThrow(
      /KINDRED_VISITOR_RATE/,
    );
  });
});
