// The benchmark (not a timed test): gomemcheck's CLI and action against `gofmt -l`, Go's own
// parser, on the same files. Prints a table and writes bench/out/results.json.
//   npm run bench                      Go's own src tree (go env GOROOT), then the generated
//                                      corpus (10,000 .go files, 100 MB, cached)
//   npm run bench -- DIR               any directory
//   npm run bench -- --runs 3 --files 2000 --mb 20 --no-pr --no-gofmt --no-subset --no-goroot
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  cpSync,
  existsSync,
  linkSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { cpus, freemem, loadavg, release, tmpdir, totalmem, type } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { build } from "esbuild";
import { pathToFileURL } from "node:url";
import { discover, type DiscoveredFile } from "../src/sources/workspace.ts";
import { startGitHubServer } from "../test/github-server/server.ts";
import { pullRequestEvent } from "../test/github-server/events.ts";
import { DEFAULT_CORPUS, ensureCorpus, type CorpusManifest } from "./generate.ts";
import { cleanupScratch, hasGnuTime, median, timeChild, type ChildRun } from "./measure.ts";
import { ensurePrRepo } from "./pr-repo.ts";

const REPO = resolve(import.meta.dirname, "..");
const OUT = join(REPO, "bench", "out");
const SUBSET_FILES = 2500;
/** From this many Go files on a directory counts as a large repository (its ratio target). */
const LARGE_REPO_FILES = 1500;
const PR_FILES = 300;
const MB = 1e6;

const TARGETS = {
  /** Real code (Go's src tree) and the generated corpus: wall and CPU against gofmt -l. */
  gofmtRatioReal: 0.3,
  gofmtRatio: 1.0,
  /** Another directory: large repositories (LARGE_REPO_FILES Go files or more), smaller ones. */
  gofmtRatioLarge: 0.6,
  gofmtRatioSmall: 0.9,
  peakRssBytes: 120 * MB,
  startupMs: 150,
  prReviewMs: 2000,
  /** Peak RSS on the full corpus over the 2,500-file subset: "does not grow with files". */
  rssGrowth: 1.2,
};

// ---------------------------------------------------------------------------------------------
// Arguments and environment

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    runs: { type: "string", default: "5" },
    files: { type: "string", default: String(DEFAULT_CORPUS.files) },
    mb: { type: "string", default: String(DEFAULT_CORPUS.mb) },
    seed: { type: "string", default: String(DEFAULT_CORPUS.seed) },
    "no-pr": { type: "boolean", default: false },
    "no-gofmt": { type: "boolean", default: false },
    "no-subset": { type: "boolean", default: false },
    "no-inprocess": { type: "boolean", default: false },
    "no-goroot": { type: "boolean", default: false },
    json: { type: "string", default: join(OUT, "results.json") },
  },
});
const RUNS = Math.max(1, Number(args.runs));

function log(message: string): void {
  process.stderr.write(`bench: ${message}\n`);
}

