// The CLI's default output: one line per finding in the form Go tools use, then the fix in short.
import type { AnalysisError, Finding, Severity } from "../findings.ts";

const COLOURS: Record<Severity, string> = {
  error: "\x1b[31m",
  warning: "\x1b[33m",
  notice: "\x1b[36m",
};
const RESET = "\x1b[0m";
const DIM = "\x1b[2m";

export interface TextOptions {
  colour: boolean;
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
      `${f.file}:${f.line}:${f.column}: ${paint(COLOURS[f.severity], f.severity)} ${f.rule}: ${f.message}`,
    );
    for (const e of f.evidence) out.push(paint(DIM, `\t${e.file}:${e.line}: ${e.message}`));
    const fix = f.fixes[0];
    if (fix) {
      const more =
        f.fixes.length > 1
          ? ` (+${f.fixes.length - 1} other fix${f.fixes.length > 2 ? "es" : ""})`
          : "";
      out.push(`\tfix: ${fix.description}${more}`);
    }
  }
  for (const e of errors) {
    out.push(
      `${e.file}${e.line !== undefined ? `:${e.line}` : ""}: ${paint(COLOURS.warning, "not analysed")}: ${e.message}`,
    );
  }
  out.push(summaryLine(findings, errors));
  return out.join("\n") + "\n";
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
