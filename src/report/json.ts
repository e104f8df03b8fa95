// The CLI's --format json: exactly the finding model, one document.
import type { AnalysisError, Finding } from "../findings.ts";

export function renderJson(findings: Finding[], errors: AnalysisError[]): string {
  const doc = {
    version: 1,
    findings: findings.map((f) => ({
      rule: f.rule,
      severity: f.severity,
      file: f.file,
      line: f.line,
      column: f.column,
      endLine: f.endLine,
      endColumn: f.endColumn,
      message: f.message,
      evidence: f.evidence.map((e) => ({ file: e.file, line: e.line, message: e.message })),
      fixes: f.fixes.map((x) => ({
        description: x.description,
        edits: x.edits.map((e) => ({
          file: e.file,
          startLine: e.startLine,
          startColumn: e.startColumn,
          endLine: e.endLine,
          endColumn: e.endColumn,
          text: e.text,
        })),
        ...(x.safe !== undefined ? { safe: x.safe } : {}),
      })),
      ...(f.group !== undefined ? { group: f.group } : {}),
    })),
    errors: errors.map((e) =>
      e.line !== undefined
        ? { file: e.file, line: e.line, message: e.message }
        : { file: e.file, message: e.message },
    ),
  };
  return JSON.stringify(doc, null, 2) + "\n";
}
