// defer-in-loop fixes: every fix emitted on the fixtures is applied, re-parsed, and (when Go is
// installed) checked with gofmt -l, go vet and go build; <name>.go.golden files hold the result of
// applying each finding's preferred fix (UPDATE_GOLDEN=1 rewrites them).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, join, relative } from "node:path";
import { describe, it } from "node:test";
import fc from "fast-check";
import { applyEdits } from "../src/analyzers/defer/fix.ts";
import { analyzeDeferInLoop } from "../src/analyzers/defer/defer-in-loop.ts";
import type { Edit, Fix } from "../src/findings.ts";
import { loadGoParser } from "../src/parse/go-parser.ts";
import { tempDir } from "./helpers/temp.ts";

const FIXTURES = "test/fixtures/defer-in-loop";
const parser = await loadGoParser();

function goFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (name === "testdata") continue; // does not compile on purpose
    if (statSync(path).isDirectory()) out.push(...goFiles(path));
    else if (name.endsWith(".go")) out.push(path);
  }
  return out;
}

function parsesCleanly(text: string): boolean {
  const tree = parser.parse(text);
  try {
    return !tree.rootNode.hasError;
  } finally {
    tree.delete();
  }
}

/** gofmt rewrites CRLF to LF and drops a BOM; compare layouts without them. */
function normalize(text: string): string {
  return text.replace(/^\uFEFF/, "").replace(/\r\n/g, "\n");
}

interface Applied {
  source: string;
  line: number;
  fix: Fix;
  text: string;
}

function goVersion(): [number, number] | null {
  const r = spawnSync("go", ["version"], { encoding: "utf8" });
  if (r.status !== 0) return null;
  const m = /go(\d+)\.(\d+)/.exec(r.stdout);
  return m ? [Number(m[1]), Number(m[2])] : null;
}

