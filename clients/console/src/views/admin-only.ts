import { h } from "../dom.js";

/** What an admin-only view shows to another token, rather than a wall of 403s. */
export const adminOnly = (what: string) =>
  h(
    "p",
    { class: "notice", role: "note" },
    `${what} need an admin token: a customer token sees only its own customer (the API answers 403).`,
  );
