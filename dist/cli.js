#!/usr/bin/env node
import { createRequire as __gmcCreateRequire } from "node:module"; const require = __gmcCreateRequire(import.meta.url);
import {
  VERSION,
  addPhase,
  changesSince,
  discover,
  fileErrorText,
  indexOfByteColumn,
  jsonSafe,
  limitHeapGrowth,
  phaseReport,
  phasesEnabled,
  plain,
  readRegularFile,
  recordPhases,
  renderMarkdown,
  renderSarif,
  renderText,
  reported,
  run,
  terminalSafe
} from "./chunk-2GW2OOQP.js";
import "./chunk-34TGGC2O.js";
import "./chunk-OJL2LTWI.js";
import {
  ConfigError,
  DEFAULT_FILE_CONFIG,
  FAIL_ON_VALUES,
  FILTER_MODES,
  FORMATS,
  excludeMatcher,
  minutes,
  parseChoice,
  parseConfigFile
} from "./chunk-USTWNQNG.js";
import "./chunk-GK3GWJSX.js";
import {
  LineIndex
} from "./chunk-52F24W3R.js";
import {
  RULES,
  atLeast,
  docsUrl
} from "./chunk-BKUHNWMH.js";
import "./chunk-RCRA6UKK.js";

// src/cli-main.ts
import { existsSync, readFileSync as readFileSync2, statSync } from "node:fs";
import { dirname as dirname2, relative, resolve as resolve2, sep as sep2 } from "node:path";
import { parseArgs } from "node:util";

// src/report/checkstyle.ts
var SEVERITY = { error: "error", warning: "warning", notice: "info" };
function renderCheckstyle(findings, errors) {
  const byFile = /* @__PURE__ */ new Map();
  const add = (file, entry) => {
    byFile.set(file, [...byFile.get(file) ?? [], entry]);
  };
  for (const f of findings) {
    const fix = f.fixes[0] ? ` Fix: ${f.fixes[0].description}` : "";
    add(
      f.file,
      `<error line="${f.line}" column="${f.column}" severity="${SEVERITY[f.severity]}" message="${attr(f.message + fix)}" source="gomemcheck.${attr(f.rule)}"/>`
    );
  }
  for (const e of errors) {
    add(
      e.file,
      `<error${e.line !== void 0 ? ` line="${e.line}"` : ""} severity="warning" message="${attr(`not analysed: ${e.message}`)}" source="gomemcheck.not-analysed"/>`
    );
  }
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', '<checkstyle version="4.3">'];
  for (const [file, entries] of [...byFile].sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0)) {
    out.push(`  <file name="${attr(file)}">`, ...entries.map((e) => `    ${e}`), "  </file>");
  }
  out.push("</checkstyle>");
  return out.join("\n") + "\n";
}
var NAMED = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };
function attr(text) {
  return text.replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]/g, "\uFFFD").replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD").replace(/[&<>"\n\r\t\x7f-\x9f\u2028\u2029]/g, (c) => NAMED[c] ?? `&#${c.charCodeAt(0)};`);
}

// src/report/codeclimate.ts
import { createHash } from "node:crypto";
var SEVERITY2 = {
  error: "critical",
  warning: "major",
  notice: "info"
};
function renderCodeClimate(placed, errors) {
  const issues = placed.map(({ finding: f, fingerprint }) => ({
    type: "issue",
    check_name: f.rule,
    description: f.message,
    content: {
      body: [
        ...f.evidence.map((e) => `- ${e.file}:${e.line}: ${e.message}`),
        ...f.fixes[0] ? [`Fix: ${f.fixes[0].description}`] : [],
        `Docs: ${docsUrl(f.rule)}`
      ].join("\n")
    },
    categories: ["Bug Risk"],
    fingerprint,
    severity: SEVERITY2[f.severity],
    location: {
      path: f.file,
      positions: {
        begin: { line: f.line, column: f.column },
        end: { line: f.endLine, column: f.endColumn }
      }
    }
  }));
  for (const e of errors) {
    issues.push({
      type: "issue",
      check_name: "not-analysed",
      description: `not analysed: ${e.message}`,
      categories: ["Bug Risk"],
      fingerprint: createHash("sha256").update(`not-analysed\0${e.file}\0${e.message}`).digest("hex").slice(0, 20),
      severity: "minor",
      location: { path: e.file, lines: { begin: e.line ?? 1 } }
    });
  }
  return JSON.stringify(issues, null, 2) + "\n";
}

