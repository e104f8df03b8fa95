import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { parseAllDocuments } from "yaml";
import {
  analyzeBuilds,
  analyzeGoDebugDirective,
  mayHaveGoDebugDirective,
  settleSetTooLate,
} from "../src/analyzers/runtime/rules.ts";
import {
  analyzeGoDebugSetenv,
  mayHaveGoDebugSetenv,
} from "../src/analyzers/runtime/run/go-setenv.ts";
import type { BuildInputs, RepoFile } from "../src/analyzers/analyzer.ts";
import type { AnalysisResult, Finding } from "../src/findings.ts";
import { parseDockerfile } from "../src/analyzers/dockerfile.ts";
import { parseGoMod } from "../src/analyzers/gomod.ts";
import {
  applyEdits,
  loadScenario,
  scenarioNames,
  toBuildInputs,
} from "./helpers/container-fixture.ts";
import { loadFullDockerfileParser } from "../src/analyzers/dockerfile.ts";

// dockerfile-ast, for the Dockerfiles the fast tokenizer leaves (a run loads it on demand).
await loadFullDockerfileParser();

const today = new Date("2026-09-01T00:00:00Z");

function key(f: { rule: string; severity: string; file: string; line: number }): string {
  return `${f.file}:${f.line} ${f.rule} ${f.severity}`;
}

/** The runtime rules over a scenario: builds and run sites, plus os.Setenv in its Go files. */
function analyzeScenario(files: RepoFile[], inputs: BuildInputs): AnalysisResult {
  const result = analyzeBuilds(inputs, { today });
  const goFindings = files
    .filter((f) => f.path.endsWith(".go") && mayHaveGoDebugSetenv(f.text))
    .flatMap((f) => analyzeGoDebugSetenv(f).findings);
  return {
    findings: [...result.findings, ...settleSetTooLate(goFindings, result.verdicts)],
    errors: result.errors,
  };
}

for (const name of scenarioNames()) {
  test(`scenario ${name}`, () => {
    const { files, inputs, expected } = loadScenario(name);
    const result = analyzeScenario(files, inputs);
    assert.deepEqual(result.findings.map(key).sort(), expected.findings.map(key).sort());
    assert.deepEqual(
      result.errors.map((e) => `${e.file}:${e.line ?? ""}`).sort(),
      expected.errors.map((e) => `${e.file}:${e.line ?? ""}`).sort(),
    );
    for (const f of result.findings) {
      assert.ok(f.column >= 1 && f.endLine >= f.line, `${key(f)} has a range`);
      assert.doesNotMatch(f.message, /\bOOM\b|out of memory|killed/i, "never promise an OOM kill");
      for (const fix of f.fixes) assert.ok(fix.edits.length > 0 && fix.description.length > 0);
    }
  });
}

/** Applies one fix to the scenario's files and analyses again. */
function applyFix(files: RepoFile[], f: Finding, which: number): RepoFile[] {
  const fix = f.fixes[which];
  assert.ok(fix, `${key(f)} has fix ${which}`);
  return files.map((file) => {
    const edits = fix.edits.filter((e) => e.file === file.path);
    return edits.length ? { path: file.path, text: applyEdits(file.text, edits) } : file;
  });
}

