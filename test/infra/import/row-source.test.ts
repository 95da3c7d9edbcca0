import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { csvRows, jsonLines, readCsvHeader, type SourceRow } from "../../../infra/import/row-source.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "kindred-rows-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, text: string | Buffer) {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

async function all(rows: AsyncGenerator<SourceRow>) {
  const out: SourceRow[] = [];
  for await (const row of rows) out.push(row);
  return out;
}

async function csv(path: string, from?: { line: number; offset: number }) {
  const header = await readCsvHeader(path);
  return all(csvRows(path, header.columns, from ?? { line: 1, offset: header.end }));
}

describe("CSV rows", () => {
  it("carry the line they end on and the offset after them, with LF or CRLF, blank lines and quoted breaks", async () => {
    for (const eol of ["\n", "\r\n"]) {
      const text = ["a,b", "1,x", "", `2,"two${eol}lines"`, "3,z"].join(eol);
      const rows = await csv(await file(`rows-${eol.length}.csv`, text));
      expect(rows.map((r) => [r.line, r.value])).toEqual([
        [2, { a: "1", b: "x" }],
        [5, { a: "2", b: `two${eol}lines` }],
        [6, { a: "3", b: "z" }],
      ]);
      expect(rows.at(-1)?.end).toBe(Buffer.byteLength(text));
    }
  });

  it("resume from a row's end offset with the same lines and values", async () => {
    const path = await file("resume.csv", "a,b\n1,é\n2,ü\n3,z\n");
    const first = await csv(path);
    const second = first[1] as SourceRow;
    expect(await csv(path, { line: second.line, offset: second.end })).toEqual(first.slice(2));
  });

  it("drop a byte-order mark from the header and count its bytes", async () => {
    const path = await file(
      "bom.csv",
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("a,b\n1,2\n")]),
    );
    expect(await readCsvHeader(path)).toEqual({ columns: ["a", "b"], end: 7 });
    expect((await csv(path)).map((r) => r.value)).toEqual([{ a: "1", b: "2" }]);
  });

  it("report a row with the wrong number of cells as an error row, and go on", async () => {
    const rows = await csv(await file("ragged.csv", "a,b\n1\n2,3\n"));
    expect(rows[0]).toMatchObject({
      line: 2,
      errors: [{ path: "(row)", message: "has 1 cells; the header has 2" }],
    });
    expect(rows[1]).toMatchObject({ line: 3, value: { a: "2", b: "3" } });
  });
});

describe("JSON Lines", () => {
  it("parse each line, skip blank ones, and report a line that is not JSON", async () => {
    const text = '{"a":1}\r\n\n{"a":"ü"}\nnope\n{"a":3}';
    const rows = await all(jsonLines(await file("rows.jsonl", text), { line: 0, offset: 0 }));
    expect(rows.map((r) => [r.line, r.value ?? r.errors])).toEqual([
      [1, { a: 1 }],
      [3, { a: "ü" }],
      [4, [{ path: "(row)", message: "is not valid JSON" }]],
      [5, { a: 3 }],
    ]);
    expect(rows.map((r) => r.end)).toEqual([9, 21, 26, Buffer.byteLength(text)]);
    const resumed = await all(jsonLines(join(dir, "rows.jsonl"), { line: 3, offset: 21 }));
    expect(resumed).toEqual(rows.slice(2));
  });
});
