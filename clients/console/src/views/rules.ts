import type { ViewContext } from "../context.js";
import { fill, h, status } from "../dom.js";
import { problemText } from "../problems.js";
import { type RuleLike, ruleEffect, validityText } from "../rule-text.js";
import { adminOnly } from "./admin-only.js";

const PAGE = 50;

/** The business rules (`GET /v1/rules`), a page at a time: where each applies, what it does and when. */
export function rulesView(ctx: ViewContext): HTMLElement {
  const view = h(
    "section",
    { class: "view", "aria-labelledby": "rules-h" },
    h("h2", { id: "rules-h" }, "Rules"),
  );
  if (!ctx.isAdmin) {
    view.append(adminOnly("Business rules"));
    return view;
  }
  const line = status();
  const table = h("div", { class: "table-wrap" });
  const more = h("button", { type: "button", disabled: true }, "More rules");
  const shown: RuleLike[] = [];
  let cursor: string | undefined;

  const load = async () => {
    line.textContent = "Loading…";
    // One page at a time: a second click while one is loading would ask for the same page again.
    more.disabled = true;
    const { data, error } = await ctx.api.GET("/v1/rules", {
      params: { query: { limit: PAGE, ...(cursor ? { cursor } : {}) } },
    });
    if (error) {
      more.disabled = !cursor;
      line.textContent = problemText(error);
      return;
    }
    shown.push(...(data.rules as RuleLike[]));
    cursor = data.nextCursor;
    more.disabled = !cursor;
    line.textContent = shown.length === 0 ? "No rules yet." : `${shown.length} rules.`;
    fill(
      table,
      h(
        "table",
        { class: "rules" },
        h("caption", {}, "Business rules"),
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            ...["rule", "placement", "what it does", "when", "rule set"].map((c) =>
              h("th", { scope: "col" }, c),
            ),
          ),
        ),
        h(
          "tbody",
          {},
          ...shown.map((rule) =>
            h(
              "tr",
              { "data-status": rule.status },
              h("td", {}, rule.ruleId),
              h("td", {}, rule.placement === "*" ? "every list" : rule.placement),
              h("td", {}, ruleEffect(rule)),
              h("td", {}, validityText(rule)),
              h("td", {}, rule.ruleSet ?? ""),
            ),
          ),
        ),
      ),
    );
  };
  more.addEventListener("click", () => void load());
  view.append(
    h(
      "p",
      {},
      "Rules apply in the order filter, boost, promote, pin, only while valid, and never show an item a customer may not see; their effects show in lists as reasons.",
    ),
    line,
    table,
    more,
  );
  void load();
  return view;
}
