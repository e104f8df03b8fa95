import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Fix } from "../src/findings.ts";
import { diffBlock, lineReplacement, suggestionBlock } from "../src/report/suggestion.ts";

const lines = [
  "FROM golang:1.14 AS build",
  "RUN go build",
  "",
  "FROM alpine",
  "COPY --from=build /app /app",
  'ENTRYPOINT ["/app"]',
];

function fix(...edits: [number, number, number, number, string][]): Fix {
  return {
    description: "d",
    edits: edits.map(([startLine, startColumn, endLine, endColumn, text]) => ({
      file: "Dockerfile",
      startLine,
      startColumn,
      endLine,
      endColumn,
      text,
    })),
  };
}

describe("lineReplacement", () => {
  it("turns an insertion at a line start into a replacement of that line", () => {
    const r = lineReplacement(
      fix([5, 1, 5, 1, "ENV GODEBUG=madvdontneed=1\n"]),
      "Dockerfile",
      lines,
    );
    assert.deepEqual(r, {
      startLine: 5,
      endLine: 5,
      oldLines: ["COPY --from=build /app /app"],
      newLines: ["ENV GODEBUG=madvdontneed=1", "COPY --from=build /app /app"],
    });
    assert.equal(
      suggestionBlock(r!),
      "```suggestion\nENV GODEBUG=madvdontneed=1\nCOPY --from=build /app /app\n```",
    );
  });

  it("replaces part of a line, keeping the rest", () => {
    const r = lineReplacement(fix([1, 13, 1, 17, "1.22"]), "Dockerfile", lines);
    assert.deepEqual(r?.newLines, ["FROM golang:1.22 AS build"]);
  });

  it("combines several edits and whole-line deletions", () => {
    const r = lineReplacement(fix([2, 1, 3, 1, ""], [4, 6, 4, 12, "scratch"]), "Dockerfile", lines);
    assert.deepEqual(r, {
      startLine: 2,
      endLine: 4,
      oldLines: ["RUN go build", "", "FROM alpine"],
      newLines: ["", "FROM scratch"],
    });
    assert.equal(diffBlock(r!), "```diff\n-RUN go build\n-\n-FROM alpine\n+\n+FROM scratch\n```");
  });

  it("counts columns in bytes", () => {
    const r = lineReplacement(
      {
        description: "d",
        edits: [
          { file: "a.go", startLine: 1, startColumn: 8, endLine: 1, endColumn: 13, text: "call()" },
        ],
      },
      "a.go",
      ["/*ñ*/ defer call()"],
    );
    assert.deepEqual(r?.newLines, ["/*ñ*/ call() call()"]);
  });

  it("refuses edits in other files and overlapping edits", () => {
    assert.equal(
      lineReplacement(
        {
          description: "d",
          edits: [
            { file: "go.mod", startLine: 1, startColumn: 1, endLine: 1, endColumn: 1, text: "x" },
          ],
        },
        "Dockerfile",
        lines,
      ),
      undefined,
    );
    assert.equal(
      lineReplacement(fix([1, 1, 1, 10, "a"], [1, 5, 1, 6, "b"]), "Dockerfile", lines),
      undefined,
    );
  });

  it("uses a longer fence when the code holds backticks", () => {
    const r = lineReplacement(fix([1, 1, 1, 5, "```"]), "Dockerfile", lines);
    assert.equal(suggestionBlock(r!), "````suggestion\n``` golang:1.14 AS build\n````");
  });
});
