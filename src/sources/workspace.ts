// Finds and reads the files gomemcheck analyses in a directory on disk.
import { spawnSync } from "node:child_process";
import { lstatSync, readdirSync, type Stats } from "node:fs";
import { join } from "node:path";
import type { PathMatcher } from "../config.ts";
import type { AnalysisError } from "../findings.ts";
import { inSkippedDir, MAX_FILE_BYTES, readRegularFile, SKIPPED_DIRS } from "./repo-files.ts";

export { inSkippedDir, MAX_FILE_BYTES, SKIPPED_DIRS };

export type FileKind = "go" | "gomod" | "dockerfile" | "workflow" | "goversion" | "run";

export interface DiscoveredFile {
  /** Repository-relative path, forward slashes. */
  path: string;
  kind: FileKind;
  /**
   * Bytes, where the listing tells (git's list is checked with lstat, blobs carry theirs). A
   * walked tree's entries say they are regular files and no more: every read checks the size
   * limit on the open file itself.
   */
  size?: number;
}

/** Which kind of input a path is, or undefined when gomemcheck does not read it. */
export function classify(path: string): FileKind | undefined {
  const slash = path.lastIndexOf("/");
  const name = path.slice(slash + 1);
  if (name.endsWith(".go")) return "go";
  if (name === "go.mod") return "gomod";
  if (
    name === "Dockerfile" ||
    name === "Containerfile" ||
    name.startsWith("Dockerfile.") ||
    name.startsWith("Containerfile.") ||
    name.endsWith(".dockerfile") ||
    name.endsWith(".Dockerfile")
  ) {
    return "dockerfile";
  }
  if (name === ".go-version" || name === ".tool-versions") return "goversion";
  if (
    /^\.github\/workflows\/[^/]+\.ya?ml$/.test(path) ||
    /(^|\/)\.github\/workflows\/[^/]+\.ya?ml$/.test(path)
  ) {
    return "workflow";
  }
  // Where binaries run: manifests, Compose, units, scripts, env files (read, parsed only if they qualify).
  if (
    (/\.ya?ml$/i.test(name) && !/(^|\/)\.github\//.test(path)) ||
    /\.(service|sh|env|mk)$/.test(name) ||
    /^(\.env(\..*)?|Makefile)$/.test(name) ||
    /^[\w-]*entrypoint[\w-]*$/i.test(name) ||
    /\.service\.d\/[^/]+\.conf$/.test(path) ||
    /(^|\/)etc\/(.*\/)?([^/.]+|[^/]+\.(conf|env))$/.test(path)
  ) {
    return "run";
  }
  return undefined;
}

export interface Discovery {
  files: DiscoveredFile[];
  errors: AnalysisError[];
  /** True when git listed the files (ignored files skipped). */
  usedGit: boolean;
}

/**
 * Lists analysable files under root. In a git work tree, git's own listing is used so that
 * ignored files are skipped; otherwise the tree is walked without following symlinks.
 */
export function discover(root: string, exclude: PathMatcher[] = []): Discovery {
  const errors: AnalysisError[] = [];
  const { paths: listed, refused } = gitListFiles(root);
  if (refused)
    errors.push({
      file: ".",
      message:
        "git refuses to read this checkout (it is owned by another user; see git's safe.directory), so .gitignore is not applied: ignored files are analysed too",
    });
  const files: DiscoveredFile[] = [];
  if (!listed) {
    // The walk reads each entry's type from its folder: a second lstat per file tells nothing new.
    for (const path of walk(root, errors)) {
      const kind = classify(path);
      if (!kind || inSkippedDir(path) || exclude.some((re) => re.test(path))) continue;
      files.push({ path, kind });
    }
  }
  for (const path of listed ?? []) {
    const kind = classify(path);
    if (!kind || inSkippedDir(path) || exclude.some((re) => re.test(path))) continue;
    let stats: Stats;
    try {
      stats = lstatSync(join(root, path));
    } catch (e) {
      // git lists files deleted from the work tree; anything else unreadable is reported.
      if ((e as NodeJS.ErrnoException).code !== "ENOENT")
        errors.push({ file: path, message: `cannot read: ${fileErrorText(e)}` });
      continue;
    }
    if (!stats.isFile()) continue;
    files.push({ path, kind, size: stats.size });
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, errors, usedGit: listed !== undefined };
}

/**
 * Git's list of tracked and untracked-but-not-ignored files; undefined outside a work tree or when
 * git's ownership guard refuses the repository (refused: true).
 */
function gitListFiles(root: string): { paths: string[] | undefined; refused: boolean } {
  const result = spawnSync(
    "git",
    // fsmonitor could run a program from the repository: off. git's ownership guard stays on: a
    // checkout owned by another user is walked instead (without .gitignore).
    ["-c", "core.fsmonitor=false", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
    { cwd: root, encoding: "buffer", maxBuffer: 512 * 1024 * 1024 },
  );
  if (result.status !== 0 || !result.stdout) {
    const refused = /dubious ownership/.test(result.stderr?.toString("utf8") ?? "");
    return { paths: undefined, refused };
  }
  const out = result.stdout.toString("utf8");
  const paths = out.split("\0").filter((p) => p.length > 0);
  return { paths: [...new Set(paths)], refused: false };
}

function walk(root: string, errors: AnalysisError[]): string[] {
  const out: string[] = [];
  const stack: string[] = [""];
  while (stack.length > 0) {
    const dir = stack.pop()!;
    let entries;
    try {
      entries = readdirSync(join(root, dir), { withFileTypes: true });
    } catch (e) {
      errors.push({
        file: dir === "" ? "." : dir,
        message: `cannot list folder: ${fileErrorText(e)}`,
      });
      continue;
    }
    for (const entry of entries) {
      const path = dir === "" ? entry.name : `${dir}/${entry.name}`;
      // Symlinks are not followed: they can loop or point outside the repository.
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) stack.push(path);
      } else if (entry.isFile()) out.push(path);
    }
  }
  return out;
}

