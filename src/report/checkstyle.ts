// --format checkstyle: Checkstyle's XML report, read by Jenkins' warnings plugin, reviewdog
// (-f=checkstyle) and most CI dashboards. One <file> per path, sorted; attribute text escaped,
// and characters XML 1.0 forbids (most control characters) replaced.
import type { AnalysisError, Finding, Severity } from "../findings.ts";

const SEVERITY: Record<Severity, string> = { error: "error", warning: "warning", notice: "info" };

export function renderCheckstyle(findings: Finding[], errors: AnalysisError[]): string {
  const byFile = new Map<string, string[]>();
  const add = (file: string, entry: string): void => {
    byFile.set(file, [...(byFile.get(file) ?? []), entry]);
  };
  for (const f of findings) {
    const fix = f.fixes[0] ? ` Fix: ${f.fixes[0].description}` : "";
    add(
      f.file,
      `<error line="${f.line}" column="${f.column}" severity="${SEVERITY[f.severity]}" message="${attr(f.message + fix)}" source="gomemcheck.${attr(f.rule)}"/>`,
    );
  }
  for (const e of errors) {
    add(
      e.file,
      `<error${e.line !== undefined ? ` line="${e.line}"` : ""} severity="warning" message="${attr(`not analysed: ${e.message}`)}" source="gomemcheck.not-analysed"/>`,
    );
  }
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', '<checkstyle version="4.3">'];
  for (const [file, entries] of [...byFile].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    out.push(`  <file name="${attr(file)}">`, ...entries.map((e) => `    ${e}`), "  </file>");
  }
  out.push("</checkstyle>");
  return out.join("\n") + "\n";
}

const NAMED: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };

/** Text for a double-quoted XML attribute; line breaks kept as character references. */
export function attr(text: string): string {
  return text
    .replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]/g, "\ufffd")
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\ufffd")
    .replace(/[&<>"\n\r\t\x7f-\x9f\u2028\u2029]/g, (c) => NAMED[c] ?? `&#${c.charCodeAt(0)};`);
}
