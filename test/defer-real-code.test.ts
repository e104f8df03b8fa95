// defer-in-loop on real code: Go's own source tree. test/real-code/go1.23-src.tsv holds a verdict
// for every finding the CLI reports there (read as a reviewer would) with the severity and the
// kind of fix (offered, diff, withheld) the analyzer must keep producing. When the Go installed
// here is that exact release, the bundled CLI runs over its GOROOT/src and must match the table
// row for row; another Go (CI may install an older one) skips with the reason.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";

const CLI = join(import.meta.dirname, "..", "dist", "cli.js");
const TABLE = join(import.meta.dirname, "real-code", "go1.23-src.tsv");
const RELEASE = "go1.23.5";

interface Row {
  file: string;
  line: number;
  verdict: string;
  severity: string;
  fix: string;
  reason: string;
}

function table(): Row[] {
  return readFileSync(TABLE, "utf8")
    .split("\n")
    .filter((l) => l !== "" && !l.startsWith("#") && !l.startsWith("file\t"))
    .map((l) => {
      const [file = "", line = "", verdict = "", severity = "", fix = "", reason = ""] =
        l.split("\t");
      return { file, line: Number(line), verdict, severity, fix, reason };
    });
}

/** GOROOT of the Go on PATH when it is RELEASE, or the reason to skip. */
function goroot(): { root: string } | { skip: string } {
  const version = spawnSync("go", ["env", "GOVERSION", "GOROOT"], { encoding: "utf8" });
  if (version.status !== 0) return { skip: "go is not installed" };
  const [release = "", root = ""] = version.stdout.trim().split("\n");
  if (release !== RELEASE) return { skip: `go is ${release}; the table was read on ${RELEASE}` };
  if (!existsSync(join(root, "src"))) return { skip: `${root}/src is not there` };
  return { root };
}

describe("defer-in-loop on Go's source tree", () => {
  it("the table is complete and consistent", () => {
    const rows = table();
    assert.ok(rows.length > 100, `${rows.length} rows`);
    for (const r of rows) {
      assert.match(r.verdict, /^(real|minor|harmless|deliberate)$/, `${r.file}:${r.line}`);
      assert.match(r.severity, /^(error|warning|notice)$/, `${r.file}:${r.line}`);
      assert.match(r.fix, /^(offered|diff|withheld)$/, `${r.file}:${r.line}`);
      assert.ok(r.reason.length > 10, `${r.file}:${r.line} has a reason`);
      // A deliberate hold or a harmless defer never gets a fix, nor more than a notice outside
      // the cases the rule documents (a deadlock, an unbounded loop).
      if (r.verdict === "deliberate" || r.verdict === "harmless") {
        assert.equal(r.fix, "withheld", `${r.file}:${r.line}`);
        assert.equal(r.severity, "notice", `${r.file}:${r.line}`);
      }
    }
  });

  it(`matches the table on ${RELEASE}'s GOROOT/src (severity and fix, finding by finding)`, (t) => {
    const where = goroot();
    if ("skip" in where) {
      t.skip(where.skip);
      return;
    }
    const run = spawnSync(
      process.execPath,
      [CLI, join(where.root, "src"), "--format", "json", "--fail-on", "never"],
      { encoding: "utf8", maxBuffer: 64 << 20 },
    );
    assert.equal(run.status, 0, run.stderr);
    const doc = JSON.parse(run.stdout) as {
      findings: {
        rule: string;
        file: string;
        line: number;
        severity: string;
        fixes: { safe?: boolean }[];
      }[];
    };
    const actual = doc.findings
      .filter((f) => f.rule === "defer-in-loop")
      .map((f) => {
        const fix = f.fixes.length === 0 ? "withheld" : f.fixes[0]?.safe ? "offered" : "diff";
        return `${f.file}:${f.line} ${f.severity} ${fix}`;
      });
    const expected = table().map((r) => `${r.file}:${r.line} ${r.severity} ${r.fix}`);
    assert.deepEqual(actual.sort(), expected.sort());
  });
});
