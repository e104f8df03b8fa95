// Hostile build files of growing size: each generator is analysed at 1× and 8× its size and the
// CPU time may grow at most ~10× (linear is 8×, n·log n a little more; quadratic would be 64×).
// CPU time, not wall-clock time, and only as a ratio: the machine may be loaded, never slow to a
// bound. Each size is measured three times and the fastest counts, to keep out GC and JIT noise.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import type { BuildInputs } from "../src/analyzers/analyzer.ts";
import { analyzeBuilds } from "../src/analyzers/runtime/rules.ts";
import { run, MAX_ERRORS_PER_FILE } from "../src/run.ts";
import { DEFAULT_FILE_CONFIG } from "../src/config.ts";
import { readLiteYaml } from "../src/analyzers/runtime/yaml-lite.ts";
import { tokenizeDockerfile } from "../src/analyzers/dockerfile-lite.ts";
import { loadFullDockerfileParser } from "../src/analyzers/dockerfile.ts";

// dockerfile-ast, for the Dockerfiles the fast tokenizer leaves (a run loads it on demand).
await loadFullDockerfileParser();

const TODAY = new Date("2026-06-01T00:00:00Z");

type Generator = (n: number) => BuildInputs;

const none: BuildInputs = { goMods: [], dockerfiles: [], workflows: [], versionFiles: [] };
const dockerfile = (text: string): BuildInputs => ({
  ...none,
  dockerfiles: [{ path: "Dockerfile", text }],
});

