// Two findings on one line (go-unsupported and madv-free-build on the same FROM) make one review
// comment with at most one suggestion; re-runs recognise both, and it is marked fixed once.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { BASE_FILES, prFixtures, push } from "./action/pr-repo.ts";

const { fixture, review } = prFixtures();

type Comment = { path: string; line: number; body: string };

describe("action, review mode, two findings on one line", () => {
  it("posts one comment led by the most severe finding, and recognises both on re-runs", async () => {
    const old = BASE_FILES.Dockerfile!.replace(
      "FROM golang:1.22 AS build",
      "FROM golang:1.14 AS build",
    );
    const fx = await fixture({ Dockerfile: old });
    const first = await review(fx);
    assert.deepEqual(fx.server.violations, []);
    const reviews = fx.server.requestsOf("pulls/create-review").filter((r) => r.status === 200);
    assert.equal(reviews.length, 1, first.stderr);
    const comments = (reviews[0]!.body as { comments: Comment[] }).comments;
    const onFrom = comments.filter((c) => c.path === "Dockerfile" && c.line === 1);
    assert.equal(onFrom.length, 1, JSON.stringify(comments, null, 2));
    const body = onFrom[0]!.body;
    assert.match(
      body,
      /^<!-- gomemcheck:finding fp=[0-9a-f]+ rule=madv-free-build also=[0-9a-f]+ -->\n/,
    );
    assert.ok(body.indexOf("madv-free-build") < body.indexOf("go-unsupported"));
    assert.ok((body.match(/```suggestion/g) ?? []).length <= 1, body);

    // A re-run posts nothing new: both fingerprints are read from the one marker.
    await review(fx);
    assert.equal(
      fx.server.requestsOf("pulls/create-review").filter((r) => r.status === 200).length,
      1,
    );

    // The push that fixes both marks the shared comment fixed, once.
    await push(fx, { Dockerfile: BASE_FILES.Dockerfile! });
    await review(fx);
    const updates = fx.server.requestsOf("pulls/update-review-comment");
    assert.equal(updates.length, 1);
    assert.match((updates[0]!.body as { body: string }).body, /✅ Fixed/);
  });
});
