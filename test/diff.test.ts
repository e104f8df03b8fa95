import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { inHunks, parseGitDiff, parsePatch } from "../src/parse/diff.ts";

describe("parsePatch", () => {
  it("maps added lines and hunks on the new side", () => {
    const patch = [
      "@@ -1,4 +1,5 @@",
      " a",
      "-b",
      "+B",
      "+C",
      " d",
      " e",
      "@@ -20,2 +21,3 @@ func f() {",
      " x",
      "+y",
      " z",
    ].join("\n");
    const { added, hunks } = parsePatch(patch);
    assert.deepEqual([...added], [2, 3, 22]);
    assert.deepEqual(hunks, [
      { oldStart: 1, oldLines: 4, newStart: 1, newLines: 5 },
      { oldStart: 20, oldLines: 2, newStart: 21, newLines: 3 },
    ]);
    assert.equal(inHunks(hunks, 5)?.newStart, 1);
    assert.equal(inHunks(hunks, 6), undefined);
    assert.equal(inHunks(hunks, 23)?.newStart, 21);
    assert.equal(inHunks(hunks, 24), undefined);
  });

  it("handles single-line hunks without counts and the no-newline marker", () => {
    const { added, hunks } = parsePatch("@@ -0,0 +1 @@\n+only\n\\ No newline at end of file");
    assert.deepEqual([...added], [1]);
    assert.deepEqual(hunks, [{ oldStart: 0, oldLines: 0, newStart: 1, newLines: 1 }]);
  });

  it("never throws on garbage", () => {
    assert.deepEqual(parsePatch("not a patch\n@@ broken @@\n+x").hunks, []);
  });
});

describe("parseGitDiff", () => {
  it("reads modified, added, renamed, removed and quoted paths", () => {
    const text = [
      "diff --git a/main.go b/main.go",
      "index 1..2 100644",
      "--- a/main.go",
      "+++ b/main.go",
      "@@ -1,2 +1,3 @@",
      " package main",
      "+",
      " func main() {}",
      "diff --git a/new.go b/new.go",
      "new file mode 100644",
      "--- /dev/null",
      "+++ b/new.go",
      "@@ -0,0 +1 @@",
      "+package main",
      "diff --git a/old.go b/renamed.go",
      "similarity index 100%",
      "rename from old.go",
      "rename to renamed.go",
      "diff --git a/gone.go b/gone.go",
      "deleted file mode 100644",
      "--- a/gone.go",
      "+++ /dev/null",
      "@@ -1 +0,0 @@",
      "-package main",
      'diff --git "a/sp\\303\\244ce dir/a.go" "b/sp\\303\\244ce dir/a.go"',
      '--- "a/sp\\303\\244ce dir/a.go"',
      '+++ "b/sp\\303\\244ce dir/a.go"',
      "@@ -1 +1 @@",
      "-a",
      "+b",
      "",
    ].join("\n");
    const files = parseGitDiff(text);
    assert.deepEqual(
      files.map((f) => [f.path, f.status, [...f.added], f.previousPath]),
      [
        ["main.go", "modified", [2], undefined],
        ["new.go", "added", [1], undefined],
        ["renamed.go", "renamed", [], "old.go"],
        ["gone.go", "removed", [], undefined],
        ["späce dir/a.go", "modified", [1], undefined],
      ],
    );
  });
});
