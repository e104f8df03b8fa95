// Decides, for each finding, whether the change is responsible for it and where it can be shown.
// It never drops a finding silently: each one is labelled, and the reporters honour the label.
import type { FilterMode } from "./config.ts";
import { ruleInfo, type Finding } from "./findings.ts";
import { inHunks, type FileDiff, type Hunk } from "./parse/diff.ts";

/** inline: on a diff line, can be a review comment; body: reported in the summary only; outside: not part of this change. */
export type Placement = "inline" | "body" | "outside";

export interface PlacedFinding {
  finding: Finding;
  /** Stable across pushes: rule, path and flagged code text (see fingerprint.ts). */
  fingerprint: string;
  placement: Placement;
  /** The hunk holding the finding's line, for inline placement and suggestion checks. */
  hunk?: Hunk;
  /** Why the finding is in the body rather than inline. */
  reason?: string;
}

/** The change under review: per-file diffs keyed by new path. Undefined means "no diff: whole repository". */
export type ChangeSet = Map<string, FileDiff>;

function touches(diff: FileDiff | undefined, lines: number[], mode: FilterMode): boolean {
  if (!diff || diff.status === "removed") return false;
  if (mode === "file" || diff.wholeFile) return true;
  if (mode === "added") return lines.some((l) => diff.added.has(l));
  return lines.some((l) => inHunks(diff.hunks, l) !== undefined);
}

function spanLines(finding: Finding): number[] {
  const lines: number[] = [];
  for (let l = finding.line; l <= Math.max(finding.line, finding.endLine); l++) lines.push(l);
  return lines;
}

export function placeFindings(
  findings: Finding[],
  fingerprints: string[],
  changes: ChangeSet | undefined,
  mode: FilterMode,
): PlacedFinding[] {
  return findings.map((finding, i) => ({
    ...placeOne(finding, changes, mode),
    fingerprint: fingerprints[i] ?? "",
  }));
}

function placeOne(
  finding: Finding,
  changes: ChangeSet | undefined,
  mode: FilterMode,
): Omit<PlacedFinding, "fingerprint"> {
  if (!changes) return { finding, placement: "body" };
  const own = changes.get(finding.file);
  // A finding belongs to the change when its own lines, or a line of its evidence (a defer's loop
  // line, a Dockerfile's go.mod), were changed: wrapping old code in a new loop must be caught.
  // Build settings (Dockerfile, go.mod, workflows) are whole-file properties: any change to the
  // file, a deleted line included, makes the finding the change's business.
  const scope: FilterMode =
    ruleInfo(finding.rule).diffScope === "file" && mode !== "nofilter" ? "file" : mode;
  const inChange =
    mode === "nofilter" ||
    touches(own, spanLines(finding), scope) ||
    finding.evidence.some((e) => touches(changes.get(e.file), [e.line], scope));
  if (!inChange) return { finding, placement: "outside" };
  if (!own || own.status === "removed")
    return { finding, placement: "body", reason: "file not in the diff" };
  if (own.wholeFile)
    return {
      finding,
      placement: "body",
      reason: "no line-by-line diff for this file (new, binary or too large)",
    };
  const hunk = inHunks(own.hunks, finding.line);
  if (!hunk) return { finding, placement: "body", reason: "line not in the diff" };
  return { finding, placement: "inline", hunk };
}

export function reported(placed: PlacedFinding[]): PlacedFinding[] {
  return placed.filter((p) => p.placement !== "outside");
}
