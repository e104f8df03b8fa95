// Workflow-command annotations. GitHub shows at most 10 errors, 10 warnings and 10 notices per
// step, so the most severe go first and a notice counts the rest.
import {
  SEVERITY_RANK,
  compareFindings,
  type AnalysisError,
  type Finding,
  type Severity,
} from "../findings.ts";
import type { Logger } from "../github/logger.ts";

export const ANNOTATIONS_PER_LEVEL = 10;

export function annotate(findings: Finding[], errors: AnalysisError[], log: Logger): void {
  const sorted = [...findings].sort(
    (a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || compareFindings(a, b),
  );
  const used: Record<Severity, number> = { error: 0, warning: 0, notice: 0 };
  let hidden = 0;
  for (const f of sorted) {
    // Reserve the last notice slot for the "more" notice.
    const cap = f.severity === "notice" ? ANNOTATIONS_PER_LEVEL - 1 : ANNOTATIONS_PER_LEVEL;
    if (used[f.severity] >= cap) {
      hidden++;
      continue;
    }
    used[f.severity]++;
    const fix = f.fixes[0] ? ` Fix: ${f.fixes[0].description}.` : "";
    log.annotation(f.severity, `${f.message}${fix}`, {
      title: `gomemcheck ${f.rule}`,
      file: f.file,
      startLine: f.line,
      endLine: f.endLine,
      ...(f.line === f.endLine ? { startColumn: f.column, endColumn: f.endColumn } : {}),
    });
  }
  for (const e of errors) {
    if (used.warning >= ANNOTATIONS_PER_LEVEL) {
      hidden++;
      continue;
    }
    used.warning++;
    log.annotation("warning", `not analysed: ${e.message}`, {
      title: "gomemcheck",
      file: e.file,
      ...(e.line !== undefined ? { startLine: e.line } : {}),
    });
  }
  if (hidden > 0) {
    log.annotation(
      "notice",
      `${hidden} more finding${hidden === 1 ? "" : "s"} or error${hidden === 1 ? "" : "s"} not shown as annotations (GitHub shows 10 per level); see the job summary.`,
      { title: "gomemcheck" },
    );
  }
}
