// Reading repository files without leaving the repository: every path component is checked with
// lstat (no symlink, no special file), names from outside (the API, git) are validated, reads are
// capped, and git objects are read with plumbing commands that run nothing from the repository.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync } from "node:fs";
import { join } from "node:path";

/** Files larger than this are not analysed (reported in errors): generated code, data. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

/** Folders never searched: vendored and generated code, test data, VCS and package folders. */
export const SKIPPED_DIRS = new Set(["vendor", "testdata", ".git", "node_modules"]);

/** True when a folder of the path is one gomemcheck never analyses. */
export function inSkippedDir(path: string): boolean {
  const parts = path.split("/");
  parts.pop();
  return parts.some((p) => SKIPPED_DIRS.has(p));
}

/**
 * Why a repository-relative path from outside (the API, git) must not be used, or undefined when
 * it is a plain relative path: no "..", ".", empty or absolute component, no NUL byte.
 */
export function unsafePathReason(path: string): string | undefined {
  if (path === "") return "empty path";
  if (path.includes("\0")) return "path with a NUL byte";
  if (path.startsWith("/") || /^[A-Za-z]:/.test(path)) return "absolute path";
  for (const part of path.split("/")) {
    if (part === "..") return 'path with ".."';
    if (part === "" || part === ".") return "path with an empty or '.' component";
  }
  return undefined;
}

/** "EACCES: permission denied" without the syscall and absolute path Node appends. */
function failure(e: unknown): { reason: string; code?: string } {
  const err = e as NodeJS.ErrnoException;
  const code = err.code;
  const text = err instanceof Error ? err.message : String(e);
  const message = text.replace(/^[A-Z]+: /, "").replace(/, [a-z]+ '[^']*'(?: -> '[^']*')?$/, "");
  return code ? { reason: `${code}: ${message}`, code } : { reason: message };
}

type FileCheck = { ok: true; size: number } | { ok: false; reason: string; code?: string };

/**
 * lstat of every component of root/path: folders must be real folders, the file a regular file.
 * A symlink anywhere (or a device, FIFO, socket) is refused without being followed.
 */
function checkRegularFile(root: string, path: string, folders?: Set<string>): FileCheck {
  const bad = unsafePathReason(path);
  if (bad) return { ok: false, reason: bad };
  const parts = path.split("/");
  let at = root;
  for (let i = 0; i < parts.length; i++) {
    at = join(at, parts[i]!);
    // A folder this run already found to be a real folder is not looked at again.
    if (i < parts.length - 1 && folders?.has(at)) continue;
    let stats;
    try {
      stats = lstatSync(at);
    } catch (e) {
      return { ok: false, ...failure(e) };
    }
    const last = i === parts.length - 1;
    if (stats.isSymbolicLink()) return { ok: false, reason: "a symlink (not followed)" };
    if (!last && !stats.isDirectory()) return { ok: false, reason: "not inside a folder" };
    if (!last) folders?.add(at);
    if (last && !stats.isFile()) return { ok: false, reason: "not a regular file" };
    if (last) return { ok: true, size: stats.size };
  }
  return { ok: false, reason: "empty path" };
}

export type CappedRead =
  { ok: true; bytes: Buffer } | { ok: false; reason: string; code?: string; tooLarge?: number };

/**
 * Reads a regular file inside root: every component checked with lstat, opened without following
 * a final symlink and without blocking on a FIFO, fstat'ed again, and never more than maxBytes.
 * `folders`, kept by one run for its reads, holds the folders already checked (the same lstat
 * would only repeat what it said milliseconds before: a run's reads of one folder share it).
 */
export function readRegularFile(
  root: string,
  path: string,
  maxBytes = MAX_FILE_BYTES,
  folders?: Set<string>,
): CappedRead {
  const check = checkRegularFile(root, path, folders);
  if (!check.ok) return check;
  let fd: number;
  try {
    fd = openSync(
      join(root, path),
      constants.O_RDONLY | constants.O_NOFOLLOW | (constants.O_NONBLOCK ?? 0),
    );
  } catch (e) {
    return { ok: false, ...failure(e) };
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) return { ok: false, reason: "not a regular file" };
    if (stats.size > maxBytes) return { ok: false, reason: "too large", tooLarge: stats.size };
    // One byte past the cap tells a file that grew after fstat from one that fits. Only the bytes
    // read are handed out, so the buffer need not be zeroed; a regular file reads short only at
    // its end, so a short read needs no second call.
    const buffer = Buffer.allocUnsafe(Math.min(stats.size, maxBytes) + 1);
    let length = 0;
    while (length < buffer.length) {
      const wanted = buffer.length - length;
      const n = readSync(fd, buffer, length, wanted, null);
      length += n;
      if (n < wanted) break;
    }
    if (length > maxBytes) return { ok: false, reason: "too large", tooLarge: length };
    return { ok: true, bytes: buffer.subarray(0, length) };
  } catch (e) {
    return { ok: false, ...failure(e) };
  } finally {
    closeSync(fd);
  }
}