const GENERATORS: Record<string, { base: number; make: Generator }> = {
  // 44 KB of lines that are no instruction: the escape-directive scan once per line was quadratic.
  "unknown instructions": {
    base: 3000,
    make: (n) => dockerfile(`# escape=\`\nFROM alpine\n${"bogus line here\n".repeat(n)}`),
  },
  // A directive with a long space run: `(.*?)\s*$` backtracked quadratically.
  "# syntax= directive with a space run": {
    base: 200_000,
    make: (n) => dockerfile(`# syntax=a${" ".repeat(n)}b\nFROM alpine\n`),
  },
  // GODEBUG whose key holds a long space run: /\s+$/ in the trimming was quadratic.
  "GODEBUG key with a space run": {
    base: 100_000,
    make: (n) =>
      dockerfile(
        `FROM golang:1.14 AS b\nRUN go build\nFROM alpine\nCOPY --from=b /x /x\nENV GODEBUG="madvdontneed${" ".repeat(n)}x=1"\n`,
      ),
  },
  // An image reference a.a.a.… in a job container: a backtracking registry regex was quadratic.
  "image reference a.a.a.…": {
    base: 200_000,
    make: (n) => ({
      ...none,
      goMods: [{ path: "go.mod", text: "module x\n\ngo 1.22\n" }],
      workflows: [
        {
          path: ".github/workflows/ci.yml",
          text: `jobs:\n  build:\n    container: ${"a.".repeat(n)}a\n    steps:\n      - run: go build\n`,
        },
      ],
    }),
  },
  // Stages built FROM the previous one, each adding a variable that uses the last one.
  "chained stages, each with ENV": {
    base: 600,
    make: (n) => {
      let t = "FROM golang:1.14 AS s0\nENV V0=x\n";
      for (let i = 1; i < n; i++) t += `FROM s${i - 1} AS s${i}\nENV V${i}=$V${i - 1}\n`;
      return dockerfile(t);
    },
  },
  // Many RUN steps setting GODEBUG, each a finding with a fix (the fix used to split the file).
  "RUN GODEBUG= per line": {
    base: 500,
    make: (n) =>
      dockerfile(
        `FROM golang:1.14 AS b\n${"RUN GODEBUG=madvdontneed=1 go build\n".repeat(n)}FROM alpine\nCOPY --from=b /x /x\n`,
      ),
  },
  // A manifest of many documents the Kubernetes reader leaves out (each made a comment line) and
  // one it reads: the gate splits and reads each document's lines once.
  "manifest of many non-workload documents": {
    base: 2000,
    make: (n) => ({
      ...none,
      runFiles: [
        {
          path: "k8s/all.yaml",
          text: `${"kind: ConfigMap\ndata:\n  a: b\n---\n".repeat(n)}kind: Pod\nspec:\n  containers:\n  - image: x\n`,
        },
      ],
    }),
  },
  // One document with many top-level keys before its kind (read line by line, once).
  "manifest document with many keys before kind": {
    base: 5000,
    make: (n) => {
      let t = "";
      for (let i = 0; i < n; i++) t += `k${i}: v\n`;
      return {
        ...none,
        runFiles: [
          { path: "k8s/one.yaml", text: `${t}kind: Pod\nspec:\n  containers:\n  - image: x\n` },
        ],
      };
    },
  },
  // The fast YAML reader: a setup-go workflow nested 40 deep, then many comment lines before the
  // next key (each nested collection looks for the token after it past the same comments).
  "workflow: deep nesting, then comment lines": {
    base: 20_000,
    make: (n) => {
      let nest = "";
      for (let d = 0; d < 40; d++) nest += `${" ".repeat(6 + 2 * d)}k${d}:\n`;
      nest += `${" ".repeat(86)}leaf: 1\n`;
      return {
        ...none,
        goMods: [{ path: "go.mod", text: "module x\n\ngo 1.14\n" }],
        workflows: [
          {
            path: ".github/workflows/ci.yml",
            text: `jobs:\n  build:\n    deep:\n${nest}${"# c\n".repeat(n)}    steps:\n      - uses: actions/setup-go@v5\n        with:\n          go-version: "1.14"\n`,
          },
        ],
      };
    },
  },
  // The fast YAML reader: one flow sequence over many lines.
  "manifest: a flow sequence over many lines": {
    base: 20_000,
    make: (n) => ({
      ...none,
      runFiles: [
        {
          path: "k8s/pod.yaml",
          text: `kind: Pod\nspec:\n  containers:\n  - image: x\n    args: [\n${"      a,\n".repeat(n)}    ]\n`,
        },
      ],
    }),
  },
  // The fast Dockerfile tokenizer: a RUN opening many heredocs, each closed in turn.
  "Dockerfile: a RUN with many heredocs": {
    base: 2000,
    make: (n) => {
      let names = "";
      let bodies = "";
      for (let i = 0; i < n; i++) {
        names += ` <<E${i}`;
        bodies += `echo ${i}\nE${i}\n`;
      }
      return dockerfile(
        `FROM golang:1.14 AS b\nRUN${names}\n${bodies}FROM alpine\nCOPY --from=b /x /x\n`,
      );
    },
  },
  // The fast Dockerfile tokenizer: one instruction continued over many lines with comments.
  "Dockerfile: one RUN continued over many lines": {
    base: 5000,
    make: (n) =>
      dockerfile(
        `FROM golang:1.14 AS b\nRUN true \\\n${"  # note\n  && GODEBUG=madvdontneed=1 go build \\\n".repeat(n)}  && true\nFROM alpine\nCOPY --from=b /x /x\n`,
      ),
  },
  // The fast Dockerfile tokenizer: parser directives, many on one line (dockerfile-ast reads to
  // the line's end for each one).
  "Dockerfile: many parser directives on one line": {
    base: 3000,
    make: (n) => dockerfile(`${"# a=b ".repeat(n)}\nFROM golang:1.14\n`),
  },
  // One very long RUN line with many GODEBUG= words.
  "GODEBUG= words on one line": {
    base: 1000,
    make: (n) => dockerfile(`FROM golang:1.20\nRUN true ${"x GODEBUG=a ".repeat(n)}\n`),
  },
};

// A collection before each measurement, so that one run does not pay for the last one's garbage.
setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

function cpuMicros(fn: () => void): number {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    gc();
    const start = process.cpuUsage();
    fn();
    const used = process.cpuUsage(start);
    best = Math.min(best, used.user + used.system);
  }
  return best;
}

describe("the fast readers' generators", () => {
  it("are read by the fast readers, not the libraries behind them", () => {
    const lite = (name: string) => GENERATORS[name]!.make(GENERATORS[name]!.base);
    const wf = lite("workflow: deep nesting, then comment lines").workflows[0]!.text;
    assert.notEqual(readLiteYaml(wf, { single: true, uniqueKeys: true }), undefined);
    const k8s = lite("manifest: a flow sequence over many lines").runFiles![0]!.text;
    assert.notEqual(readLiteYaml(k8s, { single: false, uniqueKeys: false }), undefined);
    for (const name of [
      "Dockerfile: a RUN with many heredocs",
      "Dockerfile: one RUN continued over many lines",
    ])
      assert.notEqual(tokenizeDockerfile(lite(name).dockerfiles[0]!.text), undefined, name);
  });
});

