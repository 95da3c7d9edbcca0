import { parseArgs } from "node:util";
import { SCOPES, SELF_ALIAS } from "../../lib/auth/principal.js";
import { readLocalSettings, signToken } from "./local-tokens.js";

// `npm run token -- --sub <id> --scope "<scopes>"`: a token for the local server's secret and data directory.
const { values } = parseArgs({
  options: {
    sub: { type: "string" },
    scope: { type: "string" },
    expires: { type: "string", default: "30d" },
  },
});
if (!values.sub || !values.scope) {
  console.error(
    'usage: npm run token -- --sub <customer-id> --scope "<customer|ingest|admin ...>" [--expires 30d]',
  );
  process.exit(2);
}
if (values.sub.trim() === SELF_ALIAS) {
  console.error(
    `"${SELF_ALIAS}" is reserved (it stands for the token's own id in paths); pick another --sub`,
  );
  process.exit(2);
}
// Typed with any spacing; the claim is written the only way it is read, with single spaces.
const scopes = values.scope.trim().split(/\s+/);
const unknown = scopes.filter((s) => !(SCOPES as readonly string[]).includes(s));
if (unknown.length > 0) {
  console.error(`unknown scope(s): ${unknown.join(", ")}; known: ${SCOPES.join(", ")}`);
  process.exit(2);
}
const { jwtSecret } = readLocalSettings(process.env);
console.log(await signToken(jwtSecret, { sub: values.sub, scope: scopes.join(" ") }, values.expires));
