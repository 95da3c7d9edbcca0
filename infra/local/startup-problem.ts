/**
 * What `npm start` says when it cannot start: the cause and what to do, for the failures a newcomer meets.
 * Anything else keeps its message (and its stack with KINDRED_DEBUG=1).
 */
export function startupProblem(
  error: unknown,
  settings: { port: number; host: string; dataDir: string },
): string {
  const e = error as Error & { code?: string };
  const message = e instanceof Error ? e.message : String(error);
  if (e.code === "EADDRINUSE") {
    return `Port ${settings.port} on ${settings.host} is already in use (another npm start?). Stop that process, or start on another port: PORT=${settings.port + 1} npm start`;
  }
  if (e.code === "EACCES" || e.code === "EADDRNOTAVAIL") {
    return `Cannot listen on ${settings.host}:${settings.port} (${e.code}). Choose another PORT (above 1023) or HOST.`;
  }
  if (/lock/i.test(message) && /(LOCK|IO error|already held)/.test(message)) {
    return `The data directory ${settings.dataDir} is in use by another npm start. Stop it, or use another directory: KINDRED_DATA_DIR=.kindred-2 npm start`;
  }
  if (message.startsWith("Invalid Kindred configuration")) {
    return `${message}\nFix the environment variable named above (README, "Configuration", lists them), or unset it to use its default.`;
  }
  return message;
}