test("every fix applies cleanly, parses again and removes its finding", () => {
  let applied = 0;
  for (const name of scenarioNames()) {
    const { files, inputs } = loadScenario(name);
    const before = analyzeBuilds(inputs, { today });
    for (const f of before.findings) {
      if (f.rule === "go-unsupported") continue;
      f.fixes.forEach((_, i) => {
        const fixed = applyFix(files, f, i);
        for (const file of fixed) {
          if (inputs.dockerfiles.some((d) => d.path === file.path)) {
            const errorsBefore = parseDockerfile(
              file.path,
              files.find((x) => x.path === file.path)!.text,
            ).errors.length;
            assert.equal(
              parseDockerfile(file.path, file.text).errors.length,
              errorsBefore,
              `${name}: ${file.path} still parses`,
            );
          }
          if (/\.ya?ml$/.test(file.path) && !file.text.includes("{{"))
            for (const doc of parseAllDocuments(file.text))
              assert.deepEqual(doc.errors, [], `${name}: ${file.path} is still YAML`);
          if (file.path.endsWith("go.mod"))
            assert.deepEqual(parseGoMod(file.path, file.text).errors.length, 0);
        }
        const after = analyzeBuilds(toBuildInputs(fixed), { today });
        const same = after.findings.filter(
          (g) => g.rule === f.rule && g.file === f.file && g.line === f.line,
        );
        assert.deepEqual(same, [], `${name}: fix "${f.fixes[i]?.description}" removes ${key(f)}`);
        applied++;
      });
    }
  }
  assert.ok(applied >= 15, `applied ${applied} fixes`);
});

test("the runtime fix inserts ENV right after the final FROM with the file's line endings", () => {
  const { files, inputs } = loadScenario("crlf");
  const f = analyzeBuilds(inputs, { today }).findings.find((x) => x.rule === "madv-free-build")!;
  const fixed = applyFix(files, f, 0).find((x) => x.path === "Dockerfile")!;
  assert.equal(
    fixed.text,
    'FROM golang:1.14 AS build\r\nCOPY . /src\r\nRUN cd /src && go build -o /app .\r\n\r\nFROM alpine\r\nENV GODEBUG=madvdontneed=1\r\nCOPY --from=build /app /app\r\nCMD ["/app"]\r\n',
  );
});

test("merge keeps other settings; moving a builder ENV deletes it there", () => {
  const later = loadScenario("later-env-overwrites");
  const f = analyzeBuilds(later.inputs, { today }).findings.find(
    (x) => x.rule === "madv-free-build",
  )!;
  const text = applyFix(later.files, f, 0).find((x) => x.path === "Dockerfile")!.text;
  assert.match(text, /^ENV GODEBUG=gctrace=1,madvdontneed=1$/m);
  assert.match(text, /^ENV GODEBUG=madvdontneed=1$/m, "the earlier ENV is left alone");

  const builder = loadScenario("env-only-in-builder");
  const g = analyzeBuilds(builder.inputs, { today }).findings.find(
    (x) => x.rule === "godebug-not-at-runtime",
  )!;
  const moved = applyFix(builder.files, g, 0).find((x) => x.path === "Dockerfile")!.text;
  assert.equal(
    moved,
    'FROM golang:1.15 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /app .\n\nFROM scratch\nENV GODEBUG=madvdontneed=1\nCOPY --from=build /app /app\nENTRYPOINT ["/app"]\n',
  );
});

test("a setting in an exec-form sh -c script is rewritten in place, inside the JSON string", () => {
  const { files, inputs } = loadScenario("sh-c-other-setting");
  const f = analyzeBuilds(inputs, { today }).findings.find((x) => x.rule === "madv-free-build")!;
  const text = applyFix(files, f, 0).find((x) => x.path === "Dockerfile")!.text;
  assert.match(
    text,
    /^CMD \["sh", "-c", "GODEBUG=gctrace=1,madvdontneed=1 exec \/svc --port 8080"\]$/m,
  );
  const distroless = loadScenario("sh-c-wrapper-distroless");
  const g = analyzeBuilds(distroless.inputs, { today }).findings.find(
    (x) => x.rule === "godebug-not-at-runtime",
  )!;
  assert.match(g.message, /^ENTRYPOINT sets GODEBUG through `sh -c`, which gcr\.io\/distroless/);
});

