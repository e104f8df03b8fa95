import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { AnalysisError, Finding } from "../src/findings.ts";
import type { PlacedFinding } from "../src/filter.ts";
import { annotate } from "../src/report/annotations.ts";
import { md, mdCode, mdMessage } from "../src/report/escape.ts";
import { renderJson } from "../src/report/json.ts";
import { renderMarkdown, splitMessage } from "../src/report/markdown.ts";
import { renderSarif } from "../src/report/sarif.ts";
import { renderText, shortDiff } from "../src/report/text.ts";
import type { AnnotationLevel, AnnotationProps, Logger } from "../src/github/logger.ts";

const deferFinding: Finding = {
  rule: "defer-in-loop",
  severity: "error",
  file: "internal/a|b].go",
  line: 12,
  column: 3,
  endLine: 12,
  endColumn: 17,
  message: "defer mu.Unlock() runs when AddAll returns: the next iteration's Lock deadlocks.",
  evidence: [{ file: "internal/a|b].go", line: 10, message: "loop starts here" }],
  fixes: [
    {
      description: "Unlock at the end of each iteration",
      edits: [
        {
          file: "internal/a|b].go",
          startLine: 12,
          startColumn: 3,
          endLine: 12,
          endColumn: 9,
          text: "",
        },
      ],
    },
  ],
};
const noticeFinding: Finding = {
  rule: "go-unsupported",
  severity: "notice",
  file: "go.mod",
  line: 3,
  column: 1,
  endLine: 3,
  endColumn: 8,
  message: "Go 1.19 has been out of support since 2023-08-08.",
  evidence: [],
  fixes: [],
};
const errors: AnalysisError[] = [
  { file: "bin/x.go", line: 1, message: "skipped: binary file (NUL byte), not text" },
];

