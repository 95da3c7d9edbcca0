import { backfillCatalogProjection } from "../../lib/data/projection-backfill.js";
import { runOnTable } from "./table-cli.js";

// `npm run backfill:projection -- --table <name> [--region <region>]`: once, after the first deploy of the
// catalog projection to a table that already holds a catalog (docs/operations.md); until then lists show
// none of the older items.
await runOnTable(
  "backfill:projection",
  (db, table, progress) =>
    backfillCatalogProjection(db, table, (n) => progress(`catalog items gone through: ${n}`)),
  (items) => `Done: ${items} catalog item(s) in the projection; running it again changes nothing.`,
);
