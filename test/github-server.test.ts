// Tests of the loopback GitHub API server (test/github-server/), with @octokit/rest as the client.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { Octokit } from "@octokit/rest";
import {
  missingResponseFields,
  openapi,
  prFromGitRepo,
  startGitHubServer,
  type GitHubServer,
  type PrFile,
} from "./github-server/server.ts";
import { validate } from "./github-server/schema.ts";
import {
  pullRequestEvent,
  pushEvent,
  scheduleEvent,
  workflowDispatchEvent,
} from "./github-server/events.ts";
import { tempDir } from "./helpers/temp.ts";

// ---- a fixture repository

const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: "Test",
  GIT_AUTHOR_EMAIL: "test@example.com",
  GIT_COMMITTER_NAME: "Test",
  GIT_COMMITTER_EMAIL: "test@example.com",
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_CONFIG_GLOBAL: "/dev/null",
};

function sh(dir: string, ...args: string[]): string {
  return execFileSync("git", args, { cwd: dir, env: GIT_ENV, encoding: "utf8" });
}

function write(dir: string, path: string, content: string): void {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), content);
}

const lines = (n: number, f: (i: number) => string): string =>
  Array.from({ length: n }, (_, i) => f(i + 1) + "\n").join("");

const MAIN_GO_BASE = `package main

import "os"

func main() {
	for _, name := range os.Args[1:] {
		f, _ := os.Open(name)
		_ = f
	}
}
`;
const MAIN_GO_HEAD = `package main

import "os"

func main() {
	for _, name := range os.Args[1:] {
		f, _ := os.Open(name)
		defer f.Close()
	}
}
`;

let repoDir: string;
let tmpRoot: string;

before(() => {
  tmpRoot = tempDir("gh-server-test-");
  repoDir = join(tmpRoot, "repo");
  mkdirSync(repoDir);
  sh(repoDir, "init", "-q", "-b", "main");
  write(repoDir, "main.go", MAIN_GO_BASE);
  write(repoDir, "old.go", "package main\n\nfunc old() {}\n");
  write(repoDir, "pkg/util.go", "package pkg\n\n" + lines(20, (i) => `// line ${i}`));
  write(repoDir, "Dockerfile", "FROM golang:1.21\nRUN go build ./...\n");
  write(
    repoDir,
    "big.txt",
    lines(300, (i) => `row ${i}`),
  );
  sh(repoDir, "add", "-A");
  sh(repoDir, "commit", "-q", "-m", "base");
  sh(repoDir, "checkout", "-q", "-b", "feature");
  write(repoDir, "main.go", MAIN_GO_HEAD);
  rmSync(join(repoDir, "old.go"));
  mkdirSync(join(repoDir, "internal"));
  sh(repoDir, "mv", "pkg/util.go", "internal/util.go");
  write(
    repoDir,
    "internal/util.go",
    "package pkg\n\n" + lines(20, (i) => (i === 18 ? "// line 18 changed" : `// line ${i}`)),
  );
  write(repoDir, "cmd/new.go", "package main\n\nfunc helper() int {\n\treturn 1\n}\n");
  write(
    repoDir,
    "big.txt",
    lines(300, (i) => `row ${i} changed`),
  );
  sh(repoDir, "add", "-A");
  sh(repoDir, "commit", "-q", "-m", "head");
  // A commit on main after the branch point: GitHub diffs against the merge base.
  sh(repoDir, "checkout", "-q", "main");
  write(repoDir, "Dockerfile", "FROM golang:1.22\nRUN go build ./...\n");
  sh(repoDir, "commit", "-q", "-am", "main moves on");
});

after(() => rmSync(tmpRoot, { recursive: true, force: true }));

// ---- prFromGitRepo

