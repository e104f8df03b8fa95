// Turns a Fix into what a review comment shows: a one-click ```suggestion when its edits replace
// one range of lines inside the hunk, otherwise a ```diff block.
import type { Edit, Fix } from "../findings.ts";
import { fenceFor, mdCode } from "./escape.ts";

export interface LineReplacement {
  /** First and last (1-based, inclusive) original lines replaced. */
  startLine: number;
  endLine: number;
  oldLines: string[];
  newLines: string[];
}

/** Byte column (1-based, UTF-8) to a UTF-16 index within a line. */
export function indexOfByteColumn(line: string, column: number): number {
  let bytes = 0;
  let i = 0;
  while (i < line.length && bytes < column - 1) {
    const code = line.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4;
      i += 2;
    } else {
      bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : 3;
      i++;
    }
  }
  return i;
}

/**
 * Applies a fix's edits (all in one file) to the lines they touch and returns the whole-line
 * replacement, or undefined when the edits span several files or reach past the end of the file.
 * lines are the file's lines without terminators.
 */
export function lineReplacement(
  fix: Fix,
  file: string,
  lines: readonly string[],
): LineReplacement | undefined {
  const edits = fix.edits;
  if (edits.length === 0 || edits.some((e) => e.file !== file)) return undefined;
  const sorted = [...edits].sort(
    (a, b) => a.startLine - b.startLine || a.startColumn - b.startColumn,
  );
  const first = sorted[0]!;
  const last = sorted.reduce(
    (m, e) =>
      e.endLine > m.endLine || (e.endLine === m.endLine && e.endColumn > m.endColumn) ? e : m,
    first,
  );
  const startLine = first.startLine;
  // An edit ending at column 1 of a later line ends with the previous line's terminator.
  let endLine = last.endLine;
  const endsAtLineStart = last.endColumn === 1 && last.endLine > last.startLine;
  if (endsAtLineStart) endLine -= 1;
  if (startLine < 1 || endLine > lines.length || endLine < startLine) {
    // Pure insertion at the start of a line: replace that line with the insertion plus itself.
    if (!(startLine === endLine + 1 && startLine <= lines.length)) return undefined;
    endLine = startLine;
  }
  const oldLines = lines.slice(startLine - 1, endLine);
  // Rebuild the text of the range with every edit applied, then split into lines.
  let text = "";
  let cursorLine = startLine;
  let cursorIndex = 0;
  const lineAt = (n: number): string => lines[n - 1] ?? "";
  const advanceTo = (line: number, column: number): void => {
    while (cursorLine < line) {
      text += lineAt(cursorLine).slice(cursorIndex) + "\n";
      cursorLine++;
      cursorIndex = 0;
    }
    const index = indexOfByteColumn(lineAt(line), column);
    text += lineAt(line).slice(cursorIndex, index);
    cursorIndex = index;
  };
  for (const e of sorted) {
    if (
      e.startLine < cursorLine ||
      (e.startLine === cursorLine &&
        indexOfByteColumn(lineAt(e.startLine), e.startColumn) < cursorIndex)
    ) {
      return undefined; // overlapping edits
    }
    advanceTo(e.startLine, e.startColumn);
    text += e.text.replace(/\r\n/g, "\n");
    cursorLine = e.endLine;
    cursorIndex = indexOfByteColumn(lineAt(e.endLine), e.endColumn);
    if (e.endLine > lines.length) cursorIndex = 0;
  }
  while (cursorLine <= endLine) {
    text += lineAt(cursorLine).slice(cursorIndex) + (cursorLine < endLine ? "\n" : "");
    cursorLine++;
    cursorIndex = 0;
  }
  let replaced = oldLines;
  if (endsAtLineStart) {
    // The text stands for whole lines with their terminators: "" deletes them, "x\n" is one line.
    // Without a final newline it runs into the next line, which then belongs to the range.
    if (text === "") return { startLine, endLine, oldLines: strip(oldLines), newLines: [] };
    if (text.endsWith("\n")) text = text.slice(0, -1);
    else if (last.endLine <= lines.length) {
      text += lineAt(last.endLine);
      endLine = last.endLine;
      replaced = lines.slice(startLine - 1, endLine);
    }
  }
  const newLines = strip(text.split("\n"));
  return { startLine, endLine, oldLines: strip(replaced), newLines };
}

function strip(lines: readonly string[]): string[] {
  return lines.map((l) => l.replace(/\r$/, ""));
}

/** An empty block deletes the lines; one with a blank line would replace them by it. */
export function suggestionBlock(r: LineReplacement): string {
  const body = r.newLines.join("\n");
  const fence = fenceFor(body);
  return r.newLines.length === 0
    ? `${fence}suggestion\n${fence}`
    : `${fence}suggestion\n${body}\n${fence}`;
}

export function diffBlock(r: LineReplacement): string {
  const body = [...r.oldLines.map((l) => `-${l}`), ...r.newLines.map((l) => `+${l}`)].join("\n");
  const fence = fenceFor(body);
  return `${fence}diff\n${body}\n${fence}`;
}

/** A fix that touches several files or ranges, as a list of edits. */
export function editsList(edits: Edit[]): string {
  return edits
    .map((e) => {
      const fence = fenceFor(e.text);
      return `${mdCode(`${e.file}:${e.startLine}:${e.startColumn}-${e.endLine}:${e.endColumn}`)}\n${fence}\n${e.text.replace(/\n$/, "")}\n${fence}`;
    })
    .join("\n");
}
