// The GitHub Action: maps the event to a mode, runs the pipeline, and reports.
// Inputs are read once, through the getInput passed in, so tests need no module mocks.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, isAbsolute, relative, resolve, sep } from "node:path";
import {
  ConfigError,
  DEFAULT_FILE_CONFIG,
  FAIL_ON_VALUES,
  FILTER_MODES,
  minutes,
  parseChoice,
  parseConfigFile,
  type FailOn,
  type FileConfig,
  type FilterMode,
} from "./config.ts";
import { atLeast, type AnalysisError, type Finding } from "./findings.ts";
import { reported, type PlacedFinding } from "./filter.ts";
import { finishCheckRun, startCheckRun, type CheckRunHandle } from "./github/check-run.ts";
import { capText, createClient, type GitHubClient } from "./github/client.ts";
import type { Logger } from "./github/logger.ts";
import { runName } from "./github/markers.ts";
import { readPullRequest, reviewPullRequest, ReviewUnavailable } from "./github/review.ts";
import { annotate } from "./report/annotations.ts";
import { md } from "./report/escape.ts";
import { blobLink } from "./report/links.ts";
import { renderMarkdown } from "./report/markdown.ts";
import { renderSarif } from "./report/sarif.ts";
import { run, type RunResult } from "./run.ts";
import { loadBaseConfig } from "./github/base-config.ts";
import { readRegularFile } from "./sources/repo-files.ts";
import { errorText } from "./sources/workspace.ts";

export interface ActionInputs {
  githubToken: string;
  failOn: FailOn;
  filterMode: FilterMode;
  postReview: boolean;
  workingDirectory: string;
  config: string;
  sarifFile: string;
  /** The run's name (input `name`); empty for the default, which depends on working-directory. */
  name: string;
  /** Minutes after which the run stops analysing and publishes what it has; 0: no limit. */
  timeoutMinutes: number;
}

export type Mode = "review" | "audit";

export function readInputs(getInput: (name: string) => string): ActionInputs {
  const bool = (name: string, fallback: boolean): boolean => {
    const v = getInput(name).trim().toLowerCase();
    if (v === "") return fallback;
    if (["true", "yes", "1", "on"].includes(v)) return true;
    if (["false", "no", "0", "off"].includes(v)) return false;
    throw new ConfigError(`input ${name} must be true or false; got "${v}"`);
  };
  return {
    githubToken: getInput("github-token"),
    failOn: parseChoice<FailOn>("input fail-on", getInput("fail-on") || "error", FAIL_ON_VALUES),
    filterMode: parseChoice<FilterMode>(
      "input filter-mode",
      getInput("filter-mode") || "added",
      FILTER_MODES,
    ),
    postReview: bool("post-review", true),
    workingDirectory: getInput("working-directory") || ".",
    config: getInput("config") || ".gomemcheck.yml",
    sarifFile: getInput("sarif-file") || "gomemcheck.sarif",
    name: getInput("name"),
    timeoutMinutes: minutes("input timeout-minutes", getInput("timeout-minutes")),
  };
}

export function modeFor(eventName: string | undefined): { mode: Mode; notice?: string } {
  if (eventName === "pull_request" || eventName === "pull_request_target")
    return { mode: "review" };
  if (eventName === "workflow_dispatch" || eventName === "schedule" || eventName === "push")
    return { mode: "audit" };
  return {
    mode: "audit",
    notice: `gomemcheck: event "${eventName ?? "(none)"}" is not a pull request; auditing the whole working directory.`,
  };
}

export interface ActionDeps {
  getInput: (name: string) => string;
  env: NodeJS.ProcessEnv;
  log: Logger;
  today?: Date;
}

export interface ActionOutcome {
  findings: Finding[];
  errors: AnalysisError[];
  failed: boolean;
}

/** Loads the configuration file named by the input, relative to the working directory. */
export async function loadActionConfig(
  root: string,
  name: string,
  explicit: boolean,
): Promise<FileConfig> {
  const path = resolve(root, name);
  const inside = toPosix(relative(root, path));
  let text: string;
  if (!isAbsolute(inside) && !inside.startsWith("../") && inside !== "..") {
    // Inside the analysed directory the file is the repository's: never read through a symlink.
    const r = readRegularFile(root, inside);
    if (!r.ok) {
      if (r.code === "ENOENT" && !explicit) return DEFAULT_FILE_CONFIG;
      throw new ConfigError(`${name}: cannot read the configuration file: ${r.reason}`);
    }
    text = r.bytes.toString("utf8");
  } else {
    try {
      text = readFileSync(path, "utf8");
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT" && !explicit) return DEFAULT_FILE_CONFIG;
      throw new ConfigError(`${name}: cannot read the configuration file: ${errorText(e)}`);
    }
  }
  return parseConfigFile(name, text);
}