describe("build-file analysis grows linearly with its input", () => {
  for (const [name, { base, make }] of Object.entries(GENERATORS)) {
    it(name, (t) => {
      const small = make(base);
      const large = make(base * 8);
      analyzeBuilds(small, { today: TODAY }); // warm-up: JIT and module initialisation
      // Load can only slow a measurement down: up to three tries; quadratic work fails them all.
      const tries: string[] = [];
      for (let attempt = 0; attempt < 3; attempt++) {
        const t1 = cpuMicros(() => analyzeBuilds(small, { today: TODAY }));
        const t8 = cpuMicros(() => analyzeBuilds(large, { today: TODAY }));
        // A floor of 20 ms for 1×: below it the timer's granularity decides the ratio.
        const ratio = t8 / Math.max(t1, 20_000);
        t.diagnostic(`${t1} µs -> ${t8} µs: ${ratio.toFixed(1)}×`);
        if (ratio <= 10) return;
        tries.push(`${ratio.toFixed(1)}× (${t1} µs -> ${t8} µs)`);
      }
      assert.fail(`8× the input took ${tries.join(", then ")} the CPU`);
    });
  }
});

describe("deep and wide Dockerfiles", () => {
  it("10,000 chained stages: no stack overflow, the findings are reported", () => {
    let t = "FROM golang:1.14 AS s0\nENV GODEBUG=madvdontneed=0\n";
    for (let i = 1; i < 10_000; i++) t += `FROM s${i - 1} AS s${i}\n`;
    const r = analyzeBuilds(dockerfile(t), { today: TODAY });
    assert.deepEqual(r.errors, []);
    assert.deepEqual(r.failed, []);
    assert.deepEqual(
      r.findings.map((f) => [f.rule, f.line]),
      [
        ["go-unsupported", 1],
        ["madv-free-build", 1],
        ["godebug-madvdontneed-off", 2],
      ],
    );
  });

  it("`ENV A=$A$A` doubling per line is cut, not grown to gigabytes", () => {
    const t = `FROM golang:1.20\nENV A=xx\n${"ENV A=$A$A\n".repeat(200)}ENV GODEBUG=madvdontneed=0\n`;
    const r = analyzeBuilds(dockerfile(t), { today: TODAY });
    assert.deepEqual(
      r.findings.map((f) => [f.rule, f.line]),
      [
        ["go-unsupported", 1],
        ["godebug-madvdontneed-off", 203],
      ],
    );
  });
});

