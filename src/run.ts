// The pipeline shared by the action and the CLI: sources -> analyzers -> filter.
import type { RepoFile, BuildInputs } from "./analyzers/analyzer.ts";
import { analyzeGoFile, type GoFileResult } from "./analyze-go.ts";
import { analyzeBuilds, settleSetTooLate } from "./analyzers/runtime/rules.ts";
import type { FileConfig, FilterMode } from "./config.ts";
import { excludeMatcher } from "./config.ts";
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
  const exclude = [excludeMatcher(config.exclude)];
  const listing = options.list ? options.list() : discover(options.root, exclude);
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

  const useWorkers = !options.read && goFiles.length >= PARALLEL_MIN_FILES && workersAvailable();
  const fromWorkers = useWorkers
    ? await analyzeInWorkers(options.root, goFiles, options.onProgress)
    : [];
  for (let i = 0; i < goFiles.length; i++) {
    const file = goFiles[i]!;
    let result: GoFileResult | undefined = fromWorkers[i];
    if (!result) {
      const outcome = await read(file);
      result = outcome.ok
        ? await analyzeGoFile({ path: file.path, text: outcome.text }, loadGoParser)
        : { findings: [], errors: [outcome.error], unread: true };
      if (outcome.ok && outcome.warning) result.errors.unshift(outcome.warning);
      if (!useWorkers) options.onProgress?.(i + 1, goFiles.length);
    }
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