test("prFromGitRepo builds GitHub's files entries from git diff", async () => {
  const pr = await prFromGitRepo(repoDir, "main", "feature");
  assert.equal(pr.headSha, sh(repoDir, "rev-parse", "feature").trim());
  assert.equal(pr.baseSha, sh(repoDir, "rev-parse", "main").trim());
  assert.equal(pr.mergeBaseSha, sh(repoDir, "rev-parse", "main~1").trim());
  const byName = new Map(pr.files.map((f) => [f.filename, f]));
  assert.deepEqual(
    pr.files.map((f) => [f.filename, f.status]).sort(),
    [
      ["big.txt", "modified"],
      ["cmd/new.go", "added"],
      ["internal/util.go", "renamed"],
      ["main.go", "modified"],
      ["old.go", "removed"],
    ],
    "the Dockerfile changed only on main, so it is not part of the PR",
  );
  const main = byName.get("main.go");
  assert.deepEqual(main, {
    filename: "main.go",
    status: "modified",
    additions: 1,
    deletions: 1,
    changes: 2,
    sha: sh(repoDir, "rev-parse", "feature:main.go").trim(),
    patch: [
      '@@ -5,6 +5,6 @@ import "os"',
      " func main() {",
      " \tfor _, name := range os.Args[1:] {",
      " \t\tf, _ := os.Open(name)",
      "-\t\t_ = f",
      "+\t\tdefer f.Close()",
      " \t}",
      " }",
    ].join("\n"),
  });
  const added = byName.get("cmd/new.go");
  assert.equal(added?.additions, 5);
  assert.equal(
    added?.patch,
    "@@ -0,0 +1,5 @@\n+package main\n+\n+func helper() int {\n+\treturn 1\n+}",
  );
  const renamed = byName.get("internal/util.go");
  assert.equal(renamed?.previous_filename, "pkg/util.go");
  assert.equal(renamed?.additions, 1);
  assert.equal(renamed?.deletions, 1);
  assert.match(renamed?.patch ?? "", /^@@ -17,6 \+17,6 @@ package pkg\n \/\/ line 15\n/);
  const removed = byName.get("old.go");
  assert.equal(removed?.deletions, 3);
  assert.equal(removed?.sha, sh(repoDir, "rev-parse", "main:old.go").trim());
  assert.equal(removed?.patch, "@@ -1,3 +0,0 @@\n-package main\n-\n-func old() {}");
  assert.equal(byName.get("big.txt")?.changes, 600);
  assert.ok(pr.diff.startsWith("diff --git "));

  const limited = await prFromGitRepo(repoDir, "main", "feature", { maxPatchSize: 1000 });
  assert.equal(limited.files.find((f) => f.filename === "big.txt")?.patch, undefined);
  assert.ok(limited.files.find((f) => f.filename === "main.go")?.patch);
});

// ---- the server

const quiet = { debug() {}, info() {}, warn() {}, error() {} };
let server: GitHubServer;
let octokit: Octokit;
let headSha: string;

async function freshServer(options: Parameters<typeof startGitHubServer>[0] = {}): Promise<void> {
  await server?.close();
  const pr = await prFromGitRepo(repoDir, "main", "feature");
  headSha = pr.headSha;
  server = await startGitHubServer({ repoDir, pulls: [{ number: 7, ...pr }], ...options });
  octokit = new Octokit({ auth: server.token, baseUrl: server.url, log: quiet });
}

after(() => server?.close());

const repo = () => ({ owner: server.owner, repo: server.repo });

async function status(
  p: Promise<unknown>,
): Promise<{ status: number; data: unknown; headers: Record<string, unknown> }> {
  try {
    const r = (await p) as { status: number; data: unknown; headers: Record<string, unknown> };
    return r;
  } catch (e) {
    const err = e as {
      status?: number;
      response?: { data: unknown; headers: Record<string, unknown> };
    };
    if (err.status === undefined) throw e;
    return { status: err.status, data: err.response?.data, headers: err.response?.headers ?? {} };
  }
}

test("the OpenAPI extract holds the operations, small", () => {
  assert.equal(openapi.operations.length, 17);
  assert.ok(JSON.stringify(openapi).length < 300_000);
  const create = openapi.operations.find((o) => o.operationId === "pulls/create-review");
  assert.equal(create?.method, "POST");
  assert.ok(create?.requestBody?.schema.properties?.comments);
});

test("schema validator: types, enums, required, anyOf, maxItems, nullable", () => {
  const schema = {
    type: "object",
    required: ["a"],
    additionalProperties: false,
    properties: {
      a: { type: "integer", minimum: 1, maximum: 3 },
      b: { type: "string", enum: ["x", "y"], nullable: true },
      c: { type: "array", maxItems: 2, items: { type: "string", maxLength: 3 } },
      d: { anyOf: [{ type: "string" }, { type: "integer" }] },
    },
  };
  assert.deepEqual(validate(schema, { a: 2, b: null, c: ["abc"], d: 4 }), []);
  const errors = validate(schema, { a: 0, b: "z", c: ["abcd", "a", "b"], d: true, e: 1 });
  assert.deepEqual(
    errors.map((e) => e.path),
    ["/a", "/b", "/c", "/c/0", "/d", "/e"],
  );
  assert.equal(validate(schema, {}).length, 1);
});

