// os.Setenv("GODEBUG", "…madvdontneed…") in a main package: the runtime reads madvdontneed once,
// at start-up (runtime1.go re-parses only its atomic settings on a later change), so it never applies.
import type { AnalysisResult, Finding } from "../../../findings.ts";
import { utf8Length } from "../../../parse/positions.ts";
import type { RepoFile } from "../../analyzer.ts";

/** Cheap pre-check on a .go file's text. */
export function mayHaveGoDebugSetenv(text: string): boolean {
  return text.includes("Setenv") && text.includes("GODEBUG") && text.includes("madvdontneed");
}

/** The severity is settled later by the build verdict (settleSetTooLate): notice until then. */
export function analyzeGoDebugSetenv(file: RepoFile): AnalysisResult {
  const findings: Finding[] = [];
  if (!/^\s*package\s+main\b/m.test(file.text)) return { findings, errors: [] };
  // Setenv then re-exec (syscall.Exec) is the one way it works: the new process starts with it.
  if (/\b(syscall|unix)\.Exec\(/.test(file.text)) return { findings, errors: [] };
  const lines = file.text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? "").replace(/\r$/, "");
    const m = /\b(os|syscall)\.Setenv\(\s*"GODEBUG"\s*,\s*(.*)$/.exec(line);
    if (!m || !/madvdontneed/.test(m[2] ?? "") || /^\s*\/\//.test(line)) continue;
    const col = utf8Length(line, 0, m.index) + 1;
    const value = /^"([^"\\]*)"/.exec(m[2] ?? "")?.[1];
    findings.push({
      rule: "godebug-set-too-late",
      severity: "notice",
      file: file.path,
      line: i + 1,
      column: col,
      endLine: i + 1,
      endColumn: utf8Length(line) + 1,
      message: `${m[1]}.Setenv("GODEBUG", ${value !== undefined ? `"${value}"` : "…"}) changes the environment after the Go runtime has started: the runtime reads madvdontneed only when the process starts (a later change re-parses only a few other settings), so this never takes effect. Set GODEBUG=madvdontneed=1 where the binary is started (Dockerfile ENV, Kubernetes env, Compose environment, systemd Environment=, or the launch script).`,
      evidence: [],
      fixes: [],
    });
  }
  return { findings, errors: [] };
}
