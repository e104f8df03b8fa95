// The action's side of the GitHub API under hostile repositories and a flaky or forged API:
// escaping in every Markdown output, whose comments are ours, two runs on one pull request,
// writes that GitHub stored before failing, bounded pagination, long comments, check runs that
// always complete, and the runner's proxy. The bundled action runs against the loopback server.
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { join } from "node:path";
import { describe, it } from "node:test";
import { prFixtures, type PrFixture } from "./action/pr-repo.ts";
import { startForwardProxy, startReverseProxy, type Forged } from "./action/proxy.ts";
import type { ActionRun } from "./action/run-action.ts";
import { BOT_LOGIN } from "./github-server/server.ts";

const { fixture, review: run } = prFixtures();

function review(
  fx: PrFixture,
  inputs: Record<string, string> = {},
  env: Record<string, string> = {},
): Promise<ActionRun> {
  // Short timeouts and backoff keep the test fast; the logic is the production one.
  return run(fx, {
    inputs,
    env: { GOMEMCHECK_API_TIMEOUT_MS: "2000", GOMEMCHECK_RETRY_BASE_MS: "20", ...env },
  });
}

type Posted = { body: string; comments: { path: string; line: number; body: string }[] };

function posted(fx: PrFixture): Posted[] {
  return fx.server
    .requestsOf("pulls/create-review")
    .filter((r) => r.status === 200)
    .map((r) => r.body as Posted);
}

const LOOP = (body: string) =>
  `package w\n\nimport "os"\n\nfunc Sizes(paths []string) {\n\tfor _, p := range paths {\n\t\tf, err := os.Open(p)\n\t\tif err != nil {\n\t\t\tcontinue\n\t\t}\n${body}\t}\n}\n`;