export async function runAction(deps: ActionDeps): Promise<ActionOutcome> {
  const { env, log } = deps;
  const inputs = readInputs(deps.getInput);
  // The token is never printed. (The runner masks it already; an ::add-mask:: line would itself
  // carry the value into the raw output stream.)
  const workspace = env.GITHUB_WORKSPACE ?? process.cwd();
  const root = resolve(workspace, inputs.workingDirectory);
  // Annotations and review comments use repository-relative paths.
  const prefix = toPosix(relative(workspace, root));
  const repoPath = (file: string): string => (prefix === "" ? file : `${prefix}/${file}`);
  const started = Date.now();
  const deadline = inputs.timeoutMinutes > 0 ? started + inputs.timeoutMinutes * 60_000 : undefined;
  const { mode, notice } = modeFor(env.GITHUB_EVENT_NAME);
  if (notice) log.notice(notice);

  let result: RunResult;
  const notes: string[] = [];
  // Two gomemcheck steps on one pull request each keep to their own name (see markers.ts).
  const name = runName(inputs.name, prefix);
  const retryBaseMs = positive(env.GOMEMCHECK_RETRY_BASE_MS) ?? 1000;
  const client = inputs.githubToken
    ? createClient({
        token: inputs.githubToken,
        baseUrl: env.GITHUB_API_URL ?? "https://api.github.com",
        log,
        // Per-request timeout; GitHub answers in well under this, a hung connection does not.
        timeoutMs: positive(env.GOMEMCHECK_API_TIMEOUT_MS) ?? 30_000,
        retryBaseMs,
      })
    : undefined;
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? "").split("/");
  let headSha = env.GITHUB_SHA;
  // The runner passes action.yml's default when the input is not set: only another name must exist.
  const explicitConfig = inputs.config !== ".gomemcheck.yml";
  const pr = mode === "review" ? readPullRequest(env) : undefined;
  if (pr) {
    headSha = pr.headSha;
    if (!client) {
      throw new ConfigError(
        "input github-token is empty: review mode needs a token that can read the pull request",
      );
    }
  }
  let check: CheckRunHandle | undefined;
  if (client && headSha && owner && repo) {
    const started = await startCheckRun({ client, owner, repo, headSha, name, retryBaseMs });
    check = started.run;
    if (started.note) {
      log.info(`gomemcheck: ${capText(started.note)}`);
      notes.push(started.note);
    }
  }
  let finished = false;
  try {
    let config: FileConfig;
    if (pr && client) {
      // The pull request must not configure its own check (`exclude: ["**"]` would pass it):
      // the configuration is read at the base commit, from git objects, never through a symlink.
      const base = await loadBaseConfig({
        root,
        workspace,
        name: inputs.config,
        explicit: explicitConfig,
        baseSha: pr.baseSha,
        client,
        owner: pr.owner,
        repo: pr.repo,
      });
      config = base.config;
      if (base.note) {
        log.warning(`gomemcheck: ${base.note}`);
        notes.push(base.note);
      }
      const self = await identity(client, inputs.githubToken, check);
      const review = await reviewOrExplain({
        inputs,
        env,
        log,
        root,
        prefix,
        config,
        client,
        pr,
        publish: { name, self, retryBaseMs },
        ...(deps.today ? { today: deps.today } : {}),
        ...(deadline !== undefined ? { deadline } : {}),
      });
      result = review.result;
      notes.push(...review.notes);
    } else {
      config = await loadActionConfig(root, inputs.config, explicitConfig);
      result = await run({
        root,
        config,
        filterMode: "nofilter",
        ...(deps.today ? { today: deps.today } : {}),
        ...(deadline !== undefined ? { deadline } : {}),
      });
      // Not a failure: an organisation-wide audit may include repositories without Go.
      if (result.filesAnalysed === 0 && result.errors.length === 0)
        log.notice(
          `gomemcheck: nothing to analyse in ${inputs.workingDirectory}: no Go files, go.mod, Dockerfiles or workflows`,
        );
    }
    // "(…)" names a group of files, not a path.
    const unanalysed = result.unanalysed.map((f) => (f.startsWith("(") ? f : repoPath(f)));
    if (deadline !== undefined && Date.now() > deadline)
      notes.push(
        `The run's time limit (timeout-minutes: ${inputs.timeoutMinutes}) was reached: files it did not finish are listed under errors as not analysed.`,
      );

    // Everything the user sees uses repository-relative paths.
    const placed: PlacedFinding[] = result.placed.map((p) => ({
      ...p,
      finding: rebase(p.finding, repoPath),
    }));
    const errors = result.errors.map((e) => ({ ...e, file: repoPath(e.file) }));
    if (mode === "audit") {
      const sarifPath = isAbsolute(inputs.sarifFile)
        ? inputs.sarifFile
        : resolve(workspace, inputs.sarifFile);
      const sourceLines = result.sourceLines;
      const lines = (file: string) =>
        sourceLines(prefix === "" ? file : file.slice(prefix.length + 1));
      try {
        mkdirSync(dirname(sarifPath), { recursive: true });
        writeFileSync(sarifPath, renderSarif(placed, errors, lines));
        log.setOutput("sarif-file", sarifPath);
      } catch (e) {
        log.warning(
          `gomemcheck: could not write the SARIF file ${inputs.sarifFile}: ${errorText(e)}`,
        );
      }
    }
    const findings = reported(placed).map((p) => p.finding);
    const failOn = inputs.failOn;
    const failing = failOn === "never" ? [] : findings.filter((f) => atLeast(f.severity, failOn));
    // A file that could not be analysed may hold what fail-on is about: never report success then.
    const unfinished = failOn === "never" ? [] : unanalysed;
    const failed = failing.length > 0 || unfinished.length > 0;
    if (unfinished.length > 0)
      notes.push(
        `${unfinished.length} file${unfinished.length === 1 ? "" : "s"} could not be analysed (see errors), so the check cannot pass: ${unfinished.slice(0, 10).join(", ")}${unfinished.length > 10 ? ", …" : ""}.`,
      );
    annotate(findings, errors, log);
    const linkFor = blobLink(env, headSha);
    const summaryOptions = {
      title: `${md(name)} ${mode === "review" ? "review" : "audit"}`,
      maxRows: 500,
      ...(linkFor ? { linkFor } : {}),
    };
    if (client && check && owner && repo) {
      const note = await finishCheckRun({
        client,
        owner,
        repo,
        run: check,
        findings,
        errors,
        conclusion: failed ? "failure" : "success",
        summary: renderMarkdown(findings, errors, { ...summaryOptions, notes }),
      });
      finished = true;
      if (note) {
        log.info(`gomemcheck: ${capText(note)}`);
        notes.push(note);
      }
    }
    await log.summary(jobSummary(findings, errors, { ...summaryOptions, notes }));
    log.setOutput("findings", String(findings.length));
    log.setOutput("errors", String(errors.length));
    if (failing.length > 0) {
      log.setFailed(
        `gomemcheck: ${failing.length} finding${failing.length === 1 ? "" : "s"} at or above "${failOn}"`,
      );
    } else if (unfinished.length > 0) {
      log.setFailed(
        `gomemcheck: ${unfinished.length} file${unfinished.length === 1 ? "" : "s"} could not be analysed; see the errors`,
      );
    }
    return { findings, errors, failed };
  } finally {
    // A check run that exists is completed, also when the run stops on an error.
    if (client && check && owner && repo && !finished) {
      const note = await finishCheckRun({
        client,
        owner,
        repo,
        run: check,
        findings: [],
        errors: [],
        conclusion: "failure",
        summary: `### ${name}: not finished\n\nThe run stopped before it finished; see the job log.`,
      });
      if (note) log.info(`gomemcheck: ${capText(note)}`);
    }
  }
}

