// defer-in-loop detection: fixtures with inline `// want` comments, an exact findings golden, and
// (when Go is installed) go/ast as the oracle for lines and byte columns.
//
// Fixture convention (test/fixtures/defer-in-loop/**/*.go): a finding is expected on every line
// that carries `// want <severity> [col=<byte column>] "<message substring>"` (a Go/JSON string
// literal), and on no other line. findings.golden holds the exact text of every finding; rerun
// with UPDATE_GOLDEN=1 to rewrite it, then review the diff.
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, it } from "node:test";
import { analyzeDeferInLoop, mayHaveDeferInLoop } from "../src/analyzers/defer/defer-in-loop.ts";
import type { Finding } from "../src/findings.ts";
import { loadGoParser } from "../src/parse/go-parser.ts";
import { tempDir } from "./helpers/temp.ts";

const FIXTURES = "test/fixtures/defer-in-loop";
const GOLDEN = join(FIXTURES, "findings.golden");
const parser = await loadGoParser();

interface Want {
  line: number;
  severity: string;
  column?: number;
  substring: string;
}

const WANT = /\/\/ want (error|warning|notice)(?: col=(\d+))? ("(?:[^"\\]|\\.)*")/;

function wants(text: string): Want[] {
  const out: Want[] = [];
  text.split("\n").forEach((line, i) => {
    const m = WANT.exec(line);
    if (!m) return;
    out.push({
      line: i + 1,
      severity: m[1] ?? "",
      column: m[2] ? Number(m[2]) : undefined,
      substring: JSON.parse(m[3] ?? '""') as string,
    });
  });
  return out;
}

function analyze(path: string) {
  const text = readFileSync(path, "utf8");
  return { text, ...analyzeDeferInLoop({ path: relative(FIXTURES, path), text }, parser) };
}

function render(f: Finding): string {
  const loops = f.evidence.map((e) => e.line).join(",");
  return `${f.file}:${f.line}:${f.column}-${f.endLine}:${f.endColumn}: ${f.severity} [loop ${loops}] ${f.message}`;
}

const files = goFiles(FIXTURES);

describe("defer-in-loop fixtures", () => {
  for (const path of files) {
    it(relative(FIXTURES, path), () => {
      const { text, findings, errors } = analyze(path);
      const expected = wants(text);
      for (const f of findings) {
        const want = expected.find((w) => w.line === f.line);
        assert.ok(want, `unexpected finding at ${path}:${f.line}: ${f.message}`);
        assert.equal(f.severity, want.severity, `severity at ${path}:${f.line}`);
        assert.ok(
          f.message.includes(want.substring),
          `${path}:${f.line}: message ${JSON.stringify(f.message)} lacks ${JSON.stringify(want.substring)}`,
        );
        if (want.column !== undefined)
          assert.equal(f.column, want.column, `column at ${path}:${f.line}`);
        assert.equal(f.rule, "defer-in-loop");
        assert.ok(f.message.endsWith("."), "one sentence");
      }
      for (const w of expected) {
        assert.ok(
          findings.some((f) => f.line === w.line),
          `missing finding at ${path}:${w.line} (${w.severity} ${JSON.stringify(w.substring)})`,
        );
      }
      assert.equal(findings.length, expected.length, "one finding per want");
      if (path.includes("testdata/broken")) {
        assert.deepEqual(errors, [
          {
            file: "testdata/broken.go",
            line: 16,
            message:
              "syntax error: defer-in-loop skipped the defers in the part of the file that does not parse",
          },
        ]);
      } else {
        assert.deepEqual(errors, []);
      }
    });
  }

  it("matches findings.golden exactly (line, columns, severity, evidence, message)", () => {
    const actual = files.flatMap((p) => analyze(p).findings.map(render)).join("\n") + "\n";
    if (process.env.UPDATE_GOLDEN) writeFileSync(GOLDEN, actual);
    assert.equal(actual, readFileSync(GOLDEN, "utf8"));
  });
});

describe("defer-in-loop units", () => {
  it("pre-filters on the word defer", () => {
    assert.equal(mayHaveDeferInLoop("package p\nfunc f() { for {} }\n"), false);
    assert.equal(mayHaveDeferInLoop("package p\nfunc f() { for { defer g() } }\n"), true);
    const r = analyzeDeferInLoop({ path: "a.go", text: "package p\n" }, parser);
    assert.deepEqual(r, { findings: [], errors: [] });
  });

  it("counts a BOM in line 1 byte columns, as go/token does", () => {
    const text = "\uFEFFpackage p; func f() { for { defer g() } }; func g() {}\n";
    const [f] = analyzeDeferInLoop({ path: "a.go", text }, parser).findings;
    assert.equal(f?.line, 1);
    assert.equal(f?.column, Buffer.from(text.slice(0, text.indexOf("defer"))).length + 1);
    assert.equal(f?.column, 32);
  });

  it("reports the evidence line of the innermost loop and the outer loop that repeats it", () => {
    const text = [
      "package p",
      "",
      "func f(xs []int) {",
      "\tfor range xs {",
      "\t\tfor {",
      "\t\t\tdefer g()",
      "\t\t\tbreak",
      "\t\t}",
      "\t}",
      "}",
      "",
      "func g() {}",
      "",
    ].join("\n");
    const [f] = analyzeDeferInLoop({ path: "a.go", text }, parser).findings;
    assert.deepEqual(f?.evidence, [
      { file: "a.go", line: 5, message: "loop starts here" },
      { file: "a.go", line: 4, message: "this loop repeats it" },
    ]);
  });

  it("never throws, and reports a syntax error, on garbage", () => {
    for (const text of [
      "defer",
      "for { defer",
      "func(){ for { defer }",
      "\0defer\uD800",
      "}}}defer{{{",
    ]) {
      const r = analyzeDeferInLoop({ path: "x.go", text }, parser);
      assert.equal(r.findings.length, 0);
      assert.equal(r.errors.length, 1);
      assert.match(r.errors[0]?.message ?? "", /^syntax error/);
    }
  });

  it("parses Go 1.26's new(expr) without a syntax error and keeps its defers", () => {
    const text = [
      "package p",
      "",
      "func f(xs []int) *uint64 {",
      "\tp := new(uint64(1))",
      "\tfor range xs {",
      "\t\tq := new(int64(len(xs)))",
      "\t\tdefer g(q)",
      "\t}",
      "\treturn p",
      "}",
      "",
      "func g(*int64) {}",
      "",
    ].join("\n");
    const r = analyzeDeferInLoop({ path: "new.go", text }, parser);
    assert.deepEqual(r.errors, []);
    assert.deepEqual(
      r.findings.map((f) => [f.line, f.column, f.severity]),
      [[7, 3, "warning"]],
    );
    // A real syntax error next to new(expr) is still reported, at its line.
    const broken = text.replace("return p", "return p +");
    const e = analyzeDeferInLoop({ path: "new.go", text: broken }, parser);
    assert.equal(e.errors.length, 1);
    assert.equal(e.errors[0]?.line, 9);
    assert.match(e.errors[0]?.message ?? "", /^syntax error/);
  });

  it("turns a parser failure into an AnalysisError naming the file", () => {
    const broken = {
      parse(): never {
        throw new Error("boom");
      },
    };
    const r = analyzeDeferInLoop({ path: "x.go", text: "defer" }, broken);
    assert.deepEqual(r, {
      findings: [],
      errors: [{ file: "x.go", message: "defer-in-loop failed: boom" }],
    });
  });
});