/** A read: its text (with a warning when it could only be decoded in part), or why not. */
export type ReadOutcome =
  | { ok: true; text: string; warning?: AnalysisError }
  | {
      ok: false;
      error: AnalysisError;
      /** Skipped by policy (binary, over the size limit), not a failure to analyse. */
      skipped?: boolean;
    };

/** The entry for a file over the size limit. */
export function tooLarge(path: string, size: number): ReadOutcome {
  return {
    ok: false,
    skipped: true,
    error: {
      file: path,
      message: `skipped: ${(size / 1024 / 1024).toFixed(1)} MB is over the ${MAX_FILE_BYTES / 1024 / 1024} MB limit (generated code?); exclude it in .gomemcheck.yml to silence this`,
    },
  };
}

/**
 * Reads one file as text, refusing binary and oversized files with an error a user can act on.
 * Nothing is read through a symlink or from a special file, and never more than the size limit.
 */
export function readText(root: string, file: DiscoveredFile, folders?: Set<string>): ReadOutcome {
  if ((file.size ?? 0) > MAX_FILE_BYTES) return tooLarge(file.path, file.size ?? 0);
  const r = readRegularFile(root, file.path, MAX_FILE_BYTES, folders);
  if (!r.ok) {
    if (r.tooLarge !== undefined) return tooLarge(file.path, r.tooLarge);
    return { ok: false, error: { file: file.path, message: `cannot read: ${r.reason}` } };
  }
  return decodeText(file.path, r.bytes);
}

export function decodeText(path: string, bytes: Uint8Array): ReadOutcome {
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    const line = countNewlines(bytes, nul) + 1;
    return {
      ok: false,
      skipped: true,
      error: { file: path, line, message: "skipped: binary file (NUL byte), not text" },
    };
  }
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = buffer.toString("utf8");
  // Invalid UTF-8 decodes to U+FFFD: still analysed, but columns after the bad bytes shift.
  if (text.includes("\uFFFD")) {
    const bad = firstDifference(Buffer.from(text, "utf8"), buffer);
    if (bad !== -1) {
      return {
        ok: true,
        text,
        warning: {
          file: path,
          line: countNewlines(bytes, bad) + 1,
          message:
            "invalid UTF-8 (Go rejects such a file): analysed with replacement characters, so columns after the bad bytes on this line may be off",
        },
      };
    }
  }
  return { ok: true, text };
}

/** The first index where two byte sequences differ, or -1. */
function firstDifference(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}

function countNewlines(bytes: Uint8Array, end: number): number {
  let n = 0;
  for (let i = 0; i < end; i++) if (bytes[i] === 10) n++;
  return n;
}

export function errorText(e: unknown): string {
  if (e instanceof Error) {
    const code = (e as NodeJS.ErrnoException).code;
    return code ? `${code}: ${e.message.replace(/^[A-Z]+: /, "")}` : e.message;
  }
  return String(e);
}

/**
 * An error about a repository file without the syscall and absolute path Node appends
 * ("EACCES: permission denied, open '/home/runner/work/x/y.go'"): the entry already names the
 * file, and the runner's path makes the output differ from machine to machine.
 */
export function fileErrorText(e: unknown): string {
  return errorText(e).replace(/, [a-z]+ '[^']*'(?: -> '[^']*')?$/, "");
}
