import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Finding } from "../src/findings.ts";
import { placeFindings, type ChangeSet } from "../src/filter.ts";
import { parsePatch, type FileDiff } from "../src/parse/diff.ts";

function finding(file: string, line: number, loopLine?: number): Finding {
  return {
    rule: "defer-in-loop",
    severity: "error",
    file,
    line,
    column: 2,
    endLine: line,
    endColumn: 10,
    message: "m",
    evidence: loopLine ? [{ file, line: loopLine, message: "loop starts here" }] : [],
    fixes: [],
  };
}

function diff(
  path: string,
  patch: string | undefined,
  status: FileDiff["status"] = "modified",
): [string, FileDiff] {
  const parsed = patch === undefined ? { added: new Set<number>(), hunks: [] } : parsePatch(patch);
  return [path, { path, status, ...parsed, wholeFile: patch === undefined }];
}

// main.go: lines 10-16 in a hunk; line 12 (a new `for`) and 14 added.
const changes: ChangeSet = new Map([
  diff("main.go", "@@ -10,5 +10,7 @@\n a\n b\n+for {\n c\n+x\n d\n e"),
  diff("big.go", undefined),
  diff("gone.go", "@@ -1 +0,0 @@\n-x", "removed"),
]);

describe("placeFindings", () => {
  const findings = [
    finding("main.go", 13, 12), // old defer wrapped in a new loop: kept through its loop line
    finding("main.go", 14), // on an added line
    finding("main.go", 15), // context line
    finding("main.go", 40), // far away
    finding("big.go", 3), // no patch
    finding("other.go", 1), // unchanged file
  ];
  const modes = ["added", "diff_context", "file", "nofilter"] as const;
  const expected: Record<(typeof modes)[number], string[]> = {
    added: ["inline", "inline", "outside", "outside", "body", "outside"],
    diff_context: ["inline", "inline", "inline", "outside", "body", "outside"],
    file: ["inline", "inline", "inline", "body", "body", "outside"],
    nofilter: ["inline", "inline", "inline", "body", "body", "body"],
  };
  for (const mode of modes) {
    it(`labels findings in ${mode} mode`, () => {
      const placed = placeFindings(
        findings,
        findings.map((_, i) => `fp${i}`),
        changes,
        mode,
      );
      assert.deepEqual(
        placed.map((p) => p.placement),
        expected[mode],
      );
      assert.deepEqual(
        placed.map((p) => p.fingerprint),
        ["fp0", "fp1", "fp2", "fp3", "fp4", "fp5"],
      );
    });
  }

  it("says why a finding is not inline", () => {
    const placed = placeFindings(findings, [], changes, "nofilter");
    assert.equal(placed[3]?.reason, "line not in the diff");
    assert.equal(placed[5]?.reason, "file not in the diff");
    assert.match(placed[4]?.reason ?? "", /no line-by-line diff/);
  });

  it("puts everything in the body for an audit (no change set)", () => {
    assert.deepEqual(
      placeFindings(findings, [], undefined, "added").map((p) => p.placement),
      Array(6).fill("body"),
    );
  });
});

describe("placeFindings for build settings", () => {
  it("keeps a Dockerfile finding when the change only deleted a line of that Dockerfile", () => {
    const madv: Finding = {
      rule: "madv-free-build",
      severity: "error",
      file: "Dockerfile",
      line: 1,
      column: 6,
      endLine: 1,
      endColumn: 17,
      message: "m",
      evidence: [{ file: "Dockerfile", line: 6, message: "the final stage sets no GODEBUG" }],
      fixes: [],
    };
    // The change removed `ENV GODEBUG=madvdontneed=1` (old line 7) from the final stage.
    const removal: ChangeSet = new Map([
      diff(
        "Dockerfile",
        "@@ -6,3 +6,2 @@\n FROM alpine\n-ENV GODEBUG=madvdontneed=1\n COPY --from=build /app /app",
      ),
    ]);
    const placed = placeFindings([madv], ["fp"], removal, "added");
    assert.equal(placed[0]?.placement, "body");
    assert.equal(placed[0]?.reason, "line not in the diff");
    const elsewhere: ChangeSet = new Map([diff("main.go", "@@ -1 +1 @@\n-a\n+b")]);
    assert.equal(placeFindings([madv], ["fp"], elsewhere, "added")[0]?.placement, "outside");
  });
});
