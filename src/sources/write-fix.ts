// Reads the files a fix touches and writes them back atomically: a temporary file in the same
// folder, renamed over the original, so a crash never leaves half a file. Never through a
// symbolic link, never outside the root; bytes that are not valid UTF-8 are never rewritten.
import {
  chmodSync,
  lstatSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { randomBytes } from "node:crypto";
import { basename, dirname, join, resolve, sep } from "node:path";
import type { Edit } from "../findings.ts";
import type { FixPlan } from "../report/patch.ts";
import { applyFileEdits } from "../report/patch.ts";
import { fileErrorText } from "./workspace.ts";

export type RepoText = { ok: true; text: string; mode: number } | { ok: false; reason: string };

/** A repository file's text, or why it cannot be fixed in place. */
export function readRepoText(root: string, file: string): RepoText {
  const abs = resolve(root, file);
  const realRoot = realpathSync(root);
  if (
    file.startsWith("/") ||
    file.split("/").includes("..") ||
    !abs.startsWith(resolve(root) + sep)
  )
    return { ok: false, reason: "outside the analysed folder" };
  try {
    const parent = realpathSync(dirname(abs));
    if (parent !== realRoot && !parent.startsWith(realRoot + sep))
      return { ok: false, reason: "its folder is reached through a symbolic link" };
    const stats = lstatSync(abs);
    if (!stats.isFile()) return { ok: false, reason: "not a regular file" };
    const bytes = readFileSync(abs);
    const text = bytes.toString("utf8");
    if (!Buffer.from(text, "utf8").equals(bytes))
      return { ok: false, reason: "not valid UTF-8, so it is not rewritten" };
    return { ok: true, text, mode: stats.mode & 0o7777 };
  } catch (e) {
    return { ok: false, reason: `cannot read: ${fileErrorText(e)}` };
  }
}

export interface FixOutcome {
  /** Files written. */
  written: number;
  /** One line per fix applied or not, for the user. */
  report: string[];
}

/**
 * Applies a plan's edits file by file. A fix touching a file that cannot be read is left out
 * whole (its other files keep their text), so no fix is ever half applied by a refused read.
 */
export function applyFixes(root: string, plan: FixPlan): FixOutcome {
  const failed = new Map<string, string>();
  const texts = new Map<string, { text: string; mode: number }>();
  for (const file of plan.editsByFile.keys()) {
    const read = readRepoText(root, file);
    if (read.ok) texts.set(file, read);
    else failed.set(file, read.reason);
  }
  const edits = new Map<string, Edit[]>();
  for (const { fix } of plan.chosen) {
    if (fix.edits.some((e) => failed.has(e.file))) continue;
    for (const e of fix.edits) edits.set(e.file, [...(edits.get(e.file) ?? []), e]);
  }
  let written = 0;
  for (const [file, list] of [...edits].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const { text, mode } = texts.get(file)!;
    const abs = resolve(root, file);
    const temp = join(
      dirname(abs),
      `.${basename(abs)}.gomemcheck-${randomBytes(6).toString("hex")}`,
    );
    try {
      writeFileSync(temp, applyFileEdits(text, list), { flag: "wx", mode });
      chmodSync(temp, mode); // the umask narrowed the mode writeFileSync set
      renameSync(temp, abs);
      written++;
    } catch (e) {
      rmSync(temp, { force: true });
      failed.set(file, `cannot write: ${fileErrorText(e)}`);
    }
  }
  const report: string[] = [];
  for (const { finding, fix } of plan.chosen) {
    const where = `${finding.file}:${finding.line} (${finding.rule})`;
    const problem = fix.edits.map((e) => failed.get(e.file)).find((r) => r !== undefined);
    report.push(problem ? `not fixed ${where}: ${problem}` : `fixed ${where}: ${fix.description}`);
  }
  const review = plan.skipped.filter((s) => !s.fix.safe);
  for (const { finding, reason } of plan.skipped.filter((s) => s.fix.safe))
    report.push(`not fixed ${finding.file}:${finding.line} (${finding.rule}): ${reason}`);
  if (review.length > 0)
    report.push(
      `${review.length} fix${review.length === 1 ? " needs" : "es need"} review before applying: gomemcheck --diff shows ${review.length === 1 ? "it" : "them"}`,
    );
  if (plan.chosen.length === 0 && review.length === 0) report.push("no fixes to apply");
  return { written, report };
}
