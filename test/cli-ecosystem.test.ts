// The CLI around other tools: several paths (pre-commit), --diff and --fix, usage messages,
// colour, output that line matchers and terminals cannot misread. dist/cli.js as a child process.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import {
  chmodSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, describe, it } from "node:test";
import type { Finding } from "../src/findings.ts";
import { planFixes } from "../src/report/patch.ts";
import { applyFixes } from "../src/sources/write-fix.ts";

const ROOT = join(import.meta.dirname, "..");
const CLI = join(ROOT, "dist", "cli.js");
const EXAMPLE = join(ROOT, "examples", "leaky-service");

const temps: string[] = [];
after(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});
function temp(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

function cli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  delete env.FORCE_COLOR;
  if (!options.env || !("NO_COLOR" in options.env)) env.NO_COLOR = "1";
  Object.assign(env, options.env);
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: options.cwd,
    encoding: "utf8",
    env,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function git(cwd: string, ...args: string[]) {
  const r = spawnSync(
    "git",
    ["-c", "user.email=t@example.com", "-c", "user.name=t", "-c", "core.autocrlf=false", ...args],
    { cwd, encoding: "utf8" },
  );
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

const LOOP = (name: string) =>
  `package p\n\nfunc ${name}(c chan int) {\n\tfor range c {\n\t\tdefer g()\n\t}\n}\n`;

/** An error with a fix: descriptors pile up in a loop with no bound; closing per pass is safe. */
const OPEN_LOOP = (name: string) =>
  `package p\n\nimport "os"\n\nfunc ${name}(c chan string) {\n\tfor p := range c {\n\t\tf, err := os.Open(p)\n\t\tif err != nil {\n\t\t\tcontinue\n\t\t}\n\t\tdefer f.Close()\n\t}\n}\n`;

/** A repository: a Go 1.14 builder at the root, one module with two files in svc/. */
function repository(): string {
  const dir = temp("gmc-repo-");
  git(dir, "init", "-q");
  writeFileSync(
    join(dir, "Dockerfile"),
    'FROM golang:1.14 AS build\nRUN go build -o /app ./svc\n\nFROM debian:12\nCOPY --from=build /app /app\nENTRYPOINT ["/app"]\n',
  );
  mkdirSync(join(dir, "svc"));
  writeFileSync(join(dir, "svc", "go.mod"), "module example.com/svc\n\ngo 1.14\n");
  writeFileSync(join(dir, "svc", "a.go"), LOOP("A") + "\nfunc g() {}\n");
  writeFileSync(join(dir, "svc", "b.go"), LOOP("B"));
  return dir;
}

const places = (stdout: string) =>
  JSON.parse(stdout).findings.map(
    (f: { rule: string; file: string; line: number }) => `${f.rule} ${f.file}:${f.line}`,
  );

describe("several paths, as pre-commit passes them", () => {
  it("limits findings to the named files and still reads build context from the root", () => {
    const dir = repository();
    const one = cli(["svc/a.go", "--format", "json", "--fail-on", "never"], { cwd: dir });
    assert.equal(one.code, 0, one.stderr);
    // The root is the repository (.git), not svc/ (its go.mod): paths are relative to it.
    assert.deepEqual(places(one.stdout), ["defer-in-loop svc/a.go:5"]);

    const two = cli(["svc/a.go", "Dockerfile", "--format", "json", "--fail-on", "never"], {
      cwd: dir,
    });
    assert.equal(two.code, 0, two.stderr);
    const shown = places(two.stdout);
    // The Dockerfile's findings come from reading it as a whole; b.go was not named.
    assert.ok(shown.includes("madv-free-build Dockerfile:1"), shown.join("\n"));
    assert.ok(shown.includes("defer-in-loop svc/a.go:5"), shown.join("\n"));
    assert.ok(!shown.some((s: string) => s.includes("b.go")), shown.join("\n"));
    assert.ok(!shown.some((s: string) => s.includes("go.mod")), shown.join("\n"));

    // Outside git, the nearest go.mod marks the root.
    rmSync(join(dir, ".git"), { recursive: true, force: true });
    const module = cli([join(dir, "svc", "b.go"), "--format", "json", "--fail-on", "never"]);
    assert.deepEqual(places(module.stdout), ["defer-in-loop b.go:5"]);

    const folder = cli([join(dir, "svc"), "--format", "json", "--fail-on", "never"]);
    assert.deepEqual(
      places(folder.stdout).filter((s: string) => s.startsWith("defer")),
      ["defer-in-loop a.go:5", "defer-in-loop b.go:5"],
    );
  });

  it("exits 2 naming a path that does not exist", () => {
    const r = cli(["/nonexistent/x.go"]);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, "gomemcheck: /nonexistent/x.go: no such file or directory\n");
  });

  it("ships a pre-commit hook that runs the bin on Go files, Dockerfiles and workflows", async () => {
    const hooks = readFileSync(join(ROOT, ".pre-commit-hooks.yaml"), "utf8");
    assert.match(hooks, /^- id: gomemcheck$/m);
    assert.match(hooks, /^ {2}entry: gomemcheck$/m);
    assert.match(hooks, /^ {2}language: node$/m);
    // It selects exactly the files gomemcheck reads.
    const { parse } = await import("yaml");
    const { classify } = await import("../src/sources/workspace.ts");
    const files = new RegExp(parse(hooks)[0].files);
    for (const path of [
      "a.go",
      "svc/x_test.go",
      "go.mod",
      "svc/go.mod",
      "go.sum",
      ".go-version",
      "svc/.tool-versions",
      "Dockerfile",
      "svc/Dockerfile.prod",
      "build/app.dockerfile",
      "Containerfile",
      ".github/workflows/ci.yml",
      "svc/.github/workflows/ci.yaml",
      ".github/workflows/sub/x.yml",
      "README.md",
      "mygo.mod",
      "deploy/app.yaml",
      "compose.YML",
      ".github/dependabot.yml",
      "svc/.github/labels.yaml",
      "app.service",
      "scripts/run.sh",
      ".env",
      "svc/.env.prod",
      "Makefile",
      "docker-entrypoint",
      "app.service.d/override.conf",
      "deploy/etc/default/app",
      "etc/app.conf",
      "etc/app.json",
      "notes.txt",
    ])
      assert.equal(files.test(path), classify(path) !== undefined, path);
  });
});

describe("nothing to analyse", () => {
  it("says so on stderr and exits 0", () => {
    const dir = temp("gmc-empty-");
    writeFileSync(join(dir, "notes.txt"), "no Go here\n");
    const r = cli([dir]);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, "gomemcheck: no findings\n");
    assert.equal(
      r.stderr,
      `gomemcheck: nothing to analyse in ${dir}: no Go files, go.mod, Dockerfiles or workflows\n`,
    );
  });
});

