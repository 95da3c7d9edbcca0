import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartConfiguration,
  Legend,
  LinearScale,
  PointElement,
  ScatterController,
  type ScriptableScaleContext,
  Tooltip,
  type TooltipItem,
} from "chart.js";
import { featureText, liftText } from "./format.js";

// Only what the two charts use, so the bundle stays small.
Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  LinearScale,
  PointElement,
  ScatterController,
  Tooltip,
  Legend,
);

/** No animation: the chart is there at once (and the browser tests read it without waiting). */
const BASE = { animation: false, responsive: true, maintainAspectRatio: false } as const;

/** Interests as horizontal bars, strongest first (the API already sends them in that order). */
export function interestsChart(
  canvas: HTMLCanvasElement,
  affinities: readonly { feature: string; weight: number }[],
) {
  const top = affinities.slice(0, 12);
  return new Chart(canvas, {
    type: "bar",
    data: {
      labels: top.map((a) => featureText(a.feature)),
      datasets: [{ label: "weight", data: top.map((a) => a.weight), backgroundColor: "#2f6f8f" }],
    },
    options: {
      ...BASE,
      indexAxis: "y",
      plugins: { legend: { display: false } },
      scales: {
        x: { beginAtZero: true, title: { display: true, text: "interest weight (decayed to now)" } },
      },
    },
  });
}

export interface VariantLift {
  name: string;
  lift: number | null;
  ci95: readonly number[] | null;
}

/**
 * Each variant's lift in click-through against the control, a point, with its 95 % interval as a floating
 * bar; an interval that crosses zero is grey (no difference shown), one that does not is coloured.
 */
export function liftChart(canvas: HTMLCanvasElement, variants: readonly VariantLift[]) {
  const compared = variants.filter((v) => v.ci95 !== null && v.lift !== null);
  const labels = compared.map((v) => v.name);
  const crossesZero = (v: VariantLift) => (v.ci95 ? (v.ci95[0] ?? 0) <= 0 && (v.ci95[1] ?? 0) >= 0 : true);
  // A floating bar and a point on one axis: a mixed chart, which Chart.js's types do not express in one literal.
  const config = {
    type: "bar",
    data: {
      labels,
      datasets: [
        {
          type: "bar",
          label: "95 % interval",
          data: compared.map((v) => [(v.ci95?.[0] ?? 0) * 100, (v.ci95?.[1] ?? 0) * 100]),
          backgroundColor: compared.map((v) =>
            crossesZero(v) ? "#b9c0c7" : (v.lift ?? 0) > 0 ? "#3c9d5d" : "#c0504d",
          ),
          barPercentage: 0.4,
        },
        {
          type: "scatter",
          label: "lift",
          data: compared.map((v) => ({ x: v.name, y: (v.lift ?? 0) * 100 })),
          backgroundColor: "#1d2733",
          pointRadius: 6,
        },
      ],
    },
    options: {
      ...BASE,
      indexAxis: "x",
      plugins: {
        tooltip: {
          callbacks: {
            label: (item: TooltipItem<"bar">) => {
              const v = compared[item.dataIndex];
              return v ? `${v.name}: lift ${liftText(v.lift)}` : "";
            },
          },
        },
      },
      scales: {
        x: { type: "category" },
        y: {
          title: { display: true, text: "lift in click-through vs control (%)" },
          grid: { color: (c: ScriptableScaleContext) => (c.tick?.value === 0 ? "#1d2733" : "#e3e6e9") },
        },
      },
    },
  };
  return new Chart(canvas, config as unknown as ChartConfiguration<"bar">);
}
