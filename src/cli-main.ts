// The CLI, as a function of arguments and streams so that tests call it directly.
// gomemcheck [PATH...] [--format F] [--base REF] [--diff [--all-fixes] | --fix] [--fail-on LEVEL]
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, relative, resolve, sep } from "node:path";
import { parseArgs } from "node:util";
import {
  ConfigError,
  DEFAULT_FILE_CONFIG,
  FAIL_ON_VALUES,
  FILTER_MODES,
  FORMATS,
  excludeMatcher,
  minutes,
  parseChoice,
  parseConfigFile,
  type FailOn,
  type FileConfig,
  type FilterMode,
  type OutputFormat,
} from "./config.ts";
import { RULES, atLeast, type AnalysisError, type Finding } from "./findings.ts";
import { reported, type PlacedFinding } from "./filter.ts";
import { jsonSafe, plain, terminalSafe } from "./report/escape.ts";
import { renderCheckstyle } from "./report/checkstyle.ts";
import { renderCodeClimate } from "./report/codeclimate.ts";
import { addPhase, phaseReport, phasesEnabled, recordPhases } from "./phases.ts";
import { renderJson } from "./report/json.ts";
import { renderMarkdown } from "./report/markdown.ts";
import { renderDiffs } from "./report/diff-output.ts";
import { planFixes } from "./report/patch.ts";
import { renderRdjson } from "./report/rdjson.ts";
import { renderSarif } from "./report/sarif.ts";
import { renderText } from "./report/text.ts";
import { run, type RunResult } from "./run.ts";
import { changesSince } from "./sources/git-diff.ts";
import { applyFixes, readRepoText } from "./sources/write-fix.ts";
import { discover, type DiscoveredFile } from "./sources/workspace.ts";
import { VERSION } from "./version.ts";
import { readRegularFile } from "./sources/repo-files.ts";

const DOCS = "https://github.com/gomemcheck/gomemcheck#the-cli";

// At most 80 columns a line (a test holds it).
const USAGE = `Usage: gomemcheck [PATH...] [options]

Reviews Go code for memory pitfalls: defer inside loops, and binaries built
with Go 1.12-1.15 that keep RSS at its peak (MADV_FREE) in containers.

PATH is a directory to analyse (default .), or files and directories of one
repository: then only their findings are shown, while go.mod, Dockerfiles and
workflows are read from the repository root (the nearest folder at or above
them with .git; outside git, with go.mod).

Options:
  --format FORMAT   text (default), json, sarif, markdown, rdjson (reviewdog),
                    checkstyle, codeclimate (GitLab Code Quality)
  --base REF        review only what changed since the git REF
  --filter-mode M   with --base: added (default), diff_context, file, nofilter
  --fail-on LEVEL   exit 1 when a finding reaches error (default), warning,
                    notice; never: do not fail on findings
  --diff            print each finding's preferred fix as a unified diff
                    (git apply or patch -p1 applies it)
  --all-fixes       with --diff: also every other fix, each against the
                    original file (for reading, not one patch)
  --fix             apply the fixes marked safe in place, then report what
                    remains (the exit code follows it)
  --config FILE     configuration (default: .gomemcheck.yml at the root)
  --timeout MIN     stop analysing after MIN minutes and report what is done;
                    unfinished files are errors (default 10, 0: no limit)
  --color WHEN      auto (default), always, never; NO_COLOR and FORCE_COLOR
                    are honoured
  -h, --help        show this help
  -v, --version     print the version

Rules (each documented in docs/rules/RULE.md, in the repository and package):
${RULES.map((r) => `  ${r.id}`).join("\n")}

Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it or
files that could not be analysed, 2 usage or configuration error.
Docs: ${DOCS}
`;

const OPTIONS = {
  format: { type: "string" },
  base: { type: "string" },
  "fail-on": { type: "string" },
  "filter-mode": { type: "string" },
  config: { type: "string" },
  diff: { type: "boolean" },
  "all-fixes": { type: "boolean" },
  fix: { type: "boolean" },
  color: { type: "string" },
  timeout: { type: "string" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "v" },
} as const;

export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  isTTY: boolean;
  env: NodeJS.ProcessEnv;
}

