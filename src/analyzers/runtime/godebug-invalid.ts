// gomod-godebug-invalid in .go files: `//go:debug madvdontneed=...` before the package clause. Apart
// from the other container rules because it runs on every Go file that names //go:debug, in the
// screening stage, where yaml, dockerfile-ast and semver are not loaded.
import type { RepoFile } from "../analyzer.ts";
import type { AnalysisResult, Edit, Finding } from "../../findings.ts";
import { utf8Length } from "../../parse/positions.ts";
import { finding } from "./finding.ts";

export const GODEBUG_INVALID_TAIL =
  "madvdontneed is read only from the GODEBUG environment variable when the binary starts: set GODEBUG=madvdontneed=1 at run time where the binary runs (ENV in the final Dockerfile stage, or the orchestrator's env); it is needed only for binaries built with Go 1.12–1.15.";

/** An edit that deletes a line (1-based) of a file split on "\n". */
export function deleteLine(file: string, lines: string[], line: number): Edit {
  if (line < lines.length)
    return { file, startLine: line, startColumn: 1, endLine: line + 1, endColumn: 1, text: "" };
  const last = (lines[line - 1] ?? "").replace(/\r$/, "");
  return {
    file,
    startLine: line,
    startColumn: 1,
    endLine: line,
    endColumn: utf8Length(last) + 1,
    text: "",
  };
}

/** Cheap pre-check before reading a .go file's header for //go:debug lines. */
export function mayHaveGoDebugDirective(text: string): boolean {
  return text.includes("//go:debug") && /madvdontneed/i.test(text);
}

/** `//go:debug madvdontneed=...` before the package clause of a .go file: the build fails. */
export function analyzeGoDebugDirective(file: RepoFile): AnalysisResult {
  const findings: Finding[] = [];
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
                edits: [deleteLine(file.path, lines, i + 1)],
              },
            ],
          },
        ),
      );
    }
  } catch (e) {
    return {
      findings: [],
      errors: [
        {
          file: file.path,
          message: `cannot read //go:debug lines: ${e instanceof Error ? e.message : String(e)}`,
        },
      ],
    };
  }
  return { findings, errors: [] };
}
