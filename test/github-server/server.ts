// A loopback GitHub REST API for the tests: validates every request against the operations of
// GitHub's OpenAPI description that the action uses (openapi-extract.json), keeps state (pull
// requests, reviews, review and issue comments, check runs), serves repository contents from a
// real git repository, enforces GitHub's rules (placement of review comments, body lengths,
// annotation batches, permissions) and injects faults on demand.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { readFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import {
  diffHunkFor,
  findDiffLine,
  git,
  gitBuffer,
  parsePatch,
  type DiffLine,
  type ParsedPatch,
  type PrFile,
} from "./git.ts";
import {
  coerceParameter,
  formatErrors,
  validate,
  type JsonSchema,
  type SchemaError,
} from "./schema.ts";
import { repositoryObject, userObject, type Json } from "./events.ts";

export { prFromGitRepo, parsePatch, type PrFile, type GitPullRequest } from "./git.ts";

// ---------------------------------------------------------------------------------------------
// The OpenAPI extract

export interface ExtractParameter {
  name: string;
  in: "path" | "query" | "header";
  required: boolean;
  schema: JsonSchema;
  multiSegment?: boolean;
}

export interface ExtractOperation {
  method: string;
  path: string;
  operationId: string;
  documentationUrl?: string;
  parameters: ExtractParameter[];
  requestBody: { required: boolean; contentType: string; schema: JsonSchema } | null;
  responses: string[];
  successResponse?: {
    status: number;
    type: string;
    required?: string[];
    itemRequired?: string[];
  };
}

export interface OpenApiExtract {
  source: { package: string; version: string; file: string; openapi: string };
  operations: ExtractOperation[];
}

export const openapi: OpenApiExtract = JSON.parse(
  readFileSync(new URL("./openapi-extract.json", import.meta.url), "utf8"),
) as OpenApiExtract;

interface CompiledOperation extends ExtractOperation {
  regex: RegExp;
  pathParams: string[];
  literalSegments: number;
}

const OPERATIONS: CompiledOperation[] = openapi.operations
  .map((op) => {
    const pathParams: string[] = [];
    const multi = new Set(op.parameters.filter((p) => p.multiSegment).map((p) => p.name));
    const source = op.path
      .replace(/[.*+?^$()|[\]\\]/g, "\\$&")
      .replace(/\{(\w+)\}/g, (_, n: string) => {
        pathParams.push(n);
        return multi.has(n) ? "(.+)" : "([^/]+)";
      });
    const literalSegments = op.path.split("/").filter((s) => s && !s.startsWith("{")).length;
    return { ...op, regex: new RegExp(`^${source}$`), pathParams, literalSegments };
  })
  .sort((a, b) => b.literalSegments - a.literalSegments);

/**
 * Fields the OpenAPI description marks required in the operation's success response that `body`
 * lacks (for arrays: missing in any item). For checking that the server answers like GitHub.
 */
export function missingResponseFields(operationId: string, body: unknown): string[] {
  const op = openapi.operations.find((o) => o.operationId === operationId);
  const shape = op?.successResponse;
  if (!shape) return [];
  const missingIn = (value: unknown, required: string[]): string[] =>
    typeof value === "object" && value !== null ? required.filter((k) => !(k in value)) : required;
  if (shape.type === "array") {
    if (!Array.isArray(body)) return ["<array>"];
    return [...new Set(body.flatMap((item: unknown) => missingIn(item, shape.itemRequired ?? [])))];
  }
  return missingIn(body, shape.required ?? []);
}

// ---------------------------------------------------------------------------------------------
// Public types

export type Permission = "write" | "read" | "none";

/** GITHUB_TOKEN permission scopes the action's requests need. */
export interface Permissions {
  pull_requests: Permission;
  issues: Permission;
  checks: Permission;
  contents: Permission;
  metadata: Permission;
}

export interface PullRequestInput {
  number: number;
  headSha: string;
  baseSha: string;
  headRef?: string;
  baseRef?: string;
  files: PrFile[];
  /** Whole diff text for the diff media type; rebuilt from the patches when absent. */
  diff?: string;
  title?: string;
  body?: string | null;
  /** Author login; "octocat" unless given. */
  author?: string;
  /** Owner of the fork the head branch lives in (a fork PR); absent for same-repository PRs. */
  forkOwner?: string;
  draft?: boolean;
}

export interface StoredPull {
  number: number;
  title: string;
  body: string | null;
  author: string;
  headSha: string;
  baseSha: string;
  headRef: string;
  baseRef: string;
  forkOwner?: string;
  draft: boolean;
  files: PrFile[];
  diff?: string;
  /** Files of every head this PR had, by head SHA (for outdated comments and old commit_ids). */
  versions: Map<string, PrFile[]>;
  createdAt: string;
  updatedAt: string;
}

export interface StoredReview {
  id: number;
  node_id: string;
  pull_number: number;
  user: Json;
  body: string;
  state: "COMMENTED" | "APPROVED" | "CHANGES_REQUESTED" | "PENDING" | "DISMISSED";
  commit_id: string;
  submitted_at?: string;
  commentIds: number[];
}

export interface StoredReviewComment {
  id: number;
  node_id: string;
  pull_number: number;
  pull_request_review_id: number;
  path: string;
  body: string;
  user: Json;
  commit_id: string;
  original_commit_id: string;
  diff_hunk: string;
  line: number | null;
  original_line: number;
  start_line: number | null;
  original_start_line: number | null;
  side: "LEFT" | "RIGHT";
  start_side: "LEFT" | "RIGHT" | null;
  position: number | null;
  original_position: number;
  in_reply_to_id?: number;
  created_at: string;
  updated_at: string;
  /** Thread state (GraphQL resolveReviewThread); threads are keyed by their first comment. */
  resolved: boolean;
}

export interface StoredIssueComment {
  id: number;
  node_id: string;
  issue_number: number;
  body: string;
  user: Json;
  /** author_association when not the default (CONTRIBUTOR for users, NONE for bots). */
  association?: string;
  created_at: string;
  updated_at: string;
}

export interface CheckRunAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  start_column?: number;
  end_column?: number;
  annotation_level: "notice" | "warning" | "failure";
  message: string;
  title?: string;
  raw_details?: string;
}

export interface StoredCheckRun {
  id: number;
  node_id: string;
  name: string;
  head_sha: string;
  status: string;
  conclusion: string | null;
  started_at: string | null;
  completed_at: string | null;
  details_url: string | null;
  external_id: string | null;
  output: { title: string | null; summary: string | null; text: string | null };
  annotations: CheckRunAnnotation[];
  /** Number of annotations sent by each create/update request, in order. */
  annotationBatches: number[];
}

export interface RecordedRequest {
  /** Sequence number, from 1. */
  seq: number;
  method: string;
  /** Path without the query string, e.g. "/repos/octo-org/octo-repo/pulls/1/files". */
  path: string;
  query: Record<string, string>;
  /** Lower-cased request headers without `authorization`. */
  headers: Record<string, string>;
  /** Parsed JSON body; the raw text when it is not JSON; undefined when empty. */
  body: unknown;
  /** The matched operation (e.g. "pulls/create-review"), "graphql", or null. */
  operationId: string | null;
  /** The status answered (0 while pending, or when the connection was reset or left hanging). */
  status: number;
  /** Set when a fault answered this request instead of the normal handler. */
  fault?: "status" | "reset" | "hang";
}

export interface Violation {
  kind:
    | "unknown-route"
    | "method-not-allowed"
    | "unknown-repository"
    | "path-parameter"
    | "query-parameter"
    | "body"
    | "graphql";
  message: string;
  errors?: SchemaError[];
  request: RecordedRequest;
}