/** Text outside fenced blocks (```, ~~~ of any length, closed by a fence as long or longer). */
function outsideFences(markdown: string): { text: string; fences: string[] } {
  const out: string[] = [];
  const fences: string[] = [];
  let open: string | undefined;
  for (const line of markdown.split("\n")) {
    const m = /^(`{3,}|~{3,})(.*)$/.exec(line);
    if (open === undefined && m) {
      open = m[1]!;
      fences.push(line);
    } else if (
      open !== undefined &&
      m &&
      m[1]![0] === open[0] &&
      m[1]!.length >= open.length &&
      m[2]!.trim() === ""
    ) {
      open = undefined;
    } else if (open === undefined) out.push(line);
  }
  assert.equal(open, undefined, `a fence is left open:\n${markdown.slice(-300)}`);
  return { text: out.join("\n"), fences };
}

/** Nothing GitHub would turn into a mention, reference, link or image outside code. */
function assertInert(markdown: string, where: string): void {
  const { text } = outsideFences(markdown);
  // Code spans are inert too: drop them (any backtick run, closed by one as long).
  const plain = text.replace(/(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)/g, "");
  for (const bad of [
    /@[A-Za-z0-9]/,
    /#\d/,
    /\bGH-\d/i,
    /https?:\/\/evil/,
    /www\.evil/,
    /!\[/,
    /\]\(https?:\/\/evil/,
  ]) {
    assert.doesNotMatch(plain, bad, `${where}: ${bad} in\n${plain}`);
  }
}

describe("action and the GitHub API: escaping", () => {
  it("escapes repository text in review comments, the review body, the summary comment, the job summary and the check run", async () => {
    const hostile = LOOP(
      "\t\tdefer f /* @octo-org/core see #123 GH-7 https://evil.example/x www.evil.example ![i](https://evil.example/i.png)\n```suggestion\nevil()\n```\n*/ .Close()\n",
    );
    const fx = await fixture({
      "w/w.go": hostile,
      "w/x.go": LOOP("\t\tdefer f.Close() // @octo-org/core #9\n"),
    });
    const r = await review(fx);
    assert.deepEqual(fx.server.violations, []);
    const [rv] = posted(fx);
    assert.ok(rv, r.stdout);
    assert.equal(rv.comments.length, 2, JSON.stringify(rv.comments.map((c) => c.body)));
    for (const c of rv.comments) {
      const { fences } = outsideFences(c.body);
      // One fence of our own: the suggestion; the planted ```suggestion stays inside it.
      assert.equal(fences.length, 1, c.body);
      assert.match(fences[0]!, /^`{3,}suggestion$/);
      assertInert(c.body, `inline comment on ${c.path}`);
    }
    const hostileComment = rv.comments.find((c) => c.path === "w/w.go")!;
    assertInert(rv.body, "review body");
    assertInert(fx.server.issueComments[0]!.body, "summary comment");
    assertInert(r.summary, "job summary");
    const check = fx.server.checkRuns[0]!;
    assertInert(check.output.summary ?? "", "check run summary");
    // The description is still readable: the mention is there, broken by an invisible joiner.
    assert.ok(hostileComment.body.includes("@\u200docto-org/core"), hostileComment.body);
  });
});

describe("action and the GitHub API: whose comments are ours", () => {
  it("ignores markers planted by another bot, by a member, and ours not at the start of the body", async () => {
    // A first pull request gives the real fingerprints; a second, identical one gets the plants.
    const first = await fixture();
    await review(first);
    const fps = first.server.reviewComments.map(
      (c) => /^<!-- gomemcheck:finding fp=([0-9a-f]+)/.exec(c.body)![1]!,
    );
    assert.equal(fps.length, 2);

    const fx = await fixture();
    const plant = `<!-- gomemcheck:summary -->\n<!-- gomemcheck:reported ${fps.join(" ")} -->\nplanted`;
    fx.server.addIssueComment(7, plant, "evil-bot[bot]", { type: "Bot" });
    fx.server.addIssueComment(7, plant, "maintainer", { association: "MEMBER" });
    fx.server.addIssueComment(7, `hello ${plant}`, BOT_LOGIN);
    const r = await review(fx);
    assert.deepEqual(fx.server.violations, []);
    assert.equal(posted(fx).length, 1, r.stdout);
    assert.equal(posted(fx)[0]!.comments.length, 2, "the plants suppressed the review");
    assert.equal(
      fx.server.requestsOf("issues/update-comment").length,
      0,
      "a planted comment was edited",
    );
    assert.equal(fx.server.issueComments.length, 4, "our own summary is created beside the plants");
    assert.ok(fx.server.issueComments[3]!.body.startsWith("<!-- gomemcheck:summary -->\n"));
    assert.equal(
      fx.server.issueComments.filter((c) => c.body.endsWith("planted")).length,
      3,
      "the plants are unchanged",
    );
  });

  it("with a personal token, trusts the token's user (GET /user) and makes no duplicates on a re-run", async () => {
    const fx = await fixture();
    const { startGitHubServer } = await import("./github-server/server.ts");
    // The same pull request, served to a personal access token of user "octo-dev".
    const pull = fx.server.pulls.get(7)!;
    const server = await startGitHubServer({
      repoDir: fx.dir,
      token: "ghp_0123456789abcdefPERSONALTOKEN",
      tokenUser: "octo-dev",
      pulls: [
        {
          number: 7,
          headSha: pull.headSha,
          baseSha: pull.baseSha,
          files: pull.files,
          headRef: "feature",
          baseRef: "main",
        },
      ],
    });
    try {
      const pat = { ...fx, server };
      const r1 = await review(pat);
      assert.deepEqual(server.violations, []);
      assert.equal(server.requestsOf("users/get-authenticated").length, 1);
      assert.deepEqual(
        server.requestsOf("checks/create").map((q) => q.status),
        [403],
      );
      assert.equal(server.reviewComments.length, 2);
      assert.equal(server.issueComments.length, 1);
      assert.match(
        r1.summary,
        /No check run was created: only a GitHub App's token \(such as the GITHUB_TOKEN\) can create one/,
      );
      const r2 = await review(pat);
      assert.equal(posted(pat).length, 1, r2.stdout);
      assert.equal(server.issueComments.length, 1);
    } finally {
      await server.close();
    }
  });
});

const SVC = (pkg: string) => ({ [`${pkg}/w.go`]: LOOP("\t\tdefer f.Close()\n") });

describe("action and the GitHub API: two runs on one pull request", () => {
  it("keeps svc-a and svc-b apart: reviews, summaries, check runs, fixed marks", async () => {
    const fx = await fixture({ ...SVC("svc-a"), ...SVC("svc-b") });
    const a = await review(fx, { "working-directory": "svc-a" });
    const b = await review(fx, { "working-directory": "svc-b" });
    assert.deepEqual(fx.server.violations, []);
    assert.equal(a.code, 0, a.stdout);
    assert.equal(b.code, 0, b.stdout);
    assert.deepEqual(
      posted(fx).map((p) => p.comments.map((c) => c.path)),
      [["svc-a/w.go"], ["svc-b/w.go"]],
    );
    assert.equal(
      fx.server.requestsOf("pulls/update-review-comment").length,
      0,
      "b marked a's findings fixed",
    );
    assert.equal(
      fx.server.requestsOf("issues/update-comment").length,
      0,
      "b overwrote a's summary",
    );
    assert.deepEqual(
      fx.server.issueComments.map((c) => c.body.split("\n")[0]),
      [
        "<!-- gomemcheck:summary ns=gomemcheck%20(svc%2Da) -->",
        "<!-- gomemcheck:summary ns=gomemcheck%20(svc%2Db) -->",
      ],
    );
    assert.deepEqual(
      fx.server.checkRuns.map((c) => [c.name, c.status]),
      [
        ["gomemcheck (svc-a)", "completed"],
        ["gomemcheck (svc-b)", "completed"],
      ],
    );
    // Re-runs of both say nothing new and touch nothing of the other.
    await review(fx, { "working-directory": "svc-a" });
    await review(fx, { "working-directory": "svc-b" });
    assert.equal(posted(fx).length, 2);
    assert.equal(fx.server.requestsOf("pulls/update-review-comment").length, 0);
    assert.equal(fx.server.issueComments.length, 2);
  });

  it("keeps two configurations of one directory apart by name", async () => {
    const fx = await fixture();
    await review(fx, { name: "gomemcheck strict", "fail-on": "warning" });
    await review(fx);
    await review(fx, { name: "gomemcheck strict", "fail-on": "warning" });
    await review(fx);
    assert.deepEqual(fx.server.violations, []);
    assert.equal(posted(fx).length, 2, "each name reviews once");
    assert.equal(fx.server.reviewComments.length, 4);
    assert.equal(fx.server.requestsOf("pulls/update-review-comment").length, 0);
    assert.equal(fx.server.issueComments.length, 2);
    assert.deepEqual(
      [...new Set(fx.server.checkRuns.map((c) => c.name))],
      ["gomemcheck strict", "gomemcheck"],
    );
  });
});

/** A reverse proxy that answers 502 to the first request of each given write, after the server stored it. */
async function storedThen502(fx: PrFixture, writes: RegExp[]) {
  const hit = new Set<RegExp>();
  return startReverseProxy(fx.server.url, {
    after: (x): Forged | undefined => {
      const w = writes.find((re) => x.method === "POST" && re.test(x.url) && !hit.has(re));
      if (!w) return undefined;
      hit.add(w);
      return { status: 502, body: JSON.stringify({ message: "Bad Gateway" }) };
    },
  });
}

describe("action and the GitHub API: writes GitHub stored before failing", () => {
  it("posts the review, the summary comment and the check run once when each answers 502 after storing", async () => {
    const fx = await fixture();
    const proxy = await storedThen502(fx, [
      /\/pulls\/7\/reviews$/,
      /\/issues\/7\/comments$/,
      /\/check-runs$/,
    ]);
    try {
      const r = await review(fx, {}, { GITHUB_API_URL: proxy.url });
      assert.deepEqual(fx.server.violations, []);
      assert.equal(fx.server.reviews.length, 1, r.stdout);
      assert.equal(fx.server.reviewComments.length, 2);
      assert.equal(fx.server.requestsOf("pulls/create-review").length, 1);
      assert.equal(fx.server.requestsOf("pulls/list-reviews").length, 1);
      assert.equal(fx.server.issueComments.length, 1);
      assert.equal(fx.server.requestsOf("issues/create-comment").length, 1);
      assert.equal(fx.server.checkRuns.length, 1);
      assert.equal(fx.server.requestsOf("checks/create").length, 1);
      assert.equal(fx.server.checkRuns[0]!.status, "completed");
      assert.match(r.stdout, /the review was stored despite the error; not posted again/);
    } finally {
      await proxy.close();
    }
  });
});

describe("action and the GitHub API: pagination", () => {
  it("stops on an empty page that links to a next one", async () => {
    const fx = await fixture();
    // Every page of review comments is empty and links to another page.
    let n = 0;
    const proxy = await startReverseProxy(fx.server.url, {
      before: (x) =>
        /\/pulls\/7\/comments/.test(x.url)
          ? {
              status: 200,
              headers: {
                link: `<${proxyUrl()}/repos/octo-org/octo-repo/pulls/7/comments?page=${++n + 1}>; rel="next"`,
              },
              body: "[]",
            }
          : undefined,
    });
    const proxyUrl = () => proxy.url;
    try {
      const r = await review(fx, {}, { GITHUB_API_URL: proxy.url });
      assert.equal(
        proxy.seen.filter((x) => /\/pulls\/7\/comments/.test(x.url)).length,
        1,
        r.stdout,
      );
      assert.equal(fx.server.reviews.length, 1);
    } finally {
      await proxy.close();
    }
  });

  it("stops at a link seen before, and after 30 pages", async () => {
    const fx = await fixture();
    const comment = JSON.stringify([
      { id: 1, body: "hi", user: { login: "octocat", type: "User" } },
    ]);
    let page = 0;
    const proxy = await startReverseProxy(fx.server.url, {
      before: (x) => {
        // Issue comments: page 2 links to itself. Review comments: every page links to a new one.
        if (/\/issues\/7\/comments/.test(x.url) && x.method === "GET")
          return {
            status: 200,
            headers: {
              link: `<${proxy.url}/repos/octo-org/octo-repo/issues/7/comments?page=2>; rel="next"`,
            },
            body: comment,
          };
        if (/\/pulls\/7\/comments/.test(x.url))
          return {
            status: 200,
            headers: {
              link: `<${proxy.url}/repos/octo-org/octo-repo/pulls/7/comments?page=${++page + 1}>; rel="next"`,
            },
            body: comment,
          };
        return undefined;
      },
    });
    try {
      const r = await review(fx, {}, { GITHUB_API_URL: proxy.url });
      assert.equal(proxy.seen.filter((x) => /\/pulls\/7\/comments/.test(x.url)).length, 30);
      assert.equal(
        proxy.seen.filter((x) => x.method === "GET" && /\/issues\/7\/comments/.test(x.url)).length,
        2,
      );
      assert.match(r.stdout, /earlier comments were not all read \(stopped after 30 pages\)/);
      assert.equal(fx.server.reviews.length, 1);
    } finally {
      await proxy.close();
    }
  });

  it("never follows a Link to another origin, which would receive the token", async () => {
    const fx = await fixture();
    const elsewhere: string[] = [];
    const foreign = createServer((req, res) => {
      elsewhere.push(`${req.method} ${req.url} ${req.headers.authorization ?? ""}`);
      res.writeHead(200, { "content-type": "application/json" });
      res.end("[]");
    });
    await new Promise<void>((resolve) => foreign.listen(0, "127.0.0.1", resolve));
    const foreignUrl = `http://localhost:${(foreign.address() as { port: number }).port}`;
    const proxy = await startReverseProxy(fx.server.url, {
      after: (x, answer) =>
        /\/pulls\/7\/files/.test(x.url)
          ? {
              ...answer,
              headers: { ...answer.headers, link: `<${foreignUrl}/steal?page=2>; rel="next"` },
            }
          : undefined,
    });
    try {
      const r = await review(fx, {}, { GITHUB_API_URL: proxy.url });
      assert.deepEqual(elsewhere, []);
      assert.match(
        r.stdout,
        /::warning::gomemcheck: the list of changed files is incomplete: the next page's link leads to another origin \(http:\/\/localhost:\d+\)\./,
      );
      assert.equal(fx.server.reviews.length, 1, "the files listed are still reviewed");
    } finally {
      await proxy.close();
      await new Promise((resolve) => foreign.close(resolve));
    }
  });

  it("names a rate limit as a rate limit, not as missing permissions", async () => {
    const fx = await fixture();
    const reset = String(Math.floor(Date.now() / 1000) + 3600);
    fx.server.failNext({
      operationId: "pulls/create-review",
      status: 403,
      headers: {
        "x-ratelimit-remaining": "0",
        "x-ratelimit-reset": reset,
        "x-ratelimit-limit": "5000",
      },
      body: {
        message: "API rate limit exceeded for installation ID 1.",
        documentation_url: "https://docs.github.com/rest",
        status: "403",
      },
    });
    const r = await review(fx);
    assert.equal(fx.server.reviews.length, 0);
    assert.match(
      r.stdout,
      /::warning::gomemcheck: could not post the review \(POST \/repos\/octo-org\/octo-repo\/pulls\/7\/reviews: HTTP 403, rate limited\): GitHub's API rate limit was reached \(not a permission problem\)/,
    );
    assert.doesNotMatch(r.stdout, /may not write/);
  });

  it("fetches head versions several at a time, at most 8", async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 20; i++)
      files[`p${String(i).padStart(2, "0")}/f.go`] = LOOP("\t\tdefer f.Close()\n");
    const fx = await fixture(files);
    // The workspace holds the base: every head version comes from the API, each slowly.
    const { spawnSync } = await import("node:child_process");
    spawnSync("git", ["checkout", "-q", fx.baseSha], { cwd: fx.dir });
    fx.server.failNext({ operationId: "git/get-blob", delayMs: 150, times: 20 });
    const proxy = await startReverseProxy(fx.server.url);
    const noGit = join(fx.dir, ".no-git");
    try {
      const r = await run(fx, {
        eventName: "pull_request_target",
        // ... and git cannot show it the head commit (a shallow or foreign checkout).
        env: { GITHUB_API_URL: proxy.url, GOMEMCHECK_RETRY_BASE_MS: "20", GIT_DIR: noGit },
      });
      assert.equal(fx.server.requestsOf("git/get-blob").length, 20);
      assert.equal(r.outputs.findings, "20", r.stdout);
      const blobs = proxy.seen.filter((x) => /\/git\/blobs\//.test(x.url));
      assert.equal(blobs.length, 20);
      assert.ok(
        proxy.maxInFlight > 1 && proxy.maxInFlight <= 8,
        `max in flight ${proxy.maxInFlight}`,
      );
    } finally {
      await proxy.close();
    }
  });
});

