// What a real repository throws at the engine, end to end through the bundled CLI (dist/cli.js):
// binary and huge files, deep nesting, odd encodings and line endings, symlink loops, unreadable
// files, hostile paths, empty and Go-less repositories, malformed build files. Every case asserts
// the exact `errors` entries (or none) and that a sibling file's finding is still reported.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import {
  chmodSync,
  cpSync,
  mkdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
  openSync,
  writeSync,
  closeSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { describe, it } from "node:test";
import { actionsLogger } from "../src/github/logger.ts";
import { applyEdits } from "../src/analyzers/defer/fix.ts";
import { annotate } from "../src/report/annotations.ts";
import type { Finding } from "../src/findings.ts";
import { tempDir } from "./helpers/temp.ts";
import { readRegularFile } from "../src/sources/repo-files.ts";

const CLI = join(import.meta.dirname, "..", "dist", "cli.js");

interface Doc {
  version: number;
  findings: (Finding & { fixes: { description: string; edits: Finding["fixes"][0]["edits"] }[] })[];
  errors: { file: string; line?: number; message: string }[];
}

/** A file named good.go with one defer-in-loop finding at 8:3: it must survive every bad sibling. */
const GOOD = `package p

import "os"

func f(names []string) {
	for _, n := range names {
		fh, _ := os.Open(n)
		defer fh.Close()
	}
}
`;
const GOOD_FINDING = ["defer-in-loop", "warning", "good.go", 8, 3];

function repo(files: Record<string, string | Uint8Array>, options: { git?: boolean } = {}): string {
  const root = tempDir("gomemcheck-hardening-");
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  if (options.git) {
    git(root, "init", "-q");
    git(root, "add", "-A");
    git(root, "commit", "-q", "--allow-empty", "-m", "fixture");
  }
  return root;
}

function git(cwd: string, ...args: string[]): void {
  const r = spawnSync("git", ["-c", "user.email=t@example.com", "-c", "user.name=t", ...args], {
    cwd,
    encoding: "utf8",
  });
  assert.equal(r.status, 0, r.stderr);
}

/**
 * Runs dist/cli.js (or `script`, a copy of it); `node` are extra Node options, `as` a command that
 * runs node (setpriv).
 */
