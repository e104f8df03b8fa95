// Builds a real git repository from a directory of Go code with a pull request of N changed files
// (modified, added and removed .go files; some changes add a defer inside a loop), and computes
// GitHub's view of it with the test server's prFromGitRepo.
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { prFromGitRepo, type GitPullRequest } from "../test/github-server/git.ts";
import { prng } from "./generate.ts";

export interface PrRepo {
  repoDir: string;
  pr: GitPullRequest;
  changed: { modified: number; added: number; removed: number };
}

const GIT_ENV: NodeJS.ProcessEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: "Bench",
  GIT_AUTHOR_EMAIL: "bench@example.com",
  GIT_COMMITTER_NAME: "Bench",
  GIT_COMMITTER_EMAIL: "bench@example.com",
  GIT_AUTHOR_DATE: "2026-01-01T00:00:00Z",
  GIT_COMMITTER_DATE: "2026-01-01T00:00:00Z",
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_CONFIG_GLOBAL: "/dev/null",
};

function git(dir: string, ...args: string[]): string {
  return execFileSync("git", ["-c", "core.hooksPath=/dev/null", ...args], {
    cwd: dir,
    env: GIT_ENV,
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
}

const LOOP_FUNC = (i: number): string => `
func benchPRStat${i}(paths []string) (int64, error) {
	var total int64
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return 0, err
		}
		defer f.Close()
		st, err := f.Stat()
		if err != nil {
			return 0, err
		}
		total += st.Size()
	}
	return total, nil
}
`;

const PLAIN_FUNC = (i: number): string => `
func benchPRSum${i}(values []int) int {
	total := 0
	for _, v := range values {
		total += v
	}
	return total
}
`;

/**
 * Returns the repository for `source` at `repoDir`, building it when `repoDir` has no finished
 * build. goFiles are the analysable .go files of source (repository-relative), sorted.
 */
export async function ensurePrRepo(
  source: string,
  goFiles: string[],
  repoDir: string,
  count: number,
  seed: number,
): Promise<PrRepo> {
  const marker = join(repoDir, ".git", "bench-pr.json");
  if (existsSync(marker)) {
    const changed = JSON.parse(readFileSync(marker, "utf8")) as PrRepo["changed"];
    git(repoDir, "checkout", "-q", "feature");
    return { repoDir, pr: await prFromGitRepo(repoDir, "main", "feature"), changed };
  }
  rmSync(repoDir, { recursive: true, force: true });
  mkdirSync(dirname(repoDir), { recursive: true });
  cpSync(source, repoDir, {
    recursive: true,
    filter: (src) => !/[/\\]\.git$/.test(src) && !src.endsWith(".corpus.json"),
  });
  git(repoDir, "init", "-q", "-b", "main");
  git(repoDir, "add", "-A");
  git(repoDir, "commit", "-q", "-m", "base");
  git(repoDir, "checkout", "-q", "-b", "feature");

  const rand = prng(seed);
  const pool = [...goFiles];
  const take = (): string => pool.splice(Math.floor(rand() * pool.length), 1)[0]!;
  const n = Math.min(count, goFiles.length);
  const removed = Math.max(0, Math.round(n * 0.03));
  const added = Math.round(n * 0.15);
  const modified = n - removed - added;
  for (let i = 0; i < modified; i++) {
    const path = take();
    const full = join(repoDir, path);
    let text = readFileSync(full, "utf8");
    // One edited line near the top and a new function at the end: two hunks per file.
    text = text.replace(/\nfunc /, "\n// Reviewed in the benchmark pull request.\nfunc ");
    text += i % 3 === 0 ? LOOP_FUNC(i) : PLAIN_FUNC(i);
    const hasOs = text.includes('\t"os"\n') || text.includes('import "os"\n');
    if (i % 3 === 0 && !hasOs) text = text.replace(/^(package \w+\n)/m, '$1\nimport "os"\n');
    writeFileSync(full, text);
  }
  for (let i = 0; i < added; i++) {
    const near = take();
    const pkg = /^package (\w+)/m.exec(readFileSync(join(repoDir, near), "utf8"))?.[1] ?? "main";
    const path = join(dirname(join(repoDir, near)), `bench_pr_${i}.go`);
    writeFileSync(
      path,
      `package ${pkg}\n\nimport "os"\n${LOOP_FUNC(1000 + i)}${PLAIN_FUNC(1000 + i)}`,
    );
  }
  for (let i = 0; i < removed; i++) rmSync(join(repoDir, take()));
  git(repoDir, "add", "-A");
  git(repoDir, "commit", "-q", "-m", `head: ${n} files`);
  const changed = { modified, added, removed };
  writeFileSync(marker, JSON.stringify(changed));
  return { repoDir, pr: await prFromGitRepo(repoDir, "main", "feature"), changed };
}
