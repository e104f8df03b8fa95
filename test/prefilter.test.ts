// The lexical pre-filter may never hide a finding. Three guards: (a) the CLI's JSON with the
// pre-filter on and off is identical on every fixture and on Go's own src tree; (b) generated
// nested Go: every defer tree-sitter's rule puts in a loop is a lexer candidate; (c) seeded single
// edits of real files (broken code): the same, with 0 misses.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, it } from "node:test";
import fc from "fast-check";
import { screenGoFile, type GoFileResult } from "../src/analyze-go.ts";
import { finishGoFile } from "../src/finish-go.ts";
import { findDeferCandidates, WARM_SAMPLES } from "../src/analyzers/defer/candidates.ts";
import { FUNCTION_BOUNDARIES } from "../src/analyzers/defer/fix.ts";
import { parentOf } from "../src/parse/ancestors.ts";
import { loadGoParser, type Tree } from "../src/parse/go-parser.ts";
import { goFiles } from "./helpers/go-files.ts";

const REPO = join(import.meta.dirname, "..");
const CLI = join(REPO, "dist", "cli.js");
const parser = await loadGoParser();

/** String offsets of the defers defer-in-loop examines as in a loop (its enclosingLoops walk). */
function ruleDefers(tree: Tree): number[] {
  const out: number[] = [];
  for (const d of tree.rootNode.descendantsOfType("defer_statement")) {
    if (!d || d.hasError) continue;
    let loops = 0;
    let child = d;
    for (let n = parentOf(d); n; child = n, n = parentOf(n)) {
      if (n.isError) break;
      if (FUNCTION_BOUNDARIES.has(n.type)) {
        if (loops > 0) out.push(d.startIndex);
        break;
      }
      if (n.type === "for_statement" && n.childForFieldName("body")?.equals(child)) loops++;
    }
  }
  return out;
}

/** Rule defers the lexer did not mark, as "line: text" for the failure message. */
function misses(text: string): string[] {
  const bytes = Buffer.from(text, "utf8");
  const candidates = findDeferCandidates(bytes);
  const ascii = bytes.length === text.length;
  const marked = new Set(
    candidates.defers.map((b) => (ascii ? b : bytes.subarray(0, b).toString("utf8").length)),
  );
  const tree = parser.parse(text);
  try {
    return ruleDefers(tree)
      .filter((at) => !candidates.anomaly && !marked.has(at))
      .map((at) => `${text.slice(0, at).split("\n").length}: ${text.slice(at, at + 40)}`);
  } finally {
    tree.delete();
  }
}

/** Go's own src tree (`go env GOROOT`), or undefined without Go. */
function goSrc(): string | undefined {
  const goroot = spawnSync("go", ["env", "GOROOT"], { encoding: "utf8" });
  const src = goroot.status === 0 ? join(goroot.stdout.trim(), "src") : undefined;
  return src && existsSync(join(src, "runtime")) ? src : undefined;
}

function analyse(path: string, bytes: Buffer, prefilter: boolean): GoFileResult {
  const screened = screenGoFile(path, bytes, prefilter);
  return "done" in screened ? screened.done : finishGoFile(screened.pending, parser);
}

/**
 * The CLI's JSON on `dir`; in-thread parsing unless `env` says otherwise. With `onWorkers`, the
 * run must have parsed files on a worker thread (its phase report counts them).
 */
function cli(dir: string, env: Record<string, string>, onWorkers = false): string {
  const r = spawnSync(process.execPath, [CLI, dir, "--format", "json", "--fail-on", "never"], {
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, GOMEMCHECK_WORKERS: "off", GOMEMCHECK_PHASES: "1", ...env },
  });
  assert.equal(r.status, 0, r.stderr);
  const phases = /gomemcheck-phases (\{.*\})/.exec(r.stderr)?.[1];
  const inWorkers = (JSON.parse(phases ?? "{}") as { workerFiles?: number }).workerFiles ?? 0;
  if (onWorkers) assert.ok(inWorkers > 0, `no file was parsed on a worker thread in ${dir}`);
  else assert.equal(inWorkers, 0, dir);
  return r.stdout;
}

