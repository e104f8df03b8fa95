// A check run that carries every annotation (workflow commands show only 10 per level), in
// batches of 50 as GitHub requires, with the summary as its output. Created before the analysis,
// completed after it, whatever happens in between.
import { randomUUID } from "node:crypto";
import type { AnalysisError, Finding, Severity } from "../findings.ts";
import { describeFailure, isRateLimit, statusOf, writeOnce, type GitHubClient } from "./client.ts";

export const ANNOTATIONS_PER_REQUEST = 50;
const MAX_TEXT = 65_535;

const LEVEL: Record<Severity, "failure" | "warning" | "notice"> = {
  error: "failure",
  warning: "warning",
  notice: "notice",
};

type Annotation = {
  path: string;
  start_line: number;
  end_line: number;
  start_column?: number;
  end_column?: number;
  annotation_level: "failure" | "warning" | "notice";
  message: string;
  title: string;
  raw_details?: string;
};

export function checkAnnotations(findings: Finding[], errors: AnalysisError[]): Annotation[] {
  const out: Annotation[] = findings.map((f) => ({
    path: f.file,
    start_line: f.line,
    end_line: Math.max(f.line, f.endLine),
    // GitHub accepts columns only on single-line annotations.
    ...(f.line === f.endLine
      ? { start_column: f.column, end_column: Math.max(f.column, f.endColumn) }
      : {}),
    annotation_level: LEVEL[f.severity],
    message: f.message.slice(0, MAX_TEXT),
    title: `gomemcheck ${f.rule}`,
    ...(f.fixes[0] ? { raw_details: `Fix: ${f.fixes[0].description}`.slice(0, MAX_TEXT) } : {}),
  }));
  for (const e of errors) {
    out.push({
      path: e.file,
      start_line: e.line ?? 1,
      end_line: e.line ?? 1,
      annotation_level: "warning",
      message: `not analysed: ${e.message}`.slice(0, MAX_TEXT),
      title: "gomemcheck",
    });
  }
  return out;
}

export interface CheckRunHandle {
  id: number;
  /** The login of the App that created it ("github-actions[bot]" for the GITHUB_TOKEN). */
  appLogin?: string;
}

export interface StartArgs {
  client: GitHubClient;
  owner: string;
  repo: string;
  headSha: string;
  /** The run's name: two gomemcheck steps have two check runs. */
  name: string;
  retryBaseMs: number;
}

type CreatedRun = { id: number; external_id?: string | null; app?: { slug?: string } | null };

/**
 * Creates the check run, in progress, before the analysis: it names the App the token belongs
 * to (whose comments are ours), and a run that exists is completed whatever happens next.
 */
export async function startCheckRun(
  args: StartArgs,
): Promise<{ run?: CheckRunHandle; note?: string }> {
  const { client, owner, repo } = args;
  // A mark of this attempt, to find the run again when GitHub stored it but answered an error.
  const externalId = `gomemcheck-${randomUUID()}`;
  try {
    const created = await writeOnce<CreatedRun>(
      async () =>
        (
          await client.rest.checks.create({
            owner,
            repo,
            name: args.name,
            head_sha: args.headSha,
            external_id: externalId,
            status: "in_progress",
            output: { title: "Analysing", summary: "gomemcheck is analysing this commit." },
            request: { retries: 0 },
          })
        ).data as CreatedRun,
      async () => {
        const listed = await client.rest.checks.listForRef({
          owner,
          repo,
          ref: args.headSha,
          check_name: args.name,
          filter: "latest",
          per_page: 100,
        });
        return (listed.data.check_runs as CreatedRun[]).find((r) => r.external_id === externalId);
      },
      args.retryBaseMs,
    );
    // A 2xx whose body is not a check run (text Octokit could not parse) names no run to complete.
    if (typeof created?.id !== "number")
      return { note: "No check run was created (GitHub's answer is not a check run)." };
    const slug = typeof created.app?.slug === "string" ? created.app.slug : undefined;
    return { run: { id: created.id, ...(slug ? { appLogin: `${slug}[bot]` } : {}) } };
  } catch (e) {
    const status = statusOf(e);
    const message = (e as { response?: { data?: { message?: unknown } } }).response?.data?.message;
    if (status === 403 && typeof message === "string" && /GitHub App/i.test(message)) {
      return {
        note: "No check run was created: only a GitHub App's token (such as the GITHUB_TOKEN) can create one, not a personal access token; annotations and the job summary show every finding.",
      };
    }
    return {
      note:
        status === 403 && !isRateLimit(e)
          ? "No check run was created: the token lacks `checks: write` (annotations above show the first 10 per level; the job summary shows all)."
          : `No check run was created (${describeFailure(e)}).`,
    };
  }
}

export interface FinishArgs {
  client: GitHubClient;
  owner: string;
  repo: string;
  run: CheckRunHandle;
  findings: Finding[];
  errors: AnalysisError[];
  summary: string;
  conclusion: "success" | "failure" | "neutral";
}

/**
 * Sends the annotations in batches and completes the run. When a batch fails, the run is still
 * completed (without the rest) and the returned note says what is missing.
 */
export async function finishCheckRun(args: FinishArgs): Promise<string | undefined> {
  const { client, owner, repo, run, conclusion } = args;
  const annotations = checkAnnotations(args.findings, args.errors);
  const title =
    args.findings.length === 0
      ? "No findings"
      : `${args.findings.length} finding${args.findings.length === 1 ? "" : "s"}`;
  const summary = fitText(args.summary);
  const batches: Annotation[][] = [];
  for (let i = 0; i < annotations.length; i += ANNOTATIONS_PER_REQUEST)
    batches.push(annotations.slice(i, i + ANNOTATIONS_PER_REQUEST));
  if (batches.length === 0) batches.push([]);
  let completed = false;
  let note: string | undefined;
  try {
    for (const [i, batch] of batches.entries()) {
      // The last batch completes the run: no request of its own for the conclusion.
      const last = i === batches.length - 1;
      await client.rest.checks.update({
        owner,
        repo,
        check_run_id: run.id,
        ...(last ? { status: "completed" as const, conclusion } : {}),
        output: { title, summary, annotations: batch },
      });
      completed = last;
    }
  } catch (e) {
    note = `The check run's annotations are incomplete (PATCH /repos/${owner}/${repo}/check-runs/${run.id}: ${describeFailure(e)}); the job summary shows every finding.`;
  } finally {
    if (!completed) {
      try {
        await client.rest.checks.update({
          owner,
          repo,
          check_run_id: run.id,
          status: "completed",
          conclusion,
          output: { title, summary: fitText(`${note ?? ""}\n\n${args.summary}`) },
        });
      } catch (e) {
        note = `The check run could not be completed (PATCH /repos/${owner}/${repo}/check-runs/${run.id}: ${describeFailure(e)}); GitHub shows it in progress.`;
      }
    }
  }
  return note;
}

/** At most MAX_TEXT characters, cut at a line and said. */
function fitText(text: string): string {
  if (text.length <= MAX_TEXT) return text;
  const cut = text.lastIndexOf("\n", MAX_TEXT - 60);
  return `${text.slice(0, cut > 0 ? cut : MAX_TEXT - 60)}\n\n… (truncated; see the job summary)`;
}
