// The analysis of one Go file, shared by the main thread and the worker threads.
import type { RepoFile } from "./analyzers/analyzer.ts";
import { analyzeGoDebugDirective, mayHaveGoDebugDirective } from "./analyzers/runtime/rules.ts";
import { analyzeDeferInLoop, mayHaveDeferInLoop } from "./analyzers/defer/defer-in-loop.ts";
import type { AnalysisError, Finding } from "./findings.ts";
import type { GoParser } from "./parse/go-parser.ts";

export interface GoFileResult {
  findings: Finding[];
  errors: AnalysisError[];
  /** The text, kept only when there are findings (suppression comments, suggestions). */
  text?: string;
  /** The file could not be read (binary, too large, unreadable): errors say why. */
  unread?: boolean;
  /** The file should have been analysed and was not (unreadable, the analysis failed). */
  failed?: boolean;
}

/** Files that cannot hold a finding are not parsed: most Go files never mention `defer`. */
export function analyzeGoFile(
  file: RepoFile,
  parser: () => Promise<GoParser>,
): Promise<GoFileResult> | GoFileResult {
  const findings: Finding[] = [];
  const errors: AnalysisError[] = [];
  if (mayHaveGoDebugDirective(file.text)) {
    const r = analyzeGoDebugDirective(file);
    findings.push(...r.findings);
    errors.push(...r.errors);
  }
  const done = (): GoFileResult =>
    findings.length > 0 ? { findings, errors, text: file.text } : { findings, errors };
  if (!mayHaveDeferInLoop(file.text)) return done();
  return parser().then((p) => {
    const r = analyzeDeferInLoop(file, p);
    findings.push(...r.findings);
    errors.push(...r.errors);
    return done();
  });
}
