/**
 * Kindred's browser and app event tracker: one small ES module with no dependencies.
 *
 *   import { createTracker } from "https://kindred.example.com/tracker.js";
 *   const kindred = createTracker({ endpoint: "https://kindred.example.com" });
 *   kindred.trackView("sku-1");
 *   const list = await (await kindred.fetch("/v1/customers/me/recommendations")).json();
 *   kindred.trackImpression(list);                 // remembers which response showed each item
 *   kindred.trackClick("sku-9");                   // attributed to that response's recommendationId
 *   kindred.identify("customer-42", tokenFromYourLogin);   // on login: the visitor's history merges
 *
 * Events wait in a queue kept in localStorage until Kindred has answered for them, and a retry sends the
 * same events with the same `eventId`s, so the server's dedupe by (customerId, eventId) makes every event
 * count once however often it is sent.
 */

export type Channel = "web" | "app" | "store" | "email" | "call_center" | "other";

/** An event as the tracker's caller describes it; the tracker adds id, customer, time and channel. */
export interface TrackedEvent {
  type: string;
  itemId?: string;
  itemIds?: string[];
  offerId?: string;
  recommendationId?: string;
  value?: number;
  query?: string;
  location?: { lat: number; lon: number; accuracyM?: number };
  context?: { country?: string; region?: string; locale?: string; device?: string };
}

/** The customer id of events tracked before any visitor existed (never a valid id: ids are not empty). */
const PENDING = "";

interface QueuedEvent extends TrackedEvent {
  eventId: string;
  customerId: string;
  timestamp: string;
  channel: Channel;
  previousId?: string;
  /** The previous visitor's token: proof that this browser holds `previousId` (the server checks it). */
  previousToken?: string;
}

interface Credentials {
  customerId: string;
  token: string;
  /** Epoch milliseconds. */
  expiresAt: number;
  /** When the tracker received it, epoch milliseconds. */
  receivedAt: number;
  anonymous: boolean;
}

interface State {
  current?: Credentials;
  /** Earlier identities whose queued events still wait to be sent with their own token. */
  earlier: Credentials[];
  queue: QueuedEvent[];
}

export interface TrackerOptions {
  /** Kindred's base URL, e.g. `https://kindred.example.com` (no trailing `/v1`). */
  endpoint: string;
  /** The `channel` of every event (default `web`). */
  channel?: Channel;
  /** How often queued events are sent, in milliseconds (default 2,000). */
  flushIntervalMs?: number;
  /** Events per request (default 100; Kindred takes up to 500). */
  maxBatch?: number;
  /** Events kept at most while Kindred cannot be reached; the oldest go first (default 1,000). */
  maxQueue?: number;
  /** Where the visitor and the queue are kept (default `localStorage`). */
  storage?: Pick<Storage, "getItem" | "setItem">;
  /** Prefix of the storage key (default `kindred`). */
  storageKey?: string;
  /** Renew a visitor token this long before it expires, in milliseconds (default one hour). */
  renewBeforeMs?: number;
  /** Sent on every event, e.g. `{ country: "DE", locale: "de-DE" }`. */
  context?: TrackedEvent["context"];
}

export interface Tracker {
  /** The current customer id: the visitor's `anon-…` id until `identify`. Creates a visitor if needed. */
  customerId(): Promise<string>;
  /** A token for the current customer (renewed first when a visitor's is about to expire). */
  token(): Promise<string>;
  /** `fetch` against Kindred with the current customer's token, e.g. `fetch("/v1/customers/me/recommendations")`. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** Queues an event; returns its `eventId`. */
  track(event: TrackedEvent): string;
  trackView(itemId: string, recommendationId?: string): string;
  /** A click on an item; `recommendationId` defaults to that of the response that last showed the item. */
  trackClick(itemId: string, recommendationId?: string): string;
  trackAddToCart(itemId: string, recommendationId?: string): string;
  trackPurchase(itemId: string, value?: number, recommendationId?: string): string;
  /**
   * A list was shown: sends an `impression` of its items (at most 100) and remembers which response showed
   * each, so later clicks, carts and purchases of those items are attributed to it.
   */
  trackImpression(response: { recommendationId: string; items: { itemId: string }[] }): string;
  /** The recommendationId of the response that last showed `itemId`, if any. */
  recommendationIdFor(itemId: string): string | undefined;
  /**
   * The visitor logged in as `customerId` (with a `customer` token for it from your own login): sends an
   * `identify` event that merges the anonymous history into the customer, and tracks as them from now on.
   */
  identify(customerId: string, token: string, expiresAt?: string | Date): Promise<void>;
  /** Sends what is queued now; resolves when Kindred has answered (or could not be reached). */
  flush(): Promise<void>;
  /** Stops the timer and the page-hide listeners; the queue stays stored for the next page. */
  stop(): void;
}

