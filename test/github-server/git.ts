// Builds GitHub's pull-request "files" entries from a real git repository with `git diff`, and
// parses their patches into hunks so the server can check review-comment placements the way
// GitHub does.
import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

export type PrFileStatus =
  "added" | "removed" | "modified" | "renamed" | "copied" | "changed" | "unchanged";

/** One entry of GET /repos/{owner}/{repo}/pulls/{pull_number}/files, without the URLs. */
export interface PrFile {
  filename: string;
  status: PrFileStatus;
  additions: number;
  deletions: number;
  changes: number;
  /** Hunks starting at the first "@@", no "diff --git" header, no trailing newline. */
  patch?: string;
  previous_filename?: string;
  /** Blob SHA of the file at the head (at the base for removed files). */
  sha: string;
}

export interface GitPullRequest {
  baseSha: string;
  headSha: string;
  /** The merge base the files are diffed against (GitHub's three-dot diff). */
  mergeBaseSha: string;
  baseRef: string;
  headRef: string;
  files: PrFile[];
  /** The whole `git diff` text, served for the `application/vnd.github.diff` media type. */
  diff: string;
  /** The repository the PR was computed from; the server serves contents from it. */
  repoDir: string;
}

export interface PrFromGitRepoOptions {
  /** Omit `patch` when its length exceeds this many characters, as GitHub does for large diffs. */
  maxPatchSize?: number;
}

export async function git(repoDir: string, args: string[]): Promise<string> {
  const { stdout } = await run("git", args, {
    cwd: repoDir,
    maxBuffer: 512 * 1024 * 1024,
    encoding: "utf8",
  });
  return stdout;
}

export async function gitBuffer(repoDir: string, args: string[]): Promise<Buffer> {
  const { stdout } = await run("git", args, {
    cwd: repoDir,
    maxBuffer: 512 * 1024 * 1024,
    encoding: "buffer",
  });
  return stdout;
}

const STATUS: Record<string, PrFileStatus> = {
  A: "added",
  D: "removed",
  M: "modified",
  R: "renamed",
  C: "copied",
  T: "changed",
};

interface RawEntry {
  status: PrFileStatus;
  oldSha: string;
  newSha: string;
  oldPath: string;
  newPath: string;
}

/** Parses `git diff --raw -z` output. */
function parseRaw(raw: string): RawEntry[] {
  const parts = raw.split("\0");
  const entries: RawEntry[] = [];
  for (let i = 0; i < parts.length - 1;) {
    const meta = parts[i++];
    if (!meta.startsWith(":")) throw new Error(`unexpected git diff --raw output: ${meta}`);
    const [, , oldSha, newSha, letterScore] = meta.slice(1).split(" ");
    const letter = letterScore[0];
    const status = STATUS[letter];
    if (!status) throw new Error(`unsupported git diff status ${letterScore}`);
    const oldPath = parts[i++];
    const newPath = letter === "R" || letter === "C" ? parts[i++] : oldPath;
    entries.push({ status, oldSha, newSha, oldPath, newPath });
  }
  return entries;
}

/** Parses `git diff --numstat -z` output into additions/deletions, in the same order. */
function parseNumstat(raw: string): Array<{ additions: number; deletions: number }> {
  const parts = raw.split("\0");
  const out: Array<{ additions: number; deletions: number }> = [];
  for (let i = 0; i < parts.length - 1;) {
    const [added, deleted, path] = parts[i++].split("\t");
    // Renames and copies: empty path, then old and new paths as separate fields.
    if (path === "") i += 2;
    out.push({
      additions: added === "-" ? 0 : Number(added),
      deletions: deleted === "-" ? 0 : Number(deleted),
    });
  }
  return out;
}

/** Splits a whole `git diff` into one chunk per file (each starting with "diff --git "). */
function splitDiff(diff: string): string[] {
  if (diff === "") return [];
  const chunks = diff.split(/\n(?=diff --git )/);
  return chunks.map((c, i) => (i < chunks.length - 1 ? c + "\n" : c));
}

/** GitHub's `patch`: the chunk from its first hunk header, without the final newline. */
export function patchOfChunk(chunk: string): string | undefined {
  const at = chunk.startsWith("@@") ? 0 : chunk.indexOf("\n@@");
  if (at < 0) return undefined;
  const patch = chunk.slice(at === 0 ? 0 : at + 1);
  return patch.endsWith("\n") ? patch.slice(0, -1) : patch;
}

/**
 * Computes a pull request from `baseRef` to `headRef` in `repoDir` the way GitHub does: files
 * and patches of the three-dot diff (merge base to head), with rename detection.
 */
