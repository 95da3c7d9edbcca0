import { type DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";
import { batchGet } from "./batch.js";
import { type DocumentFormat, WRITTEN_FORMAT } from "./rows/packed-document.js";
import { profileRow, type StoredProfile } from "./rows/profile.js";
import { putVersioned } from "./versioned-put.js";

export type { StoredProfile } from "./rows/profile.js";

export interface ProfileStore {
  loadProfile(customerId: string): Promise<StoredProfile | undefined>;
  loadProfiles(customerIds: readonly string[]): Promise<Map<string, StoredProfile>>;
  /** Writes state and applied-log atomically; Conflict if someone else wrote since `expectedVersion`. */
  saveProfile(profile: StoredProfile, expectedVersion: number): Promise<void>;
}

export class DynamoProfileStore implements ProfileStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    /** How documents are written (packed-document.ts); every format reads. */
    private readonly documentFormat: DocumentFormat = WRITTEN_FORMAT,
  ) {}

  async loadProfile(customerId: string): Promise<StoredProfile | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: profileRow.key(customerId), ConsistentRead: true }),
    );
    return out.Item ? profileRow.fromItem(out.Item) : undefined;
  }

  async loadProfiles(customerIds: readonly string[]): Promise<Map<string, StoredProfile>> {
    const rows = await batchGet(this.db, this.tableName, customerIds.map(profileRow.key));
    const profiles = new Map<string, StoredProfile>();
    for (const row of rows) {
      const profile = profileRow.fromItem(row);
      profiles.set(profile.state.customerId, profile);
    }
    return profiles;
  }

  async saveProfile(profile: StoredProfile, expectedVersion: number): Promise<void> {
    await putVersioned(
      this.db,
      this.tableName,
      profileRow.toItem(profile, this.documentFormat),
      expectedVersion,
    );
  }
}
