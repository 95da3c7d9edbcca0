import type { Profile } from "../../../typescript/src/index.js";
import { interestsChart } from "../charts.js";
import type { ViewContext } from "../context.js";
import { field, fill, h, status, submitted } from "../dom.js";
import { featureText } from "../format.js";
import { geohashBounds } from "../geohash.js";
import { createMap, fitTo, L } from "../map.js";
import { problemText } from "../problems.js";
import { customerLists } from "./customer-lists.js";
import { confirmErase } from "./erase-dialog.js";

const when = (iso: string) => new Date(iso).toLocaleString();

/** A customer: search by id, their profile, their lists, export and erase. */
export function customerView(ctx: ViewContext): HTMLElement {
  const own = !ctx.isAdmin;
  const id = h("input", {
    name: "customerId",
    required: true,
    autocomplete: "off",
    value: own ? "me" : "",
    placeholder: own ? "me" : "demo-alice",
  });
  const line = status();
  const out = h("div", { class: "customer-out" });
  const open = async () => {
    const customerId = id.value.trim();
    if (!customerId) return;
    line.textContent = "Loading…";
    fill(out);
    const { data, error } = await ctx.api.GET("/v1/customers/{customerId}/profile", {
      params: { path: { customerId } },
    });
    if (error) {
      line.textContent =
        error.status === 404 ? `No profile for ${customerId}: never seen, or erased.` : problemText(error);
      return;
    }
    line.textContent = "";
    await renderProfile(ctx, customerId, data, out, line);
  };
  const view = h(
    "section",
    { class: "view", "aria-labelledby": "customer-h" },
    h("h2", { id: "customer-h" }, "Customer"),
    h(
      "form",
      { class: "inline", role: "search", onsubmit: submitted(open) },
      field(own ? "Customer id (a customer token sees only itself: me)" : "Customer id", id),
      h("button", { type: "submit" }, "Open"),
    ),
    line,
    out,
  );
  if (own) void open();
  return view;
}

async function renderProfile(
  ctx: ViewContext,
  customerId: string,
  profile: Profile,
  out: HTMLElement,
  line: HTMLElement,
) {
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

  const exportButton = h(
    "button",
    { type: "button", onclick: () => void download(ctx, customerId, line) },
    "Export (download JSON)",
  );
  const eraseButton = h(
    "button",
    {
      type: "button",
      class: "danger",
      onclick: async () => {
        if (!(await confirmErase(profile.customerId))) return;
        const { error } = await ctx.api.DELETE("/v1/customers/{customerId}", {
          params: { path: { customerId } },
        });
        if (error) {
          line.textContent = problemText(error);
          return;
        }
        fill(
          out,
          h(
            "p",
            { class: "done" },
            `Erased ${profile.customerId}: profile, history, offers and preferences are gone.`,
          ),
        );
        line.textContent = `Erased ${profile.customerId}.`;
      },
    },
    "Erase…",
  );

  fill(
    out,
    h(
      "div",
      { class: "actions" },
      h("span", { class: "who" }, profile.customerId),
      exportButton,
      eraseButton,
    ),
    h("div", { class: "grid" }, interests, recent, about, where),
    customerLists(
      ctx,
      customerId,
      profile.recentItems.map((i) => i.itemId),
    ),
  );
  if (profile.affinities.length) interestsChart(canvas, profile.affinities);
  if (cell) {
    const map = createMap(mapEl, "Map of the customer's last coarse location");
    const bounds = L.latLngBounds([cell.south, cell.west], [cell.north, cell.east]);
    L.rectangle(bounds, { className: "location-cell", color: "#2f6f8f" }).addTo(map);
    fitTo(map, bounds, 10);
  }
}

/** Export: everything kept about the customer (the profile is the export), as a JSON file. */
async function download(ctx: ViewContext, customerId: string, line: HTMLElement) {
  const { data, error } = await ctx.api.GET("/v1/customers/{customerId}/profile", {
    params: { path: { customerId } },
  });
  if (error) {
    line.textContent = problemText(error);
    return;
  }
  const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: "application/json" }));
  const a = h("a", { href: url, download: `kindred-customer-${data.customerId}.json` });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  line.textContent = `Exported ${data.customerId}.`;
}
