import type { ViewContext } from "../context.js";
import { field, fill, h, status, submitted } from "../dom.js";
import { parseCandidates } from "../format.js";
import { problemText } from "../problems.js";
import { experimentNote, offerList, rankedList } from "./item-list.js";

type Kind = "for-you" | "also-viewed" | "rank" | "offers";
const KINDS: [Kind, string][] = [
  ["for-you", "For you"],
  ["also-viewed", "Also viewed"],
  ["rank", "Rank candidates"],
  ["offers", "Offers"],
];

/**
 * The customer's lists as the API serves them to that customer: each item with score and reasons.
 * `recentItemIds` seed the also-viewed choice.
 */
export function customerLists(ctx: ViewContext, customerId: string, recentItemIds: readonly string[]) {
  const out = h("div", { class: "list-out" });
  const line = status();
  const controls = h("div", { class: "list-controls" });
  const section = h(
    "section",
    { class: "card lists", "aria-labelledby": "lists-h" },
    h("h3", { id: "lists-h" }, "Lists"),
    h(
      "div",
      { class: "segmented", role: "group", "aria-label": "which list" },
      ...KINDS.map(([kind, label]) =>
        h("button", { type: "button", "data-list": kind, onclick: () => choose(kind) }, label),
      ),
    ),
    controls,
    line,
    out,
  );

  const show = async (load: () => Promise<Node>) => {
    line.textContent = "Loading…";
    try {
      fill(out, await load());
      line.textContent = "";
    } catch (error) {
      line.textContent = error instanceof Error ? error.message : String(error);
    }
  };
  const path = { customerId };

  const forYou = () =>
    show(async () => {
      const { data, error } = await ctx.api.GET("/v1/customers/{customerId}/recommendations", {
        params: { path, query: { limit: 10 } },
      });
      if (error) throw new Error(problemText(error));
      return h("div", {}, experimentNote(data), await rankedList(ctx, data.items, "recommended for you"));
    });

  function choose(kind: Kind) {
    for (const b of section.querySelectorAll<HTMLButtonElement>("[data-list]"))
      b.setAttribute("aria-pressed", String(b.dataset.list === kind));
    fill(out);
    if (kind === "for-you") {
      fill(controls);
      void forYou();
    } else if (kind === "also-viewed") {
      const item = h("input", {
        name: "item",
        list: "recent-items",
        value: recentItemIds[0] ?? "",
        required: true,
      });
      const go = () =>
        show(async () => {
          const { data, error } = await ctx.api.GET("/v1/items/{itemId}/also-viewed", {
            params: { path: { itemId: item.value.trim() }, query: { customerId, limit: 10 } },
          });
          if (error) throw new Error(problemText(error));
          return h(
            "div",
            {},
            experimentNote(data),
            await rankedList(ctx, data.items, `also viewed with ${item.value}`),
          );
        });
      fill(
        controls,
        h(
          "form",
          { class: "inline", onsubmit: submitted(go) },
          field("Item id", item),
          h("datalist", { id: "recent-items" }, ...recentItemIds.map((id) => h("option", { value: id }))),
          h("button", { type: "submit" }, "Show"),
        ),
      );
      if (item.value) void go();
    } else if (kind === "rank") {
      const text = h("textarea", { name: "candidates", rows: 4, placeholder: "tent-1\nshell-1\narticle-7" });
      const go = () =>
        show(async () => {
          const items = parseCandidates(text.value);
          if (items.length === 0) throw new Error("Paste at least one candidate item id.");
          const { data, error } = await ctx.api.POST("/v1/customers/{customerId}/rank", {
            params: { path },
            body: { items },
          });
          if (error) throw new Error(problemText(error));
          return h("div", {}, experimentNote(data), await rankedList(ctx, data.items, "ranked candidates"));
        });
      fill(
        controls,
        h(
          "form",
          { onsubmit: submitted(go) },
          field("Candidates: one item id per line, or a JSON array", text),
          h("button", { type: "submit" }, "Rank"),
        ),
      );
    } else {
      const lat = h("input", { name: "lat", inputmode: "decimal", placeholder: "52.52" });
      const lon = h("input", { name: "lon", inputmode: "decimal", placeholder: "13.41" });
      const go = () =>
        show(async () => {
          const point =
            lat.value.trim() && lon.value.trim() ? { lat: Number(lat.value), lon: Number(lon.value) } : {};
          const { data, error } = await ctx.api.GET("/v1/customers/{customerId}/offers", {
            params: { path, query: point },
          });
          if (error) throw new Error(problemText(error));
          return h("div", {}, experimentNote(data), offerList(data.offers));
        });
      fill(
        controls,
        h(
          "form",
          { class: "inline", onsubmit: submitted(go) },
          field("Latitude (optional)", lat),
          field("Longitude (optional)", lon),
          h("button", { type: "submit" }, "Show offers"),
        ),
      );
      void go();
    }
  }

  choose("for-you");
  return section;
}
