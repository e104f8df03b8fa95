// The summary shown in a pull-request review, the job summary and the CLI's --format markdown.
import {
  RULES,
  SEVERITY_RANK,
  compareStrings,
  docsUrl,
  type AnalysisError,
  type Finding,
  type RuleId,
  type Severity,
} from "../findings.ts";
import { countBySeverity, plural } from "./text.ts";
import { md, mdCode, mdMessage } from "./escape.ts";

export const SEVERITY_ICON: Record<Severity, string> = { error: "🔴", warning: "🟠", notice: "🔵" };

export interface MarkdownOptions {
  title?: string;
  /** Link for a file and line (a blob URL at the commit); plain text when absent. */
  linkFor?: (file: string, line: number) => string;
  /** At most this many findings in the table; the rest are counted. */
  maxRows?: number;
  /** Extra paragraphs after the counts (notes on placement, permissions). */
  notes?: string[];
}

export function renderMarkdown(
  findings: Finding[],
  errors: AnalysisError[],
  options: MarkdownOptions = {},
): string {
  const out: string[] = [];
  const title = options.title ?? "gomemcheck";
  if (findings.length === 0) {
    out.push(`### ${title}: no findings`, "");
  } else {
    out.push(`### ${title}: ${plural(findings.length, "finding")}`, "", ...countsTable(findings));
  }
  for (const note of options.notes ?? []) out.push(note, "");
  if (findings.length > 0) {
    out.push(...findingsTable(findings, options));
  }
  if (errors.length > 0) {
    out.push(`#### ${plural(errors.length, "input")} not analysed`, "");
    const max = options.maxRows ?? Infinity;
    for (const e of errors.slice(0, max)) {
      out.push(
        `- ${mdCode(e.line !== undefined ? `${e.file}:${e.line}` : e.file)}: ${md(e.message)}`,
      );
    }
    if (errors.length > max) out.push(`- … and ${errors.length - max} more`);
    out.push("");
  }
  return out.join("\n");
}

/** Counts by severity, then a table of counts by rule and severity, then a blank line. */
export function countsTable(findings: Finding[]): string[] {
  const c = countBySeverity(findings);
  const out = [
    `${SEVERITY_ICON.error} ${plural(c.error, "error")} · ${SEVERITY_ICON.warning} ${plural(c.warning, "warning")} · ${SEVERITY_ICON.notice} ${plural(c.notice, "notice")}`,
    "",
    "| Rule | Error | Warning | Notice |",
    "| --- | ---: | ---: | ---: |",
  ];
  for (const rule of RULES) {
    const of = findings.filter((f) => f.rule === rule.id);
    if (of.length === 0) continue;
    const n = countBySeverity(of);
    out.push(`| [${rule.id}](${docsUrl(rule.id)}) | ${n.error} | ${n.warning} | ${n.notice} |`);
  }
  out.push("");
  return out;
}

/** Tables longer than this are split by file, each file behind a <details>. */
export const COLLAPSE_ROWS = 30;
/** A message's first part shown in a row; the rest is behind <details>. */
export const SHORT_MESSAGE = 120;

/**
 * Findings, most severe first, then by path and line: severity, location, rule, the message's
 * first sentence (the rest behind <details>) and the preferred fix. Long tables are split by
 * file, each behind a <details>, files with the most severe findings first.
 */
