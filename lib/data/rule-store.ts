import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { Conflict, DependencyUnavailable } from "../errors.js";
import { RULE_PLACEMENTS, type Rule, type RulePlacement } from "../schemas/rule.js";
import { keys } from "./keys.js";
import { listedRows, type PageRequest } from "./listing.js";
import { retryOnVersionConflict } from "./retry.js";
import { putVersioned, VersionConflict } from "./versioned-put.js";

/**
 * A placement's row holds its rules whole, and every list on the placement reads it: bounded so that the
 * read stays one small item (a few read units) and far below DynamoDB's 400 KB.
 */
export const PLACEMENT_RULE_LIMITS = { rules: 100, bytes: 64 * 1024 } as const;

const CONFLICT_ATTEMPTS = 6;

/** A placement's rules as stored: JSON text (ids and labels are data, never attribute names). */
export function rulesFromRow(row: Record<string, unknown>): Rule[] {
  return typeof row.rules === "string" ? (JSON.parse(row.rules) as Rule[]) : [];
}

const definitionFromRow = (row: Record<string, unknown>): Rule => JSON.parse(String(row.definition)) as Rule;

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
  /** Removes a rule from every placement's row, then its definition. */
  remove(ruleId: string, now: number): Promise<void>;
  /** A page of the definitions in id order, and the id to continue after when more follow. */
  list(page: PageRequest): Promise<{ rules: Rule[]; last?: string }>;
}

export class DynamoRuleStore implements RuleStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async load(ruleId: string): Promise<Rule | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.rule(ruleId), ConsistentRead: true }),
    );
    return out.Item ? definitionFromRow(out.Item) : undefined;
  }

  async save(rule: Rule, previous: Rule | undefined, now: number): Promise<void> {
    // The definition first: a failure after it leaves a rule that is listed but not yet applied, which the
    // client's retry completes; the reverse would apply a rule nobody can see or delete.
    await this.putDefinition(rule);
    try {
      await this.updatePlacement(rule.placement, now, rule.ruleId, (rules) => [...rules, rule]);
    } catch (error) {
      // A full placement refuses the rule: the stored definition goes back to what it was.
      if (error instanceof Conflict) {
        if (previous) await this.putDefinition(previous);
        else await this.deleteDefinition(rule.ruleId);
      }
      throw error;
    }
    // Every other placement's row, not only the one it moved from: one a crash left behind is cleaned too.
    await this.leaveOtherPlacements(rule.ruleId, rule.placement, now);
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
      definitionFromRow,
    );
    return { rules, ...rest };
  }

  private async putDefinition(rule: Rule): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...keys.rule(rule.ruleId),
          ...keys.listing("rules", rule.ruleId),
          definition: JSON.stringify(rule),
        },
      }),
    );
  }

  private async deleteDefinition(ruleId: string): Promise<void> {
    await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: keys.rule(ruleId) }));
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
    const key = keys.placementRules(placement);
    try {
      await retryOnVersionConflict(CONFLICT_ATTEMPTS, async () => {
        const out = await this.db.send(
          new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }),
        );
        const version = Number(out.Item?.v ?? 0);
        const stored = out.Item ? rulesFromRow(out.Item) : [];
        const kept = stored.filter(
          (r) => r.ruleId !== ruleId && (r.validUntil === undefined || Date.parse(r.validUntil) > now),
        );
        const rules = change(kept);
        if (rules.length === stored.length && rules.every((r, i) => r === stored[i])) return;
        const text = JSON.stringify(rules);
        if (
          rules.length > PLACEMENT_RULE_LIMITS.rules ||
          Buffer.byteLength(text) > PLACEMENT_RULE_LIMITS.bytes
        ) {
          throw new Conflict(
            `Placement "${placement}" already holds as many rules as it can (${PLACEMENT_RULE_LIMITS.rules} rules or ${PLACEMENT_RULE_LIMITS.bytes / 1024} KB); delete rules it no longer needs.`,
          );
        }
        await putVersioned(this.db, this.tableName, { ...key, rules: text, v: version + 1 }, version);
      });
    } catch (error) {
      if (error instanceof VersionConflict) {
        throw new DependencyUnavailable("The rules are being changed by someone else; retry the request.");
      }
      throw error;
    }
  }
}