describe("text", () => {
  it("prints Go-style lines, evidence, the fix and a summary, without colour when piped", () => {
    assert.equal(
      renderText([deferFinding, noticeFinding], errors, { colour: false }),
      [
        "internal/a|b].go:12:3: error defer-in-loop: defer mu.Unlock() runs when AddAll returns: the next iteration's Lock deadlocks.",
        "\t  see internal/a|b].go line 10: loop starts here",
        "\tfix: Unlock at the end of each iteration",
        "go.mod:3:1: notice go-unsupported: Go 1.19 has been out of support since 2023-08-08.",
        "bin/x.go:1: not analysed: skipped: binary file (NUL byte), not text",
        "gomemcheck: 2 findings (1 error, 0 warnings, 1 notice); 1 input not analysed",
        "",
      ].join("\n"),
    );
  });

  it("colours the severity on a terminal", () => {
    assert.match(
      renderText([deferFinding], [], { colour: true }),
      /12:3: \x1b\[31merror\x1b\[0m defer-in-loop/,
    );
  });
});

describe("shortDiff", () => {
  it("shows changed lines with one line of context and … for what is left out", () => {
    const old = ["a", "defer x()", "b", "c", "d", "e", "}"];
    const neu = ["a", "b", "c", "d", "e", "x()", "}"];
    assert.deepEqual(shortDiff(old, neu), [
      [" ", "a"],
      ["-", "defer x()"],
      [" ", "b"],
      [" ", "…"],
      [" ", "e"],
      ["+", "x()"],
      [" ", "}"],
    ]);
    assert.deepEqual(shortDiff(["x"], ["y"]), [
      ["-", "x"],
      ["+", "y"],
    ]);
  });
});

describe("json", () => {
  it("prints exactly the finding model", () => {
    const doc = JSON.parse(renderJson([deferFinding], errors));
    assert.deepEqual(doc, { version: 1, findings: [deferFinding], errors });
    assert.deepEqual(Object.keys(doc.findings[0]), [
      "rule",
      "severity",
      "file",
      "line",
      "column",
      "endLine",
      "endColumn",
      "message",
      "evidence",
      "fixes",
    ]);
  });
});

describe("markdown", () => {
  it("summarises counts by rule and escapes repository text", () => {
    const out = renderMarkdown([deferFinding, noticeFinding], errors, {
      linkFor: (f, l) => `https://x/${encodeURIComponent(f)}#L${l}`,
    });
    const base = "https://github.com/gomemcheck/gomemcheck/blob/main/docs/rules";
    assert.equal(
      out,
      [
        "### gomemcheck: 2 findings",
        "",
        "🔴 1 error · 🟠 0 warnings · 🔵 1 notice",
        "",
        "| Rule | Error | Warning | Notice |",
        "| --- | ---: | ---: | ---: |",
        `| [defer-in-loop](${base}/defer-in-loop.md) | 1 | 0 | 0 |`,
        `| [go-unsupported](${base}/go-unsupported.md) | 0 | 0 | 1 |`,
        "",
        "| | Location | Rule | Message |",
        "| --- | --- | --- | --- |",
        `| 🔴 error | [\`internal/a\\|b].go:12\`](https://x/internal%2Fa%7Cb%5D.go#L12) | [defer-in-loop](${base}/defer-in-loop.md) | <details><summary>defer mu.Unlock() runs when AddAll returns.</summary>the next iteration's Lock deadlocks.</details><br>**Fix:** Unlock at the end of each iteration |`,
        `| 🔵 notice | [\`go.mod:3\`](https://x/go.mod#L3) | [go-unsupported](${base}/go-unsupported.md) | Go 1.19 has been out of support since 2023-08-08. |`,
        "",
        "#### 1 input not analysed",
        "",
        "- `bin/x.go:1`: skipped: binary file (NUL byte), not text",
        "",
      ].join("\n"),
    );
  });

  it("caps the table and counts the rest", () => {
    const many = Array.from({ length: 5 }, (_, i) => ({ ...noticeFinding, line: i + 1 }));
    const out = renderMarkdown(many, [], { maxRows: 2 });
    assert.match(out, /\| \| … and 3 more \| \| \|/);
    assert.equal(out.split("\n").filter((l) => l.startsWith("| 🔵")).length, 2);
  });

  it("sorts rows by severity, then path; shows the first sentence, the rest behind <details>, and the fix", () => {
    const warning = {
      ...deferFinding,
      severity: "warning" as const,
      file: "a.go",
      message:
        "Set ENV GODEBUG=madvdontneed=1 where it runs: MADV_FREE keeps RSS high (`GODEBUG=x` stays).",
    };
    const rows = renderMarkdown([noticeFinding, warning, { ...deferFinding, file: "z.go" }], [])
      .split("\n")
      .filter((l) => /^\| [🔴🟠🔵]/u.test(l) && !l.includes("| ---"));
    assert.deepEqual(
      rows.map((l) => l.split(" | ")[0]),
      ["| 🔴 error", "| 🟠 warning", "| 🔵 notice"],
    );
    assert.ok(
      rows[1]!.includes(
        "<details><summary>Set ENV `GODEBUG=madvdontneed=1` where it runs.</summary>`MADV_FREE` keeps RSS high (`GODEBUG=x` stays).</details>",
      ),
      rows[1],
    );
    assert.deepEqual(splitMessage("x".repeat(50) + " " + "y".repeat(100)), {
      short: "x".repeat(50) + " …",
      rest: "… " + "y".repeat(100),
    });
    assert.deepEqual(splitMessage("`a: b` c: d"), { short: "`a: b` c.", rest: "d" });
  });

  it("collapses a long table by file, files with the most severe findings first", () => {
    const many = [
      ...Array.from({ length: 20 }, (_, i) => ({ ...noticeFinding, file: "a.go", line: i + 1 })),
      ...Array.from({ length: 15 }, (_, i) => ({ ...deferFinding, file: "b.go", line: i + 1 })),
    ];
    const out = renderMarkdown(many, [], { maxRows: 34 });
    const summaries = out.split("\n").filter((l) => l.startsWith("<details><summary><code>"));
    assert.deepEqual(summaries, [
      "<details><summary><code>b.go</code>: 15 findings 🔴 15</summary>",
      "<details><summary><code>a.go</code>: 19 findings 🔵 19</summary>",
    ]);
    assert.match(out, /\n… and 1 more\n/);
  });

  it("says so when there is nothing", () => {
    assert.equal(renderMarkdown([], []), "### gomemcheck: no findings\n");
  });
});

describe("escaping", () => {
  it("escapes markdown metacharacters and keeps backticks inside code spans", () => {
    assert.equal(md("a|b`c<d>[e]*_#"), "a\\|b\\`c\\<d\\>\\[e\\]\\*\\_\\#");
    assert.equal(mdCode("a`b"), "``a`b``");
    assert.equal(mdCode("`x"), "`` `x ``");
  });
  it("keeps a message's code spans as code and escapes the rest", () => {
    assert.equal(mdMessage("`a || b` is <bad>_x"), "`a || b` is \\<bad\\>\\_x");
    assert.equal(mdMessage("`a || b` x|y", true), "`a \\|\\| b` x\\|y");
  });
});

describe("sarif", () => {
  it("describes every rule and each result with fingerprints and fixes", () => {
    const placed: PlacedFinding[] = [
      { finding: deferFinding, fingerprint: "abc123", placement: "body" },
    ];
    const sarif = JSON.parse(renderSarif(placed, errors));
    assert.equal(sarif.version, "2.1.0");
    const run = sarif.runs[0];
    assert.deepEqual(
      run.tool.driver.rules.map((r: { id: string }) => r.id),
      [
        "defer-in-loop",
        "madv-free-build",
        "godebug-madvdontneed-off",
        "godebug-not-at-runtime",
        "godebug-ignored",
        "gomod-godebug-invalid",
        "godebug-overridden",
        "godebug-set-too-late",
        "go-unsupported",
      ],
    );
    assert.equal(
      run.tool.driver.rules[0].helpUri,
      "https://github.com/gomemcheck/gomemcheck/blob/main/docs/rules/defer-in-loop.md",
    );
    assert.deepEqual(run.results[0], {
      ruleId: "defer-in-loop",
      ruleIndex: 0,
      level: "error",
      message: { text: deferFinding.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: "internal/a%7Cb%5D.go", uriBaseId: "%SRCROOT%" },
            region: { startLine: 12, startColumn: 3, endLine: 12, endColumn: 17 },
          },
        },
      ],
      relatedLocations: [
        {
          id: 0,
          message: { text: "loop starts here" },
          physicalLocation: {
            artifactLocation: { uri: "internal/a%7Cb%5D.go", uriBaseId: "%SRCROOT%" },
            region: { startLine: 10 },
          },
        },
      ],
      partialFingerprints: { "gomemcheck/v1": "abc123" },
      fixes: [
        {
          description: { text: "Unlock at the end of each iteration" },
          artifactChanges: [
            {
              artifactLocation: { uri: "internal/a%7Cb%5D.go", uriBaseId: "%SRCROOT%" },
              replacements: [
                {
                  deletedRegion: { startLine: 12, startColumn: 3, endLine: 12, endColumn: 9 },
                  insertedContent: { text: "" },
                },
              ],
            },
          ],
        },
      ],
    });
    assert.equal(run.invocations[0].toolExecutionNotifications[0].message.text, errors[0]!.message);
    assert.equal(run.columnKind, "utf16CodeUnits");
  });

  it("turns byte columns into UTF-16 columns when it has the line", () => {
    const line = "\t/* señal ñ ü ö 日本語 */ defer μ.Unlock()";
    const f: Finding = {
      ...deferFinding,
      file: "u.go",
      line: 1,
      column: 34,
      endLine: 1,
      endColumn: 51,
      evidence: [],
      fixes: [],
    };
    const out = JSON.parse(
      renderSarif([{ finding: f, fingerprint: "x", placement: "body" }], [], (file) =>
        file === "u.go" ? [line] : undefined,
      ),
    );
    const region = out.runs[0].results[0].locations[0].physicalLocation.region;
    assert.equal(line.slice(region.startColumn - 1, region.endColumn - 1), "defer μ.Unlock()");
    assert.deepEqual(region, { startLine: 1, startColumn: 24, endLine: 1, endColumn: 40 });
  });
});

