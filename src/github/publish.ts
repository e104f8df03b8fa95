// Publishes one pull-request review per run (new inline comments only), keeps one sticky summary
// comment up to date, and marks earlier comments whose finding is gone as fixed.
// Comments are found by a hidden marker at the start of the body, tagged with the run's name, and
// trusted only when the identity this action posts as wrote them: nobody else can plant markers.
import { createHash } from "node:crypto";
import { SEVERITY_RANK, compareStrings, docsUrl, type Finding } from "../findings.ts";
import type { PlacedFinding } from "../filter.ts";
import { inHunks, type Hunk } from "../parse/diff.ts";
import { md, mdMessage } from "../report/escape.ts";
import { blobLink } from "../report/links.ts";
import { SEVERITY_ICON, countsTable, renderMarkdown } from "../report/markdown.ts";
import { diffBlock, editsList, lineReplacement, suggestionBlock } from "../report/suggestion.ts";
import type { RunResult } from "../run.ts";
import { describeFailure, isRateLimit, statusOf, writeOnce, type GitHubClient } from "./client.ts";
import type { Logger } from "./logger.ts";
import { marker, parseMarker, type Marker } from "./markers.ts";
import { listAll } from "./paginate.ts";
import type { PullRequestContext } from "./review.ts";

export const MAX_BODY = 65_536;
/** Inline comments in one review; the rest are listed in its body. */
export const MAX_INLINE_COMMENTS = 50;

const REPORTED_MARKER = /^<!-- gomemcheck:reported ([0-9a-f ]*) -->/m;
/** Pages of earlier comments read (100 each); past this the run says it may repeat itself. */
export const MAX_COMMENT_PAGES = 30;

export interface PublishArgs {
  client: GitHubClient;
  pr: PullRequestContext;
  result: RunResult;
  /** working-directory relative to the repository root. */
  prefix: string;
  log: Logger;
  env: NodeJS.ProcessEnv;
  /** The run's name: its markers, summary comment and check run are its own. */
  name: string;
  /** The login this action posts as, when known; only its comments are trusted. */
  self: string | undefined;
  /** Unit of the backoff between attempts of a write (ms). */
  retryBaseMs: number;
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
  fixed: boolean;
}

type User = { type?: string; login?: string } | null | undefined;
type Authored = { id: number; body?: string | null; user?: User };

/** Our marker of this namespace at the start of a comment the given identity wrote. */
function ours(c: Authored, self: string | undefined, name: string): Marker | undefined {
  if (self === undefined || c.user?.login !== self) return undefined;
  const m = parseMarker(c.body);
  return m && m.name === name ? m : undefined;
}

export function permissionHint(e: unknown): string {
  const status = statusOf(e);
  if (isRateLimit(e)) {
    return "GitHub's API rate limit was reached (not a permission problem); re-run the job later. Annotations and the job summary still show every finding.";
  }
  if (status === 403) {
    return "the token may not write to this pull request. Grant `permissions: pull-requests: write` to the job; for pull requests from forks, whose GITHUB_TOKEN is read-only, run on `pull_request_target` without checking out the head (see the README). Annotations and the job summary still show every finding.";
  }
  if (status === 401) return "the token was rejected (401). Check the github-token input.";
  return "it failed after retries; annotations and the job summary still show every finding.";
}

/** "could not <what> (<call>: HTTP 502): <hint>": names the call that failed and what to do. */
function couldNot(what: string, call: string, e: unknown): string {
  return `could not ${what} (${call}: ${describeFailure(e)}): ${permissionHint(e)}`;
}

