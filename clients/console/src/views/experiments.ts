import type { components } from "../../../typescript/src/index.js";
import type { ViewContext } from "../context.js";
import { field, fill, h, status, submitted } from "../dom.js";
import { problemText } from "../problems.js";
import { adminOnly } from "./admin-only.js";
import { releaseResults, renderResults } from "./experiment-results.js";

type Placement = components["schemas"]["Experiment"]["placement"];
type VariantInput = { name: string; weight: number; strategy: components["schemas"]["StrategyInput"] };

const RESULTS_REFRESH_MS = 5000;
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
  ctx.onLeave(() => releaseResults(detail));

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

  // The results shown, asked again while the experiment runs: impressions and clicks arrive as events flow.
  let shown: { experimentId: string; running: boolean } | undefined;
  const showResults = async (experimentId: string) => {
    const { data, error } = await ctx.api.GET("/v1/experiments/{experimentId}/results", {
      params: { path: { experimentId } },
    });
    if (error) {
      line.textContent = problemText(error);
      return;
    }
    shown = { experimentId, running: data.status === "running" };
    renderResults(detail, data);
  };
  ctx.every(RESULTS_REFRESH_MS, async () => {
    if (shown?.running) await showResults(shown.experimentId);
  });

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
