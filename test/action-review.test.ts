// Review mode of the bundled action against the loopback GitHub API server: exact requests,
// idempotent re-runs, fixes, short permissions and API failures.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { BASE_FILES, WORKER_GO, prFixtures, push, type PrFixture } from "./action/pr-repo.ts";
import type { ActionRun } from "./action/run-action.ts";

const { fixture, review: run } = prFixtures();

function review(
  fx: PrFixture,
  inputs: Record<string, string> = {},
  eventName = "pull_request",
): Promise<ActionRun> {
  return run(fx, { inputs, eventName });
}

type ReviewBody = {
  commit_id: string;
  event: string;
  body: string;
  comments: {
    path: string;
    line: number;
    start_line?: number;
    side: string;
    start_side?: string;
    body: string;
  }[];
};

function reviewBodies(fx: PrFixture): ReviewBody[] {
  return fx.server
    .requestsOf("pulls/create-review")
    .filter((r) => r.status === 200)
    .map((r) => r.body as ReviewBody);
}

function noLeaks(fx: PrFixture, r: ActionRun): void {
  assert.deepEqual(fx.server.violations, []);
  assert.ok(
    !(r.stdout + r.stderr + r.summary + JSON.stringify(r.outputs)).includes(fx.server.token),
    "token printed",
  );
}

const DOCS = "https://github.com/gomemcheck/gomemcheck/blob/main/docs/rules/defer-in-loop.md";

