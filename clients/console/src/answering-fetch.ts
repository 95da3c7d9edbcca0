/**
 * `fetch` for the console's API client that always ends in an answer a view can show: no answer at all (a
 * wrong API URL, Kindred stopped) becomes a 503 problem, and an answer that is not JSON (a captive portal, a
 * web page at that URL) a 502 problem — instead of a rejected promise every view would have to catch.
 */
export function answeringFetch(apiUrl: string, base: typeof fetch = fetch): typeof fetch {
  return async (input, init) => {
    let response: Response;
    try {
      response = await base(input, init);
    } catch {
      return problem(
        503,
        "API unreachable",
        `No answer from ${apiUrl}: check the API URL and that Kindred is running.`,
      );
    }
    const type = response.headers.get("content-type") ?? "";
    if (response.status !== 204 && !/json/i.test(type)) {
      return problem(
        502,
        "Not Kindred's answer",
        `${apiUrl} answered with ${type || "no content type"}, not JSON: check the API URL.`,
      );
    }
    return response;
  };
}

const problem = (status: number, title: string, detail: string) =>
  new Response(JSON.stringify({ type: "about:blank", title, status, detail }), {
    status,
    headers: { "content-type": "application/problem+json" },
  });

/**
 * Which of several overlapping loads of one view may still show its answer: each load takes a ticket, and
 * only the latest ticket's answer is shown (an older answer arriving late is dropped).
 */
export function latest(): { take(): number; isLatest(ticket: number): boolean } {
  let last = 0;
  return { take: () => ++last, isLatest: (ticket) => ticket === last };
}
