// The pipeline shared by the action and the CLI: sources -> analyzers -> filter.
import type { RepoFile, BuildInputs } from "./analyzers/analyzer.ts";
import {
  prefilterEnabled,
  screenGoFile,
  type GoFileResult,
  type PendingGoFile,
  type Screened,
} from "./analyze-go.ts";
import { warmLexer } from "./analyzers/defer/candidates.ts";
import type { BuildVerdict } from "./analyzers/runtime/rules.ts";
import type { FileConfig, FilterMode } from "./config.ts";
import { excludeMatcher } from "./config.ts";
import { compareErrors, compareFindings, type AnalysisError, type Finding } from "./findings.ts";
import { placeFindings, type ChangeSet, type PlacedFinding } from "./filter.ts";
import { parsedBytes, startParsePool, workerThreshold, type ParsePool } from "./parallel.ts";
import { loadGoParser, type GoParser } from "./parse/go-parser.ts";
import { addCount, addPhase, phasesEnabled } from "./phases.ts";
import { fingerprints } from "./fingerprint.ts";
import { applySuppressions } from "./suppress.ts";
import { readBytes } from "./sources/read-bytes.ts";
import {
  discover,
  readText,
  type DiscoveredFile,
  type FileKind,
  type ReadOutcome,
} from "./sources/workspace.ts";

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
  /**
   * The lines of a file that has findings (for suppressions, fingerprints, regions and
   * suggestions), as an array as long as the file; undefined for other files. Of a Go file only
   * the lines its findings cover (with the line above each) and its fixes' edits are filled.
   */
  sourceLines: (file: string) => string[] | undefined;
}

/**
 * From this many Go files on, a run warms the lexer and loads the parser before the build files:
 * below it the few milliseconds are not earned back (a one-file run may parse nothing).
 */
const WARM_MIN_GO_FILES = 64;