export function findingsTable(findings: Finding[], options: MarkdownOptions): string[] {
  const max = options.maxRows ?? Infinity;
  const sorted = [...findings].sort(
    (a, b) =>
      SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
      compareStrings(a.file, b.file) ||
      a.line - b.line,
  );
  const shown = sorted.slice(0, max);
  const head = ["| | Location | Rule | Message |", "| --- | --- | --- | --- |"];
  const row = (f: Finding): string =>
    `| ${SEVERITY_ICON[f.severity]} ${f.severity} | ${location(f.file, f.line, options)} | ${ruleLink(f.rule)} | ${messageCell(f)} |`;
  const more = findings.length - shown.length;
  if (shown.length <= COLLAPSE_ROWS) {
    const out = [...head, ...shown.map(row)];
    if (more > 0) out.push(`| | … and ${more} more | | |`);
    out.push("");
    return out;
  }
  const byFile = new Map<string, Finding[]>();
  for (const f of shown) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
  const out: string[] = [];
  for (const [file, list] of byFile) {
    const c = countBySeverity(list);
    const counts = (["error", "warning", "notice"] as const)
      .filter((sev) => c[sev] > 0)
      .map((sev) => `${SEVERITY_ICON[sev]} ${c[sev]}`)
      .join(" ");
    out.push(
      `<details><summary>${htmlCode(file)}: ${plural(list.length, "finding")} ${counts}</summary>`,
      "",
      ...head,
      ...list.map(row),
      "",
      "</details>",
      "",
    );
  }
  if (more > 0) out.push(`… and ${more} more`, "");
  return out;
}

/** The first sentence (up to ~120 characters) in the row, the rest behind <details>, then the fix. */
function messageCell(f: Finding): string {
  const { short, rest } = splitMessage(f.message);
  const cell = (text: string): string => mdMessage(codeSpans(text), true);
  const message =
    rest === "" ? cell(short) : `<details><summary>${cell(short)}</summary>${cell(rest)}</details>`;
  const fix = f.fixes[0];
  return fix ? `${message}<br>**Fix:** ${cell(fix.description)}` : message;
}

/**
 * Splits a message after its first sentence or clause (". ", ": ", "; " outside code spans),
 * cutting a longer one at a space before SHORT_MESSAGE characters.
 */
export function splitMessage(message: string): { short: string; rest: string } {
  let inCode = false;
  let lastSpace = -1;
  for (let i = 0; i < message.length; i++) {
    const c = message[i]!;
    if (c === "`") inCode = !inCode;
    if (inCode) continue;
    if (i >= SHORT_MESSAGE - 1) break;
    if (c === " ") lastSpace = i;
    if (
      (c === "." || c === ":" || c === ";") &&
      (i + 1 === message.length || message[i + 1] === " ")
    ) {
      const short = c === "." ? message.slice(0, i + 1) : `${message.slice(0, i)}.`;
      return { short, rest: message.slice(i + 1).trim() };
    }
  }
  if (message.length <= SHORT_MESSAGE || lastSpace <= 0) return { short: message, rest: "" };
  return { short: `${message.slice(0, lastSpace)} …`, rest: `… ${message.slice(lastSpace + 1)}` };
}

const IDENTIFIER =
  /\b(?:GODEBUG=[^\s,;()`]*[^\s,;()`.]|madvdontneed=\d+|MADV_[A-Z]+|golang:[\w.-]*\w|setup-go|go\.mod)(?![\w=])/g;

/** Wraps settings and file names (`GODEBUG=madvdontneed=1`, `MADV_FREE`) in code spans, outside existing ones. */
export function codeSpans(text: string): string {
  return text
    .split(/(`[^`]*`)/)
    .map((part) => (part.startsWith("`") ? part : part.replace(IDENTIFIER, (m) => `\`${m}\``)))
    .join("");
}

/** Inline code inside HTML (a <summary>), where Markdown code spans are not parsed. */
function htmlCode(text: string): string {
  const escaped = text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`).replace(/\r\n?|\n/g, " ");
  return `<code>${escaped}</code>`;
}

export function location(file: string, line: number, options: MarkdownOptions): string {
  // GitHub tables split cells on "|" even inside code spans; "\|" keeps it.
  const label = mdCode(`${file}:${line}`).replace(/\|/g, "\\|");
  return options.linkFor ? `[${label}](${options.linkFor(file, line)})` : label;
}

export function ruleLink(rule: RuleId): string {
  return `[${rule}](${docsUrl(rule)})`;
}
