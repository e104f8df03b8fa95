// The bundled CLI (dist/cli.js) run as a child process, as a user runs it.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { Edit } from "../src/findings.ts";
import { tempDir } from "./helpers/temp.ts";

const CLI = join(import.meta.dirname, "..", "dist", "cli.js");
const EXAMPLE = join(import.meta.dirname, "..", "examples", "leaky-service");

function cli(args: string[], cwd?: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function git(cwd: string, ...args: string[]) {
  const r = spawnSync("git", ["-c", "user.email=t@example.com", "-c", "user.name=t", ...args], {
    cwd,
    encoding: "utf8",
  });
  assert.equal(r.status, 0, r.stderr);
}

describe("gomemcheck CLI on examples/leaky-service", () => {
  it("lists the example's findings on their exact lines (json)", () => {
    const r = cli([EXAMPLE, "--format", "json"]);
    assert.equal(r.code, 1);
    const doc = JSON.parse(r.stdout);
    assert.equal(doc.version, 1);
    assert.deepEqual(doc.errors, []);
    assert.deepEqual(
      doc.findings.map((f: Record<string, unknown>) => [
        f.rule,
        f.severity,
        f.file,
        f.line,
        f.column,
        (f.evidence as { line: number }[]).map((e) => e.line),
      ]),
      [
        ["go-unsupported", "notice", "Dockerfile", 2, 6, []],
        ["madv-free-build", "error", "Dockerfile", 2, 6, [10, 9]],
        ["defer-in-loop", "warning", "internal/consumer/consumer.go", 30, 3, [25]],
        ["defer-in-loop", "warning", "internal/store/store.go", 23, 3, [18]],
        ["defer-in-loop", "error", "internal/store/store.go", 44, 3, [42]],
      ],
    );
  });

  it("prints Go-style text lines and exits 1 on errors", () => {
    const r = cli([EXAMPLE]);
    assert.equal(r.code, 1);
    const lines = r.stdout.split("\n").filter((l) => /^\S+:\d+:\d+: /.test(l));
    assert.deepEqual(
      lines.map((l) => l.split(": ").slice(0, 2).join(": ")),
      [
        "Dockerfile:2:6: notice go-unsupported",
        "Dockerfile:2:6: error madv-free-build",
        "internal/consumer/consumer.go:30:3: warning defer-in-loop",
        "internal/store/store.go:23:3: warning defer-in-loop",
        "internal/store/store.go:44:3: error defer-in-loop",
      ],
    );
    assert.equal(
      r.stdout.trimEnd().split("\n").at(-1),
      "gomemcheck: 5 findings (2 errors, 2 warnings, 1 notice)",
    );
    assert.doesNotMatch(r.stdout, /\x1b\[/);
  });

  it("honours --fail-on", () => {
    assert.equal(cli([EXAMPLE, "--fail-on", "never", "--format", "json"]).code, 0);
    assert.equal(cli([EXAMPLE, "--fail-on", "notice", "--format", "json"]).code, 1);
  });

  it("prints SARIF and markdown", () => {
    const sarif = JSON.parse(cli([EXAMPLE, "--format", "sarif"]).stdout);
    assert.equal(sarif.runs[0].results.length, 5);
    assert.deepEqual(sarif.runs[0].results[2].locations[0].physicalLocation.region, {
      startLine: 30,
      startColumn: 3,
      endLine: 30,
      endColumn: 17,
    });
    const markdown = cli([EXAMPLE, "--format", "markdown"]).stdout;
    assert.ok(markdown.startsWith("### gomemcheck: 5 findings\n"), markdown.slice(0, 80));
  });
});

describe("gomemcheck CLI usage errors", () => {
  it("exits 2 with a message naming the problem", () => {
    const bad = cli([EXAMPLE, "--format", "xml"]);
    assert.equal(bad.code, 2);
    assert.match(
      bad.stderr,
      /--format must be one of text, json, sarif, markdown, rdjson, checkstyle, codeclimate; got "xml"/,
    );
    const missing = cli(["/nonexistent/dir"]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /\/nonexistent\/dir: no such file or directory/);
    const unknown = cli([EXAMPLE, "--colour"]);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown option --colour/);
  });

  it("refuses a .gomemcheck.yml that is a symlink, without reading its target", () => {
    const dir = tempDir("gmc-cfg-link-");
    writeFileSync(join(dir, "a.go"), "package a\n");
    symlinkSync("/etc/passwd", join(dir, ".gomemcheck.yml"));
    const r = cli([dir]);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, "gomemcheck: .gomemcheck.yml: cannot read: a symlink (not followed)\n");
    assert.equal(r.stdout, "");
  });

  it("--timeout: past it the files not finished are errors and the exit code is 1", () => {
    const bad = cli([EXAMPLE, "--timeout", "soon"]);
    assert.equal(bad.code, 2);
    assert.match(
      bad.stderr,
      /--timeout must be a number of minutes \(0 for no limit\); got "soon"/,
    );
    const dir = tempDir("gmc-timeout-");
    writeFileSync(join(dir, "a.go"), "package a\n");
    writeFileSync(join(dir, "Dockerfile"), "FROM alpine\n");
    const r = cli([dir, "--timeout", "0.0000001", "--format", "json"]);
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout).errors, [
      { file: "Dockerfile", message: "the run's time limit was reached first" },
      { file: "a.go", message: "the run's time limit was reached first" },
    ]);
    // With no limit the same directory passes.
    assert.equal(cli([dir, "--timeout", "0"]).code, 0);
  });

  it("exits 2 on a bad config file, naming file, line and key", () => {
    const dir = tempDir("gmc-cfg-");
    writeFileSync(join(dir, ".gomemcheck.yml"), "rules:\n  defer-in-loop:\n    severity: loud\n");
    const r = cli([dir]);
    assert.equal(r.code, 2);
    assert.equal(
      r.stderr,
      'gomemcheck: .gomemcheck.yml:3: rules.defer-in-loop.severity must be error, warning or notice; got "loud"\n',
    );
  });
});

