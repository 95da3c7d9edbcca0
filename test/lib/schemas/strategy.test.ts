import { describe, expect, it } from "vitest";
import { loadConfig } from "../../../lib/config/config.js";
import { DEFAULT_STRATEGY, strategySchema } from "../../../lib/schemas/strategy.js";

describe("a ranking strategy", () => {
  it("keeps the default of every knob left out", () => {
    expect(strategySchema.parse({})).toEqual(DEFAULT_STRATEGY);
    expect(strategySchema.parse({ weights: { trending: 1 } }).weights).toEqual({
      ...DEFAULT_STRATEGY.weights,
      trending: 1,
    });
  });

  it("names an unknown knob or a bad value", () => {
    const paths = (input: unknown) =>
      strategySchema.safeParse(input).error?.issues.map((i) => i.path.join("."));
    expect(paths({ weights: { popularity: 1 } })).toEqual(["weights"]);
    expect(paths({ weights: { related: -1 } })).toEqual(["weights.related"]);
    expect(paths({ diversity: 0 })).toEqual(["diversity"]);
    expect(paths({ rotation: { penalty: 2 } })).toEqual(["rotation.penalty"]);
    expect(paths({ weights: { related: 0, affinity: 0, trending: 0 } })).toEqual(["weights"]);
  });

  it("is read from configuration, and a malformed one stops start-up", () => {
    const base = { KINDRED_TABLE_NAME: "kindred", KINDRED_STREAM_NAME: "events" };
    expect(loadConfig({ ...base, KINDRED_STRATEGY: '{"diversity":0.5}' }).strategy.diversity).toBe(0.5);
    expect(() => loadConfig({ ...base, KINDRED_STRATEGY: "{" })).toThrow(/KINDRED_STRATEGY: must be JSON/);
    expect(() => loadConfig({ ...base, KINDRED_STRATEGY: '{"diversity":7}' })).toThrow(/KINDRED_STRATEGY/);
  });
});
