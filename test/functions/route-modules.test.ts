import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROUTE_MODULES } from "../../functions/http/route-modules.js";
import { ROUTES } from "../../functions/http/routes.js";

/** The front door's table of handler modules: every route's, no other, each importing its own file. */
describe("the front door's handler modules", () => {
  it("are exactly the handlers ROUTES names", () => {
    expect(Object.keys(ROUTE_MODULES).sort()).toEqual([...new Set(ROUTES.map((r) => r.handler))].sort());
  });

  it("each load the module named for the handler, which exists", () => {
    const source = readFileSync(join("functions", "http", "route-modules.ts"), "utf8");
    for (const name of Object.keys(ROUTE_MODULES)) {
      const key = /^\w+$/.test(name) ? name : `"${name}"`;
      expect(source).toContain(`${key}: () => import("./${name}.js")`);
      expect(existsSync(join("functions", "http", `${name}.ts`)), name).toBe(true);
    }
  });
});
