import type { Progress } from "./evaluate.js";

const LABELS = {
  baselines: "baselines (offline)",
  replay: "replaying events   ",
  lists: "asking for lists   ",
} as const;

/**
 * A progress bar on stderr (stdout stays clean for the table or `--json`). It redraws only when the bar
 * moves, so a log that is not a terminal gets ~30 lines per phase rather than one per customer.
 */
export function progressBar(stream: NodeJS.WriteStream = process.stderr): Progress {
  let drawn = "";
  return (phase, done, total) => {
    const width = 30;
    const filled = Math.round((done / Math.max(1, total)) * width);
    const key = `${phase}:${filled}`;
    if (key === drawn && done !== total) return;
    drawn = key;
    stream.write(
      `\r${LABELS[phase]} [${"#".repeat(filled)}${".".repeat(width - filled)}] ${done.toLocaleString("en")}/${total.toLocaleString("en")}`,
    );
    if (done === total) stream.write("\n");
  };
}