function cli(args: string[], options: { node?: string[]; as?: string[]; script?: string } = {}) {
  const argv = [...(options.node ?? []), options.script ?? CLI, ...args];
  const [command, ...rest] = options.as ? [...options.as, process.execPath] : [process.execPath];
  const r = spawnSync(command!, [...rest, ...argv], {
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
    maxBuffer: 64 * 1024 * 1024,
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, signal: r.signal };
}

/** The JSON report of a whole-repository audit; exit 0 with --fail-on never. */
function audit(root: string, as?: string[], script?: string): Doc {
  const r = cli([root, "--format", "json", "--fail-on", "never"], {
    ...(as ? { as } : {}),
    ...(script ? { script } : {}),
  });
  assert.equal(r.signal, null, `killed by ${r.signal}: ${r.stderr}`);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as Doc;
}

function summary(doc: Doc): unknown[][] {
  return doc.findings.map((f) => [f.rule, f.severity, f.file, f.line, f.column]);
}

describe("binary files, NUL bytes and invalid UTF-8", () => {
  it("skips a binary file with a .go name at its first NUL byte and analyses the rest", () => {
    const root = repo({
      "good.go": GOOD,
      "bin.go": Buffer.from("package p\n\nfunc x() {\x00\x01\x02\xff defer y() }\n", "latin1"),
      // A PNG renamed to .go: its first NUL byte is on line 3 (the header holds two \n).
      "image.go": Buffer.from([
        0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d,
      ]),
    });
    const doc = audit(root);
    assert.deepEqual(summary(doc), [GOOD_FINDING]);
    assert.deepEqual(doc.errors, [
      { file: "bin.go", line: 3, message: "skipped: binary file (NUL byte), not text" },
      { file: "image.go", line: 3, message: "skipped: binary file (NUL byte), not text" },
    ]);
  });

  it("analyses a Go file with invalid UTF-8 in a string and reports the defer where it is", () => {
    const root = repo({
      "good.go": GOOD,
      "latin1.go": Buffer.from(
        'package p\n\nfunc g(xs []int) {\n\ts := "caf\xe9 \xff"\n\tfor _, x := range xs {\n\t\tdefer h(s, x)\n\t}\n}\n',
        "latin1",
      ),
    });
    const doc = audit(root);
    assert.deepEqual(summary(doc), [GOOD_FINDING, ["defer-in-loop", "warning", "latin1.go", 6, 3]]);
    // Go rejects the file; the entry says so, and that columns after the bad bytes may shift.
    assert.deepEqual(doc.errors, [
      {
        file: "latin1.go",
        line: 4,
        message:
          "invalid UTF-8 (Go rejects such a file): analysed with replacement characters, so columns after the bad bytes on this line may be off",
      },
    ]);
  });
});

describe("a 50 MB generated Go file", () => {
  const RSS_LIMIT_KB = 300 * 1024;

  function bigRepo(gitRepo: boolean): string {
    const root = repo({ "good.go": GOOD }, { git: false });
    // Written in chunks: the test itself should not hold 50 MB either.
    const fd = openSync(join(root, "zz_generated.go"), "w");
    writeSync(fd, "package p\n\n");
    const line = `var _ = "${"x".repeat(100)}" // defer in a loop? no\n`;
    const chunk = line.repeat(Math.ceil((1024 * 1024) / line.length));
    for (let written = 0; written < 50 * 1024 * 1024; written += chunk.length) writeSync(fd, chunk);
    closeSync(fd);
    if (gitRepo) {
      git(root, "init", "-q");
      git(root, "add", "-A");
      git(root, "commit", "-q", "-m", "fixture");
    }
    return root;
  }

  /** Runs the CLI with a preload that prints the process's peak RSS (kB) to stderr on exit. */
  function auditWithRss(root: string): { doc: Doc; maxRssKb: number } {
    const preload = join(tempDir("gomemcheck-rss-"), "rss.mjs");
    writeFileSync(
      preload,
      `import { writeSync } from "node:fs";\nprocess.on("exit", () => writeSync(2, "\\nMAXRSS_KB=" + process.resourceUsage().maxRSS + "\\n"));\n`,
    );
    const r = cli([root, "--format", "json", "--fail-on", "never"], {
      node: ["--import", preload],
    });
    assert.equal(r.code, 0, r.stderr);
    const m = /MAXRSS_KB=(\d+)/.exec(r.stderr);
    assert.ok(m, r.stderr);
    return { doc: JSON.parse(r.stdout) as Doc, maxRssKb: Number(m[1]) };
  }

  for (const gitRepo of [false, true]) {
    it(`is skipped with an entry naming its size and the limit, without being read (${gitRepo ? "git work tree" : "plain folder"})`, () => {
      const root = bigRepo(gitRepo);
      const { doc, maxRssKb } = auditWithRss(root);
      assert.deepEqual(summary(doc), [GOOD_FINDING]);
      assert.deepEqual(doc.errors, [
        {
          file: "zz_generated.go",
          message:
            "skipped: 50.0 MB is over the 10 MB limit (generated code?); exclude it in .gomemcheck.yml to silence this",
        },
      ]);
      assert.ok(maxRssKb < RSS_LIMIT_KB, `peak RSS ${maxRssKb} kB`);
      // Reading 50 MB (buffer plus string) would add well over 40 MB to the peak.
      const small = auditWithRss(repo({ "good.go": GOOD }));
      assert.ok(
        maxRssKb - small.maxRssKb < 40 * 1024,
        `peak RSS ${maxRssKb} kB against ${small.maxRssKb} kB without the big file`,
      );
    });
  }
});

describe("10,000-deep nesting", () => {
  const N = 10_000;
  const shapes: Record<string, { text: string; line: number; column: number }> = {
    // 10,000 nested ifs inside a loop, the defer at the bottom.
    "ifs.go": {
      text: `package p\n\nfunc f(x bool) {\n\tfor {\n${"if x {\n".repeat(N)}defer g()\n${"}\n".repeat(N)}\t}\n}\n`,
      line: 5 + N,
      column: 1,
    },
    // 10,000 nested loops.
    "loops.go": {
      text: `package p\n\nfunc f() {\n${"for {\n".repeat(N)}defer g()\n${"}\n".repeat(N)}}\n`,
      line: 4 + N,
      column: 1,
    },
    // 10,000 nested bare blocks inside a loop.
    "blocks.go": {
      text: `package p\n\nfunc f() {\n\tfor {\n${"{\n".repeat(N)}defer g()\n${"}\n".repeat(N)}\t}\n}\n`,
      line: 5 + N,
      column: 1,
    },
    // The loop's last statement is an if/else chain 10,000 deep (does the loop leave after one pass?).
    "else.go": {
      text: `package p\n\nfunc f(x bool) {\n\tfor {\n\t\tdefer g()\n${"if x {\n".repeat(N)}g()\n${"} else {\ng()\n}\n".repeat(N)}\t}\n}\n`,
      line: 5,
      column: 3,
    },
    // A range over a channel in 10,000 parentheses (is the loop bounded?).
    "parens.go": {
      text: `package p\n\nfunc f(ch chan int) {\n\tfor range ${"(".repeat(N)}ch${")".repeat(N)} {\n\t\tdefer g()\n\t}\n}\n`,
      line: 5,
      column: 3,
    },
    // A deferred call on an operand in 10,000 parentheses (can the call be made explicit?).
    "operand.go": {
      text: `package p\n\nfunc f(xs []int, a T) {\n\tfor range xs {\n\t\tdefer ${"(".repeat(N)}a${")".repeat(N)}.Close()\n\t}\n}\n`,
      line: 5,
      column: 3,
    },
  };

  for (const [name, shape] of Object.entries(shapes)) {
    // No time bound (the machine may be loaded): test/linearity.test.ts checks growth instead.
    it(`${name}: no stack overflow, the defer is reported`, () => {
      const root = repo({ "good.go": GOOD, [name]: shape.text });
      const doc = audit(root);
      assert.deepEqual(doc.errors, []);
      assert.deepEqual(
        doc.findings.map((f) => [f.rule, f.file, f.line, f.column]),
        [
          ["defer-in-loop", "good.go", 8, 3],
          ["defer-in-loop", name, shape.line, shape.column],
        ].sort((a, b) => (a[1]! < b[1]! ? -1 : 1)),
      );
    });
  }
});

describe("line endings and a BOM", () => {
  it("CRLF: lines as go vet counts them, fixes keep CRLF", () => {
    const text = GOOD.replace(/\n/g, "\r\n");
    const root = repo({ "good.go": GOOD, "crlf.go": text });
    const doc = audit(root);
    assert.deepEqual(summary(doc), [["defer-in-loop", "warning", "crlf.go", 8, 3], GOOD_FINDING]);
    assert.deepEqual(doc.errors, []);
    const crlf = doc.findings[0]!;
    assert.equal(crlf.endColumn, 19);
    const wrapped = applyEdits(text, crlf.fixes[1]!.edits);
    assert.equal(
      wrapped,
      text.replace(
        "\t\tfh, _ := os.Open(n)\r\n\t\tdefer fh.Close()\r\n",
        "\t\tfunc() {\r\n\t\t\tfh, _ := os.Open(n)\r\n\t\t\tdefer fh.Close()\r\n\t\t}()\r\n",
      ),
    );
  });

  it("a lone CR does not end a line (Go's scanner agrees): a CR-only file is one line that does not parse", () => {
    const root = repo({
      "good.go": GOOD,
      "cr.go": "package p\r\rfunc c(xs []int) {\r\tfor range xs {\r\t\tdefer h()\r\t}\r}\r",
      // A lone CR inside a comment of an LF file does not shift the lines below it.
      "mixed.go":
        "package p\n\n// one\rstill line 3\nfunc c(xs []int) {\n\tfor range xs {\n\t\tdefer h()\n\t}\n}\n",
    });
    const doc = audit(root);
    assert.deepEqual(summary(doc), [
      ["defer-in-loop", "notice", "cr.go", 1, 49],
      GOOD_FINDING,
      ["defer-in-loop", "notice", "mixed.go", 6, 3],
    ]);
    assert.deepEqual(doc.errors, [
      {
        file: "cr.go",
        line: 1,
        message:
          "syntax error: defer-in-loop skipped the defers in the part of the file that does not parse",
      },
    ]);
  });

  it("a UTF-8 BOM: Go files and Dockerfiles are analysed, columns count its bytes, fixes apply", () => {
    const bom = "\ufeff";
    const dockerfile = "FROM golang:1.14\nRUN go build -o /app .\n";
    const root = repo({
      "good.go": GOOD,
      "bom.go": `${bom}${GOOD}`,
      Dockerfile: `${bom}${dockerfile}`,
      "plain/Dockerfile": dockerfile,
    });
    const doc = audit(root);
    assert.deepEqual(summary(doc), [
      ["go-unsupported", "notice", "Dockerfile", 1, 9],
      ["madv-free-build", "error", "Dockerfile", 1, 9],
      ["defer-in-loop", "warning", "bom.go", 8, 3],
      GOOD_FINDING,
      ["go-unsupported", "notice", "plain/Dockerfile", 1, 6],
      ["madv-free-build", "error", "plain/Dockerfile", 1, 6],
    ]);
    assert.deepEqual(doc.errors, []);
    // Every fix, applied to the file with a BOM, gives the BOM plus the fixed file without one.
    for (const rule of ["go-unsupported", "madv-free-build"]) {
      const withBom = doc.findings.find((f) => f.rule === rule && f.file === "Dockerfile")!;
      const plain = doc.findings.find((f) => f.rule === rule && f.file === "plain/Dockerfile")!;
      assert.equal(withBom.fixes.length, plain.fixes.length);
      withBom.fixes.forEach((fix, i) => {
        assert.equal(
          applyEdits(`${bom}${dockerfile}`, fix.edits),
          bom + applyEdits(dockerfile, plain.fixes[i]!.edits),
        );
      });
    }
  });
});

describe("symlinks", () => {
  for (const gitRepo of [false, true]) {
    it(`a folder symlink to its parent and a self-loop are not followed (${gitRepo ? "git work tree" : "plain folder"})`, () => {
      const root = repo({ "good.go": GOOD, "pkg/inner.go": "package pkg\n" });
      symlinkSync("..", join(root, "pkg", "up"));
      symlinkSync("self.go", join(root, "self.go"));
      symlinkSync("good.go", join(root, "alias.go"));
      if (gitRepo) {
        git(root, "init", "-q");
        git(root, "add", "-A");
        git(root, "commit", "-q", "-m", "fixture");
      }
      const doc = audit(root);
      assert.deepEqual(summary(doc), [GOOD_FINDING]);
      assert.deepEqual(doc.errors, []);
    });
  }
});

describe("reads check each folder of a path", () => {
  it("once per run: a folder the run found real is remembered, a symlinked one is refused", () => {
    const root = tempDir("gmc-folders-");
    mkdirSync(join(root, "deploy", "k8s"), { recursive: true });
    writeFileSync(join(root, "deploy", "k8s", "a.yaml"), "kind: Pod\n");
    writeFileSync(join(root, "deploy", "k8s", "b.yaml"), "kind: Job\n");
    mkdirSync(join(root, "elsewhere"));
    writeFileSync(join(root, "elsewhere", "c.yaml"), "kind: Pod\n");
    symlinkSync(join(root, "elsewhere"), join(root, "linked"));
    const folders = new Set<string>();
    const a = readRegularFile(root, "deploy/k8s/a.yaml", 1024, folders);
    assert.ok(a.ok && a.bytes.toString() === "kind: Pod\n");
    assert.deepEqual([...folders], [join(root, "deploy"), join(root, "deploy", "k8s")]);
    const b = readRegularFile(root, "deploy/k8s/b.yaml", 1024, folders);
    assert.ok(b.ok && b.bytes.toString() === "kind: Job\n");
    const linked = readRegularFile(root, "linked/c.yaml", 1024, folders);
    assert.deepEqual(linked, { ok: false, reason: "a symlink (not followed)" });
    assert.ok(!folders.has(join(root, "linked")));
    // A file that is exactly the cap is read whole; one byte more is too large.
    const cap = readRegularFile(root, "deploy/k8s/a.yaml", 10, folders);
    assert.ok(cap.ok && cap.bytes.length === 10);
    assert.deepEqual(readRegularFile(root, "deploy/k8s/a.yaml", 9, folders), {
      ok: false,
      reason: "too large",
      tooLarge: 10,
    });
  });
});

describe("unreadable files", () => {
  const isRoot = process.getuid?.() === 0;
  const setpriv = spawnSync("setpriv", ["--version"]).status === 0;
  const skip =
    isRoot && !setpriv
      ? "running as root (chmod 000 does not deny root) and setpriv is missing to drop privileges"
      : process.platform === "win32"
        ? "POSIX permissions"
        : false;

  it("a chmod 000 file and folder get an entry each; the rest is analysed", { skip }, (t) => {
    const root = repo({ "good.go": GOOD, "secret.go": GOOD, "locked/in.go": GOOD });
    chmodSync(root, 0o755);
    chmodSync(join(root, "secret.go"), 0o000);
    chmodSync(join(root, "locked"), 0o000);
    t.after(() => chmodSync(join(root, "locked"), 0o755));
    // As root, permissions deny nothing: run the CLI as nobody (uid 65534) so they do.
    const as = isRoot ? ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] : undefined;
    let script: string | undefined;
    if (as) {
      // The clone may sit where only root can enter (root's home): nobody runs a copy of dist/.
      const dist = tempDir("gomemcheck-dist-");
      chmodSync(dist, 0o755);
      cpSync(dirname(CLI), dist, { recursive: true });
      script = join(dist, "cli.js");
      const reach = spawnSync(as[0]!, [
        ...as.slice(1),
        process.execPath,
        "-e",
        "for (const p of process.argv.slice(1)) require('fs').accessSync(p)",
        script,
        join(root, "good.go"),
      ]);
      if (reach.status !== 0) {
        const why = `nobody (uid 65534) cannot reach node, the copied CLI or the temp folder: ${reach.stderr.toString().trim().split("\n")[0] ?? ""}`;
        t.diagnostic(why);
        return t.skip(why);
      }
    }
    const doc = audit(root, as, script);
    assert.deepEqual(summary(doc), [GOOD_FINDING]);
    assert.deepEqual(doc.errors, [
      { file: "locked", message: "cannot list folder: EACCES: permission denied" },
      { file: "secret.go", message: "cannot read: EACCES: permission denied" },
    ]);
  });
});

