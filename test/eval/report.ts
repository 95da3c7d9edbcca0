import type { InputFile } from "./dataset.js";
import type { EvaluationResult, ListResult } from "./evaluate.js";

/** Everything a run measured, with what it was measured on: the `--json` output. */
export interface EvalReport extends EvaluationResult {
  dataset: { name: string; format: string; files: InputFile[] };
  /** ISO-8601 time of the run. */
  date: string;
  /** The checkout's HEAD, and the paths with uncommitted changes (the code measured is HEAD plus those). */
  git: { commit: string; dirty: string[] };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const n = (x: number) => x.toLocaleString("en");

function table(rows: readonly ListResult[], k: number): string[] {
  const head = [
    "list",
    "source",
    `HR@${k}`,
    `NDCG@${k}`,
    `MRR@${k}`,
    "coverage",
    "popularity pct",
    "already seen",
    "mean length",
  ];
  const body = rows.map((r) => [
    r.label,
    r.source,
    `${r.scores.hr.toFixed(3)} ±${r.scores.hrMargin.toFixed(3)}`,
    r.scores.ndcg.toFixed(3),
    r.scores.mrr.toFixed(3),
    pct(r.scores.coverage),
    r.scores.popularity.toFixed(1),
    pct(r.scores.alreadySeen),
    r.scores.length.toFixed(1),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    `| ${cells.map((c, i) => (i < 2 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join(" | ")} |`;
  const rule = `| ${widths.map((w, i) => (i < 2 ? "-".repeat(w) : `${"-".repeat(w - 1)}:`)).join(" | ")} |`;
  return [line(head), rule, ...body.map(line)];
}

/** The human-readable report: a header, the two tables and the parameters. */
export function formatReport(r: EvalReport): string {
  const { split, parameters: p, replay } = r;
  const params = (o: Readonly<Record<string, number | string>>) =>
    Object.entries(o)
      .map(([key, v]) => `${key}=${v}`)
      .join(", ");
  return [
    `${r.dataset.name} (${r.dataset.format}): ${n(split.interactions)} interactions, ${n(split.customers)} customers, ${n(split.catalogSize)} items`,
    `leave-last-out: ${n(split.heldOut)} held out (${pct(split.heldOutSeenInTraining)} of them items the customer already had in training), ${n(split.trainingEvents)} training events`,
    `replay through the consumer: ${n(replay.applied)} applied, ${n(replay.quarantined)} quarantined, ${n(replay.aggregateUpdatesDropped)} aggregate updates dropped, batches of ${p.batchSize}`,
    "",
    `Top ${p.k}: the held-out item against a page of ${p.k} (Kindred as served; baselines without the customer's training items). HR@${p.k} ± its 95% interval; MRR over the top ${p.k}, a miss counting 0.`,
    "",
    ...table(
      r.lists.filter((l) => l.task === "top-k"),
      p.k,
    ),
    "",
    `Rank: the held-out item among ${p.rankCandidates} sampled candidates (items the customer had not interacted with; seed ${p.seed}) plus itself, at a random place in the caller's order.`,
    "",
    ...table(
      r.lists.filter((l) => l.task === "rank"),
      p.k,
    ),
    "",
    `item-kNN: ${params(p.itemKnn)}`,
    `session-kNN: ${params(p.sessionKnn)}`,
    `Kindred strategy: ${JSON.stringify(p.strategy)}`,
    ...p.alternatives.map((alt, i) => `alt ${i + 1}: ${JSON.stringify(alt)}`),
    "coverage: distinct items shown ÷ items in the log; popularity pct: mean percentile rank (0–100) of the shown items' training counts; already seen: share of shown items the customer had interacted with in training.",
    `inputs: ${r.dataset.files.map((f) => `${f.path} sha256 ${f.sha256}`).join("; ") || "generated"}`,
    `commit ${r.git.commit}${r.git.dirty.length > 0 ? ` + uncommitted changes in ${r.git.dirty.length} files` : ""}, ${r.date}; ${r.seconds.baselines} s baselines, ${r.seconds.replay} s replay, ${r.seconds.lists} s lists`,
  ].join("\n");
}
