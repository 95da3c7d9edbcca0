import type { ViewContext } from "../context.js";
import { fill, h, status } from "../dom.js";
import { problemText } from "../problems.js";
import { adminOnly } from "./admin-only.js";

interface LiveEvent {
  at: string;
  receivedAt: string;
  type: string;
  customer: string;
  itemId?: string;
  itemCount?: number;
  offerId?: string;
  channel?: string;
  country?: string;
}

const REFRESH_MS = 2000;

/**
 * The latest accepted events, newest first, customers pseudonymised as in the logs. Read from local
 * mode's own admin route (`GET /local/events`), which is not part of the API: against a deployed API the
 * view says so.
 */
export function liveEventsView(ctx: ViewContext): HTMLElement {
  const view = h(
    "section",
    { class: "view", "aria-labelledby": "live-h" },
    h("h2", { id: "live-h" }, "Live events"),
  );
  if (!ctx.isAdmin) {
    view.append(adminOnly("Live events"));
    return view;
  }
  const line = status();
  const out = h("div", { class: "table-wrap" });
  view.append(
    h(
      "p",
      { class: "meta" },
      `The latest events accepted onto the stream; refreshes every ${REFRESH_MS / 1000} s. Customer ids are pseudonyms, as in the logs.`,
    ),
    line,
    out,
  );
  const load = async () => {
    const res = await fetch(`${ctx.session.apiUrl}/local/events?limit=30`, {
      headers: { authorization: `Bearer ${ctx.session.token ?? ""}` },
    });
    if (res.status === 404) {
      line.textContent = "Live events are available in local mode (npm start) only.";
      return;
    }
    if (!res.ok) {
      line.textContent = problemText({ status: res.status });
      return;
    }
    const { events } = (await res.json()) as { events: LiveEvent[] };
    line.textContent = events.length
      ? ""
      : "No events since the server started: send some (see the README's tour).";
    if (events.length === 0) {
      fill(out);
      return;
    }
    fill(
      out,
      h(
        "table",
        { class: "live" },
        h("caption", {}, "Latest accepted events"),
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            ...["received", "type", "customer", "item / offer", "channel", "country"].map((c) =>
              h("th", { scope: "col" }, c),
            ),
          ),
        ),
        h(
          "tbody",
          {},
          ...events.map((e) =>
            h(
              "tr",
              {},
              h("td", {}, new Date(e.receivedAt).toLocaleTimeString()),
              h("td", {}, e.type),
              h("td", { class: "pseudonym" }, e.customer),
              h(
                "td",
                {},
                e.itemId ?? e.offerId ?? (e.itemCount !== undefined ? `${e.itemCount} items shown` : ""),
              ),
              h("td", {}, e.channel ?? ""),
              h("td", {}, e.country ?? ""),
            ),
          ),
        ),
      ),
    );
  };
  ctx.every(REFRESH_MS, load);
  void load();
  return view;
}
