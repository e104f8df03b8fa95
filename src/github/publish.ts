// Publishes one pull-request review per run (new inline comments only), keeps one sticky summary
// comment up to date, and marks earlier comments whose finding is gone as fixed.
// Comments are found by hidden markers, trusted only when a bot (GITHUB_TOKEN, an App) or a
// maintainer (a personal token) wrote them: a pull request's author cannot plant markers.
import { docsUrl, type Finding } from "../findings.ts";
import type { PlacedFinding } from "../filter.ts";
import { inHunks, type Hunk } from "../parse/diff.ts";
import { md, mdMessage } from "../report/escape.ts";
import { blobLink } from "../report/links.ts";
import { SEVERITY_ICON, countsTable, renderMarkdown } from "../report/markdown.ts";
import { diffBlock, editsList, lineReplacement, suggestionBlock } from "../report/suggestion.ts";
import type { RunResult } from "../run.ts";
import { describeFailure, statusOf, type GitHubClient } from "./client.ts";
import type { Logger } from "./logger.ts";
import type { PullRequestContext } from "./review.ts";

export const MAX_BODY = 65_536;
/** Inline comments in one review; the rest are listed in its body. */
export const MAX_INLINE_COMMENTS = 50;

const FINDING_MARKER = /<!-- gomemcheck:finding fp=([0-9a-f]+)/;
const FIXED_MARKER = "<!-- gomemcheck:fixed -->";
const SUMMARY_MARKER = "<!-- gomemcheck:summary -->";
const REPORTED_MARKER = /<!-- gomemcheck:reported ([0-9a-f ]*) -->/;

export interface PublishArgs {
  client: GitHubClient;
  pr: PullRequestContext;
  result: RunResult;
  /** working-directory relative to the repository root. */
  prefix: string;
  log: Logger;
  env: NodeJS.ProcessEnv;
}

export interface PublishOutcome {
  notes: string[];
  reviewPosted: boolean;
  inlineComments: number;
}

interface ReviewComment {
  path: string;
  body: string;
  line: number;
  side: "RIGHT";
  start_line?: number;
  start_side?: "RIGHT";
}

interface Existing {
  id: number;
  body: string;
  fingerprint: string;
}

type User = { type?: string; login?: string } | null | undefined;

const MAINTAINERS = new Set(["OWNER", "MEMBER", "COLLABORATOR"]);

function trusted(comment: { user?: User; author_association?: string }): boolean {
  return comment.user?.type === "Bot" || MAINTAINERS.has(comment.author_association ?? "");
}

export function permissionHint(status: number | undefined): string {
  if (status === 403) {
    return "the token may not write to this pull request. Grant `permissions: pull-requests: write` to the job; for pull requests from forks, whose GITHUB_TOKEN is read-only, run on `pull_request_target` without checking out the head (see the README). Annotations and the job summary still show every finding.";
  }
  if (status === 401) return "the token was rejected (401). Check the github-token input.";
  return "it failed after retries; annotations and the job summary still show every finding.";
}

/** "could not <what> (<call>: HTTP 502): <hint>": names the call that failed and what to do. */
function couldNot(what: string, call: string, e: unknown): string {
  return `could not ${what} (${call}: ${describeFailure(e)}): ${permissionHint(statusOf(e))}`;
}

