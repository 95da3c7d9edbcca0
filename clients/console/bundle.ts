import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
/** The console's source entry point and page. */
export const CONSOLE_ENTRY = join(here, "src", "main.ts");
const PAGE = join(here, "src", "index.html");

/** The console's files: its page, one script and one stylesheet (Leaflet's and the console's own). */
export interface ConsoleFiles {
  "index.html": string;
  "console.js": string;
  "console.css": string;
}

/**
 * The page's security policy: scripts and styles from its own origin only; the API may be another origin
 * (the console can be pointed at a deployed API), and map tiles, when a tile server is set, come as images.
 * Leaflet positions its panes with inline style attributes, hence `style-src 'unsafe-inline'`.
 */
export const CONSOLE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: https: http:; " +
  "connect-src 'self' https: http:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * Bundles the console (TypeScript, Chart.js, Leaflet, the world's outline) in memory with esbuild.
 * `assetBase` is where the page finds its script and stylesheet: `/console/` when served by local mode,
 * `./` for a copy hosted anywhere.
 */
export async function bundleConsole(assetBase: string): Promise<ConsoleFiles> {
  const result = await build({
    entryPoints: { console: CONSOLE_ENTRY },
    bundle: true,
    format: "esm",
    target: "es2020",
    platform: "browser",
    minify: true,
    write: false,
    outdir: "out",
    legalComments: "none",
    // Leaflet's stylesheet names a few images (controls); they travel inside the stylesheet.
    loader: { ".png": "dataurl", ".svg": "dataurl" },
  });
  const text = (ext: string) => {
    const file = result.outputFiles.find((f) => f.path.endsWith(ext));
    if (!file) throw new Error(`esbuild produced no console ${ext}`);
    return file.text;
  };
  // The policy travels in the page too, so a copy hosted anywhere keeps it (a meta tag cannot say frame-ancestors).
  const metaPolicy = CONSOLE_CSP.replace(" frame-ancestors 'none';", "");
  const page = (await readFile(PAGE, "utf8"))
    .replaceAll("%ASSETS%", assetBase)
    .replaceAll("%CSP%", metaPolicy);
  return { "index.html": page, "console.js": text(".js"), "console.css": text(".css") };
}

/** What local mode serves at `/console` (and `/console/`): the page and its two files, built once. */
export function consoleAssets() {
  let pending: Promise<ConsoleFiles> | undefined;
  const files = () => {
    if (!pending) {
      pending = bundleConsole("/console/");
      // A failed build is tried again on the next request.
      pending.catch(() => {
        pending = undefined;
      });
    }
    return pending;
  };
  const page = async () => ({
    contentType: "text/html; charset=utf-8",
    body: (await files())["index.html"],
    headers: { "content-security-policy": CONSOLE_CSP, "referrer-policy": "no-referrer" },
  });
  return {
    "/console": page,
    "/console/": page,
    "/console/console.js": async () => ({
      contentType: "text/javascript; charset=utf-8",
      body: (await files())["console.js"],
    }),
    "/console/console.css": async () => ({
      contentType: "text/css; charset=utf-8",
      body: (await files())["console.css"],
    }),
  };
}
