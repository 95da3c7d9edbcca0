import type { ViewContext } from "../context.js";
import { h } from "../dom.js";

/**
 * PLACEHOLDER for business rules (issue #16, merchandising, built separately). When `GET /v1/rules` lands
 * in the typed client, list the rules here with their placement, action and validity (validFrom,
 * validUntil, and whether each is in force now), paged like the catalog view. Until then this view only
 * says where rules will appear; rule effects already show in lists as reasons (promoted, pinned, boosted).
 */
export function rulesView(_ctx: ViewContext): HTMLElement {
  return h(
    "section",
    { class: "view", "aria-labelledby": "rules-h", "data-placeholder": "rules" },
    h("h2", { id: "rules-h" }, "Rules"),
    h(
      "p",
      { class: "notice", role: "note" },
      "Merchandising rules (filter, boost, pin, promote) will be listed here with their validity once the rules API is available.",
    ),
  );
}
