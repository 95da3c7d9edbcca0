import { parseArgs } from "node:util";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

/**
 * The shell of a one-off maintenance command on Kindred's table: `--table <name> [--region <region>]`
 * (credentials and region from the usual AWS SDK chain unless --region is given), progress on stderr,
 * `done(result)` on stdout, and on failure the error's name only and exit code 1 (every such command is
 * safe to run again).
 */
export async function runOnTable<T>(
  command: string,
  run: (db: DynamoDBDocumentClient, table: string, progress: (text: string) => void) => Promise<T>,
  done: (result: T) => string,
): Promise<void> {
  const { values } = parseArgs({
    options: { table: { type: "string" }, region: { type: "string" }, help: { type: "boolean" } },
  });
  if (values.help || !values.table) {
    console.error(`usage: npm run ${command} -- --table <DynamoDB table name> [--region <region>]`);
    process.exit(values.help ? 0 : 2);
  }
  const client = new DynamoDBClient(values.region ? { region: values.region } : {});
  try {
    const result = await run(DynamoDBDocumentClient.from(client), values.table, (text) =>
      process.stderr.write(`\r${text}`),
    );
    process.stderr.write("\n");
    console.log(done(result));
  } catch (error) {
    process.stderr.write("\n");
    console.error(`Stopped (${error instanceof Error ? error.name : "error"}); it is safe to run again.`);
    process.exitCode = 1;
  } finally {
    client.destroy();
  }
}
