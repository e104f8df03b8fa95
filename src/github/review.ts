// Review mode: read the pull request's changed files, analyse them at the head commit, publish.
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
  tooLarge,
  type DiscoveredFile,
  type ReadOutcome,
} from "../sources/workspace.ts";
import { readFileSync } from "node:fs";
import {
  blobId,
  gitBlob,
  gitTreeFiles,
  inSkippedDir,
  MAX_FILE_BYTES,
  readRegularFile,
  unsafePathReason,
  type TreeBlob,
} from "../sources/repo-files.ts";
import type { AnalysisError } from "../findings.ts";
import { snippet } from "../analyzers/snippet.ts";
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
  /** The event's count of changed files: more than list-files returns means a cut list. */
  changedFiles?: number;
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
  /** See RunOptions.deadline. */
  deadline?: number;
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
    pull_request?: {
      number?: number;
      head?: { sha?: string };
      base?: { sha?: string };
      changed_files?: unknown;
    };
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
  const changed = pr.changed_files;
  return {
    owner,
    repo,
    number: pr.number,
    headSha: pr.head.sha,
    baseSha: pr.base.sha,
    ...(typeof changed === "number" && Number.isInteger(changed) ? { changedFiles: changed } : {}),
  };
}

async function listPullFiles(
  client: GitHubClient,
  pr: PullRequestContext,
): Promise<{ files: PullFile[]; truncated: boolean; stopped?: string }> {
  // 30 pages of 100: GitHub lists no more than 3,000 files.
  const listing = await listAll<unknown>(
    client,
    "GET /repos/{owner}/{repo}/pulls/{pull_number}/files",
    { owner: pr.owner, repo: pr.repo, pull_number: pr.number },
    MAX_PR_FILES / 100,
  );
  // A 200 whose body is not the documented list (Octokit hands over text it cannot parse as
  // JSON) is a failed call: nothing in it is used.
  if (!listing.items.every(isPullFile)) throw new Error("the answer is not a list of files");
  const files = listing.items as PullFile[];
  return {
    files: files.slice(0, MAX_PR_FILES),
    truncated: files.length >= MAX_PR_FILES,
    ...(listing.stopped && files.length < MAX_PR_FILES ? { stopped: listing.stopped } : {}),
  };
}

function isPullFile(x: unknown): x is PullFile {
  const f = x as Partial<PullFile> | null;
  return (
    typeof f === "object" &&
    f !== null &&
    typeof f.filename === "string" &&
    typeof f.status === "string" &&
    (f.sha === undefined || f.sha === null || typeof f.sha === "string") &&
    (f.patch === undefined || typeof f.patch === "string") &&
    (f.previous_filename === undefined || typeof f.previous_filename === "string")
  );
}

/** Names from the API that are not plain relative paths: never read, reported once each. */
export function refusedNames(files: PullFile[]): AnalysisError[] {
  const out: AnalysisError[] = [];
  for (const f of files) {
    for (const name of [f.filename, f.previous_filename]) {
      if (name === undefined) continue;
      const bad = unsafePathReason(name);
      if (bad)
        out.push({
          file: ".",
          message: `refused: GitHub listed a changed file named ${JSON.stringify(snippet(name, 100))} (${bad}); not read`,
        });
    }
  }
  return out;
}