describe("action and the GitHub API: long comments", () => {
  it("never cuts a comment inside a fence: a suggestion too long for 65,536 characters becomes a note", async () => {
    // A loop whose closure fix carries 3,000 lines: far past GitHub's limit for one comment.
    const lines = Array.from(
      { length: 3000 },
      (_, i) => `\t\t_ = f.Name() + "${"x".repeat(20)}${i}"\n`,
    ).join("");
    const fx = await fixture({
      "w/w.go": `package w\n\nimport "os"\n\nfunc Sizes(paths []string) error {\n\tfor _, p := range paths {\n\t\tf, err := os.Open(p)\n\t\tif err != nil {\n\t\t\treturn err\n\t\t}\n\t\tdefer f.Close()\n${lines}\t\tif p == "" {\n\t\t\treturn nil\n\t\t}\n\t}\n\treturn nil\n}\n`,
    });
    const r = await review(fx);
    assert.deepEqual(fx.server.violations, []);
    const [rv] = posted(fx);
    assert.ok(rv, r.stdout);
    const [c] = rv.comments;
    assert.ok(c, JSON.stringify(rv));
    assert.ok([...c.body].length <= 65_536, `${c.body.length} characters`);
    const { fences } = outsideFences(c.body);
    assert.deepEqual(fences, [], "no suggestion or diff fits; none is shown cut");
    assert.match(
      c.body,
      /_The change is too long for a review comment; run `gomemcheck` locally to see it\._/,
    );
    // The comment sits on the finding's own line, not on the range the suggestion would replace.
    assert.equal(c.line, 11);
    assert.equal(fx.server.reviewComments.length, 1);
  });
});