function commandOutput(cmd: string, argv: string[]): string | undefined {
  const r = spawnSync(cmd, argv, { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

const goVersion = commandOutput("go", ["version"]);
const hasGofmt = spawnSync("gofmt", ["-l"], { input: "package p\n" }).status === 0;

function machine() {
  const c = cpus();
  return {
    cpus: c.length,
    cpuModel: c[0]?.model ?? "unknown",
    memoryBytes: totalmem(),
    freeMemoryBytes: freemem(),
    os: `${type()} ${release()}`,
    node: process.version,
    go: goVersion ?? "not installed",
    gofmt: hasGofmt ? "gofmt (Go toolchain)" : "not installed",
    /** Other work on the machine skews the figures: the 1-minute load average at the start. */
    loadAverageAtStart: loadavg()[0],
    peakRssSource: hasGnuTime
      ? "GNU time %M (wait4 ru_maxrss)"
      : "/proc/<pid>/status VmHWM, polled every 5 ms",
  };
}

/**
 * Copies dist/ so that a rebuild by someone else mid-run (npm run build empties dist/) cannot
 * mix two builds in one measurement.
 */
function snapshotDist(): {
  dir: string;
  cliSha256: string;
  builtAt: string;
  staleSources: string[];
} {
  const dist = join(REPO, "dist");
  for (const f of ["cli.js", "index.js", "tree-sitter-go.wasm", "web-tree-sitter.wasm"])
    if (!existsSync(join(dist, f)))
      throw new Error(`dist/${f} is missing: run \`npm run build\` first`);
  const dir = mkdtempSync(join(tmpdir(), "gmc-bench-dist-"));
  cpSync(dist, dir, { recursive: true });
  const builtAt = statSync(join(dist, "cli.js")).mtime;
  const staleSources: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (statSync(p).mtime > builtAt) staleSources.push(p.slice(REPO.length + 1));
    }
  };
  walk(join(REPO, "src"));
  return {
    dir,
    cliSha256: createHash("sha256")
      .update(readFileSync(join(dir, "cli.js")))
      .digest("hex"),
    builtAt: builtAt.toISOString(),
    staleSources,
  };
}

// ---------------------------------------------------------------------------------------------
// Corpora

interface Target {
  dir: string;
  label: string;
  /** The .go files gomemcheck analyses (its own discovery: vendor/, testdata/, ignored skipped). */
  goFiles: DiscoveredFile[];
  goBytes: number;
  manifest?: CorpusManifest;
}

function describe(dir: string, label: string, manifest?: CorpusManifest): Target {
  // A walked tree's listing carries no sizes: the benchmark takes them itself.
  const sized = discover(dir)
    .files.filter((f) => f.kind === "go")
    .map((f) => ({ ...f, size: f.size ?? statSync(join(dir, f.path)).size }));
  const found = sized.filter((f) => f.size <= 10 * 1024 * 1024);
  return {
    dir,
    label,
    goFiles: found,
    goBytes: found.reduce((a, f) => a + f.size, 0),
    ...(manifest ? { manifest } : {}),
  };
}

/** Every k-th analysed .go file of target (and all of its other files), hard-linked. */
function ensureSubset(target: Target, count: number, dir: string): Target {
  const marker = join(dir, ".subset.json");
  if (!existsSync(marker)) {
    rmSync(dir, { recursive: true, force: true });
    const step = target.goFiles.length / count;
    const keep = new Set<string>();
    for (let i = 0; i < count; i++) keep.add(target.goFiles[Math.floor(i * step)]!.path);
    const others = discover(target.dir).files.filter((f) => f.kind !== "go");
    for (const path of [...keep, ...others.map((f) => f.path)]) {
      const to = join(dir, path);
      mkdirSync(dirname(to), { recursive: true });
      try {
        linkSync(join(target.dir, path), to);
      } catch {
        copyFileSync(join(target.dir, path), to);
      }
    }
    writeFileSync(marker, JSON.stringify({ source: target.dir, count }));
  }
  return describe(dir, `${count}-file subset`);
}

// ---------------------------------------------------------------------------------------------
// Measurements

interface Figure {
  median: number;
  samples: number[];
  unit: string;
}

const fig = (samples: number[], unit: string): Figure => ({
  median: median(samples),
  samples: samples.map((s) => Math.round(s * 10) / 10),
  unit,
});

async function repeat(
  name: string,
  times: number,
  once: () => Promise<ChildRun>,
  check: (r: ChildRun) => void = () => {},
): Promise<ChildRun[]> {
  const [out] = await interleave(times, [{ name, once, check }]);
  return out!;
}

interface Job {
  name: string;
  once: () => Promise<ChildRun>;
  check?: (r: ChildRun) => void;
}

/**
 * Runs the jobs in turn, `times` rounds: jobs compared with each other see the same background
 * load (other work on a shared machine moves wall times by seconds).
 */
async function interleave(times: number, jobs: Job[]): Promise<ChildRun[][]> {
  const out: ChildRun[][] = jobs.map(() => []);
  for (let i = 0; i < times; i++) {
    for (const [j, job] of jobs.entries()) {
      const r = await job.once();
      job.check?.(r);
      out[j]!.push(r);
      log(
        `${job.name} ${i + 1}/${times}: ${r.wallMs.toFixed(0)} ms` +
          (r.cpuMs !== undefined ? `, ${r.cpuMs.toFixed(0)} ms CPU` : "") +
          (r.maxRssBytes ? `, ${(r.maxRssBytes / MB).toFixed(0)} MB peak RSS` : ""),
      );
    }
  }
  return out;
}

function cliArgs(dist: string, dir: string): string[] {
  return [join(dist, "cli.js"), dir, "--format", "json", "--fail-on", "never"];
}

function expectExit0(what: string): (r: ChildRun) => void {
  return (r) => {
    if (r.code !== 0) throw new Error(`${what} exited ${r.code}: ${r.stderr.slice(0, 2000)}`);
  };
}

/** The CLI's full audit of t; one untimed run warms the page cache and checks the output. */
async function auditJob(dist: string, t: Target) {
  const args = cliArgs(dist, t.dir);
  const warm = await timeChild(process.execPath, args, { keepStdout: true });
  expectExit0("gomemcheck")(warm);
  const doc = JSON.parse(warm.stdout) as { findings: { rule: string }[]; errors: unknown[] };
  const byRule: Record<string, number> = {};
  for (const f of doc.findings) byRule[f.rule] = (byRule[f.rule] ?? 0) + 1;
  const env = { ...process.env, GOMEMCHECK_PHASES: "1" };
  const job: Job = {
    name: `gomemcheck ${t.label}`,
    once: () => timeChild(process.execPath, args, { env }),
    check: expectExit0("gomemcheck"),
  };
  const summarize = (rs: ChildRun[]) => {
    // Each run prints where its time went (GOMEMCHECK_PHASES=1): medians per phase.
    const perRun = rs.map(
      (r) =>
        JSON.parse(/gomemcheck-phases (\{.*\})/.exec(r.stderr)?.[1] ?? "{}") as Record<
          string,
          number
        >,
    );
    const phases: Record<string, number> = {};
    for (const k of PHASES) phases[k] = median(perRun.map((p) => p[k] ?? 0));
    const wall = fig(
      rs.map((r) => r.wallMs),
      "ms",
    );
    return {
      wall,
      cpu: fig(
        rs.map((r) => r.cpuMs ?? NaN),
        "ms",
      ),
      peakRss: fig(
        rs.map((r) => r.maxRssBytes ?? NaN),
        "bytes",
      ),
      mbPerSecond: t.goBytes / MB / (wall.median / 1000),
      filesPerSecond: t.goFiles.length / (wall.median / 1000),
      findings: doc.findings.length,
      findingsByRule: byRule,
      errors: doc.errors.length,
      phases,
    };
  };
  return { job, summarize };
}

const PHASES = ["startup", "discovery", "build", "screen", "parse", "examine", "output"];
const PHASE_NAMES: Record<string, string> = {
  startup: "start-up",
  discovery: "discovery",
  build: "build analysis",
  screen: "gates+lexer",
  parse: "parse",
  examine: "examine",
  output: "output",
};

/**
 * `gofmt -l` over the same files: as few processes as a 100 KB argument list allows, one after
 * another (gofmt itself formats files in parallel on all cores since Go 1.19).
 */
async function gofmtJob(t: Target) {
  const chunks: string[][] = [[]];
  let length = 0;
  for (const f of t.goFiles) {
    if (length + f.path.length + 1 > 100_000) {
      chunks.push([]);
      length = 0;
    }
    chunks[chunks.length - 1]!.push(f.path);
    length += f.path.length + 1;
  }
  let listed = 0;
  let stderrLines = 0;
  const once = async (): Promise<ChildRun> => {
    let wallMs = 0;
    let cpuMs = 0;
    let peak = 0;
    listed = 0;
    stderrLines = 0;
    for (const chunk of chunks) {
      const r = await timeChild("gofmt", ["-l", ...chunk], { cwd: t.dir, keepStdout: true });
      wallMs += r.wallMs;
      cpuMs += r.cpuMs ?? NaN;
      peak = Math.max(peak, r.maxRssBytes ?? 0);
      listed += r.stdout.split("\n").filter(Boolean).length;
      stderrLines += r.stderr.split("\n").filter(Boolean).length;
    }
    return {
      wallMs,
      cpuMs,
      maxRssBytes: peak,
      firstOutputMs: undefined,
      code: 0,
      stdout: "",
      stderr: "",
    };
  };
  await once();
  const job: Job = { name: `gofmt -l ${t.label}`, once };
  const summarize = (rs: ChildRun[]) => ({
    wall: fig(
      rs.map((r) => r.wallMs),
      "ms",
    ),
    cpu: fig(
      rs.map((r) => r.cpuMs ?? NaN),
      "ms",
    ),
    peakRss: fig(
      rs.map((r) => r.maxRssBytes ?? NaN),
      "bytes",
    ),
    processes: chunks.length,
    filesListedAsUnformatted: listed,
    syntaxErrorLines: stderrLines,
  });
  return { job, summarize };
}

async function startup(dist: string, runs: number) {
  const empty = mkdtempSync(join(tmpdir(), "gmc-bench-empty-"));
  const one = mkdtempSync(join(tmpdir(), "gmc-bench-one-"));
  writeFileSync(
    join(one, "main.go"),
    'package main\n\nimport "os"\n\nfunc main() {\n\tfor _, p := range os.Args {\n\t\tf, _ := os.Open(p)\n\t\tdefer f.Close()\n\t}\n}\n',
  );
  try {
    const measure = async (name: string, argv: string[]) => {
      await timeChild(process.execPath, argv);
      const rs = await repeat(name, runs, () => timeChild(process.execPath, argv));
      return {
        firstOutput: fig(
          rs.map((r) => r.firstOutputMs ?? NaN),
          "ms",
        ),
        wall: fig(
          rs.map((r) => r.wallMs),
          "ms",
        ),
        cpu: fig(
          rs.map((r) => r.cpuMs ?? NaN),
          "ms",
        ),
        peakRss: fig(
          rs.map((r) => r.maxRssBytes ?? NaN),
          "bytes",
        ),
      };
    };
    return {
      version: await measure("cli --version", [join(dist, "cli.js"), "--version"]),
      emptyDir: await measure("cli on an empty directory", cliArgs(dist, empty)),
      oneGoFile: await measure("cli on one Go file (parser loaded)", cliArgs(dist, one)),
    };
  } finally {
    rmSync(empty, { recursive: true, force: true });
    rmSync(one, { recursive: true, force: true });
  }
}

type Engine = typeof import("./engine.ts");

/** bench/engine.ts bundled into the dist snapshot (beside the .wasm files), as dist/ is built. */
async function loadEngine(distDir: string): Promise<Engine> {
  const outfile = join(distDir, "bench-engine.js");
  await build({
    entryPoints: [join(REPO, "bench", "engine.ts")],
    outfile,
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    logLevel: "warning",
    banner: {
      js: 'import { createRequire as __gmcCreateRequire } from "node:module"; const require = __gmcCreateRequire(import.meta.url);',
    },
  });
  return (await import(pathToFileURL(outfile).href)) as Engine;
}

/** run() in this process: the analyzer without process start-up or output. */
async function inProcess(engine: Engine, t: Target, runs: number) {
  const { run, DEFAULT_FILE_CONFIG } = engine;
  const samples: number[] = [];
  await run({ root: t.dir, config: DEFAULT_FILE_CONFIG, filterMode: "nofilter" });
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await run({ root: t.dir, config: DEFAULT_FILE_CONFIG, filterMode: "nofilter" });
    samples.push(performance.now() - start);
    log(`in-process run() ${i + 1}/${runs}: ${samples[i]!.toFixed(0)} ms`);
  }
  const wall = fig(samples, "ms");
  return { wall, mbPerSecond: t.goBytes / MB / (wall.median / 1000) };
}

