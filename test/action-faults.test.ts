// Review mode when GitHub misbehaves: resets, 502s, secondary rate limits, timeouts. The run
// retries within a bounded time; when it must give up it says which call failed.
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { prFixtures, type PrFixture } from "./action/pr-repo.ts";
import type { ActionRun } from "./action/run-action.ts";

const { fixture, review: run } = prFixtures();

function review(fx: PrFixture): Promise<ActionRun> {
  // Short timeouts and backoff keep the test fast; the logic is the production one.
  return run(fx, { env: { GOMEMCHECK_API_TIMEOUT_MS: "400", GOMEMCHECK_RETRY_BASE_MS: "20" } });
}

function manyFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < 150; i++) {
    files[`pkg/p${String(i).padStart(3, "0")}/f.go`] =
      i === 120
        ? "package p\n\nfunc F(xs []int) {\n\tfor range xs {\n\t\tdefer g()\n\t}\n}\n\nfunc g() {}\n"
        : "package p\n\nfunc F() {}\n";
  }
  return files;
}

describe("action, review mode under API faults", () => {
  it("retries a connection reset in the middle of pagination", async () => {
    const fx = await fixture(manyFiles());
    const fault = fx.server.failNext({
      operationId: "pulls/list-files",
      query: { page: "2" },
      resetConnection: true,
    });
    const r = await review(fx);
    assert.deepEqual(fx.server.violations, []);
    assert.equal(fault.hits.length, 1);
    assert.deepEqual(
      fx.server.requestsOf("pulls/list-files").map((q) => [q.query.page ?? "1", q.fault ?? "ok"]),
      [
        ["1", "ok"],
        ["2", "reset"],
        ["2", "ok"],
      ],
    );
    assert.equal(r.outputs.findings, "1");
    assert.equal(fx.server.reviews.length, 1);
  });

  it("retries a 502 when posting the review, and posts it once", async () => {
    const fx = await fixture();
    fx.server.failNext({ operationId: "pulls/create-review", status: 502, times: 2 });
    const r = await review(fx);
    assert.deepEqual(
      fx.server.requestsOf("pulls/create-review").map((q) => q.status),
      [502, 502, 200],
    );
    assert.equal(fx.server.reviews.length, 1);
    assert.equal(r.code, 1);
  });

  it("waits out a secondary rate limit with Retry-After", async () => {
    const fx = await fixture();
    fx.server.failNext({
      operationId: "pulls/create-review",
      secondaryRateLimit: true,
      retryAfter: 1,
    });
    const started = Date.now();
    await review(fx);
    const attempts = fx.server.requestsOf("pulls/create-review");
    assert.deepEqual(
      attempts.map((q) => q.status),
      [403, 200],
    );
    assert.ok(Date.now() - started >= 20, "no wait before the retry");
    assert.equal(fx.server.reviews.length, 1);
  });

  it("gives up posting after retries: annotations, summary and exit code still follow the findings", async () => {
    const fx = await fixture();
    fx.server.failNext({ operationId: "pulls/create-review", status: 502, times: 10 });
    const r = await review(fx);
    assert.deepEqual(fx.server.violations, []);
    assert.equal(r.code, 1);
    assert.equal(fx.server.requestsOf("pulls/create-review").length, 4, "1 try and 3 retries");
    const notice =
      "could not post the review (POST /repos/octo-org/octo-repo/pulls/7/reviews: HTTP 502): it failed after retries; annotations and the job summary still show every finding.";
    assert.ok(r.stdout.includes(`::warning::gomemcheck: ${notice}`), r.stdout);
    assert.deepEqual(
      r.annotations.filter((a) => a.props.file).map((a) => [a.level, a.props.line]),
      [
        ["error", "13"],
        ["warning", "26"],
      ],
    );
    assert.ok(r.summary.startsWith("### gomemcheck review: 2 findings\n"));
    assert.ok(r.summary.includes(`C${notice.slice(1)}`));
  });

  it("computes the diff with git when GitHub never answers the file list", async () => {
    const fx = await fixture();
    fx.server.failNext({ operationId: "pulls/list-files", hang: true, times: 10 });
    const r = await review(fx);
    assert.match(
      r.stdout,
      /::warning::gomemcheck: GET \/repos\/octo-org\/octo-repo\/pulls\/7\/files \((HTTP 500|[A-Za-z]+)\) failed after retries; the diff was computed with git from the workspace\./,
    );
    assert.equal(fx.server.requestsOf("pulls/list-files").length, 4, "1 try and 3 retries");
    assert.deepEqual(fx.server.reviews.length, 1);
    assert.equal(r.outputs.findings, "2");
    assert.equal(r.code, 1);
  });

  it("says which call failed, and fails the step, when there is no diff to be had", async () => {
    const fx = await fixture();
    rmSync(join(fx.dir, ".git"), { recursive: true, force: true });
    fx.server.failNext({ operationId: "pulls/list-files", status: 502, times: 10 });
    const r = await review(fx);
    assert.equal(r.code, 1);
    assert.match(
      r.stdout,
      /::error::gomemcheck: GitHub did not list the pull request's files: GET \/repos\/octo-org\/octo-repo\/pulls\/7\/files \(HTTP 502\) failed after retries, and the workspace has no history to compute the diff from\. Re-run the job\./,
    );
    assert.match(r.summary, /^### gomemcheck review: not done\n/);
    assert.equal(fx.server.reviews.length, 0);
  });
});
