import { randomUUID } from "node:crypto";
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { Conflict, DependencyUnavailable } from "../errors.js";
import { RULE_PLACEMENTS, type Rule, type RulePlacement } from "../schemas/rule.js";
import { batchGet } from "./batch.js";
import { listedRows, type PageRequest } from "./listing.js";
import { retryOnVersionConflict } from "./retry.js";
import { placementRulesRow } from "./rows/placement-rules.js";
import { ruleRow } from "./rows/rule.js";
import { putVersioned, VersionConflict } from "./versioned-put.js";

/**
 * A placement's row holds its rules whole, and every list on the placement reads it: bounded so that the
 * read stays one small item (a few read units) and far below DynamoDB's 400 KB.
 */
export const PLACEMENT_RULE_LIMITS = { rules: 100, bytes: 64 * 1024 } as const;

const CONFLICT_ATTEMPTS = 6;

const expired = (rule: Rule, now: number) =>
  rule.validUntil !== undefined && Date.parse(rule.validUntil) <= now;

/** How a placement's row names a rule it holds: the same definition as stored, not only the same id. */
export const appliedKey = (rule: Pick<Rule, "ruleId" | "updatedAt">) => `${rule.ruleId}@${rule.updatedAt}`;

/** Access patterns of business rules: definitions by id, their listing, and the rows lists read per placement. */
export interface RuleStore {
  load(ruleId: string): Promise<Rule | undefined>;
  /**
   * Stores the definition and keeps the placement rows in step (`previous`: the definition it replaces,
   * restored when the placement is full). Rules expired at `now` leave the rows.
   * @throws Conflict when the placement would hold more than PLACEMENT_RULE_LIMITS; DependencyUnavailable
   * when its row stays contended (a retry is safe).
   */
  save(rule: Rule, previous: Rule | undefined, now: number): Promise<void>;
  /**
   * Which of these definitions their placement's row holds, by appliedKey: a definition a failed or
   * interrupted write left behind is listed but not applied (`pending`) until the write is retried.
   */
  applied(rules: readonly Rule[]): Promise<Set<string>>;
  /** Removes a rule from every placement's row, then its definition. */
  remove(ruleId: string, now: number): Promise<void>;
  /** A page of the definitions in id order, and the id to continue after when more follow. */
  list(page: PageRequest): Promise<{ rules: Rule[]; last?: string }>;
}

