// Fingerprints that survive edits above the finding: rule, path and the flagged code's text,
// never the line number. Repeated identical lines are told apart by their order.
import { createHash } from "node:crypto";
import type { Finding } from "./findings.ts";

export function fingerprints(
  findings: readonly Finding[],
  lineText: (file: string, line: number) => string | undefined,
): string[] {
  const seen = new Map<string, number>();
  return findings.map((f) => {
    const code = (lineText(f.file, f.line) ?? "").trim().replace(/\s+/g, " ");
    const key = `${f.rule}\0${f.file}\0${code}`;
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    return createHash("sha256").update(`${key}\0${n}`).digest("hex").slice(0, 20);
  });
}
