// --format codeclimate: GitLab's Code Quality report (the subset of the Code Climate issue format
// GitLab reads), for `artifacts: reports: codequality:`. Fingerprints are the ones the review
// uses (rule, path and the flagged code, never the line), so an issue keeps its identity across
// pushes and GitLab tells new issues from old ones.
import { createHash } from "node:crypto";
import { docsUrl, type AnalysisError, type Severity } from "../findings.ts";
import type { PlacedFinding } from "../filter.ts";

const SEVERITY: Record<Severity, "critical" | "major" | "info"> = {
  error: "critical",
  warning: "major",
  notice: "info",
};

export function renderCodeClimate(placed: PlacedFinding[], errors: AnalysisError[]): string {
  const issues: object[] = placed.map(({ finding: f, fingerprint }) => ({
    type: "issue",
    check_name: f.rule,
    description: f.message,
    content: {
      body: [
        ...f.evidence.map((e) => `- ${e.file}:${e.line}: ${e.message}`),
        ...(f.fixes[0] ? [`Fix: ${f.fixes[0].description}`] : []),
        `Docs: ${docsUrl(f.rule)}`,
      ].join("\n"),
    },
    categories: ["Bug Risk"],
    fingerprint,
    severity: SEVERITY[f.severity],
    location: {
      path: f.file,
      positions: {
        begin: { line: f.line, column: f.column },
        end: { line: f.endLine, column: f.endColumn },
      },
    },
  }));
  for (const e of errors) {
    issues.push({
      type: "issue",
      check_name: "not-analysed",
      description: `not analysed: ${e.message}`,
      categories: ["Bug Risk"],
      fingerprint: createHash("sha256")
        .update(`not-analysed\0${e.file}\0${e.message}`)
        .digest("hex")
        .slice(0, 20),
      severity: "minor",
      location: { path: e.file, lines: { begin: e.line ?? 1 } },
    });
  }
  return JSON.stringify(issues, null, 2) + "\n";
}