describe("gomemcheck CLI on awkward repositories", () => {
  it("reports unreadable inputs in errors and goes on with the other files", () => {
    const dir = tempDir("gmc-bad-");
    writeFileSync(join(dir, "binary.go"), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x0a, 0x00, 0x01]));
    writeFileSync(
      join(dir, "ok.go"),
      "package p\n\nfunc f(xs []int) {\n\tfor range xs {\n\t\tdefer g()\n\t}\n}\n\nfunc g() {}\n",
    );
    mkdirSync(join(dir, "vendor", "x"), { recursive: true });
    writeFileSync(join(dir, "vendor", "x", "v.go"), "package x\nfunc f() { for { defer g() } }\n");
    const r = cli([dir, "--format", "json", "--fail-on", "never"]);
    assert.equal(r.code, 0);
    const doc = JSON.parse(r.stdout);
    assert.deepEqual(doc.errors, [
      { file: "binary.go", line: 2, message: "skipped: binary file (NUL byte), not text" },
    ]);
    assert.deepEqual(
      doc.findings.map((f: { file: string; line: number }) => `${f.file}:${f.line}`),
      ["ok.go:5"],
    );
  });

  it("prints no findings for an empty directory", () => {
    const dir = tempDir("gmc-empty-");
    const r = cli([dir]);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, "gomemcheck: no findings\n");
  });
});

