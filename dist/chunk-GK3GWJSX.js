import { createRequire as __gmcCreateRequire } from "node:module"; const require = __gmcCreateRequire(import.meta.url);
import {
  utf8Length
} from "./chunk-52F24W3R.js";

// src/analyzers/runtime/finding.ts
var MADV_EXPLANATION = "Go 1.12\u20131.15 on Linux >= 4.5 releases freed heap with MADV_FREE, so RSS and cgroup usage stay at their peak after GC until the kernel is short of memory (monitors/autoscalers see a leak); Go 1.16 went back to MADV_DONTNEED";
var IGNORED_TEXT = {
  space: "whitespace around the key, for example after a comma",
  case: "keys are case-sensitive",
  "space-separated": "settings separated by spaces instead of commas, as the legacy `ENV GODEBUG a=1 b=2` form gives",
  quotes: "literal quotes reach the value",
  "not-integer": "the value is not an integer"
};
function finding(rule, severity, file, span, rest) {
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
      (e) => `${e.file}:${e.line}:${e.message}`
    ),
    fixes: rest.fixes
  };
}
function dedupe(items, key) {
  const seen = /* @__PURE__ */ new Set();
  return items.filter((t) => {
    const k = key(t);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

// src/analyzers/runtime/godebug-invalid.ts
var GODEBUG_INVALID_TAIL = "madvdontneed is read only from the GODEBUG environment variable when the binary starts: set GODEBUG=madvdontneed=1 at run time where the binary runs (ENV in the final Dockerfile stage, or the orchestrator's env); it is needed only for binaries built with Go 1.12\u20131.15.";
function deleteLine(file, lines, line) {
  if (line < lines.length)
    return { file, startLine: line, startColumn: 1, endLine: line + 1, endColumn: 1, text: "" };
  const last = (lines[line - 1] ?? "").replace(/\r$/, "");
  return {
    file,
    startLine: line,
    startColumn: 1,
    endLine: line,
    endColumn: utf8Length(last) + 1,
    text: ""
  };
}
function mayHaveGoDebugDirective(text) {
  return text.includes("//go:debug") && /madvdontneed/i.test(text);
}
function analyzeGoDebugDirective(file) {
  const findings = [];
  try {
    const lines = file.text.replace(/^\uFEFF/, "").split("\n");
    const bom = file.text.startsWith("\uFEFF") ? 3 : 0;
    let inBlock = false;
    for (let i = 0; i < lines.length; i++) {
      const line = (lines[i] ?? "").replace(/\r$/, "");
      if (inBlock) {
        if (line.includes("*/")) inBlock = false;
        continue;
      }
      if (/^\s*package\s/.test(line)) break;
      if (/^\s*\/\*/.test(line) && !line.includes("*/")) {
        inBlock = true;
        continue;
      }
      const m = /^\/\/go:debug\s+([^=\s]+)=(\S*)\s*$/.exec(line);
      if (!m || (m[1] ?? "").toLowerCase() !== "madvdontneed") continue;
      const col = (i === 0 ? bom : 0) + 1;
      findings.push(
        finding(
          "gomod-godebug-invalid",
          "error",
          file.path,
          { line: i + 1, column: col, endLine: i + 1, endColumn: col + utf8Length(line) },
          {
            message: `//go:debug ${m[1]}=${m[2]} makes the build and go vet fail (invalid //go:debug: unknown //go:debug setting "${m[1]}"): ${GODEBUG_INVALID_TAIL}`,
            evidence: [],
            fixes: [
              {
                description: "Remove the //go:debug line and set GODEBUG where the binary runs",
                edits: [deleteLine(file.path, lines, i + 1)]
              }
            ]
          }
        )
      );
    }
  } catch (e) {
    return {
      findings: [],
      errors: [
        {
          file: file.path,
          message: `cannot read //go:debug lines: ${e instanceof Error ? e.message : String(e)}`
        }
      ]
    };
  }
  return { findings, errors: [] };
}

export {
  MADV_EXPLANATION,
  IGNORED_TEXT,
  finding,
  dedupe,
  GODEBUG_INVALID_TAIL,
  deleteLine,
  mayHaveGoDebugDirective,
  analyzeGoDebugDirective
};
