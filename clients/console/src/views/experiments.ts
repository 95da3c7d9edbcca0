import type { components } from "../../../typescript/src/index.js";
import { liftChart } from "../charts.js";
import type { ViewContext } from "../context.js";
import { field, fill, h, status, submitted } from "../dom.js";
import { intervalText, liftText, percentText, pValueText } from "../format.js";
import { problemText } from "../problems.js";
import { adminOnly } from "./admin-only.js";

/** As the typed client returns it (the interval comes as an array). */
type Results = Omit<components["schemas"]["ExperimentResults"], "variants"> & {
  variants: (Omit<components["schemas"]["ExperimentResults"]["variants"][number], "ci95"> & {
    ci95: readonly number[] | null;
  })[];
};
type Placement = components["schemas"]["Experiment"]["placement"];
type VariantInput = { name: string; weight: number; strategy: components["schemas"]["StrategyInput"] };

const PLACEMENTS: Placement[] = ["recommendations", "also-viewed", "rank", "offers"];
const EXAMPLE_VARIANTS = JSON.stringify(
  [
    { name: "control", weight: 1, strategy: {} },
    { name: "more-trending", weight: 1, strategy: { weights: { trending: 2 } } },
  ],
  null,
  2,
);

/** Experiments: the list, one experiment's results with its lift chart, create, stop. */
export function experimentsView(ctx: ViewContext): HTMLElement {
  const view = h(
    "section",
    { class: "view", "aria-labelledby": "experiments-h" },
    h("h2", { id: "experiments-h" }, "Experiments"),
  );
  if (!ctx.isAdmin) {
    view.append(adminOnly("Experiments"));
    return view;
  }
  const line = status();
  const list = h("div", { class: "table-wrap" });
  const detail = h("div", { class: "experiment-detail" });

  const refresh = async () => {
    const { data, error } = await ctx.api.GET("/v1/experiments", { params: { query: { limit: 100 } } });
    if (error) {
      line.textContent = problemText(error);
      return;
    }
    if (data.experiments.length === 0) {
      fill(list, h("p", { class: "empty" }, "No experiments yet: create one below."));
      return;
    }
    fill(
      list,
      h(
        "table",
        { class: "experiments" },
        h("caption", {}, "Experiments"),
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            ...["experiment", "placement", "status", "variants", "updated", ""].map((c) =>
              h("th", { scope: "col" }, c),
            ),
          ),
        ),
        h(
          "tbody",
          {},
          ...data.experiments.map((e) =>
            h(
              "tr",
              { "data-experiment-id": e.experimentId },
              h("td", {}, e.experimentId),
              h("td", {}, e.placement),
              h("td", {}, e.status),
              h("td", {}, e.variants.map((v) => `${v.name} (${v.weight})`).join(", ")),
              h("td", {}, new Date(e.updatedAt).toLocaleString()),
              h(
                "td",
                { class: "row-actions" },
                h(
                  "button",
                  { type: "button", onclick: () => void showResults(e.experimentId) },
                  `Results of ${e.experimentId}`,
                ),
                e.status === "running"
                  ? h(
                      "button",
                      { type: "button", onclick: () => void stop(e.experimentId) },
                      `Stop ${e.experimentId}`,
                    )
                  : null,
              ),
            ),
          ),
        ),
      ),
    );
  };

  const showResults = async (experimentId: string) => {
    const { data, error } = await ctx.api.GET("/v1/experiments/{experimentId}/results", {
      params: { path: { experimentId } },
    });
    if (error) {
      line.textContent = problemText(error);
      return;
    }
    renderResults(detail, data);
  };

  const stop = async (experimentId: string) => {
    const path = { experimentId };
    const current = await ctx.api.GET("/v1/experiments/{experimentId}", { params: { path } });
    if (current.error) {
      line.textContent = problemText(current.error);
      return;
    }
    const { placement, variants, minImpressionsPerVariant } = current.data;
    const { error } = await ctx.api.PUT("/v1/experiments/{experimentId}", {
      params: { path },
      body: { placement, variants: variants as VariantInput[], minImpressionsPerVariant, status: "stopped" },
    });
    line.textContent = error ? problemText(error) : `Stopped ${experimentId}.`;
    await refresh();
    if (!error) await showResults(experimentId);
  };

  const id = h("input", {
    name: "experimentId",
    required: true,
    autocomplete: "off",
    placeholder: "for-you-trending",
  });
  const placement = h(
    "select",
    { name: "placement" },
    ...PLACEMENTS.map((p) => h("option", { value: p }, p)),
  );
  const variants = h("textarea", { name: "variants", rows: 8, spellcheck: false });
  variants.value = EXAMPLE_VARIANTS;
  const minimum = h("input", { name: "minImpressions", type: "number", min: 100, value: 1000 });
  const create = async () => {
    let parsed: VariantInput[];
    try {
      parsed = JSON.parse(variants.value) as VariantInput[];
    } catch {
      line.textContent = "Variants must be JSON: a list of { name, weight, strategy }, the control first.";
      return;
    }
    const experimentId = id.value.trim();
    const { error } = await ctx.api.PUT("/v1/experiments/{experimentId}", {
      params: { path: { experimentId } },
      body: {
        placement: placement.value as Placement,
        variants: parsed,
        status: "running",
        minImpressionsPerVariant: Number(minimum.value) || 1000,
      },
    });
    line.textContent = error ? problemText(error) : `Created ${experimentId}: running.`;
    if (!error) {
      await refresh();
      await showResults(experimentId);
    }
  };

  view.append(
    line,
    list,
    detail,
    h(
      "details",
      { class: "card" },
      h("summary", {}, "Create an experiment"),
      h(
        "form",
        { onsubmit: submitted(create) },
        field("Experiment id", id),
        field("Placement", placement),
        field("Variants (JSON; the first is the control)", variants),
        field("Impressions per variant before results are read", minimum),
        h("button", { type: "submit" }, "Create and start"),
      ),
    ),
  );
  void refresh();
  return view;
}

/** One experiment's results: a table of every number, the lift chart, and the verdict in words. */
function renderResults(el: HTMLElement, r: Results) {
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
  if (compared) liftChart(canvas, r.variants);
}
