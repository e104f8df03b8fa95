// --diff: the preferred fixes as one patch (`git apply`, `patch -p1`), each file's diff preceded
// by `#` lines naming the findings it fixes and what a reviewer must check. Text before a
// `diff --git` header is ignored by git apply and patch.
import type { Edit, Finding } from "../findings.ts";
import { plain } from "./escape.ts";
import { planFixes, unifiedDiff } from "./patch.ts";
import type { RepoText } from "../sources/write-fix.ts";

export interface DiffOptions {
  /** Also every other fix, each as its own diff against the original file. */
  allFixes: boolean;
}

export function renderDiffs(
  findings: readonly Finding[],
  read: (file: string) => RepoText,
  options: DiffOptions,
): string {
  const plan = planFixes(findings);
  const notes = new Map<string, string[]>();
  const note = (file: string, line: string): void => {
    notes.set(file, [...(notes.get(file) ?? []), `# ${plain(line)}`]);
  };
  for (const { finding, fix } of plan.chosen) {
    const where = `${finding.file}:${finding.line}: ${finding.rule}`;
    note(finding.file, `${where}: ${fix.description}`);
    if (!fix.safe)
      note(finding.file, "  review before applying: not marked safe to apply without review");
  }
  for (const { finding, fix, reason } of plan.skipped)
    note(
      finding.file,
      `${finding.file}:${finding.line}: ${finding.rule}: left out (${reason}): ${fix.description}`,
    );

  const texts = new Map<string, RepoText>();
  const textOf = (file: string): RepoText => {
    let t = texts.get(file);
    if (!t) texts.set(file, (t = read(file)));
    return t;
  };
  const files = [...new Set([...notes.keys(), ...plan.editsByFile.keys()])].sort();
  const out: string[] = [];
  for (const file of files) {
    out.push(...(notes.get(file) ?? []));
    const edits = plan.editsByFile.get(file);
    if (!edits) continue;
    out.push(diffOf(file, edits, textOf) || "# (no change)");
  }
  if (options.allFixes) {
    for (const finding of findings) {
      finding.fixes.slice(1).forEach((fix, i) => {
        out.push(
          `# alternative ${i + 2} of ${finding.fixes.length} for ${plain(`${finding.file}:${finding.line}: ${finding.rule}: ${fix.description}`)}`,
          "#   against the original file, instead of the preferred fix",
        );
        if (!fix.safe)
          out.push("#   review before applying: not marked safe to apply without review");
        const byFile = new Map<string, Edit[]>();
        for (const e of fix.edits) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
        for (const [file, edits] of [...byFile].sort(([a], [b]) => (a < b ? -1 : 1)))
          out.push(diffOf(file, edits, textOf) || "# (no change)");
      });
    }
  }
  if (out.length === 0) return "";
  return out.map((s) => (s.endsWith("\n") ? s : s + "\n")).join("");
}

function diffOf(file: string, edits: Edit[], textOf: (file: string) => RepoText): string {
  const text = textOf(file);
  if (!text.ok) return `# ${plain(file)}: no diff: ${plain(text.reason)}`;
  return unifiedDiff(file, text.text, edits);
}
