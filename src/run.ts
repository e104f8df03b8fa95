// The pipeline shared by the action and the CLI: sources -> analyzers -> filter.
import type { RepoFile, BuildInputs } from "./analyzers/analyzer.ts";
import {
  finishGoFile,
  screenGoFile,
  type GoFileResult,
  type PendingGoFile,
  type Screened,
} from "./analyze-go.ts";
import { analyzeBuilds, settleSetTooLate } from "./analyzers/runtime/rules.ts";
import type { FileConfig, FilterMode } from "./config.ts";
import { excludeMatcher } from "./config.ts";
import { compareErrors, compareFindings, type AnalysisError, type Finding } from "./findings.ts";
import { placeFindings, type ChangeSet, type PlacedFinding } from "./filter.ts";
import { analyzeInWorkers, PARALLEL_MIN_BYTES, parsedBytes, workersAvailable } from "./parallel.ts";
import { loadGoParser, type GoParser } from "./parse/go-parser.ts";
import { addPhase, phasesEnabled } from "./phases.ts";
import { fingerprints } from "./fingerprint.ts";
import { applySuppressions } from "./suppress.ts";
import { readBytes } from "./sources/read-bytes.ts";
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
  list?: () => { files: DiscoveredFile[]; errors: AnalysisError[] };
}

export interface RunResult {
  /** Every finding after configuration and suppression, sorted. */
  findings: Finding[];
  /** The same findings, labelled by the diff filter. */
  placed: PlacedFinding[];
  errors: AnalysisError[];
  /** Files read and analysed. */
  filesAnalysed: number;
  /** The lines of a file that has findings (for suggestions); undefined for other files. */
  sourceLines: (file: string) => string[] | undefined;
}

export async function run(options: RunOptions): Promise<RunResult> {
  const { config } = options;
  let clock = performance.now();
  const exclude = [excludeMatcher(config.exclude)];
  const listing = options.list ? options.list() : discover(options.root, exclude);
  clock = addPhase("discovery", clock);
  const errors: AnalysisError[] = [...listing.errors];
  const read = options.read ?? ((file: DiscoveredFile) => readText(options.root, file));
  const texts = new Map<string, string>();

  const build: BuildInputs = {
    goMods: [],
    dockerfiles: [],
    workflows: [],
    versionFiles: [],
    runFiles: [],
    goPaths: [],
  };
  const goFiles: DiscoveredFile[] = [];
  let analysed = 0;
  for (const file of listing.files) {
    if (file.kind === "go") {
      build.goPaths?.push(file.path);
      if (!config.tests && file.path.endsWith("_test.go")) continue;
      // In review mode only changed Go files are read: defer-in-loop looks at one file at a time.
      if (options.changes && !isChanged(options.changes, file.path)) continue;
      goFiles.push(file);
      continue;
    }
    const outcome = await read(file);
    if (!outcome.ok) {
      // Run-site candidates (any YAML, files under etc/) are read on spec: a data file is no error.
      if (file.kind !== "run") errors.push(outcome.error);
      continue;
    }
    analysed++;
    if (outcome.warning) errors.push(outcome.warning);
    texts.set(file.path, outcome.text);
    const repoFile: RepoFile = { path: file.path, text: outcome.text };
    if (file.kind === "gomod") build.goMods.push(repoFile);
    else if (file.kind === "dockerfile") build.dockerfiles.push(repoFile);
    else if (file.kind === "workflow") build.workflows.push(repoFile);
    else if (file.kind === "run") build.runFiles?.push(repoFile);
    else build.versionFiles.push(repoFile);
  }

  const findings: Finding[] = [];
  const today = options.today ?? new Date();
  const buildResult = analyzeBuilds(build, { today });
  findings.push(...buildResult.findings);
  errors.push(...buildResult.errors);

  addPhase("build", clock);

  // Go files in one thread: byte gates and the lexer settle most of them without a parse, and
  // what is left is parsed at once, so that no text waits in memory. Past PARALLEL_MIN_BYTES of
  // parsed text the rest goes to workers: only then does their start-up pay.
  const results: GoFileResult[] = new Array<GoFileResult>(goFiles.length);
  const forWorkers: PendingGoFile[] = [];
  const forWorkersAt: number[] = [];
  const workers = workersAvailable();
  let parsed = 0;
  let parser: GoParser | undefined;
  for (let i = 0; i < goFiles.length; i++) {
    const start = performance.now();
    const screened = await screen(goFiles[i]!, options, errors);
    const screenedAt = addPhase("screen", start);
    if ("done" in screened) results[i] = screened.done;
    else if (workers && parsed >= PARALLEL_MIN_BYTES) {
      forWorkers.push(screened.pending);
      forWorkersAt.push(i);
    } else {
      parsed += parsedBytes(screened.pending);
      parser ??= timed(await loadGoParser());
      results[i] = finishGoFile(screened.pending, parser);
      // Parsing and examining together; the report takes the parse out of it.
      addPhase("examine", screenedAt);
    }
    options.onProgress?.(i + 1 - forWorkers.length, goFiles.length);
  }
  if (forWorkers.length > 0) {
    const start = performance.now();
    const settled = goFiles.length - forWorkers.length;
    const fromWorkers = await analyzeInWorkers(forWorkers, (done) =>
      options.onProgress?.(settled + done, goFiles.length),
    );
    for (let k = 0; k < forWorkers.length; k++) {
      let result = fromWorkers[k];
      if (!result) {
        // A batch whose worker died is analysed here.
        parser ??= timed(await loadGoParser());
        result = finishGoFile(forWorkers[k]!, parser);
      }
      results[forWorkersAt[k]!] = result;
    }
    addPhase("examine", start);
  }

  for (let i = 0; i < goFiles.length; i++) {
    const file = goFiles[i]!;
    const result = results[i]!;
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
  const configured = applyRuleSettings(settleSetTooLate(findings, buildResult.verdicts), config);
  const kept = applySuppressions(configured, sourceLines).sort(compareFindings);
  errors.sort(compareErrors);
  const lineOf = (file: string, line: number): string | undefined => sourceLines(file)?.[line - 1];
  return {
    findings: kept,
    placed: placeFindings(kept, fingerprints(kept, lineOf), options.changes, options.filterMode),
    errors,
    filesAnalysed: analysed,
    sourceLines,
  };
}

/** Reads one Go file (bytes from disk, or text from options.read) and screens it. */
async function screen(
  file: DiscoveredFile,
  options: RunOptions,
  errors: AnalysisError[],
): Promise<Screened> {
  if (options.read) {
    const outcome = await options.read(file);
    if (!outcome.ok) return { done: { findings: [], errors: [outcome.error], unread: true } };
    if (outcome.warning) errors.push(outcome.warning);
    return screenGoFile(file.path, Buffer.from(outcome.text, "utf8"));
  }
  const outcome = readBytes(options.root, file);
  if (!outcome.ok) return { done: { findings: [], errors: [outcome.error], unread: true } };
  return screenGoFile(file.path, outcome.bytes);
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
