import { createRequire as __gmcCreateRequire } from "node:module"; const require = __gmcCreateRequire(import.meta.url);

// src/findings.ts
var SEVERITY_RANK = { error: 3, warning: 2, notice: 1 };
var DOCS_BASE = "https://github.com/gomemcheck/gomemcheck/blob/main/docs/rules";
var RULES = [
  {
    id: "defer-in-loop",
    defaultSeverity: "warning",
    description: "defer inside a loop runs when the function returns, not per iteration: calls, and what they keep alive, pile up; a deferred Unlock deadlocks.",
    scope: ".go files",
    diffScope: "line"
  },
  {
    id: "madv-free-build",
    defaultSeverity: "error",
    description: "Binary built with Go 1.12-1.15 releases memory with MADV_FREE on Linux: RSS and cgroup usage stay at their peak after GC unless GODEBUG=madvdontneed=1 is set where it runs.",
    scope: "Dockerfile builder FROM, actions/setup-go, go.mod, or the run site that lacks it",
    diffScope: "file"
  },
  {
    id: "godebug-madvdontneed-off",
    defaultSeverity: "error",
    description: "GODEBUG=madvdontneed=0 where the binary runs brings MADV_FREE back on any Go from 1.12 on: RSS stays at its peak after GC.",
    scope: "Dockerfile, run sites",
    diffScope: "file"
  },
  {
    id: "godebug-not-at-runtime",
    defaultSeverity: "error",
    description: "GODEBUG=madvdontneed=1 is set where it cannot reach the running binary (build stage ENV, RUN prefix, ARG, initContainer, Compose build.args, ExecStartPre=): the runtime never sees it.",
    scope: "Dockerfile, run sites",
    diffScope: "file"
  },
  {
    id: "godebug-ignored",
    defaultSeverity: "error",
    description: "GODEBUG names madvdontneed in a form the Go runtime silently ignores (space after a comma, space-separated list, non-integer value).",
    scope: "Dockerfile, run sites",
    diffScope: "file"
  },
  {
    id: "gomod-godebug-invalid",
    defaultSeverity: "error",
    description: "madvdontneed is not a compile-time GODEBUG setting: a go.mod godebug line or //go:debug directive naming it fails the build.",
    scope: "go.mod, //go:debug",
    diffScope: "file"
  },
  {
    id: "godebug-overridden",
    defaultSeverity: "error",
    description: "A deploy-time GODEBUG without madvdontneed=1 replaces the image's GODEBUG=madvdontneed=1 (Kubernetes and Compose replace a variable, never merge it).",
    scope: "Kubernetes, Helm, Compose, systemd, launch scripts",
    diffScope: "file"
  },
  {
    id: "godebug-set-too-late",
    defaultSeverity: "error",
    description: 'os.Setenv("GODEBUG", \u2026madvdontneed\u2026) runs after the Go runtime has read GODEBUG: madvdontneed is read only at start-up.',
    scope: ".go files (main packages)",
    diffScope: "file"
  },
  {
    id: "go-unsupported",
    defaultSeverity: "notice",
    description: "The Go release that builds the binary is past its end of support.",
    scope: "go.mod, Dockerfile builder, actions/setup-go",
    diffScope: "file"
  }
];
var RULE_BY_ID = new Map(RULES.map((r) => [r.id, r]));
function isRuleId(id) {
  return RULE_BY_ID.has(id);
}
function ruleInfo(id) {
  const info = RULE_BY_ID.get(id);
  if (!info) throw new Error(`unknown rule ${id}`);
  return info;
}
function docsUrl(id) {
  return `${DOCS_BASE}/${id}.md`;
}
function compareFindings(a, b) {
  return compareStrings(a.file, b.file) || a.line - b.line || a.column - b.column || compareStrings(a.rule, b.rule) || compareStrings(a.message, b.message);
}
function compareErrors(a, b) {
  return compareStrings(a.file, b.file) || (a.line ?? 0) - (b.line ?? 0) || compareStrings(a.message, b.message);
}
function compareStrings(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}
function atLeast(severity, threshold) {
  return SEVERITY_RANK[severity] >= SEVERITY_RANK[threshold];
}

export {
  SEVERITY_RANK,
  RULES,
  isRuleId,
  ruleInfo,
  docsUrl,
  compareFindings,
  compareErrors,
  compareStrings,
  atLeast
};
