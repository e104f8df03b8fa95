// Fix plans and unified diffs: every diff must be taken by `git apply` and give the same bytes
// as applying the edits directly.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import fc from "fast-check";
import type { Edit, Finding, Fix } from "../src/findings.ts";
import { applyFileEdits, planFixes, quotePath, unifiedDiff } from "../src/report/patch.ts";

function edit(
  startLine: number,
  startColumn: number,
  endLine: number,
  endColumn: number,
  text: string,
): Edit {
  return { file: "f.go", startLine, startColumn, endLine, endColumn, text };
}

const TEN = Array.from({ length: 10 }, (_, i) => `line${i + 1}`);
const LF = TEN.join("\n") + "\n";

const cases: { name: string; text: string; edits: Edit[]; expected: string }[] = [
  {
    name: "a replacement inside one line",
    text: LF,
    edits: [edit(5, 1, 5, 5, "LINE")],
    expected: LF.replace("line5", "LINE5"),
  },
  {
    name: "whole lines inserted before a line",
    text: LF,
    edits: [edit(1, 1, 1, 1, "a\nb\n")],
    expected: "a\nb\n" + LF,
  },
  {
    name: "whole lines deleted",
    text: LF,
    edits: [edit(3, 1, 5, 1, "")],
    expected: LF.replace("line3\nline4\n", ""),
  },
  {
    name: "two hunks far apart and one edit spanning lines",
    text: LF,
    edits: [edit(1, 5, 1, 6, "ONE"), edit(9, 2, 10, 3, "X")],
    expected: LF.replace("line1", "lineONE").replace("line9\nline10", "lXne10"),
  },
  {
    name: "two edits close together share a hunk",
    text: LF,
    edits: [edit(2, 1, 2, 1, "// "), edit(6, 1, 6, 1, "// ")],
    expected: LF.replace("line2", "// line2").replace("line6", "// line6"),
  },
  {
    name: "CRLF line endings kept, inserted lines get CRLF",
    text: TEN.join("\r\n") + "\r\n",
    edits: [edit(4, 1, 4, 1, "new\n")],
    expected: TEN.slice(0, 3).join("\r\n") + "\r\nnew\r\n" + TEN.slice(3).join("\r\n") + "\r\n",
  },
  {
    name: "a byte order mark kept, columns counting bytes after multi-byte text",
    text: "\uFEFFpackage p // é \nvar x = 1\n",
    // The BOM is 3 bytes of line 1, "é" 2 more: column 17 is "é", 19 the space after it.
    edits: [edit(1, 17, 1, 19, "e"), edit(2, 9, 2, 10, "2")],
    expected: "\uFEFFpackage p // e \nvar x = 2\n",
  },
  {
    name: "no newline at the end, edit on the last line",
    text: "a\nb\nc",
    edits: [edit(3, 1, 3, 2, "C")],
    expected: "a\nb\nC",
  },
  {
    name: "no newline at the end, edit above it",
    text: "a\nb\nc",
    edits: [edit(1, 1, 1, 2, "A")],
    expected: "A\nb\nc",
  },
  {
    name: "lines appended at the end",
    text: "a\nb\n",
    edits: [edit(3, 1, 3, 1, "c\n")],
    expected: "a\nb\nc\n",
  },
  {
    name: "a replacement that joins two lines",
    text: "a\nb\nc\nd\n",
    edits: [edit(2, 2, 3, 1, " ")],
    expected: "a\nb c\nd\n",
  },
];

