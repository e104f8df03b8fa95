// Temporary folders for tests, removed when the test file's process exits (pass or fail), so a
// full run leaves nothing in the temp folder.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const made: string[] = [];

/** Removes every folder tempDir made; also runs on exit. Returns how many were removed. */
export function removeTempDirs(): number {
  const n = made.length;
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  return n;
}

/** A new empty folder under the system's temp folder, removed when the process exits. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  if (made.length === 0) process.once("exit", removeTempDirs);
  made.push(dir);
  return dir;
}
