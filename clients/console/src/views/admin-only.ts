import { h } from "../dom.js";

/** What an admin-only view shows to another token, rather than a wall of 403s. */
export const adminOnly = (what: string) =>
  h(
    "p",
    { class: "notice", role: "note" },
    `${what} need an admin token; this token has no admin scope (or is not valid), so the API would answer 403 or 401.`,
  );
