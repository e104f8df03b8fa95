// The local preview of a pull request: what changed between a git ref and the working tree.
import { spawnSync } from "node:child_process";
import type { ChangeSet } from "../filter.ts";
import { parseGitDiff } from "../parse/diff.ts";
import { ConfigError } from "../config.ts";

// Options that keep git from running anything configured in the repository.
const SAFE = [
  "-c",
  "core.fsmonitor=false",
  "-c",
  "diff.external=",
  "-c",
  "core.pager=cat",
  "-c",
  "safe.directory=*",
];

function git(cwd: string, args: string[]): string {
  const r = spawnSync("git", [...SAFE, ...args], {
    cwd,
    encoding: "utf8",
    maxBuffer: 1024 * 1024 * 1024,
  });
  if (r.error) throw new ConfigError(`git: ${r.error.message}`);
  if (r.status !== 0)
    throw new ConfigError(`git ${args[0]}: ${r.stderr.trim().split("\n")[0] ?? "failed"}`);
  return r.stdout;
}

/** `git diff` of a range (or one ref against the working tree), as changes keyed by new path. */
function diffChanges(dir: string, range: string): ChangeSet {
  const diff = git(dir, [
    "diff",
    "--no-color",
    "--no-ext-diff",
    "--no-textconv",
    "--relative",
    "-U3",
    "-M",
    range,
    "--",
    ".",
  ]);
  const changes: ChangeSet = new Map();
  for (const file of parseGitDiff(diff)) changes.set(file.path, file);
  return changes;
}

/**
 * Changes of a pull request computed locally (GitHub's three-dot diff: merge base to head), or
 * undefined when the workspace lacks either commit (a shallow checkout).
 */
export function changesBetween(dir: string, base: string, head: string): ChangeSet | undefined {
  try {
    for (const sha of [base, head]) git(dir, ["cat-file", "-e", `${sha}^{commit}`]);
    return diffChanges(dir, `${base}...${head}`);
  } catch {
    return undefined;
  }
}

/** Changes between ref and the working tree of dir, with paths relative to dir. */
export function changesSince(dir: string, ref: string): ChangeSet {
  if (ref.startsWith("-")) throw new ConfigError(`--base: "${ref}" is not a git ref`);
  try {
    git(dir, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]);
  } catch {
    throw new ConfigError(
      `--base ${ref}: no such commit in this repository (a typo, or history the clone lacks: fetch it, or in GitHub Actions check out with fetch-depth: 0)`,
    );
  }
  const changes = diffChanges(dir, ref);
  // Untracked files are wholly new.
  const untracked = git(dir, ["ls-files", "-z", "--others", "--exclude-standard"])
    .split("\0")
    .filter(Boolean);
  for (const path of untracked) {
    changes.set(path, { path, status: "added", added: new Set(), hunks: [], wholeFile: true });
  }
  return changes;
}