test("a review with an inline comment on a diff line is stored and listed", async () => {
  await freshServer();
  const body = "<!-- gomemcheck:summary -->\nSummary";
  const r = await octokit.rest.pulls.createReview({
    ...repo(),
    pull_number: 7,
    commit_id: headSha,
    event: "COMMENT",
    body,
    comments: [
      { path: "main.go", line: 8, side: "RIGHT", body: "defer in loop <!-- gomemcheck:fp=abc -->" },
      { path: "main.go", start_line: 6, line: 8, body: "```suggestion\nx\n```" },
      { path: "main.go", line: 8, side: "LEFT", body: "old line" },
    ],
  });
  assert.equal(r.status, 200);
  assert.equal(r.data.state, "COMMENTED");
  assert.equal(r.data.user?.login, "github-actions[bot]");
  assert.equal(r.data.user?.type, "Bot");
  assert.deepEqual(missingResponseFields("pulls/create-review", r.data), []);
  assert.equal(server.reviews.length, 1);
  assert.equal(server.reviewComments.length, 3);

  const listed = await octokit.paginate(octokit.rest.pulls.listReviewComments, {
    ...repo(),
    pull_number: 7,
  });
  assert.deepEqual(missingResponseFields("pulls/list-review-comments", listed), []);
  assert.equal(listed[0].line, 8);
  assert.equal(listed[0].side, "RIGHT");
  assert.equal(listed[0].pull_request_review_id, r.data.id);
  assert.equal(listed[0].position, 5);
  assert.equal(
    listed[0].diff_hunk,
    '@@ -5,6 +5,6 @@ import "os"\n func main() {\n \tfor _, name := range os.Args[1:] {\n \t\tf, _ := os.Open(name)\n-\t\t_ = f\n+\t\tdefer f.Close()',
  );
  assert.equal(listed[1].start_line, 6);
  assert.equal(listed[1].start_side, "RIGHT");
  assert.equal(listed[2].side, "LEFT");
  const reviews = await octokit.rest.pulls.listReviews({ ...repo(), pull_number: 7 });
  assert.equal(reviews.data[0].body, body);
  assert.deepEqual(missingResponseFields("pulls/list-reviews", reviews.data), []);

  const edited = await octokit.rest.pulls.updateReviewComment({
    ...repo(),
    comment_id: listed[0].id,
    body: "~~fixed~~",
  });
  assert.equal(edited.data.body, "~~fixed~~");
  assert.deepEqual(server.violations, []);

  const request = server.requestsOf("pulls/create-review")[0];
  assert.equal(request.headers.authorization, undefined, "the token is not recorded");
  assert.deepEqual((request.body as { comments: unknown[] }).comments.length, 3);
});

/** Sends a request without octokit's typing, for deliberately malformed requests. */
function untyped(route: string, params: Record<string, unknown>): Promise<unknown> {
  return octokit.request(route, params);
}

test("validation: a malformed review body is a violation and a 422", async () => {
  await freshServer();
  const r = await status(
    untyped("POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews", {
      ...repo(),
      pull_number: 7,
      event: "COMMENTED", // not in the enum
      comments: [{ line: "8", body: "x" }], // path missing, line not an integer
    }),
  );
  assert.equal(r.status, 422);
  assert.match((r.data as { message: string }).message, /^Invalid request\./);
  assert.equal(server.violations.length, 1);
  assert.equal(server.violations[0].kind, "body");
  assert.deepEqual(server.violations[0].errors?.map((e) => e.path).sort(), [
    "/comments/0",
    "/comments/0/line",
    "/event",
  ]);
  assert.equal(server.reviews.length, 0);

  // Unknown routes, wrong methods, bad path parameters and unknown query parameters too.
  await status(
    octokit.request("GET /repos/{owner}/{repo}/pulls/{pull_number}/commits", {
      ...repo(),
      pull_number: 7,
    }),
  );
  await status(
    octokit.request("DELETE /repos/{owner}/{repo}/pulls/comments/{comment_id}", {
      ...repo(),
      comment_id: 1,
    }),
  );
  await status(
    untyped("GET /repos/{owner}/{repo}/pulls/{pull_number}", {
      ...repo(),
      pull_number: "seven",
    }),
  );
  await status(
    untyped("GET /repos/{owner}/{repo}/pulls/{pull_number}/files", {
      ...repo(),
      pull_number: 7,
      per_page: "many",
    }),
  );
  await status(
    octokit.request("GET /repos/{owner}/{repo}/pulls/{pull_number}/files", {
      ...repo(),
      pull_number: 7,
      sort: "x",
    }),
  );
  await status(octokit.request("GET /repos/{owner}/{repo}", { owner: "someone", repo: "else" }));
  assert.deepEqual(
    server.violations.map((v) => v.kind),
    [
      "body",
      "unknown-route",
      "method-not-allowed",
      "path-parameter",
      "query-parameter",
      "query-parameter",
      "unknown-repository",
    ],
  );
});

