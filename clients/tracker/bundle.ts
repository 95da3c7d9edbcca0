import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

/** The tracker's source entry point. */
export const TRACKER_ENTRY = join(dirname(fileURLToPath(import.meta.url)), "src", "tracker.ts");

/**
 * Bundles the tracker into one minified ES module (ES2020, for browsers of the last few years), in memory.
 * @returns the module's JavaScript text.
 */
export async function bundleTracker(): Promise<string> {
  const result = await build({
    entryPoints: [TRACKER_ENTRY],
    bundle: true,
    format: "esm",
    target: "es2020",
    platform: "browser",
    minify: true,
    write: false,
    legalComments: "none",
  });
  const [file] = result.outputFiles;
  if (!file) throw new Error("esbuild produced no tracker bundle");
  return file.text;
}