describe("pre-filter on and off, worker threads or not: the same JSON", () => {
  const fixtureFiles = [
    ...goFiles(join(REPO, "test", "fixtures")),
    ...goFiles(join(REPO, "examples")),
  ];

  it("on every Go fixture (testdata included), file by file", () => {
    assert.ok(fixtureFiles.length > 15, `only ${fixtureFiles.length} fixtures found`);
    let parsed = 0;
    for (const path of fixtureFiles) {
      const name = relative(REPO, path);
      const bytes = readFileSync(path);
      const on = analyse(name, bytes, true);
      const off = analyse(name, bytes, false);
      assert.deepEqual(on, off, name);
      if (on.findings.length > 0) parsed++;
    }
    assert.ok(parsed > 10, `only ${parsed} fixtures have findings`);
  });

  it("on every fixture folder through the CLI, and with files parsed on a worker thread", () => {
    for (const dir of ["test/fixtures", "examples"]) {
      const on = cli(join(REPO, dir), { GOMEMCHECK_PREFILTER: "on" });
      assert.ok((JSON.parse(on) as { findings: unknown[] }).findings.length > 0, dir);
      assert.equal(on, cli(join(REPO, dir), { GOMEMCHECK_PREFILTER: "off" }), dir);
      assert.equal(on, cli(join(REPO, dir), { GOMEMCHECK_WORKERS: "on" }, true), dir);
    }
  });

  it("on every fixture folder through the CLI with YAML and Dockerfiles read by the libraries", () => {
    // The fast YAML and Dockerfile readers may only decline a text, never read it differently
    // (yaml-lite.test.ts, dockerfile-lite.test.ts compare them node by node); this is the whole
    // run: findings, fixes, errors.
    for (const dir of ["test/fixtures", "examples"]) {
      const on = cli(join(REPO, dir), {});
      const doc = JSON.parse(on) as { findings: { rule: string }[] };
      assert.ok(
        doc.findings.some((f) => f.rule !== "defer-in-loop"),
        dir,
      );
      assert.equal(on, cli(join(REPO, dir), { GOMEMCHECK_FAST_READERS: "off" }), dir);
    }
  });

  it("with a worker and a deadline that may fall mid-run: what finished is right, the rest named", () => {
    // Whatever the machine's speed, every Go file either keeps all of its findings or is named as
    // stopped by the time limit (the exit code for that is the --timeout test's in cli.test.ts).
    const dir = join(REPO, "test", "fixtures");
    type Doc = {
      findings: { file: string; line: number; rule: string }[];
      errors: { file: string; message: string }[];
    };
    const full = JSON.parse(cli(dir, { GOMEMCHECK_WORKERS: "on" }, true)) as Doc;
    const key = (f: Doc["findings"][number]) => `${f.file}:${f.line}:${f.rule}`;
    for (const minutes of ["0.0012", "0.0018", "0.0024"]) {
      const r = spawnSync(
        process.execPath,
        [CLI, dir, "--format", "json", "--fail-on", "never", "--timeout", minutes],
        { encoding: "utf8", env: { ...process.env, GOMEMCHECK_WORKERS: "on" } },
      );
      assert.equal(r.status, 0, r.stderr);
      const doc = JSON.parse(r.stdout) as Doc;
      const stopped = new Set(
        doc.errors
          .filter((e) => e.message === "the run's time limit was reached first")
          .map((e) => e.file),
      );
      const expected = full.findings.filter((f) => !stopped.has(f.file)).map(key);
      assert.deepEqual(doc.findings.map(key), expected, minutes);
    }
  });

  it("on Go's own src tree (go env GOROOT)", (t) => {
    const src = goSrc();
    if (!src) {
      t.skip("Go is not installed (no `go env GOROOT`/src): the src-tree comparison did not run");
      return;
    }
    const on = cli(src, { GOMEMCHECK_PREFILTER: "on" });
    const findings = (JSON.parse(on) as { findings: unknown[] }).findings.length;
    assert.ok(findings > 50, `only ${findings} findings in ${src}`);
    assert.equal(on, cli(src, { GOMEMCHECK_PREFILTER: "off" }));
    assert.equal(on, cli(src, { GOMEMCHECK_WORKERS: "on" }, true));
  });
});

