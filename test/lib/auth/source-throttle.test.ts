import { describe, expect, it } from "vitest";
import { sourceKey, TokenBucketThrottle } from "../../../lib/auth/source-throttle.js";

const T0 = Date.UTC(2026, 10, 1);

describe("the per-source token bucket", () => {
  it("lets a source make `capacity` requests at once, then refuses, saying how long to wait", () => {
    const throttle = new TokenBucketThrottle({ capacity: 3, refillPerSecond: 0.5, maxSources: 10 });
    for (let i = 0; i < 3; i++) expect(throttle.take("10.0.0.1", T0)).toEqual({ allowed: true });
    expect(throttle.take("10.0.0.1", T0)).toEqual({ allowed: false, retryAfterSeconds: 2 });
  });

  it("gives the allowance back at the refill rate, never above capacity", () => {
    const throttle = new TokenBucketThrottle({ capacity: 2, refillPerSecond: 1, maxSources: 10 });
    throttle.take("a", T0);
    throttle.take("a", T0);
    expect(throttle.take("a", T0).allowed).toBe(false);
    expect(throttle.take("a", T0 + 1_000).allowed).toBe(true);
    expect(throttle.take("a", T0 + 1_000).allowed).toBe(false);
    // A long quiet spell refills to capacity, not beyond.
    expect(throttle.take("a", T0 + 3_600_000).allowed).toBe(true);
    expect(throttle.take("a", T0 + 3_600_000).allowed).toBe(true);
    expect(throttle.take("a", T0 + 3_600_000).allowed).toBe(false);
  });

  it("counts each source on its own", () => {
    const throttle = new TokenBucketThrottle({ capacity: 1, refillPerSecond: 0.01, maxSources: 10 });
    expect(throttle.take("10.0.0.1", T0).allowed).toBe(true);
    expect(throttle.take("10.0.0.1", T0).allowed).toBe(false);
    expect(throttle.take("10.0.0.2", T0).allowed).toBe(true);
  });

  it("remembers at most maxSources, forgetting the least recently seen", () => {
    const throttle = new TokenBucketThrottle({ capacity: 1, refillPerSecond: 0.001, maxSources: 2 });
    throttle.take("a", T0);
    throttle.take("b", T0);
    expect(throttle.take("a", T0).allowed).toBe(false); // a is now the most recently seen
    throttle.take("c", T0); // b is forgotten
    expect(throttle.take("a", T0).allowed).toBe(false);
    expect(throttle.take("b", T0).allowed).toBe(true);
  });
});

describe("the unit a source address is counted by", () => {
  it("is an IPv4 address as is, an IPv4-mapped IPv6 address as its IPv4 address", () => {
    expect(sourceKey("203.0.113.9")).toBe("203.0.113.9");
    expect(sourceKey("::ffff:203.0.113.9")).toBe("203.0.113.9");
  });

  it("is the /64 prefix of an IPv6 address, however it is written", () => {
    const key = sourceKey("2001:db8:a:b:1:2:3:4");
    expect(key).toBe("2001:db8:a:b::/64");
    expect(sourceKey("2001:0DB8:000a:b::ffff")).toBe(key);
    expect(sourceKey("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(sourceKey("::1")).toBe("0:0:0:0::/64");
  });
});
