import { existsSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { SCOPES, SELF_ALIAS } from "../../lib/auth/principal.js";
import { readLocalSettings, signToken } from "./local-tokens.js";

// `npm run token -- --sub <id> --scope "<scopes>"`: a token for the local server's secret and data directory.
const USAGE = `usage: npm run token -- --sub <customer-id> --scope "<customer|ingest|admin ...>" [--expires 30d | 12h | 15m]

Signs a token for the local server (npm start) that uses the same data directory (KINDRED_DATA_DIR,
default .kindred) or the same KINDRED_JWT_SECRET; run it with the same settings as npm start.`;
const usage = (problem?: string): never => {
  if (problem) console.error(`${problem}\n`);
  (problem ? console.error : console.log)(USAGE);
  process.exit(problem ? 2 : 0);
};
const { values } = (() => {
  try {
    return parseArgs({
      options: {
        sub: { type: "string" },
        scope: { type: "string" },
        expires: { type: "string", default: "30d" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    return usage(error instanceof Error ? error.message : String(error));
  }
})();
if (values.help) usage();
const sub = values.sub ?? usage("Both --sub and --scope are needed.");
const scope = values.scope ?? usage("Both --sub and --scope are needed.");
if (sub.trim() === "") usage("--sub is empty: give the customer id the token is for, e.g. --sub alice.");
if (scope.trim() === "") usage(`--scope is empty: give one or more of ${SCOPES.join(", ")}.`);
// A lifetime jose reads (a positive number and a unit); anything else would throw or sign a dead token.
const lifetime =
  /^\s*(\d+(?:\.\d+)?)\s*(s|sec|secs|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|w|weeks?|y|yrs?|years?)\s*$/i.exec(
    values.expires,
  );
if (!lifetime || Number(lifetime[1]) <= 0) {
  usage(
    `--expires "${values.expires}" is not a lifetime: give a positive number with a unit (s, m, h, d, w or y), e.g. --expires 30d or --expires 12h.`,
  );
}
if (sub.trim() === SELF_ALIAS) {
  console.error(
    `"${SELF_ALIAS}" is reserved (it stands for the token's own id in paths); pick another --sub`,
  );
  process.exit(2);
}
// Typed with any spacing; the claim is written the only way it is read, with single spaces.
const scopes = scope.trim().split(/\s+/);
const unknown = scopes.filter((s) => !(SCOPES as readonly string[]).includes(s));
if (unknown.length > 0) {
  console.error(`unknown scope(s): ${unknown.join(", ")}; known: ${SCOPES.join(", ")}`);
  process.exit(2);
}
// A token signed with a secret no server uses is refused with a bare 401, so never make a new secret here.
const dataDir = process.env.KINDRED_DATA_DIR ?? ".kindred";
if (!process.env.KINDRED_JWT_SECRET && !existsSync(join(dataDir, "jwt-secret"))) {
  console.error(
    `No local server has used the data directory "${dataDir}" yet (it holds no jwt-secret), so a token made now would not be accepted.
Run npm start first, or set KINDRED_DATA_DIR (or KINDRED_JWT_SECRET) to what npm start uses.`,
  );
  process.exit(1);
}
const { jwtSecret } = readLocalSettings(process.env);
console.log(await signToken(jwtSecret, { sub, scope: scopes.join(" ") }, values.expires));