/** The action in review mode against the loopback GitHub API server, a fresh server per run. */
async function prMode(dist: string, t: Target, runs: number, cacheDir: string) {
  const t0 = performance.now();
  const repo = await ensurePrRepo(
    t.dir,
    t.goFiles.map((f) => f.path),
    cacheDir,
    PR_FILES,
    Number(args.seed),
  );
  log(`PR repository ready in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${repo.repoDir}`);
  const { pr } = repo;
  const once = async (): Promise<
    ChildRun & {
      reviews: number;
      comments: number;
      violations: number;
      requests: number;
      timeline: { ms: number; request: string }[];
      reviewPostedMs: number;
    }
  > => {
    const server = await startGitHubServer({
      repoDir: repo.repoDir,
      pulls: [{ number: 1, ...pr }],
    });
    const temp = mkdtempSync(join(tmpdir(), "gmc-bench-runner-"));
    try {
      const event = pullRequestEvent({
        number: 1,
        headSha: pr.headSha,
        baseSha: pr.baseSha,
        headRef: pr.headRef,
        baseRef: pr.baseRef,
        owner: server.owner,
        repo: server.repo,
      });
      writeFileSync(join(temp, "event.json"), JSON.stringify(event));
      writeFileSync(join(temp, "summary.md"), "");
      writeFileSync(join(temp, "output.txt"), "");
      const inputs: Record<string, string> = {
        "github-token": server.token,
        "fail-on": "never",
        "filter-mode": "added",
        "post-review": "true",
        "working-directory": ".",
        config: ".gomemcheck.yml",
        "sarif-file": "gomemcheck.sarif",
      };
      const env: NodeJS.ProcessEnv = {
        PATH: process.env.PATH ?? "",
        HOME: temp,
        GITHUB_ACTIONS: "true",
        CI: "true",
        GITHUB_WORKSPACE: repo.repoDir,
        GITHUB_EVENT_NAME: "pull_request",
        GITHUB_EVENT_PATH: join(temp, "event.json"),
        GITHUB_STEP_SUMMARY: join(temp, "summary.md"),
        GITHUB_OUTPUT: join(temp, "output.txt"),
        GITHUB_REPOSITORY: `${server.owner}/${server.repo}`,
        GITHUB_SHA: pr.headSha,
        GITHUB_SERVER_URL: "https://github.com",
        GITHUB_RUN_ID: "42",
        GITHUB_API_URL: server.url,
        GITHUB_GRAPHQL_URL: server.graphqlUrl,
        RUNNER_TEMP: temp,
      };
      for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
      // When each API request arrives, from the spawn (polled every 2 ms): where the time goes.
      const timeline: { ms: number; request: string }[] = [];
      const spawned = performance.now();
      let reviewPostedMs = NaN;
      const watch = setInterval(() => {
        if (Number.isNaN(reviewPostedMs)) {
          const review = server.requests.find((q) => q.operationId === "pulls/create-review");
          if (review && review.status !== 0) reviewPostedMs = performance.now() - spawned;
        }
        while (timeline.length < server.requests.length) {
          const q = server.requests[timeline.length]!;
          timeline.push({
            ms: Math.round(performance.now() - spawned),
            request: `${q.method} ${q.operationId ?? q.path}`,
          });
        }
      }, 2);
      const r = await timeChild(process.execPath, [join(dist, "index.js")], {
        cwd: repo.repoDir,
        env,
      });
      clearInterval(watch);
      if (r.code !== 0)
        throw new Error(`the action exited ${r.code}: ${(r.stdout + r.stderr).slice(-3000)}`);
      if (server.reviews.length !== 1)
        throw new Error(
          `the action posted ${server.reviews.length} reviews: ${r.stdout.slice(-3000)}`,
        );
      return {
        ...r,
        reviews: server.reviews.length,
        comments: server.reviewComments.length,
        violations: server.violations.length,
        requests: server.requests.length,
        timeline,
        reviewPostedMs,
      };
    } finally {
      await server.close();
      rmSync(temp, { recursive: true, force: true });
    }
  };
  const warm = await once();
  const rs = (await repeat(`action review, ${pr.files.length}-file PR`, runs, once)) as Array<
    typeof warm
  >;
  return {
    /** From spawn to the answer to POST .../reviews (polled every 2 ms). */
    reviewPosted: fig(
      rs.map((r) => r.reviewPostedMs),
      "ms",
    ),
    wall: fig(
      rs.map((r) => r.wallMs),
      "ms",
    ),
    peakRss: fig(
      rs.map((r) => r.maxRssBytes ?? NaN),
      "bytes",
    ),
    changedFiles: pr.files.length,
    changed: repo.changed,
    repositoryGoFiles: t.goFiles.length,
    inlineComments: warm.comments,
    apiRequests: warm.requests,
    schemaViolations: warm.violations,
    /** API requests of the last run, with their arrival time after the spawn. */
    requestTimeline: rs[rs.length - 1]!.timeline,
  };
}

