// Run sites through the bundled CLI (dist/cli.js): discovery reads manifests, units and scripts,
// and in review mode a changed manifest is a build file of the change.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, describe, it } from "node:test";

const CLI = join(import.meta.dirname, "..", "dist", "cli.js");

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function git(cwd: string, ...args: string[]) {
  const r = spawnSync("git", ["-c", "user.email=t@example.com", "-c", "user.name=t", ...args], {
    cwd,
    encoding: "utf8",
  });
  assert.equal(r.status, 0, r.stderr);
}

function write(root: string, files: Record<string, string>) {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, dirname(path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

const deployment = (env: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      containers:
        - name: api
          image: ghcr.io/acme/api:1.0
${env}`;

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe("gomemcheck CLI with run sites", () => {
  it("a changed manifest's override is the change's finding; untouched Go code is not read", () => {
    const dir = mkdtempSync(join(tmpdir(), "gmc-run-"));
    dirs.push(dir);
    git(dir, "init", "-q");
    write(dir, {
      "go.mod": "module example.com/api\n\ngo 1.14\n",
      "main.go":
        'package main\n\nimport "os"\n\nfunc main() {\n\tos.Setenv("GODEBUG", "madvdontneed=1")\n}\n',
      Dockerfile:
        'FROM golang:1.14 AS build\nCOPY . /src\nRUN cd /src && go build -o /app .\n\nFROM alpine:3.19\nENV GODEBUG=madvdontneed=1\nCOPY --from=build /app /app\nENTRYPOINT ["/app"]\n',
      ".github/workflows/image.yml":
        "on: push\njobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n      - run: docker build -t ghcr.io/acme/api .\n",
      "deploy/api.yaml": deployment(""),
    });
    git(dir, "add", ".");
    git(dir, "commit", "-qm", "base");
    write(dir, {
      "deploy/api.yaml": deployment(
        "          env:\n            - name: GODEBUG\n              value: gctrace=1\n",
      ),
    });
    const review = cli([dir, "--base", "HEAD", "--format", "json", "--fail-on", "never"]);
    assert.equal(review.code, 0, review.stderr);
    const doc = JSON.parse(review.stdout) as {
      findings: { rule: string; file: string; line: number; severity: string }[];
    };
    assert.deepEqual(
      doc.findings.map((f) => `${f.rule} ${f.severity} ${f.file}:${f.line}`),
      ["godebug-overridden error deploy/api.yaml:12"],
    );
    const audit = JSON.parse(cli([dir, "--format", "json", "--fail-on", "never"]).stdout) as {
      findings: { rule: string; file: string; line: number; severity: string }[];
    };
    assert.deepEqual(
      audit.findings.map((f) => `${f.rule} ${f.severity} ${f.file}:${f.line}`),
      [
        "go-unsupported notice Dockerfile:1",
        "godebug-overridden error deploy/api.yaml:12",
        "godebug-set-too-late error main.go:6",
      ],
    );
  });
});
