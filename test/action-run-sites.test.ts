// Review mode of the bundled action on a pull request that changes where the binary runs: the
// manifest is a build file of the change, and its fix is a one-click suggestion on its line.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { prFixtures } from "./action/pr-repo.ts";

const { fixture, review } = prFixtures();

const DOCKERFILE_114 =
  'FROM golang:1.14 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\n\nFROM alpine:3.19\nENV GODEBUG=madvdontneed=1\nCOPY --from=build /app /app\nENTRYPOINT ["/app"]\n';

const MANIFEST = [
  "apiVersion: apps/v1", // 1
  "kind: Deployment", // 2
  "metadata:", // 3
  "  name: svc", // 4
  "spec:", // 5
  "  template:", // 6
  "    spec:", // 7
  "      containers:", // 8
  "        - name: svc", // 9
  "          image: ${IMAGE}", // 10
  "          env:", // 11
  "            - name: GODEBUG", // 12
  "              value: gctrace=1", // 13
  "",
].join("\n");

describe("action, review mode, run sites", () => {
  it("comments on the manifest that overrides the image's GODEBUG, with a suggestion", async () => {
    const fx = await fixture({ Dockerfile: DOCKERFILE_114, "deploy/svc.yaml": MANIFEST });
    const r = await review(fx);
    assert.deepEqual(fx.server.violations, []);
    assert.equal(r.code, 1, r.stdout);
    const reviews = fx.server
      .requestsOf("pulls/create-review")
      .filter((q) => q.status === 200)
      .map(
        (q) =>
          q.body as {
            comments: { path: string; line: number; start_line?: number; body: string }[];
          },
      );
    assert.equal(reviews.length, 1);
    const comments = reviews[0]!.comments;
    const onManifest = comments.filter((c) => c.path === "deploy/svc.yaml");
    assert.deepEqual(
      onManifest.map((c) => [c.start_line, c.line]),
      [[12, 13]],
    );
    const body = onManifest[0]!.body;
    assert.match(body, /godebug-overridden/);
    assert.match(body, /replaces the image's GODEBUG=madvdontneed=1/);
    assert.match(
      body,
      /```suggestion\n {12}- name: GODEBUG\n {14}value: gctrace=1,madvdontneed=1\n```/,
    );
  });

  it("suggests the env block on the image line of the overlay that lacks it", async () => {
    const withEnv = MANIFEST.replace("gctrace=1", "madvdontneed=1");
    const without = MANIFEST.split("\n").slice(0, 10).join("\n") + "\n";
    const fx = await fixture({
      Dockerfile: DOCKERFILE_114.replace("ENV GODEBUG=madvdontneed=1\n", ""),
      "deploy/staging/svc.yaml": withEnv,
      "deploy/production/svc.yaml": without,
    });
    const r = await review(fx);
    assert.deepEqual(fx.server.violations, []);
    assert.equal(r.code, 1, r.stdout);
    const comments = fx.server
      .requestsOf("pulls/create-review")
      .filter((q) => q.status === 200)
      .flatMap(
        (q) => (q.body as { comments: { path: string; line: number; body: string }[] }).comments,
      );
    const prod = comments.filter((c) => c.path === "deploy/production/svc.yaml");
    assert.deepEqual(
      prod.map((c) => c.line),
      [10],
    );
    assert.match(prod[0]!.body, /madv-free-build/);
    assert.match(
      prod[0]!.body,
      /```suggestion\n {10}image: \$\{IMAGE\}\n {10}env:\n {12}- name: GODEBUG\n {14}value: madvdontneed=1\n```/,
    );
  });
});
