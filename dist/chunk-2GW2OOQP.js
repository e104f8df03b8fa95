import { createRequire as __gmcCreateRequire } from "node:module"; const require = __gmcCreateRequire(import.meta.url);
import {
  loadGoParser
} from "./chunk-34TGGC2O.js";
import {
  findDeferCandidates,
  mayHaveDeferInLoop,
  warmLexer
} from "./chunk-OJL2LTWI.js";
import {
  ConfigError,
  excludeMatcher
} from "./chunk-USTWNQNG.js";
import {
  analyzeGoDebugDirective,
  mayHaveGoDebugDirective
} from "./chunk-GK3GWJSX.js";
import {
  utf8Length
} from "./chunk-52F24W3R.js";
import {
  RULES,
  SEVERITY_RANK,
  compareErrors,
  compareFindings,
  compareStrings,
  docsUrl,
  ruleInfo
} from "./chunk-BKUHNWMH.js";

// src/heap.ts
import { setFlagsFromString } from "node:v8";
function limitHeapGrowth() {
  setFlagsFromString("--max-semi-space-size=4");
  setFlagsFromString("--semi-space-growth-factor=1");
  setFlagsFromString("--heap-growing-percent=10");
}

// src/parse/diff.ts
var HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;
function parsePatch(patch) {
  const added = /* @__PURE__ */ new Set();
  const hunks = [];
  let newLine = 0;
  let oldLeft = 0;
  let newLeft = 0;
  for (const raw of patch.split("\n")) {
    const line = raw.endsWith("\r") && !raw.startsWith("+") ? raw.slice(0, -1) : raw;
    const header = HUNK_HEADER.exec(line);
    if (header) {
      const hunk = {
        oldStart: Number(header[1]),
        oldLines: header[2] === void 0 ? 1 : Number(header[2]),
        newStart: Number(header[3]),
        newLines: header[4] === void 0 ? 1 : Number(header[4])
      };
      hunks.push(hunk);
      newLine = hunk.newStart;
      oldLeft = hunk.oldLines;
      newLeft = hunk.newLines;
      continue;
    }
    if (hunks.length === 0 || oldLeft <= 0 && newLeft <= 0) continue;
    const mark = line[0];
    if (mark === "+") {
      added.add(newLine);
      newLine++;
      newLeft--;
    } else if (mark === "-") {
      oldLeft--;
    } else if (mark === " " || line === "") {
      newLine++;
      newLeft--;
      oldLeft--;
    }
  }
  return { added, hunks };
}
function inHunks(hunks, line) {
  return hunks.find((h) => line >= h.newStart && line < h.newStart + h.newLines);
}
function parseGitDiff(text) {
  const files = [];
  const sections = text.split(/^diff --git /m).slice(1);
  for (const section of sections) {
    const lines = section.split("\n");
    let oldPath;
    let newPath;
    let status = "modified";
    let binary = false;
    let i = 1;
    for (; i < lines.length && !lines[i].startsWith("@@"); i++) {
      const l = lines[i];
      if (l.startsWith("--- ")) oldPath = stripPrefix(l.slice(4), "a/");
      else if (l.startsWith("+++ ")) newPath = stripPrefix(l.slice(4), "b/");
      else if (l.startsWith("rename from ")) oldPath = unquote(l.slice(12));
      else if (l.startsWith("rename to ")) {
        newPath = unquote(l.slice(10));
        status = "renamed";
      } else if (l.startsWith("new file mode")) status = "added";
      else if (l.startsWith("deleted file mode")) status = "removed";
      else if (l.startsWith("Binary files")) binary = true;
    }
    if (newPath === void 0 || newPath === "/dev/null") {
      const m = /^a\/(.*) b\/(.*)$/.exec(lines[0].trim());
      newPath = status === "removed" ? void 0 : m?.[2] ?? newPath;
      if (status === "removed") {
        files.push({
          path: oldPath ?? m?.[1] ?? "",
          status,
          added: /* @__PURE__ */ new Set(),
          hunks: [],
          wholeFile: false
        });
        continue;
      }
    }
    if (newPath === void 0) continue;
    const { added, hunks } = parsePatch(lines.slice(i).join("\n"));
    files.push({
      path: newPath,
      ...oldPath !== void 0 && oldPath !== newPath && oldPath !== "/dev/null" ? { previousPath: oldPath } : {},
      status,
      added,
      hunks,
      wholeFile: binary
    });
  }
  return files;
}
function stripPrefix(path, prefix) {
  const p = unquote(path.replace(/\t.*$/, ""));
  return p.startsWith(prefix) ? p.slice(prefix.length) : p;
}
function unquote(path) {
  if (!path.startsWith('"')) return path;
  const body = path.slice(1, -1);
  const bytes = [];
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== "\\") {
      bytes.push(...Buffer.from(c, "utf8"));
      continue;
    }
    const next = body[++i];
    if (next === void 0) {
      bytes.push(92);
      break;
    }
    if (/[0-7]/.test(next)) {
      bytes.push(parseInt(body.slice(i, i + 3), 8));
      i += 2;
    } else
      bytes.push(
        { n: 10, t: 9, r: 13, '"': 34, "\\": 92, a: 7, b: 8, f: 12, v: 11 }[next] ?? next.charCodeAt(0)
      );
  }
  return Buffer.from(bytes).toString("utf8");
}

// src/filter.ts
function touches(diff, lines, mode) {
  if (!diff || diff.status === "removed") return false;
  if (mode === "file" || diff.wholeFile) return true;
  if (mode === "added") return lines.some((l) => diff.added.has(l));
  return lines.some((l) => inHunks(diff.hunks, l) !== void 0);
}
function spanLines(finding) {
  const lines = [];
  for (let l = finding.line; l <= Math.max(finding.line, finding.endLine); l++) lines.push(l);
  return lines;
}
function placeFindings(findings, fingerprints2, changes, mode) {
  return findings.map((finding, i) => ({
    ...placeOne(finding, changes, mode),
    fingerprint: fingerprints2[i] ?? ""
  }));
}
function placeOne(finding, changes, mode) {
  if (!changes) return { finding, placement: "body" };
  const own = changes.get(finding.file);
  const scope = ruleInfo(finding.rule).diffScope === "file" && mode !== "nofilter" ? "file" : mode;
  const inChange = mode === "nofilter" || touches(own, spanLines(finding), scope) || finding.evidence.some((e) => touches(changes.get(e.file), [e.line], scope));
  if (!inChange) return { finding, placement: "outside" };
  if (!own || own.status === "removed")
    return { finding, placement: "body", reason: "file not in the diff" };
  if (own.wholeFile)
    return {
      finding,
      placement: "body",
      reason: "no line-by-line diff for this file (new, binary or too large)"
    };
  const hunk = inHunks(own.hunks, finding.line);
  if (!hunk) return { finding, placement: "body", reason: "line not in the diff" };
  return { finding, placement: "inline", hunk };
}
function reported(placed) {
  return placed.filter((p) => p.placement !== "outside");
}