const HOUR_MS = 3_600_000;

/** 128 random bits as hex. getRandomValues works on plain-http pages too, where randomUUID does not. */
function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** A JWT's `exp` in epoch milliseconds, read (not verified: Kindred does that); far ahead when absent. */
function expiryOf(token: string): number {
  try {
    const payload = token.split(".")[1] ?? "";
    const json = atob(payload.replace(/-/g, "+").replace(/_/g, "/"));
    const exp = (JSON.parse(json) as { exp?: unknown }).exp;
    return typeof exp === "number" ? exp * 1000 : Number.MAX_SAFE_INTEGER;
  } catch {
    return Number.MAX_SAFE_INTEGER;
  }
}

/** Creates a tracker; it starts sending queued events (from this page or an earlier one) at once. */
export function createTracker(options: TrackerOptions): Tracker {
  const endpoint = options.endpoint.replace(/\/+$/, "");
  const storage = options.storage ?? localStorage;
  const key = `${options.storageKey ?? "kindred"}:state`;
  const channel = options.channel ?? "web";
  const maxBatch = Math.min(500, options.maxBatch ?? 100);
  const maxQueue = options.maxQueue ?? 1000;
  const renewBeforeMs = options.renewBeforeMs ?? HOUR_MS;
  const shownIn = new Map<string, string>();
  let pendingVisitor: Promise<Credentials> | undefined;
  let flushing: Promise<void> | undefined;
  let retryAt = 0;
  let failures = 0;

  const load = (): State => {
    try {
      const parsed = JSON.parse(storage.getItem(key) ?? "null") as State | null;
      if (parsed && Array.isArray(parsed.queue)) return { ...parsed, earlier: parsed.earlier ?? [] };
    } catch {
      // Unreadable state (another script wrote the key, storage full): start again rather than fail the page.
    }
    return { earlier: [], queue: [] };
  };
  const save = (state: State) => {
    try {
      storage.setItem(key, JSON.stringify(state));
    } catch {
      // Storage full or refused (private mode): events still go out from memory on this page.
    }
  };
  let state = load();
  const update = (change: (s: State) => void) => {
    // Re-read first: another tab of the same site may have queued or sent events meanwhile.
    state = load();
    change(state);
    // An earlier identity is kept only while events of its own wait to be sent.
    state.earlier = state.earlier.filter(
      (c) =>
        c.customerId !== state.current?.customerId && state.queue.some((e) => e.customerId === c.customerId),
    );
    save(state);
  };

  async function newVisitor(): Promise<Credentials> {
    const res = await fetch(`${endpoint}/v1/visitors`, { method: "POST" });
    if (!res.ok) throw new Error(`Kindred refused a new visitor (${res.status})`);
    const body = (await res.json()) as { customerId: string; token: string; expiresAt: string };
    return {
      customerId: body.customerId,
      token: body.token,
      expiresAt: Date.parse(body.expiresAt),
      receivedAt: Date.now(),
      anonymous: true,
    };
  }

  /**
   * The current credentials, a visitor made or renewed as needed. A visitor token cannot be extended, so
   * renewing means a new anonymous id; an `identify` from the old id to the new one carries the history over.
   */
  async function credentials(): Promise<Credentials> {
    const current = state.current;
    // Never sooner than half-way through a token's life, so a fresh token is never renewed at once.
    const renewAt = (c: Credentials) =>
      c.expiresAt - Math.min(renewBeforeMs, (c.expiresAt - (c.receivedAt ?? 0)) / 2);
    if (current && (!current.anonymous || Date.now() < renewAt(current))) return current;
    pendingVisitor ??= newVisitor()
      .then((fresh) => {
        update((s) => {
          const old = s.current;
          s.current = fresh;
          adoptPending(s, fresh.customerId);
          if (old?.anonymous && old.expiresAt > Date.now()) {
            s.earlier.push(old);
            s.queue.push(queued({ type: "identify" }, fresh.customerId, old));
          }
        });
        return fresh;
      })
      .finally(() => {
        pendingVisitor = undefined;
      });
    return pendingVisitor;
  }

  function queued(event: TrackedEvent, customerId: string, previous?: Credentials): QueuedEvent {
    return {
      ...(options.context ? { context: options.context } : {}),
      ...event,
      eventId: randomId(),
      customerId,
      timestamp: new Date().toISOString(),
      channel,
      ...(previous ? { previousId: previous.customerId, previousToken: previous.token } : {}),
    };
  }

  function enqueue(event: TrackedEvent): string {
    const customerId = state.current?.customerId;
    if (!customerId) {
      // No visitor yet: kept in storage at once, for whoever the visitor turns out to be (a failed
      // POST /v1/visitors is asked again with the next flush).
      const pending = push(queued(event, PENDING));
      void credentials().catch(() => undefined);
      return pending.eventId;
    }
    return push(queued(event, customerId)).eventId;
  }

  /** Events tracked before there was a visitor now belong to `customerId`. */
  function adoptPending(s: State, customerId: string): void {
    for (const e of s.queue) if (e.customerId === PENDING) e.customerId = customerId;
  }

  function push(event: QueuedEvent): QueuedEvent {
    update((s) => {
      s.queue.push(event);
      if (s.queue.length > maxQueue) s.queue.splice(0, s.queue.length - maxQueue);
    });
    return event;
  }

  /** The token to send `customerId`'s events with, if the tracker still holds a valid one. */
  function tokenFor(customerId: string): Credentials | undefined {
    return [state.current, ...state.earlier].find(
      (c) => c?.customerId === customerId && c.expiresAt > Date.now(),
    );
  }

  /**
   * One request: the oldest customer's next batch. Kindred's answer removes every event it accepted or
   * rejected (a rejected event never becomes valid); `failed` ones and whole failed requests stay queued
   * and are sent again, with the same eventIds.
   */
  async function sendBatch(keepalive: boolean): Promise<"sent" | "empty" | "retry-later"> {
    state = load();
    const first = state.queue.find((e) => e.customerId !== PENDING);
    // Only events still waiting for their visitor: the next flush asks for one again.
    if (!first) return state.queue.length > 0 ? "retry-later" : "empty";
    const owner = tokenFor(first.customerId);
    if (!owner) {
      // Nobody can send these any more (an expired earlier visitor): give them up, loudly.
      const lost = state.queue.filter((e) => e.customerId === first.customerId);
      console.warn(`Kindred tracker: ${lost.length} events of an expired visitor token were not sent`);
      update((s) => {
        s.queue = s.queue.filter((e) => e.customerId !== first.customerId);
      });
      return "sent";
    }
    let batch = state.queue.filter((e) => e.customerId === first.customerId).slice(0, maxBatch);
    // keepalive requests share a 64 KiB budget per page: stay well inside it.
    if (keepalive)
      while (batch.length > 1 && JSON.stringify(batch).length > 48_000) batch = batch.slice(0, -1);
    const ids = new Set(batch.map((e) => e.eventId));
    let res: Response;
    try {
      res = await fetch(`${endpoint}/v1/events`, {
        method: "POST",
        headers: { authorization: `Bearer ${owner.token}`, "content-type": "application/json" },
        body: JSON.stringify({ events: batch }),
        keepalive,
      });
    } catch {
      return "retry-later";
    }
    if (res.status === 202) {
      const body = (await res.json()) as { failed: { index: number }[] };
      const retry = new Set(body.failed.map((f) => batch[f.index]?.eventId));
      update((s) => {
        s.queue = s.queue.filter((e) => !ids.has(e.eventId) || retry.has(e.eventId));
      });
      return body.failed.length ? "retry-later" : "sent";
    }
    if (res.status === 400 || res.status === 403) {
      // Not one event is valid, or the token may not send them: sending them again cannot help.
      console.warn(`Kindred tracker: ${batch.length} events refused (${res.status})`);
      update((s) => {
        s.queue = s.queue.filter((e) => !ids.has(e.eventId));
      });
      return "sent";
    }
    if (res.status === 401 && owner.anonymous && owner === state.current) {
      // The visitor token was refused (the server's secret changed, say): start a new visitor.
      update((s) => {
        s.current = undefined;
      });
    }
    const retryAfter = Number(res.headers.get("retry-after"));
    if (retryAfter > 0) retryAt = Date.now() + retryAfter * 1000;
    return "retry-later";
  }

  async function flushNow(keepalive = false): Promise<void> {
    try {
      if (!keepalive) await credentials();
    } catch {
      // Kindred unreachable: the events wait in storage.
    }
    for (let requests = 0; requests < 20; requests++) {
      const outcome = await sendBatch(keepalive);
      if (outcome === "empty") {
        failures = 0;
        return;
      }
      if (outcome === "retry-later") {
        failures++;
        retryAt = Math.max(retryAt, Date.now() + Math.min(60_000, 1000 * 2 ** failures));
        return;
      }
    }
  }

  function flush(): Promise<void> {
    flushing ??= flushNow().finally(() => {
      flushing = undefined;
    });
    return flushing;
  }

  const timer = setInterval(() => {
    if (Date.now() >= retryAt && state.queue.length > 0) void flush();
  }, options.flushIntervalMs ?? 2000);

  // On page hide, what is queued goes out with fetch(keepalive), which outlives the page as sendBeacon does.
  // sendBeacon itself cannot be used: it sends no Authorization header, and Kindred (like API Gateway's
  // authorizer in front of it) reads the token from that header only. Whatever does not make it stays in
  // storage and is sent by the next page, with the same eventIds.
  const hasDocument = typeof document !== "undefined";
  const onHide = () => {
    if (!hasDocument || document.visibilityState === "hidden") void sendBatch(true);
  };
  if (hasDocument) {
    addEventListener("pagehide", onHide);
    document.addEventListener("visibilitychange", onHide);
  }

  const withRecommendation = (recommendationId: string | undefined, itemId: string) => {
    const id = recommendationId ?? shownIn.get(itemId);
    return id ? { recommendationId: id } : {};
  };

  return {
    customerId: async () => (await credentials()).customerId,
    token: async () => (await credentials()).token,
    fetch: async (path, init = {}) => {
      const headers = new Headers(init.headers);
      headers.set("authorization", `Bearer ${(await credentials()).token}`);
      return fetch(`${endpoint}${path}`, { ...init, headers });
    },
    track: enqueue,
    trackView: (itemId, recommendationId) =>
      enqueue({ type: "view", itemId, ...withRecommendation(recommendationId, itemId) }),
    trackClick: (itemId, recommendationId) =>
      enqueue({ type: "click", itemId, ...withRecommendation(recommendationId, itemId) }),
    trackAddToCart: (itemId, recommendationId) =>
      enqueue({ type: "add_to_cart", itemId, ...withRecommendation(recommendationId, itemId) }),
    trackPurchase: (itemId, value, recommendationId) =>
      enqueue({
        type: "purchase",
        itemId,
        ...(value === undefined ? {} : { value }),
        ...withRecommendation(recommendationId, itemId),
      }),
    trackImpression: (response) => {
      const itemIds = response.items.slice(0, 100).map((i) => i.itemId);
      for (const itemId of itemIds) shownIn.set(itemId, response.recommendationId);
      return enqueue({ type: "impression", itemIds, recommendationId: response.recommendationId });
    },
    recommendationIdFor: (itemId) => shownIn.get(itemId),
    identify: async (customerId, token, expiresAt) => {
      const previous = await credentials().catch(() => state.current);
      const known: Credentials = {
        customerId,
        token,
        expiresAt: expiresAt ? new Date(expiresAt).getTime() : expiryOf(token),
        receivedAt: Date.now(),
        anonymous: false,
      };
      update((s) => {
        if (previous && previous.customerId !== customerId) s.earlier.push(previous);
        s.current = known;
        // Tracked before any visitor could be made: they are this customer's.
        adoptPending(s, customerId);
        // Only an anonymous history merges (contract): a known customer switching accounts sends none.
        if (previous?.anonymous && previous.customerId !== customerId) {
          s.queue.push(queued({ type: "identify" }, customerId, previous));
        }
      });
      await flush();
    },
    flush,
    stop: () => {
      clearInterval(timer);
      if (hasDocument) {
        removeEventListener("pagehide", onHide);
        document.removeEventListener("visibilitychange", onHide);
      }
    },
  };
}
