// Webhook payloads for the end-to-end tests, built from real GitHub examples.
//
// webhooks/*.json are copies of examples from the npm package @octokit/webhooks-examples 7.6.1
// (MIT; api.github.com/index.json: pull_request examples 0 "opened" and 22 "synchronize", push
// example 4, workflow_dispatch example 0), taken with `npm pack` into a temporary directory; the
// package is not a dependency. GitHub sends no `schedule` example there; its payload is the
// documented { schedule, repository, organization?, sender, workflow } and is built here.
//
// The builders re-target the examples to the test repository (owner/repo in every URL and name)
// and set the fields the action reads: number, head/base sha and ref, head.repo (forks), sender.
import { readFileSync } from "node:fs";

/** A JSON object as found in a webhook payload. */
export type Json = { [key: string]: unknown };

const examples = new Map<string, Json>();

/** A fresh copy of a stored example payload. */
function loadExample(name: string): Json {
  let example = examples.get(name);
  if (!example) {
    const url = new URL(`./webhooks/${name}.json`, import.meta.url);
    example = JSON.parse(readFileSync(url, "utf8")) as Json;
    examples.set(name, example);
  }
  return structuredClone(example);
}

const EXAMPLE_OWNERS = ["Codertocat", "octo-org"];
const EXAMPLE_REPOS = ["Hello-World", "octo-repo"];

/** Deep-copies `value`, replacing the example's owner/repo with the test repository's. */
function retarget<T>(value: T, owner: string, repo: string): T {
  let text = JSON.stringify(value);
  for (const o of EXAMPLE_OWNERS) {
    for (const r of EXAMPLE_REPOS) text = text.split(`${o}/${r}`).join(`${owner}/${repo}`);
  }
  for (const r of EXAMPLE_REPOS) text = text.split(`"${r}"`).join(JSON.stringify(repo));
  return JSON.parse(text) as T;
}

export interface RepoCoordinates {
  owner?: string;
  repo?: string;
  /** Default branch; "main" unless given. */
  defaultBranch?: string;
  private?: boolean;
  /** "Organization" (default) or "User". */
  ownerType?: "Organization" | "User";
  /** Repository id; a stable number unless given. */
  id?: number;
}

export const DEFAULT_OWNER = "octo-org";
export const DEFAULT_REPO = "octo-repo";

function stableId(text: string): number {
  let h = 2166136261;
  for (const c of text) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
  return 100000 + (h % 900000000);
}

/** A GitHub user (or bot, or organization) object with every URL field GitHub sends. */
export function userObject(login: string, type: "User" | "Bot" | "Organization" = "User"): Json {
  const template = loadExample("pull_request.opened").sender as Json;
  const text = JSON.stringify(template).split("Codertocat").join(login);
  const user = JSON.parse(text) as Json;
  const id = login === "github-actions[bot]" ? 41898282 : stableId(login);
  user.id = id;
  const prefix =
    type === "Bot" ? "MDM6Qm90" : type === "Organization" ? "MDEyOk9yZ2FuaXphdGlvbg" : "MDQ6VXNlcg";
  user.node_id = `${prefix}${Buffer.from(String(id)).toString("base64")}`;
  user.avatar_url = `https://avatars.githubusercontent.com/u/${id}?v=4`;
  user.type = type;
  user.site_admin = false;
  return user;
}

/** The `repository` object of a webhook payload (also the shape of GET /repos/{owner}/{repo}). */
export function repositoryObject(coords: RepoCoordinates = {}): Json {
  const owner = coords.owner ?? DEFAULT_OWNER;
  const repo = coords.repo ?? DEFAULT_REPO;
  const template = loadExample("pull_request.opened").repository as Json;
  const repository = retarget(template, owner, repo);
  const id = coords.id ?? stableId(`${owner}/${repo}`);
  repository.id = id;
  repository.node_id = `R_${Buffer.from(`0:Repository${id}`).toString("base64")}`;
  repository.owner = userObject(owner, coords.ownerType ?? "Organization");
  repository.private = coords.private ?? false;
  repository.visibility = coords.private ? "private" : "public";
  repository.default_branch = coords.defaultBranch ?? "main";
  delete repository.master_branch;
  return repository;
}

