// --format rdjson: reviewdog's Diagnostic Format (one DiagnosticResult document), for
// `reviewdog -f=rdjson`. Positions are 1-based with columns in UTF-8 bytes, as ours are; a
// range's end is exclusive. The preferred fix comes first, as the diagnostic's suggestion.
import { docsUrl, type AnalysisError, type Finding, type Severity } from "../findings.ts";

const SEVERITY: Record<Severity, "ERROR" | "WARNING" | "INFO"> = {
  error: "ERROR",
  warning: "WARNING",
  notice: "INFO",
};

const SOURCE = { name: "gomemcheck", url: "https://github.com/gomemcheck/gomemcheck" };

export function renderRdjson(findings: Finding[], errors: AnalysisError[]): string {
  const diagnostics: object[] = findings.map((f) => {
    const fix = f.fixes[0];
    // reviewdog applies suggestions to the diagnostic's own file only.
    const suggestions =
      fix && fix.edits.length > 0 && fix.edits.every((e) => e.file === f.file)
        ? fix.edits.map((e) => ({
            range: {
              start: { line: e.startLine, column: e.startColumn },
              end: { line: e.endLine, column: e.endColumn },
            },
            text: e.text,
          }))
        : undefined;
    return {
      message: f.message,
      location: {
        path: f.file,
        range: {
          start: { line: f.line, column: f.column },
          end: { line: f.endLine, column: f.endColumn },
        },
      },
      severity: SEVERITY[f.severity],
      source: SOURCE,
      code: { value: f.rule, url: docsUrl(f.rule) },
      ...(suggestions ? { suggestions } : {}),
      ...(f.evidence.length > 0
        ? {
            related_locations: f.evidence.map((e) => ({
              message: e.message,
              location: { path: e.file, range: { start: { line: e.line } } },
            })),
          }
        : {}),
    };
  });
  // Inputs that could not be analysed are diagnostics too, so a reviewer sees them.
  for (const e of errors) {
    diagnostics.push({
      message: `not analysed: ${e.message}`,
      location: {
        path: e.file,
        range: { start: { line: e.line ?? 1, column: 1 }, end: { line: e.line ?? 1, column: 1 } },
      },
      severity: "WARNING",
      source: SOURCE,
      code: { value: "not-analysed", url: SOURCE.url },
    });
  }
  return JSON.stringify({ source: SOURCE, diagnostics }, null, 2) + "\n";
}