export async function publishReview(args: PublishArgs): Promise<PublishOutcome> {
  const { client, pr, result, log, name } = args;
  let self = args.self;
  const notes: string[] = [];
  const lead = args.prefix === "" ? "" : `${args.prefix}/`;
  const repoPath = `/repos/${pr.owner}/${pr.repo}`;
  const reviewCall = `POST ${repoPath}/pulls/${pr.number}/reviews`;
  const base = { owner: pr.owner, repo: pr.repo };

  const reportedFindings = result.placed.filter((p) => p.placement !== "outside");
  const current = new Set(result.placed.map((p) => p.fingerprint));

  // 1. What we said before (every comment; which are ours is decided by who wrote them).
  type ReviewCommentItem = Authored & { body: string };
  let reviewComments: ReviewCommentItem[];
  let issueComments: Authored[];
  const listIssueComments = () =>
    listAll<Authored>(
      client,
      "GET /repos/{owner}/{repo}/issues/{issue_number}/comments",
      { ...base, issue_number: pr.number },
      MAX_COMMENT_PAGES,
    );
  try {
    const listed = await listAll<ReviewCommentItem>(
      client,
      "GET /repos/{owner}/{repo}/pulls/{pull_number}/comments",
      { ...base, pull_number: pr.number },
      MAX_COMMENT_PAGES,
    );
    const listedIssue = await listIssueComments();
    reviewComments = listed.items;
    issueComments = listedIssue.items;
    const stopped = listed.stopped ?? listedIssue.stopped;
    if (stopped) {
      notes.push(
        `Earlier comments were not all read (${stopped}); some findings may be commented on again.`,
      );
      log.warning(`gomemcheck: earlier comments were not all read (${stopped}).`);
    }
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
  const existing: Existing[] = reviewComments.flatMap((c) => {
    const m = ours(c, self, name);
    if (!m || (m.kind !== "finding" && m.kind !== "fixed")) return [];
    // One comment may stand for several findings on its line: the others ride on `also`.
    const fps = [m.attrs.fp, ...(m.attrs.also?.split(",") ?? [])].filter((fp) => !!fp);
    return fps.map((fp) => ({
      id: c.id,
      body: c.body,
      fingerprint: fp!,
      fixed: m.kind === "fixed",
    }));
  });
  const summaryOf = (comments: Authored[]): { id: number; body: string } | undefined => {
    const mine = comments.find((c) => ours(c, self, name)?.kind === "summary");
    return mine ? { id: mine.id, body: mine.body ?? "" } : undefined;
  };
  let summaryComment = summaryOf(issueComments);
  const open = existing.filter((c) => !c.fixed);
  const alreadyInline = new Set(open.map((c) => c.fingerprint));
  const alreadyInBody = new Set(
    (REPORTED_MARKER.exec(summaryComment?.body ?? "")?.[1] ?? "").split(" ").filter(Boolean),
  );

  // 2. New inline comments, validated against the hunks; the rest go to the body.
  const comments: { comment: ReviewComment; placed: PlacedFinding; also: PlacedFinding[] }[] = [];
  const toBody: { placed: PlacedFinding; reason: string }[] = [];
  // On one line, the most severe finding leads the comment (and alone may carry a suggestion).
  const ordered = [...reportedFindings].sort(
    (a, b) =>
      compareStrings(a.finding.file, b.finding.file) ||
      a.finding.line - b.finding.line ||
      SEVERITY_RANK[b.finding.severity] - SEVERITY_RANK[a.finding.severity],
  );
  // Findings of one group (the defers of one loop) share the inline comment of the first new one
  // in the same hunk; their fingerprints ride on its marker.
  const leaders = new Map<string, PlacedFinding>();
  const followers = new Map<PlacedFinding, PlacedFinding[]>();
  for (const p of ordered) {
    const group = p.finding.group;
    if (!group || p.placement !== "inline" || !p.hunk) continue;
    if (alreadyInline.has(p.fingerprint) || alreadyInBody.has(p.fingerprint)) continue;
    const leader = leaders.get(group);
    if (!leader) leaders.set(group, p);
    else if (leader.hunk === p.hunk) followers.set(leader, [...(followers.get(leader) ?? []), p]);
  }
  const following = new Set([...followers.values()].flat());
  for (const p of ordered) {
    if (alreadyInline.has(p.fingerprint) || alreadyInBody.has(p.fingerprint)) continue;
    if (following.has(p)) continue;
    if (p.placement !== "inline" || !p.hunk) {
      toBody.push({ placed: p, reason: p.reason ?? "not on a line of the diff" });
      continue;
    }
    const same = comments.find(
      (c) => c.placed.finding.file === p.finding.file && c.placed.finding.line === p.finding.line,
    );
    if (same) {
      // Two comments on one line would offer two suggestions that undo each other: one comment.
      const also = [...same.also, p].map((x) => x.fingerprint).join(",");
      const extra = inlineComment(p, lead, result, p.hunk, name, false).body.split("\n").slice(1);
      const [first, ...rest] = same.comment.body.split("\n");
      const merged = [
        first!.replace(/(?: also=[0-9a-f,]+)?((?: ns=[^\s>]*)?) -->$/, ` also=${also}$1 -->`),
        ...rest,
        "",
        "---",
        "",
        ...extra,
      ].join("\n");
      // Never cut a body inside a fence: a finding that does not fit goes to the review body.
      if (merged.length > MAX_BODY) {
        toBody.push({ placed: p, reason: "too long to share the comment on its line" });
        continue;
      }
      same.comment.body = merged;
      same.also.push(p);
      continue;
    }
    if (comments.length >= MAX_INLINE_COMMENTS) {
      toBody.push({ placed: p, reason: `more than ${MAX_INLINE_COMMENTS} comments in one review` });
      continue;
    }
    const group = followers.get(p) ?? [];
    comments.push({
      comment: inlineComment(p, lead, result, p.hunk, name, true, group),
      placed: p,
      also: [...group],
    });
  }

  // 3. Earlier comments whose finding is gone: mark them fixed.
  let fixedCount = 0;
  // A comment is fixed only when every finding it stands for is gone.
  const stillOpen = new Set(open.filter((c) => current.has(c.fingerprint)).map((c) => c.id));
  const marked = new Set<number>();
  for (const c of open) {
    if (stillOpen.has(c.id) || marked.has(c.id)) continue;
    marked.add(c.id);
    try {
      await client.rest.pulls.updateReviewComment({
        ...base,
        comment_id: c.id,
        body: fixedBody(c, name, pr.headSha),
      });
      fixedCount++;
    } catch (e) {
      log.info(`gomemcheck: could not mark comment ${c.id} fixed (${describeFailure(e)})`);
    }
  }
  if (fixedCount > 0)
    notes.push(`${fixedCount} earlier finding${fixedCount === 1 ? " is" : "s are"} fixed.`);

  // 4. One review, only when there is something new to say.
  let reviewPosted = false;
  let inlineComments = 0;
  if (comments.length > 0 || toBody.length > 0) {
    const post = async (inline: typeof comments, body: typeof toBody) => {
      const key = createHash("sha256")
        .update(
          [
            name,
            pr.headSha,
            ...inline.flatMap((c) => [c.placed, ...c.also].map((x) => x.fingerprint)),
            "|",
            ...body.map((b) => b.placed.fingerprint),
          ].join("\0"),
        )
        .digest("hex")
        .slice(0, 20);
      const reviewMarker = marker("review", name, { key });
      const posted = await writeOnce<Authored>(
        async () =>
          (
            await client.rest.pulls.createReview({
              ...base,
              pull_number: pr.number,
              commit_id: pr.headSha,
              event: "COMMENT",
              body: `${reviewMarker}\n${reviewBody(
                inline.flatMap((c) => [c, ...c.also.map((placed) => ({ placed }))]),
                body,
                lead,
                args.env,
              )}`,
              comments: inline.map((c) => c.comment),
              request: { retries: 0 },
            })
          ).data as Authored,
        async () => {
          const reviews = await listAll<Authored>(
            client,
            "GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews",
            { ...base, pull_number: pr.number },
            MAX_COMMENT_PAGES,
          );
          const found = reviews.items.find(
            (r) =>
              (r.body ?? "").startsWith(reviewMarker) &&
              (self === undefined || r.user?.login === self),
          );
          if (found)
            log.info(`gomemcheck: the review was stored despite the error; not posted again.`);
          return found;
        },
        args.retryBaseMs,
      );
      // The identity we post as, learnt from our own write when nothing told us before.
      self ??= posted.user?.login ?? undefined;
    };
    try {
      await post(comments, toBody);
      reviewPosted = true;
      inlineComments = comments.length;
    } catch (e) {
      const status = statusOf(e);
      if (status === 422 && comments.length > 0) {
        // GitHub rejects the whole review when one comment is off the diff, without naming it:
        // post again with every comment moved into the body, so nothing is lost.
        const moved = comments.flatMap((c) =>
          [c.placed, ...c.also].map((placed) => ({
            placed,
            reason: "GitHub refused an inline comment on this line (422)",
          })),
        );
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
  if (args.self === undefined && self !== undefined) summaryComment = summaryOf(issueComments);
  if (self === undefined) {
    notes.push(
      "gomemcheck could not tell which earlier comments are its own (the token's identity is unknown); none were updated.",
    );
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
    name,
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
    } else if ((reportedFindings.length > 0 || reviewPosted) && self !== undefined) {
      await writeOnce<unknown>(
        () =>
          client.rest.issues.createComment({
            ...base,
            issue_number: pr.number,
            body: summary,
            request: { retries: 0 },
          }),
        async () => {
          const found = summaryOf((await listIssueComments()).items);
          if (found)
            log.info(
              `gomemcheck: the summary comment was stored despite the error; not posted again.`,
            );
          return found;
        },
        args.retryBaseMs,
      );
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

/** The body of a comment whose finding is gone; the original is quoted only when it fits whole. */
function fixedBody(c: Existing, name: string, headSha: string): string {
  const head = `${marker("fixed", name, { fp: c.fingerprint })}\n**✅ Fixed** in ${headSha.slice(0, 7)}: gomemcheck no longer finds this.`;
  // The original starts with its marker, which must not count as ours again: drop its first line.
  const original = c.body.replace(/^<!--[^\n]*-->\n?/, "");
  const quoted = `${head}\n\n<details><summary>Original comment</summary>\n\n${original}\n\n</details>`;
  return quoted.length <= MAX_BODY ? quoted : head;
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
  name: string,
  /** false: a fix that could be a suggestion is shown as a diff (another one leads the comment). */
  suggest = true,
  /** Other findings of the same loop, listed in this comment (their fingerprints on its marker). */
  group: PlacedFinding[] = [],
): ReviewComment {
  const f = p.finding;
  const lines = result.sourceLines(f.file);
  const fix = f.fixes[0];
  let start = f.line;
  let end =
    f.endLine > f.line && hunk && f.endLine < hunk.newStart + hunk.newLines ? f.endLine : f.line;
  // What the fix can be shown as, best first; the first that fits is used.
  let fixTexts: string[] = [];
  let suggestionRange: { start: number; end: number } | undefined;
  if (fix) {
    const description = `**Fix:** ${mdMessage(fix.description)}`;
    const short = `${description}\n\n_The change is too long for a review comment; run \`gomemcheck\` locally to see it._`;
    const r = lines ? lineReplacement(fix, f.file, lines) : undefined;
    const h = r ? inHunks(hunk ? [hunk] : [], r.startLine) : undefined;
    if (
      suggest &&
      fix.safe !== false &&
      r &&
      h &&
      r.endLine < h.newStart + h.newLines &&
      r.startLine <= f.line &&
      f.line <= r.endLine
    ) {
      suggestionRange = { start: r.startLine, end: r.endLine };
      fixTexts = [
        `${description}\n\n${suggestionBlock(r)}`,
        `${description} (lines ${r.startLine}–${r.endLine}):\n\n${diffBlock(r)}`,
        short,
      ];
    } else if (r) {
      fixTexts = [`${description} (lines ${r.startLine}–${r.endLine}):\n\n${diffBlock(r)}`, short];
    } else if (lines) {
      fixTexts = [`${description}\n\n${editsList(fix.edits)}`, short];
    } else {
      fixTexts = [description];
    }
  }
  const others = f.fixes.slice(1).map((x) => `- Or: ${mdMessage(x.description)}`);
  const evidence = f.evidence.map(
    (e) => `- ${md(`${lead}${e.file}:${e.line}`)}: ${mdMessage(e.message)}`,
  );
  const head = [
    marker("finding", name, {
      fp: p.fingerprint,
      rule: f.rule,
      ...(group.length > 0 ? { also: group.map((g) => g.fingerprint).join(",") } : {}),
    }),
    `${SEVERITY_ICON[f.severity]} **${f.severity}** [${f.rule}](${docsUrl(f.rule)}): ${mdMessage(f.message)}`,
    ...(evidence.length > 0 ? ["", ...evidence] : []),
  ].join("\n");
  const alsoHere = group.map(
    (g) =>
      `- ${md(`${lead}${g.finding.file}:${g.finding.line}`)}: ${SEVERITY_ICON[g.finding.severity]} ${mdMessage(g.finding.message)}`,
  );
  const tail =
    (others.length > 0 ? `\n\n${others.join("\n")}` : "") +
    (alsoHere.length > 0 ? `\n\n**Same loop:**\n${alsoHere.join("\n")}` : "");
  // Never cut a body inside a fence: the first form of the fix that fits is used whole; text
  // outside fences (one line per item, escaped) is what gets shortened.
  let body: string | undefined;
  for (const [i, fixText] of fixTexts.entries()) {
    const candidate = `${head}\n\n${fixText}${tail}`;
    if (candidate.length <= MAX_BODY) {
      body = candidate;
      if (i === 0 && suggestionRange) {
        start = suggestionRange.start;
        end = suggestionRange.end;
      }
      break;
    }
  }
  if (body === undefined) {
    const fixLine = fix ? `\n\n**Fix:** ${mdMessage(fix.description).slice(0, 2000)}` : "";
    body = `${cutLines(head, MAX_BODY - fixLine.length - 100)}${fixLine}`;
  }
  const comment: ReviewComment = {
    path: lead + f.file,
    body,
    line: end,
    side: "RIGHT",
  };
  if (start < end) {
    comment.start_line = start;
    comment.start_side = "RIGHT";
  }
  return comment;
}

/** Text of whole lines that fits in max characters, saying how many lines were left out. */
function cutLines(text: string, max: number): string {
  if (text.length <= max) return text;
  const lines = text.split("\n");
  const out: string[] = [];
  let size = 0;
  for (const line of lines) {
    if (size + line.length + 1 > max - 60) break;
    out.push(line);
    size += line.length + 1;
  }
  // A single line too long (a message of megabytes) is shortened; it holds no fence.
  if (out.length === 0) return `${lines[0]!.slice(0, max - 60)}…`;
  return `${out.join("\n")}\n- … and ${lines.length - out.length} more lines`;
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
      const line = `- ${SEVERITY_ICON[f.severity]} ${md(`${lead}${f.file}:${f.line}`)} [${f.rule}](${docsUrl(f.rule)}): ${mdMessage(f.message)} _(${md(b.reason)})_${f.fixes[0] ? ` Fix: ${mdMessage(f.fixes[0].description)}.` : ""}`;
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
  name: string,
): string {
  const errors = result.errors.map((e) => ({ ...e, file: lead + e.file }));
  const linkFor = blobLink(env, headSha);
  const head = `${marker("summary", name)}\n<!-- gomemcheck:reported ${[...new Set(reportedInBody)].join(" ")} -->`;
  const link =
    env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID
      ? `\n\n[Workflow run](${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID})`
      : "";
  for (const maxRows of [200, 50, 10, 0]) {
    const text = `${head}\n${renderMarkdown(findings, errors, { title: md(name), maxRows, notes, ...(linkFor ? { linkFor } : {}) })}${link}`;
    if (text.length <= MAX_BODY) return text;
  }
  return `${head}\n### ${md(name)}: ${findings.length} findings\n\nToo many to list here; see the job summary.${link}`;
}