test("ignored forms are rewritten into the accepted one", () => {
  const legacy = loadScenario("legacy-env-multi");
  const f = analyzeBuilds(legacy.inputs, { today }).findings.find(
    (x) => x.rule === "godebug-ignored",
  )!;
  assert.match(f.message, /separated by spaces/);
  const text = applyFix(legacy.files, f, 0).find((x) => x.path === "Dockerfile")!.text;
  assert.match(text, /^ENV GODEBUG=madvdontneed=1,gctrace=1$/m);
  const comma = loadScenario("comma-list-space");
  const g = analyzeBuilds(comma.inputs, { today }).findings.find(
    (x) => x.rule === "godebug-ignored",
  )!;
  assert.match(
    applyFix(comma.files, g, 0)[0]!.text + applyFix(comma.files, g, 0)[1]!.text,
    /^ENV GODEBUG=gctrace=0,madvdontneed=1$/m,
  );
});

test("madv-free-build messages say which Go, why RSS stays, and both fixes", () => {
  const { inputs } = loadScenario("arg-default-platform");
  const f = analyzeBuilds(inputs, { today }).findings.find((x) => x.rule === "madv-free-build")!;
  assert.match(f.message, /Go 1\.13/);
  assert.match(f.message, /MADV_FREE/);
  assert.match(f.message, /RSS and cgroup usage stay at their peak after GC/);
  assert.match(f.message, /Go 1\.16 went back to MADV_DONTNEED/);
  assert.match(f.message, /GODEBUG=madvdontneed=1/);
  assert.match(f.message, /Go >= 1\.16/);
  assert.deepEqual(
    f.evidence.map((e) => e.line).slice(0, 2),
    [1, 2],
    "the ARG defaults are evidence",
  );
  assert.equal(f.fixes.length, 2);
  assert.deepEqual(f.fixes[1]?.edits[0], {
    file: "Dockerfile",
    startLine: 1,
    startColumn: 16,
    endLine: 1,
    endColumn: 20,
    text: "1.27",
  });
  const gomod = analyzeBuilds(loadScenario("gomod-only-114").inputs, { today }).findings.find(
    (x) => x.rule === "madv-free-build",
  )!;
  assert.equal(gomod.severity, "warning");
  assert.equal(gomod.fixes[0]?.edits[0]?.text, "1.16");
  assert.match(gomod.fixes[0]?.description ?? "", /supported release/);
});

test("setup-go: the raw YAML text is read, so unquoted 1.20 is Go 1.20, not 1.2", () => {
  const { inputs } = loadScenario("setup-go-quoted-120");
  const f = analyzeBuilds(inputs, { today }).findings;
  assert.equal(f.length, 1);
  assert.match(f[0]!.message, /Go 1\.20 /);
  assert.equal(f[0]!.fixes[0]?.edits[0]?.text, '"1.27"');
});

test("go-unsupported follows options.today, not the clock", () => {
  const { inputs } = loadScenario("builder-old-gomod-new");
  const early = analyzeBuilds(inputs, { today: new Date("2020-06-01T00:00:00Z") });
  assert.deepEqual(
    early.findings.map((f) => f.rule),
    ["madv-free-build"],
  );
  const late = analyzeBuilds(inputs, { today: new Date("2021-02-16T00:00:00Z") });
  assert.ok(late.findings.some((f) => f.rule === "go-unsupported"));
});

test("Dockerfiles without a builder that share one go.mod get one merged finding", () => {
  const files: RepoFile[] = [
    { path: "go.mod", text: "module x\n\ngo 1.14\n" },
    { path: "deploy/api/Dockerfile", text: 'FROM alpine\nCOPY api /api\nCMD ["/api"]\n' },
    {
      path: "deploy/worker/Dockerfile",
      text: 'FROM alpine\nENV GODEBUG=madvdontneed=1\nCOPY worker /worker\nCMD ["/worker"]\n',
    },
    { path: "deploy/cron/Dockerfile", text: 'FROM alpine\nCOPY cron /cron\nCMD ["/cron"]\n' },
  ];
  const r = analyzeBuilds(toBuildInputs(files), { today });
  const madv = r.findings.filter((f) => f.rule === "madv-free-build");
  assert.equal(madv.length, 1);
  assert.equal(madv[0]?.file, "go.mod");
  assert.equal(madv[0]?.severity, "warning");
  assert.deepEqual(madv[0]?.fixes.flatMap((f) => f.edits.map((e) => e.file)).sort(), [
    "deploy/api/Dockerfile",
    "deploy/cron/Dockerfile",
    "go.mod",
  ]);
});

