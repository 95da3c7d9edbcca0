import "leaflet/dist/leaflet.css";
import "./console.css";
import { makeContext, type ViewContext } from "./context.js";
import { field, fill, h, submitted } from "./dom.js";
import { forgetToken, loadSession, type Session, saveSession, setTileUrl, tileUrl } from "./session.js";
import { catalogView } from "./views/catalog.js";
import { customerView } from "./views/customer.js";
import { experimentsView } from "./views/experiments.js";
import { liveEventsView } from "./views/live-events.js";
import { offersView } from "./views/offers.js";
import { rulesView } from "./views/rules.js";
import { trendingView } from "./views/trending.js";

const VIEWS: [id: string, label: string, render: (ctx: ViewContext) => HTMLElement][] = [
  ["customer", "Customer", customerView],
  ["catalog", "Catalog", catalogView],
  ["offers", "Offers", offersView],
  ["trending", "Trending", trendingView],
  ["experiments", "Experiments", experimentsView],
  ["rules", "Rules", rulesView],
  ["live", "Live events", liveEventsView],
];

let session: Session = loadSession();
let current = VIEWS[0]?.[0] ?? "customer";
let leave: (() => void)[] = [];

const main = h("main", { id: "view", tabindex: -1 });
const who = h("p", { class: "who", role: "status", "aria-live": "polite" });
const nav = h(
  "nav",
  { "aria-label": "Views" },
  h(
    "ul",
    {},
    ...VIEWS.map(([id, label]) =>
      h("li", {}, h("button", { type: "button", "data-view": id, onclick: () => show(id, true) }, label)),
    ),
  ),
);

const apiInput = h("input", { name: "api", type: "url", value: session.apiUrl, autocomplete: "off" });
// A password field: the token is not shown on screen or offered to autofill, and never enters the URL.
const tokenInput = h("input", {
  name: "token",
  type: "password",
  autocomplete: "off",
  spellcheck: false,
  placeholder: "eyJ…",
});
const tilesInput = h("input", {
  name: "tiles",
  type: "url",
  value: tileUrl(),
  autocomplete: "off",
  placeholder: "none: outlines only",
});
const connect = h(
  "form",
  {
    class: "connect",
    onsubmit: submitted(() => {
      session = saveSession(apiInput.value, tokenInput.value);
      setTileUrl(tilesInput.value);
      tokenInput.value = "";
      describe();
      show(current, false);
    }),
  },
  field("API URL", apiInput),
  field("Token (kept in this tab only)", tokenInput),
  h(
    "details",
    { class: "tiles" },
    h("summary", {}, "Map tiles"),
    field("Tile server URL template, e.g. https://tile.example/{z}/{x}/{y}.png", tilesInput),
  ),
  h(
    "div",
    { class: "actions" },
    h("button", { type: "submit" }, "Use token"),
    h(
      "button",
      {
        type: "button",
        onclick: () => {
          session = forgetToken(session);
          describe();
          show(current, false);
        },
      },
      "Forget token",
    ),
  ),
);

function describe() {
  const c = session.claims;
  if (!session.token)
    who.textContent = "No token: paste one (npm start prints an admin and a customer token).";
  else if (!c) who.textContent = "This does not look like a JWT; the API will say whether it accepts it.";
  else {
    const expiry = c.expiresAt ? `, expires ${new Date(c.expiresAt).toLocaleString()}` : "";
    const expired = c.expiresAt !== undefined && c.expiresAt < Date.now() ? " (expired)" : "";
    who.textContent = `Signed in as ${c.sub ?? "?"} with scope ${c.scopes.join(" ") || "none"}${expiry}${expired}.`;
  }
}

function show(id: string, focus: boolean) {
  for (const undo of leave) undo();
  leave = [];
  current = id;
  for (const b of nav.querySelectorAll<HTMLButtonElement>("[data-view]")) {
    if (b.dataset.view === id) b.setAttribute("aria-current", "page");
    else b.removeAttribute("aria-current");
  }
  const entry = VIEWS.find(([v]) => v === id);
  if (!entry) return;
  if (!session.token) {
    fill(
      main,
      h(
        "section",
        { class: "view" },
        h("h2", {}, entry[1]),
        h("p", { class: "notice" }, "Paste a token above to start."),
      ),
    );
  } else {
    fill(main, entry[2](makeContext(session, leave)));
  }
  // Keyboard and screen-reader users land on the new view, not back at the top of the page.
  if (focus) main.focus();
}

document.body.append(
  h("a", { class: "skip", href: "#view" }, "Skip to the view"),
  h("header", {}, h("h1", {}, "Kindred console"), connect, who),
  nav,
  main,
);
describe();
show(current, false);
