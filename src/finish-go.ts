// The second stage of a Go file's analysis: parse what screening left and run defer-in-loop. A
// module of its own so that runs which parse nothing never load the rule or tree-sitter.
import type { RepoFile } from "./analyzers/analyzer.ts";
import { analyzeDeferInLoop } from "./analyzers/defer/defer-in-loop.ts";
import type { GoFileResult, PendingGoFile } from "./analyze-go.ts";
import type { GoParser } from "./parse/go-parser.ts";

/** Parses a pending file and runs defer-in-loop on the parts kept. */
export function finishGoFile(pending: PendingGoFile, parser: GoParser): GoFileResult {
  const { findings, errors, text, cut } = pending;
  const file: RepoFile = { path: pending.path, text };
  const ranged: GoParser =
    cut.length > 0 ? { parse: (t) => parser.parse(t, t === text ? cut : undefined) } : parser;
  const r = analyzeDeferInLoop(file, ranged, pending.candidates);
  findings.push(...r.findings);
  errors.push(...r.errors);
  return findings.length > 0 ? { findings, errors, text } : { findings, errors };
}
