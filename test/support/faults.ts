import type { KinesisClient, PutRecordsCommandOutput } from "@aws-sdk/client-kinesis";

/**
 * Makes kinesalite behave like a throttled stream: `decide(attempt, position)` says which records of each
 * PutRecords call come back with ProvisionedThroughputExceededException. The records really are not
 * written: the failing ones are removed from the request before it is sent.
 */
export function throttlePutRecords(
  kinesis: KinesisClient,
  decide: (call: number, position: number) => boolean,
) {
  let call = 0;
  kinesis.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== "PutRecordsCommand") return next(args);
      const input = args.input as { Records: unknown[] };
      const thisCall = call++;
      const throttled = input.Records.map((_, position) => decide(thisCall, position));
      const kept = input.Records.filter((_, i) => !throttled[i]);
      if (kept.length === 0) {
        return {
          response: {},
          output: {
            $metadata: {},
            FailedRecordCount: throttled.length,
            Records: throttled.map(() => ({
              ErrorCode: "ProvisionedThroughputExceededException",
              ErrorMessage: "Rate exceeded",
            })),
          } satisfies PutRecordsCommandOutput,
        } as never;
      }
      const result = await next({ ...args, input: { ...input, Records: kept } });
      const out = result.output as PutRecordsCommandOutput;
      const written = [...(out.Records ?? [])];
      const merged = throttled.map((isThrottled) =>
        isThrottled
          ? { ErrorCode: "ProvisionedThroughputExceededException", ErrorMessage: "Rate exceeded" }
          : (written.shift() ?? {}),
      );
      return {
        ...result,
        output: { ...out, FailedRecordCount: throttled.filter(Boolean).length, Records: merged },
      };
    },
    { step: "initialize", name: "throttlePutRecords" },
  );
}