describe("annotations", () => {
  it("emits the most severe first, at most 10 per level, and counts the rest", () => {
    const calls: [AnnotationLevel, string, AnnotationProps][] = [];
    const log = {
      annotation: (l: AnnotationLevel, m: string, p: AnnotationProps) => calls.push([l, m, p]),
    } as unknown as Logger;
    const findings = [
      ...Array.from({ length: 12 }, (_, i) => ({ ...noticeFinding, line: i + 1 })),
      ...Array.from({ length: 11 }, (_, i) => ({ ...deferFinding, line: i + 1, endLine: i + 1 })),
    ];
    annotate(findings, errors, log);
    const levels = calls.map((c) => c[0]);
    assert.deepEqual(levels.filter((l) => l === "error").length, 10);
    assert.equal(levels[0], "error");
    assert.equal(levels.filter((l) => l === "notice").length, 10);
    assert.deepEqual(calls[0], [
      "error",
      `${deferFinding.message} Fix: Unlock at the end of each iteration.`,
      {
        title: "gomemcheck defer-in-loop",
        file: "internal/a|b].go",
        startLine: 1,
        endLine: 1,
        startColumn: 3,
        endColumn: 17,
      },
    ]);
    const last = calls.at(-1)!;
    assert.equal(last[0], "notice");
    assert.equal(
      last[1],
      "4 more findings or errors not shown as annotations (GitHub shows 10 per level); see the job summary.",
    );
  });
});