export interface PullRequestEventOptions extends RepoCoordinates {
  action?: "opened" | "synchronize" | "reopened" | "edited" | "ready_for_review";
  number: number;
  headSha: string;
  baseSha: string;
  headRef?: string;
  baseRef?: string;
  /** Previous head SHA, for `synchronize` ("before"). */
  beforeSha?: string;
  title?: string;
  body?: string | null;
  /** PR author login (also the sender); "octocat" unless given. */
  author?: string;
  /** Owner of the fork the PR comes from; absent for a same-repository PR. */
  forkOwner?: string;
  draft?: boolean;
}

/** A `pull_request` (or, for the action, `pull_request_target`) webhook payload. */
export function pullRequestEvent(options: PullRequestEventOptions): Json {
  const owner = options.owner ?? DEFAULT_OWNER;
  const repo = options.repo ?? DEFAULT_REPO;
  const action = options.action ?? "opened";
  const example = loadExample(
    action === "synchronize" ? "pull_request.synchronize" : "pull_request.opened",
  );
  const payload = retarget(example, owner, repo);
  const repository = repositoryObject(options);
  const author = userObject(options.author ?? "octocat");
  const headRef = options.headRef ?? "feature";
  const baseRef = options.baseRef ?? repository.default_branch;
  const forkOwner = options.forkOwner;
  const headRepo = forkOwner
    ? { ...repositoryObject({ ...options, owner: forkOwner, ownerType: "User" }), fork: true }
    : repository;

  const pr = payload.pull_request as Json;
  const api = `https://api.github.com/repos/${owner}/${repo}`;
  const html = `https://github.com/${owner}/${repo}`;
  const n = options.number;
  Object.assign(pr, {
    url: `${api}/pulls/${n}`,
    id: stableId(`${owner}/${repo}#${n}`),
    node_id: `PR_${Buffer.from(`pr${n}`).toString("base64")}`,
    html_url: `${html}/pull/${n}`,
    diff_url: `${html}/pull/${n}.diff`,
    patch_url: `${html}/pull/${n}.patch`,
    issue_url: `${api}/issues/${n}`,
    number: n,
    state: "open",
    title: options.title ?? "Update the service",
    body: options.body ?? null,
    user: author,
    draft: options.draft ?? false,
    commits_url: `${api}/pulls/${n}/commits`,
    review_comments_url: `${api}/pulls/${n}/comments`,
    comments_url: `${api}/issues/${n}/comments`,
    statuses_url: `${api}/statuses/${options.headSha}`,
    head: {
      label: `${forkOwner ?? owner}:${headRef}`,
      ref: headRef,
      sha: options.headSha,
      user: forkOwner ? userObject(forkOwner) : repository.owner,
      repo: headRepo,
    },
    base: {
      label: `${owner}:${baseRef}`,
      ref: baseRef,
      sha: options.baseSha,
      user: repository.owner,
      repo: repository,
    },
    _links: {
      self: { href: `${api}/pulls/${n}` },
      html: { href: `${html}/pull/${n}` },
      issue: { href: `${api}/issues/${n}` },
      comments: { href: `${api}/issues/${n}/comments` },
      review_comments: { href: `${api}/pulls/${n}/comments` },
      review_comment: { href: `${api}/pulls/comments{/number}` },
      commits: { href: `${api}/pulls/${n}/commits` },
      statuses: { href: `${api}/statuses/${options.headSha}` },
    },
  });
  payload.action = action;
  payload.number = n;
  payload.repository = repository;
  payload.sender = author;
  if (action === "synchronize") {
    payload.before = options.beforeSha ?? options.baseSha;
    payload.after = options.headSha;
  } else {
    delete payload.before;
    delete payload.after;
  }
  return payload;
}

export interface WorkflowDispatchEventOptions extends RepoCoordinates {
  /** Full ref, "refs/heads/main" unless given. */
  ref?: string;
  inputs?: Record<string, string | boolean | number> | null;
  workflow?: string;
  sender?: string;
}

