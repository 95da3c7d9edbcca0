import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { Principal } from "../../lib/auth/principal.js";
import { ALSO_VIEWED } from "../../lib/domain/co-occurrence.js";
import type { KindredEvent } from "../../lib/schemas/event.js";
import { type Item, itemSchema } from "../../lib/schemas/item.js";
import { forYouQuerySchema, trendingQuerySchema } from "../../lib/schemas/recommendation.js";
import { recommendForCustomer } from "../../lib/usecases/recommend-for-customer.js";
import { relatedItems } from "../../lib/usecases/related-items.js";
import { trending } from "../../lib/usecases/trending.js";
import { FIXED_NOW, testApp } from "./consumer-harness.js";

const SHOPPERS = 8;
const admin: Principal = { subject: "ops", scopes: new Set(["admin"]) };

/**
 * A small shop for comparing deployments that store or stream differently: twelve items in three
 * categories, and eight shoppers each viewing a walk through the catalog and buying now and then (9 events
 * each, in time order), ids prefixed with `run`.
 */
export function shoppingWalk(run: string) {
  const shopper = (n: number) => `${run}-shopper-${n}`;
  const item = (n: number) => `${run}-sku-${n}`;
  const catalog: Item[] = Array.from({ length: 12 }, (_, n) =>
    itemSchema.parse({ itemId: item(n), categories: [`gear/kind-${n % 3}`], brand: `brand-${n % 4}` }),
  );
  const events: KindredEvent[] = Array.from({ length: SHOPPERS }, (_, c) =>
    Array.from({ length: 9 }, (_, k): KindredEvent => {
      const n = (c * 5 + k * (c + 1)) % catalog.length;
      return {
        eventId: `${run}-e-${c}-${k}`,
        type: k % 4 === 3 ? "purchase" : "view",
        customerId: shopper(c),
        itemId: item(n),
        timestamp: new Date(FIXED_NOW - (100 - c * 9 - k) * 60_000).toISOString(),
        channel: "web",
      };
    }),
  ).flat();

  /**
   * What the walk's customers see in `table`: each shopper's profile and "for you", every item's also-viewed,
   * trending — read by a process with the default settings (every process reads every format). A
   * response's `recommendationId` is new each time, so left out.
   */
  async function whatCustomersSee(db: DynamoDBDocumentClient, table: string): Promise<unknown> {
    const app = testApp(db, table);
    const seen: unknown[] = [];
    for (let c = 0; c < SHOPPERS; c++) {
      const customer: Principal = { subject: shopper(c), scopes: new Set(["customer"]) };
      seen.push((await app.customers.profiles.loadProfile(shopper(c)))?.state);
      seen.push(
        await recommendForCustomer(customer, forYouQuerySchema.parse({ customerId: "me" }), app.lists),
      );
    }
    for (let n = 0; n < catalog.length; n++)
      seen.push(await relatedItems(admin, ALSO_VIEWED, { itemId: item(n), limit: 20 }, app.lists));
    seen.push(await trending(admin, trendingQuerySchema.parse({}), app.lists));
    return JSON.parse(JSON.stringify(seen, (key, value) => (key === "recommendationId" ? undefined : value)));
  }

  return { shopper, item, catalog, events, whatCustomersSee };
}
