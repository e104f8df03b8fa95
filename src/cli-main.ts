// The CLI, as a function of arguments and streams so that tests call it directly.
// gomemcheck [DIR=.] [--format text|json|sarif|markdown] [--base REF] [--fail-on LEVEL] [--config FILE]
import { existsSync, readFileSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import {
  ConfigError,
  DEFAULT_FILE_CONFIG,
  FAIL_ON_VALUES,
  FILTER_MODES,
  FORMATS,
  minutes,
  parseChoice,
  parseConfigFile,
  type FailOn,
  type FileConfig,
  type FilterMode,
  type OutputFormat,
} from "./config.ts";
import { atLeast, type Finding } from "./findings.ts";
import { reported } from "./filter.ts";
import { renderJson } from "./report/json.ts";
import { renderMarkdown } from "./report/markdown.ts";
import { renderSarif } from "./report/sarif.ts";
import { renderText } from "./report/text.ts";
import { run } from "./run.ts";
import { changesSince } from "./sources/git-diff.ts";
import { VERSION } from "./version.ts";
import { readRegularFile } from "./sources/repo-files.ts";

const USAGE = `Usage: gomemcheck [DIR] [options]

Reviews a Go repository for memory pitfalls: defer inside loops, and binaries built with
Go 1.12-1.15 that keep RSS at its peak (MADV_FREE) in containers.

Options:
  --format text|json|sarif|markdown   output format (default: text)
  --base REF                          review only what changed since the git REF
  --filter-mode added|diff_context|file|nofilter
                                      with --base: which findings belong to the change (default: added)
  --fail-on error|warning|notice|never
                                      exit 1 when a finding reaches this level (default: error)
  --config FILE                       configuration file (default: DIR/.gomemcheck.yml if present)
  --timeout MINUTES                   stop analysing after this long and report what is done; the
                                      files not finished are listed as errors (default: 10, 0: none)
  -h, --help                          show this help
  -v, --version                       print the version

Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it or files that could not be
analysed (unreadable, analysis failed, --timeout reached), 2 usage or configuration error.
`;

export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  isTTY: boolean;
  env: NodeJS.ProcessEnv;
}

export async function main(argv: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: "string" },
        base: { type: "string" },
        "fail-on": { type: "string" },
        "filter-mode": { type: "string" },
        config: { type: "string" },
        timeout: { type: "string" },
        help: { type: "boolean", short: "h" },
        version: { type: "boolean", short: "v" },
      },
    });
  } catch (e) {
    io.stderr(`gomemcheck: ${(e as Error).message}\n\n${USAGE}`);
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
    if (positionals.length > 1)
      throw new ConfigError(
        `expected one directory, got ${positionals.length}: ${positionals.join(" ")}`,
      );
    const dir = resolve(positionals[0] ?? ".");
    if (!existsSync(dir) || !statSync(dir).isDirectory())
      throw new ConfigError(`${positionals[0] ?? "."}: not a readable directory`);
    const format = parseChoice<OutputFormat>("--format", values.format ?? "text", FORMATS);
    const failOn = parseChoice<FailOn>("--fail-on", values["fail-on"] ?? "error", FAIL_ON_VALUES);
    const filterMode = parseChoice<FilterMode>(
      "--filter-mode",
      values["filter-mode"] ?? "added",
      FILTER_MODES,
    );
    const config = loadConfig(dir, values.config);
    const timeout = minutes("--timeout", values.timeout);
    const deadline = timeout > 0 ? Date.now() + timeout * 60_000 : undefined;
    const changes = values.base !== undefined ? changesSince(dir, values.base) : undefined;
    const showProgress = io.isTTY && !io.env.CI && format === "text";
    let lastShown = 0;
    const result = await run({
      root: dir,
      config,
      filterMode,
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
    const shown = reported(result.placed);
    const findings: Finding[] = shown.map((p) => p.finding);
    switch (format) {
      case "json":
        io.stdout(renderJson(findings, result.errors));
        break;
      case "sarif":
        io.stdout(renderSarif(shown, result.errors, result.sourceLines));
        break;
      case "markdown":
        io.stdout(renderMarkdown(findings, result.errors));
        break;
      default:
        io.stdout(renderText(findings, result.errors, { colour: io.isTTY && !io.env.NO_COLOR }));
    }
    if (failOn === "never") return 0;
    // A file that could not be analysed may hold what --fail-on is about: not a pass.
    return findings.some((f) => atLeast(f.severity, failOn)) || result.unanalysed.length > 0
      ? 1
      : 0;
  } catch (e) {
    if (e instanceof ConfigError) {
      io.stderr(`gomemcheck: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

function loadConfig(dir: string, explicit: string | undefined): FileConfig {
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
