import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { type EvaluationResult, evaluate, K, type Progress } from "./evaluate.js";
import {
  type Interaction,
  LogFormatError,
  parseInteractionLog,
  parseMovieLensItems,
} from "./interaction-log.js";
import { plantedLog } from "./planted-log.js";

/**
 * `npm run eval -- <log file>`: HR@10, NDCG@10 and coverage of "for you" and "also viewed" against a
 * most-popular baseline. `npm run eval -- --planted` runs it on a generated log with planted structure.
 * A MovieLens `u.item` next to `u.data` supplies genres as categories.
 */
function load(arg: string | undefined): {
  interactions: Interaction[];
  categories?: Map<string, string[]>;
  name: string;
} {
  if (arg === "--planted") return { interactions: plantedLog(), name: "planted log (generated)" };
  if (!arg) {
    console.error("usage: npm run eval -- <file: CSV customerId,itemId,timestamp[,type] | MovieLens u.data>");
    console.error("       npm run eval -- --planted");
    process.exit(2);
  }
  const interactions = parseInteractionLog(readFileSync(arg, "utf8"));
  const itemFile = join(dirname(arg), "u.item");
  const categories = existsSync(itemFile) ? parseMovieLensItems(readFileSync(itemFile, "latin1")) : undefined;
  return { interactions, ...(categories ? { categories } : {}), name: arg };
}

let drawn = "";
const progressBar: Progress = (phase, done, total) => {
  const width = 30;
  const filled = Math.round((done / Math.max(1, total)) * width);
  // Redraw only when the bar moves: a redraw per customer would flood a log that is not a terminal.
  const key = `${phase}:${filled}`;
  if (key === drawn && done !== total) return;
  drawn = key;
  const label = phase === "replay" ? "replaying events " : "asking for lists ";
  process.stderr.write(
    `\r${label} [${"#".repeat(filled)}${".".repeat(width - filled)}] ${done.toLocaleString("en")}/${total.toLocaleString("en")}`,
  );
  if (done === total) process.stderr.write("\n");
};

function report(name: string, r: EvaluationResult): string {
  const row = (label: string, s: EvaluationResult["forYou"]) =>
    `| ${label.padEnd(23)} | ${s.hitRate.toFixed(3)} | ${s.ndcg.toFixed(3).padEnd(7)} | ${(s.coverage * 100).toFixed(1).padStart(7)}% |`;
  return [
    `${name}: ${r.eventsReplayed.toLocaleString("en")} events replayed, ${r.customersEvaluated.toLocaleString("en")} customers held out, ${r.catalogSize.toLocaleString("en")} items`,
    "",
    `| list                    | HR@${K} | NDCG@${K} | coverage |`,
    "| ----------------------- | ----- | ------- | -------- |",
    row("for you", r.forYou),
    row("also viewed (last item)", r.alsoViewed),
    row("most popular (baseline)", r.mostPopular),
  ].join("\n");
}

try {
  const { interactions, categories, name } = load(process.argv[2]);
  const started = Date.now();
  const result = await evaluate(interactions, {
    ...(categories ? { categories } : {}),
    onProgress: progressBar,
  });
  console.log(report(name, result));
  console.log(`\n(${((Date.now() - started) / 1000).toFixed(1)} s)`);
} catch (error) {
  if (error instanceof LogFormatError) {
    console.error(`Cannot read the log: ${error.message}`);
    process.exit(2);
  }
  throw error;
}