describe("action, review mode", () => {
  it("posts one review with inline suggestions on the exact lines, a summary comment and a check run", async () => {
    const fx = await fixture();
    const r = await review(fx);
    noLeaks(fx, r);
    assert.equal(r.code, 1, r.stdout);
    assert.equal(r.outputs.findings, "2");
    const reviews = reviewBodies(fx);
    assert.equal(reviews.length, 1);
    const [posted] = reviews;
    assert.equal(posted!.commit_id, fx.headSha);
    assert.equal(posted!.event, "COMMENT");
    // The marker first: it finds this review again when GitHub stores it but answers an error.
    assert.match(posted!.body, /^<!-- gomemcheck:review key=[0-9a-f]{20} -->\n/);
    assert.equal(
      posted!.body.replace(/^.*\n/, ""),
      [
        "**gomemcheck** found 2 new problems in this pull request.",
        "",
        "🔴 1 error · 🟠 1 warning · 🔵 0 notices",
        "",
        "| Rule | Error | Warning | Notice |",
        "| --- | ---: | ---: | ---: |",
        `| [defer-in-loop](${DOCS}) | 1 | 1 | 0 |`,
        "",
        "2 are commented on the changed lines.",
      ].join("\n"),
    );
    assert.deepEqual(
      posted!.comments.map((c) => [c.path, c.start_line, c.line, c.side, c.start_side]),
      [
        ["internal/worker/worker.go", 13, 15, "RIGHT", "RIGHT"],
        ["internal/worker/worker.go", 26, 30, "RIGHT", "RIGHT"],
      ],
    );
    const [cancel, close] = posted!.comments;
    assert.match(cancel!.body, /^<!-- gomemcheck:finding fp=[0-9a-f]{20} rule=defer-in-loop -->\n/);
    assert.ok(
      cancel!.body.includes(
        `🔴 **error** [defer-in-loop](${DOCS}): \`cancel()\` deferred in a loop keeps each pass's context and timer alive until \`Consume\` returns. The loop has no bound (\`for {}\`), so they pile up without limit.`,
      ),
      cancel!.body,
    );
    assert.ok(cancel!.body.includes("- internal/worker/worker.go:11: loop starts here"));
    assert.ok(
      cancel!.body.includes(
        "**Fix:** Call `cancel` at the end of the loop body instead of deferring it\n\n```suggestion\n\t\t_ = next(msgCtx)\n\t\tcancel()\n\t}\n```",
      ),
      cancel!.body,
    );
    assert.ok(
      close!.body.includes(
        "```suggestion\n\t\tif st, err := f.Stat(); err == nil {\n\t\t\tout = append(out, st.Size())\n\t\t}\n\t\tf.Close()\n\t}\n```",
      ),
      close!.body,
    );
    // The pre-existing problem in internal/old/old.go (unchanged) is not commented.
    assert.ok(!JSON.stringify(fx.server.requests.map((q) => q.body)).includes("old.go"));
    assert.equal(fx.server.issueComments.length, 1);
    assert.ok(fx.server.issueComments[0]!.body.startsWith("<!-- gomemcheck:summary -->\n"));
    assert.match(fx.server.issueComments[0]!.body, /### gomemcheck: 2 findings/);
    assert.equal(fx.server.checkRuns.length, 1);
    const check = fx.server.checkRuns[0]!;
    assert.equal(check.head_sha, fx.headSha);
    assert.equal(check.conclusion, "failure");
    assert.deepEqual(
      check.annotations.map((a) => [a.path, a.start_line, a.annotation_level]),
      [
        ["internal/worker/worker.go", 13, "failure"],
        ["internal/worker/worker.go", 26, "warning"],
      ],
    );
    assert.ok(r.summary.startsWith("### gomemcheck review: 2 findings\n"), r.summary.slice(0, 80));
  });

  it("makes no duplicates on a re-run, and marks a finding fixed after a push removes it", async () => {
    const fx = await fixture();
    await review(fx);
    const writesAfterFirst = fx.server
      .writes()
      .filter((w) => !w.operationId?.startsWith("checks/")).length;
    const rerun = await review(fx);
    noLeaks(fx, rerun);
    assert.equal(rerun.code, 1);
    assert.equal(reviewBodies(fx).length, 1, "a re-run posted a second review");
    assert.equal(
      fx.server.writes().filter((w) => !w.operationId?.startsWith("checks/")).length,
      writesAfterFirst,
    );
    assert.equal(fx.server.issueComments.length, 1);

    // The push fixes the unbounded loop (the error) and keeps the Close problem.
    await push(fx, {
      "internal/worker/worker.go": WORKER_GO.replace(
        "\t\tdefer cancel()\n\t\t_ = next(msgCtx)\n",
        "\t\t_ = next(msgCtx)\n\t\tcancel()\n",
      ),
    });
    const fixed = await review(fx);
    noLeaks(fx, fixed);
    assert.equal(fixed.code, 0, "the job still fails after the error was fixed");
    assert.equal(reviewBodies(fx).length, 1, "nothing new to say, yet a review was posted");
    const updates = fx.server.requestsOf("pulls/update-review-comment");
    assert.equal(updates.length, 1);
    const updated = fx.server.reviewComments.find((c) =>
      /^<!-- gomemcheck:fixed fp=[0-9a-f]{20} -->\n/.test(c.body),
    )!;
    assert.ok(
      updated.body.includes(
        `**✅ Fixed** in ${fx.headSha.slice(0, 7)}: gomemcheck no longer finds this.`,
      ),
    );
    assert.ok(updated.body.includes("`cancel()`"));
    assert.equal(fx.server.issueComments.length, 1);
    assert.match(fx.server.issueComments[0]!.body, /### gomemcheck: 1 finding\n/);
    assert.match(fx.server.issueComments[0]!.body, /1 earlier finding is fixed\./);
    assert.equal(fx.server.checkRuns.at(-1)!.conclusion, "success");
  });

  it("falls back to annotations and the job summary with a read-only token (fork pull request)", async () => {
    const fx = await fixture(undefined, { readOnly: true });
    const r = await review(fx);
    noLeaks(fx, r);
    assert.equal(r.code, 1, "the exit code must still follow the findings");
    assert.equal(reviewBodies(fx).length, 0);
    assert.deepEqual(
      r.annotations.filter((a) => a.props.file).map((a) => [a.level, a.props.file, a.props.line]),
      [
        ["error", "internal/worker/worker.go", "13"],
        ["warning", "internal/worker/worker.go", "26"],
      ],
    );
    assert.match(
      r.stdout,
      /::warning::gomemcheck: could not post the review \(POST \/repos\/octo-org\/octo-repo\/pulls\/7\/reviews: HTTP 403\): the token may not write to this pull request\. Grant `permissions: pull-requests: write`/,
    );
    assert.match(
      r.summary,
      /Could not post the review \(POST \/repos\/octo-org\/octo-repo\/pulls\/7\/reviews: HTTP 403\): the token may not write to this pull request/,
    );
    assert.match(r.summary, /No check run was created: the token lacks `checks: write`/);
    assert.match(r.summary, /internal\/worker\/worker\.go:13/);
  });

  it("moves the inline comments into the body when GitHub still answers 422", async () => {
    const fx = await fixture();
    fx.server.failNext({ operationId: "pulls/create-review", status: 422 });
    const r = await review(fx);
    noLeaks(fx, r);
    const attempts = fx.server.requestsOf("pulls/create-review");
    assert.deepEqual(
      attempts.map((a) => a.status),
      [422, 200],
    );
    const retried = attempts[1]!.body as ReviewBody;
    assert.deepEqual(retried.comments, []);
    assert.ok(retried.body.includes("2 cannot be placed on a changed line:"), retried.body);
    assert.ok(retried.body.includes("internal/worker/worker.go:13"));
    assert.ok(retried.body.includes("internal/worker/worker.go:26"));
    assert.ok(retried.body.includes("GitHub refused an inline comment on this line (422)"));
    assert.match(
      r.stdout,
      /GitHub answered 422 to the review; retried with 2 comment\(s\) in the body: internal\/worker\/worker\.go:13, internal\/worker\/worker\.go:26/,
    );
  });

  it("retries a 500 and goes on", async () => {
    const fx = await fixture();
    fx.server.failNext({ operationId: "pulls/list-files", status: 500 });
    const r = await review(fx);
    noLeaks(fx, r);
    assert.deepEqual(
      fx.server.requestsOf("pulls/list-files").map((q) => q.status),
      [500, 200],
    );
    assert.equal(reviewBodies(fx).length, 1);
  });

  it("reads a 250-file pull request across pages", async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 250; i++) {
      files[`pkg/p${String(i).padStart(3, "0")}/f.go`] =
        i % 50 === 0
          ? `package p\n\nfunc F(c chan int) {\n\tfor range c {\n\t\tdefer g()\n\t}\n}\n\nfunc g() {}\n`
          : `package p\n\nfunc F() {}\n`;
    }
    const fx = await fixture(files);
    const r = await review(fx);
    noLeaks(fx, r);
    assert.deepEqual(
      fx.server.requestsOf("pulls/list-files").map((q) => q.query.page ?? "1"),
      ["1", "2", "3"],
    );
    assert.equal(r.outputs.findings, "5");
    assert.deepEqual(
      reviewBodies(fx)[0]!.comments.map((c) => `${c.path}:${c.line}`),
      [
        "pkg/p000/f.go:5",
        "pkg/p050/f.go:5",
        "pkg/p100/f.go:5",
        "pkg/p150/f.go:5",
        "pkg/p200/f.go:5",
      ],
    );
  });

  it("reads the head version from git objects when the workspace holds another (pull_request_target)", async () => {
    const fx = await fixture();
    // The workflow checked out the base branch: the worker file does not exist on disk, but the
    // head commit is in the local history.
    const { spawnSync } = await import("node:child_process");
    spawnSync("git", ["checkout", "-q", fx.baseSha], { cwd: fx.dir });
    const r = await review(fx, {}, "pull_request_target");
    noLeaks(fx, r);
    assert.equal(fx.server.requestsOf("git/get-blob").length, 0);
    assert.deepEqual(
      reviewBodies(fx)[0]!.comments.map((c) => c.start_line),
      [13, 26],
    );
  });

  it("ignores markers planted by the pull request's author", async () => {
    const fx = await fixture();
    const first = await review(fx, { "post-review": "false" });
    assert.equal(first.code, 1);
    // Mallory copies our summary marker and claims every fingerprint was reported already.
    fx.server.addIssueComment(
      7,
      "<!-- gomemcheck:summary -->\n<!-- gomemcheck:reported 0000 -->",
      "mallory",
    );
    const r = await review(fx);
    noLeaks(fx, r);
    assert.equal(reviewBodies(fx).length, 1);
    assert.equal(reviewBodies(fx)[0]!.comments.length, 2);
    assert.equal(
      fx.server.issueComments.length,
      2,
      "our own summary comment is created beside hers",
    );
    assert.equal(fx.server.requestsOf("issues/update-comment").length, 0, "her comment was edited");
  });

  it("posts nothing with post-review false", async () => {
    const fx = await fixture();
    const r = await review(fx, { "post-review": "false" });
    noLeaks(fx, r);
    assert.equal(r.code, 1);
    assert.equal(reviewBodies(fx).length, 0);
    assert.equal(fx.server.issueComments.length, 0);
    assert.match(r.summary, /post-review is false: no review was posted\./);
  });

  it("does nothing visible for a change without findings", async () => {
    const fx = await fixture({
      "main.go":
        BASE_FILES["main.go"] + '\n// Version is the build version.\nvar Version = "dev"\n',
    });
    const r = await review(fx);
    noLeaks(fx, r);
    assert.equal(r.code, 0);
    assert.equal(reviewBodies(fx).length, 0);
    assert.equal(fx.server.issueComments.length, 0);
    assert.equal(r.outputs.findings, "0");
  });
});
