import { SingleBar } from "cli-progress";

/** What the import tells about its progress; the CLI shows a bar, tests may listen in. */
export interface ProgressSink {
  start(totalBytes: number, startBytes: number): void;
  /** `bytes`: offset done; `lines`: rows done in this run. */
  update(bytes: number, lines: number): void;
  stop(): void;
}

/**
 * A progress bar on stderr: bytes of the file done (resumed runs start where they resume), lines done in
 * this run, their rate and the ETA. When stderr is not a terminal (a log, CI) it prints a line every few
 * seconds and a final one.
 */
export function progressBar(noun: string): ProgressSink {
  const started = Date.now();
  const bar = new SingleBar({
    stream: process.stderr,
    format: `{bar} {percentage}% | {lines} ${noun} lines | {rate} lines/s | ETA {eta_formatted}`,
    noTTYOutput: true,
    notTTYSchedule: 2000,
    etaBuffer: 50,
    hideCursor: true,
  });
  const payload = (lines: number) => {
    const seconds = Math.max(0.001, (Date.now() - started) / 1000);
    return { lines, rate: Math.round(lines / seconds) };
  };
  return {
    start: (total, startBytes) => bar.start(Math.max(total, 1), startBytes, payload(0)),
    update: (bytes, lines) => bar.update(bytes, payload(lines)),
    stop: () => bar.stop(),
  };
}