test("422 for a comment off the diff rejects the whole review; no violation", async () => {
  await freshServer();
  const cases: Array<[Record<string, unknown>, RegExp]> = [
    [{ path: "main.go", line: 1 }, /line must be part of the diff/],
    [{ path: "main.go", line: 8, side: "LEFT" }, null as unknown as RegExp],
    [{ path: "nope.go", line: 1 }, /Path could not be resolved/],
    [{ path: "main.go", line: 8, start_line: 2 }, /start line must be part of the diff/],
    [{ path: "main.go", line: 8, start_line: 8 }, /start line must precede the end line/],
    [{ path: "old.go", line: 2, side: "LEFT" }, null as unknown as RegExp],
    [{ path: "old.go", line: 2 }, /line must be part of the diff/],
  ];
  for (const [c, expected] of cases) {
    const r = await status(
      octokit.rest.pulls.createReview({
        ...repo(),
        pull_number: 7,
        event: "COMMENT",
        comments: [
          { path: "cmd/new.go", line: 3, body: "fine" },
          { body: "b", ...c } as { path: string; body: string },
        ],
      }),
    );
    if (expected === null) {
      assert.equal(r.status, 200, JSON.stringify(c));
      continue;
    }
    assert.equal(r.status, 422, JSON.stringify(c));
    const data = r.data as { message: string; errors: string[]; documentation_url: string };
    assert.equal(data.message, "Unprocessable Entity");
    assert.match(data.errors[0], expected);
    assert.match(data.documentation_url, /^https:\/\/docs\.github\.com\//);
  }
  assert.equal(server.reviews.length, 2, "only the two valid reviews were stored");
  assert.equal(server.reviewComments.length, 4);
  assert.deepEqual(server.violations, []);

  // A file whose patch GitHub omitted takes no line comments.
  await freshServer();
  server.pulls.get(7)!.files.find((f) => f.filename === "big.txt")!.patch = undefined;
  const big = await status(
    octokit.rest.pulls.createReview({
      ...repo(),
      pull_number: 7,
      event: "COMMENT",
      comments: [{ path: "big.txt", line: 5, body: "x" }],
    }),
  );
  assert.equal(big.status, 422);
});

test("422 for bodies over 65,536 characters", async () => {
  await freshServer();
  const long = "x".repeat(65_537);
  const review = await status(
    octokit.rest.pulls.createReview({ ...repo(), pull_number: 7, event: "COMMENT", body: long }),
  );
  assert.equal(review.status, 422);
  const ok = await status(
    octokit.rest.pulls.createReview({
      ...repo(),
      pull_number: 7,
      event: "COMMENT",
      body: long.slice(1),
    }),
  );
  assert.equal(ok.status, 200);
  const comment = await status(
    octokit.rest.issues.createComment({ ...repo(), issue_number: 7, body: long }),
  );
  assert.equal(comment.status, 422);
  assert.match(JSON.stringify(comment.data), /too long/);
  assert.deepEqual(server.violations, []);
});

test("issue comments: create, find by marker, update in place", async () => {
  await freshServer();
  server.addIssueComment(7, "a human comment");
  const created = await octokit.rest.issues.createComment({
    ...repo(),
    issue_number: 7,
    body: "<!-- gomemcheck:summary -->\nv1",
  });
  assert.equal(created.status, 201);
  assert.deepEqual(missingResponseFields("issues/create-comment", created.data), []);
  const all = await octokit.paginate(octokit.rest.issues.listComments, {
    ...repo(),
    issue_number: 7,
    per_page: 100,
  });
  const mine = all.find((c) => c.body?.includes("<!-- gomemcheck:summary -->"));
  assert.equal(mine?.user?.login, "github-actions[bot]");
  await octokit.rest.issues.updateComment({
    ...repo(),
    comment_id: mine!.id,
    body: "<!-- gomemcheck:summary -->\nv2",
  });
  assert.deepEqual(
    server.issueComments.map((c) => c.body),
    ["a human comment", "<!-- gomemcheck:summary -->\nv2"],
  );
  assert.deepEqual(server.violations, []);
});

function syntheticFiles(n: number): PrFile[] {
  return Array.from({ length: n }, (_, i) => ({
    filename: `pkg/f${String(i).padStart(4, "0")}.go`,
    status: "added" as const,
    additions: 1,
    deletions: 0,
    changes: 1,
    patch: "@@ -0,0 +1 @@\n+package pkg",
    sha: "e".repeat(40),
  }));
}

test("pagination: 250 files over pages with Link headers; 3000-file cap", async () => {
  await freshServer();
  server.addPull({
    number: 8,
    headSha: "a".repeat(40),
    baseSha: "b".repeat(40),
    files: syntheticFiles(250),
  });
  const files = await octokit.paginate(octokit.rest.pulls.listFiles, {
    ...repo(),
    pull_number: 8,
    per_page: 100,
  });
  assert.equal(files.length, 250);
  assert.equal(new Set(files.map((f) => f.filename)).size, 250);
  assert.deepEqual(missingResponseFields("pulls/list-files", files), []);
  const pages = server.requestsOf("pulls/list-files");
  assert.deepEqual(
    pages.map((r) => r.query.page ?? "1"),
    ["1", "2", "3"],
  );

  const first = await octokit.rest.pulls.listFiles({ ...repo(), pull_number: 8 });
  assert.equal(first.data.length, 30, "default per_page is 30");
  const link = String(first.headers.link);
  assert.match(
    link,
    /<http:\/\/127\.0\.0\.1:\d+\/repos\/octo-org\/octo-repo\/pulls\/8\/files\?per_page=30&page=2>; rel="next"/,
  );
  assert.match(link, /page=9>; rel="last"/);
  const middle = await octokit.rest.pulls.listFiles({
    ...repo(),
    pull_number: 8,
    per_page: 100,
    page: 2,
  });
  assert.match(
    String(middle.headers.link),
    /page=1>; rel="prev".*page=3>; rel="next".*page=3>; rel="last".*page=1>; rel="first"/,
  );
  const last = await octokit.rest.pulls.listFiles({
    ...repo(),
    pull_number: 8,
    per_page: 100,
    page: 3,
  });
  assert.equal(last.data.length, 50);
  assert.doesNotMatch(String(last.headers.link), /rel="next"/);
  const clamped = await octokit.rest.pulls.listFiles({ ...repo(), pull_number: 8, per_page: 500 });
  assert.equal(clamped.data.length, 100, "per_page is capped at 100");

  server.addPull({
    number: 9,
    headSha: "c".repeat(40),
    baseSha: "b".repeat(40),
    files: syntheticFiles(3100),
  });
  const many = await octokit.paginate(octokit.rest.pulls.listFiles, {
    ...repo(),
    pull_number: 9,
    per_page: 100,
  });
  assert.equal(many.length, 3000);
  assert.deepEqual(server.violations, []);
});

test("401 without the right token; 403 on writes when read-only", async () => {
  await freshServer();
  for (const auth of [undefined, "wrong"]) {
    const anon = new Octokit({ auth, baseUrl: server.url, log: quiet });
    const r = await status(anon.rest.pulls.get({ ...repo(), pull_number: 7 }));
    assert.equal(r.status, 401);
    assert.equal((r.data as { message: string }).message, "Bad credentials");
  }
  const bearer = await fetch(`${server.url}/repos/octo-org/octo-repo`, {
    headers: { authorization: `Bearer ${server.token}` },
  });
  assert.equal(bearer.status, 200);

  server.setReadOnly(true);
  const pr = await octokit.rest.pulls.get({ ...repo(), pull_number: 7 });
  assert.equal(pr.data.head.sha, headSha);
  assert.deepEqual(missingResponseFields("pulls/get", pr.data), []);
  const writes = [
    octokit.rest.pulls.createReview({ ...repo(), pull_number: 7, event: "COMMENT", body: "x" }),
    octokit.rest.issues.createComment({ ...repo(), issue_number: 7, body: "x" }),
    octokit.rest.checks.create({ ...repo(), name: "gomemcheck", head_sha: headSha }),
  ];
  for (const w of writes) {
    const r = await status(w);
    assert.equal(r.status, 403);
    assert.equal((r.data as { message: string }).message, "Resource not accessible by integration");
  }
  const denied = await status(
    octokit.rest.checks.create({ ...repo(), name: "gomemcheck", head_sha: headSha }),
  );
  assert.equal(denied.headers["x-accepted-github-permissions"], "checks=write");
  assert.equal(server.reviews.length + server.issueComments.length + server.checkRuns.length, 0);

  // Finer grain: pull requests writable, checks not.
  await freshServer({ permissions: { checks: "read" } });
  assert.equal(
    (await status(octokit.rest.checks.create({ ...repo(), name: "x", head_sha: headSha }))).status,
    403,
  );
  assert.equal(
    (await status(octokit.rest.issues.createComment({ ...repo(), issue_number: 7, body: "x" })))
      .status,
    201,
  );
  assert.deepEqual(server.violations, []);
});

test("fault injection: 500 then success, secondary rate limit, resets and timeouts mid-pagination", async () => {
  await freshServer();
  const fault = server.failNext({
    method: "POST",
    path: "/repos/{owner}/{repo}/pulls/{pull_number}/reviews",
    status: 500,
  });
  const args = { ...repo(), pull_number: 7, event: "COMMENT" as const, body: "x" };
  assert.equal((await status(octokit.rest.pulls.createReview(args))).status, 500);
  assert.equal(fault.hits.length, 1);
  assert.equal(fault.remaining, 0);
  assert.equal((await status(octokit.rest.pulls.createReview(args))).status, 200);
  assert.equal(server.reviews.length, 1, "the failed request stored nothing");
  assert.deepEqual(
    server.requestsOf("pulls/create-review").map((r) => [r.status, r.fault]),
    [
      [500, "status"],
      [200, undefined],
    ],
  );

  server.failNext({
    operationId: "issues/create-comment",
    secondaryRateLimit: true,
    retryAfter: 2,
  });
  const limited = await status(
    octokit.rest.issues.createComment({ ...repo(), issue_number: 7, body: "x" }),
  );
  assert.equal(limited.status, 403);
  assert.equal(limited.headers["retry-after"], "2");
  assert.match(
    (limited.data as { message: string }).message,
    /^You have exceeded a secondary rate limit/,
  );

  server.addPull({
    number: 8,
    headSha: "a".repeat(40),
    baseSha: "b".repeat(40),
    files: syntheticFiles(250),
  });
  server.failNext({
    path: "/repos/octo-org/octo-repo/pulls/8/files",
    query: { page: "2" },
    resetConnection: true,
  });
  await assert.rejects(
    octokit.paginate(octokit.rest.pulls.listFiles, { ...repo(), pull_number: 8, per_page: 100 }),
  );
  server.failNext({ path: /\/pulls\/8\/files\?.*page=3/, status: 502, skip: 0 });
  await assert.rejects(
    octokit.paginate(octokit.rest.pulls.listFiles, { ...repo(), pull_number: 8, per_page: 100 }),
    (e: { status?: number }) => e.status === 502,
  );
  server.failNext({
    path: "/repos/octo-org/octo-repo/pulls/8/files",
    query: { page: "2" },
    hang: true,
  });
  // Pagination requests after the first carry only the client's default request options.
  const impatient = new Octokit({
    auth: server.token,
    baseUrl: server.url,
    log: quiet,
    request: { signal: AbortSignal.timeout(300) },
  });
  await assert.rejects(
    impatient.paginate(impatient.rest.pulls.listFiles, {
      ...repo(),
      pull_number: 8,
      per_page: 100,
    }),
  );
  assert.equal(server.requestsOf("pulls/list-files").at(-1)?.fault, "hang");
  server.failNext({ operationId: "repos/get", delayMs: 100 });
  const t0 = Date.now();
  assert.equal((await octokit.rest.repos.get(repo())).status, 200);
  assert.ok(Date.now() - t0 >= 90, "a delay-only fault answers normally, late");
  // Now the whole list works again.
  const files = await octokit.paginate(octokit.rest.pulls.listFiles, {
    ...repo(),
    pull_number: 8,
    per_page: 100,
  });
  assert.equal(files.length, 250);
  assert.deepEqual(server.violations, []);
});

test("check runs: annotations appended in batches of at most 50", async () => {
  await freshServer();
  const annotation = (i: number) => ({
    path: "main.go",
    start_line: i,
    end_line: i,
    annotation_level: "warning" as const,
    message: `m${i}`,
  });
  const created = await octokit.rest.checks.create({
    ...repo(),
    name: "gomemcheck",
    head_sha: headSha,
    status: "in_progress",
    output: {
      title: "t",
      summary: "s",
      annotations: Array.from({ length: 50 }, (_, i) => annotation(i + 1)),
    },
  });
  assert.equal(created.status, 201);
  assert.deepEqual(missingResponseFields("checks/create", created.data), []);
  const tooMany = await status(
    octokit.rest.checks.update({
      ...repo(),
      check_run_id: created.data.id,
      output: {
        title: "t",
        summary: "s",
        annotations: Array.from({ length: 51 }, (_, i) => annotation(i + 1)),
      },
    }),
  );
  assert.equal(tooMany.status, 422);
  assert.equal(
    server.violations.length,
    1,
    "more than 50 annotations breaks the schema (maxItems)",
  );
  server.violations.length = 0;
  const done = await octokit.rest.checks.update({
    ...repo(),
    check_run_id: created.data.id,
    conclusion: "failure",
    output: { title: "t", summary: "final", annotations: [annotation(60)] },
  });
  assert.equal(done.data.status, "completed");
  assert.equal(done.data.output.annotations_count, 51);
  assert.deepEqual(server.checkRuns[0].annotationBatches, [50, 1]);
  assert.equal(server.checkRuns[0].output.summary, "final");
  const unknownSha = await status(
    octokit.rest.checks.create({ ...repo(), name: "x", head_sha: "f".repeat(40) }),
  );
  assert.equal(unknownSha.status, 422);
  assert.deepEqual(server.violations, []);
});

test("contents, trees and blobs come from the git repository at the head", async () => {
  await freshServer();
  const file = await octokit.rest.repos.getContent({ ...repo(), path: "main.go", ref: headSha });
  assert.ok(!Array.isArray(file.data) && file.data.type === "file");
  if (!Array.isArray(file.data) && file.data.type === "file") {
    assert.equal(Buffer.from(file.data.content, "base64").toString(), MAIN_GO_HEAD);
    assert.equal(file.data.sha, sh(repoDir, "rev-parse", "feature:main.go").trim());
  }
  const raw = await octokit.request("GET /repos/{owner}/{repo}/contents/{path}", {
    ...repo(),
    path: "cmd/new.go",
    ref: headSha,
    mediaType: { format: "raw" },
  });
  assert.equal(
    raw.data as unknown as string,
    "package main\n\nfunc helper() int {\n\treturn 1\n}\n",
  );
  const dir = await octokit.rest.repos.getContent({ ...repo(), path: "internal", ref: "feature" });
  assert.ok(Array.isArray(dir.data));
  assert.deepEqual(
    dir.data.map((e) => [e.name, e.type]),
    [["util.go", "file"]],
  );
  const missing = await status(
    octokit.rest.repos.getContent({ ...repo(), path: "old.go", ref: headSha }),
  );
  assert.equal(missing.status, 404);
  const tree = await octokit.rest.git.getTree({ ...repo(), tree_sha: headSha, recursive: "1" });
  assert.deepEqual(
    tree.data.tree
      .filter((e) => e.type === "blob")
      .map((e) => e.path)
      .sort(),
    ["Dockerfile", "big.txt", "cmd/new.go", "internal/util.go", "main.go"],
  );
  const entry = tree.data.tree.find((e) => e.path === "main.go")!;
  const blob = await octokit.rest.git.getBlob({ ...repo(), file_sha: entry.sha! });
  assert.equal(Buffer.from(blob.data.content, "base64").toString(), MAIN_GO_HEAD);
  const pr = await octokit.request("GET /repos/{owner}/{repo}/pulls/{pull_number}", {
    ...repo(),
    pull_number: 7,
    mediaType: { format: "diff" },
  });
  assert.match(pr.data as unknown as string, /^diff --git a\/big\.txt b\/big\.txt/);
  for (const [id, data] of [
    ["repos/get-content", file.data],
    ["git/get-tree", tree.data],
    ["git/get-blob", blob.data],
    ["repos/get", (await octokit.rest.repos.get(repo())).data],
  ] as const) {
    assert.deepEqual(missingResponseFields(id, data), [], id);
  }
  assert.deepEqual(server.violations, []);
});

test("a push makes comments on changed hunks outdated; GraphQL resolves threads", async () => {
  await freshServer();
  await octokit.rest.pulls.createReview({
    ...repo(),
    pull_number: 7,
    event: "COMMENT",
    comments: [
      { path: "main.go", line: 8, body: "defer in loop" },
      { path: "cmd/new.go", line: 4, body: "other" },
    ],
  });
  server.updatePull(7, {
    headSha: "d".repeat(40),
    files: server.pulls.get(7)!.files.filter((f) => f.filename !== "main.go"),
  });
  const comments = await octokit.rest.pulls.listReviewComments({ ...repo(), pull_number: 7 });
  assert.deepEqual(
    comments.data.map((c) => [c.path, c.line, c.original_line]),
    [
      ["main.go", null, 8],
      ["cmd/new.go", 4, 4],
    ],
  );
  const threads = (await octokit.graphql(
    `query($owner: String!, $repo: String!, $number: Int!) {
      repository(owner: $owner, name: $repo) { pullRequest(number: $number) {
        reviewThreads(first: 100) { nodes { id isResolved isOutdated comments(first: 1) { nodes { body } } } } } }
    }`,
    { ...repo(), number: 7 },
  )) as {
    repository: {
      pullRequest: { reviewThreads: { nodes: Array<{ id: string; isOutdated: boolean }> } };
    };
  };
  const nodes = threads.repository.pullRequest.reviewThreads.nodes;
  assert.deepEqual(
    nodes.map((n) => n.isOutdated),
    [true, false],
  );
  await octokit.graphql(
    `mutation($id: ID!) { resolveReviewThread(input: {threadId: $id}) { thread { id isResolved } } }`,
    {
      id: nodes[0].id,
    },
  );
  assert.equal(server.reviewComments[0].resolved, true);
  assert.deepEqual(server.violations, []);
});

test("webhook payloads have GitHub's shape", () => {
  const pr = pullRequestEvent({
    number: 7,
    headSha: "a".repeat(40),
    baseSha: "b".repeat(40),
    forkOwner: "contributor",
  });
  const p = pr.pull_request as Record<string, Record<string, unknown>>;
  assert.equal(pr.action, "opened");
  assert.equal(pr.number, 7);
  assert.equal(p.head.sha, "a".repeat(40));
  assert.equal(p.base.sha, "b".repeat(40));
  assert.equal((p.head.repo as { full_name: string }).full_name, "contributor/octo-repo");
  assert.equal((p.base.repo as { full_name: string }).full_name, "octo-org/octo-repo");
  const repository = pr.repository as { full_name: string; name: string; owner: { login: string } };
  assert.deepEqual(
    [repository.full_name, repository.name, repository.owner.login],
    ["octo-org/octo-repo", "octo-repo", "octo-org"],
  );
  assert.doesNotMatch(JSON.stringify(pr), /Codertocat|Hello-World/);
  const sync = pullRequestEvent({
    action: "synchronize",
    number: 7,
    headSha: "c".repeat(40),
    baseSha: "b".repeat(40),
    beforeSha: "a".repeat(40),
  });
  assert.equal(sync.after, "c".repeat(40));
  assert.equal(sync.before, "a".repeat(40));
  const dispatch = workflowDispatchEvent({ inputs: { mode: "audit" } });
  assert.equal(dispatch.ref, "refs/heads/main");
  assert.deepEqual(dispatch.inputs, { mode: "audit" });
  assert.equal(
    (scheduleEvent().repository as { full_name: string }).full_name,
    "octo-org/octo-repo",
  );
  const push = pushEvent({ before: "a".repeat(40), after: "c".repeat(40) });
  assert.equal((push.head_commit as { id: string }).id, "c".repeat(40));
  assert.doesNotMatch(JSON.stringify([dispatch, push]), /Codertocat|Hello-World/);
});
