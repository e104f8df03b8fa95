// A Go file with findings keeps only the lines its findings and fixes cover (run.ts): as long
// as the file, the rest left empty, and what the reports read is all there.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Finding } from "../src/findings.ts";
import { lineReplacement } from "../src/report/suggestion.ts";
import { coveredLines } from "../src/run.ts";

const TEXT = Array.from({ length: 40 }, (_, i) => `line ${i + 1} ünï`).join("\n");

function finding(line: number, endLine: number, edits: [number, number][]): Finding {
  return {
    rule: "defer-in-loop",
    severity: "warning",
    file: "a.go",
    line,
    column: 2,
    endLine,
    endColumn: 5,
    message: "m",
    evidence: [],
    fixes: [
      {
        description: "d",
        edits: edits.map(([start, end]) => ({
          file: "a.go",
          startLine: start,
          startColumn: 1,
          endLine: end,
          endColumn: 3,
          text: "x",
        })),
      },
    ],
  };
}

describe("coveredLines", () => {
  it("keeps each finding's lines, the line above it and every line a fix edits, nothing else", () => {
    const lines = coveredLines("a.go", TEXT, [finding(10, 12, [[20, 23]])]);
    assert.equal(lines.length, 40);
    const kept = lines.flatMap((l, i) => (l === undefined ? [] : [i + 1]));
    assert.deepEqual(kept, [9, 10, 12, 20, 21, 22, 23]);
    assert.equal(lines[19], "line 20 ünï");
    // A suggestion of that fix reads only what is kept.
    const r = lineReplacement(finding(10, 12, [[20, 23]]).fixes[0]!, "a.go", lines);
    assert.deepEqual(r?.oldLines, ["line 20 ünï", "line 21 ünï", "line 22 ünï", "line 23 ünï"]);
  });

  it("ignores edits in other files and clamps to the file", () => {
    const f = finding(1, 1, [[39, 45]]);
    f.fixes[0]!.edits.push({ ...f.fixes[0]!.edits[0]!, file: "b.go", startLine: 5, endLine: 6 });
    const lines = coveredLines("a.go", TEXT, [f]);
    const kept = lines.flatMap((l, i) => (l === undefined ? [] : [i + 1]));
    assert.deepEqual(kept, [1, 39, 40]);
  });
});