export class DynamoRuleStore implements RuleStore {
  /** `settingsWritten`: told when a placement's rules row may have changed (settings-rows.ts). */
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly settingsWritten: () => void = () => {},
  ) {}

  async load(ruleId: string): Promise<Rule | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: ruleRow.key(ruleId), ConsistentRead: true }),
    );
    return out.Item ? ruleRow.fromItem(out.Item) : undefined;
  }

  async save(rule: Rule, previous: Rule | undefined, now: number): Promise<void> {
    // Refused before anything is written when the placement is full (the usual case of a 409).
    const stored = await this.placementRules(rule.placement);
    this.checkRoom(rule.placement, [
      ...stored.filter((r) => r.ruleId !== rule.ruleId && !expired(r, now)),
      rule,
    ]);
    // The definition first: a failure after it leaves a rule that is listed (status `pending`) but not yet
    // applied, which the client's retry completes; the reverse would apply a rule nobody can see or delete.
    const writeId = randomUUID();
    await this.putDefinition(rule, writeId);
    try {
      await this.updatePlacement(rule.placement, now, rule.ruleId, (rules) => [...rules, rule]);
    } catch (error) {
      // The placement filled up meanwhile: the definition goes back to what it was — unless another write of
      // the same rule replaced it since (that write's placement row holds what the definition says).
      if (error instanceof Conflict && !(error instanceof VersionConflict))
        await this.undo(rule.ruleId, writeId, previous);
      throw error;
    }
    // Every other placement's row, not only the one it moved from: one a crash left behind is cleaned too.
    await this.leaveOtherPlacements(rule.ruleId, rule.placement, now);
  }

  async applied(rules: readonly Rule[]): Promise<Set<string>> {
    const placements = [...new Set(rules.map((r) => r.placement))];
    const rows = await batchGet(this.db, this.tableName, placements.map(placementRulesRow.key));
    return new Set(rows.flatMap((row) => placementRulesRow.fromItem(row).rules).map(appliedKey));
  }

  async remove(ruleId: string, now: number): Promise<void> {
    await this.leaveOtherPlacements(ruleId, undefined, now);
    await this.deleteDefinition(ruleId);
  }

  async list(page: PageRequest): Promise<{ rules: Rule[]; last?: string }> {
    const { rows: rules, ...rest } = await listedRows(
      this.db,
      this.tableName,
      "rules",
      page,
      ruleRow.fromItem,
    );
    return { rules, ...rest };
  }

  private async putDefinition(rule: Rule, writeId: string): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.tableName, Item: ruleRow.toItem(rule, writeId) }));
  }

  /** Puts back `previous` (or nothing) where the definition is still the one write `writeId` made. */
  private async undo(ruleId: string, writeId: string, previous: Rule | undefined): Promise<void> {
    const mine = {
      ConditionExpression: "#w = :w",
      ExpressionAttributeNames: { "#w": ruleRow.writeIdAttribute },
      ExpressionAttributeValues: { ":w": writeId },
    };
    try {
      if (!previous) {
        await this.db.send(
          new DeleteCommand({ TableName: this.tableName, Key: ruleRow.key(ruleId), ...mine }),
        );
        return;
      }
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: ruleRow.toItem(previous, randomUUID()),
          ...mine,
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  private async placementRules(placement: RulePlacement): Promise<Rule[]> {
    const out = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: placementRulesRow.key(placement),
        ConsistentRead: true,
      }),
    );
    return out.Item ? placementRulesRow.fromItem(out.Item).rules : [];
  }

  /** @throws Conflict when `rules` would not fit one placement's row. */
  private checkRoom(placement: RulePlacement, rules: readonly Rule[]): string {
    const text = placementRulesRow.rulesJson(rules);
    if (rules.length > PLACEMENT_RULE_LIMITS.rules || Buffer.byteLength(text) > PLACEMENT_RULE_LIMITS.bytes) {
      throw new Conflict(
        `Placement "${placement}" already holds as many rules as it can (${PLACEMENT_RULE_LIMITS.rules} rules or ${PLACEMENT_RULE_LIMITS.bytes / 1024} KB); delete rules it no longer needs.`,
      );
    }
    return text;
  }

  private async deleteDefinition(ruleId: string): Promise<void> {
    await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: ruleRow.key(ruleId) }));
  }

  private async leaveOtherPlacements(
    ruleId: string,
    except: RulePlacement | undefined,
    now: number,
  ): Promise<void> {
    await Promise.all(
      RULE_PLACEMENTS.filter((p) => p !== except).map((p) =>
        this.updatePlacement(p, now, ruleId, (rules) => rules),
      ),
    );
  }

  /**
   * Read-modify-write of a placement's row, conditional on its version: `change` gets the row's rules
   * without `ruleId` and without those expired at `now`. Nothing is written when nothing changed.
   */
  private async updatePlacement(
    placement: RulePlacement,
    now: number,
    ruleId: string,
    change: (rules: Rule[]) => Rule[],
  ): Promise<void> {
    const key = placementRulesRow.key(placement);
    try {
      await retryOnVersionConflict(CONFLICT_ATTEMPTS, async () => {
        const out = await this.db.send(
          new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }),
        );
        const { rules: stored, version } = out.Item
          ? placementRulesRow.fromItem(out.Item)
          : { rules: [], version: 0 };
        const kept = stored.filter((r) => r.ruleId !== ruleId && !expired(r, now));
        const rules = change(kept);
        if (rules.length === stored.length && rules.every((r, i) => r === stored[i])) return;
        const text = this.checkRoom(placement, rules);
        await putVersioned(
          this.db,
          this.tableName,
          placementRulesRow.toItem(placement, text, version + 1),
          version,
        );
      });
    } catch (error) {
      if (error instanceof VersionConflict) {
        throw new DependencyUnavailable("The rules are being changed by someone else; retry the request.");
      }
      throw error;
    } finally {
      this.settingsWritten();
    }
  }
}
