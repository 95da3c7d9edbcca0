import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { bundleTracker } from "./bundle.js";

// `npm run build:tracker`: writes the tracker as one ES module, to host next to your pages or on a CDN.
const out = join(dirname(fileURLToPath(import.meta.url)), "dist", "kindred-tracker.js");
mkdirSync(dirname(out), { recursive: true });
const code = await bundleTracker();
writeFileSync(out, code);
console.log(`${out}: ${code.length} bytes`);
