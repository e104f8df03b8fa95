// Review mode: read the pull request's changed files, analyse them at the head commit, publish.
import { createHash } from "node:crypto";
import { lstatSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { ActionInputs } from "../action.ts";
import { ConfigError, type FileConfig } from "../config.ts";
import type { ChangeSet } from "../filter.ts";
import { parsePatch, type FileDiff } from "../parse/diff.ts";
import { run, type RunResult } from "../run.ts";
import { changesBetween } from "../sources/git-diff.ts";
import {
  classify,
  decodeText,
  discover,
  readText,
  type DiscoveredFile,
  type ReadOutcome,
} from "../sources/workspace.ts";
import { excludeMatcher } from "../config.ts";
import { describeFailure, type GitHubClient } from "./client.ts";
import type { Logger } from "./logger.ts";
import { headFetcher } from "./blobs.ts";
import { listAll } from "./paginate.ts";
import { publishReview } from "./publish.ts";

/** The pull request's diff cannot be had: the run reports this instead of findings. */
export class ReviewUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ReviewUnavailable";
  }
}

/** Larger local files are not compared before the analysis (read() decides for them). */
const PREFETCH_MAX_LOCAL_BYTES = 10 * 1024 * 1024;

/** GitHub's list-files endpoint returns at most this many files. */
export const MAX_PR_FILES = 3000;

export interface PullRequestContext {
  owner: string;
  repo: string;
  number: number;
  headSha: string;
  baseSha: string;
}

export interface ReviewArgs {
  inputs: ActionInputs;
  env: NodeJS.ProcessEnv;
  log: Logger;
  root: string;
  /** working-directory relative to the repository root ("" at the root). */
  prefix: string;
  config: FileConfig;
  client: GitHubClient;
  pr: PullRequestContext;
  /** The run's name, the identity it posts as, the write backoff: see publish.ts. */
  publish: { name: string; self: string | undefined; retryBaseMs: number };
  today?: Date;
}

export interface ReviewOutcome {
  result: RunResult;
  notes: string[];
}

interface PullFile {
  filename: string;
  status: string;
  sha?: string | null;
  patch?: string;
  previous_filename?: string;
}

export function readPullRequest(env: NodeJS.ProcessEnv): PullRequestContext {
  const path = env.GITHUB_EVENT_PATH;
  if (!path)
    throw new ConfigError("GITHUB_EVENT_PATH is not set: cannot read the pull request event");
  let payload: {
    pull_request?: { number?: number; head?: { sha?: string }; base?: { sha?: string } };
    repository?: { name?: string; owner?: { login?: string } };
  };
  try {
    payload = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new ConfigError(`cannot read the event payload ${path}: ${(e as Error).message}`);
  }
  const pr = payload.pull_request;
  const [envOwner, envRepo] = (env.GITHUB_REPOSITORY ?? "/").split("/");
  const owner = payload.repository?.owner?.login ?? envOwner;
  const repo = payload.repository?.name ?? envRepo;
  if (!pr?.number || !pr.head?.sha || !pr.base?.sha || !owner || !repo) {
    throw new ConfigError(
      "the event payload has no pull_request with number, head.sha and base.sha",
    );
  }
  return { owner, repo, number: pr.number, headSha: pr.head.sha, baseSha: pr.base.sha };
}

/** The git blob id of some bytes: equal ids mean the workspace holds the head version. */
export function blobSha(bytes: Uint8Array): string {
  return createHash("sha1").update(`blob ${bytes.byteLength}\0`).update(bytes).digest("hex");
}

async function listPullFiles(
  client: GitHubClient,
  pr: PullRequestContext,
): Promise<{ files: PullFile[]; truncated: boolean; stopped?: string }> {
  // 30 pages of 100: GitHub lists no more than 3,000 files.
  const listing = await listAll<PullFile>(
    client,
    "GET /repos/{owner}/{repo}/pulls/{pull_number}/files",
    { owner: pr.owner, repo: pr.repo, pull_number: pr.number },
    MAX_PR_FILES / 100,
  );
  const files = listing.items;
  return {
    files: files.slice(0, MAX_PR_FILES),
    truncated: files.length >= MAX_PR_FILES,
    ...(listing.stopped && files.length < MAX_PR_FILES ? { stopped: listing.stopped } : {}),
  };
}

/** The pull request's changes, keyed by path relative to the working directory. */
export function changeSetFrom(files: PullFile[], prefix: string): ChangeSet {
  const changes: ChangeSet = new Map();
  const lead = prefix === "" ? "" : `${prefix}/`;
  for (const f of files) {
    if (!f.filename.startsWith(lead)) continue;
    const path = f.filename.slice(lead.length);
    const status: FileDiff["status"] =
      f.status === "added"
        ? "added"
        : f.status === "removed"
          ? "removed"
          : f.status === "renamed"
            ? "renamed"
            : "modified";
    const parsed =
      f.patch !== undefined ? parsePatch(f.patch) : { added: new Set<number>(), hunks: [] };
    changes.set(path, {
      path,
      status,
      ...(f.previous_filename ? { previousPath: f.previous_filename.slice(lead.length) } : {}),
      added: parsed.added,
      hunks: parsed.hunks,
      // GitHub omits the patch of large diffs: the file counts as wholly changed.
      wholeFile: f.patch === undefined && status !== "removed",
    });
  }
  return changes;
}

