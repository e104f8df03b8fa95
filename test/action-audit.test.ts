// Audit mode of the bundled action: job summary, SARIF, annotations, outputs and exit code.
import assert from "node:assert/strict";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { runAction } from "./action/run-action.ts";
import { tempDir } from "./helpers/temp.ts";

const EXAMPLE = join(import.meta.dirname, "..", "examples", "leaky-service");

function workspaceWithExample(): string {
  const ws = tempDir("gmc-ws-");
  cpSync(EXAMPLE, join(ws, "services", "leaky"), { recursive: true });
  return ws;
}

describe("action, audit mode", () => {
  it("audits the working directory on workflow_dispatch: summary, SARIF, annotations, outputs, failure", async () => {
    const ws = workspaceWithExample();
    const r = await runAction({
      workspace: ws,
      eventName: "workflow_dispatch",
      inputs: { "working-directory": "services/leaky", "github-token": "ghs_secret_token_value" },
      // Nothing listens there: the check run cannot be created, and the run goes on.
      apiUrl: "http://127.0.0.1:1",
    });
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(r.outputs, {
      "sarif-file": join(ws, "gomemcheck.sarif"),
      findings: "5",
      errors: "0",
    });
    const sarif = JSON.parse(readFileSync(join(ws, "gomemcheck.sarif"), "utf8"));
    assert.deepEqual(
      sarif.runs[0].results.map(
        (x: {
          ruleId: string;
          locations: {
            physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } };
          }[];
        }) => [
          x.ruleId,
          x.locations[0]!.physicalLocation.artifactLocation.uri,
          x.locations[0]!.physicalLocation.region.startLine,
        ],
      ),
      [
        ["go-unsupported", "services/leaky/Dockerfile", 2],
        ["madv-free-build", "services/leaky/Dockerfile", 2],
        ["defer-in-loop", "services/leaky/internal/consumer/consumer.go", 30],
        ["defer-in-loop", "services/leaky/internal/store/store.go", 23],
        ["defer-in-loop", "services/leaky/internal/store/store.go", 44],
      ],
    );
    assert.deepEqual(
      r.annotations
        .filter((a) => a.props.file)
        .map((a) => [a.level, a.props.file, a.props.line, a.props.title]),
      [
        ["error", "services/leaky/Dockerfile", "2", "gomemcheck madv-free-build"],
        ["error", "services/leaky/internal/store/store.go", "44", "gomemcheck defer-in-loop"],
        [
          "warning",
          "services/leaky/internal/consumer/consumer.go",
          "30",
          "gomemcheck defer-in-loop",
        ],
        ["warning", "services/leaky/internal/store/store.go", "23", "gomemcheck defer-in-loop"],
        ["notice", "services/leaky/Dockerfile", "2", "gomemcheck go-unsupported"],
      ],
    );
    // The run's name says which working directory it covers.
    assert.ok(
      r.summary.startsWith("### gomemcheck (services/leaky) audit: 5 findings\n"),
      r.summary.slice(0, 100),
    );
    assert.match(
      r.summary,
      /\[`services\/leaky\/internal\/store\/store\.go:44`\]\(https:\/\/github\.com\/octo\/service\/blob\/0123456789abcdef0123456789abcdef01234567\/services\/leaky\/internal\/store\/store\.go#L44\)/,
    );
    assert.match(r.stdout, /::error::gomemcheck: 2 findings at or above "error"/);
    assert.doesNotMatch(r.stdout + r.stderr + r.summary, /ghs_secret_token_value/);
  });

  it("passes with fail-on never and audits on other events with a notice", async () => {
    const ws = workspaceWithExample();
    const r = await runAction({
      workspace: ws,
      eventName: "issue_comment",
      inputs: { "working-directory": "services/leaky", "fail-on": "never" },
    });
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stdout,
      /::notice::gomemcheck: event "issue_comment" is not a pull request; auditing the whole working directory\./,
    );
    assert.equal(r.outputs.findings, "5");
  });

  it("says in a notice that a folder without Go files, go.mod, Dockerfiles or workflows has nothing to analyse, and passes", async () => {
    const ws = mkdtempSync(join(tmpdir(), "gmc-ws-"));
    writeFileSync(join(ws, "README.md"), "# not Go\n");
    const r = await runAction({ workspace: ws, eventName: "workflow_dispatch", inputs: {} });
    rmSync(ws, { recursive: true, force: true });
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stdout,
      /::notice::gomemcheck: nothing to analyse in \.: no Go files, go\.mod, Dockerfiles or workflows/,
    );
    assert.equal(r.outputs.findings, "0");
  });

  it("fails the step with a clear message on a bad configuration", async () => {
    const ws = workspaceWithExample();
    writeFileSync(join(ws, "services", "leaky", ".gomemcheck.yml"), "rules:\n  nope: off\n");
    const r = await runAction({
      workspace: ws,
      eventName: "push",
      inputs: { "working-directory": "services/leaky" },
    });
    assert.equal(r.code, 1);
    assert.match(
      r.stdout,
      /::error::gomemcheck: \.gomemcheck\.yml:2: unknown rule "nope" under "rules"/,
    );
    assert.equal(existsSync(join(ws, "gomemcheck.sarif")), false);
  });
});