/** The pull request's changes, keyed by path relative to the working directory. */
export function changeSetFrom(files: PullFile[], prefix: string): ChangeSet {
  const changes: ChangeSet = new Map();
  const lead = prefix === "" ? "" : `${prefix}/`;
  for (const f of files) {
    if (!f.filename.startsWith(lead)) continue;
    // "..", absolute and empty components would point outside the repository.
    if (
      unsafePathReason(f.filename) ||
      (f.previous_filename && unsafePathReason(f.previous_filename))
    )
      continue;
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
    // The failure is cut short: Octokit's message can carry the whole answer (repository text).
    const call = `GET /repos/${pr.owner}/${pr.repo}/pulls/${pr.number}/files (${snippet(describeFailure(e), 80)})`;
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
  const { files } = listing;
  const truncated =
    listing.truncated || (files.length > 0 && (pr.changedFiles ?? 0) > files.length);
  // The head commit's tree, when the workspace has it: the list of files to analyse and their
  // blob ids come from git objects, never from whatever the work tree holds (pull_request_target
  // checks out the base; a symlink in the work tree is never followed).
  const headTree = gitTreeFiles(root, pr.headSha, prefix);
  // Changed files nobody listed cannot be analysed: the check must not pass for them.
  let unlisted: string | undefined;
  if (truncated) {
    // Past GitHub's cap, the local history (when there) completes the list.
    const local = headTree ? changesBetween(root, pr.baseSha, pr.headSha) : undefined;
    if (local) {
      for (const [path, change] of local) if (!changes.has(path)) changes.set(path, change);
      notes.push(
        `GitHub listed ${files.length} of the changed files (it lists at most ${MAX_PR_FILES}); the rest of the list was computed with git from the workspace.`,
      );
    } else {
      notes.push(
        `GitHub listed ${files.length} of the changed files (it lists at most ${MAX_PR_FILES}); files past that were not reviewed.`,
      );
      unlisted = `(the changed files past the ${files.length} GitHub listed)`;
    }
  }
  if (listing.stopped) {
    log.warning(`gomemcheck: the list of changed files is incomplete: ${listing.stopped}.`);
    notes.push(
      `The list of changed files is incomplete (${listing.stopped}); files past it were not reviewed.`,
    );
    unlisted ??= `(the changed files past the ${files.length} GitHub listed)`;
  }
  const lead = prefix === "" ? "" : `${prefix}/`;
  const shaOf = new Map<string, string>();
  for (const f of files) {
    if (f.sha && /^[0-9a-f]{40}$/.test(f.sha) && f.filename.startsWith(lead))
      shaOf.set(f.filename.slice(lead.length), f.sha);
  }
  const head = headFetcher(client, pr);
  const headBlobs = new Map<string, TreeBlob>((headTree ?? []).map((b) => [b.path, b]));

  // A file is read from the workspace only when it holds the head version (same blob id) or when
  // nothing names a head version (an unchanged file); otherwise from git objects, then the API.
  const read = async (file: DiscoveredFile): Promise<ReadOutcome> => {
    const headBlob = headBlobs.get(file.path)?.sha ?? shaOf.get(file.path);
    if ((file.size ?? 0) > MAX_FILE_BYTES) return tooLarge(file.path, file.size ?? 0);
    const local = readRegularFile(root, file.path);
    if (!local.ok && local.tooLarge !== undefined) return tooLarge(file.path, local.tooLarge);
    if (local.ok && (headBlob === undefined || blobId(local.bytes) === headBlob))
      return decodeText(file.path, local.bytes);
    if (headBlob === undefined)
      return {
        ok: false,
        error: { file: file.path, message: `cannot read: ${local.ok ? "unknown" : local.reason}` },
      };
    const fromGit = gitBlob(root, headBlob);
    if (fromGit.ok) return decodeText(file.path, fromGit.bytes);
    if (fromGit.tooLarge !== undefined) return tooLarge(file.path, fromGit.tooLarge);
    return head.get(file.path, headBlob);
  };
  const exclude = [await excludeMatcher(config.exclude)];
  // The filters discovery applies (kind, skipped folders, exclude) hold for every changed path.
  const wanted = (path: string): boolean =>
    classify(path) !== undefined &&
    !inSkippedDir(path) &&
    !exclude.some((re) => re.test(path)) &&
    unsafePathReason(path) === undefined;
  const list = (): {
    files: DiscoveredFile[];
    errors: AnalysisError[];
    unanalysed: string[];
  } => {
    const refused = refusedNames(files);
    const unanalysed = unlisted ? [unlisted] : [];
    if (headTree) {
      const fromTree: DiscoveredFile[] = [];
      for (const b of headTree)
        if (wanted(b.path)) fromTree.push({ path: b.path, kind: classify(b.path)!, size: b.size });
      return {
        files: fromTree.sort((a, b) => (a.path < b.path ? -1 : 1)),
        errors: refused,
        unanalysed,
      };
    }
    const found = discover(root, exclude);
    const byPath = new Map(found.files.map((f) => [f.path, f]));
    for (const [path, change] of changes) {
      if (change.status === "removed") {
        byPath.delete(path);
        continue;
      }
      if (wanted(path) && !byPath.has(path))
        byPath.set(path, { path, kind: classify(path)!, size: 0 });
    }
    return {
      files: [...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : 1)),
      errors: [...found.errors, ...refused],
      unanalysed,
    };
  };

  // Head versions that neither git nor the workspace holds are fetched together now; the analysis
  // reads one at a time. Only a regular file is read to decide (never a symlink or a device).
  if (!headTree) {
    for (const [path, change] of changes) {
      const headBlob = shaOf.get(path);
      if (change.status === "removed" || !headBlob || !wanted(path)) continue;
      const local = readRegularFile(root, path, PREFETCH_MAX_LOCAL_BYTES);
      if (local.ok && blobId(local.bytes) === headBlob) continue;
      head.prefetch(path, headBlob);
    }
  }

  const result = await run({
    root,
    config,
    filterMode: inputs.filterMode,
    changes,
    read,
    list,
    ...(args.today ? { today: args.today } : {}),
    ...(args.deadline !== undefined ? { deadline: args.deadline } : {}),
  });

  if (!inputs.postReview) {
    notes.push("post-review is false: no review was posted.");
    return { result, notes };
  }
  const published = await publishReview({ client, pr, result, prefix, log, env, ...args.publish });
  notes.push(...published.notes);
  return { result, notes };
}
