import { type DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";
import { type AppliedLog, appliedLogFromStored } from "../domain/applied-log.js";
import { parseJsonDocument } from "../domain/dict.js";
import { redemptionsFromStored } from "../domain/offers.js";
import { emptyProfile } from "../domain/profile.js";
import type { ProfileState } from "../domain/profile-state.js";
import { relatedPoolFromStored } from "../domain/related-pool.js";
import { batchGet } from "./batch.js";
import { keys } from "./keys.js";
import { putVersioned } from "./versioned-put.js";

/** A customer's profile as stored: the learned state, what has been applied, and an optimistic version. */
export interface StoredProfile {
  state: ProfileState;
  log: AppliedLog;
  /** 0 for a profile that does not exist yet. */
  version: number;
  /** Epoch ms of the last write. */
  updatedAt: number;
}

export interface ProfileStore {
  loadProfile(customerId: string): Promise<StoredProfile | undefined>;
  loadProfiles(customerIds: readonly string[]): Promise<Map<string, StoredProfile>>;
  /** Writes state and applied-log atomically; Conflict if someone else wrote since `expectedVersion`. */
  saveProfile(profile: StoredProfile, expectedVersion: number): Promise<void>;
}

/**
 * Stored document format. State and log travel together as UTF-8 JSON in one binary attribute: one cheap
 * (de)serialisation, and no second round of JSON string escaping inside the request.
 *
 * Format 2 keeps, with each decayed vector (interests, the related pool), the half-life it was built with
 * (`halfLife`). Format 1 did not: its vectors read without one, and are taken to be built with the
 * half-life configured when they are next read or folded.
 */
interface ProfileDocument {
  format: 1 | 2;
  state: ProfileState;
  log: AppliedLog;
}

export function profileFromRow(row: Record<string, unknown>): StoredProfile {
  const doc = parseJsonDocument(Buffer.from(row.doc as Uint8Array).toString("utf8")) as ProfileDocument;
  // Profiles written before a field existed get its empty value.
  const state = { ...emptyProfile(doc.state.customerId), ...doc.state };
  if (state.offers) state.offers.redeemed = redemptionsFromStored(state.offers.redeemed);
  state.related = relatedPoolFromStored(state.related);
  return {
    state,
    log: appliedLogFromStored(doc.log),
    version: Number(row.v),
    updatedAt: Number(row.updatedAt),
  };
}

export class DynamoProfileStore implements ProfileStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async loadProfile(customerId: string): Promise<StoredProfile | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.profile(customerId), ConsistentRead: true }),
    );
    return out.Item ? profileFromRow(out.Item) : undefined;
  }

  async loadProfiles(customerIds: readonly string[]): Promise<Map<string, StoredProfile>> {
    const rows = await batchGet(this.db, this.tableName, customerIds.map(keys.profile));
    const profiles = new Map<string, StoredProfile>();
    for (const row of rows) {
      const profile = profileFromRow(row);
      profiles.set(profile.state.customerId, profile);
    }
    return profiles;
  }

  async saveProfile(profile: StoredProfile, expectedVersion: number): Promise<void> {
    const doc: ProfileDocument = { format: 2, state: profile.state, log: profile.log };
    const item = {
      ...keys.profile(profile.state.customerId),
      v: profile.version,
      updatedAt: profile.updatedAt,
      doc: Buffer.from(JSON.stringify(doc), "utf8"),
    };
    await putVersioned(this.db, this.tableName, item, expectedVersion);
  }
}
