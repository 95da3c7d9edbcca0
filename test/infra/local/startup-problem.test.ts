import { describe, expect, it } from "vitest";
import { startupProblem } from "../../../infra/local/startup-problem.js";

const settings = { port: 3000, host: "127.0.0.1", dataDir: ".kindred" };
const withCode = (code: string) => Object.assign(new Error(`listen ${code}`), { code });

describe("what npm start says when it cannot start", () => {
  it("names a busy port and the next one to try", () => {
    expect(startupProblem(withCode("EADDRINUSE"), settings)).toMatch(
      /Port 3000 on 127.0.0.1 is already in use.*PORT=3001 npm start/,
    );
  });

  it("names a data directory another server holds", () => {
    const error = new Error("IO error: lock .kindred/kinesis/LOCK: Resource temporarily unavailable");
    expect(startupProblem(error, settings)).toMatch(
      /\.kindred is in use by another npm start.*KINDRED_DATA_DIR/,
    );
  });

  it("points a bad setting to the README's list of settings", () => {
    const error = new Error("Invalid Kindred configuration: KINDRED_STRATEGY.diversity: Too big");
    expect(startupProblem(error, settings)).toMatch(
      /KINDRED_STRATEGY\.diversity: Too big\nFix the environment/,
    );
  });

  it("passes any other failure's message on, without a stack", () => {
    expect(startupProblem(new Error("disk full"), settings)).toBe("disk full");
  });
});