/** GitHub's limit on a step's job summary (bytes); a little is kept for other steps' text. */
export const MAX_JOB_SUMMARY = 1024 * 1024 - 16 * 1024;

/** The job summary with as many rows as fit under GitHub's 1 MiB limit; the rest are counted. */
function jobSummary(
  findings: Finding[],
  errors: AnalysisError[],
  options: Parameters<typeof renderMarkdown>[2] & {},
): string {
  for (const maxRows of [options.maxRows ?? 500, 200, 50, 10, 0]) {
    const text = renderMarkdown(findings, errors, { ...options, maxRows });
    if (Buffer.byteLength(text) <= MAX_JOB_SUMMARY) return text;
  }
  return `### ${options.title ?? "gomemcheck"}: ${findings.length} findings, ${errors.length} inputs not analysed\n\nToo many to list in the job summary.\n`;
}

/**
 * The login this action posts as, so that only its own comments are trusted: the App that
 * created the check run; else the GITHUB_TOKEN's bot for an installation token (GET /user is
 * not open to those); else the token's user. Undefined when none of these can be had.
 */
async function identity(
  client: GitHubClient,
  token: string,
  check: CheckRunHandle | undefined,
): Promise<string | undefined> {
  if (check?.appLogin) return check.appLogin;
  if (/^(ghs_|v1\.)/.test(token)) return "github-actions[bot]";
  try {
    return (await client.rest.users.getAuthenticated()).data.login;
  } catch {
    return undefined;
  }
}

/** A review whose diff cannot be had becomes a failed step that says why, with a job summary. */
async function reviewOrExplain(
  args: Parameters<typeof reviewPullRequest>[0],
): Promise<Awaited<ReturnType<typeof reviewPullRequest>>> {
  try {
    return await reviewPullRequest(args);
  } catch (e) {
    if (!(e instanceof ReviewUnavailable)) throw e;
    await args.log.summary(`### gomemcheck review: not done

${e.message}
`);
    throw new ConfigError(e.message);
  }
}

function rebase(f: Finding, repoPath: (file: string) => string): Finding {
  return {
    ...f,
    file: repoPath(f.file),
    evidence: f.evidence.map((e) => ({ ...e, file: repoPath(e.file) })),
    fixes: f.fixes.map((x) => ({
      ...x,
      edits: x.edits.map((e) => ({ ...e, file: repoPath(e.file) })),
    })),
  };
}

function positive(text: string | undefined): number | undefined {
  const n = Number(text);
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

function toPosix(path: string): string {
  return path.split(sep).join("/");
}
