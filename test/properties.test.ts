// Property-based tests (fast-check) for the diff/hunk mapper, the suggestion renderer, Markdown
// escaping and suppression. The go.mod, Dockerfile and GODEBUG parsers and the defer fix
// synthesis have theirs in their own test files.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { applyEdits } from "../src/analyzers/defer/fix.ts";
import type { Edit, Finding, RuleId } from "../src/findings.ts";
import { parseGitDiff, parsePatch, type Hunk } from "../src/parse/diff.ts";
import { md, mdCode } from "../src/report/escape.ts";
import { location } from "../src/report/markdown.ts";
import { lineReplacement, suggestionBlock } from "../src/report/suggestion.ts";
import { applySuppressions } from "../src/suppress.ts";

const RUNS = { numRuns: 300, endOnFailure: true };

/** Text of a diff line: anything but a line feed (CRs and unicode included). */
const lineText = fc.string({
  unit: fc.constantFrom("a", "b", " ", "+", "-", "@", "\r", "é", "\\"),
});

describe("diff/hunk mapper", () => {
  type Op = { kind: " " | "+" | "-"; text: string };
  const hunkOps = fc.array(
    fc.record({ kind: fc.constantFrom(" " as const, "+" as const, "-" as const), text: lineText }),
    { minLength: 1, maxLength: 12 },
  );
  const patchModel = fc
    .tuple(
      fc.array(fc.tuple(fc.nat(20), hunkOps), { minLength: 1, maxLength: 5 }),
      fc.boolean(),
      fc.boolean(),
    )
    .map(([parts, omitCounts, noNewline]) => {
      const hunks: Hunk[] = [];
      const added = new Set<number>();
      const lines: string[] = [];
      let oldLine = 1;
      let newLine = 1;
      parts.forEach(([gap, ops]: [number, Op[]], i) => {
        oldLine += gap;
        newLine += gap;
        const oldLines = ops.filter((o) => o.kind !== "+").length;
        const newLines = ops.filter((o) => o.kind !== "-").length;
        const hunk = { oldStart: oldLine, oldLines, newStart: newLine, newLines };
        hunks.push(hunk);
        // A count of 1 may be left out of the header, as git does.
        const count = (n: number) => (omitCounts && n === 1 ? "" : `,${n}`);
        lines.push(`@@ -${oldLine}${count(oldLines)} +${newLine}${count(newLines)} @@ f()`);
        for (const op of ops) {
          if (op.kind === "+") added.add(newLine);
          if (op.kind !== "+") oldLine++;
          if (op.kind !== "-") newLine++;
          lines.push(`${op.kind}${op.text}`);
        }
        if (noNewline && i === parts.length - 1) lines.push("\\ No newline at end of file");
      });
      return { patch: lines.join("\n"), hunks, added };
    });

  it("parsePatch: hunk ranges and added lines match the model", () => {
    fc.assert(
      fc.property(patchModel, ({ patch, hunks, added }) => {
        const parsed = parsePatch(patch);
        assert.deepEqual(parsed.hunks, hunks);
        assert.deepEqual(
          [...parsed.added].sort((a, b) => a - b),
          [...added].sort((a, b) => a - b),
        );
      }),
      RUNS,
    );
  });

  it("parseGitDiff never throws on arbitrary text or diff-shaped text", () => {
    const header = fc.constantFrom(
      "diff --git a/x.go b/x.go",
      "--- a/x.go",
      "+++ b/x.go",
      '--- "a/sp\\303\\244ce.go"',
      '+++ "b/',
      '+++ "b/x\\"',
      '+++ "b/x\\',
      'rename to "y\\7',
      "rename from x",
      "new file mode 100644",
      "deleted file mode 100644",
      "Binary files a/x and b/x differ",
      "@@ -1,2 +1,3 @@",
      "@@ -0,0 +1 @@",
      "+added",
      "-removed",
      " context",
      "\\ No newline at end of file",
    );
    const diffish = fc
      .array(fc.oneof(header, lineText), { maxLength: 30 })
      .map((ls) => ls.join("\n"));
    fc.assert(
      fc.property(fc.oneof(fc.string(), diffish), (text) => {
        const files = parseGitDiff(text);
        for (const f of files) {
          assert.equal(typeof f.path, "string");
          for (const line of f.added) assert.ok(Number.isInteger(line));
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe("suggestion renderer", () => {
  /** 1-based UTF-8 byte column of a UTF-16 index in a line. */
  const byteColumn = (line: string, index: number) =>
    Buffer.byteLength(line.slice(0, index), "utf8") + 1;

  const fileLines = fc.array(
    fc.string({ unit: fc.constantFrom("a", "b", "\t", " ", "é", "日", "😀", "`") }),
    { minLength: 1, maxLength: 8 },
  );
  /** Lines and 0..3 non-overlapping edits at code-point boundaries. */
  // At least two positions to pick an edit from (a lone empty line has one).
  const scenario = fileLines
    .filter((ls) => ls.length > 1 || ls[0] !== "")
    .chain((lines) => {
      // Every position (line, index) at a code-point boundary, in text order.
      const positions: [number, number][] = [];
      lines.forEach((l, i) => {
        for (let j = 0; j <= l.length; j++) {
          const code = l.charCodeAt(j - 1);
          if (j > 0 && code >= 0xd800 && code <= 0xdbff) continue;
          positions.push([i + 1, j]);
        }
      });
      return fc
        .tuple(
          fc.uniqueArray(fc.nat(positions.length - 1), { minLength: 2, maxLength: 6 }),
          fc.array(fc.string({ unit: fc.constantFrom("x", "\n", "é", " ") }), {
            minLength: 3,
            maxLength: 3,
          }),
        )
        .map(([picks, texts]) => {
          const sorted = [...picks].sort((a, b) => a - b);
          const edits: Edit[] = [];
          for (let k = 0; k + 1 < sorted.length; k += 2) {
            const [sl, si] = positions[sorted[k]!]!;
            const [el, ei] = positions[sorted[k + 1]!]!;
            edits.push({
              file: "f.go",
              startLine: sl,
              startColumn: byteColumn(lines[sl - 1]!, si),
              endLine: el,
              endColumn: byteColumn(lines[el - 1]!, ei),
              text: texts[k / 2] ?? "",
            });
          }
          return { lines, edits };
        });
    });

  it("applying the edits to the text equals replacing startLine..endLine with newLines", () => {
    fc.assert(
      fc.property(scenario, ({ lines, edits }) => {
        const r = lineReplacement({ description: "d", edits }, "f.go", lines);
        assert.ok(r, "edits inside the file always give a replacement");
        const whole = applyEdits(lines.join("\n"), edits);
        const expected = [
          ...lines.slice(0, r.startLine - 1),
          ...r.newLines,
          ...lines.slice(r.endLine),
        ].join("\n");
        assert.equal(whole, expected);
        assert.deepEqual(r.oldLines, lines.slice(r.startLine - 1, r.endLine));
        const block = suggestionBlock(r);
        const fence = /^`+/.exec(block)![0];
        const body = r.newLines.length === 0 ? "" : `${r.newLines.join("\n")}\n`;
        assert.equal(block, `${fence}suggestion\n${body}${fence}`);
        assert.ok(!r.newLines.join("\n").includes(fence));
      }),
      RUNS,
    );
  });

  it("never throws on arbitrary edits (out of range, inverted, other files)", () => {
    const edit = fc.record({
      file: fc.constantFrom("f.go", "g.go"),
      startLine: fc.integer({ min: -2, max: 12 }),
      startColumn: fc.integer({ min: -2, max: 40 }),
      endLine: fc.integer({ min: -2, max: 12 }),
      endColumn: fc.integer({ min: -2, max: 40 }),
      text: fc.string(),
    });
    fc.assert(
      fc.property(fileLines, fc.array(edit, { maxLength: 4 }), (lines, edits) => {
        const r = lineReplacement({ description: "d", edits }, "f.go", lines);
        if (r) suggestionBlock(r);
      }),
      { numRuns: 1000 },
    );
  });
});

describe("Markdown escaping", () => {
  /** Cell separators as GitHub (cmark-gfm) splits a table row: `|` not directly after `\`. */
  const separators = (row: string) =>
    [...row].filter((c, i) => c === "|" && row[i - 1] !== "\\").length;

  /** `<` outside code spans and not backslash-escaped. */
  function rawAngles(text: string): number {
    let n = 0;
    for (let i = 0; i < text.length; i++) {
      if (text[i] === "`") {
        let run = 0;
        while (text[i + run] === "`") run++;
        const close = text.indexOf("`".repeat(run), i + run);
        i = (close === -1 ? i : close) + run - 1;
      } else if (text[i] === "\\") i++;
      else if (text[i] === "<") n++;
    }
    return n;
  }

  const hostile = fc.string({
    unit: fc.oneof(
      fc.constantFrom("|", "`", "<", ">", "]", "[", "\\", "\n", "\r", "*", "_", "#", " ", "&"),
      fc.string({ minLength: 1, maxLength: 1 }),
    ),
  });

  it("a table row of md() and a code-span location keeps its cells and has no raw <", () => {
    fc.assert(
      fc.property(hostile, fc.nat(99999), (text, line) => {
        const row = `| ${md(text)} | ${location(text, line, {})} |`;
        assert.equal(separators(row), 3, row);
        assert.equal(rawAngles(row), 0, row);
        // A line ending (LF, CR or CRLF) anywhere would end the row.
        assert.doesNotMatch(row, /[\r\n]/);
      }),
      { numRuns: 1000 },
    );
  });

  it("mdCode is one code span whose fence does not occur inside it", () => {
    fc.assert(
      // Never called with "": CommonMark has no empty code span.
      fc.property(
        hostile.filter((t) => t !== ""),
        (text) => {
          const code = mdCode(text);
          const fence = /^`+/.exec(code)![0];
          assert.ok(code.endsWith(fence) && code.length >= 2 * fence.length);
          const inner = code.slice(fence.length, code.length - fence.length);
          for (const m of inner.matchAll(/`+/g)) assert.notEqual(m[0].length, fence.length);
          assert.doesNotMatch(code, /[\r\n]/);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe("suppression", () => {
  const RULE_IDS: RuleId[] = ["defer-in-loop", "madv-free-build", "go-unsupported"];
  const directive = fc.constantFrom(
    "//nolint",
    "// nolint:defer-in-loop",
    "//nolint:gomemcheck,other",
    "//nolint:",
    "# gomemcheck:ignore",
    "# gomemcheck:ignore madv-free-build reason",
    "//gomemcheck:ignore all",
    "x := 1 //nolint:defer-in-loop",
  );
  const text = fc
    .tuple(
      fc.array(fc.oneof(directive, fc.string()), { maxLength: 10 }),
      fc.constantFrom("\n", "\r\n", "\r"),
    )
    .map(([ls, eol]) => ls.join(eol));
  const finding = fc.record({
    rule: fc.constantFrom(...RULE_IDS),
    file: fc.constantFrom("a.go", "Dockerfile", "go.mod", "missing.go"),
    line: fc.integer({ min: -1, max: 12 }),
  });

  it("never throws and keeps a subset of the findings, in order", () => {
    fc.assert(
      fc.property(
        fc.array(finding, { maxLength: 8 }),
        text,
        text,
        text,
        (specs, goText, dockerText, modText) => {
          const findings: Finding[] = specs.map((s) => ({
            ...s,
            severity: "warning",
            column: 1,
            endLine: s.line,
            endColumn: 1,
            message: "m",
            evidence: [],
            fixes: [],
          }));
          const texts = new Map([
            ["a.go", goText],
            ["Dockerfile", dockerText],
            ["go.mod", modText],
          ]);
          const kept = applySuppressions(findings, (file) => texts.get(file)?.split("\n"));
          let at = 0;
          for (const k of kept) {
            while (at < findings.length && findings[at] !== k) at++;
            assert.ok(at < findings.length, "kept findings are the input's, in order");
            at++;
          }
          // Findings in files without text are never suppressed.
          for (const f of findings) if (f.file === "missing.go") assert.ok(kept.includes(f));
        },
      ),
      RUNS,
    );
  });
});
