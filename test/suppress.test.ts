import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Finding } from "../src/findings.ts";
import { applySuppressions } from "../src/suppress.ts";

function finding(file: string, line: number, rule: Finding["rule"] = "defer-in-loop"): Finding {
  return {
    rule,
    severity: "error",
    file,
    line,
    column: 1,
    endLine: line,
    endColumn: 2,
    message: "m",
    evidence: [],
    fixes: [],
  };
}

describe("applySuppressions", () => {
  const go = [
    "package p", // 1
    "func f() {", // 2
    "	defer a() //nolint:gomemcheck", // 3
    "	//gomemcheck:ignore defer-in-loop bounded to three", // 4
    "	defer b()", // 5
    "	defer c() //nolint", // 6
    "	defer d() //nolint:errcheck", // 7
    "	x := 1 //nolint", // 8
    "	defer e()", // 9
    "	//gomemcheck:ignore madv-free-build wrong rule", // 10
    "	defer g()", // 11
    "	defer h() //nolint:errcheck,defer-in-loop", // 12
  ].join("\n");
  const docker = [
    "FROM golang:1.14 AS build # gomemcheck:ignore madv-free-build",
    "# gomemcheck:ignore",
    "FROM golang:1.13",
    "FROM golang:1.12",
  ].join("\n");
  const texts = new Map([
    ["a.go", go],
    ["Dockerfile", docker],
  ]);
  const linesOf = (file: string) => texts.get(file)?.split("\n");

  it("honours nolint and gomemcheck:ignore on the line and a comment line above", () => {
    const kept = applySuppressions(
      [3, 5, 6, 7, 9, 11, 12].map((l) => finding("a.go", l)),
      linesOf,
    );
    // 7: nolint for another linter; 9: the nolint above is a trailing comment of line 8; 11: other rule.
    assert.deepEqual(
      kept.map((f) => f.line),
      [7, 9, 11],
    );
  });

  it("honours # gomemcheck:ignore in Dockerfiles", () => {
    const kept = applySuppressions(
      [1, 3, 4].map((l) => finding("Dockerfile", l, "madv-free-build")),
      linesOf,
    );
    assert.deepEqual(
      kept.map((f) => f.line),
      [4],
    );
  });
});
