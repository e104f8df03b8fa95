// The analysis of one Go file, shared by the main thread and the worker threads. Two stages:
// screenGoFile runs byte gates and the lexical pre-filter on the bytes (most files end there,
// never decoded); finishGoFile (finish-go.ts, loaded with the parser) parses what is left.
import { isUtf8 } from "node:buffer";
import type { RepoFile } from "./analyzers/analyzer.ts";
import {
  analyzeGoDebugDirective,
  mayHaveGoDebugDirective,
} from "./analyzers/runtime/godebug-invalid.ts";
import { analyzeGoDebugSetenv, mayHaveGoDebugSetenv } from "./analyzers/runtime/run/go-setenv.ts";
import { findDeferCandidates, mayHaveDeferInLoop } from "./analyzers/defer/candidates.ts";
import type { AnalysisError, Finding } from "./findings.ts";
import { decodeText } from "./sources/workspace.ts";

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

/** A file the pre-filter could not settle: its text goes to the parser. */
export interface PendingGoFile {
  path: string;
  text: string;
  /** Function bodies left out of the parse, [start, end) offsets in `text`. */
  cut: [number, number][];
  /**
   * Offsets in `text` of the defers the lexer marked (ascending): every defer the parser finds
   * in a loop is among them, so only the declarations holding one are examined. Absent (the
   * pre-filter is off, the bytes are not clean UTF-8): the parsed tree is searched.
   */
  candidates?: number[];
  findings: Finding[];
  errors: AnalysisError[];
}

export type Screened = { done: GoFileResult } | { pending: PendingGoFile };

/** GOMEMCHECK_PREFILTER=off parses every file that mentions `defer` (CI compares the two). */
export function prefilterEnabled(): boolean {
  return process.env.GOMEMCHECK_PREFILTER !== "off";
}

const DEFER = Buffer.from("defer");
const GO_DEBUG = Buffer.from("//go:debug");
const SETENV = Buffer.from("Setenv");

/**
 * Gates on the bytes, then the lexer: a file naming none of `defer`, `//go:debug`, `Setenv` is
 * done undecoded; one whose defers all sit outside loops is done unparsed.
 */
export function screenGoFile(
  path: string,
  bytes: Uint8Array,
  prefilter = prefilterEnabled(),
): Screened {
  const buffer = Buffer.isBuffer(bytes)
    ? bytes
    : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const findings: Finding[] = [];
  const errors: AnalysisError[] = [];
  // NUL and invalid UTF-8 take the slow path: decodeText reports them with their line.
  const clean = buffer.indexOf(0) === -1 && isUtf8(buffer);
  let text: string | undefined;
  if (!clean) {
    const outcome = decodeText(path, buffer);
    if (!outcome.ok) return { done: { findings, errors: [outcome.error], unread: true } };
    if (outcome.warning) errors.push(outcome.warning);
    text = outcome.text;
  }
  const hasDefer = buffer.indexOf(DEFER) !== -1;
  const hasGoDebug = buffer.indexOf(GO_DEBUG) !== -1;
  const hasSetenv = buffer.indexOf(SETENV) !== -1;
  if (!hasDefer && !hasGoDebug && !hasSetenv) return { done: { findings, errors } };
  // Decoded only when something reads the text: most files with `defer` are settled on bytes.
  const file = (): RepoFile => ({ path, text: (text ??= buffer.toString("utf8")) });
  if (hasGoDebug && mayHaveGoDebugDirective(file().text)) {
    const r = analyzeGoDebugDirective(file());
    findings.push(...r.findings);
    errors.push(...r.errors);
  }
  if (hasSetenv && mayHaveGoDebugSetenv(file().text))
    findings.push(...analyzeGoDebugSetenv(file()).findings);
  const done = (): Screened => ({
    done: findings.length > 0 ? { findings, errors, text: file().text } : { findings, errors },
  });
  if (!hasDefer) return done();
  if (!prefilter || !clean) {
    const { text: all } = file();
    if (!mayHaveDeferInLoop(all)) return done();
    return { pending: { path, text: all, cut: [], findings, errors } };
  }
  const candidates = findDeferCandidates(buffer);
  // An anomaly parses the whole file: a defer may hide where the lexer lost its way.
  if (candidates.defers.length === 0 && !candidates.anomaly) return done();
  const { text: all } = file();
  const ascii = all.length === buffer.length;
  const cut = ascii ? candidates.cuttable : toStringOffsets(buffer, candidates.cuttable);
  const marked = ascii
    ? candidates.defers
    : toStringOffsets(
        buffer,
        candidates.defers.map((at): [number, number] => [at, at]),
      ).map(([at]) => at);
  return { pending: { path, text: all, cut, candidates: marked, findings, errors } };
}

/** Byte offsets (ascending) as offsets in the decoded string: UTF-16 code units. */
function toStringOffsets(bytes: Uint8Array, ranges: [number, number][]): [number, number][] {
  const out: [number, number][] = [];
  let units = 0;
  let at = 0;
  const advance = (to: number): number => {
    for (; at < to; at++) {
      const b = bytes[at]!;
      // A lead byte starts a character; four-byte characters take two code units.
      if ((b & 0xc0) !== 0x80) units += b >= 0xf0 ? 2 : 1;
    }
    return units;
  };
  for (const [start, end] of ranges) out.push([advance(start), advance(end)]);
  return out;
}