function run(cmd: string, args: string[], cwd: string): string {
  const r = spawnSync(cmd, args, {
    cwd,
    encoding: "utf8",
    env: { ...process.env, GOFLAGS: "-mod=mod" },
  });
  assert.equal(r.status, 0, `${cmd} ${args.join(" ")} failed in ${cwd}:\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

const files = goFiles(FIXTURES);
const applied: Applied[] = files.flatMap((path) => {
  const source = readFileSync(path, "utf8");
  const { findings } = analyzeDeferInLoop({ path: relative(FIXTURES, path), text: source }, parser);
  return findings.flatMap((f) =>
    f.fixes.map((fix) => ({
      source: path,
      line: f.line,
      fix,
      text: applyEdits(source, fix.edits),
    })),
  );
});

describe("defer-in-loop fixes on the fixtures", () => {
  it("emits fixes (sanity: the fixtures exercise both kinds)", () => {
    assert.ok(applied.some((a) => a.fix.description.startsWith("Call ")));
    assert.ok(applied.some((a) => a.fix.description.startsWith("Wrap ")));
    assert.ok(applied.some((a) => a.fix.description.includes("continue becomes return")));
    // The closure that carries break and return out of the literal.
    for (const signal of ["true to break", "true to return", "with the results", "two booleans"])
      assert.ok(
        applied.some((a) => a.fix.description.includes(signal)),
        signal,
      );
  });

  it("every fix parses again without errors and removes its finding", () => {
    for (const a of applied) {
      assert.ok(parsesCleanly(a.text), `${a.source}:${a.line} ${a.fix.description}:\n${a.text}`);
      const after = analyzeDeferInLoop({ path: a.source, text: a.text }, parser).findings;
      const before = analyzeDeferInLoop(
        { path: a.source, text: readFileSync(a.source, "utf8") },
        parser,
      ).findings;
      assert.ok(
        after.length < before.length,
        `${a.source}:${a.line}: the fix left the finding in place`,
      );
    }
  });

  it("keeps the file's line endings", () => {
    for (const a of applied) {
      const source = readFileSync(a.source, "utf8");
      if (!source.includes("\r\n")) continue;
      for (const e of a.fix.edits)
        assert.doesNotMatch(e.text, /(^|[^\r])\n/, `bare LF in ${a.source}:${a.line}`);
      assert.doesNotMatch(a.text, /(^|[^\r])\n/);
    }
  });

  it("passes gofmt -l, go vet and go build", (t) => {
    const version = goVersion();
    if (!version) {
      t.skip("go not installed");
      return;
    }
    const dir = tempDir("defer-fix-");
    try {
      const modern = version[0] > 1 || version[1] >= 23;
      // One package per fixed file (and per original), in a module per go.mod of the fixtures.
      const modules = new Map<string, string>();
      const place = (source: string, name: string, text: string): void => {
        const rel = relative(FIXTURES, source);
        const moduleName = rel.startsWith("go123/") ? "go123" : "main";
        if (moduleName === "go123" && !modern) return;
        let root = modules.get(moduleName);
        if (!root) {
          root = join(dir, moduleName);
          mkdirSync(root, { recursive: true });
          const goMod = join(FIXTURES, moduleName === "go123" ? "go123/go.mod" : "go.mod");
          writeFileSync(join(root, "go.mod"), readFileSync(goMod));
          modules.set(moduleName, root);
        }
        const pkg = join(root, name);
        mkdirSync(pkg, { recursive: true });
        writeFileSync(join(pkg, basename(source)), normalize(text));
      };
      files.forEach((source, i) => place(source, `orig${i}`, readFileSync(source, "utf8")));
      applied.forEach((a, i) => place(a.source, `fix${i}`, a.text));
      for (const root of modules.values()) {
        assert.equal(run("gofmt", ["-l", "."], root), "", "gofmt -l lists files");
        run("go", ["vet", "./..."], root);
        run("go", ["build", "./..."], root);
      }
      if (!modern) t.diagnostic(`go${version.join(".")} < 1.23: go123 fixtures not compiled`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("matches the .golden files (each finding's preferred fix applied)", () => {
    for (const name of GOLDEN_SOURCES) {
      const path = join(FIXTURES, name);
      const source = readFileSync(path, "utf8");
      const { findings } = analyzeDeferInLoop({ path, text: source }, parser);
      const edits: Edit[] = findings.flatMap((f) => f.fixes[0]?.edits ?? []);
      const fixed = applyEdits(source, edits);
      if (process.env.UPDATE_GOLDEN) writeFileSync(`${path}.golden`, fixed);
      assert.equal(fixed, readFileSync(`${path}.golden`, "utf8"), path);
    }
  });
});

/** Fixtures with a .golden file: their preferred fixes never overlap. */
const GOLDEN_SOURCES = new Set(["fixes.go", "crlf.go", "callees.go", "closures.go"]);

// Behaviour: closures.go before and after its closure fixes, run on the same inputs. The deferred
// calls do nothing observable, so everything printed (results, errors, side effects) must match:
// the fix changes when the defers run, nothing else.
const BEHAVIOUR_MAIN = String.raw`package main

import "fmt"

func main() {
	for _, xs := range [][]int{nil, {1, 2, 3}, {1, 0, 2}, {3, -1, 4}, {0, 0}} {
		n, err := closeReturnValues(xs)
		fmt.Println("closeReturnValues", xs, n, err)
		var out []int
		closeBareReturn(append(xs, 200, 5), &out)
		fmt.Println("closeBareReturn", out)
		fmt.Println("closeLiteralReturn", closeLiteralReturn(xs))
		p, err := closeTerminating(xs)
		fmt.Println("closeTerminating", p, err)
	}
	for _, names := range [][]string{nil, {"a", "bb"}, {"a", "stop", "ccc"}} {
		fmt.Println("closeBreak", closeBreak(names))
	}
	for _, xs := range [][]string{{"1", "2"}, {"1", "", "5"}, {"1", "x", "3"}} {
		fmt.Println(closeBreakReturn(xs))
	}
	for _, rows := range [][][]int{{{1, 2}, {}, {3, 0, 4}, {5}}, {{1}, {2, -1, 3}, {4}}, {{1, 2000}, {3}}} {
		fmt.Println("closeContinueBreak", closeContinueBreak(rows))
		fmt.Println(closeNested(rows))
	}
	ch := make(chan int, 4)
	ch <- 7
	ch <- 0
	fmt.Println(closeSwitchSelect([]int{1, 2, 3, 4}, ch))
	ch <- 9
	fmt.Println(closeSwitchSelect([]int{1, 20, 3}, ch))
	fmt.Println(closeZeroValues([]closePoint{{1, 2}, {3, 3}}))
	fmt.Println(closeZeroValues(nil))
	fmt.Println(closeGeneric([]string{"a", "b"}, "b"))
	fmt.Println(closeGeneric([]int{1, 2}, 3))
	fmt.Println(closeNamesTaken([]string{"/nonexistent/a", "/nonexistent/b"}))
}
`;

describe("closure fix keeps behaviour", () => {
  it("closures.go prints the same before and after its closure fixes (go run)", (t) => {
    if (!goVersion()) {
      t.skip("go not installed");
      return;
    }
    const path = join(FIXTURES, "closures.go");
    const source = readFileSync(path, "utf8");
    const { findings } = analyzeDeferInLoop({ path, text: source }, parser);
    const wraps = findings.flatMap((f) => f.fixes.filter((x) => x.description.startsWith("Wrap ")));
    const fixed = applyEdits(
      source,
      wraps.flatMap((x) => x.edits),
    );
    assert.ok(wraps.filter((x) => x.description.includes("it returns")).length >= 10);
    const dir = tempDir("defer-behaviour-");
    try {
      const outputs = [source, fixed].map((text, i) => {
        const root = join(dir, `v${i}`);
        mkdirSync(root);
        writeFileSync(join(root, "go.mod"), "module behaviour\n\ngo 1.19\n");
        writeFileSync(
          join(root, "closures.go"),
          text.replace(/^package fixtures$/m, "package main"),
        );
        writeFileSync(join(root, "main.go"), BEHAVIOUR_MAIN);
        return run("go", ["run", "."], root);
      });
      assert.match(outputs[0] ?? "", /closeBreakReturn|closeReturnValues \[3 -1 4\] 0 negative/);
      assert.equal(outputs[1], outputs[0]);
      t.diagnostic(
        `${wraps.length} closure fixes; ${outputs[0]?.split("\n").length} lines compared`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// Drives realshapes.go: each function's results, then what is still held and what was released.
const REAL_SHAPES_MAIN = String.raw`package main

import (
	"context"
	"fmt"
)

func main() {
	for _, roots := range [][]string{nil, {"!a", "b?", "c"}, {"a?", "b?"}, {"x"}} {
		s, ok := realZoneSource(roots)
		fmt.Println(RealReport("zone", s, ok))
	}
	for _, networks := range [][]string{{"udp", "tcp"}, {"udp"}, {"udp", "!tcp"}, {"udp?", "tcp"}, {"tcp"}} {
		p, h, d, err := realExchange(context.Background(), networks)
		fmt.Println(RealReport("exchange", p, h, d, err))
	}
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	for _, ctx := range []context.Context{context.Background(), cancelled} {
		for _, addrs := range [][]string{{"!a", "!b", "c"}, {"!a", "!b"}, {"a"}, nil} {
			c, err := realDialSerial(ctx, addrs)
			name := ""
			if c != nil {
				name = c.name
			}
			fmt.Println(RealReport("dial", name, err))
		}
	}
	for _, curves := range [][]string{{"P224", "x", "P256"}, {"P1", "!"}, {"q", "r"}} {
		fmt.Println(RealReport("generate", realGenerate(curves)))
	}
	for _, curves := range [][]string{{"a", "b"}, {"a", ""}} {
		fmt.Println(RealReport("fiat", realFiat(curves)))
	}
}
`;

describe("fixes offered on Go's source keep behaviour", () => {
  it("realshapes.go gives the same results and releases before and after its fixes (go run)", (t) => {
    if (!goVersion()) {
      t.skip("go not installed");
      return;
    }
    const path = join(FIXTURES, "realshapes.go");
    const source = readFileSync(path, "utf8");
    const { findings } = analyzeDeferInLoop({ path, text: source }, parser);
    const preferred = findings.flatMap((f) => f.fixes.slice(0, 1));
    assert.equal(preferred.length, 5, "one fix per loop");
    const fixed = applyEdits(
      source,
      preferred.flatMap((x) => x.edits),
    );
    const dir = tempDir("defer-real-shapes-");
    try {
      const outputs = [source, fixed].map((text, i) => {
        const root = join(dir, `v${i}`);
        mkdirSync(root);
        writeFileSync(join(root, "go.mod"), "module shapes\n\ngo 1.19\n");
        writeFileSync(
          join(root, "realshapes.go"),
          text.replace(/^package fixtures$/m, "package main"),
        );
        writeFileSync(join(root, "main.go"), REAL_SHAPES_MAIN);
        return run("go", ["run", "."], root);
      });
      assert.match(
        outputs[0] ?? "",
        /^zone\[c\/zoneinfo\.zip true\] held=\[\] released=\[b\? c\]$/m,
      );
      assert.match(
        outputs[0] ?? "",
        /^generate\[3\] held=\[\] released=\[P224\.go P256\.go addchain-P224 addchain-P256 x\.go\]$/m,
      );
      assert.equal(outputs[1], outputs[0]);
      t.diagnostic(`${preferred.length} fixes; ${outputs[0]?.split("\n").length} lines compared`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("applyEdits", () => {
  it("uses 1-based lines and UTF-8 byte columns, end exclusive", () => {
    const text = 'a := "日本"; x\r\nb\n';
    // 日本 is 6 bytes: x sits at byte column 16.
    assert.equal(
      applyEdits(text, [
        { file: "f", startLine: 1, startColumn: 16, endLine: 1, endColumn: 17, text: "y" },
      ]),
      'a := "日本"; y\r\nb\n',
    );
    assert.equal(
      applyEdits(text, [
        { file: "f", startLine: 2, startColumn: 1, endLine: 3, endColumn: 1, text: "" },
        { file: "f", startLine: 1, startColumn: 1, endLine: 1, endColumn: 1, text: "// c\r\n" },
      ]),
      '// c\r\na := "日本"; x\r\n',
    );
  });

  it("rejects overlapping edits", () => {
    assert.throws(() =>
      applyEdits("abcdef\n", [
        { file: "f", startLine: 1, startColumn: 1, endLine: 1, endColumn: 4, text: "" },
        { file: "f", startLine: 1, startColumn: 3, endLine: 1, endColumn: 5, text: "" },
      ]),
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Property: random loops, defers, closures, labels and branches, in functions with and without
// results. The generator only writes branches where they are legal (break/continue inside a loop
// of the same function, `outer` only where that label is visible, `return` with the function's
// results outside literals), so most programs type-check. The analyzer never throws; every fix it
// offers yields a file that parses and, with Go, is gofmt-clean; and when the original passes
// go build (go vet), so does the fixed program.

// `j` is made in each pass of the outer loop: defers of what the iteration made get fixes.
const CALLS = [
  "use(j)",
  "use(j)",
  "use(j)",
  "func() {\n\tuse(j)\n}()",
  "mu.Unlock()",
  "cancel()",
  "f.Close()",
];

type Stmt = string[];

/** Every generated loop makes its own `j`, so its defers hold a per-iteration value. */
const PASS_VALUE = ["\tj := i", "\t_ = j"];

/** Where a statement is generated: inside a loop of its function, `outer` visible, in a literal. */
interface Place {
  loop: boolean;
  outer: boolean;
  literal: boolean;
}

/** Stands for the enclosing function's return until the program is rendered. */
const RETURN = "RETURN";

function indent(lines: string[]): string[] {
  return lines.map((l) => (l === "" ? l : `\t${l}`));
}

const arbitraries = new Map<string, fc.Arbitrary<Stmt>>();

function stmtArb(depth: number, place: Place): fc.Arbitrary<Stmt> {
  const key = `${depth}|${place.loop}|${place.outer}|${place.literal}`;
  const cached = arbitraries.get(key);
  if (cached) return cached;
  const branches: Stmt[] = [[place.literal ? "return" : RETURN], ["panic(i)"]];
  if (place.loop) branches.push(["continue"], ["break"]);
  if (place.outer) branches.push(["continue outer"], ["break outer"]);
  const leaves: fc.Arbitrary<Stmt>[] = [
    fc.constantFrom(...CALLS).map((c) => [`defer ${c}`.split("\n")].flat()),
    fc.constant(["use(i)"]),
    fc.constantFrom(...branches),
    fc.constant(["i = i + 1"]),
  ];
  let arb: fc.Arbitrary<Stmt>;
  if (depth <= 1) {
    arb = fc.oneof(...leaves);
  } else {
    const blockIn = (at: Place): fc.Arbitrary<string[]> =>
      fc
        .array(
          fc.constant(null).chain(() => stmtArb(depth - 1, at)),
          { minLength: 1, maxLength: 4 },
        )
        .map((ss) => indent(ss.flat()));
    const block = blockIn(place);
    const loopBlock = blockIn({ ...place, loop: true });
    const literalBlock = blockIn({ loop: false, outer: false, literal: true });
    arb = fc.oneof(
      ...leaves,
      loopBlock.map((b) => ["for {", ...PASS_VALUE, ...b, "}"]),
      loopBlock.map((b) => ["for i := 0; i < 3; i++ {", ...PASS_VALUE, ...b, "}"]),
      loopBlock.map((b) => ["for range xs {", ...PASS_VALUE, ...b, "}"]),
      block.map((b) => ["if i > 0 {", ...b, "}"]),
      fc.tuple(block, block).map(([a, b]) => ["if i > 0 {", ...a, "} else {", ...b, "}"]),
      block.map((b) => ["switch i {", "case 1:", ...b, "}"]),
      block.map((b) => ["select {", "case <-ch:", ...b, "default:", "}"]),
      literalBlock.map((b) => ["func() {", ...b, "}()"]),
      literalBlock.map((b) => ["go func() {", ...b, "}()"]),
    );
  }
  arbitraries.set(key, arb);
  return arb;
}

function program(body: Stmt, results: boolean): string {
  const ret = results ? "return i, nil" : "return";
  return [
    "package p",
    "",
    "import (",
    '\t"context"',
    '\t"os"',
    '\t"sync"',
    ")",
    "",
    "func use(int) {}",
    "",
    `func f(xs []int, ch chan int, mu *sync.Mutex, f *os.File, cancel context.CancelFunc)${results ? " (int, error)" : ""} {`,
    "\ti := 0",
    "outer:",
    "\tfor range xs {",
    "\t\tj := i",
    "\t\t_ = j",
    "\t\tif i < 0 {",
    "\t\t\tcontinue outer",
    "\t\t}",
    ...indent(indent(body)).map((l) => l.replace(RETURN, ret)),
    "\t}",
    ...(results ? ["\treturn 0, nil"] : []),
    "}",
    "",
  ].join("\n");
}

/** Packages (directory names) that `go <command> ./...` reports as failing in module `m`. */
function failingPackages(command: string, root: string): Set<string> {
  const r = spawnSync("go", [command, "./..."], { cwd: root, encoding: "utf8" });
  const out = new Set<string>();
  for (const m of `${r.stdout}${r.stderr}`.matchAll(/^# m\/(\S+)/gm)) if (m[1]) out.add(m[1]);
  assert.ok(r.status === 0 || out.size > 0, `go ${command} failed:\n${r.stdout}${r.stderr}`);
  return out;
}

describe("defer-in-loop fixes, property", () => {
  it("never throws; every fix parses again, is gofmt-clean and builds and vets when the original does", (t) => {
    const pairs: { original: string; fixed: string; closure: string }[] = [];
    const seen = new Set<string>();
    fc.assert(
      fc.property(
        fc.array(stmtArb(3, { loop: true, outer: true, literal: false }), {
          minLength: 1,
          maxLength: 5,
        }),
        fc.boolean(),
        (stmts, results) => {
          const text = program(stmts.flat(), results);
          const result = analyzeDeferInLoop({ path: "p.go", text }, parser);
          for (const finding of result.findings) {
            for (const fix of finding.fixes) {
              const fixed = applyEdits(text, fix.edits);
              if (!parsesCleanly(fixed)) return false;
              seen.add(fix.description);
              if (pairs.length < 300)
                pairs.push({ original: text, fixed, closure: fix.description });
            }
          }
          return true;
        },
      ),
      { numRuns: 400, seed: 20240601 },
    );
    if (process.env.DEBUG_PROP)
      console.log(
        [...new Set(pairs.map((p) => p.closure.replace(/line \d+/, "line N")))].join("\n"),
      );
    // The generator exercises the closure fix with a control value, with and without results.
    const offered = [...seen];
    assert.ok(offered.some((d) => d.includes("true to break the loop")));
    assert.ok(offered.some((d) => d.includes("true to return")));
    assert.ok(offered.some((d) => d.includes("with the results")));
    assert.ok(
      offered.some((d) =>
        d.includes("two booleans: whether to break the loop, and whether to return"),
      ),
    );
    assert.ok(
      offered.some((d) => d.includes("right after its last use") || d.includes("nothing later")),
    );
    if (!goVersion()) return;
    const dir = tempDir("defer-prop-");
    try {
      writeFileSync(join(dir, "go.mod"), "module m\n\ngo 1.19\n");
      const originals = new Map<string, string>();
      pairs.forEach((p, i) => {
        let o = originals.get(p.original);
        if (o === undefined) {
          o = `o${originals.size}`;
          originals.set(p.original, o);
          mkdirSync(join(dir, o));
          writeFileSync(join(dir, o, "p.go"), p.original);
        }
        mkdirSync(join(dir, `f${i}`));
        writeFileSync(join(dir, `f${i}`, "p.go"), p.fixed);
      });
      const fixedDirs = pairs.map((_, i) => `f${i}`);
      const r = spawnSync("gofmt", ["-l", ...fixedDirs], { cwd: dir, encoding: "utf8" });
      assert.equal(r.stdout, "", `gofmt -l:\n${r.stdout}${r.stderr}`);
      const unbuilt = failingPackages("build", dir);
      const unvetted = failingPackages("vet", dir);
      let built = 0;
      let vetted = 0;
      pairs.forEach((p, i) => {
        const o = originals.get(p.original) ?? "";
        const show = `${p.closure}\n--- original\n${p.original}\n--- fixed\n${p.fixed}`;
        if (!unbuilt.has(o)) {
          built++;
          assert.ok(!unbuilt.has(`f${i}`), `fix does not build: ${show}`);
        }
        if (!unvetted.has(o)) {
          vetted++;
          assert.ok(!unvetted.has(`f${i}`), `fix fails go vet: ${show}`);
        }
      });
      t.diagnostic(`${pairs.length} fixes: ${built} of built originals, ${vetted} of vetted ones`);
      // Enough of the generated programs compile for the check to mean something.
      assert.ok(built >= 50 && vetted >= 20, `built ${built}, vetted ${vetted}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