// ---------------------------------------------------------------------------------------------
// Report

const fmtMs = (v: number): string =>
  v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(0)} ms`;
const fmtMB = (v: number): string => `${(v / MB).toFixed(0)} MB`;
const spread = (f: Figure, show: (v: number) => string): string =>
  f.samples.length > 1 ? `${show(Math.min(...f.samples))} – ${show(Math.max(...f.samples))}` : "";

type Row = [figure: string, value: string, range: string, target: string, verdict: string];

function table(rows: Row[]): string {
  const head: Row = ["figure", "median", "range", "target", ""];
  const all = [head, ...rows];
  const w = head.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  return all
    .map((r) =>
      r
        .map((c, i) => c.padEnd(w[i]!))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

const verdict = (ok: boolean): string => (ok ? "PASS" : "FAIL");

// ---------------------------------------------------------------------------------------------

/** Go's own src tree, found through `go env GOROOT`: real code, in every CI that installs Go. */
function gorootSrc(): string | undefined {
  const root = commandOutput("go", ["env", "GOROOT"]);
  const src = root ? join(root, "src") : undefined;
  return src && existsSync(join(src, "runtime")) ? src : undefined;
}

interface TargetPlan {
  target: Target;
  cacheBase: string;
  cached: boolean;
  /** The wall and CPU ratio to gofmt -l this target must reach. */
  ratioTarget: number;
  pr: boolean;
}

/** Audit beside gofmt -l, the subset, the PR review and run() in-process for one target. */
async function measureTarget(dist: string, plan: TargetPlan) {
  const { target, cacheBase, cached } = plan;
  const results: Record<string, unknown> = {
    dir: target.dir,
    goFiles: target.goFiles.length,
    goBytes: target.goBytes,
    ...(target.manifest ? { corpus: target.manifest } : {}),
  };
  const rows: Row[] = [];
  const auditRun = await auditJob(dist, target);
  const gofmtRun = hasGofmt && !args["no-gofmt"] ? await gofmtJob(target) : undefined;
  const [auditRuns, gofmtRuns] = await interleave(
    RUNS,
    gofmtRun ? [auditRun.job, gofmtRun.job] : [auditRun.job],
  );
  const audit = auditRun.summarize(auditRuns!);
  results.audit = audit;
  const gof = gofmtRun ? gofmtRun.summarize(gofmtRuns!) : undefined;
  if (gof)
    results.gofmt = {
      ...gof,
      ratio: audit.wall.median / gof.wall.median,
      cpuRatio: audit.cpu.median / gof.cpu.median,
    };
  let subset: { target: Target; audit: ReturnType<typeof auditRun.summarize> } | undefined;
  const subsetFiles = Math.min(SUBSET_FILES, Math.floor(target.goFiles.length / 4));
  if (!args["no-subset"] && subsetFiles >= 500) {
    const st = ensureSubset(
      target,
      subsetFiles,
      `${cacheBase.replace(/\/$/, "")}${cached ? "-" : "/"}subset${subsetFiles}`,
    );
    // Interleaved with the full target again, so that the RSS comparison sees the same load.
    const subsetRun = await auditJob(dist, st);
    const [full, part] = await interleave(RUNS, [
      { ...auditRun.job, name: `${auditRun.job.name} (again, beside the subset)` },
      subsetRun.job,
    ]);
    subset = { target: st, audit: subsetRun.summarize(part!) };
    results.subset = {
      goFiles: st.goFiles.length,
      goBytes: st.goBytes,
      ...subset.audit,
      fullPeakRssBesideIt: fig(
        full!.map((r) => r.maxRssBytes ?? NaN),
        "bytes",
      ),
    };
  }
  let pr: Awaited<ReturnType<typeof prMode>> | undefined;
  if (plan.pr && !args["no-pr"]) {
    const prDir = `${cacheBase.replace(/\/$/, "")}${cached ? "-" : "/"}pr${PR_FILES}`;
    pr = await prMode(dist, target, RUNS, prDir);
    results.prMode = pr;
  }
  let inproc: Awaited<ReturnType<typeof inProcess>> | undefined;
  if (!args["no-inprocess"]) {
    inproc = await inProcess(await loadEngine(dist), target, RUNS);
    results.inProcess = inproc;
  }

  rows.push([
    `full audit, CLI (${target.goFiles.length} files, ${(target.goBytes / MB).toFixed(1)} MB)`,
    fmtMs(audit.wall.median),
    spread(audit.wall, fmtMs),
    "",
    "",
  ]);
  rows.push([
    "  throughput",
    `${audit.mbPerSecond.toFixed(1)} MB/s`,
    `${audit.filesPerSecond.toFixed(0)} files/s`,
    "",
    "",
  ]);
  rows.push(["  CPU time (user+sys)", fmtMs(audit.cpu.median), spread(audit.cpu, fmtMs), "", ""]);
  if (gof) {
    const ratio = audit.wall.median / gof.wall.median;
    const cpuRatio = audit.cpu.median / gof.cpu.median;
    rows.push([
      `gofmt -l, same files (${gof.processes} processes)`,
      fmtMs(gof.wall.median),
      spread(gof.wall, fmtMs),
      "",
      "",
    ]);
    rows.push([
      "  gofmt throughput",
      `${(target.goBytes / MB / (gof.wall.median / 1000)).toFixed(1)} MB/s`,
      `peak RSS ${fmtMB(gof.peakRss.median)}`,
      "",
      "",
    ]);
    rows.push(["  CPU time (user+sys)", fmtMs(gof.cpu.median), spread(gof.cpu, fmtMs), "", ""]);
    rows.push([
      "ratio gomemcheck / gofmt -l, wall",
      ratio.toFixed(2),
      "",
      `<= ${plan.ratioTarget.toFixed(1)}`,
      verdict(ratio <= plan.ratioTarget),
    ]);
    rows.push([
      "ratio gomemcheck / gofmt -l, CPU (user+sys)",
      cpuRatio.toFixed(2),
      "",
      `<= ${plan.ratioTarget.toFixed(1)}`,
      verdict(cpuRatio <= plan.ratioTarget),
    ]);
  }
  rows.push([
    "peak RSS, full audit",
    fmtMB(audit.peakRss.median),
    spread(audit.peakRss, fmtMB),
    `< ${fmtMB(TARGETS.peakRssBytes)}`,
    verdict(audit.peakRss.median < TARGETS.peakRssBytes),
  ]);
  if (subset) {
    const growth = audit.peakRss.median / subset.audit.peakRss.median;
    rows.push([
      `peak RSS, ${subset.target.goFiles.length}-file subset (${(subset.target.goBytes / MB).toFixed(1)} MB)`,
      fmtMB(subset.audit.peakRss.median),
      spread(subset.audit.peakRss, fmtMB),
      `< ${fmtMB(TARGETS.peakRssBytes)}`,
      verdict(subset.audit.peakRss.median < TARGETS.peakRssBytes),
    ]);
    rows.push([
      "  RSS full / subset",
      growth.toFixed(2),
      `subset audit ${fmtMs(subset.audit.wall.median)}`,
      `<= ${TARGETS.rssGrowth}`,
      verdict(growth <= TARGETS.rssGrowth),
    ]);
  }
  if (pr) {
    rows.push([
      `PR review: start to review posted (${pr.changedFiles} files)`,
      fmtMs(pr.reviewPosted.median),
      spread(pr.reviewPosted, fmtMs),
      `< ${fmtMs(TARGETS.prReviewMs)}`,
      verdict(pr.reviewPosted.median < TARGETS.prReviewMs),
    ]);
    rows.push([
      `PR review: start to exit (action done)`,
      fmtMs(pr.wall.median),
      spread(pr.wall, fmtMs),
      `< ${fmtMs(TARGETS.prReviewMs)}`,
      verdict(pr.wall.median < TARGETS.prReviewMs),
    ]);
    rows.push([
      "  peak RSS, PR review",
      fmtMB(pr.peakRss.median),
      `${pr.inlineComments} inline comments, ${pr.apiRequests} API requests`,
      "",
      "",
    ]);
  }
  if (inproc) {
    rows.push([
      "analyzer only, run() in-process",
      fmtMs(inproc.wall.median),
      spread(inproc.wall, fmtMs),
      "",
      "",
    ]);
    rows.push(["  throughput", `${inproc.mbPerSecond.toFixed(1)} MB/s`, "", "", ""]);
  }
  const out: string[] = [];
  out.push(
    `${target.label}: ${target.dir}: ${target.goFiles.length} .go files, ${(target.goBytes / MB).toFixed(1)} MB analysed (vendor/, testdata/ skipped)`,
  );
  out.push(
    `audit findings: ${audit.findings} (${Object.entries(audit.findingsByRule)
      .map(([k, v]) => `${k} ${v}`)
      .join(", ")}), ${audit.errors} errors`,
  );
  out.push("");
  out.push(table(rows));
  out.push("");
  out.push(
    `where a full audit's wall time goes (medians of the CLI runs above): ${PHASES.map((k) => `${PHASE_NAMES[k]} ${fmtMs(audit.phases[k] ?? 0)}`).join(", ")}`,
  );
  if (pr) {
    out.push(
      `PR review, API requests of the last run (ms after spawn): ${pr.requestTimeline.map((q) => `${q.ms} ${q.request}`).join(", ")}; exit ${Math.round(pr.wall.samples[pr.wall.samples.length - 1]!)}`,
    );
  }
  return { results, rows, text: out.join("\n") };
}