export async function main(argv: string[], io: CliIo): Promise<number> {
  if (io.env.GOMEMCHECK_PHASES === "1") recordPhases();
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: OPTIONS });
  } catch (e) {
    io.stderr(`gomemcheck: ${plain(usageError(e))}; gomemcheck --help lists the options\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(USAGE);
    return 0;
  }
  if (values.version) {
    io.stdout(`gomemcheck ${VERSION}\n`);
    return 0;
  }
  try {
    const format = parseChoice<OutputFormat>("--format", values.format ?? "text", FORMATS);
    const failOn = parseChoice<FailOn>("--fail-on", values["fail-on"] ?? "error", FAIL_ON_VALUES);
    const filterMode = parseChoice<FilterMode>(
      "--filter-mode",
      values["filter-mode"] ?? "added",
      FILTER_MODES,
    );
    const colorWhen = parseChoice("--color", values.color ?? "auto", [
      "auto",
      "always",
      "never",
    ] as const);
    if (values["all-fixes"] && !values.diff) throw new ConfigError("--all-fixes goes with --diff");
    if (values["filter-mode"] !== undefined && values.base === undefined)
      throw new ConfigError("--filter-mode goes with --base (it picks the findings of a change)");
    if (values.diff && values.fix) throw new ConfigError("--diff and --fix: choose one");
    if (values.diff && values.format !== undefined)
      throw new ConfigError("--diff prints a patch: it takes no --format");
    const target = resolveTarget(positionals);
    const config = await loadConfig(target.root, values.config);
    const excluded = await excludeMatcher(config.exclude);
    const timeout = minutes("--timeout", values.timeout);
    const deadline = timeout > 0 ? Date.now() + timeout * 60_000 : undefined;
    const changes = values.base !== undefined ? changesSince(target.root, values.base) : undefined;
    const colour = useColour(colorWhen, io);

    const listing = (): { files: DiscoveredFile[]; errors: AnalysisError[] } => {
      const found = discover(target.root, [excluded]);
      return {
        // Go files outside the named paths are not read; build context is read in full.
        files: found.files.filter((f) => f.kind !== "go" || target.includes(f.path)),
        errors: found.errors.filter((e) => target.includes(e.file)),
      };
    };
    const analyse = async (): Promise<{ result: RunResult; shown: PlacedFinding[] }> => {
      const showProgress = io.isTTY && !io.env.CI && format === "text" && !values.diff;
      let lastShown = 0;
      const listed = listing();
      if (!listed.files.some((f) => target.includes(f.path)) && listed.errors.length === 0) {
        io.stderr(
          `gomemcheck: nothing to analyse in ${plain(target.label)}: no Go files, go.mod, Dockerfiles or workflows\n`,
        );
      }
      const result = await run({
        root: target.root,
        config,
        filterMode,
        list: () => listed,
        ...(changes ? { changes } : {}),
        ...(deadline !== undefined ? { deadline } : {}),
        onProgress: showProgress
          ? (done, total) => {
              const now = Date.now();
              if (total < 200 || (now - lastShown < 100 && done < total)) return;
              lastShown = now;
              // The last call erases the line, so the report starts on a clean screen.
              io.stderr(done === total ? "\r\x1b[K" : `\r${done}/${total} Go files`);
            }
          : undefined,
      });
      const shown = reported(result.placed).filter((p) => target.includes(p.finding.file));
      return { result, shown };
    };

    let { result, shown } = await analyse();
    if (values.diff) {
      const findings = shown.map((p) => p.finding);
      io.stdout(
        renderDiffs(findings, (file) => readRepoText(target.root, file), {
          allFixes: values["all-fixes"] === true,
        }),
      );
      return exitCode(findings, failOn, result.unanalysed);
    }
    if (values.fix) {
      const plan = planFixes(
        shown.map((p) => p.finding),
        (fix) => (fix.safe ? undefined : "needs review: not marked safe (--diff shows it)"),
      );
      const outcome = applyFixes(target.root, plan);
      for (const line of outcome.report) io.stderr(`gomemcheck: ${plain(line)}\n`);
      if (outcome.written > 0) ({ result, shown } = await analyse());
    }
    const outputStart = performance.now();
    const findings: Finding[] = shown.map((p) => p.finding);
    const errors = result.errors.filter((e) => target.includes(e.file));
    switch (format) {
      case "json":
        io.stdout(jsonSafe(renderJson(findings, errors)));
        break;
      case "sarif":
        io.stdout(jsonSafe(renderSarif(shown, errors, result.sourceLines)));
        break;
      case "markdown":
        io.stdout(terminalSafe(renderMarkdown(findings, errors)));
        break;
      case "rdjson":
        io.stdout(jsonSafe(renderRdjson(findings, errors)));
        break;
      case "checkstyle":
        io.stdout(renderCheckstyle(findings, errors));
        break;
      case "codeclimate":
        io.stdout(jsonSafe(renderCodeClimate(shown, errors)));
        break;
      default:
        io.stdout(
          renderText(findings, errors, {
            colour,
            ...(io.isTTY ? { sourceLines: result.sourceLines } : {}),
          }),
        );
    }
    if (phasesEnabled()) {
      addPhase("output", outputStart);
      io.stderr(phaseReport());
    }
    return exitCode(findings, failOn, result.unanalysed);
  } catch (e) {
    if (e instanceof ConfigError) {
      io.stderr(`gomemcheck: ${plain(e.message)}\n`);
      return 2;
    }
    throw e;
  }
}

function exitCode(findings: Finding[], failOn: FailOn, unanalysed: string[]): number {
  if (failOn === "never") return 0;
  // A file that could not be analysed may hold what --fail-on is about: not a pass.
  return findings.some((f) => atLeast(f.severity, failOn)) || unanalysed.length > 0 ? 1 : 0;
}

/** One line for Node's parser errors: the option it did not know, and a near name when there is one. */
function usageError(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  const code = (e as NodeJS.ErrnoException).code;
  const option = /'(-[^' ]*)/.exec(message)?.[1];
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && option) {
    const name = option.replace(/^-+/, "").split("=")[0]!;
    const near = Object.keys(OPTIONS).find((o) => distance(o, name) <= 2);
    return `unknown option ${option}${near ? ` (did you mean --${near}?)` : ""}`;
  }
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE" && option)
    return `option ${option} needs a value`;
  return message.split("\n")[0]!;
}

/** Edit distance, for "did you mean" on short option names. */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++)
      next[j] = Math.min(
        row[j]! + 1,
        next[j - 1]! + 1,
        row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    row = next;
  }
  return row[b.length]!;
}

/** --color, then FORCE_COLOR, then NO_COLOR (no-color.org), then whether stdout is a terminal. */
function useColour(when: "auto" | "always" | "never", io: CliIo): boolean {
  if (when !== "auto") return when === "always";
  const force = io.env.FORCE_COLOR;
  if (force !== undefined && force !== "") return !["0", "false"].includes(force);
  if (io.env.NO_COLOR) return false;
  return io.isTTY;
}

interface Target {
  /** Absolute directory the analysis runs in; output paths are relative to it. */
  root: string;
  /** What the user named, for messages. */
  label: string;
  /** Whether a root-relative path lies within the named paths. */
  includes: (path: string) => boolean;
}

/**
 * One directory (or none): that directory is the root and everything in it counts. Files, or
 * several paths: the root is the repository holding them all (projectRoot), so build context is
 * read in full, and only findings in the named paths count.
 */
export function resolveTarget(paths: string[]): Target {
  const named = (paths.length === 0 ? ["."] : paths).map((p) => {
    const abs = resolve(p);
    let isDir: boolean;
    try {
      isDir = statSync(abs).isDirectory();
    } catch {
      throw new ConfigError(`${p}: no such file or directory`);
    }
    return { arg: p, abs, isDir };
  });
  if (named.length === 1 && named[0]!.isDir) {
    return { root: named[0]!.abs, label: named[0]!.arg, includes: () => true };
  }
  const dirs = named.map((n) => (n.isDir ? n.abs : dirname(n.abs)));
  let common = dirs[0]!;
  for (const d of dirs.slice(1))
    while (d !== common && !d.startsWith(common.endsWith(sep) ? common : common + sep))
      common = dirname(common);
  const root = projectRoot(common);
  const prefixes = named.map((n) => relative(root, n.abs).split(sep).join("/"));
  const includes = (path: string): boolean =>
    prefixes.some((p) => p === "" || path === p || path.startsWith(p + "/"));
  return { root, label: paths.join(" "), includes };
}

/**
 * The repository root: the nearest folder at or above dir holding .git (so workflows, Dockerfiles
 * and .gomemcheck.yml at the top of a monorepo are found); outside git, the nearest holding
 * go.mod; dir itself when neither is found.
 */
function projectRoot(dir: string): string {
  return nearest(dir, ".git") ?? nearest(dir, "go.mod") ?? dir;
}

function nearest(dir: string, name: string): string | undefined {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(resolve(d, name))) return d;
    if (dirname(d) === d) return undefined;
  }
}

async function loadConfig(dir: string, explicit: string | undefined): Promise<FileConfig> {
  if (explicit === undefined) {
    // The repository's own file: never read through a symlink or from a special file.
    const r = readRegularFile(dir, ".gomemcheck.yml");
    if (!r.ok && r.code === "ENOENT") return DEFAULT_FILE_CONFIG;
    if (!r.ok) throw new ConfigError(`.gomemcheck.yml: cannot read: ${r.reason}`);
    return parseConfigFile(".gomemcheck.yml", r.bytes.toString("utf8"));
  }
  const path = resolve(explicit);
  if (!existsSync(path)) {
    if (explicit !== undefined) throw new ConfigError(`--config ${explicit}: file not found`);
    return DEFAULT_FILE_CONFIG;
  }
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new ConfigError(`${explicit ?? ".gomemcheck.yml"}: cannot read: ${(e as Error).message}`);
  }
  return parseConfigFile(explicit ?? ".gomemcheck.yml", text);
}
