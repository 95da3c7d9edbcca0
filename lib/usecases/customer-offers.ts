import { randomUUID } from "node:crypto";
import { type Principal, resolveCustomer } from "../auth/principal.js";
import type { ExperimentStore, RunningExperiment } from "../data/experiment-store.js";
import type { StoredProfile } from "../data/profile-store.js";
import { cellOf, distanceM } from "../domain/geo.js";
import { cellCentre } from "../domain/geohash.js";
import { itemFeatures } from "../domain/item-features.js";
import { offerAllowed } from "../domain/offers.js";
import { personalProfile, preferencesOf } from "../domain/preferences.js";
import { affinityMatch, customerView } from "../domain/ranking.js";
import type { CustomerOffersQuery, CustomerOffersResponse, Offer } from "../schemas/offer.js";
import type { Reason } from "../schemas/recommendation.js";
import type { Strategy } from "../schemas/strategy.js";
import { armFor, recordImpression, withTag } from "./experiment-arm.js";

/** What serving offers reads of them: a place's offers, and offers by id. */
export interface OfferReads {
  /**
   * One round trip: the offers indexed in the cells, and optionally the customer's profile and the
   * experiment running on the offers placement.
   */
  readCells(
    cells: readonly string[],
    customerId?: string,
    withPlacement?: boolean,
  ): Promise<{
    offers: Map<string, Offer>;
    profile?: StoredProfile | undefined;
    running?: RunningExperiment | undefined;
  }>;
  /** Offers by id (those that exist). */
  loadOffers(offerIds: readonly string[]): Promise<Map<string, Offer>>;
}

export interface CustomerOffersDeps {
  offers: OfferReads;
  experiments: Pick<ExperimentStore, "record">;
  /** The configured strategy (its `offerWeights`); a running experiment on `offers` replaces it per customer. */
  strategy: Strategy;
  halfLifeMs: number;
  now: () => number;
}

/**
 * Offers for a customer where they are: those whose area contains the point (the request's, else — with
 * consent — the centre of their last coarse cell) and those a location event triggered for them, if still
 * allowed (valid now, their country, their audience, under their cap, not in a blocked category). Ranked
 * by nearness, affinity to the offer's categories and priority. No point and no consent: an empty list.
 * Two round trips at most: the point's cell with the profile, then the cell of the stored location and the
 * triggered offers' current definitions.
 */
export async function customerOffers(
  principal: Principal,
  query: CustomerOffersQuery,
  deps: CustomerOffersDeps,
): Promise<CustomerOffersResponse> {
  const customerId = resolveCustomer(principal, query.customerId);
  const now = deps.now();
  const given =
    query.lat !== undefined && query.lon !== undefined ? { lat: query.lat, lon: query.lon } : undefined;
  const first = await deps.offers.readCells(given ? [cellOf(given)] : [], customerId, true);
  const arm = armFor(first.running, customerId, deps.strategy);
  const weights = arm.strategy.offerWeights;
  const profile = first.profile?.state;
  const consent = preferencesOf(profile).locationConsent;
  const stored = consent && profile?.lastLocation ? cellCentre(profile.lastLocation.geohash) : undefined;
  const point = given ?? stored;
  const empty = { recommendationId: randomUUID(), offers: [] };
  if (!point && !consent) return empty;

  const triggered = consent ? Object.keys(profile?.offers?.triggered ?? {}) : [];
  const [second, definitions] = await Promise.all([
    !given && point
      ? deps.offers.readCells([cellOf(point)])
      : Promise.resolve({ offers: new Map<string, Offer>() }),
    triggered.length ? deps.offers.loadOffers(triggered) : Promise.resolve(new Map<string, Offer>()),
    recordImpression(deps.experiments, arm),
  ]);
  const candidates = new Map<string, { offer: Offer; distance: number | null }>();
  for (const offer of [...first.offers.values(), ...second.offers.values()]) {
    const distance = point ? distanceM(point, offer.location) : null;
    if (distance !== null && distance <= offer.radiusM) candidates.set(offer.offerId, { offer, distance });
  }
  for (const [offerId, offer] of definitions) {
    if (!candidates.has(offerId))
      candidates.set(offerId, { offer, distance: point ? distanceM(point, offer.location) : null });
  }

  const personal = personalProfile(profile);
  const view = personal ? customerView(personal, now, deps.halfLifeMs) : undefined;
  const ranked = [...candidates.values()]
    .filter(({ offer }) => offerAllowed(offer, profile, now))
    .map(({ offer, distance }) => {
      const nearness = distance === null ? 0.5 : Math.max(0, 1 - distance / offer.radiusM);
      const { match, best } = view
        ? affinityMatch(itemFeatures({ categories: offer.categories ?? [] }), view)
        : { match: 0, best: undefined };
      const reasons: Reason[] = [{ type: "nearby" }];
      if (best && match > 0) reasons.push({ type: "affinity", feature: best });
      const score =
        weights.nearness * nearness +
        weights.affinity * Math.max(0, match) +
        (weights.priority * offer.priority) / 100;
      return { offer, distance, score, reasons };
    })
    .sort((a, b) => b.score - a.score || (a.offer.offerId < b.offer.offerId ? -1 : 1))
    .slice(0, query.limit);
  const response = {
    recommendationId: arm.recommendationId,
    offers: ranked.map(({ offer, distance, score, reasons }) => ({
      offerId: offer.offerId,
      title: offer.title,
      distanceM: distance === null ? null : Math.round(distance),
      score: Number(score.toPrecision(4)),
      reasons,
      validUntil: offer.validUntil,
    })),
  };
  return withTag(response, arm);
}
