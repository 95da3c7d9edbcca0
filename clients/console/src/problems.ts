/** What an API error means for the person at the console, in one or two sentences. */
export interface ProblemLike {
  status: number;
  title?: string;
  detail?: string;
  errors?: { path: string; message: string }[];
}

export function problemText(problem: ProblemLike): string {
  switch (problem.status) {
    case 401:
      return "The token is missing, expired or not valid for this API: paste a new one above.";
    case 403:
      return "This token may not see this (403). A customer token sees only its own data, an ingest token may only send events; the catalog, offers, experiments and other customers need an admin token.";
    case 404:
      return `Not found: ${problem.detail ?? "no such resource"}`;
    case 429:
      return "Too many requests: wait a moment and try again.";
    default: {
      const fields = (problem.errors ?? []).map((e) => `${e.path || "(body)"}: ${e.message}`).join("; ");
      const head = `${problem.title ?? "Error"} (${problem.status})${problem.detail ? `: ${problem.detail}` : ""}`;
      return fields ? `${head} — ${fields}` : head;
    }
  }
}