describe("unifiedDiff", () => {
  const dir = mkdtempSync(join(tmpdir(), "gmc-patch-"));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const git = (...args: string[]) =>
    spawnSync("git", ["-c", "core.autocrlf=false", ...args], { cwd: dir, encoding: "utf8" });
  git("init", "-q");

  for (const c of cases) {
    it(`${c.name}: git apply --check takes it and the result equals the edits applied`, () => {
      assert.equal(applyFileEdits(c.text, c.edits), c.expected);
      writeFileSync(join(dir, "f.go"), c.text);
      const patch = unifiedDiff("f.go", c.text, c.edits);
      writeFileSync(join(dir, "fix.patch"), patch);
      const check = git("apply", "--check", "fix.patch");
      assert.equal(check.status, 0, `${check.stderr}\n${patch}`);
      const applied = git("apply", "fix.patch");
      assert.equal(applied.status, 0, applied.stderr);
      assert.equal(readFileSync(join(dir, "f.go"), "utf8"), c.expected, patch);
    });
  }

  it("random edits on random files: git apply gives exactly the edited bytes", () => {
    // Seeded, so every run checks the same 60 cases.
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom("a", "bb", "", "\tc", "é", "x y"), {
          minLength: 0,
          maxLength: 14,
        }),
        fc.boolean(),
        fc.boolean(),
        fc.array(
          fc.record({
            at: fc.nat(),
            len: fc.nat({ max: 6 }),
            text: fc.constantFrom("", "Z", "new\n", "\n", "p\nq", "w\nv\n"),
          }),
          { minLength: 1, maxLength: 4 },
        ),
        (lines, crlf, finalNewline, raw) => {
          const eol = crlf ? "\r\n" : "\n";
          const text = lines.join(eol) + (finalNewline && lines.length > 0 ? eol : "");
          // Positions on character boundaries (not inside "\r\n" or "é"), as line/byte column.
          const points: { line: number; column: number; offset: number }[] = [];
          let line = 1;
          let column = 1;
          for (let i = 0; i <= text.length; i++) {
            if (text[i - 1] !== "\r" || text[i] !== "\n") points.push({ line, column, offset: i });
            if (i === text.length) break;
            if (text[i] === "\n") {
              line++;
              column = 1;
            } else column += Buffer.byteLength(text[i]!);
          }
          let from = 0;
          const edits: Edit[] = [];
          for (const r of raw) {
            const start = from + (r.at % Math.max(1, points.length - from));
            if (start >= points.length) break;
            const end = Math.min(points.length - 1, start + r.len);
            const a = points[start]!;
            const b = points[end]!;
            edits.push(edit(a.line, a.column, b.line, b.column, r.text));
            from = end + 1;
          }
          const expected = applyFileEdits(text, edits);
          writeFileSync(join(dir, "f.go"), text);
          const patch = unifiedDiff("f.go", text, edits);
          // No diff exactly when the edits change nothing.
          assert.equal(patch === "", expected === text, JSON.stringify({ text, edits, patch }));
          if (patch === "") return;
          writeFileSync(join(dir, "fix.patch"), patch);
          const applied = git("apply", "fix.patch");
          assert.equal(applied.status, 0, `${applied.stderr}\n${JSON.stringify({ text, edits })}`);
          assert.equal(
            readFileSync(join(dir, "f.go"), "utf8"),
            expected,
            JSON.stringify({ text, edits }),
          );
        },
      ),
      { seed: 20261129, numRuns: 60 },
    );
  });

  it("prints git's header and hunk ranges", () => {
    assert.equal(
      unifiedDiff("a/b.go", "x\ny\n", [{ ...edit(2, 1, 2, 2, "Y"), file: "a/b.go" }]),
      "diff --git a/a/b.go b/a/b.go\n--- a/a/b.go\n+++ b/a/b.go\n@@ -1,2 +1,2 @@\n x\n-y\n+Y\n",
    );
    assert.equal(unifiedDiff("f.go", "x\n", []), "");
    assert.equal(unifiedDiff("f.go", "x\ny\n", [edit(2, 1, 2, 2, "y")]), "");
  });

  it("quotes a path with a line break as git does, so it cannot start a line of its own", () => {
    assert.equal(quotePath("a/x\n::stop-commands::t.go"), '"a/x\\n::stop-commands::t.go"');
    assert.equal(quotePath('a/q"\x1b.go'), '"a/q\\"\\033.go"');
    assert.equal(quotePath("a/plain.go"), "a/plain.go");
  });
});

function finding(line: number, fixes: Fix[]): Finding {
  return {
    rule: "defer-in-loop",
    severity: "warning",
    file: "f.go",
    line,
    column: 1,
    endLine: line,
    endColumn: 2,
    message: "m",
    evidence: [],
    fixes,
  };
}

describe("planFixes", () => {
  it("takes preferred fixes in order and skips a later one that overlaps, saying which", () => {
    const a = finding(2, [{ description: "A", edits: [edit(2, 1, 4, 1, "x\n")], safe: true }]);
    const b = finding(3, [{ description: "B", edits: [edit(3, 1, 3, 2, "y")], safe: true }]);
    const c = finding(4, [{ description: "C", edits: [edit(4, 1, 4, 1, "z")], safe: true }]);
    const plan = planFixes([a, b, c]);
    assert.deepEqual(
      plan.chosen.map((x) => x.fix.description),
      ["A", "C"],
    );
    assert.deepEqual(
      plan.skipped.map((x) => [x.fix.description, x.reason]),
      [["B", "overlaps the fix for f.go:2 (defer-in-loop), applied first"]],
    );
    assert.equal(plan.editsByFile.get("f.go")?.length, 2);
  });

  it("never takes two insertions at one point, and honours refusals", () => {
    const a = finding(1, [{ description: "A", edits: [edit(1, 1, 1, 1, "x")] }]);
    const b = finding(1, [{ description: "B", edits: [edit(1, 1, 1, 1, "y")] }]);
    const refused = planFixes([a, b], (fix) => (fix.safe ? undefined : "needs review"));
    assert.deepEqual(refused.chosen, []);
    assert.deepEqual(
      refused.skipped.map((x) => x.reason),
      ["needs review", "needs review"],
    );
    const all = planFixes([a, b]);
    assert.deepEqual(
      all.chosen.map((x) => x.fix.description),
      ["A"],
    );
  });
});
