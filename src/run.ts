// The pipeline shared by the action and the CLI: sources -> analyzers -> filter.
import type { RepoFile, BuildInputs } from "./analyzers/analyzer.ts";
import { analyzeGoFile, type GoFileResult } from "./analyze-go.ts";
import { analyzeBuilds } from "./analyzers/runtime/rules.ts";
import type { FileConfig, FilterMode } from "./config.ts";
import { globToRegExp } from "./config.ts";
import { compareErrors, compareFindings, type AnalysisError, type Finding } from "./findings.ts";
import { placeFindings, type ChangeSet, type PlacedFinding } from "./filter.ts";
import { analyzeInWorkers, PARALLEL_MIN_FILES, workersAvailable } from "./parallel.ts";
import { loadGoParser } from "./parse/go-parser.ts";
import { fingerprints } from "./fingerprint.ts";
import { applySuppressions } from "./suppress.ts";
import { discover, readText, type DiscoveredFile, type ReadOutcome } from "./sources/workspace.ts";

export interface RunOptions {
  /** Absolute path of the directory to analyse. */
  root: string;
  config: FileConfig;
  filterMode: FilterMode;
  /** The change under review; undefined for a whole-repository audit. */
  changes?: ChangeSet;
  today?: Date;
  /** Called as Go files are analysed (CLI progress on a terminal). */
  onProgress?: (done: number, total: number) => void;
  /** Reads a discovered file; defaults to the disk under root. */
  read?: (file: DiscoveredFile) => ReadOutcome | Promise<ReadOutcome>;
  /** Lists the files; defaults to discovery under root. */
  list?: () => { files: DiscoveredFile[]; errors: AnalysisError[]; unanalysed?: string[] };
  /** Time (ms since the epoch) after which no further file is analysed; the rest is named. */
  deadline?: number;
}

export interface RunResult {
  /** Every finding after configuration and suppression, sorted. */
  findings: Finding[];
  /** The same findings, labelled by the diff filter. */
  placed: PlacedFinding[];
  errors: AnalysisError[];
  /** Files read and analysed. */
  filesAnalysed: number;
  /**
   * Files that should have been analysed but were not (unreadable, a fetch failed, the analyzer
   * failed, the deadline passed), sorted. A run with any must not report success. Files skipped
   * by policy (binary, over the size limit, excluded) are not listed.
   */
  unanalysed: string[];
  /** The lines of a file that has findings (for suggestions); undefined for other files. */
  sourceLines: (file: string) => string[] | undefined;
}