// src/report/json.ts
function renderJson(findings, errors) {
  const doc = {
    version: 1,
    findings: findings.map((f) => ({
      rule: f.rule,
      severity: f.severity,
      file: f.file,
      line: f.line,
      column: f.column,
      endLine: f.endLine,
      endColumn: f.endColumn,
      message: f.message,
      evidence: f.evidence.map((e) => ({ file: e.file, line: e.line, message: e.message })),
      fixes: f.fixes.map((x) => ({
        description: x.description,
        edits: x.edits.map((e) => ({
          file: e.file,
          startLine: e.startLine,
          startColumn: e.startColumn,
          endLine: e.endLine,
          endColumn: e.endColumn,
          text: e.text
        })),
        ...x.safe !== void 0 ? { safe: x.safe } : {}
      })),
      ...f.group !== void 0 ? { group: f.group } : {}
    })),
    errors: errors.map(
      (e) => e.line !== void 0 ? { file: e.file, line: e.line, message: e.message } : { file: e.file, message: e.message }
    )
  };
  return JSON.stringify(doc, null, 2) + "\n";
}

// src/report/patch.ts
function planFixes(findings, refuse = () => void 0) {
  const plan = { chosen: [], skipped: [], editsByFile: /* @__PURE__ */ new Map() };
  const owner = /* @__PURE__ */ new Map();
  for (const finding of findings) {
    const fix = finding.fixes[0];
    if (!fix || fix.edits.length === 0) continue;
    const refused = refuse(fix);
    if (refused !== void 0) {
      plan.skipped.push({ finding, fix, reason: refused });
      continue;
    }
    let clash;
    for (let i = 0; i < fix.edits.length && !clash; i++) {
      const e = fix.edits[i];
      clash = (plan.editsByFile.get(e.file) ?? []).find((t) => overlaps(e, t));
      clash ??= fix.edits.slice(0, i).find((t) => t.file === e.file && overlaps(e, t));
    }
    if (clash) {
      const other = owner.get(clash);
      const reason = other ? `overlaps the fix for ${other.file}:${other.line} (${other.rule}), applied first` : "its own edits overlap";
      plan.skipped.push({ finding, fix, reason });
      continue;
    }
    plan.chosen.push({ finding, fix });
    for (const e of fix.edits) {
      owner.set(e, finding);
      const list = plan.editsByFile.get(e.file) ?? [];
      list.push(e);
      plan.editsByFile.set(e.file, list);
    }
  }
  return plan;
}
function before(l1, c1, l2, c2) {
  return l1 < l2 || l1 === l2 && c1 < c2;
}
function overlaps(a, b) {
  const aEmpty = a.startLine === a.endLine && a.startColumn === a.endColumn;
  const bEmpty = b.startLine === b.endLine && b.startColumn === b.endColumn;
  if (aEmpty && bEmpty) return a.startLine === b.startLine && a.startColumn === b.startColumn;
  return before(a.startLine, a.startColumn, b.endLine, b.endColumn) && before(b.startLine, b.startColumn, a.endLine, a.endColumn);
}
function lineStarts(text) {
  const starts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
}
function toChanges(text, edits) {
  const starts = lineStarts(text);
  const crlf = /\r\n/.test(text.slice(0, (starts[1] ?? text.length) + 1));
  const offset = (line, column) => {
    if (line > starts.length) return text.length;
    const start = starts[line - 1];
    const end = line < starts.length ? starts[line] : text.length;
    return start + indexOfByteColumn(text.slice(start, end), column);
  };
  return edits.map((e) => ({
    start: offset(e.startLine, e.startColumn),
    end: offset(e.endLine, e.endColumn),
    text: crlf ? e.text.replace(/\r?\n/g, "\r\n") : e.text
  })).sort((a, b) => a.start - b.start || a.end - b.end);
}
function applyChanges(text, changes, base = 0) {
  let out = "";
  let at = base;
  for (const c of changes) {
    out += text.slice(at - base, c.start - base) + c.text;
    at = c.end;
  }
  return out + text.slice(at - base);
}
function applyFileEdits(text, edits) {
  return applyChanges(text, toChanges(text, edits));
}
var CONTEXT = 3;
function unifiedDiff(path, text, edits) {
  const changes = toChanges(text, edits).filter((c) => c.start !== c.end || c.text !== "");
  const starts = lineStarts(text);
  const lineCount = text === "" ? 0 : text.endsWith("\n") ? starts.length - 1 : starts.length;
  const startOf = (line) => line < starts.length ? starts[line] : text.length;
  const lines = new LineIndex(text);
  const lineAt = (offset) => lines.row(offset);
  const blocks = [];
  for (const c of changes) {
    const from = lineAt(c.start);
    const endLine = lineAt(c.end);
    const atLineStart = starts[endLine] === c.end && (c.end > c.start || c.text.endsWith("\n"));
    const to = atLineStart ? Math.max(endLine, from) : endLine + 1;
    const last = blocks.at(-1);
    if (last && from < last.to) {
      last.to = Math.max(last.to, to);
      last.changes.push(c);
    } else blocks.push({ from, to, changes: [c] });
  }
  for (let i = 0; i < blocks.length; i++) {
    const b2 = blocks[i];
    for (; ; ) {
      const oldText = text.slice(startOf(b2.from), startOf(b2.to));
      const newText = applyChanges(oldText, b2.changes, startOf(b2.from));
      if (newText === "" || newText.endsWith("\n") || b2.to >= lineCount) break;
      b2.to++;
    }
    const next = blocks[i + 1];
    if (next && next.from < b2.to) {
      b2.to = Math.max(b2.to, next.to);
      b2.changes.push(...next.changes);
      blocks.splice(i + 1, 1);
      i--;
    }
  }
  for (let i = blocks.length - 1; i >= 0; i--) {
    const b2 = blocks[i];
    const oldText = text.slice(startOf(b2.from), startOf(b2.to));
    if (applyChanges(oldText, b2.changes, startOf(b2.from)) === oldText) blocks.splice(i, 1);
  }
  const oldNoEol = text !== "" && !text.endsWith("\n");
  const split = (s) => s === "" ? [] : (s.endsWith("\n") ? s.slice(0, -1) : s).split("\n");
  const NO_EOL = "\\ No newline at end of file";
  const out = [];
  let delta = 0;
  for (let i = 0; i < blocks.length; ) {
    let j = i;
    while (j + 1 < blocks.length && blocks[j + 1].from - blocks[j].to <= 2 * CONTEXT) j++;
    const oldFrom = Math.max(0, blocks[i].from - CONTEXT);
    const oldTo = Math.min(lineCount, blocks[j].to + CONTEXT);
    const body = [];
    let newCount = 0;
    const context = (from, to) => {
      for (let l = from; l < to; l++) {
        body.push(" " + split(text.slice(startOf(l), startOf(l + 1)))[0]);
        if (l === lineCount - 1 && oldNoEol) body.push(NO_EOL);
        newCount++;
      }
    };
    let hunkDelta = 0;
    context(oldFrom, blocks[i].from);
    for (let k = i; k <= j; k++) {
      const b2 = blocks[k];
      if (k > i) context(blocks[k - 1].to, b2.from);
      const oldText = text.slice(startOf(b2.from), startOf(b2.to));
      const newText = applyChanges(oldText, b2.changes, startOf(b2.from));
      const oldLines = split(oldText);
      const newLines = split(newText);
      oldLines.forEach((l, n) => {
        body.push("-" + l);
        if (n === oldLines.length - 1 && !oldText.endsWith("\n") && oldText !== "")
          body.push(NO_EOL);
      });
      newLines.forEach((l, n) => {
        body.push("+" + l);
        if (n === newLines.length - 1 && !newText.endsWith("\n") && newText !== "")
          body.push(NO_EOL);
      });
      newCount += newLines.length;
      hunkDelta += newLines.length - oldLines.length;
    }
    context(blocks[j].to, oldTo);
    const oldCount = oldTo - oldFrom;
    const newFrom = oldFrom + delta;
    if (oldCount !== 0 || newCount !== 0)
      out.push(`@@ -${range(oldFrom, oldCount)} +${range(newFrom, newCount)} @@`, ...body);
    delta += hunkDelta;
    i = j + 1;
  }
  if (out.length === 0) return "";
  const a = quotePath(`a/${path}`);
  const b = quotePath(`b/${path}`);
  return [`diff --git ${a} ${b}`, `--- ${a}`, `+++ ${b}`, ...out].join("\n") + "\n";
}
function range(from, count) {
  return count === 0 ? `${from},0` : count === 1 ? `${from + 1}` : `${from + 1},${count}`;
}
function quotePath(path) {
  if (!/["\\\x00-\x1f\x7f]/.test(path)) return path;
  const named = { "\n": "\\n", "	": "\\t", '"': '\\"', "\\": "\\\\" };
  const body = path.replace(
    /["\\\x00-\x1f\x7f]/g,
    (c) => named[c] ?? `\\${c.charCodeAt(0).toString(8).padStart(3, "0")}`
  );
  return `"${body}"`;
}

// src/report/diff-output.ts
function renderDiffs(findings, read, options) {
  const plan = planFixes(findings);
  const notes = /* @__PURE__ */ new Map();
  const note = (file, line) => {
    notes.set(file, [...notes.get(file) ?? [], `# ${plain(line)}`]);
  };
  for (const { finding, fix } of plan.chosen) {
    const where = `${finding.file}:${finding.line}: ${finding.rule}`;
    note(finding.file, `${where}: ${fix.description}`);
    if (!fix.safe)
      note(finding.file, "  review before applying: not marked safe to apply without review");
  }
  for (const { finding, fix, reason } of plan.skipped)
    note(
      finding.file,
      `${finding.file}:${finding.line}: ${finding.rule}: left out (${reason}): ${fix.description}`
    );
  const texts = /* @__PURE__ */ new Map();
  const textOf = (file) => {
    let t = texts.get(file);
    if (!t) texts.set(file, t = read(file));
    return t;
  };
  const files = [.../* @__PURE__ */ new Set([...notes.keys(), ...plan.editsByFile.keys()])].sort();
  const out = [];
  for (const file of files) {
    out.push(...notes.get(file) ?? []);
    const edits = plan.editsByFile.get(file);
    if (!edits) continue;
    out.push(diffOf(file, edits, textOf) || "# (no change)");
  }
  if (options.allFixes) {
    for (const finding of findings) {
      finding.fixes.slice(1).forEach((fix, i) => {
        out.push(
          `# alternative ${i + 2} of ${finding.fixes.length} for ${plain(`${finding.file}:${finding.line}: ${finding.rule}: ${fix.description}`)}`,
          "#   against the original file, instead of the preferred fix"
        );
        if (!fix.safe)
          out.push("#   review before applying: not marked safe to apply without review");
        const byFile = /* @__PURE__ */ new Map();
        for (const e of fix.edits) byFile.set(e.file, [...byFile.get(e.file) ?? [], e]);
        for (const [file, edits] of [...byFile].sort(([a], [b]) => a < b ? -1 : 1))
          out.push(diffOf(file, edits, textOf) || "# (no change)");
      });
    }
  }
  if (out.length === 0) return "";
  return out.map((s) => s.endsWith("\n") ? s : s + "\n").join("");
}
function diffOf(file, edits, textOf) {
  const text = textOf(file);
  if (!text.ok) return `# ${plain(file)}: no diff: ${plain(text.reason)}`;
  return unifiedDiff(file, text.text, edits);
}

// src/report/rdjson.ts
var SEVERITY3 = {
  error: "ERROR",
  warning: "WARNING",
  notice: "INFO"
};
var SOURCE = { name: "gomemcheck", url: "https://github.com/gomemcheck/gomemcheck" };
function renderRdjson(findings, errors) {
  const diagnostics = findings.map((f) => {
    const fix = f.fixes[0];
    const suggestions = fix && fix.edits.length > 0 && fix.edits.every((e) => e.file === f.file) ? fix.edits.map((e) => ({
      range: {
        start: { line: e.startLine, column: e.startColumn },
        end: { line: e.endLine, column: e.endColumn }
      },
      text: e.text
    })) : void 0;
    return {
      message: f.message,
      location: {
        path: f.file,
        range: {
          start: { line: f.line, column: f.column },
          end: { line: f.endLine, column: f.endColumn }
        }
      },
      severity: SEVERITY3[f.severity],
      source: SOURCE,
      code: { value: f.rule, url: docsUrl(f.rule) },
      ...suggestions ? { suggestions } : {},
      ...f.evidence.length > 0 ? {
        related_locations: f.evidence.map((e) => ({
          message: e.message,
          location: { path: e.file, range: { start: { line: e.line } } }
        }))
      } : {}
    };
  });
  for (const e of errors) {
    diagnostics.push({
      message: `not analysed: ${e.message}`,
      location: {
        path: e.file,
        range: { start: { line: e.line ?? 1, column: 1 }, end: { line: e.line ?? 1, column: 1 } }
      },
      severity: "WARNING",
      source: SOURCE,
      code: { value: "not-analysed", url: SOURCE.url }
    });
  }
  return JSON.stringify({ source: SOURCE, diagnostics }, null, 2) + "\n";
}

// src/sources/write-fix.ts
import {
  chmodSync,
  lstatSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  writeFileSync
} from "node:fs";
import { randomBytes } from "node:crypto";
import { basename, dirname, join, resolve, sep } from "node:path";
function readRepoText(root, file) {
  const abs = resolve(root, file);
  const realRoot = realpathSync(root);
  if (file.startsWith("/") || file.split("/").includes("..") || !abs.startsWith(resolve(root) + sep))
    return { ok: false, reason: "outside the analysed folder" };
  try {
    const parent = realpathSync(dirname(abs));
    if (parent !== realRoot && !parent.startsWith(realRoot + sep))
      return { ok: false, reason: "its folder is reached through a symbolic link" };
    const stats = lstatSync(abs);
    if (!stats.isFile()) return { ok: false, reason: "not a regular file" };
    const bytes = readFileSync(abs);
    const text = bytes.toString("utf8");
    if (!Buffer.from(text, "utf8").equals(bytes))
      return { ok: false, reason: "not valid UTF-8, so it is not rewritten" };
    return { ok: true, text, mode: stats.mode & 4095 };
  } catch (e) {
    return { ok: false, reason: `cannot read: ${fileErrorText(e)}` };
  }
}
function applyFixes(root, plan) {
  const failed = /* @__PURE__ */ new Map();
  const texts = /* @__PURE__ */ new Map();
  for (const file of plan.editsByFile.keys()) {
    const read = readRepoText(root, file);
    if (read.ok) texts.set(file, read);
    else failed.set(file, read.reason);
  }
  const edits = /* @__PURE__ */ new Map();
  for (const { fix } of plan.chosen) {
    if (fix.edits.some((e) => failed.has(e.file))) continue;
    for (const e of fix.edits) edits.set(e.file, [...edits.get(e.file) ?? [], e]);
  }
  let written = 0;
  for (const [file, list] of [...edits].sort(([a], [b]) => a < b ? -1 : 1)) {
    const { text, mode } = texts.get(file);
    const abs = resolve(root, file);
    const temp = join(
      dirname(abs),
      `.${basename(abs)}.gomemcheck-${randomBytes(6).toString("hex")}`
    );
    try {
      writeFileSync(temp, applyFileEdits(text, list), { flag: "wx", mode });
      chmodSync(temp, mode);
      renameSync(temp, abs);
      written++;
    } catch (e) {
      rmSync(temp, { force: true });
      failed.set(file, `cannot write: ${fileErrorText(e)}`);
    }
  }
  const report = [];
  for (const { finding, fix } of plan.chosen) {
    const where = `${finding.file}:${finding.line} (${finding.rule})`;
    const problem = fix.edits.map((e) => failed.get(e.file)).find((r) => r !== void 0);
    report.push(problem ? `not fixed ${where}: ${problem}` : `fixed ${where}: ${fix.description}`);
  }
  const review = plan.skipped.filter((s) => !s.fix.safe);
  for (const { finding, reason } of plan.skipped.filter((s) => s.fix.safe))
    report.push(`not fixed ${finding.file}:${finding.line} (${finding.rule}): ${reason}`);
  if (review.length > 0)
    report.push(
      `${review.length} fix${review.length === 1 ? " needs" : "es need"} review before applying: gomemcheck --diff shows ${review.length === 1 ? "it" : "them"}`
    );
  if (plan.chosen.length === 0 && review.length === 0) report.push("no fixes to apply");
  return { written, report };
}

// src/cli-main.ts
var DOCS = "https://github.com/gomemcheck/gomemcheck#the-cli";
var USAGE = `Usage: gomemcheck [PATH...] [options]

Reviews Go code for memory pitfalls: defer inside loops, and binaries built
with Go 1.12-1.15 that keep RSS at its peak (MADV_FREE) in containers.

PATH is a directory to analyse (default .), or files and directories of one
repository: then only their findings are shown, while go.mod, Dockerfiles and
workflows are read from the repository root (the nearest folder at or above
them with .git; outside git, with go.mod).

Options:
  --format FORMAT   text (default), json, sarif, markdown, rdjson (reviewdog),
                    checkstyle, codeclimate (GitLab Code Quality)
  --base REF        review only what changed since the git REF
  --filter-mode M   with --base: added (default), diff_context, file, nofilter
  --fail-on LEVEL   exit 1 when a finding reaches error (default), warning,
                    notice; never: do not fail on findings
  --diff            print each finding's preferred fix as a unified diff
                    (git apply or patch -p1 applies it)
  --all-fixes       with --diff: also every other fix, each against the
                    original file (for reading, not one patch)
  --fix             apply the fixes marked safe in place, then report what
                    remains (the exit code follows it)
  --config FILE     configuration (default: .gomemcheck.yml at the root)
  --timeout MIN     stop analysing after MIN minutes and report what is done;
                    unfinished files are errors (default 10, 0: no limit)
  --color WHEN      auto (default), always, never; NO_COLOR and FORCE_COLOR
                    are honoured
  -h, --help        show this help
  -v, --version     print the version

Rules (each documented in docs/rules/RULE.md, in the repository and package):
${RULES.map((r) => `  ${r.id}`).join("\n")}

Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it or
files that could not be analysed, 2 usage or configuration error.
Docs: ${DOCS}
`;
var OPTIONS = {
  format: { type: "string" },
  base: { type: "string" },
  "fail-on": { type: "string" },
  "filter-mode": { type: "string" },
  config: { type: "string" },
  diff: { type: "boolean" },
  "all-fixes": { type: "boolean" },
  fix: { type: "boolean" },
  color: { type: "string" },
  timeout: { type: "string" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "v" }
};
async function main(argv, io) {
  if (io.env.GOMEMCHECK_PHASES === "1") recordPhases();
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: OPTIONS });
  } catch (e) {
    io.stderr(`gomemcheck: ${plain(usageError(e))}; gomemcheck --help lists the options
`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(USAGE);
    return 0;
  }
  if (values.version) {
    io.stdout(`gomemcheck ${VERSION}
`);
    return 0;
  }
  try {
    const format = parseChoice("--format", values.format ?? "text", FORMATS);
    const failOn = parseChoice("--fail-on", values["fail-on"] ?? "error", FAIL_ON_VALUES);
    const filterMode = parseChoice(
      "--filter-mode",
      values["filter-mode"] ?? "added",
      FILTER_MODES
    );
    const colorWhen = parseChoice("--color", values.color ?? "auto", [
      "auto",
      "always",
      "never"
    ]);
    if (values["all-fixes"] && !values.diff) throw new ConfigError("--all-fixes goes with --diff");
    if (values["filter-mode"] !== void 0 && values.base === void 0)
      throw new ConfigError("--filter-mode goes with --base (it picks the findings of a change)");
    if (values.diff && values.fix) throw new ConfigError("--diff and --fix: choose one");
    if (values.diff && values.format !== void 0)
      throw new ConfigError("--diff prints a patch: it takes no --format");
    const target = resolveTarget(positionals);
    const config = await loadConfig(target.root, values.config);
    const excluded = await excludeMatcher(config.exclude);
    const timeout = minutes("--timeout", values.timeout);
    const deadline = timeout > 0 ? Date.now() + timeout * 6e4 : void 0;
    const changes = values.base !== void 0 ? changesSince(target.root, values.base) : void 0;
    const colour = useColour(colorWhen, io);
    const listing = () => {
      const found = discover(target.root, [excluded]);
      return {
        // Go files outside the named paths are not read; build context is read in full.
        files: found.files.filter((f) => f.kind !== "go" || target.includes(f.path)),
        errors: found.errors.filter((e) => target.includes(e.file))
      };
    };
    const analyse = async () => {
      const showProgress = io.isTTY && !io.env.CI && format === "text" && !values.diff;
      let lastShown = 0;
      const listed = listing();
      if (!listed.files.some((f) => target.includes(f.path)) && listed.errors.length === 0) {
        io.stderr(
          `gomemcheck: nothing to analyse in ${plain(target.label)}: no Go files, go.mod, Dockerfiles or workflows
`
        );
      }
      const result2 = await run({
        root: target.root,
        config,
        filterMode,
        list: () => listed,
        ...changes ? { changes } : {},
        ...deadline !== void 0 ? { deadline } : {},
        onProgress: showProgress ? (done, total) => {
          const now = Date.now();
          if (total < 200 || now - lastShown < 100 && done < total) return;
          lastShown = now;
          io.stderr(done === total ? "\r\x1B[K" : `\r${done}/${total} Go files`);
        } : void 0
      });
      const shown2 = reported(result2.placed).filter((p) => target.includes(p.finding.file));
      return { result: result2, shown: shown2 };
    };
    let { result, shown } = await analyse();
    if (values.diff) {
      const findings2 = shown.map((p) => p.finding);
      io.stdout(
        renderDiffs(findings2, (file) => readRepoText(target.root, file), {
          allFixes: values["all-fixes"] === true
        })
      );
      return exitCode(findings2, failOn, result.unanalysed);
    }
    if (values.fix) {
      const plan = planFixes(
        shown.map((p) => p.finding),
        (fix) => fix.safe ? void 0 : "needs review: not marked safe (--diff shows it)"
      );
      const outcome = applyFixes(target.root, plan);
      for (const line of outcome.report) io.stderr(`gomemcheck: ${plain(line)}
`);
      if (outcome.written > 0) ({ result, shown } = await analyse());
    }
    const outputStart = performance.now();
    const findings = shown.map((p) => p.finding);
    const errors = result.errors.filter((e) => target.includes(e.file));
    switch (format) {
      case "json":
        io.stdout(jsonSafe(renderJson(findings, errors)));
        break;
      case "sarif":
        io.stdout(jsonSafe(renderSarif(shown, errors, result.sourceLines)));
        break;
      case "markdown":
        io.stdout(terminalSafe(renderMarkdown(findings, errors)));
        break;
      case "rdjson":
        io.stdout(jsonSafe(renderRdjson(findings, errors)));
        break;
      case "checkstyle":
        io.stdout(renderCheckstyle(findings, errors));
        break;
      case "codeclimate":
        io.stdout(jsonSafe(renderCodeClimate(shown, errors)));
        break;
      default:
        io.stdout(
          renderText(findings, errors, {
            colour,
            ...io.isTTY ? { sourceLines: result.sourceLines } : {}
          })
        );
    }
    if (phasesEnabled()) {
      addPhase("output", outputStart);
      io.stderr(phaseReport());
    }
    return exitCode(findings, failOn, result.unanalysed);
  } catch (e) {
    if (e instanceof ConfigError) {
      io.stderr(`gomemcheck: ${plain(e.message)}
`);
      return 2;
    }
    throw e;
  }
}
function exitCode(findings, failOn, unanalysed) {
  if (failOn === "never") return 0;
  return findings.some((f) => atLeast(f.severity, failOn)) || unanalysed.length > 0 ? 1 : 0;
}
function usageError(e) {
  const message = e instanceof Error ? e.message : String(e);
  const code = e.code;
  const option = /'(-[^' ]*)/.exec(message)?.[1];
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && option) {
    const name = option.replace(/^-+/, "").split("=")[0];
    const near = Object.keys(OPTIONS).find((o) => distance(o, name) <= 2);
    return `unknown option ${option}${near ? ` (did you mean --${near}?)` : ""}`;
  }
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE" && option)
    return `option ${option} needs a value`;
  return message.split("\n")[0];
}
function distance(a, b) {
  let row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++)
      next[j] = Math.min(
        row[j] + 1,
        next[j - 1] + 1,
        row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)
      );
    row = next;
  }
  return row[b.length];
}
function useColour(when, io) {
  if (when !== "auto") return when === "always";
  const force = io.env.FORCE_COLOR;
  if (force !== void 0 && force !== "") return !["0", "false"].includes(force);
  if (io.env.NO_COLOR) return false;
  return io.isTTY;
}
function resolveTarget(paths) {
  const named = (paths.length === 0 ? ["."] : paths).map((p) => {
    const abs = resolve2(p);
    let isDir;
    try {
      isDir = statSync(abs).isDirectory();
    } catch {
      throw new ConfigError(`${p}: no such file or directory`);
    }
    return { arg: p, abs, isDir };
  });
  if (named.length === 1 && named[0].isDir) {
    return { root: named[0].abs, label: named[0].arg, includes: () => true };
  }
  const dirs = named.map((n) => n.isDir ? n.abs : dirname2(n.abs));
  let common = dirs[0];
  for (const d of dirs.slice(1))
    while (d !== common && !d.startsWith(common.endsWith(sep2) ? common : common + sep2))
      common = dirname2(common);
  const root = projectRoot(common);
  const prefixes = named.map((n) => relative(root, n.abs).split(sep2).join("/"));
  const includes = (path) => prefixes.some((p) => p === "" || path === p || path.startsWith(p + "/"));
  return { root, label: paths.join(" "), includes };
}
function projectRoot(dir) {
  return nearest(dir, ".git") ?? nearest(dir, "go.mod") ?? dir;
}
function nearest(dir, name) {
  for (let d = dir; ; d = dirname2(d)) {
    if (existsSync(resolve2(d, name))) return d;
    if (dirname2(d) === d) return void 0;
  }
}
async function loadConfig(dir, explicit) {
  if (explicit === void 0) {
    const r = readRegularFile(dir, ".gomemcheck.yml");
    if (!r.ok && r.code === "ENOENT") return DEFAULT_FILE_CONFIG;
    if (!r.ok) throw new ConfigError(`.gomemcheck.yml: cannot read: ${r.reason}`);
    return parseConfigFile(".gomemcheck.yml", r.bytes.toString("utf8"));
  }
  const path = resolve2(explicit);
  if (!existsSync(path)) {
    if (explicit !== void 0) throw new ConfigError(`--config ${explicit}: file not found`);
    return DEFAULT_FILE_CONFIG;
  }
  let text;
  try {
    text = readFileSync2(path, "utf8");
  } catch (e) {
    throw new ConfigError(`${explicit ?? ".gomemcheck.yml"}: cannot read: ${e.message}`);
  }
  return parseConfigFile(explicit ?? ".gomemcheck.yml", text);
}

// src/cli.ts
limitHeapGrowth();
main(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  isTTY: Boolean(process.stdout.isTTY && process.stderr.isTTY),
  env: process.env
}).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(
      `gomemcheck: internal error: ${e instanceof Error ? e.stack ?? e.message : String(e)}
`
    );
    process.exitCode = 2;
  }
);
