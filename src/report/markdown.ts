// The summary shown in a pull-request review, the job summary and the CLI's --format markdown.
import {
  RULES,
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

export function findingsTable(findings: Finding[], options: MarkdownOptions): string[] {
  const max = options.maxRows ?? Infinity;
  const out = ["| | Location | Rule | Message |", "| --- | --- | --- | --- |"];
  for (const f of findings.slice(0, max)) {
    out.push(
      `| ${SEVERITY_ICON[f.severity]} ${f.severity} | ${location(f.file, f.line, options)} | ${ruleLink(f.rule)} | ${mdMessage(f.message, true)} |`,
    );
  }
  if (findings.length > max) out.push(`| | … and ${findings.length - max} more | | |`);
  out.push("");
  return out;
}

export function location(file: string, line: number, options: MarkdownOptions): string {
  // GitHub tables split cells on "|" even inside code spans; "\|" keeps it.
  const label = mdCode(`${file}:${line}`).replace(/\|/g, "\\|");
  return options.linkFor ? `[${label}](${options.linkFor(file, line)})` : label;
}

export function ruleLink(rule: RuleId): string {
  return `[${rule}](${docsUrl(rule)})`;
}
