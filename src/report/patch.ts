// Fixes as text: which fixes go together (never two overlapping edits in one file), the file
// they produce, and that change as a git-style unified diff that `git apply` and `patch -p1` take.
import type { Edit, Finding, Fix } from "../findings.ts";
import { indexOfByteColumn } from "./suggestion.ts";
import { LineIndex } from "../parse/positions.ts";

/** A replacement of old[start, end) (UTF-16 offsets) by text. */
interface Change {
  start: number;
  end: number;
  text: string;
}

export interface ChosenFix {
  finding: Finding;
  fix: Fix;
}

export interface SkippedFix extends ChosenFix {
  /** Why it is not part of the plan, one clause: "overlaps the fix for x.go:12". */
  reason: string;
}

export interface FixPlan {
  chosen: ChosenFix[];
  skipped: SkippedFix[];
  /** The chosen edits by file, in no particular order. */
  editsByFile: Map<string, Edit[]>;
}

/**
 * Takes each finding's preferred fix in finding order, skipping a fix that `refuse` turns down
 * (it returns the reason) or that overlaps an edit already taken: a later fix never changes text
 * an earlier one rewrote, so the plan's edits apply together.
 */
export function planFixes(
  findings: readonly Finding[],
  refuse: (fix: Fix) => string | undefined = () => undefined,
): FixPlan {
  const plan: FixPlan = { chosen: [], skipped: [], editsByFile: new Map() };
  const owner = new Map<Edit, Finding>();
  for (const finding of findings) {
    const fix = finding.fixes[0];
    if (!fix || fix.edits.length === 0) continue;
    const refused = refuse(fix);
    if (refused !== undefined) {
      plan.skipped.push({ finding, fix, reason: refused });
      continue;
    }
    let clash: Edit | undefined;
    for (let i = 0; i < fix.edits.length && !clash; i++) {
      const e = fix.edits[i]!;
      clash = (plan.editsByFile.get(e.file) ?? []).find((t) => overlaps(e, t));
      clash ??= fix.edits.slice(0, i).find((t) => t.file === e.file && overlaps(e, t));
    }
    if (clash) {
      const other = owner.get(clash);
      const reason = other
        ? `overlaps the fix for ${other.file}:${other.line} (${other.rule}), applied first`
        : "its own edits overlap";
      plan.skipped.push({ finding, fix, reason });
      continue;
    }
    plan.chosen.push({ finding, fix });
    for (const e of fix.edits) {
      owner.set(e, finding);
      const list = plan.editsByFile.get(e.file) ?? [];
      list.push(e);
      plan.editsByFile.set(e.file, list);
    }
  }
  return plan;
}

function before(l1: number, c1: number, l2: number, c2: number): boolean {
  return l1 < l2 || (l1 === l2 && c1 < c2);
}

/** Ranges sharing any character, or two insertions at one point (their order would be a guess). */
function overlaps(a: Edit, b: Edit): boolean {
  const aEmpty = a.startLine === a.endLine && a.startColumn === a.endColumn;
  const bEmpty = b.startLine === b.endLine && b.startColumn === b.endColumn;
  if (aEmpty && bEmpty) return a.startLine === b.startLine && a.startColumn === b.startColumn;
  return (
    before(a.startLine, a.startColumn, b.endLine, b.endColumn) &&
    before(b.startLine, b.startColumn, a.endLine, a.endColumn)
  );
}

/** Offsets where each line starts; a text ending in "\n" has an empty last line. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
}

/** The edits (all of one file) as offset changes, sorted; CRLF files get CRLF in new text. */
function toChanges(text: string, edits: readonly Edit[]): Change[] {
  const starts = lineStarts(text);
  const crlf = /\r\n/.test(text.slice(0, (starts[1] ?? text.length) + 1));
  const offset = (line: number, column: number): number => {
    if (line > starts.length) return text.length;
    const start = starts[line - 1]!;
    const end = line < starts.length ? starts[line]! : text.length;
    return start + indexOfByteColumn(text.slice(start, end), column);
  };
  return edits
    .map((e) => ({
      start: offset(e.startLine, e.startColumn),
      end: offset(e.endLine, e.endColumn),
      text: crlf ? e.text.replace(/\r?\n/g, "\r\n") : e.text,
    }))
    .sort((a, b) => a.start - b.start || a.end - b.end);
}

function applyChanges(text: string, changes: readonly Change[], base = 0): string {
  let out = "";
  let at = base;
  for (const c of changes) {
    out += text.slice(at - base, c.start - base) + c.text;
    at = c.end;
  }
  return out + text.slice(at - base);
}

/** The file's text with the edits applied (line endings kept; columns count UTF-8 bytes). */
export function applyFileEdits(text: string, edits: readonly Edit[]): string {
  return applyChanges(text, toChanges(text, edits));
}

interface Block {
  /** Old lines [from, to), 0-based. */
  from: number;
  to: number;
  changes: Change[];
}

const CONTEXT = 3;

/**
 * A git-style unified diff (`diff --git a/P b/P`, three lines of context) of the edits to one
 * file, or "" when they change nothing. `\ No newline at end of file` where git prints it.
 */
