import {
  GetRecordsCommand,
  GetShardIteratorCommand,
  type KinesisClient,
  ListShardsCommand,
} from "@aws-sdk/client-kinesis";
import { decodeEnvelope, type EventEnvelope } from "../../lib/stream/event-record.js";

/** Everything on the stream, with the shard and partition key each record landed on. */
export async function readStream(kinesis: KinesisClient, streamName: string) {
  const out: { shardId: string; partitionKey: string; envelope: EventEnvelope }[] = [];
  const { Shards } = await kinesis.send(new ListShardsCommand({ StreamName: streamName }));
  for (const shard of Shards ?? []) {
    let { ShardIterator } = await kinesis.send(
      new GetShardIteratorCommand({
        StreamName: streamName,
        ShardId: shard.ShardId,
        ShardIteratorType: "TRIM_HORIZON",
      }),
    );
    while (ShardIterator) {
      const page = await kinesis.send(new GetRecordsCommand({ ShardIterator }));
      for (const r of page.Records ?? []) {
        const decoded = decodeEnvelope(r.Data ?? new Uint8Array());
        if (decoded.ok)
          out.push({
            shardId: shard.ShardId ?? "",
            partitionKey: r.PartitionKey ?? "",
            envelope: decoded.envelope,
          });
      }
      if ((page.Records ?? []).length === 0) break;
      ShardIterator = page.NextShardIterator;
    }
  }
  return out;
}