export async function prFromGitRepo(
  repoDir: string,
  baseRef: string,
  headRef: string,
  options: PrFromGitRepoOptions = {},
): Promise<GitPullRequest> {
  const baseSha = (await git(repoDir, ["rev-parse", `${baseRef}^{commit}`])).trim();
  const headSha = (await git(repoDir, ["rev-parse", `${headRef}^{commit}`])).trim();
  const mergeBaseSha = (await git(repoDir, ["merge-base", baseSha, headSha])).trim();
  // Pin what user configuration could change (prefixes, algorithm, blank context lines, colour).
  const common = [
    "-c",
    "core.quotePath=false",
    "-c",
    "diff.suppressBlankEmpty=false",
    "diff",
    "-M",
    "--no-color",
    "--no-ext-diff",
    "--no-relative",
    "--diff-algorithm=myers",
  ];
  const range = [mergeBaseSha, headSha];
  const raw = parseRaw(await git(repoDir, [...common, "--raw", "-z", "--no-abbrev", ...range]));
  const numstat = parseNumstat(await git(repoDir, [...common, "--numstat", "-z", ...range]));
  const diff = await git(repoDir, [
    ...common,
    "-U3",
    "--src-prefix=a/",
    "--dst-prefix=b/",
    ...range,
  ]);
  const chunks = splitDiff(diff);
  if (raw.length !== numstat.length || raw.length !== chunks.length) {
    throw new Error(
      `git diff outputs disagree: ${raw.length} raw, ${numstat.length} numstat, ${chunks.length} patches`,
    );
  }
  const files = raw.map((entry, i): PrFile => {
    const { additions, deletions } = numstat[i];
    const file: PrFile = {
      filename: entry.newPath,
      status: entry.status,
      additions,
      deletions,
      changes: additions + deletions,
      sha: entry.status === "removed" ? entry.oldSha : entry.newSha,
    };
    const patch = patchOfChunk(chunks[i]);
    if (patch !== undefined && patch.length <= (options.maxPatchSize ?? Infinity)) {
      file.patch = patch;
    }
    if (entry.status === "renamed" || entry.status === "copied") {
      file.previous_filename = entry.oldPath;
    }
    return file;
  });
  return { baseSha, headSha, mergeBaseSha, baseRef, headRef, files, diff, repoDir };
}

/** One line of a parsed patch. `position` counts lines below the first "@@" like GitHub. */
export interface DiffLine {
  kind: "context" | "add" | "del";
  /** Line number in the old file (context and deleted lines). */
  oldLine?: number;
  /** Line number in the new file (context and added lines). */
  newLine?: number;
  position: number;
  /** Index of the hunk this line belongs to. */
  hunk: number;
}

export interface ParsedPatch {
  lines: DiffLine[];
  /** Hunk header positions (0 for the first), and their texts. */
  hunks: Array<{ header: string; position: number; lineIndex: number }>;
  /** The patch split into lines (index = position). */
  text: string[];
}

const HUNK = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

export function parsePatch(patch: string): ParsedPatch {
  const text = patch.split("\n");
  const lines: DiffLine[] = [];
  const hunks: ParsedPatch["hunks"] = [];
  let oldLine = 0;
  let newLine = 0;
  text.forEach((line, position) => {
    const header = HUNK.exec(line);
    if (header) {
      oldLine = Number(header[1]);
      newLine = Number(header[3]);
      hunks.push({ header: line, position, lineIndex: lines.length });
      return;
    }
    const hunk = hunks.length - 1;
    if (hunk < 0) return;
    if (line.startsWith("+")) lines.push({ kind: "add", newLine: newLine++, position, hunk });
    else if (line.startsWith("-")) lines.push({ kind: "del", oldLine: oldLine++, position, hunk });
    else if (line.startsWith(" ")) {
      lines.push({ kind: "context", oldLine: oldLine++, newLine: newLine++, position, hunk });
    }
    // "\ No newline at end of file" takes a position but is not a commentable line.
  });
  return { lines, hunks, text };
}

/** Finds the commentable diff line for `line` on `side` (RIGHT: new file, LEFT: old file). */
export function findDiffLine(
  parsed: ParsedPatch,
  side: "LEFT" | "RIGHT",
  line: number,
): DiffLine | undefined {
  return parsed.lines.find((l) =>
    side === "RIGHT"
      ? l.kind !== "del" && l.newLine === line
      : l.kind !== "add" && l.oldLine === line,
  );
}

/** GitHub's `diff_hunk` of a comment: its hunk from the header down to the commented line. */
export function diffHunkFor(parsed: ParsedPatch, target: DiffLine): string {
  const start = parsed.hunks[target.hunk].position;
  return parsed.text.slice(start, target.position + 1).join("\n");
}
