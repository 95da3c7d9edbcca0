import type { Profile } from "../../../typescript/src/index.js";
import { interestsChart } from "../charts.js";
import type { ViewContext } from "../context.js";
import { h } from "../dom.js";
import { featureText } from "../format.js";
import { geohashBounds } from "../geohash.js";
import { createMap, fitTo, L } from "../map.js";

const when = (iso: string) => new Date(iso).toLocaleString();

/**
 * The profile as cards: interests (a chart), recent items and purchases, channels and preferences, the
 * last coarse location (a map). `draw` draws the chart and the map once the cards are in the page (both
 * need their element's size) and returns what lets go of them.
 */
export async function profileCards(
  ctx: ViewContext,
  profile: Profile,
): Promise<{ grid: HTMLElement; draw(): () => void }> {
  await ctx.titles.load([
    ...profile.recentItems.map((i) => i.itemId),
    ...profile.purchases.map((p) => p.itemId),
  ]);
  const title = (itemId: string) => ctx.titles.of(itemId) ?? itemId;

  const canvas = h("canvas", {
    role: "img",
    "aria-label": `Interests, strongest first: ${profile.affinities
      .slice(0, 8)
      .map((a) => `${featureText(a.feature)} ${a.weight.toFixed(2)}`)
      .join(", ")}`,
  });
  const interests = h(
    "section",
    { class: "card", "aria-labelledby": "interests-h" },
    h("h3", { id: "interests-h" }, "Interests"),
    profile.affinities.length
      ? h(
          "div",
          {
            class: "chart",
            style: `height:${Math.max(120, Math.min(12, profile.affinities.length) * 26)}px`,
          },
          canvas,
        )
      : h("p", { class: "empty" }, "No interests learned yet."),
  );

  const recent = h(
    "section",
    { class: "card", "aria-labelledby": "recent-h" },
    h("h3", { id: "recent-h" }, "Recent items"),
    profile.recentItems.length
      ? h(
          "ul",
          { class: "plain" },
          ...profile.recentItems
            .slice(0, 15)
            .map((i) =>
              h("li", {}, h("b", {}, title(i.itemId)), ` · ${i.type.replace("_", " ")} · ${when(i.at)}`),
            ),
        )
      : h("p", { class: "empty" }, "None."),
    h("h3", {}, "Purchases"),
    profile.purchases.length
      ? h(
          "ul",
          { class: "plain" },
          ...profile.purchases
            .slice(0, 15)
            .map((p) => h("li", {}, h("b", {}, title(p.itemId)), ` · ${when(p.at)}`)),
        )
      : h("p", { class: "empty" }, "None."),
  );

  const prefs = profile.preferences;
  const about = h(
    "section",
    { class: "card", "aria-labelledby": "about-h" },
    h("h3", { id: "about-h" }, "Channels, preferences and consent"),
    h(
      "table",
      {},
      h("caption", {}, "Activity per channel"),
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          h("th", { scope: "col" }, "channel"),
          h("th", { scope: "col" }, "events"),
          h("th", { scope: "col" }, "last"),
        ),
      ),
      h(
        "tbody",
        {},
        ...profile.channels.map((c) =>
          h("tr", {}, h("td", {}, c.channel), h("td", {}, c.events), h("td", {}, when(c.lastAt))),
        ),
      ),
    ),
    h(
      "dl",
      { class: "facts" },
      h("dt", {}, "Personalisation"),
      h("dd", {}, prefs.personalization ? "on" : "off"),
      h("dt", {}, "Location consent"),
      h("dd", {}, prefs.locationConsent ? "given (a ~5 km cell is kept)" : "not given (no location kept)"),
      h("dt", {}, "Blocked categories"),
      h("dd", {}, prefs.blockedCategories.length ? prefs.blockedCategories.join(", ") : "none"),
      h("dt", {}, "Messages"),
      h(
        "dd",
        {},
        prefs.channels
          ? `by ${prefs.channels.preferred}${prefs.channels.frequency ? `, ${prefs.channels.frequency}` : ""}${prefs.channels.language ? `, in ${prefs.channels.language}` : ""}`
          : "no channel chosen",
      ),
      h("dt", {}, "Country"),
      h("dd", {}, profile.country?.code ?? "unknown"),
      h("dt", {}, "Events"),
      h("dd", {}, `${profile.eventCount}, profile updated ${when(profile.updatedAt)}`),
    ),
  );

  const mapEl = h("div", { class: "map small" });
  const cell = profile.lastLocation ? geohashBounds(profile.lastLocation.geohash) : undefined;
  const where = h(
    "section",
    { class: "card", "aria-labelledby": "where-h" },
    h("h3", { id: "where-h" }, "Last coarse location"),
    cell && profile.lastLocation
      ? h("p", {}, `Cell ${profile.lastLocation.geohash} (about 5 km), ${when(profile.lastLocation.at)}`)
      : h("p", { class: "empty" }, "None kept: no consent, or no location sent."),
    cell ? mapEl : null,
  );

  return {
    grid: h("div", { class: "grid" }, interests, recent, about, where),
    draw() {
      const chart = profile.affinities.length ? interestsChart(canvas, profile.affinities) : undefined;
      let map: L.Map | undefined;
      if (cell) {
        map = createMap(mapEl, "Map of the customer's last coarse location");
        const bounds = L.latLngBounds([cell.south, cell.west], [cell.north, cell.east]);
        L.rectangle(bounds, { className: "location-cell", color: "#2f6f8f" }).addTo(map);
        fitTo(map, bounds, 10);
      }
      return () => {
        chart?.destroy();
        map?.remove();
      };
    },
  };
}
