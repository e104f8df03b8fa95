// defer-in-loop fixes: every fix emitted on the fixtures is applied, re-parsed, and (when Go is
// installed) checked with gofmt -l, go vet and go build; <name>.go.golden files hold the result of
// applying each finding's preferred fix (UPDATE_GOLDEN=1 rewrites them).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, relative } from "node:path";
import { describe, it } from "node:test";
import fc from "fast-check";
import { applyEdits } from "../src/analyzers/defer-fix.ts";
import { analyzeDeferInLoop } from "../src/analyzers/defer-in-loop.ts";
import type { Edit, Fix } from "../src/findings.ts";
import { loadGoParser } from "../src/parse/go-parser.ts";

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
    const dir = mkdtempSync(join(tmpdir(), "defer-fix-"));
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
const GOLDEN_SOURCES = new Set(["fixes.go", "crlf.go", "callees.go"]);

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
// Property: random loops, defers, closures, labels and branches. The analyzer never throws and
// every fix it offers yields a file that parses (and, with Go, is gofmt-clean).

const CALLS = ["use(i)", "mu.Unlock()", "cancel()", "f.Close()", "func() {\n\tuse(i)\n}()"];

type Stmt = string[];

function indent(lines: string[]): string[] {
  return lines.map((l) => (l === "" ? l : `\t${l}`));
}

const stmtArb: fc.Memo<Stmt> = fc.memo((depth: number): fc.Arbitrary<Stmt> => {
  const leaves: fc.Arbitrary<Stmt>[] = [
    fc.constantFrom(...CALLS).map((c) => [`defer ${c}`.split("\n")].flat()),
    fc.constant(["use(i)"]),
    fc.constantFrom(
      ["continue"],
      ["break"],
      ["return"],
      ["continue outer"],
      ["break outer"],
      ["panic(i)"],
    ),
    fc.constant(["i = i + 1"]),
  ];
  if (depth <= 1) return fc.oneof(...leaves);
  const block = fc
    .array(stmtArb(depth - 1), { minLength: 1, maxLength: 4 })
    .map((ss) => indent(ss.flat()));
  return fc.oneof(
    ...leaves,
    block.map((b) => ["for {", ...b, "}"]),
    block.map((b) => ["for i := 0; i < 3; i++ {", ...b, "}"]),
    block.map((b) => ["for range xs {", ...b, "}"]),
    block.map((b) => ["if i > 0 {", ...b, "}"]),
    fc.tuple(block, block).map(([a, b]) => ["if i > 0 {", ...a, "} else {", ...b, "}"]),
    block.map((b) => ["switch i {", "case 1:", ...b, "}"]),
    block.map((b) => ["select {", "case <-ch:", ...b, "default:", "}"]),
    block.map((b) => ["func() {", ...b, "}()"]),
    block.map((b) => ["go func() {", ...b, "}()"]),
  );
});

function program(body: Stmt): string {
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
    "func f(xs []int, ch chan int, mu *sync.Mutex, f *os.File, cancel context.CancelFunc) {",
    "\ti := 0",
    "outer:",
    "\tfor range xs {",
    ...indent(indent(body)),
    "\t}",
    "}",
    "",
  ].join("\n");
}

describe("defer-in-loop fixes, property", () => {
  it("never throws, and every fix parses again", () => {
    const gofmtInputs: string[] = [];
    fc.assert(
      fc.property(fc.array(stmtArb(3), { minLength: 1, maxLength: 5 }), (stmts) => {
        const text = program(stmts.flat());
        const result = analyzeDeferInLoop({ path: "p.go", text }, parser);
        for (const finding of result.findings) {
          for (const fix of finding.fixes) {
            const fixed = applyEdits(text, fix.edits);
            if (!parsesCleanly(fixed)) return false;
            if (gofmtInputs.length < 300) gofmtInputs.push(fixed);
          }
        }
        return true;
      }),
      { numRuns: 400, seed: 20240601 },
    );
    if (goVersion()) {
      // The generated programs may not type-check (break outside a loop, unused labels); their
      // layout must still be what gofmt prints.
      const dir = mkdtempSync(join(tmpdir(), "defer-prop-"));
      try {
        gofmtInputs.forEach((text, i) => writeFileSync(join(dir, `p${i}.go`), text));
        const r = spawnSync("gofmt", ["-l", "."], { cwd: dir, encoding: "utf8" });
        assert.equal(r.stdout, "", `gofmt -l:\n${r.stdout}${r.stderr}`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  });
});
