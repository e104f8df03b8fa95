// Inline suppression, written the way Go users already write it:
//   //nolint  //nolint:gomemcheck  //nolint:defer-in-loop  //gomemcheck:ignore <rule> <reason>
//   # gomemcheck:ignore <rule>   (Dockerfiles, workflows, .tool-versions)
// A directive applies to its own line and to the line below it.
import type { Finding } from "./findings.ts";

const GO_NOLINT = /\/\/\s*nolint(?::([\w,\s-]+))?/;
const IGNORE = /(?:\/\/|#)\s*gomemcheck:ignore(?:\s+([\w,-]+))?/;

/** Rules suppressed on a line: "*" for all. */
function suppressedOn(line: string, isGo: boolean): Set<string> | undefined {
  const rules = new Set<string>();
  if (isGo) {
    const nolint = GO_NOLINT.exec(line);
    if (nolint) {
      if (!nolint[1]) rules.add("*");
      for (const name of (nolint[1] ?? "").split(",")) {
        const n = name.trim().split(/\s/)[0];
        if (n === "gomemcheck") rules.add("*");
        else if (n) rules.add(n);
      }
    }
  }
  const ignore = IGNORE.exec(line);
  if (ignore) {
    if (!ignore[1] || ignore[1] === "all") rules.add("*");
    for (const r of (ignore[1] ?? "").split(",")) if (r) rules.add(r);
  }
  return rules.size > 0 ? rules : undefined;
}

/** Removes findings suppressed by a directive in their file; linesOf gives a file's lines. */
export function applySuppressions(
  findings: Finding[],
  linesOf: (file: string) => readonly string[] | undefined,
): Finding[] {
  return findings.filter((f) => {
    const lines = linesOf(f.file);
    if (!lines) return true;
    const isGo = f.file.endsWith(".go") || f.file.endsWith("go.mod");
    for (const n of [f.line, f.line - 1]) {
      const text = lines[n - 1];
      if (text === undefined) continue;
      // On the line above, only a comment line of its own counts (a trailing one is about its line).
      if (n !== f.line && !/^\s*(\/\/|#)/.test(text)) continue;
      const rules = suppressedOn(text, isGo);
      if (rules && (rules.has("*") || rules.has(f.rule))) return false;
    }
    return true;
  });
}