test("a .go-version decides over go.mod; setup-go go-version-file reads the named file", () => {
  const r = analyzeBuilds(
    toBuildInputs([
      { path: "go.mod", text: "module x\n\ngo 1.16\n" },
      { path: ".go-version", text: "1.15.15\n" },
    ]),
    { today },
  );
  assert.deepEqual(
    r.findings.map(key),
    [".go-version:1 go-unsupported notice", ".go-version:1 madv-free-build warning"].sort(),
  );
  const viaFile = analyzeBuilds(
    toBuildInputs([
      { path: "go.mod", text: "module x\n\ngo 1.26\n" },
      { path: ".go-version", text: "1.15.15\n" },
      {
        path: ".github/workflows/ci.yml",
        text: "on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/setup-go@v5\n        with:\n          go-version-file: .go-version\n",
      },
    ]),
    { today },
  );
  assert.ok(viaFile.findings.some((f) => key(f) === ".go-version:1 madv-free-build error"));
});

test("setup-go v6 reads go.mod's toolchain line first; v5 only the go line", () => {
  const mk = (ref: string): RepoFile[] => [
    { path: "go.mod", text: "module x\n\ngo 1.14\n\ntoolchain go1.26.1\n" },
    {
      path: ".github/workflows/ci.yml",
      text: `on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/setup-go@${ref}\n        with:\n          go-version-file: go.mod\n`,
    },
  ];
  assert.deepEqual(analyzeBuilds(toBuildInputs(mk("v6")), { today }).findings, []);
  assert.ok(
    analyzeBuilds(toBuildInputs(mk("v5")), { today }).findings.some(
      (f) => key(f) === "go.mod:3 madv-free-build error",
    ),
  );
});

test("a test matrix does not decide; a single-value matrix does", () => {
  const wf = (matrix: string): RepoFile[] => [
    { path: "go.mod", text: "module x\n\ngo 1.26\n" },
    {
      path: ".github/workflows/ci.yml",
      text: `on: push\njobs:\n  t:\n    strategy:\n      matrix:\n        go: ${matrix}\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/setup-go@v5\n        with:\n          go-version: \${{ matrix.go }}\n`,
    },
  ];
  assert.deepEqual(analyzeBuilds(toBuildInputs(wf("['1.14', '1.26']")), { today }).findings, []);
  const single = analyzeBuilds(toBuildInputs(wf("['1.14']")), { today }).findings;
  assert.ok(single.some((f) => key(f) === ".github/workflows/ci.yml:6 madv-free-build error"));
});

test("madvdontneed=0 matters on 1.12+ but not on 1.11", () => {
  const df = (go: string): RepoFile[] => [
    {
      path: "Dockerfile",
      text: `FROM golang:${go} AS b\nFROM alpine\nCOPY --from=b /a /a\nENV GODEBUG=madvdontneed=0\n`,
    },
  ];
  assert.ok(
    analyzeBuilds(toBuildInputs(df("1.26")), { today }).findings.some(
      (f) => f.rule === "godebug-madvdontneed-off",
    ),
  );
  assert.ok(
    !analyzeBuilds(toBuildInputs(df("1.11")), { today }).findings.some(
      (f) => f.rule === "godebug-madvdontneed-off",
    ),
  );
  assert.ok(
    analyzeBuilds(toBuildInputs(df("1.14")), { today }).findings.some(
      (f) => f.rule === "madv-free-build",
    ),
  );
});

