import { createHash } from "node:crypto";
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { Conflict } from "../errors.js";
import type { Experiment, Placement } from "../schemas/experiment.js";
import { completeStrategy } from "../schemas/strategy.js";
import { batchGet, batchWrite } from "./batch.js";
import { keys } from "./keys.js";
import { listedRows, type PageRequest } from "./listing.js";
import { queryPartition } from "./partition.js";

export type FactKind = "IMPRESSION" | "CLICK" | "CONVERSION";

/** One fact about one tagged response. */
export interface ExperimentFact {
  experimentId: string;
  variant: string;
  kind: FactKind;
  recommendationId: string;
}

/** What a list needs to know of the experiment on its placement. */
export interface RunningExperiment {
  experimentId: string;
  variants: Experiment["variants"];
}

const FACT_SHARDS = 16;
const FACT_RETENTION_SECONDS = 180 * 86_400;

const shardOf = (recommendationId: string) => createHash("sha256").update(recommendationId).digest()[0] ?? 0;
const factKey = (f: ExperimentFact) =>
  keys.experimentFact(
    f.experimentId,
    f.variant,
    f.kind,
    shardOf(f.recommendationId) % FACT_SHARDS,
    f.recommendationId,
  );

/** Variants as stored by any version: strategy knobs added since take their defaults. */
const storedVariants = (variants: Experiment["variants"] | undefined): Experiment["variants"] =>
  (variants ?? []).map((v) => ({ ...v, strategy: completeStrategy(v.strategy) }));

/** A definition as stored by any version (see storedVariants). */
const definitionFromRow = (row: Record<string, unknown>): Experiment => {
  const definition = JSON.parse(String(row.definition)) as Experiment;
  return { ...definition, variants: storedVariants(definition.variants) };
};

export function runningFromRow(row: Record<string, unknown>): RunningExperiment {
  return {
    experimentId: String(row.experimentId),
    variants: storedVariants(row.variants as Experiment["variants"]),
  };
}

/** Access patterns of experiments: definitions, the running one per placement, and their facts. */
export interface ExperimentStore {
  load(experimentId: string): Promise<Experiment | undefined>;
  save(experiment: Experiment): Promise<void>;
  /** A page of the definitions in id order, and the id to continue after when more follow. */
  list(page: PageRequest): Promise<{ experiments: Experiment[]; last?: string }>;
  running(placement: Placement): Promise<RunningExperiment | undefined>;
  /** Conflict when another experiment runs there. */
  setRunning(placement: Placement, running: RunningExperiment): Promise<void>;
  clearRunning(placement: Placement): Promise<void>;
  /** Records facts; recording one again changes nothing. */
  record(facts: readonly ExperimentFact[]): Promise<void>;
  /** Which of these impressions were recorded (so only Kindred's own tagged responses are attributed). */
  recordedImpressions(facts: readonly ExperimentFact[]): Promise<Set<string>>;
  count(experimentId: string, variant: string, kind: FactKind): Promise<number>;
}

export class DynamoExperimentStore implements ExperimentStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async load(experimentId: string): Promise<Experiment | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.experiment(experimentId), ConsistentRead: true }),
    );
    return out.Item ? definitionFromRow(out.Item) : undefined;
  }

  async save(experiment: Experiment): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...keys.experiment(experiment.experimentId),
          ...keys.listing("experiments", experiment.experimentId),
          definition: JSON.stringify(experiment),
        },
      }),
    );
  }

  async list(page: PageRequest): Promise<{ experiments: Experiment[]; last?: string }> {
    const { rows: experiments, ...rest } = await listedRows(
      this.db,
      this.tableName,
      "experiments",
      page,
      definitionFromRow,
    );
    return { experiments, ...rest };
  }

  async running(placement: Placement): Promise<RunningExperiment | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.placement(placement), ConsistentRead: true }),
    );
    return out.Item ? runningFromRow(out.Item) : undefined;
  }

  async setRunning(placement: Placement, running: RunningExperiment): Promise<void> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.placement(placement), ...running },
          // Two admins starting two experiments at once: one wins, the other hears of it.
          ConditionExpression: "attribute_not_exists(pk) OR experimentId = :id",
          ExpressionAttributeValues: { ":id": running.experimentId },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new Conflict(`Another experiment is already running on ${placement}; stop it first.`);
      }
      throw error;
    }
  }

  async clearRunning(placement: Placement): Promise<void> {
    await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: keys.placement(placement) }));
  }

  async record(facts: readonly ExperimentFact[]): Promise<void> {
    const expiresAt = Math.floor(Date.now() / 1000) + FACT_RETENTION_SECONDS;
    const unique = new Map(facts.map((f) => [JSON.stringify(factKey(f)), f]));
    await batchWrite(
      this.db,
      this.tableName,
      [...unique.values()].map((f) => ({ PutRequest: { Item: { ...factKey(f), expiresAt } } })),
    );
  }

  async recordedImpressions(facts: readonly ExperimentFact[]): Promise<Set<string>> {
    const wanted = facts.map((f) => factKey({ ...f, kind: "IMPRESSION" }));
    const rows = await batchGet(
      this.db,
      this.tableName,
      [...new Map(wanted.map((k) => [`${k.pk}/${k.sk}`, k])).values()],
      { attributes: ["sk"] },
    );
    return new Set(rows.map((row) => String(row.sk)));
  }

  async count(experimentId: string, variant: string, kind: FactKind): Promise<number> {
    const shards = Array.from({ length: FACT_SHARDS }, (_, shard) => shard);
    const counts = await Promise.all(
      shards.map(async (shard) => {
        const pk = keys.experimentFact(experimentId, variant, kind, shard, "").pk;
        let total = 0;
        await queryPartition(
          this.db,
          this.tableName,
          pk,
          ({ count }) => {
            total += count;
          },
          { countOnly: true },
        );
        return total;
      }),
    );
    return counts.reduce((a, b) => a + b, 0);
  }
}