export function unifiedDiff(path: string, text: string, edits: readonly Edit[]): string {
  const changes = toChanges(text, edits).filter((c) => c.start !== c.end || c.text !== "");
  const starts = lineStarts(text);
  const lineCount = text === "" ? 0 : text.endsWith("\n") ? starts.length - 1 : starts.length;
  const startOf = (line: number): number => (line < starts.length ? starts[line]! : text.length);
  const lines = new LineIndex(text);
  const lineAt = (offset: number): number => lines.row(offset);
  // Whole-line blocks around the changes; changes sharing a line share a block.
  const blocks: Block[] = [];
  for (const c of changes) {
    const from = lineAt(c.start);
    const endLine = lineAt(c.end);
    // Ending where a line starts (after whole lines, or inserting whole lines) leaves it alone.
    const atLineStart = starts[endLine] === c.end && (c.end > c.start || c.text.endsWith("\n"));
    const to = atLineStart ? Math.max(endLine, from) : endLine + 1;
    const last = blocks.at(-1);
    if (last && from < last.to) {
      last.to = Math.max(last.to, to);
      last.changes.push(c);
    } else blocks.push({ from, to, changes: [c] });
  }
  // A block whose new text no longer ends a line takes in the next line, as git would show it.
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i]!;
    for (;;) {
      const oldText = text.slice(startOf(b.from), startOf(b.to));
      const newText = applyChanges(oldText, b.changes, startOf(b.from));
      if (newText === "" || newText.endsWith("\n") || b.to >= lineCount) break;
      b.to++;
    }
    const next = blocks[i + 1];
    if (next && next.from < b.to) {
      b.to = Math.max(b.to, next.to);
      b.changes.push(...next.changes);
      blocks.splice(i + 1, 1);
      i--;
    }
  }
  // A block whose edits give back its own text changes nothing: no hunk.
  for (let i = blocks.length - 1; i >= 0; i--) {
    const b = blocks[i]!;
    const oldText = text.slice(startOf(b.from), startOf(b.to));
    if (applyChanges(oldText, b.changes, startOf(b.from)) === oldText) blocks.splice(i, 1);
  }
  const oldNoEol = text !== "" && !text.endsWith("\n");
  const split = (s: string): string[] =>
    s === "" ? [] : (s.endsWith("\n") ? s.slice(0, -1) : s).split("\n");
  const NO_EOL = "\\ No newline at end of file";

  const out: string[] = [];
  let delta = 0;
  for (let i = 0; i < blocks.length;) {
    let j = i;
    while (j + 1 < blocks.length && blocks[j + 1]!.from - blocks[j]!.to <= 2 * CONTEXT) j++;
    const oldFrom = Math.max(0, blocks[i]!.from - CONTEXT);
    const oldTo = Math.min(lineCount, blocks[j]!.to + CONTEXT);
    const body: string[] = [];
    let newCount = 0;
    const context = (from: number, to: number): void => {
      for (let l = from; l < to; l++) {
        body.push(" " + split(text.slice(startOf(l), startOf(l + 1)))[0]!);
        if (l === lineCount - 1 && oldNoEol) body.push(NO_EOL);
        newCount++;
      }
    };
    let hunkDelta = 0;
    context(oldFrom, blocks[i]!.from);
    for (let k = i; k <= j; k++) {
      const b = blocks[k]!;
      if (k > i) context(blocks[k - 1]!.to, b.from);
      const oldText = text.slice(startOf(b.from), startOf(b.to));
      const newText = applyChanges(oldText, b.changes, startOf(b.from));
      const oldLines = split(oldText);
      const newLines = split(newText);
      oldLines.forEach((l, n) => {
        body.push("-" + l);
        if (n === oldLines.length - 1 && !oldText.endsWith("\n") && oldText !== "")
          body.push(NO_EOL);
      });
      newLines.forEach((l, n) => {
        body.push("+" + l);
        if (n === newLines.length - 1 && !newText.endsWith("\n") && newText !== "")
          body.push(NO_EOL);
      });
      newCount += newLines.length;
      hunkDelta += newLines.length - oldLines.length;
    }
    context(blocks[j]!.to, oldTo);
    const oldCount = oldTo - oldFrom;
    const newFrom = oldFrom + delta;
    if (oldCount !== 0 || newCount !== 0)
      out.push(`@@ -${range(oldFrom, oldCount)} +${range(newFrom, newCount)} @@`, ...body);
    delta += hunkDelta;
    i = j + 1;
  }
  if (out.length === 0) return "";
  const a = quotePath(`a/${path}`);
  const b = quotePath(`b/${path}`);
  return [`diff --git ${a} ${b}`, `--- ${a}`, `+++ ${b}`, ...out].join("\n") + "\n";
}

/** "start,count" of a hunk side: an empty side names the line before it. */
function range(from: number, count: number): string {
  return count === 0 ? `${from},0` : count === 1 ? `${from + 1}` : `${from + 1},${count}`;
}

/** Git's C-style quoting for a path with a quote, backslash or control character. */
export function quotePath(path: string): string {
  if (!/["\\\x00-\x1f\x7f]/.test(path)) return path;
  const named: Record<string, string> = { "\n": "\\n", "\t": "\\t", '"': '\\"', "\\": "\\\\" };
  const body = path.replace(
    /["\\\x00-\x1f\x7f]/g,
    (c) => named[c] ?? `\\${c.charCodeAt(0).toString(8).padStart(3, "0")}`,
  );
  return `"${body}"`;
}
