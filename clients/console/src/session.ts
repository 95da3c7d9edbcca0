import { readClaims, type TokenClaims } from "./claims.js";

/**
 * The token lives in this tab's sessionStorage (gone when the tab closes), never in a URL, a cookie or a
 * log line. The API's address is not a secret and is remembered across tabs.
 */
const TOKEN_KEY = "kindred.console.token";
const API_KEY = "kindred.console.api";
const TILES_KEY = "kindred.console.tiles";

export interface Session {
  apiUrl: string;
  token: string | undefined;
  claims: TokenClaims | undefined;
}

/** Local mode serves the console next to the API: by default the API is the page's own origin. */
const defaultApi = () => (location.protocol.startsWith("http") ? location.origin : "");

export function loadSession(): Session {
  const token = sessionStorage.getItem(TOKEN_KEY) ?? undefined;
  return {
    apiUrl: localStorage.getItem(API_KEY) ?? defaultApi(),
    token,
    claims: token ? readClaims(token) : undefined,
  };
}

export function saveSession(apiUrl: string, token: string): Session {
  const trimmed = token.trim().replace(/^Bearer\s+/i, "");
  const api = apiUrl.trim().replace(/\/+$/, "") || defaultApi();
  localStorage.setItem(API_KEY, api);
  if (trimmed) sessionStorage.setItem(TOKEN_KEY, trimmed);
  else sessionStorage.removeItem(TOKEN_KEY);
  return { apiUrl: api, token: trimmed || undefined, claims: trimmed ? readClaims(trimmed) : undefined };
}

export function forgetToken(session: Session): Session {
  sessionStorage.removeItem(TOKEN_KEY);
  return { ...session, token: undefined, claims: undefined };
}

/**
 * A tile server URL template (`https://tile.example/{z}/{x}/{y}.png`) for the maps, if the user set one;
 * without it maps draw countries' outlines only, which needs no network.
 */
export const tileUrl = () => localStorage.getItem(TILES_KEY) ?? "";
export const setTileUrl = (url: string) =>
  url.trim() ? localStorage.setItem(TILES_KEY, url.trim()) : localStorage.removeItem(TILES_KEY);