describe("action, audit mode with the API", () => {
  it("carries every annotation in a check run, 50 per request, and keeps the summary under 1 MiB", async () => {
    const { startGitHubServer } = await import("./github-server/server.ts");
    const { workflowDispatchEvent } = await import("./github-server/events.ts");
    const { commit, sh } = await import("./action/pr-repo.ts");
    const ws = tempDir("gmc-audit-");
    sh(ws, "init", "-q", "-b", "main");
    const files: Record<string, string> = {};
    // 1,200 findings: 12 per file in 100 files.
    const body = Array.from(
      { length: 12 },
      (_, i) => `\tfor _, x := range xs {\n\t\tdefer g${i}(x)\n\t}`,
    ).join("\n");
    const funcs = Array.from({ length: 12 }, (_, i) => `func g${i}(int) {}`).join("\n");
    for (let i = 0; i < 100; i++)
      files[`pkg/p${i}/f.go`] = `package p\n\nfunc F(xs []int) {\n${body}\n}\n\n${funcs}\n`;
    const sha = commit(ws, files, "many findings");
    const server = await startGitHubServer({ repoDir: ws });
    try {
      const r = await runAction({
        workspace: ws,
        eventName: "workflow_dispatch",
        event: workflowDispatchEvent({ owner: server.owner, repo: server.repo }),
        inputs: { "github-token": server.token, "fail-on": "warning" },
        apiUrl: server.url,
        env: { GITHUB_REPOSITORY: `${server.owner}/${server.repo}`, GITHUB_SHA: sha },
      });
      assert.deepEqual(server.violations, []);
      assert.equal(r.code, 1);
      assert.equal(r.outputs.findings, "1200");
      assert.equal(server.checkRuns.length, 1);
      const check = server.checkRuns[0]!;
      assert.equal(check.annotations.length, 1200);
      // Created in progress before the analysis (no annotations), then 24 batches of 50.
      assert.deepEqual(check.annotationBatches, [0, ...Array(24).fill(50)]);
      assert.equal(check.status, "completed");
      assert.equal(check.conclusion, "failure");
      assert.equal(check.head_sha, sha);
      // Workflow-command annotations stop at 10 per level and say how many more there are.
      assert.equal(r.annotations.filter((a) => a.level === "warning").length, 10);
      assert.ok(
        r.annotations.some(
          (a) =>
            a.message ===
            "1190 more findings or errors not shown as annotations (GitHub shows 10 per level); see the job summary.",
        ),
      );
      assert.ok(Buffer.byteLength(r.summary) < 1024 * 1024);
      assert.match(r.summary, /\n… and 700 more\n/);
      const sarif = JSON.parse(readFileSync(join(ws, "gomemcheck.sarif"), "utf8"));
      assert.equal(sarif.runs[0].results.length, 1200);
    } finally {
      await server.close();
    }
  });
});