describe("the run caps error entries per file and isolates failures", () => {
  it(`keeps ${MAX_ERRORS_PER_FILE} entries per file and one "N more"; messages quote at most a short snippet`, async () => {
    const long = `${"A".repeat(5000)} AUTHORIZATION: basic c2VjcmV0`;
    const files = new Map([
      ["Dockerfile", `FROM alpine\n${`${long}\n`.repeat(1000)}`],
      ["go.mod", "module x\n\ngo 1.22\n"],
    ]);
    const r = await run({
      root: "/nonexistent",
      config: DEFAULT_FILE_CONFIG,
      filterMode: "nofilter",
      today: TODAY,
      list: () => ({
        files: [...files.keys()].map((path) => ({
          path,
          kind: path === "go.mod" ? ("gomod" as const) : ("dockerfile" as const),
          size: files.get(path)!.length,
        })),
        errors: [],
      }),
      read: (f) => ({ ok: true, text: files.get(f.path)! }),
    });
    assert.equal(r.errors.length, MAX_ERRORS_PER_FILE + 1);
    assert.deepEqual(r.errors[MAX_ERRORS_PER_FILE], {
      file: "Dockerfile",
      message: "980 more errors in this file not shown",
    });
    assert.deepEqual(r.errors[0], {
      file: "Dockerfile",
      line: 2,
      message: `unknown instruction: ${"A".repeat(40)}… (expected a Dockerfile instruction such as FROM, RUN, ENV)`,
    });
    assert.ok(!r.errors.some((e) => e.message.includes("c2VjcmV0")));
    // Unknown lines are the file's problem, not a failure to analyse it.
    assert.deepEqual(r.unanalysed, []);
  });

  it("one file's read throwing is that file's entry; the others are analysed; it is named unanalysed", async () => {
    const files = new Map([
      ["a/Dockerfile", "FROM golang:1.14\n"],
      ["b/Dockerfile", "FROM golang:1.14\n"],
      ["c.go", "package c\n\nfunc f(c chan int) {\n\tfor range c {\n\t\tdefer g()\n\t}\n}\n"],
      ["d.go", "package d\n"],
    ]);
    const r = await run({
      root: "/nonexistent",
      config: DEFAULT_FILE_CONFIG,
      filterMode: "nofilter",
      today: TODAY,
      list: () => ({
        files: [...files.keys()].map((path) => ({
          path,
          kind: path.endsWith(".go") ? ("go" as const) : ("dockerfile" as const),
          size: 10,
        })),
        errors: [],
      }),
      read: (f) => {
        if (f.path === "a/Dockerfile" || f.path === "d.go")
          throw new Error(`disk on fire\n${"x".repeat(1000)}`);
        return { ok: true, text: files.get(f.path)! };
      },
    });
    assert.deepEqual(r.unanalysed, ["a/Dockerfile", "d.go"]);
    // One line, cut at 200 characters: an exception's text never floods the output.
    const message = `analysis failed: ${`disk on fire ${"x".repeat(1000)}`.slice(0, 200)}`;
    assert.deepEqual(r.errors, [
      { file: "a/Dockerfile", message },
      { file: "d.go", message },
    ]);
    assert.deepEqual(
      r.findings.map((f) => [f.rule, f.file]),
      [
        ["go-unsupported", "b/Dockerfile"],
        ["madv-free-build", "b/Dockerfile"],
        ["defer-in-loop", "c.go"],
      ],
    );
  });

  it("a deadline already past: nothing is analysed and every file is named", async () => {
    const r = await run({
      root: "/nonexistent",
      config: DEFAULT_FILE_CONFIG,
      filterMode: "nofilter",
      today: TODAY,
      deadline: 0,
      list: () => ({
        files: [
          { path: "Dockerfile", kind: "dockerfile", size: 10 },
          { path: "x.go", kind: "go", size: 10 },
        ],
        errors: [],
      }),
      read: () => {
        throw new Error("must not be read");
      },
    });
    assert.deepEqual(r.unanalysed, ["Dockerfile", "x.go"]);
    assert.deepEqual(
      r.errors.map((e) => [e.file, e.message]),
      [
        ["Dockerfile", "the run's time limit was reached first"],
        ["x.go", "the run's time limit was reached first"],
      ],
    );
    assert.equal(r.filesAnalysed, 0);
  });
});

describe("error messages never carry the file's text", () => {
  it("YAML errors name what is wrong, not the token (a .git/config read as a workflow)", () => {
    // (It names setup-go, so it is parsed: workflows naming neither setup-go nor a container are not.)
    const text = `[core]\n\tbare = false\n[http "https://github.com/"]\n\textraheader = AUTHORIZATION: basic c2VjcmV0\n# setup-go\n`;
    const r = analyzeBuilds(
      { ...none, workflows: [{ path: ".github/workflows/x.yml", text }] },
      { today: TODAY },
    );
    assert.deepEqual(
      r.errors.map((e) => [e.line, e.message]),
      [
        [2, "invalid YAML: Unexpected map-value-ind token in YAML stream"],
        [2, "invalid YAML: Unexpected scalar at node end"],
        [2, "invalid YAML: Unexpected scalar token in YAML stream"],
      ],
    );
  });

  it("go.mod and Dockerfile errors quote at most 40 characters of a token", () => {
    const r = analyzeBuilds(
      {
        ...none,
        goMods: [{ path: "go.mod", text: `module x\n\n${"Z".repeat(500)} secret\n` }],
        dockerfiles: [{ path: "Dockerfile", text: `FROM \${${"E".repeat(500)}}\n` }],
      },
      { today: TODAY },
    );
    assert.deepEqual(
      r.errors.map((e) => [e.file, e.message]),
      [
        [
          "Dockerfile",
          `FROM \${${"E".repeat(38)}… expands to an empty image name (an ARG without a default?)`,
        ],
        ["go.mod", `unknown directive: ${"Z".repeat(40)}…`],
      ],
    );
  });
});
