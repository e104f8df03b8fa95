// Audit mode of the bundled action: job summary, SARIF, annotations, outputs and exit code.
import assert from "node:assert/strict";
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { runAction } from "./action/run-action.ts";

const EXAMPLE = join(import.meta.dirname, "..", "examples", "leaky-service");

function workspaceWithExample(): string {
  const ws = mkdtempSync(join(tmpdir(), "gmc-ws-"));
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
        ["error", "services/leaky/internal/consumer/consumer.go", "30", "gomemcheck defer-in-loop"],
        ["error", "services/leaky/internal/store/store.go", "44", "gomemcheck defer-in-loop"],
        ["warning", "services/leaky/internal/store/store.go", "23", "gomemcheck defer-in-loop"],
        ["notice", "services/leaky/Dockerfile", "2", "gomemcheck go-unsupported"],
      ],
    );
    assert.ok(r.summary.startsWith("### gomemcheck audit: 5 findings\n"), r.summary.slice(0, 100));
    assert.match(
      r.summary,
      /\[`services\/leaky\/internal\/store\/store\.go:44`\]\(https:\/\/github\.com\/octo\/service\/blob\/0123456789abcdef0123456789abcdef01234567\/services\/leaky\/internal\/store\/store\.go#L44\)/,
    );
    assert.match(r.stdout, /::error::gomemcheck: 3 findings at or above "error"/);
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