async function main(): Promise<void> {
  const date = new Date();
  const dist = snapshotDist();
  if (dist.staleSources.length > 0)
    log(
      `warning: ${dist.staleSources.length} files in src/ are newer than dist/cli.js (run npm run build): ${dist.staleSources.slice(0, 5).join(", ")}`,
    );
  const m = machine();
  log(
    `machine: ${m.cpus} × ${m.cpuModel}, ${(m.memoryBytes / 2 ** 30).toFixed(1)} GiB, node ${m.node}, ${m.go}`,
  );

  const plans: TargetPlan[] = [];
  const temporary: string[] = [];
  if (positionals[0]) {
    const dir = resolve(positionals[0]);
    const cacheBase = mkdtempSync(join(tmpdir(), "gmc-bench-dir-"));
    temporary.push(cacheBase);
    const target = describe(dir, basename(dir));
    plans.push({
      target,
      cacheBase,
      cached: false,
      // The issue's targets: large real repositories <= 0.6, small ones (~1,000 files) <= 0.9.
      ratioTarget:
        target.goFiles.length >= LARGE_REPO_FILES
          ? TARGETS.gofmtRatioLarge
          : TARGETS.gofmtRatioSmall,
      pr: true,
    });
  } else {
    const src = args["no-goroot"] ? undefined : gorootSrc();
    if (src) {
      const cacheBase = mkdtempSync(join(tmpdir(), "gmc-bench-goroot-"));
      temporary.push(cacheBase);
      plans.push({
        target: describe(src, "Go src"),
        cacheBase,
        cached: false,
        ratioTarget: TARGETS.gofmtRatioReal,
        pr: false,
      });
    } else log("Go's src tree not measured: `go env GOROOT` found no src/ (Go not installed?)");
    const t0 = performance.now();
    const manifest = ensureCorpus({
      files: Number(args.files),
      mb: Number(args.mb),
      seed: Number(args.seed),
    });
    log(`corpus ready in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${manifest.dir}`);
    plans.push({
      target: describe(manifest.dir, "generated corpus", manifest),
      cacheBase: manifest.dir,
      cached: true,
      ratioTarget: TARGETS.gofmtRatio,
      pr: true,
    });
  }

  const results: Record<string, unknown> = {
    date: date.toISOString(),
    machine: m,
    runsPerFigure: RUNS,
    dist: { cliSha256: dist.cliSha256, builtAt: dist.builtAt, srcNewerThanDist: dist.staleSources },
  };
  try {
    const start = await startup(dist.dir, RUNS);
    results.startup = start;
    const startRows: Row[] = [];
    for (const [label, s] of [
      ["start-up: --version, to first output", start.version],
      ["start-up: empty dir, to first output", start.emptyDir],
      ["start-up: one Go file (parser loaded)", start.oneGoFile],
    ] as const) {
      startRows.push([
        label,
        fmtMs(s.firstOutput.median),
        `${spread(s.firstOutput, fmtMs)}; process CPU ${fmtMs(s.cpu.median)}`,
        `< ${TARGETS.startupMs} ms`,
        verdict(s.firstOutput.median < TARGETS.startupMs),
      ]);
    }
    const measured: Record<string, unknown>[] = [];
    const texts: string[] = [];
    const allRows: Row[] = [...startRows];
    for (const plan of plans) {
      log(
        `${plan.target.label}: ${plan.target.goFiles.length} .go files analysed, ${(plan.target.goBytes / MB).toFixed(1)} MB`,
      );
      const r = await measureTarget(dist.dir, plan);
      measured.push({ label: plan.target.label, ...r.results });
      texts.push(r.text);
      allRows.push(
        ...r.rows.map((row): Row => [`${plan.target.label}: ${row[0]}`, ...row.slice(1)] as Row),
      );
    }
    results.targets = measured;
    results.verdicts = allRows
      .filter((r) => r[4] !== "")
      .map((r) => ({ figure: r[0], value: r[1], target: r[3], pass: r[4] === "PASS" }));
    results.loadAverageAtEnd = loadavg()[0];
    mkdirSync(dirname(args.json!), { recursive: true });
    writeFileSync(args.json!, JSON.stringify(results, null, 2) + "\n");

    const out: string[] = [];
    out.push(`gomemcheck benchmark, ${date.toISOString().slice(0, 10)}`);
    out.push(
      `machine: ${m.cpus} CPUs (${m.cpuModel}), ${(m.memoryBytes / 2 ** 30).toFixed(1)} GiB, ${m.os}, node ${m.node}, ${m.go}`,
    );
    out.push(
      `each figure: median of ${RUNS} runs after one warm-up run, gomemcheck and gofmt -l alternating; ` +
        `peak RSS: ${m.peakRssSource}; load average ${m.loadAverageAtStart.toFixed(2)} at start, ${loadavg()[0].toFixed(2)} at end ` +
        `(other work on the machine moves wall times: compare the CPU ratio too)`,
    );
    out.push("");
    out.push(table(startRows));
    for (const t of texts) out.push("", t);
    if (dist.staleSources.length > 0)
      out.push(
        `\nwarning: src/ has files newer than dist/cli.js: the figures are for the last build`,
      );
    out.push(`\nresults: ${args.json}`);
    console.log(out.join("\n"));
  } finally {
    rmSync(dist.dir, { recursive: true, force: true });
    for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
    cleanupScratch();
  }
}

await main();