export async function reviewPullRequest(args: ReviewArgs): Promise<ReviewOutcome> {
  const { inputs, env, log, root, prefix, config, client, pr } = args;
  const notes: string[] = [];

  let listing: { files: PullFile[]; truncated: boolean; stopped?: string };
  let changes: ChangeSet;
  try {
    listing = await listPullFiles(client, pr);
    changes = changeSetFrom(listing.files, prefix);
  } catch (e) {
    const call = `GET /repos/${pr.owner}/${pr.repo}/pulls/${pr.number}/files (${describeFailure(e)})`;
    // Narrow rather than widen: without the list of changed files, the local git history is the
    // only honest source of the diff; with none, there is no review.
    const local = changesBetween(root, pr.baseSha, pr.headSha);
    if (!local)
      throw new ReviewUnavailable(
        `GitHub did not list the pull request's files: ${call} failed after retries, and the workspace has no history to compute the diff from. Re-run the job.`,
      );
    log.warning(
      `gomemcheck: ${call} failed after retries; the diff was computed with git from the workspace.`,
    );
    notes.push(
      `GitHub did not list the changed files (${call}); the diff was computed with git from the workspace.`,
    );
    listing = { files: [], truncated: false };
    changes = local;
  }
  const { files, truncated } = listing;
  if (truncated) {
    notes.push(
      `GitHub lists at most ${MAX_PR_FILES} changed files; files past that were not reviewed.`,
    );
  }
  if (listing.stopped) {
    log.warning(`gomemcheck: the list of changed files is incomplete: ${listing.stopped}.`);
    notes.push(
      `The list of changed files is incomplete (${listing.stopped}); files past it were not reviewed.`,
    );
  }
  const shaOf = new Map<string, string>();
  for (const f of files) if (f.sha) shaOf.set(f.filename, f.sha);

  const head = headFetcher(client, pr);
  // Files come from the workspace when it holds the head version (same blob id), otherwise
  // from the API at the head commit: pull_request_target never needs the untrusted checkout.
  const lead = prefix === "" ? "" : `${prefix}/`;
  const read = async (file: DiscoveredFile): Promise<ReadOutcome> => {
    const change = changes.get(file.path);
    const headBlob = shaOf.get(lead + file.path);
    if (!change || !headBlob) return readText(root, file);
    let local: Uint8Array | undefined;
    try {
      local = readFileSync(join(root, file.path));
    } catch {
      local = undefined;
    }
    if (local && blobSha(local) === headBlob) return decodeText(file.path, local);
    return head.get(file.path, headBlob);
  };
  const exclude = [excludeMatcher(config.exclude)];
  const list = (): { files: DiscoveredFile[]; errors: { file: string; message: string }[] } => {
    const found = discover(root, exclude);
    const byPath = new Map(found.files.map((f) => [f.path, f]));
    for (const [path, change] of changes) {
      if (change.status === "removed") {
        byPath.delete(path);
        continue;
      }
      const kind = classify(path);
      if (kind && !byPath.has(path) && !exclude.some((re) => re.test(path)))
        byPath.set(path, { path, kind, size: 0 });
    }
    return {
      files: [...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : 1)),
      errors: found.errors,
    };
  };

  // Head versions the workspace lacks are fetched together now; the analysis reads one at a time.
  for (const [path, change] of changes) {
    const headBlob = shaOf.get(lead + path);
    if (change.status === "removed" || !headBlob || !classify(path)) continue;
    if (exclude.some((re) => re.test(path))) continue;
    // Only a regular file of a sane size is read here (never a symlink or a device); whatever
    // else is there is read() and its checks' business.
    let local: Uint8Array | undefined;
    try {
      const st = lstatSync(join(root, path));
      if (!st.isFile() || st.size > PREFETCH_MAX_LOCAL_BYTES) continue;
      local = readFileSync(join(root, path));
    } catch {
      local = undefined;
    }
    if (!local || blobSha(local) !== headBlob) head.prefetch(path, headBlob);
  }

  const result = await run({
    root,
    config,
    filterMode: inputs.filterMode,
    changes,
    read,
    list,
    ...(args.today ? { today: args.today } : {}),
  });

  if (!inputs.postReview) {
    notes.push("post-review is false: no review was posted.");
    return { result, notes };
  }
  const published = await publishReview({ client, pr, result, prefix, log, env, ...args.publish });
  notes.push(...published.notes);
  return { result, notes };
}
