// Reads a Go file's bytes for the pre-filter, which decodes only the few files it keeps: one
// reused buffer, so that reading a whole repository leaves no garbage behind.
import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";
import { join } from "node:path";
import type { AnalysisError } from "../findings.ts";
import { fileErrorText, MAX_FILE_BYTES, type DiscoveredFile } from "./workspace.ts";

let scratch = Buffer.allocUnsafe(1024 * 1024);

/**
 * Reads one file's bytes into a shared buffer: the view is valid until the next call. The file is
 * opened without following a symlink (it could have been swapped in since discovery) and must
 * still be a regular file; its size comes from that open file, not from discovery.
 */
export function readBytes(
  root: string,
  file: DiscoveredFile,
): { ok: true; bytes: Buffer } | { ok: false; error: AnalysisError; skipped?: boolean } {
  // Over the size limit is policy (skipped), not a failure to analyse.
  const tooLarge = (size: number) => ({
    ok: false as const,
    skipped: true,
    error: {
      file: file.path,
      message: `skipped: ${(size / 1024 / 1024).toFixed(1)} MB is over the ${MAX_FILE_BYTES / 1024 / 1024} MB limit (generated code?); exclude it in .gomemcheck.yml to silence this`,
    },
  });
  if ((file.size ?? 0) > MAX_FILE_BYTES) return tooLarge(file.size ?? 0);
  let fd: number | undefined;
  try {
    fd = openSync(join(root, file.path), constants.O_RDONLY | NOFOLLOW | constants.O_NONBLOCK);
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw Object.assign(new Error("not a regular file"), { code: "EINVAL" });
    if (stats.size > MAX_FILE_BYTES) return tooLarge(stats.size);
    if (stats.size + 1 > scratch.length)
      scratch = Buffer.allocUnsafe(stats.size + 1 + (stats.size >> 1));
    // One byte more than the size: a file that grew since fstat is read to its end all the same.
    // A regular file reads short only at its end, so a short read needs no second call.
    let length = 0;
    for (;;) {
      if (length === scratch.length) {
        const bigger = Buffer.allocUnsafe(scratch.length * 2);
        scratch.copy(bigger, 0, 0, length);
        scratch = bigger;
      }
      const wanted = scratch.length - length;
      const n = readSync(fd, scratch, length, wanted, null);
      length += n;
      if (length > MAX_FILE_BYTES) return tooLarge(length);
      if (n < wanted) break;
    }
    return { ok: true, bytes: scratch.subarray(0, length) };
  } catch (e) {
    return { ok: false, error: { file: file.path, message: `cannot read: ${fileErrorText(e)}` } };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** O_NOFOLLOW where the platform has it (not on Windows, where discovery's lstat stands alone). */
const NOFOLLOW = constants.O_NOFOLLOW ?? 0;
