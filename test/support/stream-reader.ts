import {
  GetRecordsCommand,
  GetShardIteratorCommand,
  type KinesisClient,
  ListShardsCommand,
} from "@aws-sdk/client-kinesis";
import { decodeRecord, type EventEnvelope } from "../../lib/stream/event-record.js";

/**
 * Every event on the stream, with the shard, partition key and sequence number of the record it came in
 * (a grouped record gives one entry per event, in its order) and the size of that record's data in bytes.
 */
export async function readStream(kinesis: KinesisClient, streamName: string) {
  const out: {
    shardId: string;
    partitionKey: string;
    sequenceNumber: string;
    recordBytes: number;
    version: number;
    /** The record's data as stored. */
    data: Uint8Array;
    envelope: EventEnvelope;
  }[] = [];
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
        const data = r.Data ?? new Uint8Array();
        const decoded = decodeRecord(data);
        if (!decoded.ok) continue;
        const { v } = JSON.parse(new TextDecoder().decode(data)) as { v: number };
        for (const envelope of decoded.envelopes)
          out.push({
            shardId: shard.ShardId ?? "",
            partitionKey: r.PartitionKey ?? "",
            sequenceNumber: r.SequenceNumber ?? "",
            recordBytes: data.length,
            version: v,
            data,
            envelope,
          });
      }
      if ((page.Records ?? []).length === 0) break;
      ShardIterator = page.NextShardIterator;
    }
  }
  return out;
}
