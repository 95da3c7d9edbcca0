import type { components } from "../../../typescript/src/index.js";
import { liftChart } from "../charts.js";
import { fill, h } from "../dom.js";
import { intervalText, liftText, percentText, pValueText } from "../format.js";

/** As the typed client returns it (the interval comes as an array). */
export type Results = Omit<components["schemas"]["ExperimentResults"], "variants"> & {
  variants: (Omit<components["schemas"]["ExperimentResults"]["variants"][number], "ci95"> & {
    ci95: readonly number[] | null;
  })[];
};
const charts = new WeakMap<HTMLElement, ReturnType<typeof liftChart>>();

/** Lets go of the chart drawn in `el`, when the view is left. */
export function releaseResults(el: HTMLElement): void {
  charts.get(el)?.destroy();
  charts.delete(el);
}

/** One experiment's results: a table of every number, the lift chart, and the verdict in words. */
export function renderResults(el: HTMLElement, r: Results) {
  const canvas = h("canvas", {
    role: "img",
    "aria-label": `Lift in click-through against ${r.variants[0]?.name ?? "the control"}, with 95 % intervals: ${r.variants
      .slice(1)
      .map((v) => `${v.name} ${liftText(v.lift)} ${intervalText(v.ci95)}`)
      .join("; ")}`,
  });
  const compared = r.variants.some((v) => v.ci95 !== null);
  fill(
    el,
    h(
      "section",
      { class: "card results", "aria-labelledby": "results-h", "data-results-for": r.experimentId },
      h("h3", { id: "results-h" }, `Results of ${r.experimentId} (${r.placement}, ${r.status})`),
      r.status === "running"
        ? h("p", { class: "meta" }, "Refreshes every 5 s while the experiment runs.")
        : null,
      h(
        "p",
        { class: r.conclusive ? "verdict conclusive" : "verdict" },
        r.conclusive ? "Conclusive" : "Not conclusive yet",
        r.note ? ` — ${r.note}` : "",
      ),
      h(
        "div",
        { class: "table-wrap" },
        h(
          "table",
          {},
          h("caption", {}, "Per variant (the first is the control)"),
          h(
            "thead",
            {},
            h(
              "tr",
              {},
              ...[
                "variant",
                "impressions",
                "clicks",
                "CTR",
                "conversions",
                "conversion",
                "lift",
                "95 % interval",
                "p-value",
              ].map((c) => h("th", { scope: "col" }, c)),
            ),
          ),
          h(
            "tbody",
            {},
            ...r.variants.map((v) =>
              h(
                "tr",
                { "data-variant": v.name },
                h("th", { scope: "row" }, v.name),
                h("td", {}, v.impressions),
                h("td", {}, v.clicks),
                h("td", {}, percentText(v.ctr)),
                h("td", {}, v.conversions),
                h("td", {}, percentText(v.conversionRate)),
                h("td", { class: "lift" }, liftText(v.lift)),
                h("td", { class: "ci" }, intervalText(v.ci95)),
                h("td", { class: "p" }, pValueText(v.pValue)),
              ),
            ),
          ),
        ),
      ),
      compared
        ? h("div", { class: "chart lift-chart" }, canvas)
        : h(
            "p",
            { class: "empty" },
            "No lift to chart yet: a variant needs impressions beside the control's.",
          ),
    ),
  );
  // The results are drawn again while the experiment runs: the chart they replace is let go.
  charts.get(el)?.destroy();
  if (compared) charts.set(el, liftChart(canvas, r.variants));
  else charts.delete(el);
}
