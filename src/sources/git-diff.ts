// The local preview of a pull request: what changed between a git ref and the working tree.
// Only git objects are diffed: the working tree's files are read by us (lstat-checked, capped)
// and hashed into a temporary object store, so no clean filter, textconv or diff driver
// configured in the repository ever runs, and git's ownership guard stays on.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ChangeSet } from "../filter.ts";
import { parseGitDiff } from "../parse/diff.ts";
import { ConfigError } from "../config.ts";
import { blobId, GIT_SAFE, readRegularFile } from "./repo-files.ts";
import { classify, discover } from "./workspace.ts";

function git(
  cwd: string,
  args: string[],
  options: { env?: Record<string, string>; input?: string | Buffer } = {},
): string {
  const r = spawnSync("git", [...GIT_SAFE, ...args], {
    cwd,
    encoding: "utf8",
    maxBuffer: 1024 * 1024 * 1024,
    env: { ...process.env, GIT_TERMINAL_PROMPT: "0", GIT_OPTIONAL_LOCKS: "0", ...options.env },
    ...(options.input !== undefined ? { input: options.input } : {}),
  });
  if (r.error) throw new ConfigError(`git: ${r.error.message}`);
  if (r.status !== 0)
    throw new ConfigError(
      `git ${args[0]}: ${(r.stderr.trim().split("\n")[0] ?? "failed").slice(0, 200)}`,
    );
  return r.stdout;
}

const DIFF_OPTIONS = ["--no-color", "--no-ext-diff", "--no-textconv", "-U3", "-M"];

/**
 * Changes of a pull request computed locally (GitHub's three-dot diff: merge base to head), or
 * undefined when the workspace lacks either commit (a shallow checkout). Commits only: no work tree.
 */
export function changesBetween(dir: string, base: string, head: string): ChangeSet | undefined {
  try {
    for (const sha of [base, head]) {
      if (!/^[0-9a-f]{40}([0-9a-f]{24})?$/i.test(sha)) return undefined;
      git(dir, ["cat-file", "-e", `${sha}^{commit}`]);
    }
    const diff = git(dir, ["diff", ...DIFF_OPTIONS, "--relative", `${base}...${head}`, "--", "."]);
    return toChanges(diff);
  } catch {
    return undefined;
  }
}

function toChanges(diff: string): ChangeSet {
  const changes: ChangeSet = new Map();
  for (const file of parseGitDiff(diff)) changes.set(file.path, file);
  return changes;
}

/**
 * Changes between ref and the working tree of dir, with paths relative to dir. Both sides are
 * trees of the files gomemcheck analyses: the ref's from its commit, the working tree's hashed
 * from the bytes we read into a temporary object store (the repository's own is not written).
 */
export function changesSince(dir: string, ref: string): ChangeSet {
  if (ref.startsWith("-")) throw new ConfigError(`--base: "${ref}" is not a git ref`);
  try {
    git(dir, ["rev-parse", "--git-dir"]);
  } catch {
    throw new ConfigError(`--base ${ref}: ${dir} is not in a git repository`);
  }
  let commit: string;
  try {
    commit = git(dir, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]).trim();
  } catch {
    throw new ConfigError(
      `--base ${ref}: no such commit in this repository (a typo, or history the clone lacks: fetch it, or in GitHub Actions check out with fetch-depth: 0)`,
    );
  }
  const prefix = git(dir, ["rev-parse", "--show-prefix"]).trim().replace(/\/$/, "");
  const objects = git(dir, ["rev-parse", "--path-format=absolute", "--git-path", "objects"]).trim();
  const temp = mkdtempSync(join(tmpdir(), "gomemcheck-base-"));
  try {
    mkdirSync(join(temp, "objects"));
    const env = {
      GIT_OBJECT_DIRECTORY: join(temp, "objects"),
      GIT_ALTERNATE_OBJECT_DIRECTORIES: objects,
    };
    // The ref's side: its regular files that gomemcheck reads, under dir.
    const baseEntries: string[] = [];
    const baseIds = new Map<string, string>();
    const baseModes = new Map<string, string>();
    const listing = git(dir, [
      "ls-tree",
      "-r",
      "-z",
      "--full-tree",
      prefix === "" ? `${commit}^{tree}` : `${commit}:${prefix}`,
    ]);
    for (const entry of listing.split("\0")) {
      const m = /^(\d{6}) blob ([0-9a-f]+)\t(.+)$/s.exec(entry);
      if (!m || (m[1] !== "100644" && m[1] !== "100755") || !classify(m[3]!)) continue;
      baseEntries.push(`${m[1]} ${m[2]} 0\t${m[3]}`);
      baseIds.set(m[3]!, m[2]!);
      baseModes.set(m[3]!, m[1]!);
    }
    // The working tree's side: what discovery lists, as we read it.
    const workEntries: string[] = [];
    for (const f of discover(dir).files) {
      const r = readRegularFile(dir, f.path);
      if (!r.ok) continue; // Unreadable or too large: the run reports it; it has no diff.
      const id = blobId(r.bytes);
      if (baseIds.get(f.path) !== id)
        git(dir, ["hash-object", "-w", "--no-filters", "--stdin"], { env, input: r.bytes });
      workEntries.push(`${baseModes.get(f.path) ?? "100644"} ${id} 0\t${f.path}`);
    }
    const tree = (entries: string[], name: string): string => {
      const indexEnv = { ...env, GIT_INDEX_FILE: join(temp, name) };
      git(dir, ["update-index", "-z", "--add", "--index-info"], {
        env: indexEnv,
        input: entries.map((e) => `${e}\0`).join(""),
      });
      return git(dir, ["write-tree"], { env: indexEnv }).trim();
    };
    const before = tree(baseEntries, "base.index");
    const after = tree(workEntries, "work.index");
    return toChanges(git(dir, ["diff-tree", "-r", "-p", ...DIFF_OPTIONS, before, after], { env }));
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}