describe("paths with spaces, unicode and Markdown metacharacters", () => {
  const NAMES = ["a b`c|d<e]f ü.go", "dir|x/<y>.go", "日本/sp ace/[x](y).go", "a\\|b.go"];

  function hostileRepo(): string {
    const files: Record<string, string> = { "good.go": GOOD };
    for (const n of NAMES) files[n] = GOOD;
    files["we|rd<dir/go.mod"] = "module x\n\ngo 1.2x\n";
    return repo(files);
  }

  it("JSON and text show the real paths", () => {
    const root = hostileRepo();
    const doc = audit(root);
    const expected = [
      "a b`c|d<e]f ü.go",
      "a\\|b.go",
      "dir|x/<y>.go",
      "good.go",
      "日本/sp ace/[x](y).go",
    ];
    assert.deepEqual(
      doc.findings.map((f) => f.file),
      expected,
    );
    assert.deepEqual(doc.errors, [
      {
        file: "we|rd<dir/go.mod",
        line: 3,
        message: "invalid go version '1.2x': must match format 1.23.0",
      },
    ]);
    const text = cli([root, "--fail-on", "never"]);
    assert.equal(text.code, 0);
    for (const n of expected) assert.ok(text.stdout.includes(`${n}:8:3: warning defer-in-loop`), n);
    assert.ok(text.stdout.includes("we|rd<dir/go.mod:3: not analysed: invalid go version"));
  });

  it("Markdown escapes them: every table row keeps its cells, no raw < outside code", () => {
    const root = hostileRepo();
    const r = cli([root, "--format", "markdown", "--fail-on", "never"]);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.split("\n");
    const rows = lines.filter((l) => l.startsWith("|"));
    assert.ok(rows.length >= 2 + 5 + 2, r.stdout);
    // Both tables have four columns: five unescaped pipes per row.
    for (const row of rows) assert.equal(unescapedPipes(row), 5, row);
    // gomemcheck's own tags (a message's details, the fix on its own line) are the only HTML.
    const OWN_TAGS = /<\/?(?:details|summary|code)>|<br>/g;
    for (const line of lines) assert.equal(rawAngles(line.replace(OWN_TAGS, "")), 0, line);
    // Each hostile path appears once in the findings table, inside a code span.
    for (const n of NAMES) {
      const cell = rows.find((row) => row.includes(n.replace(/\|/g, "\\|")));
      assert.ok(cell, `${n} missing in\n${r.stdout}`);
    }
    assert.ok(r.stdout.includes("- `we|rd<dir/go.mod:3`: invalid go version"), r.stdout);
  });

  it("annotations escape them as workflow-command properties", () => {
    const written: string[] = [];
    const original = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    }) as typeof process.stdout.write;
    try {
      annotate(
        [
          {
            rule: "defer-in-loop",
            severity: "warning",
            file: "a,b:c%d\n.go",
            line: 3,
            column: 2,
            endLine: 3,
            endColumn: 9,
            message: "50% of\nit",
            evidence: [],
            fixes: [],
          },
        ],
        [{ file: "x:y,z.go", line: 1, message: "skipped" }],
        actionsLogger(),
      );
    } finally {
      process.stdout.write = original;
    }
    const out = written.join("");
    assert.ok(
      out.includes("file=a%2Cb%3Ac%25d%0A.go,line=3,endLine=3,col=2,endColumn=9::50%25 of%0Ait"),
      out,
    );
    assert.ok(out.includes("file=x%3Ay%2Cz.go,line=1::not analysed: skipped"), out);
  });
});

