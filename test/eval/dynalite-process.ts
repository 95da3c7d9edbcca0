import { spawn } from "node:child_process";
import { createTable } from "../../infra/local/embedded-stores.js";
import { loadConfig } from "../../lib/config/config.js";
import { ENV } from "../../lib/config/env-names.js";
import { createDynamoClient } from "../../lib/data/clients.js";
import { TABLE_DEFINITION } from "../../lib/data/table-definition.js";
import type { EvalStore } from "./evaluate.js";

/**
 * A fresh in-memory dynalite in a child process, with Kindred's table: the store then works on the
 * second core while the consumer and the list use cases work on this one (the same store code as
 * `startTestStores`, only in its own process), which roughly halves the replay on a 2-core machine.
 */
export async function startDynaliteProcess(): Promise<EvalStore> {
  const child = spawn(
    process.execPath,
    [
      "-e",
      // Exits when its stdin closes, so an evaluation stopped by Ctrl-C or a crash leaves no store behind.
      "process.stdin.on('end',()=>process.exit());process.stdin.resume();" +
        "const s=require('dynalite')({createTableMs:0});s.listen(0,'127.0.0.1',()=>console.log(s.address().port))",
    ],
    { stdio: ["pipe", "pipe", "inherit"] },
  );
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout.once("data", (d: Buffer) => resolve(d.toString().trim()));
    child.once("exit", (code) => reject(new Error(`dynalite exited with ${code}`)));
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const tableName = TABLE_DEFINITION.localName;
  await createTable(endpoint, tableName);
  const config = loadConfig({
    [ENV.tableName]: tableName,
    [ENV.streamName]: "unused",
    [ENV.dynamoEndpoint]: endpoint,
  });
  return {
    db: createDynamoClient(config),
    tableName,
    close: async () => {
      child.kill();
    },
  };
}