// src/sources/repo-files.ts
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync } from "node:fs";
import { join } from "node:path";
var MAX_FILE_BYTES = 10 * 1024 * 1024;
var SKIPPED_DIRS = /* @__PURE__ */ new Set(["vendor", "testdata", ".git", "node_modules"]);
function inSkippedDir(path) {
  const parts = path.split("/");
  parts.pop();
  return parts.some((p) => SKIPPED_DIRS.has(p));
}
function unsafePathReason(path) {
  if (path === "") return "empty path";
  if (path.includes("\0")) return "path with a NUL byte";
  if (path.startsWith("/") || /^[A-Za-z]:/.test(path)) return "absolute path";
  for (const part of path.split("/")) {
    if (part === "..") return 'path with ".."';
    if (part === "" || part === ".") return "path with an empty or '.' component";
  }
  return void 0;
}
function failure(e) {
  const err = e;
  const code2 = err.code;
  const text = err instanceof Error ? err.message : String(e);
  const message = text.replace(/^[A-Z]+: /, "").replace(/, [a-z]+ '[^']*'(?: -> '[^']*')?$/, "");
  return code2 ? { reason: `${code2}: ${message}`, code: code2 } : { reason: message };
}
function checkRegularFile(root, path, folders) {
  const bad = unsafePathReason(path);
  if (bad) return { ok: false, reason: bad };
  const parts = path.split("/");
  let at = root;
  for (let i = 0; i < parts.length; i++) {
    at = join(at, parts[i]);
    if (i < parts.length - 1 && folders?.has(at)) continue;
    let stats;
    try {
      stats = lstatSync(at);
    } catch (e) {
      return { ok: false, ...failure(e) };
    }
    const last = i === parts.length - 1;
    if (stats.isSymbolicLink()) return { ok: false, reason: "a symlink (not followed)" };
    if (!last && !stats.isDirectory()) return { ok: false, reason: "not inside a folder" };
    if (!last) folders?.add(at);
    if (last && !stats.isFile()) return { ok: false, reason: "not a regular file" };
    if (last) return { ok: true, size: stats.size };
  }
  return { ok: false, reason: "empty path" };
}
function readRegularFile(root, path, maxBytes = MAX_FILE_BYTES, folders) {
  const check = checkRegularFile(root, path, folders);
  if (!check.ok) return check;
  let fd;
  try {
    fd = openSync(
      join(root, path),
      constants.O_RDONLY | constants.O_NOFOLLOW | (constants.O_NONBLOCK ?? 0)
    );
  } catch (e) {
    return { ok: false, ...failure(e) };
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) return { ok: false, reason: "not a regular file" };
    if (stats.size > maxBytes) return { ok: false, reason: "too large", tooLarge: stats.size };
    const buffer = Buffer.allocUnsafe(Math.min(stats.size, maxBytes) + 1);
    let length = 0;
    while (length < buffer.length) {
      const wanted = buffer.length - length;
      const n = readSync(fd, buffer, length, wanted, null);
      length += n;
      if (n < wanted) break;
    }
    if (length > maxBytes) return { ok: false, reason: "too large", tooLarge: length };
    return { ok: true, bytes: buffer.subarray(0, length) };
  } catch (e) {
    return { ok: false, ...failure(e) };
  } finally {
    closeSync(fd);
  }
}
function blobId(bytes) {
  return createHash("sha1").update(`blob ${bytes.byteLength}\0`).update(bytes).digest("hex");
}
var GIT_SAFE = [
  "-c",
  "core.fsmonitor=false",
  "-c",
  "diff.external=",
  "-c",
  "core.pager=cat"
];
function runGit(cwd, args, input) {
  const r = spawnSync("git", [...GIT_SAFE, ...args], {
    cwd,
    encoding: "buffer",
    maxBuffer: 1024 * 1024 * 1024,
    ...input !== void 0 ? { input } : {},
    env: { ...process.env, GIT_TERMINAL_PROMPT: "0", GIT_OPTIONAL_LOCKS: "0" }
  });
  if (r.error) return { ok: false, message: r.error.message };
  if (r.status !== 0) {
    const first = r.stderr.toString("utf8").trim().split("\n")[0] ?? "";
    return { ok: false, message: first.slice(0, 200) || `exit ${r.status}` };
  }
  return { ok: true, out: r.stdout };
}
function gitTreeFiles(root, commit, prefix = "") {
  if (!/^[0-9a-f]{40}([0-9a-f]{24})?$/i.test(commit)) return void 0;
  const treeish = prefix === "" ? `${commit}^{tree}` : `${commit}:${prefix}`;
  const r = runGit(root, ["ls-tree", "-r", "-z", "--long", "--full-tree", treeish]);
  if (!r.ok) return void 0;
  const out = [];
  for (const entry of r.out.toString("utf8").split("\0")) {
    const m = /^(\d{6}) (\w+) ([0-9a-f]+) +(\d+|-)\t(.+)$/s.exec(entry);
    if (!m || m[2] !== "blob" || m[1] !== "100644" && m[1] !== "100755") continue;
    out.push({ path: m[5], mode: m[1], sha: m[3], size: Number(m[4]) });
  }
  return out;
}
function gitBlob(root, sha, maxBytes = MAX_FILE_BYTES) {
  if (!/^[0-9a-f]{40}([0-9a-f]{24})?$/i.test(sha)) return { ok: false, reason: "bad blob id" };
  const size = runGit(root, ["cat-file", "-s", sha]);
  if (!size.ok) return { ok: false, reason: "not in the local history" };
  const n = Number(size.out.toString("utf8").trim());
  if (n > maxBytes) return { ok: false, reason: "too large", tooLarge: n };
  const r = runGit(root, ["cat-file", "blob", sha]);
  return r.ok ? { ok: true, bytes: r.out } : { ok: false, reason: "not in the local history" };
}
function gitFileAt(root, commit, path) {
  const bad = unsafePathReason(path);
  if (bad) return { ok: false, reason: bad };
  if (!/^[0-9a-f]{40}([0-9a-f]{24})?$/i.test(commit)) return { ok: false, reason: "bad commit" };
  const r = runGit(root, ["ls-tree", "-z", "--long", "--full-tree", commit, "--", path]);
  if (!r.ok) return { ok: false, reason: "not in the local history" };
  const entry = r.out.toString("utf8").split("\0")[0] ?? "";
  const m = /^(\d{6}) (\w+) ([0-9a-f]+) +(\d+|-)\t(.+)$/s.exec(entry);
  if (!m || m[5] !== path) return { ok: false, reason: "absent" };
  if (m[1] === "120000") return { ok: false, reason: "a symlink (not followed)" };
  if (m[2] !== "blob" || m[1] !== "100644" && m[1] !== "100755")
    return { ok: false, reason: "not a regular file" };
  return { ok: true, blob: { path, mode: m[1], sha: m[3], size: Number(m[4]) } };
}