// go/ast oracle: lists defers lexically inside a loop body of the same function, with their
// positions (go/token: 1-based lines, byte columns) and the innermost loop's line.
const ORACLE = String.raw`package main

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
)

func main() {
	fset := token.NewFileSet()
	for _, name := range os.Args[1:] {
		file, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		var stack []ast.Node
		ast.Inspect(file, func(n ast.Node) bool {
			if n == nil {
				stack = stack[:len(stack)-1]
				return true
			}
			if d, ok := n.(*ast.DeferStmt); ok {
				child := ast.Node(d)
				for i := len(stack) - 1; i >= 0; i-- {
					var body *ast.BlockStmt
					switch s := stack[i].(type) {
					case *ast.FuncLit, *ast.FuncDecl:
						i = -1
						continue
					case *ast.ForStmt:
						body = s.Body
					case *ast.RangeStmt:
						body = s.Body
					}
					if body != nil && body == child {
						p, e, l := fset.Position(d.Pos()), fset.Position(d.End()), fset.Position(stack[i].Pos())
						fmt.Printf("%s:%d:%d-%d:%d loop %d\n", name, p.Line, p.Column, e.Line, e.Column, l.Line)
						break
					}
					child = stack[i]
				}
			}
			stack = append(stack, n)
			return true
		})
	}
}
`;
import { goFiles } from "./helpers/go-files.ts";

function hasGo(): boolean {
  return spawnSync("go", ["version"], { stdio: "ignore" }).status === 0;
}

describe("defer-in-loop against go/ast", () => {
  it("gives the same lines, byte columns and loop lines as go/token", (t) => {
    if (!hasGo()) {
      t.skip("go not installed");
      return;
    }
    const dir = tempDir("defer-oracle-");
    try {
      writeFileSync(join(dir, "main.go"), ORACLE);
      const bomLine1 = join(dir, "bomline1.go.txt");
      writeFileSync(bomLine1, "\uFEFFpackage p; func f() { for { defer g() } }; func g() {}\n");
      const sound = [...files.filter((p) => !p.includes("testdata/")), bomLine1];
      const oracle = join(dir, "oracle");
      execFileSync("go", ["build", "-o", oracle, "main.go"], {
        cwd: dir,
        env: { ...process.env, GO111MODULE: "off" },
      });
      const out = execFileSync(oracle, sound, { encoding: "utf8" });
      const ours = sound
        .flatMap((path) => {
          const text = readFileSync(path, "utf8");
          return analyzeDeferInLoop({ path, text }, parser).findings.map(
            (f) =>
              `${path}:${f.line}:${f.column}-${f.endLine}:${f.endColumn} loop ${f.evidence[0]?.line}`,
          );
        })
        .join("\n");
      assert.equal(ours + "\n", out);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("defer-in-loop: more uses than it follows", () => {
  it("never moves the call before uses it did not follow (here the 70 that come after it)", async () => {
    const uses = Array.from({ length: 70 }, (_, i) => `\t\tn += len(f.Name()) + ${i}\n`).join("");
    const text = `package p\n\nimport "os"\n\nfunc Sizes(paths []string) (n int) {\n\tfor _, p := range paths {\n\t\tf, err := os.Open(p)\n\t\tif err != nil {\n\t\t\tcontinue\n\t\t}\n\t\tdefer f.Close()\n${uses}\t}\n\treturn n\n}\n`;
    const { findings } = analyzeDeferInLoop({ path: "p.go", text }, await loadGoParser());
    assert.equal(findings.length, 1);
    const [fix] = findings[0]!.fixes;
    // Not "call it where the defer is": the uses after it would then read a closed file.
    assert.ok(fix, "a fix is offered");
    assert.notEqual(fix.safe, true);
    assert.ok(
      fix.edits.some((e) => e.startLine > 11),
      `the call is not left at the defer's line: ${JSON.stringify(fix.edits)}`,
    );
    assert.match(findings[0]!.message, /more than 64 times, does not keep `f`/);
  });
});
