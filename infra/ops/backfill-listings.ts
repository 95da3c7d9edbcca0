import { parseArgs } from "node:util";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { backfillListings } from "../../lib/data/listing-backfill.js";

// `npm run backfill:listings -- --table <name> [--region <region>]`: once, after the first deploy that adds the
// listing index to a table holding catalog items, offers or experiments (docs/operations.md). Credentials and
// region come from the usual AWS SDK chain (profile, environment) unless --region is given.
const { values } = parseArgs({
  options: { table: { type: "string" }, region: { type: "string" }, help: { type: "boolean" } },
});
if (values.help || !values.table) {
  console.error("usage: npm run backfill:listings -- --table <DynamoDB table name> [--region <region>]");
  process.exit(values.help ? 0 : 2);
}
const client = new DynamoDBClient(values.region ? { region: values.region } : {});
try {
  const updated = await backfillListings(DynamoDBDocumentClient.from(client), values.table, (n) =>
    process.stderr.write(`\rlisted rows backfilled: ${n}`),
  );
  process.stderr.write("\n");
  console.log(`Done: ${updated} row(s) given a listing key; running it again changes nothing.`);
} catch (error) {
  process.stderr.write("\n");
  console.error(
    `Backfill stopped (${error instanceof Error ? error.name : "error"}); it is safe to run again.`,
  );
  process.exit(1);
} finally {
  client.destroy();
}
