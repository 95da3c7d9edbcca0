import type { ViewContext } from "../context.js";
import { fill, h, status } from "../dom.js";
import { problemText } from "../problems.js";
import { adminOnly } from "./admin-only.js";

const PAGE = 20;

/** The catalog, a page at a time (the API's opaque cursors; earlier pages are remembered to go back). */
export function catalogView(ctx: ViewContext): HTMLElement {
  const view = h(
    "section",
    { class: "view", "aria-labelledby": "catalog-h" },
    h("h2", { id: "catalog-h" }, "Catalog"),
  );
  if (!ctx.isAdmin) {
    view.append(adminOnly("The catalog and offers"));
    return view;
  }
  const line = status();
  const table = h("div", { class: "table-wrap" });
  const prev = h("button", { type: "button", disabled: true }, "Previous page");
  const next = h("button", { type: "button", disabled: true }, "Next page");
  const pageNo = h("span", { class: "page-no" });
  const cursors: (string | undefined)[] = [undefined];
  let index = 0;

  /** Shows page `target` (0-based); the page number moves only once it is shown. */
  const load = async (target: number) => {
    line.textContent = "Loading…";
    // No second click while a page loads: it would count a page that was never shown.
    prev.disabled = true;
    next.disabled = true;
    const cursor = cursors[target];
    const { data, error } = await ctx.api.GET("/v1/items", {
      params: { query: { limit: PAGE, ...(cursor ? { cursor } : {}) } },
    });
    if (error) {
      line.textContent = problemText(error);
      prev.disabled = index === 0;
      next.disabled = cursors[index + 1] === undefined;
      return;
    }
    index = target;
    ctx.titles.remember(data.items);
    cursors[index + 1] = data.nextCursor;
    prev.disabled = index === 0;
    next.disabled = !data.nextCursor;
    pageNo.textContent = `Page ${index + 1}`;
    line.textContent = `${data.items.length} items on this page.`;
    fill(
      table,
      h(
        "table",
        { class: "catalog" },
        h("caption", {}, `Catalog, page ${index + 1}`),
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            ...["item", "title", "categories", "brand", "price", "available", "regions"].map((c) =>
              h("th", { scope: "col" }, c),
            ),
          ),
        ),
        h(
          "tbody",
          {},
          ...data.items.map((item) =>
            h(
              "tr",
              {},
              h("td", {}, item.itemId),
              h("td", {}, item.title ?? ""),
              h("td", {}, item.categories.join(", ")),
              h("td", {}, item.brand ?? ""),
              h("td", {}, item.price !== undefined ? `${item.price} ${item.currency ?? ""}` : ""),
              h("td", {}, item.available ? "yes" : "no"),
              h("td", {}, (item.regions ?? []).join(" ") || "everywhere"),
            ),
          ),
        ),
      ),
    );
  };
  prev.addEventListener("click", () => void load(Math.max(0, index - 1)));
  next.addEventListener("click", () => void load(index + 1));
  view.append(h("div", { class: "pager" }, prev, pageNo, next), line, table);
  void load(0);
  return view;
}