export async function run(options: RunOptions): Promise<RunResult> {
  const { config } = options;
  let clock = performance.now();
  const exclude = [await excludeMatcher(config.exclude)];
  const listing: { files: DiscoveredFile[]; errors: AnalysisError[]; unanalysed?: string[] } =
    options.list ? options.list() : discover(options.root, exclude);
  clock = addPhase("discovery", clock);
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
  // The folders this run's reads found to be real folders (see readRegularFile).
  const folders = new Set<string>();
  const read = options.read ?? ((file: DiscoveredFile) => readText(options.root, file, folders));
  const texts = new Map<string, string>();

  const build = emptyBuildInputs();
  const goFiles: DiscoveredFile[] = [];
  let analysed = 0;
  for (const file of listing.files) {
    if (file.kind !== "go") continue;
    build.goPaths.push(file.path);
    if (!config.tests && file.path.endsWith("_test.go")) continue;
    // In review mode only changed Go files are read: defer-in-loop looks at one file at a time.
    if (options.changes && !isChanged(options.changes, file.path)) continue;
    goFiles.push(file);
  }
  // With many Go files to screen, the lexer is warmed and the parser loads now: their compiles
  // (V8's optimising compiler, WebAssembly) run on background threads while the build files are
  // read and analysed, not while the first megabytes of Go wait.
  let finisherLoad: Promise<Finisher> | undefined;
  const loadFinisher = (): Promise<Finisher> => (finisherLoad ??= startFinisher());
  if (goFiles.length >= WARM_MIN_GO_FILES && prefilterEnabled()) {
    warmLexer();
    // If no file needs it, a failed load is no error; a file that does sees the failure.
    loadFinisher().catch(() => undefined);
  }
  for (const file of listing.files) {
    if (file.kind === "go") continue;
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
      // Run-site candidates (any YAML, files under etc/) are read on spec: a data file is no error.
      if (file.kind !== "run") {
        errors.push(outcome.error);
        if (!outcome.skipped) unanalysed.add(file.path);
      }
      continue;
    }
    analysed++;
    if (outcome.warning) errors.push(outcome.warning);
    texts.set(file.path, outcome.text);
    addBuildFile(build, file.kind, { path: file.path, text: outcome.text });
  }

  const buildStart = clock;
  let buildClock = addPhase("buildRead", clock);
  const findings: Finding[] = [];
  const today = options.today ?? new Date();
  const buildFiles = [
    ...build.goMods,
    ...build.dockerfiles,
    ...build.workflows,
    ...build.versionFiles,
    ...(build.runFiles ?? []),
  ];
  let rules: typeof import("./analyzers/runtime/rules.ts") | undefined;
  let verdicts: BuildVerdict[] | undefined;
  if (late()) {
    for (const f of buildFiles) timedOut(f.path);
    analysed -= buildFiles.length;
  } else if (buildFiles.length > 0) {
    try {
      // The container rules (with yaml and semver; dockerfile-ast when a Dockerfile needs it)
      // load only for a repository that has build or run files: without any they have nothing
      // to say.
      rules = await import("./analyzers/runtime/rules.ts");
      await rules.prepareBuilds(build);
      buildClock = addPhase("buildLoad", buildClock);
      const buildResult = rules.analyzeBuilds(build, { today });
      findings.push(...buildResult.findings);
      errors.push(...buildResult.errors);
      verdicts = buildResult.verdicts;
      for (const path of buildResult.failed ?? []) unanalysed.add(path);
      addPhase("buildAnalyse", buildClock);
    } catch (e) {
      // analyzeBuilds isolates files itself; this is the last line of defence.
      for (const f of buildFiles) failed(f.path, e);
    }
  }

  addPhase("build", buildStart);

  // Go files: byte gates and the lexer settle most of them without a parse, and what is left is
  // parsed at once, so that no text waits in memory. With enough cores, past PARALLEL_MIN_BYTES
  // of parsed text files go to worker threads as they are screened (see parallel.ts).
  const results: GoFileResult[] = new Array<GoFileResult>(goFiles.length);
  // Of a Go file with findings only the lines they and their fixes cover are kept, as the
  // results come: what is held does not grow with the size of the files that have findings.
  const goLines = new Map<string, string[]>();
  const keep = (path: string, result: GoFileResult): GoFileResult => {
    if (result.text === undefined) return settled(result);
    goLines.set(path, coveredLines(path, result.text, result.findings));
    return { ...result, text: undefined };
  };
  const threshold = workerThreshold();
  let pool: ParsePool | undefined;
  let offered = 0;
  let fromPool = 0;
  const progress = (screened: number): void =>
    options.onProgress?.(screened - offered + fromPool, goFiles.length);
  let parsed = 0;
  let finisher: Finisher | undefined;
  for (let i = 0; i < goFiles.length; i++) {
    const start = performance.now();
    const file = goFiles[i]!;
    if (late()) {
      results[i] = timedOutResult(file.path);
      continue;
    }
    let screened: Screened;
    try {
      screened = await screen(file, options, errors);
    } catch (e) {
      results[i] = failedResult(file.path, e);
      continue;
    }
    const screenedAt = addPhase("screen", start);
    if ("done" in screened) results[i] = keep(file.path, screened.done);
    else if (threshold !== undefined && parsed >= threshold && (await offer(screened.pending, i))) {
      offered++;
    } else {
      parsed += parsedBytes(screened.pending);
      finisher ??= await loadFinisher();
      results[i] = keep(file.path, finishSafely(screened.pending, finisher));
      // Parsing and examining together; the report takes the parse out of it.
      addPhase("examine", screenedAt);
    }
    progress(i + 1);
  }
  /** To the workers, unless they are behind even after their answers so far came in. */
  async function offer(pending: PendingGoFile, at: number): Promise<boolean> {
    pool ??= startParsePool({
      ...(options.deadline !== undefined ? { deadline: options.deadline } : {}),
      onProgress: (done) => {
        fromPool = done;
      },
    });
    if (pool.offer(pending, at)) return true;
    // Workers' answers are events: this loop lets them in only when it yields.
    await new Promise<void>((resolve) => setImmediate(resolve));
    return pool.offer(pending, at);
  }
  if (pool) {
    const start = performance.now();
    const done = await pool.finish();
    for (const [at, result] of done.results) results[at] = keep(goFiles[at]!.path, result);
    addCount("workerFiles", done.results.size);
    for (const at of done.late) results[at] = timedOutResult(goFiles[at]!.path);
    for (const { file, at } of done.failed) {
      // A batch whose worker died is analysed here, unless time is up.
      if (late()) results[at] = timedOutResult(file.path);
      else {
        finisher ??= await loadFinisher();
        results[at] = keep(file.path, finishSafely(file, finisher));
      }
    }
    progress(goFiles.length);
    addPhase("examine", start);
  }

  for (let i = 0; i < goFiles.length; i++) {
    const file = goFiles[i]!;
    const result = results[i]!;
    if (result.failed) unanalysed.add(file.path);
    if (!result.unread) analysed++;
    findings.push(...result.findings);
    errors.push(...result.errors);
  }

  // Build and run files whole, split once; Go files as kept above.
  const split = new Map<string, string[]>();
  const sourceLines = (file: string): string[] | undefined => {
    const go = goLines.get(file);
    if (go) return go;
    let lines = split.get(file);
    const text = texts.get(file);
    if (!lines && text !== undefined) split.set(file, (lines = text.split("\n")));
    return lines;
  };
  const configured = applyRuleSettings(
    verdicts && rules ? rules.settleSetTooLate(findings, verdicts) : findings,
    config,
  );
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

