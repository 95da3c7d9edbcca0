import { type Principal, resolveCustomer } from "../auth/principal.js";
import type { CustomerDataStore } from "../data/customer-data-store.js";
import type { ProfileStore } from "../data/profile-store.js";
import { emptyAppliedLog } from "../domain/applied-log.js";
import { isAnonymousId } from "../domain/identity.js";
import { emptyProfile } from "../domain/profile.js";
import { updateProfile } from "./update-profile.js";

export interface EraseDeps {
  profiles: ProfileStore;
  customerData: CustomerDataStore;
  now: () => number;
}

export interface ErasureReceipt {
  customerId: string;
  erasedAt: string;
}

/**
 * Erases a customer: the profile becomes a tombstone holding only the time of erasure (so no event that
 * happened, or reached Kindred, before it can bring anything back) — preferences, triggered offers and
 * redemptions go with it — and any other row under the customer's partition key is deleted. Anonymous profiles merged into the customer are the same person and are erased too. Erasing
 * again is harmless.
 */
export async function eraseCustomer(
  principal: Principal,
  pathCustomerId: string,
  deps: EraseDeps,
): Promise<ErasureReceipt> {
  const customerId = resolveCustomer(principal, pathCustomerId);
  const erasedAt = deps.now();
  const merged: string[] = [];
  const erase = async (id: string) => {
    await updateProfile(
      deps.profiles,
      id,
      (current) => {
        // Anonymous visitors merged in were this customer on another device; a known customer an admin
        // merged in has an account of their own, and erasing this one must not erase theirs.
        merged.push(...Object.keys(current.state.mergedFrom ?? {}).filter(isAnonymousId));
        return { state: { ...emptyProfile(id), erasedAt }, log: emptyAppliedLog() };
      },
      erasedAt,
    );
    await deps.customerData.deleteAllButProfile(id);
  };
  await erase(customerId);
  for (const id of new Set(merged)) if (id !== customerId) await erase(id);
  return { customerId, erasedAt: new Date(erasedAt).toISOString() };
}
