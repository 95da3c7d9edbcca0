import { parseArgs } from "node:util";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { backfillCatalogProjection } from "../../lib/data/projection-backfill.js";

// `npm run backfill:projection -- --table <name> [--region <region>]`: once, after the first deploy of the
// catalog projection to a table that already holds a catalog (docs/operations.md); until then lists show
// none of the older items. Credentials and region come from the usual AWS SDK chain unless --region is given.
const { values } = parseArgs({
  options: { table: { type: "string" }, region: { type: "string" }, help: { type: "boolean" } },
});
if (values.help || !values.table) {
  console.error("usage: npm run backfill:projection -- --table <DynamoDB table name> [--region <region>]");
  process.exit(values.help ? 0 : 2);
}
const client = new DynamoDBClient(values.region ? { region: values.region } : {});
try {
  const items = await backfillCatalogProjection(DynamoDBDocumentClient.from(client), values.table, (n) =>
    process.stderr.write(`\rcatalog items gone through: ${n}`),
  );
  process.stderr.write("\n");
  console.log(`Done: ${items} catalog item(s) in the projection; running it again changes nothing.`);
} catch (error) {
  process.stderr.write("\n");
  console.error(
    `Backfill stopped (${error instanceof Error ? error.name : "error"}); it is safe to run again.`,
  );
  process.exit(1);
} finally {
  client.destroy();
}
