// Review mode's configuration: .gomemcheck.yml as the BASE commit has it, so that a pull request
// cannot configure its own check. Read from git objects (local history first, else the API's
// trees and blobs), component by component: a symlink anywhere on the path is refused.
import { isAbsolute, relative, resolve, sep } from "node:path";
import { ConfigError, DEFAULT_FILE_CONFIG, parseConfigFile, type FileConfig } from "../config.ts";
import {
  blobId,
  gitBlob,
  gitFileAt,
  MAX_FILE_BYTES,
  unsafePathReason,
} from "../sources/repo-files.ts";
import { loadActionConfig } from "../action.ts";
import { describeFailure, statusOf, type GitHubClient } from "./client.ts";

export interface BaseConfigArgs {
  /** The analysed directory. */
  root: string;
  /** The repository's work tree (GITHUB_WORKSPACE). */
  workspace: string;
  /** The `config` input, relative to root. */
  name: string;
  /** True when the input names a file other than the default (it must then exist). */
  explicit: boolean;
  baseSha: string;
  client: GitHubClient;
  owner: string;
  repo: string;
}

type Lookup =
  { kind: "file"; bytes: Buffer } | { kind: "absent" } | { kind: "refused"; why: string };

/** The configuration, and a note when the base commit's file could not be looked up. */
export async function loadBaseConfig(
  args: BaseConfigArgs,
): Promise<{ config: FileConfig; note?: string }> {
  const full = resolve(args.root, args.name);
  const inRepo = relative(args.workspace, full).split(sep).join("/");
  // A file outside the repository was put there by the workflow, not by the pull request.
  if (isAbsolute(inRepo) || inRepo.startsWith("../") || inRepo === "..")
    return { config: await loadActionConfig(args.root, args.name, args.explicit) };
  const bad = unsafePathReason(inRepo);
  if (bad) throw new ConfigError(`${args.name}: not a file in the repository (${bad})`);
  let found = fromLocalHistory(args.workspace, args.baseSha, inRepo);
  if (!found) {
    try {
      found = await fromApi(args, inRepo);
    } catch (e) {
      const why = `${args.name}: cannot read the configuration at the base commit ${args.baseSha.slice(0, 12)} (${describeFailure(e)})`;
      // A tree GitHub does not show (404) leaves the defaults, which no pull request can loosen.
      if (statusOf(e) === 404 && !args.explicit)
        return { config: DEFAULT_FILE_CONFIG, note: `${why}; the default settings were used.` };
      throw new ConfigError(why);
    }
  }
  if (found.kind === "absent") {
    if (!args.explicit) return { config: DEFAULT_FILE_CONFIG };
    throw new ConfigError(
      `${args.name}: the configuration file does not exist at the base commit ${args.baseSha.slice(0, 12)} (review mode reads it there)`,
    );
  }
  if (found.kind === "refused")
    throw new ConfigError(`${args.name}: at the base commit it is ${found.why}; not read`);
  return { config: await parseConfigFile(args.name, found.bytes.toString("utf8")) };
}

/** From the workspace's own objects, or undefined when the base commit is not there. */
function fromLocalHistory(workspace: string, baseSha: string, path: string): Lookup | undefined {
  const at = gitFileAt(workspace, baseSha, path);
  if (at.ok) {
    if (at.blob.size > MAX_FILE_BYTES) return { kind: "refused", why: "over 10 MB" };
    const blob = gitBlob(workspace, at.blob.sha);
    return blob.ok ? { kind: "file", bytes: blob.bytes } : undefined;
  }
  if (at.reason === "absent") {
    // Absent or behind a symlinked folder: ls-tree does not descend through a symlink.
    return { kind: "absent" };
  }
  if (at.reason === "not in the local history" || at.reason === "bad commit") return undefined;
  return { kind: "refused", why: at.reason };
}

/** Walks the base commit's trees through the API, one path component at a time. */
async function fromApi(args: BaseConfigArgs, path: string): Promise<Lookup> {
  const { client, owner, repo } = args;
  let tree = args.baseSha;
  const parts = path.split("/");
  for (let i = 0; i < parts.length; i++) {
    let entries: { path?: string; mode?: string; type?: string; sha?: string; size?: number }[];
    try {
      const r = await client.rest.git.getTree({ owner, repo, tree_sha: tree });
      const data: unknown = r.data;
      const list = (data as { tree?: unknown } | null)?.tree;
      if (!Array.isArray(list)) throw new Error("the answer is not a tree");
      entries = list as typeof entries;
    } catch (e) {
      if (statusOf(e) === 404 && i > 0) return { kind: "absent" };
      throw e;
    }
    const entry = entries.find((e) => e.path === parts[i]);
    if (!entry || typeof entry.sha !== "string") return { kind: "absent" };
    const last = i === parts.length - 1;
    if (entry.mode === "120000") return { kind: "refused", why: "a symlink (not followed)" };
    if (!last) {
      if (entry.type !== "tree") return { kind: "absent" };
      tree = entry.sha;
      continue;
    }
    if (entry.type !== "blob" || (entry.mode !== "100644" && entry.mode !== "100755"))
      return { kind: "refused", why: "not a regular file" };
    if ((entry.size ?? 0) > MAX_FILE_BYTES) return { kind: "refused", why: "over 10 MB" };
    const blob = await client.rest.git.getBlob({ owner, repo, file_sha: entry.sha });
    const content = (blob.data as { content?: unknown }).content;
    if (typeof content !== "string") throw new Error("the answer is not a blob");
    const bytes = Buffer.from(content, "base64");
    if (blobId(bytes) !== entry.sha) throw new Error("the blob does not match its id");
    return { kind: "file", bytes };
  }
  return { kind: "absent" };
}