test("//go:debug madvdontneed before the package clause", () => {
  const text =
    "// Copyright\n\n/*\n//go:debug madvdontneed=1 (in a block comment)\n*/\n//go:build linux\n//go:debug madvdontneed=1\n//go:debug panicnil=1\npackage main\n//go:debug madvdontneed=1\n";
  assert.ok(mayHaveGoDebugDirective(text));
  assert.ok(!mayHaveGoDebugDirective("package main\n"));
  const r = analyzeGoDebugDirective({ path: "cmd/app/main.go", text });
  assert.deepEqual(
    r.findings.map((f) => [f.rule, f.line, f.column, f.endColumn]),
    [["gomod-godebug-invalid", 7, 1, 26]],
  );
  assert.match(r.findings[0]!.message, /set GODEBUG=madvdontneed=1 at run time/);
  assert.deepEqual(r.findings[0]!.fixes[0]?.edits[0], {
    file: "cmd/app/main.go",
    startLine: 7,
    startColumn: 1,
    endLine: 8,
    endColumn: 1,
    text: "",
  });
});

test("go.mod godebug madvdontneed says the build fails and to set it at run time", () => {
  const r = analyzeBuilds(loadScenario("gomod-godebug-block").inputs, { today });
  const f = r.findings[0]!;
  assert.equal(f.rule, "gomod-godebug-invalid");
  assert.match(f.message, /unknown godebug "madvdontneed"/);
  assert.match(f.message, /at run time/);
  assert.equal(f.column, 2);
});

test("never throws: malformed files become errors and the other files go on", () => {
  const r = analyzeBuilds(
    toBuildInputs([
      { path: "a/go.mod", text: "go 1.14.x\n(((\n" },
      { path: "b/go.mod", text: "module b\n\ngo 1.14\n" },
      { path: "a/Dockerfile", text: "# escape=q\nFROM\n" },
      { path: ".github/workflows/x.yml", text: "jobs: [\n  { uses: actions/setup-go" },
    ]),
    { today },
  );
  assert.ok(
    r.errors.some(
      (e) => e.file === "a/go.mod" && e.line === 1 && /must match format/.test(e.message),
    ),
  );
  assert.ok(r.errors.some((e) => e.file === "a/Dockerfile" && e.line === 1));
  assert.ok(r.errors.some((e) => e.file === ".github/workflows/x.yml"));
  assert.ok(r.findings.some((f) => key(f) === "b/go.mod:3 madv-free-build warning"));
  const name = fc.constantFrom(
    "go.mod",
    "Dockerfile",
    ".github/workflows/ci.yml",
    ".go-version",
    "x/go.mod",
    "x/Containerfile",
  );
  fc.assert(
    fc.property(
      fc.array(fc.record({ path: name, text: fc.string({ maxLength: 200 }) }), { maxLength: 5 }),
      (files) => {
        analyzeBuilds(toBuildInputs(files), { today });
      },
    ),
    { numRuns: 300 },
  );
});

test("a workflow naming neither setup-go nor a container key is not parsed (nothing in it can matter)", () => {
  const r = analyzeBuilds(
    toBuildInputs([
      { path: "go.mod", text: "module m\n\ngo 1.22\n" },
      { path: ".github/workflows/lint.yml", text: "jobs: [\n  {" },
      // The word in a script is no job container.
      { path: ".github/workflows/e2e.yml", text: "jobs: [\n  { run: docker container ls" },
      { path: ".github/workflows/ci.yml", text: "jobs: [\n  { container: golang" },
      { path: ".github/workflows/ci2.yml", text: 'jobs: [\n  { "container" : golang' },
    ]),
    { today },
  );
  assert.deepEqual(
    [...new Set(r.errors.map((e) => e.file))],
    [".github/workflows/ci.yml", ".github/workflows/ci2.yml"],
  );
});