export async function publishReview(args: PublishArgs): Promise<PublishOutcome> {
  const { client, pr, result, log } = args;
  const notes: string[] = [];
  const lead = args.prefix === "" ? "" : `${args.prefix}/`;
  const repoPath = `/repos/${pr.owner}/${pr.repo}`;
  const reviewCall = `POST ${repoPath}/pulls/${pr.number}/reviews`;
  const base = { owner: pr.owner, repo: pr.repo };

  const reportedFindings = result.placed.filter((p) => p.placement !== "outside");
  const current = new Set(result.placed.map((p) => p.fingerprint));

  // 1. What we said before.
  let existing: Existing[] = [];
  let summaryComment: { id: number; body: string } | undefined;
  try {
    const comments = await client.paginate(client.rest.pulls.listReviewComments, {
      ...base,
      pull_number: pr.number,
      per_page: 100,
    });
    existing = comments
      .filter((c) => trusted({ user: c.user as User, author_association: c.author_association }))
      .map((c) => ({ id: c.id, body: c.body, fingerprint: FINDING_MARKER.exec(c.body)?.[1] ?? "" }))
      .filter((c) => c.fingerprint !== "");
    const issueComments = await client.paginate(client.rest.issues.listComments, {
      ...base,
      issue_number: pr.number,
      per_page: 100,
    });
    const mine = issueComments.find(
      (c) =>
        trusted({ user: c.user as User, author_association: c.author_association }) &&
        (c.body ?? "").includes(SUMMARY_MARKER),
    );
    if (mine) summaryComment = { id: mine.id, body: mine.body ?? "" };
  } catch (e) {
    const message = couldNot(
      "read earlier review comments",
      `GET ${repoPath}/pulls/${pr.number}/comments or /issues/${pr.number}/comments`,
      e,
    );
    log.warning(`gomemcheck: ${message}`);
    notes.push(`${capital(message)} Nothing was posted, to avoid duplicates.`);
    return { notes, reviewPosted: false, inlineComments: 0 };
  }
  const open = existing.filter((c) => !c.body.includes(FIXED_MARKER));
  const alreadyInline = new Set(open.map((c) => c.fingerprint));
  const alreadyInBody = new Set(
    (REPORTED_MARKER.exec(summaryComment?.body ?? "")?.[1] ?? "").split(" ").filter(Boolean),
  );

  // 2. New inline comments, validated against the hunks; the rest go to the body.
  const comments: { comment: ReviewComment; placed: PlacedFinding }[] = [];
  const toBody: { placed: PlacedFinding; reason: string }[] = [];
  // Findings of one group (the defers of one loop) share the inline comment of the first one
  // in the same hunk.
  const leaders = new Map<string, PlacedFinding>();
  const followers = new Map<PlacedFinding, PlacedFinding[]>();
  for (const p of reportedFindings) {
    const group = p.finding.group;
    if (!group || p.placement !== "inline" || !p.hunk) continue;
    const leader = leaders.get(group);
    if (!leader) leaders.set(group, p);
    else if (leader.hunk === p.hunk) followers.set(leader, [...(followers.get(leader) ?? []), p]);
  }
  const following = new Set([...followers.values()].flat());
  for (const p of reportedFindings) {
    if (following.has(p)) continue;
    if (alreadyInline.has(p.fingerprint) || alreadyInBody.has(p.fingerprint)) continue;
    if (p.placement !== "inline" || !p.hunk) {
      toBody.push({ placed: p, reason: p.reason ?? "not on a line of the diff" });
      continue;
    }
    if (comments.length >= MAX_INLINE_COMMENTS) {
      toBody.push({ placed: p, reason: `more than ${MAX_INLINE_COMMENTS} comments in one review` });
      continue;
    }
    comments.push({
      comment: inlineComment(p, lead, result, p.hunk, followers.get(p)),
      placed: p,
    });
  }

  // 3. Earlier comments whose finding is gone: mark them fixed.
  let fixedCount = 0;
  for (const c of open) {
    if (current.has(c.fingerprint)) continue;
    try {
      await client.rest.pulls.updateReviewComment({
        ...base,
        comment_id: c.id,
        body: `${FIXED_MARKER}\n**✅ Fixed** in ${pr.headSha.slice(0, 7)}: gomemcheck no longer finds this.\n\n<details><summary>Original comment</summary>\n\n${c.body}\n\n</details>`.slice(
          0,
          MAX_BODY,
        ),
      });
      fixedCount++;
    } catch (e) {
      log.info(`gomemcheck: could not mark comment ${c.id} fixed (HTTP ${statusOf(e) ?? "error"})`);
    }
  }
  if (fixedCount > 0)
    notes.push(`${fixedCount} earlier finding${fixedCount === 1 ? " is" : "s are"} fixed.`);

  // 4. One review, only when there is something new to say.
  let reviewPosted = false;
  let inlineComments = 0;
  if (comments.length > 0 || toBody.length > 0) {
    const post = async (inline: typeof comments, body: typeof toBody) =>
      client.rest.pulls.createReview({
        ...base,
        pull_number: pr.number,
        commit_id: pr.headSha,
        event: "COMMENT",
        body: reviewBody(inline, body, lead, args.env),
        comments: inline.map((c) => c.comment),
      });
    try {
      await post(comments, toBody);
      reviewPosted = true;
      inlineComments = comments.length;
    } catch (e) {
      const status = statusOf(e);
      if (status === 422 && comments.length > 0) {
        // GitHub rejects the whole review when one comment is off the diff, without naming it:
        // post again with every comment moved into the body, so nothing is lost.
        const moved = comments.map((c) => ({
          placed: c.placed,
          reason: "GitHub refused an inline comment on this line (422)",
        }));
        try {
          await post([], [...moved, ...toBody]);
          reviewPosted = true;
          notes.push(
            `GitHub refused the inline comments (422); ${moved.length} finding${moved.length === 1 ? " was" : "s were"} posted in the review body instead.`,
          );
          log.warning(
            `gomemcheck: GitHub answered 422 to the review; retried with ${moved.length} comment(s) in the body: ${moved.map((m) => `${lead}${m.placed.finding.file}:${m.placed.finding.line}`).join(", ")}`,
          );
        } catch (e2) {
          const message = couldNot("post the review", reviewCall, e2);
          notes.push(capital(message));
          log.warning(`gomemcheck: ${message}`);
        }
      } else {
        const message = couldNot("post the review", reviewCall, e);
        notes.push(capital(message));
        log.warning(`gomemcheck: ${message}`);
      }
    }
  }

  // 5. The sticky summary, updated in place.
  const reportedInBody = reviewPosted
    ? [...alreadyInBody, ...toBody.map((b) => b.placed.fingerprint)]
    : [...alreadyInBody];
  const summary = summaryBody(
    reportedFindings.map((p) => prefixed(p.finding, lead)),
    result,
    lead,
    reportedInBody,
    notes,
    args.env,
    pr.headSha,
  );
  try {
    if (summaryComment) {
      if (summaryComment.body !== summary) {
        await client.rest.issues.updateComment({
          ...base,
          comment_id: summaryComment.id,
          body: summary,
        });
      }
    } else if (reportedFindings.length > 0 || reviewPosted) {
      await client.rest.issues.createComment({ ...base, issue_number: pr.number, body: summary });
    }
  } catch (e) {
    const message = couldNot(
      "update the summary comment",
      `${repoPath}/issues/${pr.number}/comments`,
      e,
    );
    log.warning(`gomemcheck: ${message}`);
    if (!notes.some((n) => n.startsWith("Could not post"))) notes.push(capital(message));
  }
  return { notes, reviewPosted, inlineComments };
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function prefixed(f: Finding, lead: string): Finding {
  return lead === ""
    ? f
    : {
        ...f,
        file: lead + f.file,
        evidence: f.evidence.map((e) => ({ ...e, file: lead + e.file })),
      };
}

/** The inline comment for a finding: a suggestion when the first fix replaces lines inside the hunk. */
export function inlineComment(
  p: PlacedFinding,
  lead: string,
  result: RunResult,
  hunk: Hunk | undefined,
  group: PlacedFinding[] = [],
): ReviewComment {
  const f = p.finding;
  const lines = result.sourceLines(f.file);
  const fix = f.fixes[0];
  let start = f.line;
  let end =
    f.endLine > f.line && hunk && f.endLine < hunk.newStart + hunk.newLines ? f.endLine : f.line;
  let fixText = "";
  if (fix && lines) {
    const r = lineReplacement(fix, f.file, lines);
    const h = r ? inHunks(hunk ? [hunk] : [], r.startLine) : undefined;
    if (
      r &&
      h &&
      fix.safe !== false &&
      r.endLine < h.newStart + h.newLines &&
      r.startLine <= f.line &&
      f.line <= r.endLine
    ) {
      start = r.startLine;
      end = r.endLine;
      fixText = `**Fix:** ${fix.description}\n\n${suggestionBlock(r)}`;
    } else if (r) {
      fixText = `**Fix:** ${fix.description} (lines ${r.startLine}–${r.endLine}):\n\n${diffBlock(r)}`;
    } else {
      fixText = `**Fix:** ${fix.description}\n\n${editsList(fix.edits)}`;
    }
  } else if (fix) {
    fixText = `**Fix:** ${fix.description}`;
  }
  const others = f.fixes.slice(1).map((x) => `- Or: ${x.description}`);
  const alsoHere = group.map(
    (g) =>
      `- ${md(`${lead}${g.finding.file}:${g.finding.line}`)}: ${SEVERITY_ICON[g.finding.severity]} ${mdMessage(g.finding.message)}`,
  );
  const evidence = f.evidence.map((e) => `- ${md(`${lead}${e.file}:${e.line}`)}: ${md(e.message)}`);
  const body = [
    `<!-- gomemcheck:finding fp=${p.fingerprint} rule=${f.rule} -->`,
    `${SEVERITY_ICON[f.severity]} **${f.severity}** [${f.rule}](${docsUrl(f.rule)}): ${mdMessage(f.message)}`,
    ...(evidence.length > 0 ? ["", ...evidence] : []),
    ...(fixText ? ["", fixText] : []),
    ...(others.length > 0 ? ["", ...others] : []),
    ...(alsoHere.length > 0 ? ["", "**Same loop:**", ...alsoHere] : []),
  ].join("\n");
  const comment: ReviewComment = {
    path: lead + f.file,
    body: body.slice(0, MAX_BODY),
    line: end,
    side: "RIGHT",
  };
  if (start < end) {
    comment.start_line = start;
    comment.start_side = "RIGHT";
  }
  return comment;
}

function reviewBody(
  inline: { placed: PlacedFinding }[],
  body: { placed: PlacedFinding; reason: string }[],
  lead: string,
  env: NodeJS.ProcessEnv,
): string {
  const out: string[] = [
    `**gomemcheck** found ${inline.length + body.length} new problem${inline.length + body.length === 1 ? "" : "s"} in this pull request.`,
    "",
    ...countsTable([...inline.map((c) => c.placed.finding), ...body.map((b) => b.placed.finding)]),
  ];
  if (inline.length > 0)
    out.push(
      `${inline.length} ${inline.length === 1 ? "is" : "are"} commented on the changed lines.`,
    );
  if (body.length > 0) {
    out.push(
      ...(inline.length > 0 ? [""] : []),
      `${body.length} cannot be placed on a changed line:`,
      "",
    );
    let size = out.join("\n").length;
    let shown = 0;
    for (const b of body) {
      const f = b.placed.finding;
      const line = `- ${SEVERITY_ICON[f.severity]} ${md(`${lead}${f.file}:${f.line}`)} [${f.rule}](${docsUrl(f.rule)}): ${mdMessage(f.message)} _(${md(b.reason)})_${f.fixes[0] ? ` Fix: ${md(f.fixes[0].description)}.` : ""}`;
      if (size + line.length > MAX_BODY - 2000) break;
      out.push(line);
      size += line.length + 1;
      shown++;
    }
    if (shown < body.length)
      out.push(
        `- … and ${body.length - shown} more: see the job summary${env.GITHUB_RUN_ID ? " of this run" : ""}.`,
      );
  }
  return out.join("\n");
}

function summaryBody(
  findings: Finding[],
  result: RunResult,
  lead: string,
  reportedInBody: string[],
  notes: string[],
  env: NodeJS.ProcessEnv,
  headSha: string,
): string {
  const errors = result.errors.map((e) => ({ ...e, file: lead + e.file }));
  const linkFor = blobLink(env, headSha);
  const marker = `${SUMMARY_MARKER}\n<!-- gomemcheck:reported ${[...new Set(reportedInBody)].join(" ")} -->`;
  const link =
    env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID
      ? `\n\n[Workflow run](${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID})`
      : "";
  for (const maxRows of [200, 50, 10, 0]) {
    const text = `${marker}\n${renderMarkdown(findings, errors, { title: "gomemcheck", maxRows, notes, ...(linkFor ? { linkFor } : {}) })}${link}`;
    if (text.length <= MAX_BODY) return text;
  }
  return `${marker}\n### gomemcheck: ${findings.length} findings\n\nToo many to list here; see the job summary.${link}`;
}