describe("usage", () => {
  it("answers an unknown option with one line and a pointer to --help", () => {
    const r = cli([EXAMPLE, "--colour"]);
    assert.equal(r.code, 2);
    assert.equal(
      r.stderr,
      "gomemcheck: unknown option --colour (did you mean --color?); gomemcheck --help lists the options\n",
    );
    const missing = cli([EXAMPLE, "--format"]);
    assert.equal(missing.code, 2);
    assert.equal(missing.stderr.split("\n").length, 2, missing.stderr);
    assert.match(missing.stderr, /--format.*; gomemcheck --help lists the options\n$/);
  });

  it("--help fits 80 columns, lists every rule and links the docs", async () => {
    const r = cli(["--help"]);
    assert.equal(r.code, 0);
    for (const line of r.stdout.split("\n")) assert.ok(line.length <= 80, `too wide: ${line}`);
    const { RULES } = await import("../src/findings.ts");
    for (const rule of RULES) assert.match(r.stdout, new RegExp(`^  ${rule.id}$`, "m"));
    assert.match(r.stdout, /https:\/\/github\.com\/gomemcheck\/gomemcheck/);
  });

  it("names a mistyped --base ref and suggests fetch-depth: 0", () => {
    const dir = temp("gmc-base-");
    git(dir, "init", "-q");
    const r = cli([dir, "--base", "origin/mian"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^gomemcheck: --base origin\/mian: no such commit in this repository/);
    assert.match(r.stderr, /fetch-depth: 0/);
  });

  it("says when --base has no repository to look in, and that --filter-mode goes with --base", () => {
    const dir = temp("gmc-nogit-");
    writeFileSync(join(dir, "a.go"), "package a\n");
    // GIT_CEILING_DIRECTORIES: git must not find a repository above the temp folder.
    const env = { GIT_CEILING_DIRECTORIES: dirname(dir) };
    const r = cli([dir, "--base", "HEAD"], { env });
    assert.equal(r.code, 2);
    assert.equal(r.stderr, `gomemcheck: --base HEAD: ${dir} is not in a git repository\n`);
    const f = cli([dir, "--filter-mode", "file"]);
    assert.equal(f.code, 2);
    assert.equal(
      f.stderr,
      "gomemcheck: --filter-mode goes with --base (it picks the findings of a change)\n",
    );
  });

  it("colours by --color, then FORCE_COLOR, then NO_COLOR", () => {
    const esc = /\x1b\[/;
    assert.match(cli([EXAMPLE, "--color=always"]).stdout, esc);
    assert.doesNotMatch(
      cli([EXAMPLE, "--color", "never"], { env: { FORCE_COLOR: "1" } }).stdout,
      esc,
    );
    assert.match(cli([EXAMPLE], { env: { FORCE_COLOR: "1", NO_COLOR: "1" } }).stdout, esc);
    assert.doesNotMatch(cli([EXAMPLE], { env: { FORCE_COLOR: "0" } }).stdout, esc);
    // Not a terminal and nothing forced: no colour.
    assert.doesNotMatch(cli([EXAMPLE], { env: { NO_COLOR: "" } }).stdout, esc);
    assert.equal(cli([EXAMPLE, "--color=sometimes"]).code, 2);
  });
});

describe("text on a terminal", () => {
  it("shows each fix as a short diff, capped, and colours by severity", async () => {
    const { main } = await import("../src/cli-main.ts");
    let out = "";
    const code = await main([EXAMPLE, "--fail-on", "never"], {
      stdout: (s) => (out += s),
      stderr: () => {},
      isTTY: true,
      env: { CI: "true" },
    });
    assert.equal(code, 0);
    const plainOut = out.replace(/\x1b\[[0-9;]*m/g, "");
    const lines = plainOut.split("\n");
    const at = lines.findIndex((l) => l.startsWith("internal/store/store.go:23:3: warning"));
    const fix = lines.findIndex((l, i) => i > at && l.startsWith("\tfix: "));
    const diff = lines
      .slice(fix + 1)
      .filter((l, i, all) => all.slice(0, i + 1).every((x) => x.startsWith("\t  ")));
    assert.ok(diff.length > 0 && diff.length <= 13, plainOut);
    assert.ok(
      diff.some((l) => /^\t  -\s+defer f\.Close\(\)$/.test(l)),
      diff.join("\n"),
    );
    assert.ok(
      diff.some((l) => /^\t  \+\s+f\.Close\(\)$/.test(l)),
      diff.join("\n"),
    );
    assert.ok(!diff.some((l) => l.includes("\\t")), "tabs shown as spaces, not escaped");
    assert.match(out, /\x1b\[33mwarning\x1b\[0m/);
  });
});

describe("--diff", () => {
  it("prints a patch that git apply takes, naming each finding and what to review", () => {
    const dir = temp("gmc-diff-");
    cpSync(EXAMPLE, dir, { recursive: true });
    git(dir, "init", "-q");
    git(dir, "add", ".");
    git(dir, "commit", "-qm", "example");
    const r = cli([dir, "--diff"]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /^# Dockerfile:2: madv-free-build: Set ENV GODEBUG=madvdontneed=1/m);
    assert.match(
      r.stdout,
      /^diff --git a\/internal\/store\/store\.go b\/internal\/store\/store\.go$/m,
    );
    assert.match(r.stdout, /^\+ENV GODEBUG=madvdontneed=1$/m);
    const patch = join(dir, "fixes.patch");
    writeFileSync(patch, r.stdout);
    git(dir, "apply", "--check", "fixes.patch");
    // patch(1), where installed, takes it too (a dry run: git applies it below).
    if (spawnSync("patch", ["--version"]).status === 0) {
      const dry = spawnSync("patch", ["-p1", "--dry-run", "-i", "fixes.patch"], {
        cwd: dir,
        encoding: "utf8",
      });
      assert.equal(dry.status, 0, dry.stdout + dry.stderr);
    }
    git(dir, "apply", "fixes.patch");
    rmSync(patch);
    // Applied, every defer-in-loop is gone.
    const again = cli([dir, "--format", "json", "--fail-on", "never"]);
    assert.deepEqual(
      places(again.stdout).filter((s: string) => s.startsWith("defer-in-loop")),
      [],
    );
  });

  it("with --all-fixes also shows the other fixes; without it the text output points there", () => {
    const all = cli([EXAMPLE, "--diff", "--all-fixes"]);
    assert.match(
      all.stdout,
      /^# alternative 2 of 2 for internal\/store\/store\.go:23: defer-in-loop: /m,
    );
    const text = cli([EXAMPLE]);
    assert.match(text.stdout, /\(\+1 other fix: --diff --all-fixes shows them\)/);
    assert.equal(cli([EXAMPLE, "--all-fixes"]).code, 2);
  });
});

describe("--fix", () => {
  it("applies only the fixes marked safe, says what it did and what needs review, and exits by what remains", () => {
    const dir = temp("gmc-fix-");
    cpSync(EXAMPLE, dir, { recursive: true });
    const before = JSON.parse(cli([dir, "--format", "json", "--fail-on", "never"]).stdout);
    type F = {
      file: string;
      line: number;
      rule: string;
      severity: string;
      fixes: { description: string; safe?: boolean }[];
    };
    const withFix = (before.findings as F[]).filter((f) => f.fixes.length > 0);
    const safe = withFix.filter((f) => f.fixes[0]!.safe === true);
    const review = withFix.length - safe.length;
    const stores = readFileSync(join(dir, "internal", "store", "store.go"), "utf8");
    const r = cli([dir, "--fix", "--format", "json"]);
    const expected = [
      ...safe.map(
        (f) => `gomemcheck: fixed ${f.file}:${f.line} (${f.rule}): ${f.fixes[0]!.description}`,
      ),
      ...(review > 0
        ? [
            `gomemcheck: ${review} fix${review === 1 ? " needs" : "es need"} review before applying: gomemcheck --diff shows ${review === 1 ? "it" : "them"}`,
          ]
        : []),
    ];
    assert.deepEqual(r.stderr.trimEnd().split("\n"), expected);
    if (safe.length === 0)
      assert.equal(readFileSync(join(dir, "internal", "store", "store.go"), "utf8"), stores);
    const after = JSON.parse(r.stdout).findings as F[];
    // What remains is analysed again: a fixed finding is gone, the exit code follows the rest.
    for (const f of safe)
      assert.ok(!after.some((a) => a.file === f.file && a.rule === f.rule && a.line === f.line));
    assert.equal(r.code, after.some((f) => f.severity === "error") ? 1 : 0);
  });

  it("adds GODEBUG=madvdontneed=1 where the binary runs, and leaves a Go upgrade for review", () => {
    const dir = temp("gmc-fix-godebug-");
    cpSync(EXAMPLE, dir, { recursive: true });
    const r = cli([dir, "--fix", "--format", "json", "--fail-on", "never"]);
    assert.match(
      r.stderr,
      /^gomemcheck: fixed Dockerfile:2 \(madv-free-build\): Set ENV GODEBUG=madvdontneed=1 in the final stage, where the binary runs$/m,
    );
    assert.match(
      readFileSync(join(dir, "Dockerfile"), "utf8"),
      /^FROM gcr\.io\/distroless\/static-debian12\nENV GODEBUG=madvdontneed=1\nCOPY --from=build /m,
    );
    const rules = (JSON.parse(r.stdout).findings as { rule: string }[]).map((f) => f.rule);
    assert.deepEqual(rules, ["go-unsupported"]);
  });
});

function finding(
  file: string,
  line: number,
  edits: Finding["fixes"][0]["edits"],
  safe = true,
): Finding {
  return {
    rule: "defer-in-loop",
    severity: "warning",
    file,
    line,
    column: 1,
    endLine: line,
    endColumn: 2,
    message: "m",
    evidence: [],
    fixes: [{ description: `fix ${file}:${line}`, edits, safe }],
  };
}

describe("applyFixes", () => {
  it("writes atomically, keeps CRLF, the BOM and the file mode, and skips the later overlapping fix", () => {
    const dir = temp("gmc-apply-");
    writeFileSync(join(dir, "crlf.go"), "\uFEFFpackage p\r\n\r\nvar a = 1\r\nvar b = 2\r\n");
    chmodSync(join(dir, "crlf.go"), 0o640);
    const e = (line: number, text: string) => ({
      file: "crlf.go",
      startLine: line,
      startColumn: 1,
      endLine: line + 1,
      endColumn: 1,
      text,
    });
    const plan = planFixes(
      [
        finding("crlf.go", 3, [e(3, "var a = 10\n// moved\n")]),
        finding("crlf.go", 3, [e(3, "var a = 11\n")]),
        finding("crlf.go", 4, [e(4, "var b = 20\n")], false),
      ],
      (fix) => (fix.safe ? undefined : "needs review"),
    );
    const outcome = applyFixes(dir, plan);
    assert.equal(outcome.written, 1);
    assert.deepEqual(outcome.report, [
      "fixed crlf.go:3 (defer-in-loop): fix crlf.go:3",
      "not fixed crlf.go:3 (defer-in-loop): overlaps the fix for crlf.go:3 (defer-in-loop), applied first",
      "1 fix needs review before applying: gomemcheck --diff shows it",
    ]);
    assert.equal(
      readFileSync(join(dir, "crlf.go"), "utf8"),
      "\uFEFFpackage p\r\n\r\nvar a = 10\r\n// moved\r\nvar b = 2\r\n",
    );
    assert.equal(statSync(join(dir, "crlf.go")).mode & 0o777, 0o640);
    assert.deepEqual(readdirSync(dir), ["crlf.go"]);
  });

  it("never writes through a symbolic link or a file that is not valid UTF-8", () => {
    const dir = temp("gmc-apply-");
    const outside = temp("gmc-outside-");
    writeFileSync(join(outside, "t.go"), "package t\n");
    symlinkSync(join(outside, "t.go"), join(dir, "link.go"));
    writeFileSync(join(dir, "latin1.go"), Buffer.from([0x70, 0xe9, 0x0a]));
    const edit = (file: string) => [
      { file, startLine: 1, startColumn: 1, endLine: 1, endColumn: 2, text: "X" },
    ];
    const outcome = applyFixes(
      dir,
      planFixes([
        finding("link.go", 1, edit("link.go")),
        finding("latin1.go", 1, edit("latin1.go")),
      ]),
    );
    assert.equal(outcome.written, 0);
    assert.deepEqual(outcome.report, [
      "not fixed link.go:1 (defer-in-loop): not a regular file",
      "not fixed latin1.go:1 (defer-in-loop): not valid UTF-8, so it is not rewritten",
    ]);
    assert.equal(readFileSync(join(outside, "t.go"), "utf8"), "package t\n");
  });
});

describe("output that line matchers and terminals cannot misread", () => {
  // reviewdog's errorformats for golangci-lint and govet (%f:%l:%c: %m, %f:%l: %m, with %f any
  // text without a colon) and setup-go's problem matcher, as regular expressions.
  const MATCHERS: [string, RegExp][] = [
    ["golangci-lint %f:%l:%c: %m", /^([^:]+):(\d+):(\d+): (.*)$/],
    ["govet %f:%l: %m", /^([^:]+):(\d+): (.*)$/],
    ["setup-go", /^\s*(.+\.go):(?:(\d+):(\d+):)? (.*)$/],
  ];

  it("evidence and fix lines match no file:line matcher; finding lines match with the right path", () => {
    const lines = cli([EXAMPLE]).stdout.trimEnd().split("\n");
    const findingLines = lines.filter((l) => /^\S+:\d+:\d+: (error|warning|notice) /.test(l));
    assert.equal(findingLines.length, 5);
    for (const line of lines.filter((l) => !findingLines.includes(l)))
      for (const [name, re] of MATCHERS) assert.doesNotMatch(line, re, `${name} takes: ${line}`);
    const store = findingLines.find((l) => l.startsWith("internal/store/store.go:23:"))!;
    assert.equal(MATCHERS[2]![1].exec(store)?.[1], "internal/store/store.go");
    assert.equal(MATCHERS[0]![1].exec(store)?.[1], "internal/store/store.go");
  });

  it("the shipped problem matcher reads gomemcheck's own lines: path, line, column, severity, rule", () => {
    const doc = JSON.parse(readFileSync(join(ROOT, ".github", "gomemcheck-matcher.json"), "utf8"));
    const [pattern] = doc.problemMatcher[0].pattern;
    const re = new RegExp(pattern.regexp);
    const lines = cli([EXAMPLE]).stdout.trimEnd().split("\n");
    const matched = lines.flatMap((l) => {
      const m = re.exec(l);
      return m
        ? [
            [
              m[pattern.file],
              m[pattern.line],
              m[pattern.column],
              m[pattern.severity],
              m[pattern.code],
            ].join(" "),
          ]
        : [];
    });
    // Notices are left to the log: a problem matcher's severity is error or warning only.
    assert.deepEqual(matched, [
      "Dockerfile 2 6 error madv-free-build",
      "internal/consumer/consumer.go 30 3 warning defer-in-loop",
      "internal/store/store.go 23 3 warning defer-in-loop",
      "internal/store/store.go 44 3 error defer-in-loop",
    ]);
  });

  it("prints a hostile file name with its line break and escape sequences made visible", () => {
    const dir = temp("gmc-hostile-");
    const name = "x\n::stop-commands::pwned\n\x1b]0;owned\x07\x1b[2J.go";
    writeFileSync(join(dir, name), OPEN_LOOP("H"));
    for (const format of ["text", "markdown"]) {
      const r = cli([dir, "--format", format, "--fail-on", "never"]);
      assert.equal(r.code, 0, r.stderr);
      assert.doesNotMatch(r.stdout, /\x1b|\x07/);
      assert.ok(!r.stdout.split("\n").some((l) => l.startsWith("::")), r.stdout);
    }
    const text = cli([dir, "--fail-on", "never"]).stdout;
    assert.ok(
      text.startsWith(
        "x\\n::stop-commands::pwned\\n\\x1b]0;owned\\x07\\x1b[2J.go:11:3: error defer-in-loop: ",
      ),
      text,
    );
    const diff = cli([dir, "--diff"]).stdout;
    assert.match(diff, /^\+\t\tf\.Close\(\)$/m);
    assert.ok(!diff.split("\n").some((l) => l.startsWith("::")), diff);
    assert.doesNotMatch(diff, /\x1b/);
  });

  it("puts ./ before a path that would start a workflow command", () => {
    const dir = temp("gmc-cmd-");
    writeFileSync(join(dir, "::error::x.go"), OPEN_LOOP("C"));
    const r = cli([dir, "--fail-on", "never"]);
    assert.ok(r.stdout.startsWith("./::error::x.go:11:3: error defer-in-loop: "), r.stdout);
  });
});
