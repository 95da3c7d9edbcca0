import type { Profile } from "../../../typescript/src/index.js";
import { latest } from "../answering-fetch.js";
import type { ViewContext } from "../context.js";
import { field, fill, h, status, submitted } from "../dom.js";
import { problemText } from "../problems.js";
import { customerLists } from "./customer-lists.js";
import { confirmErase } from "./erase-dialog.js";
import { profileCards } from "./profile-cards.js";

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
  // The shown profile's chart and map, let go of when another customer is opened or the view is left.
  let release: (() => void) | undefined;
  ctx.onLeave(() => release?.());
  const loads = latest();
  const open = async () => {
    const customerId = id.value.trim();
    if (!customerId) return;
    const ticket = loads.take();
    line.textContent = "Loading…";
    release?.();
    release = undefined;
    fill(out);
    const { data, error } = await ctx.api.GET("/v1/customers/{customerId}/profile", {
      params: { path: { customerId } },
    });
    // Another customer was opened meanwhile: this answer is no longer wanted.
    if (!loads.isLatest(ticket)) return;
    if (error) {
      line.textContent =
        error.status === 404 ? `No profile for ${customerId}: never seen, or erased.` : problemText(error);
      return;
    }
    line.textContent = "";
    const rendered = await renderProfile(ctx, customerId, data, out, line, () => loads.isLatest(ticket));
    if (loads.isLatest(ticket)) release = rendered;
    else rendered();
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
  stillWanted: () => boolean,
): Promise<() => void> {
  const cards = await profileCards(ctx, profile);
  // Nothing is drawn yet, so there is nothing to let go of.
  if (!stillWanted()) return () => {};
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
    cards.grid,
    customerLists(
      ctx,
      customerId,
      profile.recentItems.map((i) => i.itemId),
    ),
  );
  return cards.draw();
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