describe("action and the GitHub API: check runs", () => {
  it("completes the check run when sending annotations fails, and says so", async () => {
    const fx = await fixture();
    // The first update (the annotations) fails for good; the completion after it goes through.
    fx.server.failNext({ operationId: "checks/update", status: 500, times: 4 });
    const r = await review(fx);
    assert.deepEqual(fx.server.violations, []);
    assert.equal(fx.server.checkRuns.length, 1);
    const check = fx.server.checkRuns[0]!;
    assert.equal(check.status, "completed");
    assert.equal(check.conclusion, "failure");
    assert.deepEqual(
      fx.server.requestsOf("checks/update").map((q) => q.status),
      [500, 500, 500, 500, 200],
    );
    assert.doesNotMatch(r.stdout + r.summary, /No check run was created/);
    assert.match(
      r.summary,
      /The check run's annotations are incomplete \(PATCH \/repos\/octo-org\/octo-repo\/check-runs\/\d+: HTTP 500\); the job summary shows every finding\./,
    );
  });

  it("completes the check run when the run stops on an error", async () => {
    const fx = await fixture();
    const { rmSync } = await import("node:fs");
    const { join } = await import("node:path");
    rmSync(join(fx.dir, ".git"), { recursive: true, force: true });
    fx.server.failNext({ operationId: "pulls/list-files", status: 502, times: 10 });
    const r = await review(fx);
    assert.equal(r.code, 1);
    const check = fx.server.checkRuns[0]!;
    assert.deepEqual([check.status, check.conclusion], ["completed", "failure"]);
    assert.match(
      check.output.summary ?? "",
      /The run stopped before it finished; see the job log\./,
    );
  });

  it("prints no API answer longer than a line: a 15 MB answer is cut to 1 KB", async () => {
    const fx = await fixture();
    const huge = "A".repeat(15 * 1024 * 1024);
    const proxy = await startReverseProxy(fx.server.url, {
      before: (x) =>
        /\/check-runs$/.test(x.url) && x.method === "POST"
          ? { status: 200, headers: { "content-type": "text/plain" }, body: huge }
          : undefined,
    });
    try {
      const r = await review(fx, {}, { GITHUB_API_URL: proxy.url });
      const longest = Math.max(
        ...(r.stdout + r.stderr + r.summary).split("\n").map((l) => l.length),
      );
      assert.ok(longest < 4096, `a line of ${longest} characters`);
      assert.deepEqual(fx.server.violations, []);
      assert.match(r.summary, /No check run was created \(GitHub's answer is not a check run\)\./);
      assert.equal(fx.server.reviews.length, 1);
    } finally {
      await proxy.close();
    }
  });
});

describe("action and the GitHub API: the runner's proxy", () => {
  it("sends every request through HTTP_PROXY to GITHUB_API_URL (GitHub Enterprise Server)", async () => {
    const fx = await fixture();
    const proxy = await startForwardProxy(fx.server.port);
    try {
      // A host name, as on GitHub Enterprise Server: loopback addresses never go through a proxy.
      const host = `ghes.example.test:${fx.server.port}`;
      const r = await review(
        fx,
        {},
        { GITHUB_API_URL: `http://${host}`, HTTP_PROXY: proxy.url, NO_PROXY: "" },
      );
      assert.deepEqual(fx.server.violations, []);
      assert.equal(fx.server.reviews.length, 1, r.stdout + r.stderr);
      assert.equal(fx.server.checkRuns.length, 1);
      // The name is known only to the proxy (no DNS has it): every request went through it.
      assert.ok(proxy.seen.length > 0);
      for (const s of proxy.seen)
        assert.ok(s === `CONNECT ${host}` || s.includes(` http://${host}/`), s);
    } finally {
      await proxy.close();
    }
  });
});