export async function run(options: RunOptions): Promise<RunResult> {
  const { config } = options;
  const exclude = config.exclude.map(globToRegExp);
  const listing: { files: DiscoveredFile[]; errors: AnalysisError[]; unanalysed?: string[] } =
    options.list ? options.list() : discover(options.root, exclude);
  const errors: AnalysisError[] = [...listing.errors];
  const unanalysed = new Set<string>(listing.unanalysed ?? []);
  const late = (): boolean => options.deadline !== undefined && Date.now() > options.deadline;
  const timedOut = (path: string): void => {
    unanalysed.add(path);
    errors.push({ file: path, message: "the run's time limit was reached first" });
  };
  const failed = (path: string, e: unknown): void => {
    unanalysed.add(path);
    errors.push({ file: path, message: `analysis failed: ${failureText(e)}` });
  };
  const read = options.read ?? ((file: DiscoveredFile) => readText(options.root, file));
  const texts = new Map<string, string>();

  const build: BuildInputs = { goMods: [], dockerfiles: [], workflows: [], versionFiles: [] };
  const goFiles: DiscoveredFile[] = [];
  let analysed = 0;
  for (const file of listing.files) {
    if (file.kind === "go") {
      if (!config.tests && file.path.endsWith("_test.go")) continue;
      // In review mode only changed Go files are read: defer-in-loop looks at one file at a time.
      if (options.changes && !isChanged(options.changes, file.path)) continue;
      goFiles.push(file);
      continue;
    }
    if (late()) {
      timedOut(file.path);
      continue;
    }
    let outcome: ReadOutcome;
    try {
      outcome = await read(file);
    } catch (e) {
      failed(file.path, e);
      continue;
    }
    if (!outcome.ok) {
      errors.push(outcome.error);
      if (!outcome.skipped) unanalysed.add(file.path);
      continue;
    }
    analysed++;
    if (outcome.warning) errors.push(outcome.warning);
    texts.set(file.path, outcome.text);
    const repoFile: RepoFile = { path: file.path, text: outcome.text };
    if (file.kind === "gomod") build.goMods.push(repoFile);
    else if (file.kind === "dockerfile") build.dockerfiles.push(repoFile);
    else if (file.kind === "workflow") build.workflows.push(repoFile);
    else build.versionFiles.push(repoFile);
  }

  const findings: Finding[] = [];
  const today = options.today ?? new Date();
  const buildFiles = [
    ...build.goMods,
    ...build.dockerfiles,
    ...build.workflows,
    ...build.versionFiles,
  ];
  if (late()) {
    for (const f of buildFiles) timedOut(f.path);
    analysed -= buildFiles.length;
  } else {
    try {
      const buildResult = analyzeBuilds(build, { today });
      findings.push(...buildResult.findings);
      errors.push(...buildResult.errors);
      for (const path of buildResult.failed ?? []) unanalysed.add(path);
    } catch (e) {
      // analyzeBuilds isolates files itself; this is the last line of defence.
      for (const f of buildFiles) failed(f.path, e);
    }
  }

  const useWorkers = !options.read && goFiles.length >= PARALLEL_MIN_FILES && workersAvailable();
  const fromWorkers = useWorkers
    ? await analyzeInWorkers(options.root, goFiles, options.onProgress, options.deadline)
    : [];
  for (let i = 0; i < goFiles.length; i++) {
    const file = goFiles[i]!;
    let result: GoFileResult | undefined = fromWorkers[i];
    if (!result) {
      if (late()) {
        timedOut(file.path);
        continue;
      }
      try {
        const outcome = await read(file);
        result = outcome.ok
          ? await analyzeGoFile({ path: file.path, text: outcome.text }, loadGoParser)
          : {
              findings: [],
              errors: [outcome.error],
              unread: true,
              ...(outcome.skipped ? {} : { failed: true }),
            };
        if (outcome.ok && outcome.warning) result.errors.unshift(outcome.warning);
      } catch (e) {
        failed(file.path, e);
        continue;
      }
      if (!useWorkers) options.onProgress?.(i + 1, goFiles.length);
    }
    if (result.failed) unanalysed.add(file.path);
    if (!result.unread) analysed++;
    findings.push(...result.findings);
    errors.push(...result.errors);
    // Only the texts of files with findings are kept, for suppression comments and suggestions.
    if (result.text !== undefined) texts.set(file.path, result.text);
  }

  // Files with findings, split once: for suppression comments, fingerprints and suggestions.
  const split = new Map<string, string[]>();
  const sourceLines = (file: string): string[] | undefined => {
    let lines = split.get(file);
    const text = texts.get(file);
    if (!lines && text !== undefined) split.set(file, (lines = text.split("\n")));
    return lines;
  };
  const configured = applyRuleSettings(findings, config);
  const kept = applySuppressions(configured, sourceLines).sort(compareFindings);
  errors.sort(compareErrors);
  const shownErrors = capErrors(errors);
  const lineOf = (file: string, line: number): string | undefined => sourceLines(file)?.[line - 1];
  return {
    findings: kept,
    placed: placeFindings(kept, fingerprints(kept, lineOf), options.changes, options.filterMode),
    errors: shownErrors,
    filesAnalysed: analysed,
    unanalysed: [...unanalysed].sort(),
    sourceLines,
  };
}

function isChanged(changes: ChangeSet, path: string): boolean {
  const diff = changes.get(path);
  return diff !== undefined && diff.status !== "removed";
}

/** Drops disabled rules and applies severity overrides from the configuration. */
export function applyRuleSettings(findings: Finding[], config: FileConfig): Finding[] {
  const out: Finding[] = [];
  for (const f of findings) {
    const settings = config.rules[f.rule];
    if (settings && !settings.enabled) continue;
    out.push(settings?.severity ? { ...f, severity: settings.severity } : f);
  }
  return out;
}

/** Error entries kept per file; the rest become one "N more" entry. */
export const MAX_ERRORS_PER_FILE = 20;
/** Longest error message kept. */
const MAX_MESSAGE_CHARS = 500;

/**
 * At most MAX_ERRORS_PER_FILE entries per file (sorted input), each message one line of at most
 * MAX_MESSAGE_CHARS without control characters: a hostile file cannot flood or inject the output.
 */
export function capErrors(errors: AnalysisError[]): AnalysisError[] {
  const out: AnalysisError[] = [];
  for (let i = 0; i < errors.length;) {
    let j = i;
    while (j < errors.length && errors[j]!.file === errors[i]!.file) j++;
    for (let k = i; k < Math.min(j, i + MAX_ERRORS_PER_FILE); k++) {
      const e = errors[k]!;
      out.push({ ...e, message: oneLine(e.message) });
    }
    if (j - i > MAX_ERRORS_PER_FILE) {
      const more = j - i - MAX_ERRORS_PER_FILE;
      out.push({
        file: errors[i]!.file,
        message: `${more} more error${more === 1 ? "" : "s"} in this file not shown`,
      });
    }
    i = j;
  }
  return out;
}

function oneLine(message: string): string {
  const flat = message.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, " ");
  return flat.length > MAX_MESSAGE_CHARS ? `${flat.slice(0, MAX_MESSAGE_CHARS)}…` : flat;
}

/** An exception as a short line: its message, never a stack or the file's text. */
function failureText(e: unknown): string {
  const text =
    e instanceof RangeError && /call stack/i.test(e.message)
      ? "too deeply nested (call stack exceeded)"
      : e instanceof Error
        ? e.message
        : String(e);
  return oneLine(text).slice(0, 200);
}
