// A small Go service in a real git repository with a base and a head commit, and the loopback
// GitHub API server serving its pull request: the fixture of the review-mode tests.
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import {
  prFromGitRepo,
  startGitHubServer,
  type GitHubServer,
  type PrFile,
} from "../github-server/server.ts";
import { after } from "node:test";
import { pullRequestEvent } from "../github-server/events.ts";
import { runAction, type ActionRun } from "./run-action.ts";
import { tempDir } from "../helpers/temp.ts";

export function sh(cwd: string, ...args: string[]): string {
  const r = spawnSync(
    "git",
    ["-c", "user.email=t@example.com", "-c", "user.name=t", "-c", "commit.gpgsign=false", ...args],
    {
      cwd,
      encoding: "utf8",
    },
  );
  if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
  return r.stdout.trim();
}

export function writeFiles(dir: string, files: Record<string, string | null>): void {
  for (const [path, text] of Object.entries(files)) {
    const full = join(dir, path);
    if (text === null) {
      rmSync(full, { force: true });
      continue;
    }
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, text);
  }
}

/** Commits the files (null deletes) and returns the commit id. */
export function commit(dir: string, files: Record<string, string | null>, message: string): string {
  writeFiles(dir, files);
  sh(dir, "add", "-A");
  sh(dir, "commit", "-q", "--allow-empty", "-m", message);
  return sh(dir, "rev-parse", "HEAD");
}

export const BASE_FILES: Record<string, string> = {
  "go.mod": "module example.com/svc\n\ngo 1.22\n",
  Dockerfile:
    'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\n\nFROM alpine:3.19\nCOPY --from=build /app /app\nENTRYPOINT ["/app"]\n',
  "main.go": "package main\n\nfunc main() {}\n",
  // A problem that predates the pull request, in a file it does not touch.
  "internal/old/old.go": [
    "package old",
    "",
    'import "sync"',
    "",
    "func Drain(mu *sync.Mutex, xs []int) {",
    "\tfor range xs {",
    "\t\tmu.Lock()",
    "\t\tdefer mu.Unlock()",
    "\t}",
    "}",
    "",
  ].join("\n"),
};

export const WORKER_GO = [
  "package worker", // 1
  "", // 2
  "import (", // 3
  '\t"context"', // 4
  '\t"os"', // 5
  '\t"time"', // 6
  ")", // 7
  "", // 8
  "// Consume handles messages for as long as the process runs.", // 9
  "func Consume(ctx context.Context, next func(context.Context) error) {", // 10
  "\tfor {", // 11
  "\t\tmsgCtx, cancel := context.WithTimeout(ctx, time.Second)", // 12
  "\t\tdefer cancel()", // 13
  "\t\t_ = next(msgCtx)", // 14
  "\t}", // 15
  "}", // 16
  "", // 17
  "// Sizes returns the size of each file.", // 18
  "func Sizes(paths []string) []int64 {", // 19
  "\tvar out []int64", // 20
  "\tfor _, p := range paths {", // 21
  "\t\tf, err := os.Open(p)", // 22
  "\t\tif err != nil {", // 23
  "\t\t\tcontinue", // 24
  "\t\t}", // 25
  "\t\tdefer f.Close()", // 26
  "\t\tif st, err := f.Stat(); err == nil {", // 27
  "\t\t\tout = append(out, st.Size())", // 28
  "\t\t}", // 29
  "\t}", // 30
  "\treturn out", // 31
  "}", // 32
  "",
].join("\n");

export interface PrFixture {
  dir: string;
  baseSha: string;
  headSha: string;
  server: GitHubServer;
  event: unknown;
  number: number;
}

/** A repository at its head commit, and a server holding pull request #7 from base to head. */
export async function prFixture(
  headFiles: Record<string, string | null> = { "internal/worker/worker.go": WORKER_GO },
  options: { readOnly?: boolean; maxPatchSize?: number; maxListFiles?: number } = {},
): Promise<PrFixture> {
  const dir = tempDir("gmc-pr-");
  sh(dir, "init", "-q", "-b", "main");
  const baseSha = commit(dir, BASE_FILES, "base");
  sh(dir, "checkout", "-q", "-b", "feature");
  const headSha = commit(dir, headFiles, "head");
  const pr = await prFromGitRepo(
    dir,
    baseSha,
    headSha,
    options.maxPatchSize ? { maxPatchSize: options.maxPatchSize } : {},
  );
  const server = await startGitHubServer({
    repoDir: dir,
    ...(options.readOnly ? { readOnly: true } : {}),
    ...(options.maxListFiles ? { maxListFiles: options.maxListFiles } : {}),
    pulls: [
      {
        number: 7,
        headSha,
        baseSha,
        files: pr.files,
        diff: pr.diff,
        headRef: "feature",
        baseRef: "main",
      },
    ],
  });
  const event = pullRequestEvent({
    number: 7,
    headSha,
    baseSha,
    owner: server.owner,
    repo: server.repo,
    headRef: "feature",
    baseRef: "main",
  });
  return { dir, baseSha, headSha, server, event, number: 7 };
}

/** Pushes a new head commit to the PR branch and tells the server. */
export async function push(fx: PrFixture, files: Record<string, string | null>): Promise<void> {
  const headSha = commit(fx.dir, files, "push");
  const pr = await prFromGitRepo(fx.dir, fx.baseSha, headSha);
  fx.server.updatePull(fx.number, { headSha, files: pr.files as PrFile[], diff: pr.diff });
  fx.headSha = headSha;
  fx.event = pullRequestEvent({
    action: "synchronize",
    number: fx.number,
    headSha,
    baseSha: fx.baseSha,
    owner: fx.server.owner,
    repo: fx.server.repo,
    headRef: "feature",
    baseRef: "main",
  });
}

/**
 * Fixtures for one test file: each is closed when the file's tests end. review() runs the bundled
 * action on the fixture's pull request, as the runner would.
 */
export function prFixtures(): {
  fixture: (...args: Parameters<typeof prFixture>) => Promise<PrFixture>;
  review: (
    fx: PrFixture,
    options?: { inputs?: Record<string, string>; eventName?: string; env?: Record<string, string> },
  ) => Promise<ActionRun>;
} {
  const open: PrFixture[] = [];
  after(async () => {
    await Promise.all(open.map((f) => f.server.close()));
    for (const f of open) rmSync(f.dir, { recursive: true, force: true });
  });
  return {
    fixture: async (...args) => {
      const fx = await prFixture(...args);
      open.push(fx);
      return fx;
    },
    review: (fx, options = {}) =>
      runAction({
        workspace: fx.dir,
        eventName: options.eventName ?? "pull_request",
        event: fx.event,
        inputs: { "github-token": fx.server.token, ...options.inputs },
        apiUrl: fx.server.url,
        env: {
          GITHUB_REPOSITORY: `${fx.server.owner}/${fx.server.repo}`,
          GITHUB_SHA: "f".repeat(40),
          ...options.env,
        },
      }),
  };
}