// src/sources/workspace.ts
import { spawnSync as spawnSync2 } from "node:child_process";
import { lstatSync as lstatSync2, readdirSync } from "node:fs";
import { join as join2 } from "node:path";
function classify(path) {
  const slash = path.lastIndexOf("/");
  const name = path.slice(slash + 1);
  if (name.endsWith(".go")) return "go";
  if (name === "go.mod") return "gomod";
  if (name === "Dockerfile" || name === "Containerfile" || name.startsWith("Dockerfile.") || name.startsWith("Containerfile.") || name.endsWith(".dockerfile") || name.endsWith(".Dockerfile")) {
    return "dockerfile";
  }
  if (name === ".go-version" || name === ".tool-versions") return "goversion";
  if (/^\.github\/workflows\/[^/]+\.ya?ml$/.test(path) || /(^|\/)\.github\/workflows\/[^/]+\.ya?ml$/.test(path)) {
    return "workflow";
  }
  if (/\.ya?ml$/i.test(name) && !/(^|\/)\.github\//.test(path) || /\.(service|sh|env|mk)$/.test(name) || /^(\.env(\..*)?|Makefile)$/.test(name) || /^[\w-]*entrypoint[\w-]*$/i.test(name) || /\.service\.d\/[^/]+\.conf$/.test(path) || /(^|\/)etc\/(.*\/)?([^/.]+|[^/]+\.(conf|env))$/.test(path)) {
    return "run";
  }
  return void 0;
}
function discover(root, exclude = []) {
  const errors = [];
  const { paths: listed, refused } = gitListFiles(root);
  if (refused)
    errors.push({
      file: ".",
      message: "git refuses to read this checkout (it is owned by another user; see git's safe.directory), so .gitignore is not applied: ignored files are analysed too"
    });
  const files = [];
  if (!listed) {
    for (const path of walk(root, errors)) {
      const kind = classify(path);
      if (!kind || inSkippedDir(path) || exclude.some((re) => re.test(path))) continue;
      files.push({ path, kind });
    }
  }
  for (const path of listed ?? []) {
    const kind = classify(path);
    if (!kind || inSkippedDir(path) || exclude.some((re) => re.test(path))) continue;
    let stats;
    try {
      stats = lstatSync2(join2(root, path));
    } catch (e) {
      if (e.code !== "ENOENT")
        errors.push({ file: path, message: `cannot read: ${fileErrorText(e)}` });
      continue;
    }
    if (!stats.isFile()) continue;
    files.push({ path, kind, size: stats.size });
  }
  files.sort((a, b) => a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  return { files, errors, usedGit: listed !== void 0 };
}
function gitListFiles(root) {
  const result = spawnSync2(
    "git",
    // fsmonitor could run a program from the repository: off. git's ownership guard stays on: a
    // checkout owned by another user is walked instead (without .gitignore).
    ["-c", "core.fsmonitor=false", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
    { cwd: root, encoding: "buffer", maxBuffer: 512 * 1024 * 1024 }
  );
  if (result.status !== 0 || !result.stdout) {
    const refused = /dubious ownership/.test(result.stderr?.toString("utf8") ?? "");
    return { paths: void 0, refused };
  }
  const out = result.stdout.toString("utf8");
  const paths = out.split("\0").filter((p) => p.length > 0);
  return { paths: [...new Set(paths)], refused: false };
}
function walk(root, errors) {
  const out = [];
  const stack = [""];
  while (stack.length > 0) {
    const dir = stack.pop();
    let entries;
    try {
      entries = readdirSync(join2(root, dir), { withFileTypes: true });
    } catch (e) {
      errors.push({
        file: dir === "" ? "." : dir,
        message: `cannot list folder: ${fileErrorText(e)}`
      });
      continue;
    }
    for (const entry of entries) {
      const path = dir === "" ? entry.name : `${dir}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) stack.push(path);
      } else if (entry.isFile()) out.push(path);
    }
  }
  return out;
}
function tooLarge(path, size) {
  return {
    ok: false,
    skipped: true,
    error: {
      file: path,
      message: `skipped: ${(size / 1024 / 1024).toFixed(1)} MB is over the ${MAX_FILE_BYTES / 1024 / 1024} MB limit (generated code?); exclude it in .gomemcheck.yml to silence this`
    }
  };
}
function readText(root, file, folders) {
  if ((file.size ?? 0) > MAX_FILE_BYTES) return tooLarge(file.path, file.size ?? 0);
  const r = readRegularFile(root, file.path, MAX_FILE_BYTES, folders);
  if (!r.ok) {
    if (r.tooLarge !== void 0) return tooLarge(file.path, r.tooLarge);
    return { ok: false, error: { file: file.path, message: `cannot read: ${r.reason}` } };
  }
  return decodeText(file.path, r.bytes);
}
function decodeText(path, bytes) {
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    const line = countNewlines(bytes, nul) + 1;
    return {
      ok: false,
      skipped: true,
      error: { file: path, line, message: "skipped: binary file (NUL byte), not text" }
    };
  }
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = buffer.toString("utf8");
  if (text.includes("\uFFFD")) {
    const bad = firstDifference(Buffer.from(text, "utf8"), buffer);
    if (bad !== -1) {
      return {
        ok: true,
        text,
        warning: {
          file: path,
          line: countNewlines(bytes, bad) + 1,
          message: "invalid UTF-8 (Go rejects such a file): analysed with replacement characters, so columns after the bad bytes on this line may be off"
        }
      };
    }
  }
  return { ok: true, text };
}
function firstDifference(a, b) {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}
function countNewlines(bytes, end) {
  let n = 0;
  for (let i = 0; i < end; i++) if (bytes[i] === 10) n++;
  return n;
}
function errorText(e) {
  if (e instanceof Error) {
    const code2 = e.code;
    return code2 ? `${code2}: ${e.message.replace(/^[A-Z]+: /, "")}` : e.message;
  }
  return String(e);
}
function fileErrorText(e) {
  return errorText(e).replace(/, [a-z]+ '[^']*'(?: -> '[^']*')?$/, "");
}

// src/phases.ts
var totals = {};
var counts = {};
var enabled = false;
function recordPhases() {
  enabled = true;
  totals.startup = performance.now();
}
function phasesEnabled() {
  return enabled;
}
function addPhase(phase, since) {
  const now = performance.now();
  if (enabled) totals[phase] = (totals[phase] ?? 0) + (now - since);
  return now;
}
function addCount(name, n) {
  if (enabled) counts[name] = (counts[name] ?? 0) + n;
}
function phaseReport() {
  const out = {};
  const parts = { ...totals, examine: (totals.examine ?? 0) - (totals.parse ?? 0) };
  for (const [k, v] of Object.entries(parts)) out[k] = Math.round(v * 10) / 10;
  Object.assign(out, counts);
  const mem = process.memoryUsage();
  for (const k of ["rss", "heapTotal", "heapUsed", "external", "arrayBuffers"])
    out[`${k}MB`] = Math.round(mem[k] / 1e5) / 10;
  return `gomemcheck-phases ${JSON.stringify(out)}
`;
}

// src/analyze-go.ts
import { isUtf8 } from "node:buffer";

// src/analyzers/runtime/run/go-setenv.ts
function mayHaveGoDebugSetenv(text) {
  return text.includes("Setenv") && text.includes("GODEBUG") && text.includes("madvdontneed");
}
function analyzeGoDebugSetenv(file) {
  const findings = [];
  if (!/^\s*package\s+main\b/m.test(file.text)) return { findings, errors: [] };
  if (/\b(syscall|unix)\.Exec\(/.test(file.text)) return { findings, errors: [] };
  const lines = file.text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? "").replace(/\r$/, "");
    const m = /\b(os|syscall)\.Setenv\(\s*"GODEBUG"\s*,\s*(.*)$/.exec(line);
    if (!m || !/madvdontneed/.test(m[2] ?? "") || /^\s*\/\//.test(line)) continue;
    const col = utf8Length(line, 0, m.index) + 1;
    const value = /^"([^"\\]*)"/.exec(m[2] ?? "")?.[1];
    findings.push({
      rule: "godebug-set-too-late",
      severity: "notice",
      file: file.path,
      line: i + 1,
      column: col,
      endLine: i + 1,
      endColumn: utf8Length(line) + 1,
      message: `${m[1]}.Setenv("GODEBUG", ${value !== void 0 ? `"${value}"` : "\u2026"}) changes the environment after the Go runtime has started: the runtime reads madvdontneed only when the process starts (a later change re-parses only a few other settings), so this never takes effect. Set GODEBUG=madvdontneed=1 where the binary is started (Dockerfile ENV, Kubernetes env, Compose environment, systemd Environment=, or the launch script).`,
      evidence: [],
      fixes: []
    });
  }
  return { findings, errors: [] };
}

// src/analyze-go.ts
function prefilterEnabled() {
  return process.env.GOMEMCHECK_PREFILTER !== "off";
}
var DEFER = Buffer.from("defer");
var GO_DEBUG = Buffer.from("//go:debug");
var SETENV = Buffer.from("Setenv");
function screenGoFile(path, bytes, prefilter = prefilterEnabled()) {
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const findings = [];
  const errors = [];
  const clean = buffer.indexOf(0) === -1 && isUtf8(buffer);
  let text;
  if (!clean) {
    const outcome = decodeText(path, buffer);
    if (!outcome.ok) return { done: { findings, errors: [outcome.error], unread: true } };
    if (outcome.warning) errors.push(outcome.warning);
    text = outcome.text;
  }
  const hasDefer = buffer.indexOf(DEFER) !== -1;
  const hasGoDebug = buffer.indexOf(GO_DEBUG) !== -1;
  const hasSetenv = buffer.indexOf(SETENV) !== -1;
  if (!hasDefer && !hasGoDebug && !hasSetenv) return { done: { findings, errors } };
  const file = () => ({ path, text: text ??= buffer.toString("utf8") });
  if (hasGoDebug && mayHaveGoDebugDirective(file().text)) {
    const r = analyzeGoDebugDirective(file());
    findings.push(...r.findings);
    errors.push(...r.errors);
  }
  if (hasSetenv && mayHaveGoDebugSetenv(file().text))
    findings.push(...analyzeGoDebugSetenv(file()).findings);
  const done = () => ({
    done: findings.length > 0 ? { findings, errors, text: file().text } : { findings, errors }
  });
  if (!hasDefer) return done();
  if (!prefilter || !clean) {
    const { text: all2 } = file();
    if (!mayHaveDeferInLoop(all2)) return done();
    return { pending: { path, text: all2, cut: [], findings, errors } };
  }
  const candidates = findDeferCandidates(buffer);
  if (candidates.defers.length === 0 && !candidates.anomaly) return done();
  const { text: all } = file();
  const ascii = all.length === buffer.length;
  const cut = ascii ? candidates.cuttable : toStringOffsets(buffer, candidates.cuttable);
  const marked = ascii ? candidates.defers : toStringOffsets(
    buffer,
    candidates.defers.map((at) => [at, at])
  ).map(([at]) => at);
  return { pending: { path, text: all, cut, candidates: marked, findings, errors } };
}
function toStringOffsets(bytes, ranges) {
  const out = [];
  let units = 0;
  let at = 0;
  const advance = (to) => {
    for (; at < to; at++) {
      const b = bytes[at];
      if ((b & 192) !== 128) units += b >= 240 ? 2 : 1;
    }
    return units;
  };
  for (const [start, end] of ranges) out.push([advance(start), advance(end)]);
  return out;
}

// src/parallel.ts
import { availableParallelism } from "node:os";
var PARALLEL_MIN_BYTES = 2 * 1024 * 1024;
var MIN_CORES_FOR_WORKERS = 4;
var MAX_WORKERS = 1;
var BATCH_FILES = 64;
var BATCH_BYTES = 1024 * 1024;
var QUEUED_PER_WORKER = 2;
var RECYCLE_BYTES = 24 * 1024 * 1024;
function parsedBytes(file) {
  let n = file.text.length;
  for (const [start, end] of file.cut) n -= end - start;
  return n;
}
function workersAvailable() {
  return !import.meta.url.endsWith(".ts");
}
function workerThreshold() {
  if (!workersAvailable()) return void 0;
  const forced = process.env.GOMEMCHECK_WORKERS;
  if (forced === "on") return 0;
  if (forced === "off" || availableParallelism() < MIN_CORES_FOR_WORKERS) return void 0;
  return PARALLEL_MIN_BYTES;
}
function workerUrl() {
  return new URL("./worker.js", import.meta.url);
}
function startParsePool(options) {
  const queue = [];
  let current = { files: [], at: [], bytes: 0 };
  const out = { results: /* @__PURE__ */ new Map(), failed: [], late: [] };
  const lanes = [];
  let finishing = false;
  let done = 0;
  let wake = () => void 0;
  let arrived = new Promise((resolve) => wake = resolve);
  const signal = () => {
    const woken = wake;
    arrived = new Promise((resolve) => wake = resolve);
    woken();
  };
  const late = () => options.deadline !== void 0 && Date.now() > options.deadline;
  const take = async () => {
    for (; ; ) {
      if (late()) {
        for (const b of queue.splice(0)) out.late.push(...b.at);
        return void 0;
      }
      const batch = queue.shift();
      if (batch) return batch;
      if (finishing) return void 0;
      await arrived;
    }
  };
  const send = (worker, batch) => new Promise((resolve) => {
    const answered = (response) => {
      stop();
      resolve(response);
    };
    const died = () => {
      stop();
      resolve(void 0);
    };
    const stop = () => {
      worker.off("message", answered);
      worker.off("exit", died);
      worker.off("error", died);
    };
    worker.on("message", answered);
    worker.on("exit", died);
    worker.on("error", died);
    worker.postMessage(batch.files);
  });
  const lane = async () => {
    const threads = await import("node:worker_threads");
    let worker;
    let bytes = 0;
    for (let batch = await take(); batch; batch = await take()) {
      if (worker && bytes >= RECYCLE_BYTES) {
        await worker.terminate();
        worker = void 0;
      }
      if (!worker) {
        worker = new threads.Worker(workerUrl());
        worker.on("error", () => void 0);
        bytes = 0;
      }
      bytes += batch.bytes;
      const response = await send(worker, batch);
      if (response && response.length === batch.files.length) {
        response.forEach((r, k) => out.results.set(batch.at[k], r));
      } else {
        batch.files.forEach((file, k) => out.failed.push({ file, at: batch.at[k] }));
        await worker.terminate();
        worker = void 0;
      }
      done += batch.files.length;
      options.onProgress?.(done);
    }
    if (worker) await worker.terminate();
  };
  const flush = () => {
    if (current.files.length === 0) return;
    queue.push(current);
    current = { files: [], at: [], bytes: 0 };
    while (lanes.length < MAX_WORKERS) lanes.push(lane());
    signal();
  };
  return {
    offer(file, at) {
      if (queue.length >= MAX_WORKERS * QUEUED_PER_WORKER) return false;
      current.files.push(file);
      current.at.push(at);
      current.bytes += parsedBytes(file);
      if (current.files.length >= BATCH_FILES || current.bytes >= BATCH_BYTES) flush();
      return true;
    },
    async finish() {
      flush();
      finishing = true;
      signal();
      await Promise.all(lanes);
      return out;
    }
  };
}

// src/fingerprint.ts
import { createHash as createHash2 } from "node:crypto";
function fingerprints(findings, lineText) {
  const seen = /* @__PURE__ */ new Map();
  return findings.map((f) => {
    const code2 = (lineText(f.file, f.line) ?? "").trim().replace(/\s+/g, " ");
    const key = `${f.rule}\0${f.file}\0${code2}`;
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    return createHash2("sha256").update(`${key}\0${n}`).digest("hex").slice(0, 20);
  });
}

// src/suppress.ts
var GO_NOLINT = /\/\/\s*nolint(?::([\w,\s-]+))?/;
var IGNORE = /(?:\/\/|#)\s*gomemcheck:ignore(?:\s+([\w,-]+))?/;
function suppressedOn(line, isGo) {
  const rules = /* @__PURE__ */ new Set();
  if (isGo) {
    const nolint = GO_NOLINT.exec(line);
    if (nolint) {
      if (!nolint[1]) rules.add("*");
      for (const name of (nolint[1] ?? "").split(",")) {
        const n = name.trim().split(/\s/)[0];
        if (n === "gomemcheck") rules.add("*");
        else if (n) rules.add(n);
      }
    }
  }
  const ignore = IGNORE.exec(line);
  if (ignore) {
    if (!ignore[1] || ignore[1] === "all") rules.add("*");
    for (const r of (ignore[1] ?? "").split(",")) if (r) rules.add(r);
  }
  return rules.size > 0 ? rules : void 0;
}
function applySuppressions(findings, linesOf) {
  return findings.filter((f) => {
    const lines = linesOf(f.file);
    if (!lines) return true;
    const isGo = f.file.endsWith(".go") || f.file.endsWith("go.mod");
    for (const n of [f.line, f.line - 1]) {
      const text = lines[n - 1];
      if (text === void 0) continue;
      if (n !== f.line && !/^\s*(\/\/|#)/.test(text)) continue;
      const rules = suppressedOn(text, isGo);
      if (rules && (rules.has("*") || rules.has(f.rule))) return false;
    }
    return true;
  });
}

// src/sources/read-bytes.ts
import { closeSync as closeSync2, constants as constants2, fstatSync as fstatSync2, openSync as openSync2, readSync as readSync2 } from "node:fs";
import { join as join3 } from "node:path";
var scratch = Buffer.allocUnsafe(1024 * 1024);
function readBytes(root, file) {
  const tooLarge2 = (size) => ({
    ok: false,
    skipped: true,
    error: {
      file: file.path,
      message: `skipped: ${(size / 1024 / 1024).toFixed(1)} MB is over the ${MAX_FILE_BYTES / 1024 / 1024} MB limit (generated code?); exclude it in .gomemcheck.yml to silence this`
    }
  });
  if ((file.size ?? 0) > MAX_FILE_BYTES) return tooLarge2(file.size ?? 0);
  let fd;
  try {
    fd = openSync2(join3(root, file.path), constants2.O_RDONLY | NOFOLLOW | constants2.O_NONBLOCK);
    const stats = fstatSync2(fd);
    if (!stats.isFile()) throw Object.assign(new Error("not a regular file"), { code: "EINVAL" });
    if (stats.size > MAX_FILE_BYTES) return tooLarge2(stats.size);
    if (stats.size + 1 > scratch.length)
      scratch = Buffer.allocUnsafe(stats.size + 1 + (stats.size >> 1));
    let length = 0;
    for (; ; ) {
      if (length === scratch.length) {
        const bigger = Buffer.allocUnsafe(scratch.length * 2);
        scratch.copy(bigger, 0, 0, length);
        scratch = bigger;
      }
      const wanted = scratch.length - length;
      const n = readSync2(fd, scratch, length, wanted, null);
      length += n;
      if (length > MAX_FILE_BYTES) return tooLarge2(length);
      if (n < wanted) break;
    }
    return { ok: true, bytes: scratch.subarray(0, length) };
  } catch (e) {
    return { ok: false, error: { file: file.path, message: `cannot read: ${fileErrorText(e)}` } };
  } finally {
    if (fd !== void 0) closeSync2(fd);
  }
}
var NOFOLLOW = constants2.O_NOFOLLOW ?? 0;

// src/run.ts
var WARM_MIN_GO_FILES = 64;
async function run(options) {
  const { config } = options;
  let clock = performance.now();
  const exclude = [await excludeMatcher(config.exclude)];
  const listing = options.list ? options.list() : discover(options.root, exclude);
  clock = addPhase("discovery", clock);
  const errors = [...listing.errors];
  const unanalysed = new Set(listing.unanalysed ?? []);
  const late = () => options.deadline !== void 0 && Date.now() > options.deadline;
  const timedOut = (path) => {
    unanalysed.add(path);
    errors.push({ file: path, message: "the run's time limit was reached first" });
  };
  const failed = (path, e) => {
    unanalysed.add(path);
    errors.push({ file: path, message: `analysis failed: ${failureText(e)}` });
  };
  const folders = /* @__PURE__ */ new Set();
  const read = options.read ?? ((file) => readText(options.root, file, folders));
  const texts = /* @__PURE__ */ new Map();
  const build = emptyBuildInputs();
  const goFiles = [];
  let analysed = 0;
  for (const file of listing.files) {
    if (file.kind !== "go") continue;
    build.goPaths.push(file.path);
    if (!config.tests && file.path.endsWith("_test.go")) continue;
    if (options.changes && !isChanged(options.changes, file.path)) continue;
    goFiles.push(file);
  }
  let finisherLoad;
  const loadFinisher = () => finisherLoad ??= startFinisher();
  if (goFiles.length >= WARM_MIN_GO_FILES && prefilterEnabled()) {
    warmLexer();
    loadFinisher().catch(() => void 0);
  }
  for (const file of listing.files) {
    if (file.kind === "go") continue;
    if (late()) {
      timedOut(file.path);
      continue;
    }
    let outcome;
    try {
      outcome = await read(file);
    } catch (e) {
      failed(file.path, e);
      continue;
    }
    if (!outcome.ok) {
      if (file.kind !== "run") {
        errors.push(outcome.error);
        if (!outcome.skipped) unanalysed.add(file.path);
      }
      continue;
    }
    analysed++;
    if (outcome.warning) errors.push(outcome.warning);
    texts.set(file.path, outcome.text);
    addBuildFile(build, file.kind, { path: file.path, text: outcome.text });
  }
  const buildStart = clock;
  let buildClock = addPhase("buildRead", clock);
  const findings = [];
  const today = options.today ?? /* @__PURE__ */ new Date();
  const buildFiles = [
    ...build.goMods,
    ...build.dockerfiles,
    ...build.workflows,
    ...build.versionFiles,
    ...build.runFiles ?? []
  ];
  let rules;
  let verdicts;
  if (late()) {
    for (const f of buildFiles) timedOut(f.path);
    analysed -= buildFiles.length;
  } else if (buildFiles.length > 0) {
    try {
      rules = await import("./rules-TNR2MHPR.js");
      await rules.prepareBuilds(build);
      buildClock = addPhase("buildLoad", buildClock);
      const buildResult = rules.analyzeBuilds(build, { today });
      findings.push(...buildResult.findings);
      errors.push(...buildResult.errors);
      verdicts = buildResult.verdicts;
      for (const path of buildResult.failed ?? []) unanalysed.add(path);
      addPhase("buildAnalyse", buildClock);
    } catch (e) {
      for (const f of buildFiles) failed(f.path, e);
    }
  }
  addPhase("build", buildStart);
  const results = new Array(goFiles.length);
  const goLines = /* @__PURE__ */ new Map();
  const keep = (path, result) => {
    if (result.text === void 0) return settled(result);
    goLines.set(path, coveredLines(path, result.text, result.findings));
    return { ...result, text: void 0 };
  };
  const threshold = workerThreshold();
  let pool;
  let offered = 0;
  let fromPool = 0;
  const progress = (screened) => options.onProgress?.(screened - offered + fromPool, goFiles.length);
  let parsed = 0;
  let finisher;
  for (let i = 0; i < goFiles.length; i++) {
    const start = performance.now();
    const file = goFiles[i];
    if (late()) {
      results[i] = timedOutResult(file.path);
      continue;
    }
    let screened;
    try {
      screened = await screen(file, options, errors);
    } catch (e) {
      results[i] = failedResult(file.path, e);
      continue;
    }
    const screenedAt = addPhase("screen", start);
    if ("done" in screened) results[i] = keep(file.path, screened.done);
    else if (threshold !== void 0 && parsed >= threshold && await offer(screened.pending, i)) {
      offered++;
    } else {
      parsed += parsedBytes(screened.pending);
      finisher ??= await loadFinisher();
      results[i] = keep(file.path, finishSafely(screened.pending, finisher));
      addPhase("examine", screenedAt);
    }
    progress(i + 1);
  }
  async function offer(pending, at) {
    pool ??= startParsePool({
      ...options.deadline !== void 0 ? { deadline: options.deadline } : {},
      onProgress: (done) => {
        fromPool = done;
      }
    });
    if (pool.offer(pending, at)) return true;
    await new Promise((resolve) => setImmediate(resolve));
    return pool.offer(pending, at);
  }
  if (pool) {
    const start = performance.now();
    const done = await pool.finish();
    for (const [at, result] of done.results) results[at] = keep(goFiles[at].path, result);
    addCount("workerFiles", done.results.size);
    for (const at of done.late) results[at] = timedOutResult(goFiles[at].path);
    for (const { file, at } of done.failed) {
      if (late()) results[at] = timedOutResult(file.path);
      else {
        finisher ??= await loadFinisher();
        results[at] = keep(file.path, finishSafely(file, finisher));
      }
    }
    progress(goFiles.length);
    addPhase("examine", start);
  }
  for (let i = 0; i < goFiles.length; i++) {
    const file = goFiles[i];
    const result = results[i];
    if (result.failed) unanalysed.add(file.path);
    if (!result.unread) analysed++;
    findings.push(...result.findings);
    errors.push(...result.errors);
  }
  const split = /* @__PURE__ */ new Map();
  const sourceLines = (file) => {
    const go = goLines.get(file);
    if (go) return go;
    let lines = split.get(file);
    const text = texts.get(file);
    if (!lines && text !== void 0) split.set(file, lines = text.split("\n"));
    return lines;
  };
  const configured = applyRuleSettings(
    verdicts && rules ? rules.settleSetTooLate(findings, verdicts) : findings,
    config
  );
  const kept = applySuppressions(configured, sourceLines).sort(compareFindings);
  errors.sort(compareErrors);
  const shownErrors = capErrors(errors);
  const lineOf = (file, line) => sourceLines(file)?.[line - 1];
  return {
    findings: kept,
    placed: placeFindings(kept, fingerprints(kept, lineOf), options.changes, options.filterMode),
    errors: shownErrors,
    filesAnalysed: analysed,
    unanalysed: [...unanalysed].sort(),
    sourceLines
  };
}
function unreadResult(error, skipped) {
  return { findings: [], errors: [error], unread: true, ...skipped ? {} : { failed: true } };
}
function timedOutResult(path) {
  return {
    findings: [],
    errors: [{ file: path, message: "the run's time limit was reached first" }],
    unread: true,
    failed: true
  };
}
function failedResult(path, e) {
  return {
    findings: [],
    errors: [{ file: path, message: `analysis failed: ${failureText(e)}` }],
    unread: true,
    failed: true
  };
}
function finishSafely(pending, finisher) {
  try {
    return finisher.finish(pending, finisher.parser);
  } catch (e) {
    return { ...failedResult(pending.path, e), unread: false };
  }
}
async function screen(file, options, errors) {
  if (options.read) {
    const outcome2 = await options.read(file);
    if (!outcome2.ok) return { done: unreadResult(outcome2.error, outcome2.skipped) };
    if (outcome2.warning) errors.push(outcome2.warning);
    return screenGoFile(file.path, Buffer.from(outcome2.text, "utf8"));
  }
  const outcome = readBytes(options.root, file);
  if (!outcome.ok) return { done: unreadResult(outcome.error, outcome.skipped) };
  return screenGoFile(file.path, outcome.bytes);
}
var NOTHING = Object.freeze({
  findings: Object.freeze([]),
  errors: Object.freeze([])
});
function settled(result) {
  const empty = result.findings.length === 0 && result.errors.length === 0 && !result.unread && !result.failed && result.text === void 0;
  return empty ? NOTHING : result;
}
function coveredLines(path, text, findings) {
  const all = text.split("\n");
  const out = new Array(all.length);
  const cover = (from, to) => {
    for (let n = Math.max(1, from); n <= Math.min(to, all.length); n++) {
      if (out[n - 1] === void 0) out[n - 1] = Buffer.from(all[n - 1], "utf8").toString("utf8");
    }
  };
  for (const f of findings) {
    cover(f.line - 1, f.line);
    cover(f.endLine, f.endLine);
    for (const fix of f.fixes)
      for (const e of fix.edits) if (e.file === path) cover(e.startLine, e.endLine);
  }
  return out;
}
async function startFinisher() {
  const [parser, { finishGoFile }] = await Promise.all([loadGoParser(), import("./finish-go-TX4J4RDP.js")]);
  return { parser: timed(parser), finish: finishGoFile };
}
function timed(parser) {
  if (!phasesEnabled()) return parser;
  return {
    parse(text, cut) {
      const start = performance.now();
      const tree = parser.parse(text, cut);
      addPhase("parse", start);
      return tree;
    }
  };
}
function emptyBuildInputs() {
  return {
    goMods: [],
    dockerfiles: [],
    workflows: [],
    versionFiles: [],
    runFiles: [],
    goPaths: []
  };
}
function addBuildFile(build, kind, file) {
  if (kind === "go") build.goPaths?.push(file.path);
  else if (kind === "gomod") build.goMods.push(file);
  else if (kind === "dockerfile") build.dockerfiles.push(file);
  else if (kind === "workflow") build.workflows.push(file);
  else if (kind === "run") build.runFiles?.push(file);
  else build.versionFiles.push(file);
}
function isChanged(changes, path) {
  const diff = changes.get(path);
  return diff !== void 0 && diff.status !== "removed";
}
function applyRuleSettings(findings, config) {
  const out = [];
  for (const f of findings) {
    const settings = config.rules[f.rule];
    if (settings && !settings.enabled) continue;
    out.push(settings?.severity ? { ...f, severity: settings.severity } : f);
  }
  return out;
}
var MAX_ERRORS_PER_FILE = 20;
var MAX_MESSAGE_CHARS = 500;
function capErrors(errors) {
  const out = [];
  for (let i = 0; i < errors.length; ) {
    let j = i;
    while (j < errors.length && errors[j].file === errors[i].file) j++;
    for (let k = i; k < Math.min(j, i + MAX_ERRORS_PER_FILE); k++) {
      const e = errors[k];
      out.push({ ...e, message: oneLine(e.message) });
    }
    if (j - i > MAX_ERRORS_PER_FILE) {
      const more = j - i - MAX_ERRORS_PER_FILE;
      out.push({
        file: errors[i].file,
        message: `${more} more error${more === 1 ? "" : "s"} in this file not shown`
      });
    }
    i = j;
  }
  return out;
}
function oneLine(message) {
  const flat = message.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, " ");
  return flat.length > MAX_MESSAGE_CHARS ? `${flat.slice(0, MAX_MESSAGE_CHARS)}\u2026` : flat;
}
function failureText(e) {
  const text = e instanceof RangeError && /call stack/i.test(e.message) ? "too deeply nested (call stack exceeded)" : e instanceof Error ? e.message : String(e);
  return oneLine(text).slice(0, 200);
}

// src/sources/git-diff.ts
import { spawnSync as spawnSync3 } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join as join4 } from "node:path";
function git(cwd, args, options = {}) {
  const r = spawnSync3("git", [...GIT_SAFE, ...args], {
    cwd,
    encoding: "utf8",
    maxBuffer: 1024 * 1024 * 1024,
    env: { ...process.env, GIT_TERMINAL_PROMPT: "0", GIT_OPTIONAL_LOCKS: "0", ...options.env },
    ...options.input !== void 0 ? { input: options.input } : {}
  });
  if (r.error) throw new ConfigError(`git: ${r.error.message}`);
  if (r.status !== 0)
    throw new ConfigError(
      `git ${args[0]}: ${(r.stderr.trim().split("\n")[0] ?? "failed").slice(0, 200)}`
    );
  return r.stdout;
}
var DIFF_OPTIONS = ["--no-color", "--no-ext-diff", "--no-textconv", "-U3", "-M"];
function changesBetween(dir, base, head) {
  try {
    for (const sha of [base, head]) {
      if (!/^[0-9a-f]{40}([0-9a-f]{24})?$/i.test(sha)) return void 0;
      git(dir, ["cat-file", "-e", `${sha}^{commit}`]);
    }
    const diff = git(dir, ["diff", ...DIFF_OPTIONS, "--relative", `${base}...${head}`, "--", "."]);
    return toChanges(diff);
  } catch {
    return void 0;
  }
}
function toChanges(diff) {
  const changes = /* @__PURE__ */ new Map();
  for (const file of parseGitDiff(diff)) changes.set(file.path, file);
  return changes;
}
function changesSince(dir, ref) {
  if (ref.startsWith("-")) throw new ConfigError(`--base: "${ref}" is not a git ref`);
  try {
    git(dir, ["rev-parse", "--git-dir"]);
  } catch {
    throw new ConfigError(`--base ${ref}: ${dir} is not in a git repository`);
  }
  let commit;
  try {
    commit = git(dir, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]).trim();
  } catch {
    throw new ConfigError(
      `--base ${ref}: no such commit in this repository (a typo, or history the clone lacks: fetch it, or in GitHub Actions check out with fetch-depth: 0)`
    );
  }
  const prefix = git(dir, ["rev-parse", "--show-prefix"]).trim().replace(/\/$/, "");
  const objects = git(dir, ["rev-parse", "--path-format=absolute", "--git-path", "objects"]).trim();
  const temp = mkdtempSync(join4(tmpdir(), "gomemcheck-base-"));
  try {
    mkdirSync(join4(temp, "objects"));
    const env = {
      GIT_OBJECT_DIRECTORY: join4(temp, "objects"),
      GIT_ALTERNATE_OBJECT_DIRECTORIES: objects
    };
    const baseEntries = [];
    const baseIds = /* @__PURE__ */ new Map();
    const baseModes = /* @__PURE__ */ new Map();
    const listing = git(dir, [
      "ls-tree",
      "-r",
      "-z",
      "--full-tree",
      prefix === "" ? `${commit}^{tree}` : `${commit}:${prefix}`
    ]);
    for (const entry of listing.split("\0")) {
      const m = /^(\d{6}) blob ([0-9a-f]+)\t(.+)$/s.exec(entry);
      if (!m || m[1] !== "100644" && m[1] !== "100755" || !classify(m[3])) continue;
      baseEntries.push(`${m[1]} ${m[2]} 0	${m[3]}`);
      baseIds.set(m[3], m[2]);
      baseModes.set(m[3], m[1]);
    }
    const workEntries = [];
    for (const f of discover(dir).files) {
      const r = readRegularFile(dir, f.path);
      if (!r.ok) continue;
      const id = blobId(r.bytes);
      if (baseIds.get(f.path) !== id)
        git(dir, ["hash-object", "-w", "--no-filters", "--stdin"], { env, input: r.bytes });
      workEntries.push(`${baseModes.get(f.path) ?? "100644"} ${id} 0	${f.path}`);
    }
    const tree = (entries, name) => {
      const indexEnv = { ...env, GIT_INDEX_FILE: join4(temp, name) };
      git(dir, ["update-index", "-z", "--add", "--index-info"], {
        env: indexEnv,
        input: entries.map((e) => `${e}\0`).join("")
      });
      return git(dir, ["write-tree"], { env: indexEnv }).trim();
    };
    const before = tree(baseEntries, "base.index");
    const after = tree(workEntries, "work.index");
    return toChanges(git(dir, ["diff-tree", "-r", "-p", ...DIFF_OPTIONS, before, after], { env }));
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

// src/report/escape.ts
var ZWJ = "\u200D";
function neutralise(text) {
  return text.replace(/@(?=[A-Za-z0-9_-])/g, `@${ZWJ}`).replace(/#(?=\d)/g, `#${ZWJ}`).replace(/\b(gh)-(?=\d)/gi, `$1-${ZWJ}`).replace(/\b(https?|ftp):\/\//gi, `$1${ZWJ}://`).replace(/\b(www)\./gi, `$1${ZWJ}.`);
}
function md(text) {
  return neutralise(text.replace(/\r\n?|\n|\u2028|\u2029/g, " ")).replace(
    /[\\`*_[\]<>|#~!&]/g,
    (c) => `\\${c}`
  );
}
function mdMessage(text, inTable = false) {
  let out = "";
  let last = 0;
  for (const m of text.matchAll(/`([^`\n]+)`/g)) {
    const code2 = mdCode(m[1]);
    out += md(text.slice(last, m.index)) + (inTable ? code2.replace(/\|/g, "\\|") : code2);
    last = m.index + m[0].length;
  }
  return out + md(text.slice(last));
}
function mdCode(text) {
  const oneLine2 = text.replace(/\r\n?|\n/g, " ");
  let fence = "`";
  while (oneLine2.includes(fence)) fence += "`";
  const pad = oneLine2.startsWith("`") || oneLine2.endsWith("`") ? " " : "";
  return `${fence}${pad}${oneLine2}${pad}${fence}`;
}
function fenceFor(text) {
  let longest = 0;
  for (const m of text.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  return "`".repeat(Math.max(3, longest + 1));
}
function plain(text) {
  return text.replace(
    /[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g,
    (c) => ({ "\n": "\\n", "\r": "\\r", "	": "\\t" })[c] ?? (c.charCodeAt(0) < 256 ? `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}` : `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)
  );
}
function linePath(path) {
  const p = plain(path);
  return p.startsWith("::") || p.startsWith("##[") ? `./${p}` : p;
}
function terminalSafe(text) {
  return text.replace(/[^\n]+/g, (line) => plain(line.replace(/\t/g, " ")));
}
function jsonSafe(json) {
  return json.replace(
    /[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`
  );
}

// src/report/suggestion.ts
function indexOfByteColumn(line, column) {
  let bytes = 0;
  let i = 0;
  while (i < line.length && bytes < column - 1) {
    const code2 = line.charCodeAt(i);
    if (code2 >= 55296 && code2 <= 56319) {
      bytes += 4;
      i += 2;
    } else {
      bytes += code2 < 128 ? 1 : code2 < 2048 ? 2 : 3;
      i++;
    }
  }
  return i;
}
function lineReplacement(fix, file, lines) {
  const edits = fix.edits;
  if (edits.length === 0 || edits.some((e) => e.file !== file)) return void 0;
  const sorted = [...edits].sort(
    (a, b) => a.startLine - b.startLine || a.startColumn - b.startColumn
  );
  const first = sorted[0];
  const last = sorted.reduce(
    (m, e) => e.endLine > m.endLine || e.endLine === m.endLine && e.endColumn > m.endColumn ? e : m,
    first
  );
  const startLine = first.startLine;
  let endLine = last.endLine;
  const endsAtLineStart = last.endColumn === 1 && last.endLine > last.startLine;
  if (endsAtLineStart) endLine -= 1;
  if (startLine < 1 || endLine > lines.length || endLine < startLine) {
    if (!(startLine === endLine + 1 && startLine <= lines.length)) return void 0;
    endLine = startLine;
  }
  const oldLines = lines.slice(startLine - 1, endLine);
  let text = "";
  let cursorLine = startLine;
  let cursorIndex = 0;
  const lineAt = (n) => lines[n - 1] ?? "";
  const advanceTo = (line, column) => {
    while (cursorLine < line) {
      text += lineAt(cursorLine).slice(cursorIndex) + "\n";
      cursorLine++;
      cursorIndex = 0;
    }
    const index = indexOfByteColumn(lineAt(line), column);
    text += lineAt(line).slice(cursorIndex, index);
    cursorIndex = index;
  };
  for (const e of sorted) {
    if (e.startLine < cursorLine || e.startLine === cursorLine && indexOfByteColumn(lineAt(e.startLine), e.startColumn) < cursorIndex) {
      return void 0;
    }
    advanceTo(e.startLine, e.startColumn);
    text += e.text.replace(/\r\n/g, "\n");
    cursorLine = e.endLine;
    cursorIndex = indexOfByteColumn(lineAt(e.endLine), e.endColumn);
    if (e.endLine > lines.length) cursorIndex = 0;
  }
  while (cursorLine <= endLine) {
    text += lineAt(cursorLine).slice(cursorIndex) + (cursorLine < endLine ? "\n" : "");
    cursorLine++;
    cursorIndex = 0;
  }
  let replaced = oldLines;
  if (endsAtLineStart) {
    if (text === "") return { startLine, endLine, oldLines: strip(oldLines), newLines: [] };
    if (text.endsWith("\n")) text = text.slice(0, -1);
    else if (last.endLine <= lines.length) {
      text += lineAt(last.endLine);
      endLine = last.endLine;
      replaced = lines.slice(startLine - 1, endLine);
    }
  }
  const newLines = strip(text.split("\n"));
  return { startLine, endLine, oldLines: strip(replaced), newLines };
}
function strip(lines) {
  return lines.map((l) => l.replace(/\r$/, ""));
}
function suggestionBlock(r) {
  const body = r.newLines.join("\n");
  const fence = fenceFor(body);
  return r.newLines.length === 0 ? `${fence}suggestion
${fence}` : `${fence}suggestion
${body}
${fence}`;
}
function diffBlock(r) {
  const body = [...r.oldLines.map((l) => `-${l}`), ...r.newLines.map((l) => `+${l}`)].join("\n");
  const fence = fenceFor(body);
  return `${fence}diff
${body}
${fence}`;
}
function editsList(edits) {
  return edits.map((e) => {
    const fence = fenceFor(e.text);
    return `${mdCode(`${e.file}:${e.startLine}:${e.startColumn}-${e.endLine}:${e.endColumn}`)}
${fence}
${e.text.replace(/\n$/, "")}
${fence}`;
  }).join("\n");
}

// src/report/text.ts
var COLOURS = {
  error: "\x1B[31m",
  warning: "\x1B[33m",
  notice: "\x1B[36m"
};
var RESET = "\x1B[0m";
var DIM = "\x1B[2m";
var RED = "\x1B[31m";
var GREEN = "\x1B[32m";
var SHORT_DIFF_LINES = 12;
function renderText(findings, errors, options) {
  const paint = (code2, s) => options.colour ? `${code2}${s}${RESET}` : s;
  const out = [];
  for (const f of findings) {
    out.push(
      `${linePath(f.file)}:${f.line}:${f.column}: ${paint(COLOURS[f.severity], f.severity)} ${f.rule}: ${plain(f.message)}`
    );
    for (const e of f.evidence)
      out.push(paint(DIM, `	  see ${plain(e.file)} line ${e.line}: ${plain(e.message)}`));
    const fix = f.fixes[0];
    if (fix) {
      const others = f.fixes.length - 1;
      const more = others > 0 ? ` (+${others} other fix${others > 1 ? "es" : ""}: --diff --all-fixes shows them)` : "";
      out.push(`	fix: ${plain(fix.description)}${more}`);
      const lines = options.sourceLines?.(f.file);
      const r = lines ? lineReplacement(fix, f.file, lines) : void 0;
      if (r) {
        const diff = shortDiff(r.oldLines, r.newLines).map(
          ([op, l]) => op === " " ? ` ${code(l)}` : paint(op === "-" ? RED : GREEN, `${op}${code(l)}`)
        );
        for (const l of diff.slice(0, SHORT_DIFF_LINES)) out.push(`	  ${l}`);
        if (diff.length > SHORT_DIFF_LINES)
          out.push(
            `	  \u2026 ${diff.length - SHORT_DIFF_LINES} more lines (--diff shows the whole fix)`
          );
      }
    }
  }
  for (const e of errors) {
    out.push(
      `${linePath(e.file)}${e.line !== void 0 ? `:${e.line}` : ""}: ${paint(COLOURS.warning, "not analysed")}: ${plain(e.message)}`
    );
  }
  out.push(summaryLine(findings, errors));
  return out.join("\n") + "\n";
}
var MAX_LCS_LINES = 400;
function shortDiff(oldLines, newLines) {
  const n = oldLines.length;
  const m = newLines.length;
  if (n > MAX_LCS_LINES || m > MAX_LCS_LINES)
    return [
      ...oldLines.map((l) => ["-", l]),
      ...newLines.map((l) => ["+", l])
    ];
  const lcs = Array.from({ length: n + 1 }, () => new Array(m + 1).fill(0));
  for (let i2 = n - 1; i2 >= 0; i2--)
    for (let j2 = m - 1; j2 >= 0; j2--)
      lcs[i2][j2] = oldLines[i2] === newLines[j2] ? lcs[i2 + 1][j2 + 1] + 1 : Math.max(lcs[i2 + 1][j2], lcs[i2][j2 + 1]);
  const all = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && oldLines[i] === newLines[j]) {
      all.push([" ", oldLines[i]]);
      i++;
      j++;
    } else if (i < n && (j === m || lcs[i + 1][j] >= lcs[i][j + 1]))
      all.push(["-", oldLines[i++]]);
    else all.push(["+", newLines[j++]]);
  }
  const near = (k) => all[k][0] !== " " || all[k - 1]?.[0] === "-" || all[k - 1]?.[0] === "+" || all[k + 1]?.[0] === "-" || all[k + 1]?.[0] === "+";
  const out = [];
  let last = -1;
  all.forEach((line, k) => {
    if (!near(k)) return;
    if (last !== -1 && k > last + 1) out.push([" ", "\u2026"]);
    out.push(line);
    last = k;
  });
  return out;
}
function code(line) {
  return plain(line.replace(/\t/g, "    "));
}
function countBySeverity(findings) {
  const counts2 = { error: 0, warning: 0, notice: 0 };
  for (const f of findings) counts2[f.severity]++;
  return counts2;
}
function plural(n, word) {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
function summaryLine(findings, errors) {
  const c = countBySeverity(findings);
  const parts = findings.length === 0 ? "no findings" : `${plural(findings.length, "finding")} (${plural(c.error, "error")}, ${plural(c.warning, "warning")}, ${plural(c.notice, "notice")})`;
  const errs = errors.length > 0 ? `; ${plural(errors.length, "input")} not analysed` : "";
  return `gomemcheck: ${parts}${errs}`;
}

// src/report/markdown.ts
var SEVERITY_ICON = { error: "\u{1F534}", warning: "\u{1F7E0}", notice: "\u{1F535}" };
function renderMarkdown(findings, errors, options = {}) {
  const out = [];
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
        `- ${mdCode(e.line !== void 0 ? `${e.file}:${e.line}` : e.file)}: ${md(e.message)}`
      );
    }
    if (errors.length > max) out.push(`- \u2026 and ${errors.length - max} more`);
    out.push("");
  }
  return out.join("\n");
}
function countsTable(findings) {
  const c = countBySeverity(findings);
  const out = [
    `${SEVERITY_ICON.error} ${plural(c.error, "error")} \xB7 ${SEVERITY_ICON.warning} ${plural(c.warning, "warning")} \xB7 ${SEVERITY_ICON.notice} ${plural(c.notice, "notice")}`,
    "",
    "| Rule | Error | Warning | Notice |",
    "| --- | ---: | ---: | ---: |"
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
var COLLAPSE_ROWS = 30;
var SHORT_MESSAGE = 120;
function findingsTable(findings, options) {
  const max = options.maxRows ?? Infinity;
  const sorted = [...findings].sort(
    (a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || compareStrings(a.file, b.file) || a.line - b.line
  );
  const shown = sorted.slice(0, max);
  const head = ["| | Location | Rule | Message |", "| --- | --- | --- | --- |"];
  const row = (f) => `| ${SEVERITY_ICON[f.severity]} ${f.severity} | ${location(f.file, f.line, options)} | ${ruleLink(f.rule)} | ${messageCell(f)} |`;
  const more = findings.length - shown.length;
  if (shown.length <= COLLAPSE_ROWS) {
    const out2 = [...head, ...shown.map(row)];
    if (more > 0) out2.push(`| | \u2026 and ${more} more | | |`);
    out2.push("");
    return out2;
  }
  const byFile = /* @__PURE__ */ new Map();
  for (const f of shown) byFile.set(f.file, [...byFile.get(f.file) ?? [], f]);
  const out = [];
  for (const [file, list] of byFile) {
    const c = countBySeverity(list);
    const counts2 = ["error", "warning", "notice"].filter((sev) => c[sev] > 0).map((sev) => `${SEVERITY_ICON[sev]} ${c[sev]}`).join(" ");
    out.push(
      `<details><summary>${htmlCode(file)}: ${plural(list.length, "finding")} ${counts2}</summary>`,
      "",
      ...head,
      ...list.map(row),
      "",
      "</details>",
      ""
    );
  }
  if (more > 0) out.push(`\u2026 and ${more} more`, "");
  return out;
}
function messageCell(f) {
  const { short, rest } = splitMessage(f.message);
  const cell = (text) => mdMessage(codeSpans(text), true);
  const message = rest === "" ? cell(short) : `<details><summary>${cell(short)}</summary>${cell(rest)}</details>`;
  const fix = f.fixes[0];
  return fix ? `${message}<br>**Fix:** ${cell(fix.description)}` : message;
}
function splitMessage(message) {
  let inCode = false;
  let lastSpace = -1;
  for (let i = 0; i < message.length; i++) {
    const c = message[i];
    if (c === "`") inCode = !inCode;
    if (inCode) continue;
    if (i >= SHORT_MESSAGE - 1) break;
    if (c === " ") lastSpace = i;
    if ((c === "." || c === ":" || c === ";") && (i + 1 === message.length || message[i + 1] === " ")) {
      const short = c === "." ? message.slice(0, i + 1) : `${message.slice(0, i)}.`;
      return { short, rest: message.slice(i + 1).trim() };
    }
  }
  if (message.length <= SHORT_MESSAGE || lastSpace <= 0) return { short: message, rest: "" };
  return { short: `${message.slice(0, lastSpace)} \u2026`, rest: `\u2026 ${message.slice(lastSpace + 1)}` };
}
var IDENTIFIER = /\b(?:GODEBUG=[^\s,;()`]*[^\s,;()`.]|madvdontneed=\d+|MADV_[A-Z]+|golang:[\w.-]*\w|setup-go|go\.mod)(?![\w=])/g;
function codeSpans(text) {
  return text.split(/(`[^`]*`)/).map((part) => part.startsWith("`") ? part : part.replace(IDENTIFIER, (m) => `\`${m}\``)).join("");
}
function htmlCode(text) {
  const escaped = text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`).replace(/\r\n?|\n/g, " ");
  return `<code>${escaped}</code>`;
}
function location(file, line, options) {
  const label = mdCode(`${file}:${line}`).replace(/\|/g, "\\|");
  return options.linkFor ? `[${label}](${options.linkFor(file, line)})` : label;
}
function ruleLink(rule) {
  return `[${rule}](${docsUrl(rule)})`;
}

// src/version.ts
var VERSION = "0.1.0";

// src/report/sarif.ts
var LEVEL = {
  error: "error",
  warning: "warning",
  notice: "note"
};
function utf16Column(line, byteColumn) {
  if (line === void 0) return byteColumn;
  let bytes = 0;
  let i = 0;
  while (i < line.length && bytes < byteColumn - 1) {
    const code2 = line.charCodeAt(i);
    const pair = code2 >= 55296 && code2 <= 56319;
    bytes += pair ? 4 : code2 < 128 ? 1 : code2 < 2048 ? 2 : 3;
    i += pair ? 2 : 1;
  }
  return i + 1 + Math.max(0, byteColumn - 1 - bytes);
}
function renderSarif(placed, errors, sourceLines = () => void 0) {
  const region = (file, startLine, startColumn, endLine, endColumn) => {
    const lines = sourceLines(file);
    return {
      startLine,
      startColumn: utf16Column(lines?.[startLine - 1], startColumn),
      endLine,
      endColumn: utf16Column(lines?.[endLine - 1], endColumn)
    };
  };
  const result = (f, fingerprint, index) => resultOf(f, fingerprint, index, region);
  const ruleIndex = new Map(RULES.map((r, i) => [r.id, i]));
  const sarif = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "gomemcheck",
            version: VERSION,
            semanticVersion: VERSION,
            informationUri: "https://github.com/gomemcheck/gomemcheck",
            rules: RULES.map((r) => ({
              id: r.id,
              name: r.id.replace(/(^|-)([a-z])/g, (_m, _d, c) => c.toUpperCase()),
              shortDescription: { text: r.description },
              fullDescription: { text: `${r.description} Applies to: ${r.scope}.` },
              help: {
                text: `${r.description} See ${docsUrl(r.id)}`,
                markdown: `${r.description}

[Rule documentation](${docsUrl(r.id)})`
              },
              helpUri: docsUrl(r.id),
              defaultConfiguration: { level: LEVEL[r.defaultSeverity] },
              properties: {
                tags: ["go", "memory", r.id === "defer-in-loop" ? "correctness" : "containers"]
              }
            }))
          }
        },
        // Findings count columns in bytes, as Go tools do; SARIF's unit here is UTF-16.
        columnKind: "utf16CodeUnits",
        results: placed.map(
          (p) => result(p.finding, p.fingerprint, ruleIndex.get(p.finding.rule) ?? 0)
        ),
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: errors.map((e) => ({
              level: "warning",
              message: { text: e.message },
              locations: [
                {
                  physicalLocation: {
                    artifactLocation: { uri: encodeUri(e.file), uriBaseId: "%SRCROOT%" },
                    ...e.line !== void 0 ? { region: { startLine: e.line } } : {}
                  }
                }
              ]
            }))
          }
        ]
      }
    ]
  };
  return JSON.stringify(sarif, null, 2) + "\n";
}
function resultOf(f, fingerprint, index, region) {
  return {
    ruleId: f.rule,
    ruleIndex: index,
    level: LEVEL[f.severity],
    message: { text: f.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: encodeUri(f.file), uriBaseId: "%SRCROOT%" },
          region: region(f.file, f.line, f.column, f.endLine, f.endColumn)
        }
      }
    ],
    ...f.evidence.length > 0 ? {
      relatedLocations: f.evidence.map((e, id) => ({
        id,
        message: { text: e.message },
        physicalLocation: {
          artifactLocation: { uri: encodeUri(e.file), uriBaseId: "%SRCROOT%" },
          region: { startLine: e.line }
        }
      }))
    } : {},
    partialFingerprints: { "gomemcheck/v1": fingerprint },
    ...f.fixes.length > 0 ? {
      fixes: f.fixes.map((x) => ({
        description: { text: x.description },
        artifactChanges: groupByFile(x.edits).map(([file, edits]) => ({
          artifactLocation: { uri: encodeUri(file), uriBaseId: "%SRCROOT%" },
          replacements: edits.map((e) => ({
            deletedRegion: region(e.file, e.startLine, e.startColumn, e.endLine, e.endColumn),
            insertedContent: { text: e.text }
          }))
        }))
      }))
    } : {}
  };
}
function groupByFile(edits) {
  const map = /* @__PURE__ */ new Map();
  for (const e of edits) map.set(e.file, [...map.get(e.file) ?? [], e]);
  return [...map];
}
function encodeUri(path) {
  return path.split("/").map(encodeURIComponent).join("/");
}

export {
  parsePatch,
  inHunks,
  reported,
  MAX_FILE_BYTES,
  inSkippedDir,
  unsafePathReason,
  readRegularFile,
  blobId,
  gitTreeFiles,
  gitBlob,
  gitFileAt,
  classify,
  discover,
  tooLarge,
  decodeText,
  errorText,
  fileErrorText,
  recordPhases,
  phasesEnabled,
  addPhase,
  phaseReport,
  run,
  changesBetween,
  changesSince,
  md,
  mdMessage,
  plain,
  terminalSafe,
  jsonSafe,
  indexOfByteColumn,
  lineReplacement,
  suggestionBlock,
  diffBlock,
  editsList,
  renderText,
  SEVERITY_ICON,
  renderMarkdown,
  countsTable,
  VERSION,
  renderSarif,
  limitHeapGrowth
};
