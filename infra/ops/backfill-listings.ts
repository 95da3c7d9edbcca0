import { backfillListings } from "../../lib/data/listing-backfill.js";
import { runOnTable } from "./table-cli.js";

// `npm run backfill:listings -- --table <name> [--region <region>]`: once, after the first deploy that adds the
// listing index to a table holding catalog items, offers or experiments (docs/operations.md).
await runOnTable(
  "backfill:listings",
  (db, table, progress) => backfillListings(db, table, (n) => progress(`listed rows backfilled: ${n}`)),
  (updated) => `Done: ${updated} row(s) given a listing key; running it again changes nothing.`,
);
