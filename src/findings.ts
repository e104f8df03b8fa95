// The finding model shared by every analyzer and reporter, and the rule catalogue.

export type Severity = "error" | "warning" | "notice";

export const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, notice: 1 };

export type RuleId =
  | "defer-in-loop"
  | "madv-free-build"
  | "godebug-madvdontneed-off"
  | "godebug-not-at-runtime"
  | "godebug-ignored"
  | "gomod-godebug-invalid"
  | "godebug-overridden"
  | "godebug-set-too-late"
  | "go-unsupported";

/** A text replacement. Lines and columns are 1-based; columns count UTF-8 bytes; end is exclusive. */
export interface Edit {
  file: string;
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
  text: string;
}

export interface Fix {
  /** A verb phrase: "Wrap the loop body in a function literal". */
  description: string;
  edits: Edit[];
  /**
   * true: proven to keep the program's meaning except for when the cleanup runs: a one-click
   * suggestion, applied by --fix. false: shown as a diff; the description says what to check.
   * Unset: a suggestion where it fits, but never applied by --fix.
   */
  safe?: boolean;
}

/** Another place that supports a finding: the loop line of a defer, the go.mod line, the FROM line. */
export interface Evidence {
  file: string;
  line: number;
  message: string;
}

export interface Finding {
  rule: RuleId;
  severity: Severity;
  /** Repository-relative, forward slashes. */
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** One sentence that says what happens at run time. */
  message: string;
  evidence: Evidence[];
  fixes: Fix[];
  /** Findings of one problem (the defers of one loop) share a key: one review comment for them. */
  group?: string;
}

/** An input that could not be analysed (fully). The run goes on with the other files. */
export interface AnalysisError {
  file: string;
  line?: number;
  message: string;
}

export interface AnalysisResult {
  findings: Finding[];
  errors: AnalysisError[];
}

export interface RuleInfo {
  id: RuleId;
  defaultSeverity: Severity;
  /** One line, shown in SARIF's shortDescription and the README's rule table. */
  description: string;
  /** Where the rule applies. */
  scope: string;
  /**
   * What a change must touch for the finding to belong to it in filter-mode added/diff_context:
   * "line" (its own lines or evidence lines), or "file" (any line of its file or evidence files):
   * a build setting is a property of the whole Dockerfile, so deleting the ENV that fixed it
   * (a removal, not an added line) must still surface the finding.
   */
  diffScope: "line" | "file";
}

export const DOCS_BASE = "https://github.com/gomemcheck/gomemcheck/blob/main/docs/rules";

export const RULES: readonly RuleInfo[] = [
  {
    id: "defer-in-loop",
    defaultSeverity: "warning",
    description:
      "defer inside a loop runs when the function returns, not per iteration: calls, and what they keep alive, pile up; a deferred Unlock deadlocks.",
    scope: ".go files",
    diffScope: "line",
  },
  {
    id: "madv-free-build",
    defaultSeverity: "error",
    description:
      "Binary built with Go 1.12-1.15 releases memory with MADV_FREE on Linux: RSS and cgroup usage stay at their peak after GC unless GODEBUG=madvdontneed=1 is set where it runs.",
    scope: "Dockerfile builder FROM, actions/setup-go, go.mod, or the run site that lacks it",
    diffScope: "file",
  },
  {
    id: "godebug-madvdontneed-off",
    defaultSeverity: "error",
    description:
      "GODEBUG=madvdontneed=0 where the binary runs brings MADV_FREE back on any Go from 1.12 on: RSS stays at its peak after GC.",
    scope: "Dockerfile, run sites",
    diffScope: "file",
  },
  {
    id: "godebug-not-at-runtime",
    defaultSeverity: "error",
    description:
      "GODEBUG=madvdontneed=1 is set where it cannot reach the running binary (build stage ENV, RUN prefix, ARG, initContainer, Compose build.args, ExecStartPre=): the runtime never sees it.",
    scope: "Dockerfile, run sites",
    diffScope: "file",
  },
  {
    id: "godebug-ignored",
    defaultSeverity: "error",
    description:
      "GODEBUG names madvdontneed in a form the Go runtime silently ignores (space after a comma, space-separated list, non-integer value).",
    scope: "Dockerfile, run sites",
    diffScope: "file",
  },
  {
    id: "gomod-godebug-invalid",
    defaultSeverity: "error",
    description:
      "madvdontneed is not a compile-time GODEBUG setting: a go.mod godebug line or //go:debug directive naming it fails the build.",
    scope: "go.mod, //go:debug",
    diffScope: "file",
  },
  {
    id: "godebug-overridden",
    defaultSeverity: "error",
    description:
      "A deploy-time GODEBUG without madvdontneed=1 replaces the image's GODEBUG=madvdontneed=1 (Kubernetes and Compose replace a variable, never merge it).",
    scope: "Kubernetes, Helm, Compose, systemd, launch scripts",
    diffScope: "file",
  },
  {
    id: "godebug-set-too-late",
    defaultSeverity: "error",
    description:
      'os.Setenv("GODEBUG", …madvdontneed…) runs after the Go runtime has read GODEBUG: madvdontneed is read only at start-up.',
    scope: ".go files (main packages)",
    diffScope: "file",
  },
  {
    id: "go-unsupported",
    defaultSeverity: "notice",
    description: "The Go release that builds the binary is past its end of support.",
    scope: "go.mod, Dockerfile builder, actions/setup-go",
    diffScope: "file",
  },
];

const RULE_BY_ID = new Map<string, RuleInfo>(RULES.map((r) => [r.id, r]));

export function isRuleId(id: string): id is RuleId {
  return RULE_BY_ID.has(id);
}

export function ruleInfo(id: RuleId): RuleInfo {
  // Every RuleId is in RULES (isRuleId guards input); the throw marks a programming error.
  const info = RULE_BY_ID.get(id);
  if (!info) throw new Error(`unknown rule ${id}`);
  return info;
}

export function docsUrl(id: RuleId): string {
  return `${DOCS_BASE}/${id}.md`;
}

/** Deterministic order: file, line, column, rule, message. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    compareStrings(a.file, b.file) ||
    a.line - b.line ||
    a.column - b.column ||
    compareStrings(a.rule, b.rule) ||
    compareStrings(a.message, b.message)
  );
}

export function compareErrors(a: AnalysisError, b: AnalysisError): number {
  return (
    compareStrings(a.file, b.file) ||
    (a.line ?? 0) - (b.line ?? 0) ||
    compareStrings(a.message, b.message)
  );
}

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function atLeast(severity: Severity, threshold: Severity): boolean {
  return SEVERITY_RANK[severity] >= SEVERITY_RANK[threshold];
}