/**
 * Cell separators as GitHub (cmark-gfm) splits a row: a `|` directly after a backslash is part of
 * the cell whatever precedes the backslash (its cell scanner takes the longest match).
 */
function unescapedPipes(row: string): number {
  let n = 0;
  for (let i = 0; i < row.length; i++) if (row[i] === "|" && row[i - 1] !== "\\") n++;
  return n;
}

/** `<` outside code spans and not backslash-escaped: what GitHub could read as HTML. */
function rawAngles(line: string): number {
  let n = 0;
  let i = 0;
  while (i < line.length) {
    if (line[i] === "`") {
      let run = 0;
      while (line[i + run] === "`") run++;
      const fence = "`".repeat(run);
      const close = line.indexOf(fence, i + run);
      if (close !== -1) {
        i = close + run;
        continue;
      }
      i += run;
      continue;
    }
    if (line[i] === "\\") {
      i += 2;
      continue;
    }
    if (line[i] === "<") n++;
    i++;
  }
  return n;
}

describe("empty and Go-less repositories", () => {
  for (const gitRepo of [false, true]) {
    it(`an empty repository is a clean result, exit 0 (${gitRepo ? "git work tree" : "plain folder"})`, () => {
      const root = repo({}, { git: gitRepo });
      const r = cli([root, "--format", "json"]);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(JSON.parse(r.stdout), { version: 1, findings: [], errors: [] });
    });

    it(`a repository with only a golang:1.14 Dockerfile gets its findings (${gitRepo ? "git work tree" : "plain folder"})`, () => {
      const root = repo(
        { Dockerfile: "FROM golang:1.14\nRUN go build -o /app .\n", "README.md": "# x\n" },
        { git: gitRepo },
      );
      const doc = audit(root);
      assert.deepEqual(summary(doc), [
        ["go-unsupported", "notice", "Dockerfile", 1, 6],
        ["madv-free-build", "error", "Dockerfile", 1, 6],
      ]);
      assert.deepEqual(doc.errors, []);
    });
  }
});

