// A check run that carries every annotation (workflow commands show only 10 per level), in
// batches of 50 as GitHub requires, with the summary as its output.
import type { AnalysisError, Finding, Severity } from "../findings.ts";
import { statusOf, type GitHubClient } from "./client.ts";

export const ANNOTATIONS_PER_REQUEST = 50;
const MAX_TEXT = 65_535;

const LEVEL: Record<Severity, "failure" | "warning" | "notice"> = {
  error: "failure",
  warning: "warning",
  notice: "notice",
};

export interface CheckRunArgs {
  client: GitHubClient;
  owner: string;
  repo: string;
  headSha: string;
  findings: Finding[];
  errors: AnalysisError[];
  summary: string;
  failed: boolean;
}

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

/** Creates the check run; returns a note when it could not (missing checks: write, API error). */
export async function publishCheckRun(args: CheckRunArgs): Promise<string | undefined> {
  const { client, owner, repo } = args;
  const annotations = checkAnnotations(args.findings, args.errors);
  const title =
    args.findings.length === 0
      ? "No findings"
      : `${args.findings.length} finding${args.findings.length === 1 ? "" : "s"}`;
  const summary =
    args.summary.length > MAX_TEXT
      ? `${args.summary.slice(0, MAX_TEXT - 40)}\n\n… (truncated; see the job summary)`
      : args.summary;
  const batches: Annotation[][] = [];
  for (let i = 0; i < annotations.length; i += ANNOTATIONS_PER_REQUEST)
    batches.push(annotations.slice(i, i + ANNOTATIONS_PER_REQUEST));
  try {
    const conclusion = args.failed ? "failure" : "success";
    // One request when the annotations fit in one batch; otherwise create, append, complete.
    const single = batches.length <= 1;
    const created = await client.rest.checks.create({
      owner,
      repo,
      name: "gomemcheck",
      head_sha: args.headSha,
      ...(single ? { status: "completed", conclusion } : { status: "in_progress" }),
      output: { title, summary, annotations: batches[0] ?? [] },
    });
    if (!single) {
      const id = created.data.id;
      const rest = batches.slice(1);
      for (const [i, batch] of rest.entries()) {
        // The last batch completes the run: no request of its own for the conclusion.
        const last = i === rest.length - 1;
        await client.rest.checks.update({
          owner,
          repo,
          check_run_id: id,
          ...(last ? { status: "completed" as const, conclusion } : {}),
          output: { title, summary, annotations: batch },
        });
      }
    }
    return undefined;
  } catch (e) {
    const status = statusOf(e);
    return status === 403
      ? "No check run was created: the token lacks `checks: write` (annotations above show the first 10 per level; the job summary shows all)."
      : `No check run was created (HTTP ${status ?? "error"}).`;
  }
}
