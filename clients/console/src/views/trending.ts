import { latest } from "../answering-fetch.js";
import type { ViewContext } from "../context.js";
import { field, fill, h, status, submitted } from "../dom.js";
import { problemText } from "../problems.js";
import { rankedList } from "./item-list.js";

const REFRESH_MS = 3000;

/** Trending per country and category, asked again every few seconds while shown: it moves as events flow. */
export function trendingView(ctx: ViewContext): HTMLElement {
  const country = h("input", { name: "country", maxlength: 2, placeholder: "DE", autocomplete: "off" });
  const category = h("input", { name: "category", placeholder: "shoes", autocomplete: "off" });
  const line = status();
  const out = h("div", { class: "list-out", "aria-live": "off" });
  const stamp = h("p", { class: "meta" });
  const loads = latest();
  const load = async () => {
    const ticket = loads.take();
    const query = {
      limit: 10,
      ...(country.value.trim() ? { country: country.value.trim().toUpperCase() } : {}),
      ...(category.value.trim() ? { category: category.value.trim() } : {}),
    };
    const { data, error } = await ctx.api.GET("/v1/trending", { params: { query } });
    // A newer country or category was asked for meanwhile.
    if (!loads.isLatest(ticket)) return;
    if (error) {
      line.textContent = problemText(error);
      return;
    }
    line.textContent = "";
    fill(out, await rankedList(ctx, data.items, "trending"));
    stamp.textContent = `Updated ${new Date().toLocaleTimeString()}; refreshes every ${REFRESH_MS / 1000} s.`;
  };
  ctx.every(REFRESH_MS, load);
  void load();
  return h(
    "section",
    { class: "view", "aria-labelledby": "trending-h" },
    h("h2", { id: "trending-h" }, "Trending"),
    h(
      "form",
      { class: "inline", onsubmit: submitted(load) },
      field("Country (ISO code, optional)", country),
      field("Category (optional)", category),
      h("button", { type: "submit" }, "Show"),
    ),
    stamp,
    line,
    out,
  );
}