// -------------------------------------------------------------------------------------------------
// Git objects

/** The git blob id of some bytes (SHA-1 object format). */
export function blobId(bytes: Uint8Array): string {
  return createHash("sha1").update(`blob ${bytes.byteLength}\0`).update(bytes).digest("hex");
}

/**
 * Options that keep git from running anything configured in the repository: no fsmonitor hook,
 * no external diff or textconv program, no pager. Only plumbing that reads objects is used, so no
 * clean/smudge filter runs either. git's ownership guard (safe.directory) is left on.
 */
export const GIT_SAFE = [
  "-c",
  "core.fsmonitor=false",
  "-c",
  "diff.external=",
  "-c",
  "core.pager=cat",
];

function runGit(
  cwd: string,
  args: string[],
  input?: string,
): { ok: true; out: Buffer } | { ok: false; message: string } {
  const r = spawnSync("git", [...GIT_SAFE, ...args], {
    cwd,
    encoding: "buffer",
    maxBuffer: 1024 * 1024 * 1024,
    ...(input !== undefined ? { input } : {}),
    env: { ...process.env, GIT_TERMINAL_PROMPT: "0", GIT_OPTIONAL_LOCKS: "0" },
  });
  if (r.error) return { ok: false, message: r.error.message };
  if (r.status !== 0) {
    const first = r.stderr.toString("utf8").trim().split("\n")[0] ?? "";
    return { ok: false, message: first.slice(0, 200) || `exit ${r.status}` };
  }
  return { ok: true, out: r.stdout };
}

/** One blob of a commit's tree. */
export interface TreeBlob {
  path: string;
  /** "100644", "100755"; symlinks (120000) and submodules are not listed. */
  mode: string;
  sha: string;
  size: number;
}

/**
 * The regular files of a commit's tree under prefix (paths relative to it), or undefined when the
 * commit is not in the local history. Symlinks and submodules are left out: never read.
 */
export function gitTreeFiles(root: string, commit: string, prefix = ""): TreeBlob[] | undefined {
  if (!/^[0-9a-f]{40}([0-9a-f]{24})?$/i.test(commit)) return undefined;
  const treeish = prefix === "" ? `${commit}^{tree}` : `${commit}:${prefix}`;
  const r = runGit(root, ["ls-tree", "-r", "-z", "--long", "--full-tree", treeish]);
  if (!r.ok) return undefined;
  const out: TreeBlob[] = [];
  for (const entry of r.out.toString("utf8").split("\0")) {
    // "<mode> SP <type> SP <object> SP+ <size> TAB <path>"
    const m = /^(\d{6}) (\w+) ([0-9a-f]+) +(\d+|-)\t(.+)$/s.exec(entry);
    if (!m || m[2] !== "blob" || (m[1] !== "100644" && m[1] !== "100755")) continue;
    out.push({ path: m[5]!, mode: m[1]!, sha: m[3]!, size: Number(m[4]) });
  }
  return out;
}

/** The bytes of a blob from the local object store, capped; no filter or textconv runs. */
export function gitBlob(root: string, sha: string, maxBytes = MAX_FILE_BYTES): CappedRead {
  if (!/^[0-9a-f]{40}([0-9a-f]{24})?$/i.test(sha)) return { ok: false, reason: "bad blob id" };
  const size = runGit(root, ["cat-file", "-s", sha]);
  if (!size.ok) return { ok: false, reason: "not in the local history" };
  const n = Number(size.out.toString("utf8").trim());
  if (n > maxBytes) return { ok: false, reason: "too large", tooLarge: n };
  const r = runGit(root, ["cat-file", "blob", sha]);
  return r.ok ? { ok: true, bytes: r.out } : { ok: false, reason: "not in the local history" };
}

/** The commit's blob at one path (regular files only), or why not. */
export function gitFileAt(
  root: string,
  commit: string,
  path: string,
): { ok: true; blob: TreeBlob } | { ok: false; reason: string } {
  const bad = unsafePathReason(path);
  if (bad) return { ok: false, reason: bad };
  if (!/^[0-9a-f]{40}([0-9a-f]{24})?$/i.test(commit)) return { ok: false, reason: "bad commit" };
  const r = runGit(root, ["ls-tree", "-z", "--long", "--full-tree", commit, "--", path]);
  if (!r.ok) return { ok: false, reason: "not in the local history" };
  const entry = r.out.toString("utf8").split("\0")[0] ?? "";
  const m = /^(\d{6}) (\w+) ([0-9a-f]+) +(\d+|-)\t(.+)$/s.exec(entry);
  if (!m || m[5] !== path) return { ok: false, reason: "absent" };
  if (m[1] === "120000") return { ok: false, reason: "a symlink (not followed)" };
  if (m[2] !== "blob" || (m[1] !== "100644" && m[1] !== "100755"))
    return { ok: false, reason: "not a regular file" };
  return { ok: true, blob: { path, mode: m[1]!, sha: m[3]!, size: Number(m[4]) } };
}