export function workflowDispatchEvent(options: WorkflowDispatchEventOptions = {}): Json {
  const owner = options.owner ?? DEFAULT_OWNER;
  const repo = options.repo ?? DEFAULT_REPO;
  const payload = retarget(loadExample("workflow_dispatch"), owner, repo);
  const repository = repositoryObject(options);
  payload.repository = repository;
  payload.ref = options.ref ?? `refs/heads/${String(repository.default_branch)}`;
  payload.inputs = options.inputs ?? {};
  payload.workflow = options.workflow ?? ".github/workflows/gomemcheck.yml";
  payload.sender = userObject(options.sender ?? "octocat");
  if ((options.ownerType ?? "Organization") === "Organization") {
    payload.organization = { ...(payload.organization as Json), login: owner };
  } else {
    delete payload.organization;
  }
  return payload;
}

export interface ScheduleEventOptions extends RepoCoordinates {
  /** The cron expression that triggered the run. */
  schedule?: string;
  workflow?: string;
}

/** A `schedule` payload: GitHub sends the cron, the repository, the workflow and the sender. */
export function scheduleEvent(options: ScheduleEventOptions = {}): Json {
  const payload: Json = {
    schedule: options.schedule ?? "17 3 * * 1",
    repository: repositoryObject(options),
    workflow: options.workflow ?? ".github/workflows/gomemcheck-audit.yml",
    sender: userObject("github-actions[bot]", "Bot"),
  };
  if ((options.ownerType ?? "Organization") === "Organization") {
    payload.organization = workflowDispatchEvent(options).organization;
  }
  return payload;
}

export interface PushEventOptions extends RepoCoordinates {
  /** Full ref, "refs/heads/main" unless given. */
  ref?: string;
  before: string;
  after: string;
  /** Commits pushed; one commit with id `after` unless given. */
  commits?: Array<{
    id: string;
    message?: string;
    added?: string[];
    removed?: string[];
    modified?: string[];
  }>;
  pusher?: string;
}

export function pushEvent(options: PushEventOptions): Json {
  const owner = options.owner ?? DEFAULT_OWNER;
  const repo = options.repo ?? DEFAULT_REPO;
  const payload = retarget(loadExample("push"), owner, repo);
  const template = (payload.commits as Json[])[0];
  const pusher = options.pusher ?? "octocat";
  const html = `https://github.com/${owner}/${repo}`;
  const commits = (options.commits ?? [{ id: options.after }]).map((c) => ({
    ...template,
    id: c.id,
    message: c.message ?? "Update",
    url: `${html}/commit/${c.id}`,
    author: { name: pusher, email: `${pusher}@users.noreply.github.com`, username: pusher },
    committer: { name: pusher, email: `${pusher}@users.noreply.github.com`, username: pusher },
    added: c.added ?? [],
    removed: c.removed ?? [],
    modified: c.modified ?? [],
  }));
  // Push payloads keep their own repository shape (integer timestamps, master_branch, owner with
  // name and email), so the example's repository is re-targeted rather than replaced.
  const canonical = repositoryObject(options);
  const repository = payload.repository as Json;
  const defaultBranch = String(canonical.default_branch);
  Object.assign(repository, {
    id: canonical.id,
    node_id: canonical.node_id,
    private: canonical.private,
    visibility: canonical.visibility,
    default_branch: defaultBranch,
    master_branch: defaultBranch,
    owner: {
      ...(repository.owner as Json),
      ...(canonical.owner as Json),
      name: owner,
      email: null,
    },
  });
  const ref = options.ref ?? `refs/heads/${defaultBranch}`;
  Object.assign(payload, {
    ref,
    before: options.before,
    after: options.after,
    created: /^0+$/.test(options.before),
    deleted: /^0+$/.test(options.after),
    forced: false,
    base_ref: null,
    compare: `${html}/compare/${options.before.slice(0, 12)}...${options.after.slice(0, 12)}`,
    commits,
    head_commit: commits.at(-1) ?? null,
    pusher: { name: pusher, email: `${pusher}@users.noreply.github.com` },
    sender: userObject(pusher),
  });
  delete payload.installation;
  return payload;
}
