import { createHash } from "node:crypto";
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { Conflict } from "../errors.js";
import type { Experiment, Placement } from "../schemas/experiment.js";
import { batchGet, batchWrite } from "./batch.js";
import { listedRows, type PageRequest } from "./listing.js";
import { queryPartition } from "./partition.js";
import { experimentRow } from "./rows/experiment.js";
import { experimentFactRow } from "./rows/experiment-fact.js";
import { placementExperimentRow, type RunningExperiment } from "./rows/placement-experiment.js";
import { KEY_ATTRIBUTES } from "./rows/row-kind.js";

export type { RunningExperiment } from "./rows/placement-experiment.js";

export type FactKind = "IMPRESSION" | "CLICK" | "CONVERSION";

/** One fact about one tagged response. */
export interface ExperimentFact {
  experimentId: string;
  variant: string;
  kind: FactKind;
  recommendationId: string;
}

const FACT_SHARDS = 16;
const FACT_RETENTION_SECONDS = 180 * 86_400;

const shardOf = (recommendationId: string) => createHash("sha256").update(recommendationId).digest()[0] ?? 0;
const factAddress = (f: ExperimentFact) => ({ ...f, shard: shardOf(f.recommendationId) % FACT_SHARDS });
const factKey = (f: ExperimentFact) => experimentFactRow.key(factAddress(f));

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
  /** `settingsWritten`: told when a placement's running experiment may have changed (settings-rows.ts). */
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly settingsWritten: () => void = () => {},
  ) {}

  async load(experimentId: string): Promise<Experiment | undefined> {
    const out = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: experimentRow.key(experimentId),
        ConsistentRead: true,
      }),
    );
    return out.Item ? experimentRow.fromItem(out.Item) : undefined;
  }

  async save(experiment: Experiment): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.tableName, Item: experimentRow.toItem(experiment) }));
  }

  async list(page: PageRequest): Promise<{ experiments: Experiment[]; last?: string }> {
    const { rows: experiments, ...rest } = await listedRows(
      this.db,
      this.tableName,
      "experiments",
      page,
      experimentRow.fromItem,
    );
    return { experiments, ...rest };
  }

  async running(placement: Placement): Promise<RunningExperiment | undefined> {
    const out = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: placementExperimentRow.key(placement),
        ConsistentRead: true,
      }),
    );
    return out.Item ? placementExperimentRow.fromItem(out.Item) : undefined;
  }

  async setRunning(placement: Placement, running: RunningExperiment): Promise<void> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: placementExperimentRow.toItem(placement, running),
          // Two admins starting two experiments at once: one wins, the other hears of it.
          ConditionExpression: "attribute_not_exists(#key) OR experimentId = :id",
          ExpressionAttributeNames: { "#key": KEY_ATTRIBUTES.pk },
          ExpressionAttributeValues: { ":id": running.experimentId },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new Conflict(`Another experiment is already running on ${placement}; stop it first.`);
      }
      throw error;
    } finally {
      this.settingsWritten();
    }
  }

  async clearRunning(placement: Placement): Promise<void> {
    try {
      await this.db.send(
        new DeleteCommand({ TableName: this.tableName, Key: placementExperimentRow.key(placement) }),
      );
    } finally {
      this.settingsWritten();
    }
  }

  async record(facts: readonly ExperimentFact[]): Promise<void> {
    const expiresAt = Math.floor(Date.now() / 1000) + FACT_RETENTION_SECONDS;
    const unique = new Map(facts.map((f) => [JSON.stringify(factKey(f)), f]));
    await batchWrite(
      this.db,
      this.tableName,
      [...unique.values()].map((f) => ({
        PutRequest: { Item: experimentFactRow.toItem(factAddress(f), expiresAt) },
      })),
    );
  }

  async recordedImpressions(facts: readonly ExperimentFact[]): Promise<Set<string>> {
    const wanted = facts.map((f) => factKey({ ...f, kind: "IMPRESSION" }));
    const rows = await batchGet(
      this.db,
      this.tableName,
      [...new Map(wanted.map((k) => [`${k.pk}/${k.sk}`, k])).values()],
      { attributes: [KEY_ATTRIBUTES.sk] },
    );
    return new Set(rows.map(experimentFactRow.recommendationIdOf));
  }

  async count(experimentId: string, variant: string, kind: FactKind): Promise<number> {
    const shards = Array.from({ length: FACT_SHARDS }, (_, shard) => shard);
    const counts = await Promise.all(
      shards.map(async (shard) => {
        const pk = experimentFactRow.partition({ experimentId, variant, kind, shard });
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
