// Unified diffs: GitHub's per-file `patch` text and `git diff` output.

export interface Hunk {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
}

/** What changed in one file, on the new (RIGHT) side. */
export interface FileDiff {
  path: string;
  previousPath?: string;
  status: "added" | "modified" | "removed" | "renamed";
  /** New-side line numbers of added lines. */
  added: Set<number>;
  hunks: Hunk[];
  /** GitHub omitted the patch (large diff) or the file is new/binary: every line counts as changed, none can carry an inline comment. */
  wholeFile: boolean;
}

const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

/** Parses the hunks of one file's patch (text starting at the first `@@`). */
export function parsePatch(patch: string): { added: Set<number>; hunks: Hunk[] } {
  const added = new Set<number>();
  const hunks: Hunk[] = [];
  let newLine = 0;
  let oldLeft = 0;
  let newLeft = 0;
  for (const raw of patch.split("\n")) {
    const line = raw.endsWith("\r") && !raw.startsWith("+") ? raw.slice(0, -1) : raw;
    const header = HUNK_HEADER.exec(line);
    if (header) {
      const hunk: Hunk = {
        oldStart: Number(header[1]),
        oldLines: header[2] === undefined ? 1 : Number(header[2]),
        newStart: Number(header[3]),
        newLines: header[4] === undefined ? 1 : Number(header[4]),
      };
      hunks.push(hunk);
      newLine = hunk.newStart;
      oldLeft = hunk.oldLines;
      newLeft = hunk.newLines;
      continue;
    }
    if (hunks.length === 0 || (oldLeft <= 0 && newLeft <= 0)) continue;
    const mark = line[0];
    if (mark === "+") {
      added.add(newLine);
      newLine++;
      newLeft--;
    } else if (mark === "-") {
      oldLeft--;
    } else if (mark === " " || line === "") {
      newLine++;
      newLeft--;
      oldLeft--;
    }
    // "\ No newline at end of file" and anything else: not a line of either side.
  }
  return { added, hunks };
}

/** True when a new-side line lies inside one of the hunks (added or context). */
export function inHunks(hunks: readonly Hunk[], line: number): Hunk | undefined {
  return hunks.find((h) => line >= h.newStart && line < h.newStart + h.newLines);
}

/** Splits `git diff` output into per-file diffs. Paths are the new paths. */
export function parseGitDiff(text: string): FileDiff[] {
  const files: FileDiff[] = [];
  const sections = text.split(/^diff --git /m).slice(1);
  for (const section of sections) {
    const lines = section.split("\n");
    let oldPath: string | undefined;
    let newPath: string | undefined;
    let status: FileDiff["status"] = "modified";
    let binary = false;
    let i = 1;
    for (; i < lines.length && !lines[i]!.startsWith("@@"); i++) {
      const l = lines[i]!;
      if (l.startsWith("--- ")) oldPath = stripPrefix(l.slice(4), "a/");
      else if (l.startsWith("+++ ")) newPath = stripPrefix(l.slice(4), "b/");
      else if (l.startsWith("rename from ")) oldPath = unquote(l.slice(12));
      else if (l.startsWith("rename to ")) {
        newPath = unquote(l.slice(10));
        status = "renamed";
      } else if (l.startsWith("new file mode")) status = "added";
      else if (l.startsWith("deleted file mode")) status = "removed";
      else if (l.startsWith("Binary files")) binary = true;
    }
    if (newPath === undefined || newPath === "/dev/null") {
      // A header-only section (mode change, pure rename) still names the file on the first line.
      const m = /^a\/(.*) b\/(.*)$/.exec(lines[0]!.trim());
      newPath = status === "removed" ? undefined : (m?.[2] ?? newPath);
      if (status === "removed") {
        files.push({
          path: oldPath ?? m?.[1] ?? "",
          status,
          added: new Set(),
          hunks: [],
          wholeFile: false,
        });
        continue;
      }
    }
    if (newPath === undefined) continue;
    const { added, hunks } = parsePatch(lines.slice(i).join("\n"));
    files.push({
      path: newPath,
      ...(oldPath !== undefined && oldPath !== newPath && oldPath !== "/dev/null"
        ? { previousPath: oldPath }
        : {}),
      status,
      added,
      hunks,
      wholeFile: binary,
    });
  }
  return files;
}

function stripPrefix(path: string, prefix: string): string {
  const p = unquote(path.replace(/\t.*$/, ""));
  return p.startsWith(prefix) ? p.slice(prefix.length) : p;
}

/** git quotes unusual paths C-style ("a/sp\303\244ce"). */
function unquote(path: string): string {
  if (!path.startsWith('"')) return path;
  const body = path.slice(1, -1);
  const bytes: number[] = [];
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== "\\") {
      bytes.push(...Buffer.from(c, "utf8"));
      continue;
    }
    const next = body[++i];
    // A backslash at the very end (a cut or hand-written header) stands for itself.
    if (next === undefined) {
      bytes.push(92);
      break;
    }
    if (/[0-7]/.test(next)) {
      bytes.push(parseInt(body.slice(i, i + 3), 8));
      i += 2;
    } else
      bytes.push(
        (
          { n: 10, t: 9, r: 13, '"': 34, "\\": 92, a: 7, b: 8, f: 12, v: 11 } as Record<
            string,
            number
          >
        )[next] ?? next.charCodeAt(0),
      );
  }
  return Buffer.from(bytes).toString("utf8");
}