/** A Go file that could not be read; unless skipped by policy (too large), not analysed. */
function unreadResult(error: AnalysisError, skipped: boolean | undefined): GoFileResult {
  return { findings: [], errors: [error], unread: true, ...(skipped ? {} : { failed: true }) };
}

/** A Go file the deadline left unread. */
function timedOutResult(path: string): GoFileResult {
  return {
    findings: [],
    errors: [{ file: path, message: "the run's time limit was reached first" }],
    unread: true,
    failed: true,
  };
}

/** A Go file whose reading or analysis threw: its own error entry, the run goes on. */
function failedResult(path: string, e: unknown): GoFileResult {
  return {
    findings: [],
    errors: [{ file: path, message: `analysis failed: ${failureText(e)}` }],
    unread: true,
    failed: true,
  };
}

/** finishGoFile with the failure kept to its file. */
function finishSafely(pending: PendingGoFile, finisher: Finisher): GoFileResult {
  try {
    return finisher.finish(pending, finisher.parser);
  } catch (e) {
    return { ...failedResult(pending.path, e), unread: false };
  }
}

/** Reads one Go file (bytes from disk, or text from options.read) and screens it. */
async function screen(
  file: DiscoveredFile,
  options: RunOptions,
  errors: AnalysisError[],
): Promise<Screened> {
  if (options.read) {
    const outcome = await options.read(file);
    if (!outcome.ok) return { done: unreadResult(outcome.error, outcome.skipped) };
    if (outcome.warning) errors.push(outcome.warning);
    return screenGoFile(file.path, Buffer.from(outcome.text, "utf8"));
  }
  const outcome = readBytes(options.root, file);
  if (!outcome.ok) return { done: unreadResult(outcome.error, outcome.skipped) };
  return screenGoFile(file.path, outcome.bytes);
}

/** The result of a file with nothing to say, shared: a repository's worth of them is not kept. */
const NOTHING: GoFileResult = Object.freeze({
  findings: Object.freeze([]) as unknown as Finding[],
  errors: Object.freeze([]) as unknown as AnalysisError[],
});

function settled(result: GoFileResult): GoFileResult {
  const empty =
    result.findings.length === 0 &&
    result.errors.length === 0 &&
    !result.unread &&
    !result.failed &&
    result.text === undefined;
  return empty ? NOTHING : result;
}

/**
 * A Go file's lines, as long as the file, with only these filled: each finding's first and last
 * line and the line above it (a suppression comment), and every line an edit of its fixes spans
 * in this file. Kept lines are copied, so that the file's text is not held through them.
 */
export function coveredLines(path: string, text: string, findings: readonly Finding[]): string[] {
  const all = text.split("\n");
  const out = new Array<string>(all.length);
  const cover = (from: number, to: number): void => {
    for (let n = Math.max(1, from); n <= Math.min(to, all.length); n++) {
      if (out[n - 1] === undefined) out[n - 1] = Buffer.from(all[n - 1]!, "utf8").toString("utf8");
    }
  };
  for (const f of findings) {
    cover(f.line - 1, f.line);
    cover(f.endLine, f.endLine);
    for (const fix of f.fixes)
      for (const e of fix.edits) if (e.file === path) cover(e.startLine, e.endLine);
  }
  return out;
}

/** The parser and the second stage of a Go file's analysis, loaded when a file needs them. */
interface Finisher {
  parser: GoParser;
  finish: (pending: PendingGoFile, parser: GoParser) => GoFileResult;
}

async function startFinisher(): Promise<Finisher> {
  const [parser, { finishGoFile }] = await Promise.all([loadGoParser(), import("./finish-go.ts")]);
  return { parser: timed(parser), finish: finishGoFile };
}

/** The parser, its time counted apart from the examination (bench's phase breakdown). */
function timed(parser: GoParser): GoParser {
  if (!phasesEnabled()) return parser;
  return {
    parse(text, cut) {
      const start = performance.now();
      const tree = parser.parse(text, cut);
      addPhase("parse", start);
      return tree;
    },
  };
}

export function emptyBuildInputs(): BuildInputs & { runFiles: RepoFile[]; goPaths: string[] } {
  return {
    goMods: [],
    dockerfiles: [],
    workflows: [],
    versionFiles: [],
    runFiles: [],
    goPaths: [],
  };
}

/** Files a build setting comes from, sorted by kind (a Go file gives only its path). */
export function addBuildFile(build: BuildInputs, kind: FileKind, file: RepoFile): void {
  if (kind === "go") build.goPaths?.push(file.path);
  else if (kind === "gomod") build.goMods.push(file);
  else if (kind === "dockerfile") build.dockerfiles.push(file);
  else if (kind === "workflow") build.workflows.push(file);
  else if (kind === "run") build.runFiles?.push(file);
  else build.versionFiles.push(file);
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
