// What every runtime rule shares: the MADV_FREE explanation, the ignored-form texts, and the
// finding constructor (evidence on the finding's own line is dropped, the rest deduplicated).
import type { Evidence, Finding, Fix, RuleId, Severity } from "../../findings.ts";
import type { Span } from "../dockerfile.ts";
import type { IgnoredReason } from "../godebug.ts";

export const MADV_EXPLANATION =
  "Go 1.12–1.15 on Linux >= 4.5 releases freed heap with MADV_FREE, so RSS and cgroup usage stay at their peak after GC until the kernel is short of memory (monitors/autoscalers see a leak); Go 1.16 went back to MADV_DONTNEED";

export const IGNORED_TEXT: Record<IgnoredReason, string> = {
  space: "whitespace around the key, for example after a comma",
  case: "keys are case-sensitive",
  "space-separated":
    "settings separated by spaces instead of commas, as the legacy `ENV GODEBUG a=1 b=2` form gives",
  quotes: "literal quotes reach the value",
  "not-integer": "the value is not an integer",
};

export function finding(
  rule: RuleId,
  severity: Severity,
  file: string,
  span: Span,
  rest: { message: string; evidence: Evidence[]; fixes: Fix[] },
): Finding {
  return {
    rule,
    severity,
    file,
    line: span.line,
    column: span.column,
    endLine: span.endLine,
    endColumn: span.endColumn,
    message: rest.message,
    evidence: dedupe(
      rest.evidence.filter((e) => !(e.file === file && e.line === span.line)),
      (e) => `${e.file}:${e.line}:${e.message}`,
    ),
    fixes: rest.fixes,
  };
}

export function dedupe<T>(items: T[], key: (t: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((t) => {
    const k = key(t);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
