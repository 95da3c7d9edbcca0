import type { Offer } from "../../../typescript/src/index.js";
import type { ViewContext } from "../context.js";
import { fill, h, status } from "../dom.js";
import { createMap, fitTo, L } from "../map.js";
import { problemText } from "../problems.js";
import { adminOnly } from "./admin-only.js";

/** Every offer as a circle of its radius on a map, and the same offers listed in text. */
export function offersView(ctx: ViewContext): HTMLElement {
  const view = h(
    "section",
    { class: "view", "aria-labelledby": "offers-h" },
    h("h2", { id: "offers-h" }, "Offers"),
  );
  if (!ctx.isAdmin) {
    view.append(adminOnly("Offers"));
    return view;
  }
  const line = status();
  const mapEl = h("div", { class: "map", id: "offers-map" });
  const list = h("div", { class: "table-wrap" });
  view.append(line, mapEl, list);
  const map = createMap(mapEl, "Map of offers: each circle is an offer's area");
  ctx.onLeave(() => map.remove());

  const load = async () => {
    line.textContent = "Loading…";
    const offers: Offer[] = [];
    let cursor: string | undefined;
    // Offers are few (each covers an area); a few pages at most.
    for (let page = 0; page < 10; page++) {
      const { data, error } = await ctx.api.GET("/v1/offers", {
        params: { query: { limit: 100, ...(cursor ? { cursor } : {}) } },
      });
      if (error) {
        line.textContent = problemText(error);
        return;
      }
      offers.push(...data.offers);
      cursor = data.nextCursor;
      if (!cursor) break;
    }
    const bounds = L.latLngBounds([]);
    for (const offer of offers) {
      const at = L.latLng(offer.location.lat, offer.location.lon);
      const label = `${offer.title} (${offer.offerId}), ${(offer.radiusM / 1000).toFixed(1)} km around`;
      // The true area, and a marker of fixed size so that small areas stay visible when zoomed out. Leaflet
      // writes a string tooltip as markup: it gets an element with the text, so a title is shown, never run.
      L.circle(at, { radius: offer.radiusM, className: "offer-circle", color: "#c2410c" })
        .bindTooltip(h("span", {}, label))
        .addTo(map);
      L.circleMarker(at, { radius: 5, className: "offer-marker", color: "#c2410c", fillOpacity: 0.8 })
        .bindTooltip(h("span", {}, label))
        .addTo(map);
      bounds.extend(at);
    }
    fitTo(map, bounds, 11);
    line.textContent = `${offers.length} offers.`;
    fill(
      list,
      h(
        "table",
        {},
        h("caption", {}, "Offers"),
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            ...["offer", "title", "where", "radius", "valid", "audience", "categories"].map((c) =>
              h("th", { scope: "col" }, c),
            ),
          ),
        ),
        h(
          "tbody",
          {},
          ...offers.map((o) =>
            h(
              "tr",
              {},
              h("td", {}, o.offerId),
              h("td", {}, o.title),
              h("td", {}, `${o.location.lat.toFixed(3)}, ${o.location.lon.toFixed(3)}`),
              h("td", {}, `${o.radiusM} m`),
              h("td", {}, `${String(o.validFrom).slice(0, 10)} → ${String(o.validUntil).slice(0, 10)}`),
              h("td", {}, o.audience),
              h("td", {}, (o.categories ?? []).join(", ")),
            ),
          ),
        ),
      ),
    );
  };
  void load();
  return view;
}
