import { describe, expect, it } from "vitest";
import type { App } from "../../../functions/compose-app.js";
import { composeVisitorTokens } from "../../../functions/compose-visitors.js";
import { Throttled } from "../../../lib/errors.js";
import { createVisitor } from "../../../lib/usecases/create-visitor.js";

// Through the function-URL front door new visitors are limited per address and, in each instance, over all
// callers (`everyone`). While an address-hopping flood keeps the instance-wide bucket empty, a real office behind
// one NAT, retrying as Retry-After says, must not burn its own allowance on 429s it got from the other limit.

const clock = { now: 1_800_000_000_000 };
const app = { now: () => clock.now, region: "us-east-1" } as unknown as App;

async function outcome(deps: ReturnType<typeof composeVisitorTokens>, source: string) {
  try {
    await createVisitor(source, deps);
    return "created";
  } catch (error) {
    if (error instanceof Throttled) return `429 ${error.message}`;
    throw error;
  }
}

describe("the per-address allowance under the instance-wide limit", () => {
  it("is not spent by requests the instance-wide limit refused", async () => {
    const deps = composeVisitorTokens(
      app,
      { kind: "local", secret: "s".repeat(32) },
      { perSecond: 5, burst: 10 },
    );
    // A flood from many addresses (one request each) empties the instance-wide bucket.
    for (let i = 0; i < 10; i++) expect(await outcome(deps, `203.0.113.${i}`)).toBe("created");
    // The office (one NAT address) asks 20 times during the flood; each is refused by the instance-wide limit.
    for (let i = 0; i < 20; i++) {
      for (let j = 0; j < 10; j++) await outcome(deps, `198.51.100.${(i * 10 + j) % 250}`); // flood goes on
      expect(await outcome(deps, "192.0.2.7")).toMatch(/^429 Too many new visitors right now/);
    }
    // The flood stops; two seconds later the instance-wide bucket is full again.
    clock.now += 2_000;
    expect(await outcome(deps, "192.0.2.7")).toBe("created");
  });
});
