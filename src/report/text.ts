// The CLI's default output: one line per finding in the form Go tools use, then the evidence
// and the fix in short. Evidence never takes the `path:line:` form, so line matchers (reviewdog's
// errorformats, setup-go's problem matcher) read only the finding lines. Repository text is
// printed through plain(): no control characters, no line breaks.
import type { AnalysisError, Finding, Severity } from "../findings.ts";
import { linePath, plain } from "./escape.ts";
import { lineReplacement } from "./suggestion.ts";

const COLOURS: Record<Severity, string> = {
  error: "\x1b[31m",
  warning: "\x1b[33m",
  notice: "\x1b[36m",
};
const RESET = "\x1b[0m";
const DIM = "\x1b[2m";
const RED = "\x1b[31m";
const GREEN = "\x1b[32m";

/** Lines of a fix's short diff shown under a finding on a terminal; --diff shows all. */
export const SHORT_DIFF_LINES = 12;

export interface TextOptions {
  colour: boolean;
  /** The lines of a file with findings: when given, each fix is shown as a short diff. */
  sourceLines?: (file: string) => readonly string[] | undefined;
}

export function renderText(
  findings: Finding[],
  errors: AnalysisError[],
  options: TextOptions,
): string {
  const paint = (code: string, s: string): string => (options.colour ? `${code}${s}${RESET}` : s);
  const out: string[] = [];
  for (const f of findings) {
    out.push(
      `${linePath(f.file)}:${f.line}:${f.column}: ${paint(COLOURS[f.severity], f.severity)} ${f.rule}: ${plain(f.message)}`,
    );
    for (const e of f.evidence)
      out.push(paint(DIM, `\t  see ${plain(e.file)} line ${e.line}: ${plain(e.message)}`));
    const fix = f.fixes[0];
    if (fix) {
      const others = f.fixes.length - 1;
      const more =
        others > 0
          ? ` (+${others} other fix${others > 1 ? "es" : ""}: --diff --all-fixes shows them)`
          : "";
      out.push(`\tfix: ${plain(fix.description)}${more}`);
      const lines = options.sourceLines?.(f.file);
      const r = lines ? lineReplacement(fix, f.file, lines) : undefined;
      if (r) {
        const diff = shortDiff(r.oldLines, r.newLines).map(([op, l]) =>
          op === " " ? ` ${code(l)}` : paint(op === "-" ? RED : GREEN, `${op}${code(l)}`),
        );
        for (const l of diff.slice(0, SHORT_DIFF_LINES)) out.push(`\t  ${l}`);
        if (diff.length > SHORT_DIFF_LINES)
          out.push(
            `\t  … ${diff.length - SHORT_DIFF_LINES} more lines (--diff shows the whole fix)`,
          );
      }
    }
  }
  for (const e of errors) {
    out.push(
      `${linePath(e.file)}${e.line !== undefined ? `:${e.line}` : ""}: ${paint(COLOURS.warning, "not analysed")}: ${plain(e.message)}`,
    );
  }
  out.push(summaryLine(findings, errors));
  return out.join("\n") + "\n";
}

/** Lines compared one by one up to this many a side; past it, all old lines, then all new. */
const MAX_LCS_LINES = 400;

/**
 * The changed lines of a replacement with one line of context around each run of changes,
 * from a longest-common-subsequence alignment (the ranges are small: a few hundred lines).
 */
export function shortDiff(
  oldLines: readonly string[],
  newLines: readonly string[],
): ["-" | "+" | " ", string][] {
  const n = oldLines.length;
  const m = newLines.length;
  if (n > MAX_LCS_LINES || m > MAX_LCS_LINES)
    return [
      ...oldLines.map((l): ["-", string] => ["-", l]),
      ...newLines.map((l): ["+", string] => ["+", l]),
    ];
  // lcs[i][j]: common lines of oldLines[i..] and newLines[j..].
  const lcs = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      lcs[i]![j] =
        oldLines[i] === newLines[j]
          ? lcs[i + 1]![j + 1]! + 1
          : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const all: ["-" | "+" | " ", string][] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && oldLines[i] === newLines[j]) {
      all.push([" ", oldLines[i]!]);
      i++;
      j++;
    } else if (i < n && (j === m || lcs[i + 1]![j]! >= lcs[i]![j + 1]!))
      all.push(["-", oldLines[i++]!]);
    else all.push(["+", newLines[j++]!]);
  }
  const near = (k: number): boolean =>
    all[k]![0] !== " " ||
    all[k - 1]?.[0] === "-" ||
    all[k - 1]?.[0] === "+" ||
    all[k + 1]?.[0] === "-" ||
    all[k + 1]?.[0] === "+";
  // Kept lines, with "…" where unchanged lines are left out between them.
  const out: ["-" | "+" | " ", string][] = [];
  let last = -1;
  all.forEach((line, k) => {
    if (!near(k)) return;
    if (last !== -1 && k > last + 1) out.push([" ", "…"]);
    out.push(line);
    last = k;
  });
  return out;
}

/** A line of code in a short diff: tabs as four spaces (Go indents with tabs), the rest plain. */
function code(line: string): string {
  return plain(line.replace(/\t/g, "    "));
}

export function countBySeverity(findings: Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, notice: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

export function summaryLine(findings: Finding[], errors: AnalysisError[]): string {
  const c = countBySeverity(findings);
  const parts =
    findings.length === 0
      ? "no findings"
      : `${plural(findings.length, "finding")} (${plural(c.error, "error")}, ${plural(c.warning, "warning")}, ${plural(c.notice, "notice")})`;
  const errs = errors.length > 0 ? `; ${plural(errors.length, "input")} not analysed` : "";
  return `gomemcheck: ${parts}${errs}`;
}
