import type { NewArrivals } from "../domain/new-arrivals.js";
import type { Placement } from "../schemas/experiment.js";
import type { Rule, RulePlacement } from "../schemas/rule.js";
import { RowCache } from "./row-cache.js";
import { newArrivalsRow } from "./rows/new-arrivals.js";
import { placementExperimentRow, type RunningExperiment } from "./rows/placement-experiment.js";
import { placementRulesRow } from "./rows/placement-rules.js";
import type { StoredItem, TableKey } from "./rows/row-kind.js";

/**
 * How long a serving process may answer from settings rows it read — a placement's business rules and those
 * of every placement, the experiment running on a placement, the catalog's new arrivals — in ms. A change made
 * through another process shows in every list within it; this process's own writes show at once (the stores
 * that write these rows call `forget`). Every list reads them, so keeping them a second takes a busy container's
 * reads of them from one per request to one per second.
 */
export const SETTINGS_ROWS_MAX_AGE_MS = 1000;

/** One settings row as read: absent rows are remembered too (most placements have no rules, no experiment). */
export type SettingsEntry =
  | { kind: "rules"; rules: Rule[] }
  | { kind: "running"; running: RunningExperiment | undefined }
  | { kind: "newArrivals"; newArrivals: NewArrivals | undefined };

/** Which settings rows: a placement's rules (and `*`'s), its running experiment, the new arrivals. */
export type SettingsKind = SettingsEntry["kind"];

export interface SettingsRequest {
  placement?: Placement | undefined;
  newArrivals?: boolean | undefined;
  rules?: RulePlacement | undefined;
}

export interface Settings {
  rules: Rule[];
  running?: RunningExperiment | undefined;
  newArrivals?: NewArrivals | undefined;
}

/** What a request still has to read of its settings, and what it already knows of them. */
export interface SettingsPlan {
  keys: TableKey[];
  known: Settings;
  /** Cache id of each key to read, by the key's pk and sk. */
  pending: Map<string, { id: string; kind: SettingsKind }>;
  sentAt: number;
}

const keyId = (key: { pk?: unknown; sk?: unknown }) => `${String(key.pk)}\u0000${String(key.sk)}`;

/**
 * A list's settings rows: what it must read of them in its first round trip (`plan`), and what the rows read
 * say (`absorb`), kept for `ttlMs` (at most SETTINGS_ROWS_MAX_AGE_MS is what Kindred configures; 0: every row
 * is read). `now`: the clock the bound is kept by.
 */
export class SettingsRows {
  /** Rows of rules parsed before, by placement and version. */
  private readonly rulesByVersion = new Map<string, Rule[]>();
  /** One cache per kind, so that a write of one kind leaves the others kept. */
  private readonly caches: Record<SettingsKind, RowCache<SettingsEntry>>;
  private readonly now: () => number;

  constructor(ttlMs = 0, now: () => number = Date.now) {
    const cache = () => new RowCache<SettingsEntry>(ttlMs, undefined, now);
    this.caches = { rules: cache(), running: cache(), newArrivals: cache() };
    this.now = now;
  }

  plan(request: SettingsRequest): SettingsPlan {
    const plan: SettingsPlan = {
      keys: [],
      known: { rules: [] },
      pending: new Map(),
      sentAt: this.now(),
    };
    const want = (id: string, kind: SettingsKind, key: TableKey) => {
      const cached = this.caches[kind].get(id);
      if (cached) return this.apply(plan.known, cached);
      plan.keys.push(key);
      plan.pending.set(keyId(key), { id, kind });
    };
    if (request.placement !== undefined)
      want(`running#${request.placement}`, "running", placementExperimentRow.key(request.placement));
    if (request.newArrivals) want("newArrivals", "newArrivals", newArrivalsRow.key());
    const placements = request.rules === undefined ? [] : [...new Set<RulePlacement>([request.rules, "*"])];
    for (const placement of placements) want(`rules#${placement}`, "rules", placementRulesRow.key(placement));
    return plan;
  }

  /**
   * The settings of `plan`, from what it knew and the rows read for it (`rows` may hold other rows too:
   * those are ignored). Each row asked for is kept, absent ones as absent.
   */
  absorb(plan: SettingsPlan, rows: readonly StoredItem[]): Settings {
    const settings: Settings = { ...plan.known, rules: [...plan.known.rules] };
    const found = new Map<string, SettingsEntry>();
    for (const row of rows) {
      const pending = plan.pending.get(keyId(row));
      if (!pending) continue;
      found.set(pending.id, this.entryOf(pending.kind, row));
    }
    for (const { id, kind } of plan.pending.values()) {
      const entry = found.get(id) ?? absent(kind);
      this.apply(settings, entry);
      this.caches[kind].set(id, entry, plan.sentAt);
    }
    return settings;
  }

  /** Forgets every row of `kind` kept: this process has just written one. */
  forget(kind: SettingsKind): void {
    this.caches[kind].forgetAll();
  }

  private apply(settings: Settings, entry: SettingsEntry): void {
    if (entry.kind === "rules") settings.rules.push(...entry.rules);
    else if (entry.kind === "running") settings.running = entry.running;
    else settings.newArrivals = entry.newArrivals;
  }

  private entryOf(kind: SettingsKind, row: StoredItem): SettingsEntry {
    if (kind === "running") return { kind, running: placementExperimentRow.fromItem(row) };
    if (kind === "newArrivals") return { kind, newArrivals: newArrivalsRow.fromItem(row).row };
    return { kind, rules: this.parsedRules(row) };
  }

  private parsedRules(row: StoredItem): Rule[] {
    const version = `${String(row.pk)}@${String(row.v)}`;
    let rules = this.rulesByVersion.get(version);
    if (!rules) {
      rules = placementRulesRow.fromItem(row).rules;
      // One entry per placement: an older version of the same row is dropped.
      for (const key of this.rulesByVersion.keys())
        if (key.startsWith(`${String(row.pk)}@`)) this.rulesByVersion.delete(key);
      this.rulesByVersion.set(version, rules);
    }
    return rules;
  }
}

function absent(kind: SettingsKind): SettingsEntry {
  if (kind === "rules") return { kind, rules: [] };
  if (kind === "running") return { kind, running: undefined };
  return { kind, newArrivals: undefined };
}