describe("gomemcheck CLI --base", () => {
  it("reviews only what changed since the ref, including old code wrapped in a new loop", () => {
    const dir = tempDir("gmc-base-");
    git(dir, "init", "-q");
    const before = [
      "package p",
      "",
      "func old(xs []int) {",
      "\tfor range xs {",
      "\t\tdefer g()",
      "\t}",
      "}",
      "",
      "func wrapped() {",
      "\tdefer g()",
      "}",
      "",
      "func g() {}",
      "",
    ];
    writeFileSync(join(dir, "a.go"), before.join("\n"));
    git(dir, "add", ".");
    git(dir, "commit", "-qm", "base");
    const after = [...before];
    after.splice(9, 1, "\tfor i := 0; i < 3; i++ {", "\t\tdefer g()", "\t}");
    writeFileSync(join(dir, "a.go"), after.join("\n"));
    writeFileSync(
      join(dir, "new.go"),
      "package p\n\nfunc n(c chan int) {\n\tfor range c {\n\t\tdefer g()\n\t}\n}\n",
    );
    const r = cli([dir, "--base", "HEAD", "--format", "json", "--fail-on", "never"]);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    // a.go:5 is old and untouched; a.go:11 is an old defer inside a new loop; new.go is untracked.
    assert.deepEqual(
      doc.findings.map((f: { file: string; line: number }) => `${f.file}:${f.line}`),
      ["a.go:11", "new.go:5"],
    );
    const all = JSON.parse(cli([dir, "--format", "json", "--fail-on", "never"]).stdout);
    assert.equal(all.findings.length, 3);
  });

  it("diffs git objects only: a clean filter or diff driver configured in the repository never runs", (t) => {
    const dir = tempDir("gmc-base-");
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    git(dir, "init", "-q");
    writeFileSync(join(dir, "a.go"), "package p\n\nfunc g() {}\n");
    writeFileSync(join(dir, ".gitattributes"), "*.go filter=evil diff=evil\n");
    git(dir, "add", ".");
    git(dir, "commit", "-qm", "base");
    const marker = join(dir, "ran");
    // What a hostile repository's .git/config could hold: each would create the marker file.
    git(dir, "config", "filter.evil.clean", `sh -c 'touch ${marker}; cat'`);
    git(dir, "config", "diff.evil.command", `sh -c 'touch ${marker}'`);
    git(dir, "config", "diff.evil.textconv", `sh -c 'touch ${marker}; cat'`);
    git(dir, "config", "core.fsmonitor", `sh -c 'touch ${marker}'`);
    // Modified after the commit, with a fresh mtime: `git diff HEAD` would run the clean filter.
    writeFileSync(
      join(dir, "a.go"),
      "package p\n\nfunc g() {}\n\nfunc f(c chan int) {\n\tfor range c {\n\t\tdefer g()\n\t}\n}\n",
    );
    const objects = (): string =>
      spawnSync("git", ["count-objects"], { cwd: dir, encoding: "utf8" }).stdout;
    const before = objects();
    const r = cli([dir, "--base", "HEAD", "--format", "json", "--fail-on", "never"]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(
      JSON.parse(r.stdout).findings.map(
        (f: { file: string; line: number }) => `${f.file}:${f.line}`,
      ),
      ["a.go:7"],
    );
    assert.equal(existsSync(marker), false, "a command from .git/config ran");
    // The repository's object store is not written (the work tree is hashed into a temporary one).
    assert.equal(objects(), before);
  });

  it("exits 2 for an unknown ref", () => {
    const dir = tempDir("gmc-base-");
    git(dir, "init", "-q");
    const r = cli([dir, "--base", "nope"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^gomemcheck: --base nope: no such commit in this repository/);
  });
});

describe("README", () => {
  it("shows the Quick start's real output", () => {
    const readme = readFileSync(join(import.meta.dirname, "..", "README.md"), "utf8");
    const shown = /The first command prints[\s\S]*?```text\n([\s\S]*?)```/.exec(readme)?.[1] ?? "";
    const actual = cli([EXAMPLE])
      .stdout.split("\n")
      .filter((l) => l !== "" && !l.startsWith("\t"));
    const expected = shown.trimEnd().split("\n");
    assert.equal(expected.length, actual.length);
    expected.forEach((line, i) => {
      // "…" stands for the rest of a long line.
      if (line.endsWith(" …"))
        assert.ok(actual[i]!.startsWith(line.slice(0, -2)), `${actual[i]} vs ${line}`);
      else assert.equal(actual[i], line);
    });
  });

  it("opens with a Quick start of exactly the two commands", () => {
    const readme = readFileSync(join(import.meta.dirname, "..", "README.md"), "utf8");
    const quick = /## Quick start\n\n```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? "";
    assert.deepEqual(
      quick
        .trim()
        .split("\n")
        .map((l) => l.replace(/\s+#.*$/, "")),
      ["node dist/cli.js examples/leaky-service", "npm ci && npm test"],
    );
  });
});

describe("gomemcheck CLI in a checkout owned by another user", () => {
  it("keeps git's ownership guard: the tree is walked without .gitignore, and an entry says so", (t) => {
    if (process.getuid?.() !== 0) return t.skip("needs root to chown the checkout");
    const dir = tempDir("gmc-owner-");
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    git(dir, "init", "-q");
    writeFileSync(join(dir, ".gitignore"), "gen/\n");
    mkdirSync(join(dir, "gen"));
    const loop =
      "package p\n\nfunc f(c chan int) {\n\tfor range c {\n\t\tdefer g()\n\t}\n}\n\nfunc g() {}\n";
    writeFileSync(join(dir, "gen", "x.go"), loop);
    writeFileSync(join(dir, "a.go"), loop);
    spawnSync("chown", ["-R", "65534:65534", dir]);
    const doc = JSON.parse(cli([dir, "--format", "json", "--fail-on", "never"]).stdout);
    assert.deepEqual(
      doc.findings.map((f: { file: string }) => f.file),
      ["a.go", "gen/x.go"],
    );
    assert.deepEqual(doc.errors, [
      {
        file: ".",
        message:
          "git refuses to read this checkout (it is owned by another user; see git's safe.directory), so .gitignore is not applied: ignored files are analysed too",
      },
    ]);
  });
});

describe("the example's fixes", () => {
  it("compile: every finding's first fix applied to examples/leaky-service passes gofmt, go vet and go build", async (t) => {
    if (spawnSync("go", ["version"]).status !== 0) return t.skip("go not installed");
    const { cpSync } = await import("node:fs");
    const { applyEdits } = await import("../src/analyzers/defer/fix.ts");
    const doc = JSON.parse(cli([EXAMPLE, "--format", "json", "--fail-on", "never"]).stdout);
    const dir = tempDir("gmc-example-fixed-");
    cpSync(EXAMPLE, dir, { recursive: true });
    const edits = new Map<string, Edit[]>();
    for (const f of doc.findings) {
      if (f.rule !== "defer-in-loop") continue;
      assert.ok(f.fixes.length > 0, `${f.file}:${f.line} has no fix`);
      for (const e of f.fixes[0].edits) edits.set(e.file, [...(edits.get(e.file) ?? []), e]);
    }
    for (const [file, list] of edits)
      writeFileSync(join(dir, file), applyEdits(readFileSync(join(dir, file), "utf8"), list));
    const env = { ...process.env, GOTOOLCHAIN: "local", GOPROXY: "off", GOFLAGS: "-mod=mod" };
    const gofmt = spawnSync("gofmt", ["-l", "."], { cwd: dir, encoding: "utf8" });
    assert.equal(gofmt.stdout, "");
    for (const args of [
      ["vet", "./..."],
      ["build", "./..."],
    ]) {
      const r = spawnSync("go", args, { cwd: dir, encoding: "utf8", env });
      assert.equal(r.status, 0, `go ${args.join(" ")}: ${r.stderr}`);
    }
    // Fixed, the example has no defer in a loop left.
    const again = JSON.parse(cli([dir, "--format", "json", "--fail-on", "never"]).stdout);
    assert.deepEqual(
      again.findings.filter((f: { rule: string }) => f.rule === "defer-in-loop"),
      [],
    );
  });
});

describe("progress on a terminal", () => {
  it("counts Go files on stderr when both streams are a TTY and CI is not set, and never otherwise", async () => {
    const { main } = await import("../src/cli-main.ts");
    const dir = tempDir("gmc-progress-");
    for (let i = 0; i < 250; i++)
      writeFileSync(join(dir, `f${i}.go`), `package p\n\nfunc F${i}() {}\n`);
    const run = async (isTTY: boolean, env: NodeJS.ProcessEnv) => {
      let stderr = "";
      const code = await main([dir], {
        stdout: () => {},
        stderr: (s) => (stderr += s),
        isTTY,
        env,
      });
      return { code, stderr };
    };
    const tty = await run(true, {});
    assert.equal(tty.code, 0);
    assert.match(tty.stderr, /\r\d+\/250 Go files/);
    assert.ok(tty.stderr.endsWith("\r\x1b[K"), JSON.stringify(tty.stderr.slice(-20)));
    assert.equal((await run(true, { CI: "true" })).stderr, "");
    assert.equal((await run(false, {})).stderr, "");
  });
});
