import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { bundleConsole } from "./bundle.js";

// `npm run build:console`: the console as three static files, to host next to a deployed API (docs/console.md).
const out = join(dirname(fileURLToPath(import.meta.url)), "dist");
mkdirSync(out, { recursive: true });
const files = await bundleConsole("./");
for (const [name, text] of Object.entries(files)) {
  writeFileSync(join(out, name), text);
  console.log(`${join(out, name)}: ${text.length} bytes`);
}
