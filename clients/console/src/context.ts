import { createKindredClient, type KindredClient } from "../../typescript/src/index.js";
import { answeringFetch } from "./answering-fetch.js";
import type { Session } from "./session.js";
import { TitleCache } from "./titles.js";

/** What every view gets: the typed API client with the pasted token, who that token is, item titles. */
export interface ViewContext {
  api: KindredClient;
  session: Session;
  isAdmin: boolean;
  titles: TitleCache;
  /** Calls `fn` every `ms` while the view is shown; stopped when the view is left. */
  every(ms: number, fn: () => Promise<void>): void;
  /** Runs `fn` when the view is left: maps and charts let go of their listeners. */
  onLeave(fn: () => void): void;
}

/** `leave` collects what to undo when the view is left (main.ts runs it). */
export function makeContext(session: Session, leave: (() => void)[]): ViewContext {
  // The token is read at each request, so pasting a new one takes effect without rebuilding views.
  const api = createKindredClient({
    baseUrl: session.apiUrl,
    token: () => session.token,
    fetch: answeringFetch(session.apiUrl),
  });
  const isAdmin = session.claims?.scopes.includes("admin") ?? false;
  return {
    api,
    session,
    isAdmin,
    titles: new TitleCache(api, isAdmin),
    every(ms, fn) {
      // A tick is skipped while the previous run is still waiting: a slow API never piles up requests.
      let running = false;
      const timer = window.setInterval(() => {
        if (running) return;
        running = true;
        void fn()
          .catch(() => undefined)
          .finally(() => {
            running = false;
          });
      }, ms);
      leave.push(() => clearInterval(timer));
    },
    onLeave(fn) {
      leave.push(fn);
    },
  };
}
