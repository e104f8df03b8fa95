// Review mode against a hostile pull request and a misbehaving file list, through the bundled
// action and the loopback API server: nothing is read through a symlink or outside the
// repository, skipped folders stay skipped, the configuration comes from the base commit, and a
// file that could not be analysed never leaves a green check.
import assert from "node:assert/strict";
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { WORKER_GO, prFixtures, push, sh, type PrFixture } from "./action/pr-repo.ts";
import { runAction, type ActionRun } from "./action/run-action.ts";
import { tempDir } from "./helpers/temp.ts";

const { fixture, review: run } = prFixtures();
const temps: string[] = [];
after(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

/** What actions/checkout persists in .git/config: it must never reach any output. */
const SECRET = "c2VjcmV0LXRva2VuLWZvci10ZXN0cw";

function review(
  fx: PrFixture,
  options: { inputs?: Record<string, string>; eventName?: string } = {},
): Promise<ActionRun> {
  return run(fx, {
    ...options,
    env: { GOMEMCHECK_API_TIMEOUT_MS: "400", GOMEMCHECK_RETRY_BASE_MS: "20" },
  });
}

/** Everything the run wrote or sent: step output, job summary, every request body. */
function everything(fx: PrFixture, r: ActionRun): string {
  return [
    r.stdout,
    r.stderr,
    r.summary,
    JSON.stringify(r.outputs),
    ...fx.server.requests.map((q) => JSON.stringify(q.body ?? "")),
  ].join("\n");
}

function checkConclusions(fx: PrFixture): (string | undefined)[] {
  return fx.server.checkRuns.map((c) => c.conclusion ?? undefined);
}

/** A clone of the fixture that has only the base branch: the head commit is not in its history. */
function shallowWorkspace(fx: PrFixture): string {
  const ws = tempDir("gmc-ws-");
  temps.push(ws);
  sh(ws, "clone", "-q", "--no-local", "--single-branch", "--branch", "main", fx.dir, ".");
  return ws;
}

function reviewIn(
  fx: PrFixture,
  workspace: string,
  eventName = "pull_request",
): Promise<ActionRun> {
  return runAction({
    workspace,
    eventName,
    event: fx.event,
    inputs: { "github-token": fx.server.token },
    apiUrl: fx.server.url,
    env: {
      GITHUB_REPOSITORY: `${fx.server.owner}/${fx.server.repo}`,
      GITHUB_SHA: "f".repeat(40),
      GOMEMCHECK_API_TIMEOUT_MS: "400",
      GOMEMCHECK_RETRY_BASE_MS: "20",
    },
  });
}

describe("review mode never reads through a symlink or outside the repository", () => {
  for (const listing of ["git fallback (list-files fails)", "list-files answers text"]) {
    it(`${listing}: symlinks to .git/config and /etc/passwd are not read`, async () => {
      const fx = await fixture();
      sh(
        fx.dir,
        "config",
        "http.https://github.com/.extraheader",
        `AUTHORIZATION: basic ${SECRET}`,
      );
      mkdirSync(join(fx.dir, ".github", "workflows"), { recursive: true });
      symlinkSync("../../.git/config", join(fx.dir, ".github", "workflows", "lint.yml"));
      symlinkSync("/etc/passwd", join(fx.dir, "Dockerfile.x"));
      symlinkSync("/dev/zero", join(fx.dir, "evil.go"));
      await push(fx, {});
      if (listing.startsWith("git"))
        fx.server.failNext({ operationId: "pulls/list-files", status: 502, times: 10 });
      // Octokit hands a body it cannot parse as JSON over as text: a failed call.
      else
        fx.server.failNext({
          operationId: "pulls/list-files",
          status: 200,
          body: "<html>not a list</html>",
          headers: { "content-type": "text/html" },
          times: 10,
        });
      const r = await review(fx);
      const all = everything(fx, r);
      assert.ok(!all.includes(SECRET), "the persisted token reached an output");
      assert.ok(!/root:x?:0:0/.test(all), "/etc/passwd reached an output");
      assert.ok(!/extraheader|AUTHORIZATION/i.test(all), ".git/config reached an output");
      assert.match(r.stdout, /the diff was computed with git from the workspace/);
      // The symlinks are not analysed at all (git lists them as links, not files).
      assert.deepEqual(
        r.annotations.filter((a) => a.props.file).map((a) => [a.props.file, a.props.line]),
        [
          ["internal/worker/worker.go", "13"],
          ["internal/worker/worker.go", "26"],
        ],
      );
      assert.equal(r.outputs.errors, "0");
      assert.equal(r.code, 1);
    });
  }

  it("the head commit missing locally: changed symlinks are never opened, the rest is analysed", async () => {
    const fx = await fixture();
    symlinkSync("/dev/zero", join(fx.dir, "evil.go"));
    symlinkSync("/etc/passwd", join(fx.dir, "Dockerfile.x"));
    await push(fx, {});
    // The workspace: the PR's files on disk (symlinks included) but no head commit in history.
    const ws = shallowWorkspace(fx);
    sh(ws, "checkout", "-q", "-b", "pr");
    for (const f of ["evil.go", "Dockerfile.x"]) {
      symlinkSync(f === "evil.go" ? "/dev/zero" : "/etc/passwd", join(ws, f));
    }
    mkdirSync(join(ws, "internal", "worker"), { recursive: true });
    writeFileSync(join(ws, "internal", "worker", "worker.go"), WORKER_GO);
    const r = await reviewIn(fx, ws);
    const all = everything(fx, r);
    assert.ok(!/root:x?:0:0/.test(all), "/etc/passwd reached an output");
    // The blobs GitHub names for the links hold the link text ("/etc/passwd"), not the target.
    assert.deepEqual(
      r.annotations.filter((a) => a.props.file).map((a) => [a.props.file, a.props.line, a.message]),
      [
        ["internal/worker/worker.go", "13", r.annotations[0]!.message],
        ["internal/worker/worker.go", "26", r.annotations[1]!.message],
        ["Dockerfile.x", "1", "not analysed: no FROM instruction (expected FROM <image>)"],
        [
          "Dockerfile.x",
          "1",
          "not analysed: unknown instruction: /etc/passwd (expected a Dockerfile instruction such as FROM, RUN, ENV)",
        ],
      ],
    );
    // The two links, from the API; worker.go from the disk, whose bytes match the head blob.
    assert.equal(fx.server.requestsOf("git/get-blob").length, 2);
    assert.equal(r.code, 1);
  });

  it("refuses list-files names with '..' or an absolute path, and reads nothing for them", async () => {
    const fx = await fixture();
    const outside = tempDir("gmc-outside-");
    temps.push(outside);
    writeFileSync(join(outside, "x.go"), "package x\nfunc f(){for{defer g()}}\n");
    const pull = fx.server.pulls.get(7)!;
    const sha = "0".repeat(40);
    const extra = [`../${outside.split("/").pop()}/x.go`, `${outside}/x.go`, "a/../../x.go"];
    fx.server.updatePull(7, {
      files: [
        ...pull.files,
        ...extra.map((filename) => ({
          filename,
          status: "added" as const,
          additions: 1,
          deletions: 0,
          changes: 1,
          sha,
        })),
      ],
    });
    const r = await review(fx);
    assert.equal(fx.server.requestsOf("git/get-blob").length, 0);
    const refused = r.annotations.filter((a) => /refused/.test(a.message)).map((a) => a.message);
    assert.deepEqual(
      refused.sort(),
      [
        `not analysed: refused: GitHub listed a changed file named "${extra[0]}" (path with ".."); not read`,
        `not analysed: refused: GitHub listed a changed file named "${extra[1]}" (absolute path); not read`,
        `not analysed: refused: GitHub listed a changed file named "${extra[2]}" (path with ".."); not read`,
      ].sort(),
    );
    assert.deepEqual(
      r.annotations
        .filter((a) => a.props.file && !/refused/.test(a.message))
        .map((a) => a.props.line),
      ["13", "26"],
    );
  });
});

describe("review mode filters every changed path like an audit", () => {
  it("skips vendor/, testdata/ and node_modules/, and reports a file over 10 MB without reading it", async () => {
    const loop = "package v\n\nfunc F(c chan int) {\n\tfor range c {\n\t\tdefer g()\n\t}\n}\n";
    const fx = await fixture(
      {
        "internal/worker/worker.go": WORKER_GO,
        "vendor/x/v.go": loop,
        "pkg/testdata/t.go": loop,
        "web/node_modules/m/Dockerfile": "FROM golang:1.14\n",
        "big/zz_generated.go": `package big\n\n// ${"x".repeat(11 * 1024 * 1024)}\n`,
      },
      // GitHub leaves out the patch of a large diff.
      { maxPatchSize: 1024 * 1024 },
    );
    const r = await review(fx);
    assert.deepEqual(
      r.annotations.map((a) => [a.level, a.props.file, a.props.line]),
      [
        ["error", "internal/worker/worker.go", "13"],
        ["warning", "internal/worker/worker.go", "26"],
        ["warning", "big/zz_generated.go", undefined],
        ["error", undefined, undefined],
      ],
    );
    assert.equal(
      r.annotations[2]!.message,
      "not analysed: skipped: 11.0 MB is over the 10 MB limit (generated code?); exclude it in .gomemcheck.yml to silence this",
    );
    // Skipped by policy, as in audits: not a failure of its own.
    assert.equal(r.outputs.errors, "1");
  });
});

describe("review mode reads .gomemcheck.yml at the base commit", () => {
  it('a pull request that adds `exclude: ["**"]` does not silence its own check', async () => {
    const fx = await fixture({
      "internal/worker/worker.go": WORKER_GO,
      ".gomemcheck.yml": 'exclude: ["**"]\nrules:\n  defer-in-loop: off\n',
    });
    const r = await review(fx);
    assert.equal(r.outputs.findings, "2");
    assert.equal(r.code, 1);
    assert.equal(checkConclusions(fx).at(-1), "failure");
  });

  it("the base's configuration applies; a symlinked one at the base is refused, not followed", async () => {
    const fx = await fixture();
    // A new base: the configuration turns defer-in-loop off; the PR is rebased on it.
    sh(fx.dir, "checkout", "-q", "main");
    writeFileSync(join(fx.dir, ".gomemcheck.yml"), "rules:\n  defer-in-loop: off\n");
    sh(fx.dir, "add", "-A");
    sh(fx.dir, "-c", "user.email=t@e", "-c", "user.name=t", "commit", "-qm", "config");
    const base = sh(fx.dir, "rev-parse", "HEAD");
    sh(fx.dir, "checkout", "-q", "feature");
    fx.event = {
      ...(fx.event as object),
      pull_request: {
        ...(fx.event as { pull_request: object }).pull_request,
        base: { ...(fx.event as { pull_request: { base: object } }).pull_request.base, sha: base },
      },
    };
    const off = await review(fx);
    assert.equal(off.outputs.findings, "0", off.stdout);

    // At the base, the file becomes a symlink to a file that would turn the rule off again.
    sh(fx.dir, "checkout", "-q", "main");
    writeFileSync(join(fx.dir, "other.yml"), "rules:\n  defer-in-loop: off\n");
    rmSync(join(fx.dir, ".gomemcheck.yml"));
    symlinkSync("other.yml", join(fx.dir, ".gomemcheck.yml"));
    sh(fx.dir, "add", "-A");
    sh(fx.dir, "-c", "user.email=t@e", "-c", "user.name=t", "commit", "-qm", "link");
    const linked = sh(fx.dir, "rev-parse", "HEAD");
    sh(fx.dir, "checkout", "-q", "feature");
    const event = fx.event as { pull_request: { base: { sha: string } } };
    event.pull_request.base.sha = linked;
    const r = await review(fx);
    assert.equal(r.code, 1);
    assert.match(
      r.stdout,
      /::error::gomemcheck: \.gomemcheck\.yml: at the base commit it is a symlink \(not followed\); not read/,
    );
  });

  it("reads it through the API's trees when the base commit is not in the workspace", async () => {
    const fx = await fixture();
    sh(fx.dir, "checkout", "-q", "main");
    writeFileSync(join(fx.dir, ".gomemcheck.yml"), "rules:\n  defer-in-loop: off\n");
    sh(fx.dir, "add", "-A");
    sh(fx.dir, "-c", "user.email=t@e", "-c", "user.name=t", "commit", "-qm", "config");
    const base = sh(fx.dir, "rev-parse", "HEAD");
    sh(fx.dir, "checkout", "-q", "feature");
    const event = fx.event as { pull_request: { base: { sha: string } } };
    event.pull_request.base.sha = base;
    // A workspace without the base commit (a shallow checkout of the head).
    const ws = tempDir("gmc-ws-");
    temps.push(ws);
    sh(ws, "clone", "-q", "--no-local", "--single-branch", "--branch", "feature", fx.dir, ".");
    const r = await reviewIn(fx, ws);
    assert.deepEqual(fx.server.violations, []);
    assert.equal(fx.server.requestsOf("git/get-tree").length, 1);
    assert.equal(r.outputs.findings, "0", r.stdout);
  });
});

describe("a changed file that could not be analysed never gives a green check", () => {
  it("blob fetches answering 502: the check fails and names the file", async () => {
    const fx = await fixture();
    // pull_request_target: the workspace holds the base, and the head commit is not there.
    const ws = shallowWorkspace(fx);
    fx.server.failNext({ operationId: "git/get-blob", status: 502, times: 100 });
    const r = await reviewIn(fx, ws, "pull_request_target");
    assert.equal(r.code, 1);
    assert.equal(r.outputs.findings, "0");
    assert.match(
      r.stdout,
      /::warning title=gomemcheck,file=internal\/worker\/worker\.go::not analysed: cannot fetch the head version from GitHub \(HTTP 502\)/,
    );
    assert.match(r.stdout, /::error::gomemcheck: 1 file could not be analysed; see the errors/);
    assert.equal(checkConclusions(fx).at(-1), "failure");
  });

  it("pull_request_target with the git fallback analyses the head, not the base work tree", async () => {
    const fx = await fixture();
    sh(fx.dir, "checkout", "-q", fx.baseSha);
    fx.server.failNext({ operationId: "pulls/list-files", status: 502, times: 10 });
    const r = await review(fx, { eventName: "pull_request_target" });
    assert.equal(r.outputs.findings, "2", r.stdout);
    assert.deepEqual(
      r.annotations.filter((a) => a.props.file).map((a) => [a.props.file, a.props.line]),
      [
        ["internal/worker/worker.go", "13"],
        ["internal/worker/worker.go", "26"],
      ],
    );
  });

  it("the time limit: the run stops, publishes, names the files it did not finish, and fails", async () => {
    const fx = await fixture();
    const r = await review(fx, { inputs: { "timeout-minutes": "0.000001" } });
    assert.equal(r.code, 1);
    assert.deepEqual(
      r.annotations.map((a) => [a.level, a.props.file, a.message]),
      [
        ["warning", "Dockerfile", "not analysed: the run's time limit was reached first"],
        ["warning", "go.mod", "not analysed: the run's time limit was reached first"],
        [
          "warning",
          "internal/worker/worker.go",
          "not analysed: the run's time limit was reached first",
        ],
        ["error", undefined, "gomemcheck: 3 files could not be analysed; see the errors"],
      ],
    );
    assert.match(r.summary, /time limit \(timeout-minutes: 0\.000001\) was reached/);
    assert.equal(checkConclusions(fx).at(-1), "failure");
  });
});

describe("past GitHub's cap on listed files", () => {
  it("completes the list with git when the history is there", async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 8; i++) files[`pkg/p${i}/f.go`] = "package p\n\nfunc F() {}\n";
    files["pkg/p7/f.go"] =
      "package p\n\nfunc F(c chan int) {\n\tfor range c {\n\t\tdefer g()\n\t}\n}\n";
    const fx = await fixture(files, { maxListFiles: 5 });
    const event = fx.event as { pull_request: { changed_files: number } };
    event.pull_request.changed_files = 8;
    const r = await review(fx);
    assert.equal(r.outputs.findings, "1", r.stdout);
    assert.match(
      r.summary,
      /GitHub listed 5 of the changed files \(it lists at most 3000\); the rest of the list was computed with git from the workspace\./,
    );
  });

  it("does not pass the check when the files past the list cannot be had", async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 8; i++) files[`pkg/p${i}/f.go`] = "package p\n\nfunc F() {}\n";
    const fx = await fixture(files, { maxListFiles: 5 });
    const event = fx.event as { pull_request: { changed_files: number } };
    event.pull_request.changed_files = 8;
    // git cannot show the action the head commit (a shallow or foreign checkout).
    const r = await run(fx, {
      env: { GOMEMCHECK_RETRY_BASE_MS: "20", GIT_DIR: join(fx.dir, ".no-git") },
    });
    assert.equal(r.outputs.findings, "0", r.stdout);
    assert.match(
      r.summary,
      /GitHub listed 5 of the changed files \(it lists at most 3000\); files past that were not reviewed\./,
    );
    assert.match(
      r.summary,
      /could not be analysed .*\(the changed files past the 5 GitHub listed\)/,
    );
    assert.equal(checkConclusions(fx).at(-1), "failure");
    assert.notEqual(r.code, 0);
  });
});