describe("malformed go.mod and Dockerfile", () => {
  it("errors name the file, the line and what was expected; everything else is analysed", () => {
    const root = repo({
      "good.go": GOOD,
      "go.mod": "module x\n\ngo 1.2x\nrequire (\n\texample.com/a v1.0.0\n",
      Dockerfile: "FROM golang:1.14\nFOOBAR x\nRUN go build -o /app .\n",
    });
    const doc = audit(root);
    assert.deepEqual(summary(doc), [
      ["go-unsupported", "notice", "Dockerfile", 1, 6],
      ["madv-free-build", "error", "Dockerfile", 1, 6],
      GOOD_FINDING,
    ]);
    assert.deepEqual(doc.errors, [
      {
        file: "Dockerfile",
        line: 2,
        message:
          "unknown instruction: FOOBAR (expected a Dockerfile instruction such as FROM, RUN, ENV)",
      },
      {
        file: "go.mod",
        line: 3,
        message: "invalid go version '1.2x': must match format 1.23.0",
      },
      {
        file: "go.mod",
        line: 4,
        message: "syntax error: unterminated block started at this line (missing ')')",
      },
    ]);
  });
});

describe("git work trees", () => {
  it("skips ignored files (a binary, a huge file, a finding) but reports tracked ones", () => {
    const root = repo({
      "good.go": GOOD,
      ".gitignore": "ignored/\n*.gen.go\n",
      "ignored/leak.go": GOOD,
      "big.gen.go": Buffer.alloc(11 * 1024 * 1024, 0x20),
      "ignored/bin.go": Buffer.from([0, 1, 2]),
      "tracked/bin.go": Buffer.from("package p\n\x00", "latin1"),
    });
    git(root, "init", "-q");
    git(root, "add", "good.go", ".gitignore", "tracked/bin.go");
    git(root, "commit", "-q", "-m", "fixture");
    // Untracked, not ignored: listed too.
    writeFileSync(join(root, "new.go"), GOOD);
    const doc = audit(root);
    assert.deepEqual(summary(doc), [GOOD_FINDING, ["defer-in-loop", "warning", "new.go", 8, 3]]);
    assert.deepEqual(doc.errors, [
      { file: "tracked/bin.go", line: 2, message: "skipped: binary file (NUL byte), not text" },
    ]);
    // Without git the same tree is walked and nothing is ignored.
    const plain = repo({});
    for (const p of ["good.go", "ignored/leak.go", "new.go"]) {
      mkdirSync(dirname(join(plain, p)), { recursive: true });
      writeFileSync(join(plain, p), readFileSync(join(root, p)));
    }
    assert.equal(audit(plain).findings.length, 3);
  });
});