export interface Fault {
  /** HTTP method to match (any unless given). */
  method?: string;
  /**
   * Request path to match: a string is compared with the path (no query) or with the operation's
   * template ("/repos/{owner}/{repo}/pulls/{pull_number}/files"); a RegExp is tested against the
   * path with its query string.
   */
  path?: string | RegExp;
  operationId?: string;
  /** Query parameters that must all be present with these values (e.g. { page: "2" }). */
  query?: Record<string, string>;
  /** Matching requests to let through before the fault applies. Default 0. */
  skip?: number;
  /** How many matching requests fail. Default 1. */
  times?: number;
  /** Answer with this status (default 500, or 403 for secondaryRateLimit). */
  status?: number;
  headers?: Record<string, string>;
  /** Response body (JSON-encoded unless a string); GitHub's text for the status unless given. */
  body?: unknown;
  /** Answer GitHub's secondary-rate-limit 403 with a `retry-after` header. */
  secondaryRateLimit?: boolean;
  /** Seconds for `retry-after` with secondaryRateLimit. Default 1. */
  retryAfter?: number;
  /** Destroy the connection without answering (ECONNRESET on the client). */
  resetConnection?: boolean;
  /** Never answer (the client times out). The connection is closed by server.close(). */
  hang?: boolean;
  /**
   * Wait this long first. With no status, resetConnection or hang, the request is then answered
   * normally (a slow response).
   */
  delayMs?: number;
}

export interface FaultHandle {
  /** Requests the fault answered. */
  readonly hits: RecordedRequest[];
  /** Failures left. */
  readonly remaining: number;
  cancel(): void;
}

export interface GraphQLRequest {
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string;
}

/** Custom GraphQL handling: return a body to answer with, or undefined to use the default. */
export type GraphQLHandler = (
  request: GraphQLRequest,
  server: GitHubServer,
) => unknown | Promise<unknown>;

export interface GitHubServerOptions {
  /** Token the requests must carry. Default "ghs_0123456789abcdefTESTTOKEN". */
  token?: string;
  owner?: string;
  repo?: string;
  defaultBranch?: string;
  private?: boolean;
  /** Git repository whose objects GET contents/trees/blobs serve (and check-run head_sha). */
  repoDir?: string;
  pulls?: PullRequestInput[];
  /** Every permission "read" (a fork's pull_request token). Overrides `permissions`. */
  readOnly?: boolean;
  /** Token permissions; everything "write" unless given. */
  permissions?: Partial<Permissions>;
  /** GitHub's cap on list-files results. Default 3000. */
  maxListFiles?: number;
  /** Maximum body length of reviews and comments. Default 65536. */
  maxBodyLength?: number;
  graphql?: GraphQLHandler;
  /**
   * The user a personal access token belongs to: GET /user answers with it, reviews and comments
   * are written as that user, and check runs are refused (only Apps may create them). Unset, the
   * token is an installation token (the GITHUB_TOKEN): GET /user is refused and writes are
   * github-actions[bot]'s.
   */
  tokenUser?: string;
  /** Clock for created_at and friends. */
  now?: () => Date;
}

export interface GitHubServer {
  /** Base URL, e.g. "http://127.0.0.1:41234" (GITHUB_API_URL). */
  readonly url: string;
  /** GraphQL endpoint, `${url}/graphql` (GITHUB_GRAPHQL_URL). */
  readonly graphqlUrl: string;
  readonly port: number;
  readonly token: string;
  readonly owner: string;
  readonly repo: string;
  readonly requests: RecordedRequest[];
  readonly violations: Violation[];
  readonly pulls: Map<number, StoredPull>;
  readonly reviews: StoredReview[];
  readonly reviewComments: StoredReviewComment[];
  readonly issueComments: StoredIssueComment[];
  readonly checkRuns: StoredCheckRun[];
  permissions: Permissions;
  addPull(input: PullRequestInput): StoredPull;
  /** A push to the PR branch: new head and files; comments on changed hunks become outdated. */
  updatePull(number: number, update: Partial<Omit<PullRequestInput, "number">>): StoredPull;
  /**
   * Adds an issue comment as someone else (default user "octocat"), of the given account type and
   * author_association (CONTRIBUTOR for users, NONE for bots unless given).
   */
  addIssueComment(
    issueNumber: number,
    body: string,
    login?: string,
    as?: { type?: "User" | "Bot"; association?: string },
  ): StoredIssueComment;
  setReadOnly(readOnly: boolean): void;
  failNext(fault: Fault): FaultHandle;
  clearFaults(): void;
  /** Requests that are not GETs (the writes), optionally of one operation. */
  writes(operationId?: string): RecordedRequest[];
  /** Requests of one operation. */
  requestsOf(operationId: string): RecordedRequest[];
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Constants and helpers

export const DEFAULT_TOKEN = "ghs_0123456789abcdefTESTTOKEN";
export const BOT_LOGIN = "github-actions[bot]";
const DOCS = "https://docs.github.com/rest";

const ALL_WRITE: Permissions = {
  pull_requests: "write",
  issues: "write",
  checks: "write",
  contents: "write",
  metadata: "read",
};

/** Permissions each operation needs: alternatives, each a list of [scope, level] pairs. */
const NEEDS: Record<string, Array<Array<[keyof Permissions, "read" | "write"]>>> = {
  "repos/get": [[["metadata", "read"]]],
  "pulls/get": [[["pull_requests", "read"]]],
  "pulls/list-files": [[["pull_requests", "read"]]],
  "pulls/list-reviews": [[["pull_requests", "read"]]],
  "pulls/create-review": [[["pull_requests", "write"]]],
  "pulls/list-review-comments": [[["pull_requests", "read"]]],
  "pulls/update-review-comment": [[["pull_requests", "write"]]],
  "issues/list-comments": [[["issues", "read"]], [["pull_requests", "read"]]],
  "issues/create-comment": [[["issues", "write"]], [["pull_requests", "write"]]],
  "issues/update-comment": [[["issues", "write"]], [["pull_requests", "write"]]],
  "checks/create": [[["checks", "write"]]],
  "checks/update": [[["checks", "write"]]],
  "checks/list-for-ref": [[["checks", "read"]]],
  "repos/get-content": [[["contents", "read"]]],
  "git/get-tree": [[["contents", "read"]]],
  "git/get-blob": [[["contents", "read"]]],
};

function allows(have: Permission, need: "read" | "write"): boolean {
  return need === "read" ? have !== "none" : have === "write";
}

function statusText(status: number): string {
  const texts: Record<number, string> = {
    400: "Bad Request",
    401: "Bad credentials",
    403: "Forbidden",
    404: "Not Found",
    409: "Conflict",
    422: "Unprocessable Entity",
    429: "Too Many Requests",
    500: "Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
  };
  return texts[status] ?? "Error";
}

/** Characters as GitHub counts them (code points). */
function charLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

function base64Lines(data: Buffer): string {
  return data.toString("base64").replace(/.{60}/g, "$&\n") + "\n";
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(
      typeof body === "object" && body !== null && "message" in body
        ? String(body.message)
        : String(status),
    );
  }
}

interface Context {
  req: IncomingMessage;
  res: ServerResponse;
  record: RecordedRequest;
  op: CompiledOperation;
  params: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
  /** Extra response headers (Link). */
  headers: Record<string, string>;
}

interface ActiveFault {
  fault: Fault;
  skip: number;
  remaining: number;
  hits: RecordedRequest[];
}

// ---------------------------------------------------------------------------------------------
// The server