describe("lexer candidates include every defer tree-sitter's rule puts in a loop", () => {
  it("marks defers in loops and not elsewhere on plain code", () => {
    const text = [
      "package p",
      "",
      "func f(xs []int) {",
      "\tdefer a()",
      "\tfor _, x := range []int{1, 2} {",
      '\t\ts := "{ defer }"',
      "\t\tdefer b(x, s) // in the loop",
      "\t\tfunc() { defer c() }()",
      "\t}",
      "\tif true { defer d() }",
      "}",
      "",
    ].join("\n");
    const c = findDeferCandidates(Buffer.from(text));
    assert.equal(c.anomaly, false);
    assert.deepEqual(
      c.defers.map((at) => text.slice(at, at + 9)),
      ["defer b(x"],
    );
  });

  it("keeps a Go 1.26 file with new(expr) as a candidate", () => {
    const text = [
      "package p",
      "",
      'import "os"',
      "",
      "func open(names []string) {",
      "\tn := new(int64(len(names)))",
      "\tfor _, name := range names {",
      "\t\tf, _ := os.Open(name)",
      "\t\tp := new(f.Name())",
      "\t\tdefer f.Close()",
      "\t\t_, _ = n, p",
      "\t}",
      "}",
      "",
    ].join("\n");
    assert.deepEqual(misses(text), []);
    const screened = screenGoFile("new.go", Buffer.from(text), true);
    assert.ok("pending" in screened, "the file must go to the parser");
  });

  it("an unterminated raw string, a declaration inside braces: every defer is a candidate", () => {
    for (const text of [
      "package p\nfunc f() {\n\tdefer a()\n\ts := `x\n}\n",
      "package p\nfunc f() {\n\tfunc g() { defer a() }\n}\n",
      "package p\nfunc f() {\n\tdefer a()\n\tx := (1\n}\n",
    ]) {
      const c = findDeferCandidates(Buffer.from(text));
      assert.equal(c.anomaly, true, text);
      assert.equal(c.defers.length, 1, text);
    }
  });

  it("the warm-up samples take the lexer's paths, and it misses nothing in them", () => {
    // The run lexes them before the Go files so that V8 optimises the lexer with every branch
    // seen: a clean file with candidates and with bodies cut and kept, a clean file without
    // candidates, and broken files of each kind the lexer notices.
    const [full, plain, ...broken] = WARM_SAMPLES;
    const c = findDeferCandidates(Buffer.from(full!));
    assert.equal(c.anomaly, false);
    assert.deepEqual(
      c.defers.map((at) => full!.slice(at, at + 16)),
      ["defer mu.Unlock("],
    );
    const cut = c.cuttable.map(([s, e]) => full!.slice(s, e));
    assert.ok(
      cut.some((body) => body.includes("n += len(k) + v")),
      "a body is cut",
    );
    assert.ok(!cut.some((body) => body.includes("make(chan struct{})")), "chan+struct is kept");
    const p = findDeferCandidates(Buffer.from(plain!));
    assert.deepEqual([p.anomaly, p.defers], [false, []]);
    assert.equal(broken.length, 8);
    for (const text of broken)
      assert.equal(findDeferCandidates(Buffer.from(text)).anomaly, true, text);
    for (const text of WARM_SAMPLES) assert.deepEqual(misses(text), [], text);
  });

  // Nested Go: loops with every header shape, function literals in headers and results,
  // composite literals, labels, generics, range-over-func, braces and backticks in comments,
  // strings and runes.
  const leaf = fc.constantFrom(
    "defer f()",
    "defer mu.Unlock()",
    "x := 1",
    "_ = []int{1, 2}",
    "_ = struct{ a int }{1}",
    "_ = map[string]func(){}",
    "// a comment with { and } and `",
    "/* { */ _ = 1",
    "/* multi\nline { */",
    's := "{ } \\" ` defer"',
    "r := '{'",
    "q := '\\''",
    'b := `raw { defer } "`',
    "continue",
    "break",
    "return",
    "go f()",
    "var g func()",
    "var h func() int",
    "_ = func() {}",
  );
  const loopHeader = fc.constantFrom(
    "for",
    "for x < 3",
    "for i := 0; i < 3; i++",
    "for _, v := range []int{1, 2}",
    "for i := range []int{1}[0:1]",
    'for k := range map[string]struct{}{"a": {}}',
    "for range seq(func() { defer g() })",
    "for x := range func(yield func(int) bool) { defer h() }",
    "for f := func() int { return 1 }; f() > 0;",
    "for _, t := range []struct{ a int }{{1}, {2}}",
    "L: for",
    "for range ch",
    "for i := range 10",
  );
  const stmts = fc.letrec((tie) => ({
    stmt: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      leaf,
      fc.tuple(loopHeader, tie("block")).map(([h, b]) => `${h} ${b as string}`),
      fc
        .tuple(tie("block"), tie("block"))
        .map(([a, b]) => `if c ${a as string} else ${b as string}`),
      tie("block").map((b) => `func() ${b as string}()`),
      tie("block").map((b) => `defer func() ${b as string}()`),
      tie("block").map((b) => `go func() ${b as string}()`),
      tie("block").map((b) => `_ = func() func() ${b as string}`),
      tie("block").map((b) => `_ = func() struct{ a int } ${b as string}`),
      tie("block").map((b) => `_ = []func(){func() ${b as string}}`),
      tie("block").map((b) => `switch { case true: ${b as string} }`),
      tie("block").map((b) => `select { case <-ch: ${b as string} }`),
      tie("block").map((b) => `M: ${b as string}`),
      tie("block"),
    ),
    block: fc
      .array(tie("stmt"), { maxLength: 4 })
      .map((ss) => `{\n${(ss as string[]).join("\n")}\n}`),
  }));
  const program = fc
    .array(
      fc.tuple(
        fc.constantFrom("func F()", "func G[T any](x T)", "func (r *R) M()", "var v = func()"),
        stmts.block,
      ),
      { minLength: 1, maxLength: 3 },
    )
    .map((fs) => `package p\n\n${fs.map(([h, b]) => `${h} ${b}`).join("\n\n")}\n`);

  it("on generated nested Go (fast-check)", () => {
    fc.assert(
      fc.property(program, (text) => {
        assert.deepEqual(misses(text), [], text);
      }),
      { numRuns: 400, seed: 20261129, endOnFailure: true },
    );
  });

  it("on seeded single edits of real files: 0 misses", () => {
    // Our fixtures, and two files of Go's own tree when Go is installed.
    const src = goSrc();
    const real = src
      ? ["os/exec/exec.go", "sync/oncefunc_test.go"].map((f) => join(src, f)).filter(existsSync)
      : [];
    const sources = [...goFiles(join(REPO, "test", "fixtures", "defer-in-loop")), ...real].map(
      (p) => readFileSync(p, "utf8"),
    );
    // A small PRNG so that the mutants are the same on every run (mulberry32).
    let seed = 12345;
    const random = (n: number): number => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return (((t ^ (t >>> 14)) >>> 0) % n) as number;
    };
    const structural = ["{", "}", "(", ")", "[", "]", '"', "'", "`", "/", "*", "\n", ";", ":"];
    const keywords = ["for ", "func ", "defer ", "func() ", "go ", "range "];
    const mutants = 1500;
    const failures: string[] = [];
    for (let m = 0; m < mutants; m++) {
      const text = sources[random(sources.length)]!;
      let mutant: string;
      const kind = random(5);
      let what = "";
      if (kind <= 2) {
        // Delete or insert one structural character or keyword at a structural place.
        const places: number[] = [];
        for (let i = 0; i < text.length; i++)
          if ("{}()[]\"'`/\n".includes(text[i]!)) places.push(i);
        const at = places[random(places.length)]!;
        if (kind === 0) {
          mutant = text.slice(0, at) + text.slice(at + 1);
          what = `delete ${JSON.stringify(text[at])}`;
        } else {
          const pool = kind === 1 ? structural : keywords;
          const insert = pool[random(pool.length)]!;
          mutant = text.slice(0, at) + insert + text.slice(at);
          what = `insert ${JSON.stringify(insert)}`;
        }
        what += ` at line ${text.slice(0, at).split("\n").length}: ${JSON.stringify(text.slice(at - 20, at + 20))}`;
      } else {
        const lines = text.split("\n");
        const a = random(lines.length);
        const b = random(lines.length);
        if (kind === 3) [lines[a], lines[b]] = [lines[b]!, lines[a]!];
        else lines.splice(a, 0, lines[b]!);
        what = `${kind === 3 ? "swap" : "duplicate"} lines ${a + 1} ${b + 1}`;
        mutant = lines.join("\n");
      }
      const missed = misses(mutant);
      if (missed.length > 0) failures.push(`mutant ${m} (${what}): ${missed.join("; ")}`);
    }
    assert.deepEqual(failures, [], `${failures.length} of ${mutants} mutants missed`);
  });
});