export async function startGitHubServer(options: GitHubServerOptions = {}): Promise<GitHubServer> {
  const token = options.token ?? DEFAULT_TOKEN;
  const owner = options.owner ?? "octo-org";
  const repo = options.repo ?? "octo-repo";
  const defaultBranch = options.defaultBranch ?? "main";
  const maxListFiles = options.maxListFiles ?? 3000;
  const maxBody = options.maxBodyLength ?? 65536;
  const now = options.now ?? (() => new Date());
  const timestamp = (): string =>
    now()
      .toISOString()
      .replace(/\.\d{3}Z$/, "Z");
  const repoDir = options.repoDir;

  const requests: RecordedRequest[] = [];
  const violations: Violation[] = [];
  const pulls = new Map<number, StoredPull>();
  const reviews: StoredReview[] = [];
  const reviewComments: StoredReviewComment[] = [];
  const issueComments: StoredIssueComment[] = [];
  const checkRuns: StoredCheckRun[] = [];
  const faults: ActiveFault[] = [];
  const sockets = new Set<Socket>();
  let nextId = 1000;
  let seq = 0;
  let rateRemaining = 5000;
  const id = (): number => ++nextId;
  // Who the token writes as: github-actions[bot] for an installation token, else its user.
  const author = options.tokenUser ?? BOT_LOGIN;
  const bot = (): Json =>
    options.tokenUser ? userObject(options.tokenUser) : userObject(BOT_LOGIN, "Bot");

  let base = "";
  const api = (): string => `${base}/repos/${owner}/${repo}`;
  const html = `https://github.com/${owner}/${repo}`;
  const repository = (): Json => {
    const r = repositoryObject({ owner, repo, defaultBranch, private: options.private });
    // URLs point at this server, like GitHub's point at api.github.com.
    return JSON.parse(JSON.stringify(r).split("https://api.github.com").join(base)) as Json;
  };

  function violate(
    kind: Violation["kind"],
    record: RecordedRequest,
    message: string,
    errors?: SchemaError[],
  ): void {
    violations.push({ kind, message, errors, request: record });
  }

  // ---- state helpers

  function addPull(input: PullRequestInput): StoredPull {
    const t = timestamp();
    const pull: StoredPull = {
      number: input.number,
      title: input.title ?? `Pull request #${input.number}`,
      body: input.body ?? null,
      author: input.author ?? "octocat",
      headSha: input.headSha,
      baseSha: input.baseSha,
      headRef: input.headRef ?? "feature",
      baseRef: input.baseRef ?? defaultBranch,
      forkOwner: input.forkOwner,
      draft: input.draft ?? false,
      files: input.files,
      diff: input.diff,
      versions: new Map([[input.headSha, input.files]]),
      createdAt: t,
      updatedAt: t,
    };
    pulls.set(input.number, pull);
    return pull;
  }

  function updatePull(
    number: number,
    update: Partial<Omit<PullRequestInput, "number">>,
  ): StoredPull {
    const pull = pulls.get(number);
    if (!pull) throw new Error(`no pull request #${number}`);
    const oldFiles = pull.files;
    if (update.headSha !== undefined) pull.headSha = update.headSha;
    if (update.baseSha !== undefined) pull.baseSha = update.baseSha;
    if (update.headRef !== undefined) pull.headRef = update.headRef;
    if (update.baseRef !== undefined) pull.baseRef = update.baseRef;
    if (update.title !== undefined) pull.title = update.title;
    if (update.body !== undefined) pull.body = update.body;
    if (update.draft !== undefined) pull.draft = update.draft;
    if (update.files !== undefined) {
      pull.files = update.files;
      pull.diff = update.diff;
    }
    pull.versions.set(pull.headSha, pull.files);
    pull.updatedAt = timestamp();
    // Comments whose file's diff changed are outdated: GitHub nulls line and position.
    for (const c of reviewComments) {
      if (c.pull_number !== number || c.line === null) continue;
      const before = oldFiles.find((f) => f.filename === c.path)?.patch;
      const after = pull.files.find((f) => f.filename === c.path)?.patch;
      if (before !== after) {
        c.line = null;
        c.start_line = null;
        c.position = null;
      }
      c.commit_id = pull.headSha;
    }
    return pull;
  }

  function addIssueComment(
    issueNumber: number,
    body: string,
    login = "octocat",
    as: { type?: "User" | "Bot"; association?: string } = {},
  ): StoredIssueComment {
    const t = timestamp();
    const n = id();
    const comment: StoredIssueComment = {
      id: n,
      node_id: `IC_kwDO${n}`,
      issue_number: issueNumber,
      body,
      user: login === author && !as.type ? bot() : userObject(login, as.type ?? "User"),
      created_at: t,
      updated_at: t,
      ...(as.association ? { association: as.association } : {}),
    };
    issueComments.push(comment);
    return comment;
  }

  for (const p of options.pulls ?? []) addPull(p);

  // ---- response shapes

  function pullObject(pull: StoredPull): Json {
    const repoObj = repository();
    const headRepo = pull.forkOwner
      ? { ...repositoryObject({ owner: pull.forkOwner, repo, ownerType: "User" }), fork: true }
      : repoObj;
    const n = pull.number;
    const a = api();
    const additions = pull.files.reduce((s, f) => s + f.additions, 0);
    const deletions = pull.files.reduce((s, f) => s + f.deletions, 0);
    return {
      url: `${a}/pulls/${n}`,
      id: 900000 + n,
      node_id: `PR_kwDO${n}`,
      html_url: `${html}/pull/${n}`,
      diff_url: `${html}/pull/${n}.diff`,
      patch_url: `${html}/pull/${n}.patch`,
      issue_url: `${a}/issues/${n}`,
      commits_url: `${a}/pulls/${n}/commits`,
      review_comments_url: `${a}/pulls/${n}/comments`,
      review_comment_url: `${a}/pulls/comments{/number}`,
      comments_url: `${a}/issues/${n}/comments`,
      statuses_url: `${a}/statuses/${pull.headSha}`,
      number: n,
      state: "open",
      locked: false,
      title: pull.title,
      user: userObject(pull.author),
      body: pull.body,
      labels: [],
      milestone: null,
      active_lock_reason: null,
      created_at: pull.createdAt,
      updated_at: pull.updatedAt,
      closed_at: null,
      merged_at: null,
      merge_commit_sha: null,
      assignee: null,
      assignees: [],
      requested_reviewers: [],
      requested_teams: [],
      head: {
        label: `${pull.forkOwner ?? owner}:${pull.headRef}`,
        ref: pull.headRef,
        sha: pull.headSha,
        user: pull.forkOwner ? userObject(pull.forkOwner) : repoObj.owner,
        repo: headRepo,
      },
      base: {
        label: `${owner}:${pull.baseRef}`,
        ref: pull.baseRef,
        sha: pull.baseSha,
        user: repoObj.owner,
        repo: repoObj,
      },
      _links: {
        self: { href: `${a}/pulls/${n}` },
        html: { href: `${html}/pull/${n}` },
        issue: { href: `${a}/issues/${n}` },
        comments: { href: `${a}/issues/${n}/comments` },
        review_comments: { href: `${a}/pulls/${n}/comments` },
        review_comment: { href: `${a}/pulls/comments{/number}` },
        commits: { href: `${a}/pulls/${n}/commits` },
        statuses: { href: `${a}/statuses/${pull.headSha}` },
      },
      author_association: "CONTRIBUTOR",
      auto_merge: null,
      draft: pull.draft,
      merged: false,
      mergeable: true,
      rebaseable: true,
      mergeable_state: "clean",
      merged_by: null,
      comments: issueComments.filter((c) => c.issue_number === n).length,
      review_comments: reviewComments.filter((c) => c.pull_number === n).length,
      maintainer_can_modify: false,
      commits: 1,
      additions,
      deletions,
      changed_files: pull.files.length,
    };
  }

  function fileObject(pull: StoredPull, f: PrFile): Json {
    const path = f.filename.split("/").map(encodeURIComponent).join("/");
    const out: Json = {
      sha: f.sha,
      filename: f.filename,
      status: f.status,
      additions: f.additions,
      deletions: f.deletions,
      changes: f.changes,
      blob_url: `${html}/blob/${pull.headSha}/${path}`,
      raw_url: `${html}/raw/${pull.headSha}/${path}`,
      contents_url: `${api()}/contents/${path}?ref=${pull.headSha}`,
    };
    if (f.patch !== undefined) out.patch = f.patch;
    if (f.previous_filename !== undefined) out.previous_filename = f.previous_filename;
    return out;
  }

  function reviewObject(r: StoredReview): Json {
    const out: Json = {
      id: r.id,
      node_id: r.node_id,
      user: r.user,
      body: r.body,
      state: r.state,
      html_url: `${html}/pull/${r.pull_number}#pullrequestreview-${r.id}`,
      pull_request_url: `${api()}/pulls/${r.pull_number}`,
      author_association: "NONE",
      _links: {
        html: { href: `${html}/pull/${r.pull_number}#pullrequestreview-${r.id}` },
        pull_request: { href: `${api()}/pulls/${r.pull_number}` },
      },
      commit_id: r.commit_id,
    };
    if (r.submitted_at) out.submitted_at = r.submitted_at;
    return out;
  }

  function reviewCommentObject(c: StoredReviewComment): Json {
    const url = `${api()}/pulls/comments/${c.id}`;
    const htmlUrl = `${html}/pull/${c.pull_number}#discussion_r${c.id}`;
    const out: Json = {
      url,
      pull_request_review_id: c.pull_request_review_id,
      id: c.id,
      node_id: c.node_id,
      diff_hunk: c.diff_hunk,
      path: c.path,
      position: c.position,
      original_position: c.original_position,
      commit_id: c.commit_id,
      original_commit_id: c.original_commit_id,
      user: c.user,
      body: c.body,
      created_at: c.created_at,
      updated_at: c.updated_at,
      html_url: htmlUrl,
      pull_request_url: `${api()}/pulls/${c.pull_number}`,
      author_association: "NONE",
      _links: {
        self: { href: url },
        html: { href: htmlUrl },
        pull_request: { href: `${api()}/pulls/${c.pull_number}` },
      },
      reactions: reactions(url),
      start_line: c.start_line,
      original_start_line: c.original_start_line,
      start_side: c.start_side,
      line: c.line,
      original_line: c.original_line,
      side: c.side,
      subject_type: "line",
    };
    if (c.in_reply_to_id !== undefined) out.in_reply_to_id = c.in_reply_to_id;
    return out;
  }

  function reactions(url: string): Json {
    return {
      url: `${url}/reactions`,
      total_count: 0,
      "+1": 0,
      "-1": 0,
      laugh: 0,
      hooray: 0,
      confused: 0,
      heart: 0,
      rocket: 0,
      eyes: 0,
    };
  }

  function issueCommentObject(c: StoredIssueComment): Json {
    const url = `${api()}/issues/comments/${c.id}`;
    return {
      id: c.id,
      node_id: c.node_id,
      url,
      html_url: `${html}/pull/${c.issue_number}#issuecomment-${c.id}`,
      body: c.body,
      user: c.user,
      created_at: c.created_at,
      updated_at: c.updated_at,
      issue_url: `${api()}/issues/${c.issue_number}`,
      author_association: c.association ?? (c.user.type === "Bot" ? "NONE" : "CONTRIBUTOR"),
      performed_via_github_app: null,
      reactions: reactions(url),
    };
  }

  function checkRunObject(r: StoredCheckRun): Json {
    const url = `${api()}/check-runs/${r.id}`;
    return {
      id: r.id,
      head_sha: r.head_sha,
      node_id: r.node_id,
      external_id: r.external_id,
      url,
      html_url: `${html}/runs/${r.id}`,
      details_url: r.details_url ?? `${html}/runs/${r.id}`,
      status: r.status,
      conclusion: r.conclusion,
      started_at: r.started_at,
      completed_at: r.completed_at,
      output: {
        title: r.output.title,
        summary: r.output.summary,
        text: r.output.text,
        annotations_count: r.annotations.length,
        annotations_url: `${url}/annotations`,
      },
      name: r.name,
      check_suite: { id: 5000 + r.id },
      app: {
        id: 15368,
        slug: "github-actions",
        node_id: "MDM6QXBwMTUzNjg=",
        owner: userObject("github", "Organization"),
        name: "GitHub Actions",
        description: "Automate your workflow from idea to production",
        external_url: "https://help.github.com/en/actions",
        html_url: "https://github.com/apps/github-actions",
        created_at: "2018-07-30T09:30:17Z",
        updated_at: "2019-12-10T19:04:12Z",
        permissions: {},
        events: [],
      },
      pull_requests: [...pulls.values()]
        .filter((p) => p.headSha === r.head_sha)
        .map((p) => ({
          url: `${api()}/pulls/${p.number}`,
          id: 900000 + p.number,
          number: p.number,
          head: { ref: p.headRef, sha: p.headSha, repo: { id: 1, url: api(), name: repo } },
          base: { ref: p.baseRef, sha: p.baseSha, repo: { id: 1, url: api(), name: repo } },
        })),
    };
  }

  /** The head commit of a branch name, for refs given by name. */
  function pullHeadRef(ref: string | undefined): string | undefined {
    for (const p of pulls.values()) if (p.headRef === ref) return p.headSha;
    return undefined;
  }

  // ---- pagination

  function paginate<T>(ctx: Context, items: T[]): T[] {
    const perPage = Math.min(100, Math.max(1, Number(ctx.query.per_page ?? 30) || 30));
    const page = Math.max(1, Number(ctx.query.page ?? 1) || 1);
    const last = Math.max(1, Math.ceil(items.length / perPage));
    const link = (p: number): string => {
      const q = new URLSearchParams({ ...ctx.query, per_page: String(perPage), page: String(p) });
      return `${base}${ctx.record.path}?${q.toString()}`;
    };
    const rels: string[] = [];
    if (page > 1) rels.push(`<${link(Math.min(page - 1, last))}>; rel="prev"`);
    if (page < last) rels.push(`<${link(page + 1)}>; rel="next"`, `<${link(last)}>; rel="last"`);
    if (page > 1) rels.push(`<${link(1)}>; rel="first"`);
    if (rels.length > 0) ctx.headers.link = rels.join(", ");
    return items.slice((page - 1) * perPage, page * perPage);
  }

  // ---- rules

  function unprocessable(
    ctx: Context,
    errors: unknown[],
    message = "Unprocessable Entity",
  ): HttpError {
    return new HttpError(422, {
      message,
      errors,
      documentation_url: ctx.op.documentationUrl ?? DOCS,
      status: "422",
    });
  }

  function requirePull(ctx: Context, key = "pull_number"): StoredPull {
    const pull = pulls.get(Number(ctx.params[key]));
    if (!pull) throw notFound(ctx);
    return pull;
  }

  function notFound(ctx: Context): HttpError {
    return new HttpError(404, {
      message: "Not Found",
      documentation_url: ctx.op.documentationUrl ?? DOCS,
      status: "404",
    });
  }

  function checkBodyLength(ctx: Context, body: unknown, resource: string): void {
    if (typeof body === "string" && charLength(body) > maxBody) {
      throw new HttpError(422, {
        message: "Validation Failed",
        errors: [
          {
            resource,
            code: "custom",
            field: "body",
            message: `body is too long (maximum is ${maxBody} characters)`,
          },
        ],
        documentation_url: ctx.op.documentationUrl ?? DOCS,
        status: "422",
      });
    }
  }

  interface Placement {
    path: string;
    body: string;
    target: DiffLine;
    start?: DiffLine;
    side: "LEFT" | "RIGHT";
    startSide: "LEFT" | "RIGHT" | null;
    parsed: ParsedPatch;
  }

  /** Places one review comment like GitHub, or returns GitHub's error text. */
  function place(files: PrFile[], c: Record<string, unknown>): Placement | string {
    const path = String(c.path);
    const file = files.find((f) => f.filename === path);
    if (!file) return "Path could not be resolved";
    const parsed = file.patch === undefined ? undefined : parsePatch(file.patch);
    const side = c.side === undefined ? "RIGHT" : c.side;
    if (side !== "RIGHT" && side !== "LEFT") return "Side must be one of LEFT or RIGHT";
    let target: DiffLine | undefined;
    if (c.line === undefined) {
      if (c.position === undefined) return "Pull request review thread line must be present";
      target = parsed?.lines.find((l) => l.position === c.position);
      if (!target) return "Pull request review thread position is invalid";
    } else {
      target = parsed && findDiffLine(parsed, side, Number(c.line));
    }
    if (!target || !parsed) {
      return "Pull request review thread line must be part of the diff and Pull request review thread diff hunk can't be blank";
    }
    let start: DiffLine | undefined;
    let startSide: "LEFT" | "RIGHT" | null = null;
    if (c.start_line !== undefined) {
      const ss = c.start_side === undefined ? side : c.start_side;
      if (ss !== "RIGHT" && ss !== "LEFT") return "Start side must be one of LEFT or RIGHT";
      startSide = ss;
      start = findDiffLine(parsed, ss, Number(c.start_line));
      if (!start) return "Pull request review thread start line must be part of the diff";
      if (start.position >= target.position) {
        return "Pull request review thread start line must precede the end line.";
      }
      if (start.hunk !== target.hunk) {
        return "Pull request review thread start line must be part of the same hunk as the line.";
      }
    } else if (c.start_side !== undefined) {
      return "Pull request review thread start side requires a start line";
    }
    return { path, body: String(c.body), target, start, side, startSide, parsed };
  }

  // ---- operation handlers

  type Handler = (ctx: Context) => Promise<[number, unknown] | void> | [number, unknown] | void;

  async function gitOrNotFound<T>(ctx: Context, f: (dir: string) => Promise<T>): Promise<T> {
    if (!repoDir) throw notFound(ctx);
    try {
      return await f(repoDir);
    } catch (e) {
      if (e instanceof HttpError) throw e;
      throw notFound(ctx);
    }
  }

  function wantsRaw(ctx: Context): boolean {
    return /application\/vnd\.github(\.v3)?\.raw/.test(ctx.record.headers.accept ?? "");
  }

  function sendRaw(ctx: Context, data: Buffer): void {
    ctx.res.writeHead(200, { ...standardHeaders(), "content-type": "text/plain; charset=utf-8" });
    ctx.res.end(data);
    ctx.record.status = 200;
  }

  const handlers: Record<string, Handler> = {
    // The full-repository shape has a few fields webhook repositories lack.
    "repos/get": () => [
      200,
      { ...repository(), has_discussions: false, network_count: 0, subscribers_count: 0 },
    ],

    "pulls/get": (ctx) => {
      const pull = requirePull(ctx);
      if (/application\/vnd\.github(\.v3)?\.diff/.test(ctx.record.headers.accept ?? "")) {
        const diff =
          pull.diff ??
          pull.files
            .map((f) => {
              const from = f.previous_filename ?? f.filename;
              return `diff --git a/${from} b/${f.filename}\n--- a/${from}\n+++ b/${f.filename}\n${f.patch ?? ""}\n`;
            })
            .join("");
        sendRaw(ctx, Buffer.from(diff));
        return;
      }
      return [200, pullObject(pull)];
    },

    "pulls/list-files": (ctx) => {
      const pull = requirePull(ctx);
      const files = pull.files.slice(0, maxListFiles).map((f) => fileObject(pull, f));
      return [200, paginate(ctx, files)];
    },

    "pulls/list-reviews": (ctx) => {
      const pull = requirePull(ctx);
      return [
        200,
        paginate(ctx, reviews.filter((r) => r.pull_number === pull.number).map(reviewObject)),
      ];
    },

    "pulls/list-review-comments": (ctx) => {
      const pull = requirePull(ctx);
      const list = reviewComments.filter((c) => c.pull_number === pull.number);
      if (ctx.query.direction === "desc") list.reverse();
      return [200, paginate(ctx, list.map(reviewCommentObject))];
    },

    "pulls/create-review": (ctx) => {
      const pull = requirePull(ctx);
      const body = (isObject(ctx.body) ? ctx.body : {}) as Record<string, unknown>;
      checkBodyLength(ctx, body.body, "PullRequestReview");
      const comments = Array.isArray(body.comments)
        ? (body.comments as Record<string, unknown>[])
        : [];
      for (const c of comments) checkBodyLength(ctx, c.body, "PullRequestReviewComment");
      const event = body.event as string | undefined;
      if (
        (event === "COMMENT" || event === "REQUEST_CHANGES") &&
        !body.body &&
        comments.length === 0
      ) {
        throw unprocessable(ctx, ["Review body can't be blank"]);
      }
      const commitId = typeof body.commit_id === "string" ? body.commit_id : pull.headSha;
      const files = pull.versions.get(commitId);
      if (!files) throw unprocessable(ctx, [`No commit found for SHA: ${commitId}`]);
      const placements: Placement[] = [];
      const errors: string[] = [];
      for (const c of comments) {
        const p = place(files, c);
        if (typeof p === "string") errors.push(p);
        else placements.push(p);
      }
      // GitHub rejects the whole review when any comment cannot be placed.
      if (errors.length > 0) throw unprocessable(ctx, [...new Set(errors)]);
      const t = timestamp();
      const reviewId = id();
      const review: StoredReview = {
        id: reviewId,
        node_id: `PRR_kwDO${reviewId}`,
        pull_number: pull.number,
        user: bot(),
        body: typeof body.body === "string" ? body.body : "",
        state:
          event === "APPROVE"
            ? "APPROVED"
            : event === "REQUEST_CHANGES"
              ? "CHANGES_REQUESTED"
              : event === "COMMENT"
                ? "COMMENTED"
                : "PENDING",
        commit_id: commitId,
        submitted_at: event ? t : undefined,
        commentIds: [],
      };
      reviews.push(review);
      for (const p of placements) {
        const n = id();
        reviewComments.push({
          id: n,
          node_id: `PRRC_kwDO${n}`,
          pull_number: pull.number,
          pull_request_review_id: reviewId,
          path: p.path,
          body: p.body,
          user: bot(),
          commit_id: commitId,
          original_commit_id: commitId,
          diff_hunk: diffHunkFor(p.parsed, p.target),
          line: (p.side === "RIGHT" ? p.target.newLine : p.target.oldLine) ?? null,
          original_line: (p.side === "RIGHT" ? p.target.newLine : p.target.oldLine) ?? 0,
          start_line: p.start
            ? ((p.startSide === "LEFT" ? p.start.oldLine : p.start.newLine) ?? null)
            : null,
          original_start_line: p.start
            ? ((p.startSide === "LEFT" ? p.start.oldLine : p.start.newLine) ?? null)
            : null,
          side: p.side,
          start_side: p.startSide,
          position: p.target.position,
          original_position: p.target.position,
          created_at: t,
          updated_at: t,
          resolved: false,
        });
        review.commentIds.push(n);
      }
      return [200, reviewObject(review)];
    },

    "pulls/update-review-comment": (ctx) => {
      const comment = reviewComments.find((c) => c.id === Number(ctx.params.comment_id));
      if (!comment) throw notFound(ctx);
      const body = ctx.body as { body: string };
      checkBodyLength(ctx, body.body, "PullRequestReviewComment");
      comment.body = body.body;
      comment.updated_at = timestamp();
      return [200, reviewCommentObject(comment)];
    },

    "issues/list-comments": (ctx) => {
      const n = Number(ctx.params.issue_number);
      if (!pulls.has(n)) throw notFound(ctx);
      const since = ctx.query.since;
      const list = issueComments.filter(
        (c) => c.issue_number === n && (since === undefined || c.updated_at >= since),
      );
      return [200, paginate(ctx, list.map(issueCommentObject))];
    },

    "issues/create-comment": (ctx) => {
      const n = Number(ctx.params.issue_number);
      if (!pulls.has(n)) throw notFound(ctx);
      const body = ctx.body as { body: string };
      checkBodyLength(ctx, body.body, "IssueComment");
      const comment = addIssueComment(n, body.body, author);
      return [201, issueCommentObject(comment)];
    },

    "issues/update-comment": (ctx) => {
      const comment = issueComments.find((c) => c.id === Number(ctx.params.comment_id));
      if (!comment) throw notFound(ctx);
      const body = ctx.body as { body: string };
      checkBodyLength(ctx, body.body, "IssueComment");
      comment.body = body.body;
      comment.updated_at = timestamp();
      return [200, issueCommentObject(comment)];
    },

    "checks/create": async (ctx) => {
      if (options.tokenUser) {
        throw new HttpError(403, {
          message: "You must authenticate via a GitHub App.",
          documentation_url: `${DOCS}/checks/runs#create-a-check-run`,
          status: "403",
        });
      }
      const body = ctx.body as Record<string, unknown>;
      const headSha = String(body.head_sha);
      if (!(await knownCommit(headSha))) {
        throw unprocessable(ctx, [`No commit found for SHA: ${headSha}`], "Validation Failed");
      }
      const n = id();
      const run: StoredCheckRun = {
        id: n,
        node_id: `CR_kwDO${n}`,
        name: String(body.name),
        head_sha: headSha,
        status: "queued",
        conclusion: null,
        started_at: timestamp(),
        completed_at: null,
        details_url: null,
        external_id: null,
        output: { title: null, summary: null, text: null },
        annotations: [],
        annotationBatches: [],
      };
      applyCheckRun(ctx, run, body);
      checkRuns.push(run);
      return [201, checkRunObject(run)];
    },

    "checks/list-for-ref": (ctx) => {
      const name = ctx.query.check_name;
      const runs = checkRuns.filter(
        (r) =>
          (r.head_sha === ctx.params.ref || pullHeadRef(ctx.params.ref) === r.head_sha) &&
          (name === undefined || r.name === name),
      );
      const page = paginate(ctx, runs.map(checkRunObject));
      return [200, { total_count: runs.length, check_runs: page }];
    },

    "users/get-authenticated": () => {
      if (!options.tokenUser) {
        throw new HttpError(403, {
          message: "Resource not accessible by integration",
          documentation_url: `${DOCS}/users/users#get-the-authenticated-user`,
          status: "403",
        });
      }
      return [200, { ...(userObject(options.tokenUser) as object), name: null, email: null }];
    },

    "checks/update": (ctx) => {
      const run = checkRuns.find((r) => r.id === Number(ctx.params.check_run_id));
      if (!run) throw notFound(ctx);
      applyCheckRun(ctx, run, ctx.body as Record<string, unknown>);
      return [200, checkRunObject(run)];
    },

    "repos/get-content": (ctx) =>
      gitOrNotFound(ctx, async (dir) => {
        const ref = ctx.query.ref ?? defaultBranch;
        const path = ctx.params.path.replace(/\/+$/, "");
        const spec = `${ref}:${path}`;
        const type = (await git(dir, ["cat-file", "-t", spec])).trim();
        const sha = (await git(dir, ["rev-parse", spec])).trim();
        if (type === "blob") {
          const data = await gitBuffer(dir, ["cat-file", "blob", sha]);
          if (wantsRaw(ctx)) {
            sendRaw(ctx, data);
            return;
          }
          const tooLarge = data.length > 1024 * 1024;
          return [
            200,
            {
              ...contentEntry(path, "file", sha, data.length, ref),
              content: tooLarge ? "" : base64Lines(data),
              encoding: tooLarge ? "none" : "base64",
            },
          ];
        }
        if (type === "tree") {
          const entries = await lsTree(dir, sha, false);
          return [
            200,
            entries.map((e) =>
              contentEntry(
                path ? `${path}/${e.path}` : e.path,
                e.type === "tree"
                  ? "dir"
                  : e.type === "commit"
                    ? "submodule"
                    : e.mode === "120000"
                      ? "symlink"
                      : "file",
                e.sha,
                e.size ?? 0,
                ref,
              ),
            ),
          ];
        }
        throw notFound(ctx);
      }),

    "git/get-tree": (ctx) =>
      gitOrNotFound(ctx, async (dir) => {
        const sha = (
          await git(dir, ["rev-parse", "--verify", `${ctx.params.tree_sha}^{tree}`])
        ).trim();
        const entries = await lsTree(dir, sha, ctx.query.recursive !== undefined);
        return [
          200,
          {
            sha,
            url: `${api()}/git/trees/${sha}`,
            tree: entries.map((e) => ({
              path: e.path,
              mode: e.mode,
              type: e.type,
              sha: e.sha,
              ...(e.size === undefined ? {} : { size: e.size }),
              url: `${api()}/git/${e.type === "tree" ? "trees" : "blobs"}/${e.sha}`,
            })),
            truncated: false,
          },
        ];
      }),

    "git/get-blob": (ctx) =>
      gitOrNotFound(ctx, async (dir) => {
        const sha = ctx.params.file_sha;
        if (!/^[0-9a-f]{40}$/.test(sha)) {
          throw unprocessable(
            ctx,
            [],
            "The sha parameter must be exactly 40 characters and contain only [0-9a-f].",
          );
        }
        if ((await git(dir, ["cat-file", "-t", sha])).trim() !== "blob") throw notFound(ctx);
        const data = await gitBuffer(dir, ["cat-file", "blob", sha]);
        if (wantsRaw(ctx)) {
          sendRaw(ctx, data);
          return;
        }
        return [
          200,
          {
            sha,
            node_id: `B_kwDO${sha.slice(0, 12)}`,
            size: data.length,
            url: `${api()}/git/blobs/${sha}`,
            content: base64Lines(data),
            encoding: "base64",
          },
        ];
      }),
  };

  function contentEntry(path: string, type: string, sha: string, size: number, ref: string): Json {
    const enc = path.split("/").map(encodeURIComponent).join("/");
    const url = `${api()}/contents/${enc}?ref=${encodeURIComponent(ref)}`;
    const gitUrl = `${api()}/git/${type === "dir" ? "trees" : "blobs"}/${sha}`;
    const htmlUrl = `${html}/${type === "dir" ? "tree" : "blob"}/${ref}/${enc}`;
    return {
      type,
      size,
      name: path.split("/").pop() ?? path,
      path,
      sha,
      url,
      git_url: gitUrl,
      html_url: htmlUrl,
      download_url:
        type === "file" ? `https://raw.githubusercontent.com/${owner}/${repo}/${ref}/${enc}` : null,
      _links: { self: url, git: gitUrl, html: htmlUrl },
    };
  }

  interface TreeEntry {
    mode: string;
    type: string;
    sha: string;
    size?: number;
    path: string;
  }

  async function lsTree(dir: string, sha: string, recursive: boolean): Promise<TreeEntry[]> {
    const args = ["ls-tree", "-l", "-z", ...(recursive ? ["-r", "-t"] : []), sha];
    return (await git(dir, args))
      .split("\0")
      .filter(Boolean)
      .map((line) => {
        const tab = line.indexOf("\t");
        const [mode, type, objectSha, size] = line.slice(0, tab).split(/\s+/);
        return {
          mode,
          type,
          sha: objectSha,
          size: size === "-" ? undefined : Number(size),
          path: line.slice(tab + 1),
        };
      });
  }

  async function knownCommit(sha: string): Promise<boolean> {
    for (const p of pulls.values()) {
      if (p.baseSha === sha || p.versions.has(sha)) return true;
    }
    if (repoDir) {
      try {
        await git(repoDir, ["cat-file", "-e", `${sha}^{commit}`]);
        return true;
      } catch {
        return false;
      }
    }
    return pulls.size === 0 && /^[0-9a-f]{40}$/.test(sha);
  }

  function applyCheckRun(ctx: Context, run: StoredCheckRun, body: Record<string, unknown>): void {
    const output = isObject(body.output) ? body.output : undefined;
    const annotations = (output?.annotations ?? []) as CheckRunAnnotation[];
    const problems: unknown[] = [];
    for (const a of annotations) {
      if (a.start_line > a.end_line) {
        problems.push({
          resource: "CheckRun",
          code: "custom",
          field: "annotations",
          message: "start_line must be less than or equal to end_line",
        });
      }
      if (
        (a.start_column !== undefined || a.end_column !== undefined) &&
        a.start_line !== a.end_line
      ) {
        problems.push({
          resource: "CheckRun",
          code: "custom",
          field: "annotations",
          message:
            "start_column and end_column may only be used when start_line and end_line are the same",
        });
      }
    }
    const completing = body.status === "completed" || body.completed_at !== undefined;
    if (completing && body.conclusion === undefined && run.conclusion === null) {
      problems.push({ resource: "CheckRun", code: "missing_field", field: "conclusion" });
    }
    if (problems.length > 0) throw unprocessable(ctx, problems, "Validation Failed");
    if (typeof body.name === "string") run.name = body.name;
    if (typeof body.details_url === "string") run.details_url = body.details_url;
    if (typeof body.external_id === "string") run.external_id = body.external_id;
    if (typeof body.started_at === "string") run.started_at = body.started_at;
    if (typeof body.status === "string") run.status = body.status;
    if (typeof body.conclusion === "string") {
      run.conclusion = body.conclusion;
      run.status = "completed";
    }
    if (run.status === "completed") {
      run.completed_at =
        typeof body.completed_at === "string"
          ? body.completed_at
          : (run.completed_at ?? timestamp());
    }
    if (output) {
      if (typeof output.title === "string") run.output.title = output.title;
      if (typeof output.summary === "string") run.output.summary = output.summary;
      if (typeof output.text === "string") run.output.text = output.text;
    }
    run.annotations.push(...annotations);
    run.annotationBatches.push(annotations.length);
  }

  // ---- GraphQL (not in the REST description): review threads, resolve/unresolve

  async function handleGraphql(record: RecordedRequest, res: ServerResponse): Promise<void> {
    const body = record.body;
    if (
      !isObject(body) ||
      typeof body.query !== "string" ||
      (body.variables !== undefined && !isObject(body.variables))
    ) {
      violate(
        "graphql",
        record,
        "GraphQL request body must be { query: string, variables?: object }",
      );
      send(res, record, 400, {
        message: "Problems parsing JSON",
        documentation_url: "https://docs.github.com/graphql",
      });
      return;
    }
    const request = body as unknown as GraphQLRequest;
    if (options.graphql) {
      const answer = await options.graphql(request, server);
      if (answer !== undefined) {
        send(res, record, 200, answer);
        return;
      }
    }
    send(res, record, 200, defaultGraphql(record, request));
  }

  function threadNode(root: StoredReviewComment): Json {
    const thread = reviewComments.filter((c) => c.id === root.id || c.in_reply_to_id === root.id);
    return {
      id: `PRRT_kwDO${root.id}`,
      isResolved: root.resolved,
      isOutdated: root.line === null,
      path: root.path,
      line: root.line,
      startLine: root.start_line,
      comments: {
        totalCount: thread.length,
        pageInfo: { hasNextPage: false, endCursor: null },
        nodes: thread.map((c) => ({
          id: c.node_id,
          databaseId: c.id,
          body: c.body,
          path: c.path,
          line: c.line,
          outdated: c.line === null,
          author: { login: String(c.user.login).replace(/\[bot\]$/, "") },
        })),
      },
    };
  }

  function defaultGraphql(record: RecordedRequest, request: GraphQLRequest): unknown {
    const vars = request.variables ?? {};
    const query = request.query;
    const isMutation = /^\s*mutation\b/.test(query);
    if (isMutation && !allows(server.permissions.pull_requests, "write")) {
      return {
        data: null,
        errors: [
          { type: "FORBIDDEN", message: "Resource not accessible by integration", path: [] },
        ],
      };
    }
    const resolve = /\b(un)?resolveReviewThread\b/.exec(query);
    if (isMutation && resolve) {
      const threadId =
        Object.values(vars).find((v) => typeof v === "string" && v.startsWith("PRRT_")) ??
        /"(PRRT_[^"]+)"/.exec(query)?.[1];
      const root = reviewComments.find((c) => `PRRT_kwDO${c.id}` === threadId);
      if (!root) {
        return {
          data: null,
          errors: [
            {
              type: "NOT_FOUND",
              message: `Could not resolve to a node with the global id of '${String(threadId)}'`,
            },
          ],
        };
      }
      root.resolved = !resolve[1];
      const field = resolve[1] ? "unresolveReviewThread" : "resolveReviewThread";
      return { data: { [field]: { thread: { id: threadId, isResolved: root.resolved } } } };
    }
    if (!isMutation && /\breviewThreads\b/.test(query)) {
      const numberVar = Object.entries(vars).find(
        ([k, v]) => /number|pull|pr/i.test(k) && typeof v === "number",
      )?.[1];
      const n =
        typeof numberVar === "number"
          ? numberVar
          : Number(/pullRequest\s*\(\s*number:\s*(\d+)/.exec(query)?.[1]);
      const roots = reviewComments.filter(
        (c) => c.pull_number === n && c.in_reply_to_id === undefined,
      );
      return {
        data: {
          repository: {
            pullRequest: {
              reviewThreads: {
                totalCount: roots.length,
                pageInfo: { hasNextPage: false, endCursor: null },
                nodes: roots.map(threadNode),
              },
            },
          },
        },
      };
    }
    violate(
      "graphql",
      record,
      "GraphQL operation not supported by the test server (pass options.graphql)",
    );
    return {
      data: null,
      errors: [{ message: "The test server does not support this GraphQL operation" }],
    };
  }

  // ---- request pipeline

  function standardHeaders(): Record<string, string> {
    rateRemaining = Math.max(0, rateRemaining - 1);
    return {
      "x-github-media-type": "github.v3; format=json",
      "x-github-api-version-selected": "2022-11-28",
      "x-github-request-id": randomUUID().toUpperCase().slice(0, 23),
      "x-ratelimit-limit": "5000",
      "x-ratelimit-remaining": String(rateRemaining),
      "x-ratelimit-reset": String(Math.floor(Date.now() / 1000) + 3600),
      "x-ratelimit-used": String(5000 - rateRemaining),
      "x-ratelimit-resource": "core",
    };
  }

  function send(
    res: ServerResponse,
    record: RecordedRequest,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): void {
    if (res.headersSent || res.destroyed) return;
    const text = body === undefined ? "" : typeof body === "string" ? body : JSON.stringify(body);
    res.writeHead(status, {
      ...standardHeaders(),
      "content-type": "application/json; charset=utf-8",
      "content-length": String(Buffer.byteLength(text)),
      ...headers,
    });
    res.end(text);
    record.status = status;
  }

  function takeFault(
    record: RecordedRequest,
    op: CompiledOperation | undefined,
  ): ActiveFault | undefined {
    for (const f of faults) {
      if (f.remaining <= 0) continue;
      const spec = f.fault;
      if (spec.method && spec.method.toUpperCase() !== record.method) continue;
      if (spec.operationId && spec.operationId !== op?.operationId) continue;
      if (spec.path instanceof RegExp) {
        const q = new URLSearchParams(record.query).toString();
        if (!spec.path.test(q ? `${record.path}?${q}` : record.path)) continue;
      } else if (spec.path !== undefined && spec.path !== record.path && spec.path !== op?.path) {
        continue;
      }
      if (spec.query && !Object.entries(spec.query).every(([k, v]) => record.query[k] === v))
        continue;
      if (f.skip > 0) {
        f.skip--;
        continue;
      }
      f.remaining--;
      return f;
    }
    return undefined;
  }

  /** Applies a fault; returns true when it answered (or killed) the request. */
  async function applyFault(
    active: ActiveFault,
    record: RecordedRequest,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<boolean> {
    const f = active.fault;
    if (f.delayMs) await new Promise((r) => setTimeout(r, f.delayMs));
    if (f.resetConnection) {
      active.hits.push(record);
      record.fault = "reset";
      req.socket.destroy();
      return true;
    }
    if (f.hang) {
      active.hits.push(record);
      record.fault = "hang";
      return true;
    }
    if (f.status === undefined && !f.secondaryRateLimit) return false; // a slow answer only
    active.hits.push(record);
    record.fault = "status";
    const status = f.status ?? 403;
    const headers: Record<string, string> = { ...f.headers };
    let body = f.body;
    if (f.secondaryRateLimit) {
      headers["retry-after"] ??= String(f.retryAfter ?? 1);
      body ??= {
        message:
          "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID 0000:0000:0000000:0000000:00000000.",
        documentation_url:
          "https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits",
        status: String(status),
      };
    }
    body ??= { message: statusText(status), documentation_url: DOCS, status: String(status) };
    send(res, record, status, body, headers);
    return true;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString("utf8");
    const url = new URL(req.url ?? "/", base);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) {
      if (k === "authorization" || v === undefined) continue;
      headers[k] = Array.isArray(v) ? v.join(", ") : v;
    }
    const query: Record<string, string> = {};
    for (const [k, v] of url.searchParams) query[k] = v;
    let body: unknown = undefined;
    let bodyIsJson = true;
    if (rawBody !== "") {
      try {
        body = JSON.parse(rawBody) as unknown;
      } catch {
        body = rawBody;
        bodyIsJson = false;
      }
    }
    const record: RecordedRequest = {
      seq: ++seq,
      method: (req.method ?? "GET").toUpperCase(),
      path: url.pathname,
      query,
      headers,
      body,
      operationId: null,
      status: 0,
    };
    requests.push(record);

    // Authentication.
    const auth = /^(?:token|bearer)\s+(\S+)\s*$/i.exec(req.headers.authorization ?? "");
    if (!auth || auth[1] !== token) {
      send(res, record, 401, {
        message: "Bad credentials",
        documentation_url: DOCS,
        status: "401",
      });
      return;
    }

    if (record.path === "/graphql") {
      record.operationId = "graphql";
      if (record.method !== "POST") {
        violate("method-not-allowed", record, `${record.method} /graphql`);
        send(res, record, 404, { message: "Not Found", documentation_url: DOCS, status: "404" });
        return;
      }
      const active = takeFault(record, undefined);
      if (active && (await applyFault(active, record, req, res))) return;
      await handleGraphql(record, res);
      return;
    }

    // Route.
    let op: CompiledOperation | undefined;
    let match: RegExpExecArray | null = null;
    let pathMatched = false;
    for (const candidate of OPERATIONS) {
      const m = candidate.regex.exec(record.path);
      if (!m) continue;
      pathMatched = true;
      if (candidate.method === record.method) {
        op = candidate;
        match = m;
        break;
      }
    }
    if (!op || !match) {
      violate(
        pathMatched ? "method-not-allowed" : "unknown-route",
        record,
        `${record.method} ${record.path} matches no operation the action is expected to use`,
      );
      send(res, record, 404, { message: "Not Found", documentation_url: DOCS, status: "404" });
      return;
    }
    record.operationId = op.operationId;
    const params: Record<string, string> = {};
    try {
      op.pathParams.forEach((name, i) => (params[name] = decodeURIComponent(match[i + 1])));
    } catch {
      violate("path-parameter", record, "path is not valid percent-encoding");
      send(res, record, 404, { message: "Not Found", documentation_url: DOCS, status: "404" });
      return;
    }
    const ctx: Context = { req, res, record, op, params, query, body, headers: {} };
    const documentation_url = op.documentationUrl ?? DOCS;

    // Validate parameters.
    const pathErrors: SchemaError[] = [];
    const queryErrors: SchemaError[] = [];
    for (const p of op.parameters) {
      if (p.in === "path") {
        pathErrors.push(
          ...validate(p.schema, coerceParameter(p.schema, params[p.name]), `path/${p.name}`),
        );
      } else if (p.in === "query") {
        const raw = query[p.name];
        if (raw === undefined) {
          if (p.required)
            queryErrors.push({ path: `query/${p.name}`, message: "required parameter is missing" });
        } else {
          queryErrors.push(
            ...validate(p.schema, coerceParameter(p.schema, raw), `query/${p.name}`),
          );
        }
      }
    }
    const known = new Set(op.parameters.filter((p) => p.in === "query").map((p) => p.name));
    for (const name of Object.keys(query)) {
      if (!known.has(name))
        queryErrors.push({ path: `query/${name}`, message: "unknown query parameter" });
    }
    if (pathErrors.length > 0) {
      violate("path-parameter", record, formatErrors(pathErrors), pathErrors);
      send(res, record, 404, { message: "Not Found", documentation_url, status: "404" });
      return;
    }
    if (
      op.path.startsWith("/repos/") &&
      (params.owner?.toLowerCase() !== owner.toLowerCase() ||
        params.repo?.toLowerCase() !== repo.toLowerCase())
    ) {
      violate(
        "unknown-repository",
        record,
        `repository ${params.owner}/${params.repo} is not ${owner}/${repo}`,
      );
      send(res, record, 404, { message: "Not Found", documentation_url, status: "404" });
      return;
    }
    if (queryErrors.length > 0) {
      violate("query-parameter", record, formatErrors(queryErrors), queryErrors);
      send(res, record, 422, {
        message: `Invalid request.\n\n${formatErrors(queryErrors)}`,
        documentation_url,
        status: "422",
      });
      return;
    }

    // Validate the body.
    if (op.requestBody) {
      if (!bodyIsJson) {
        violate("body", record, "request body is not JSON");
        send(res, record, 400, {
          message: "Problems parsing JSON",
          documentation_url,
          status: "400",
        });
        return;
      }
      const bodyErrors: SchemaError[] =
        body === undefined
          ? op.requestBody.required
            ? [{ path: "", message: "request body is required" }]
            : []
          : validate(op.requestBody.schema, body);
      if (bodyErrors.length > 0) {
        violate("body", record, formatErrors(bodyErrors), bodyErrors);
        send(res, record, 422, {
          message: `Invalid request.\n\n${formatErrors(bodyErrors)}`,
          documentation_url,
          status: "422",
        });
        return;
      }
    } else if (rawBody !== "" && record.method !== "GET") {
      violate("body", record, `${op.operationId} takes no request body`);
    }

    // Faults come after validation: a malformed request is reported, not masked.
    const active = takeFault(record, op);
    if (active && (await applyFault(active, record, req, res))) return;

    // Permissions.
    const needs = NEEDS[op.operationId] ?? [];
    const granted =
      needs.length === 0 ||
      needs.some((alt) => alt.every(([scope, level]) => allows(server.permissions[scope], level)));
    if (!granted) {
      send(
        res,
        record,
        403,
        { message: "Resource not accessible by integration", documentation_url, status: "403" },
        {
          "x-accepted-github-permissions": needs
            .map((alt) => alt.map(([s, l]) => `${s}=${l}`).join(","))
            .join("; "),
        },
      );
      return;
    }

    try {
      const answer = await handlers[op.operationId](ctx);
      if (answer) send(res, record, answer[0], answer[1], ctx.headers);
    } catch (e) {
      if (e instanceof HttpError) send(res, record, e.status, e.body, e.headers);
      else {
        send(res, record, 500, {
          message: `test server error: ${e instanceof Error ? e.stack : String(e)}`,
        });
      }
    }
  }

  const http = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent && !res.destroyed) {
        res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ message: `test server error: ${String(e)}` }));
      }
    });
  });
  http.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen(0, "127.0.0.1", () => resolve());
  });
  const port = (http.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;

  const server: GitHubServer = {
    url: base,
    graphqlUrl: `${base}/graphql`,
    port,
    token,
    owner,
    repo,
    requests,
    violations,
    pulls,
    reviews,
    reviewComments,
    issueComments,
    checkRuns,
    permissions: options.readOnly
      ? {
          pull_requests: "read",
          issues: "read",
          checks: "read",
          contents: "read",
          metadata: "read",
        }
      : { ...ALL_WRITE, ...options.permissions },
    addPull,
    updatePull,
    addIssueComment,
    setReadOnly(readOnly: boolean) {
      server.permissions = readOnly
        ? {
            pull_requests: "read",
            issues: "read",
            checks: "read",
            contents: "read",
            metadata: "read",
          }
        : { ...ALL_WRITE, ...options.permissions };
    },
    failNext(fault: Fault): FaultHandle {
      const active: ActiveFault = {
        fault,
        skip: fault.skip ?? 0,
        remaining: fault.times ?? 1,
        hits: [],
      };
      faults.push(active);
      return {
        hits: active.hits,
        get remaining() {
          return active.remaining;
        },
        cancel() {
          active.remaining = 0;
        },
      };
    },
    clearFaults() {
      faults.length = 0;
    },
    writes(operationId?: string) {
      return requests.filter(
        (r) => r.method !== "GET" && (operationId === undefined || r.operationId === operationId),
      );
    },
    requestsOf(operationId: string) {
      return requests.filter((r) => r.operationId === operationId);
    },
    close() {
      return new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        http.close(() => resolve());
        http.closeAllConnections();
      });
    },
  };
  return server;
}
