// Launch scripts (*.sh): `export GODEBUG=…` before the command that runs the binary, or a
// `GODEBUG=… ./server` prefix on it. A script a Dockerfile's ENTRYPOINT/CMD runs counts for that image.
import type { AnalysisError, Edit } from "../../../findings.ts";
import type { RepoFile } from "../../analyzer.ts";
import { finalStage } from "../../dockerfile.ts";
import { setsMadvDontNeed } from "../../godebug.ts";
import {
  basename,
  continued,
  dirname,
  isSystemPath,
  Positions,
  type GoDebugOrigin,
  type MisplacedSetting,
  type RunContext,
  type RunFormatReader,
  type RunSite,
  type SiteGoDebug,
  type SiteTarget,
} from "./site.ts";
import { splitWords } from "./systemd.ts";

/** Commands that do not start the service binary. */
const NOT_A_RUN = new Set(
  (
    "if then else elif fi for while until do done case esac { } ;; set trap cd echo printf export " +
    "local shift [ [[ test wait sleep mkdir rm cp mv ln chmod chown source . : true false return " +
    "exit umask ulimit unset readonly declare typeset cat touch envsubst sed awk grep curl wget " +
    "apt-get apk yum go make"
  ).split(" "),
);

/** Dockerfiles whose final stage's ENTRYPOINT or CMD names a script, by the script's file name. */
function entrypointScripts(ctx: RunContext): Map<string, string[]> {
  const cached = ctx.cache.get("entrypoint-scripts");
  if (cached) return cached as Map<string, string[]>;
  const out = new Map<string, string[]>();
  for (const df of ctx.dockerfiles) {
    const final = finalStage(df);
    if (!final) continue;
    const lines = df.text.split("\n").slice(final.from.span.line - 1, final.endLine);
    for (const line of lines) {
      const m = /^\s*(?:ENTRYPOINT|CMD)\s+(.*)$/i.exec(line);
      if (!m) continue;
      for (const w of (m[1] ?? "").match(/[^\s"',[\]]+/g) ?? []) {
        if (!/\.sh$|entrypoint|start|run/i.test(basename(w))) continue;
        const list = out.get(basename(w)) ?? [];
        if (!list.includes(df.file)) list.push(df.file);
        out.set(basename(w), list);
      }
    }
  }
  ctx.cache.set("entrypoint-scripts", out);
  return out;
}

/**
 * Several Dockerfiles may name an entrypoint.sh: the one in the script's folder runs it, else the
 * nearest one above it, else one below it; a lone Dockerfile anywhere runs it.
 */
function nearestDockerfiles(named: string[], dir: string): string[] {
  const within = (d: string, ancestor: string): boolean =>
    ancestor === "" || d === ancestor || d.startsWith(`${ancestor}/`);
  const same = named.filter((df) => dirname(df) === dir);
  if (same.length > 0) return same;
  const above = named.filter((df) => within(dir, dirname(df)));
  const deepest = Math.max(-1, ...above.map((df) => dirname(df).length));
  if (above.length > 0) return above.filter((df) => dirname(df).length === deepest);
  const below = named.filter((df) => within(dirname(df), dir));
  if (below.length > 0) return below;
  return named.length === 1 ? named : [];
}

interface Command {
  row: number;
  /** Offset of the line start and the joined text (continuations replaced by spaces). */
  start: number;
  text: string;
}

/** Top-level command lines: comments, blank lines and heredoc bodies skipped, continuations joined. */
function commands(text: string): Command[] {
  const out: Command[] = [];
  const lines = text.split("\n");
  let offset = 0;
  let heredoc: { tag: string; strip: boolean } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const start = offset;
    const raw = lines[i] ?? "";
    offset += raw.length + 1;
    let line = raw.replace(/\r$/, "");
    if (heredoc) {
      if ((heredoc.strip ? line.replace(/^\t+/, "") : line) === heredoc.tag) heredoc = undefined;
      continue;
    }
    if (/^\s*(#|$)/.test(line)) continue;
    const row = i;
    // A continuation keeps the first line's offsets; later lines only add words.
    const joined = continued(lines, i);
    for (let k = i + 1; k <= joined.lastRow; k++) offset += (lines[k] ?? "").length + 1;
    i = joined.lastRow;
    line = joined.text;
    const h = /<<(-?)\s*["']?([A-Za-z_][A-Za-z0-9_]*)["']?/.exec(line);
    if (h) heredoc = { tag: h[2] ?? "", strip: h[1] === "-" };
    out.push({ row, start, text: line });
  }
  return out;
}

interface RunLine {
  cmd: Command;
  /** Offset (in the line) of `exec`, when the line uses it, and of the binary word. */
  execAt: number | undefined;
  binaryAt: number;
  binary: string;
  prefix: { value: string; from: number; to: number } | undefined;
}

/** Reads `[VAR=…]… [exec] [env VAR=…]… binary …` from a command line. */
function runLine(cmd: Command): RunLine | undefined {
  const body = cmd.text.replace(/\s+(#.*)?$/, "");
  const words = splitWords(body);
  let i = 0;
  let prefix: RunLine["prefix"];
  let execAt: number | undefined;
  const assign = (w: string): boolean => /^[A-Za-z_][A-Za-z0-9_]*=/.test(w);
  for (;;) {
    const w = words[i];
    if (!w) return undefined;
    if (assign(w.word)) {
      if (w.word.startsWith("GODEBUG="))
        prefix = { value: w.word.slice(8), from: w.from, to: w.to };
      i++;
    } else if (w.word === "exec" && execAt === undefined) {
      execAt = w.from;
      i++;
    } else if (basename(w.word) === "env" && words[i + 1] && assign(words[i + 1]!.word)) {
      i++;
    } else break;
  }
  const bin = words[i]!;
  if (NOT_A_RUN.has(bin.word) || /\(\)\s*\{?$/.test(body) || bin.word.endsWith("()"))
    return undefined;
  return { cmd, execAt, binaryAt: bin.from, binary: bin.word, prefix };
}

export const script: RunFormatReader = {
  format: "script",
  accepts: (file) =>
    file.path.endsWith(".sh") ||
    /entrypoint[^/.]*$/i.test(file.path.slice(file.path.lastIndexOf("/") + 1)),
  read(file, ctx) {
    const errors: AnalysisError[] = [];
    const images = nearestDockerfiles(
      entrypointScripts(ctx).get(basename(file.path)) ?? [],
      dirname(file.path),
    );
    if (images.length === 0 && !file.text.includes("GODEBUG")) return { sites: [], errors };
    const pos = new Positions(file.text);
    const cmds = commands(file.text);
    const label = `script ${file.path}`;
    const misplaced: MisplacedSetting[] = [];
    const runs: RunLine[] = [];
    for (const c of cmds) {
      const r = runLine(c);
      if (r) runs.push(r);
      const build =
        /(?:^|\s)GODEBUG=("[^"]*"|'[^']*'|\S*)\s+(?:exec\s+)?go\s+(build|install|generate)\b/.exec(
          c.text,
        );
      const bv = build?.[1]?.replace(/^["']|["']$/g, "");
      if (bv !== undefined && setsMadvDontNeed(bv))
        misplaced.push({
          file: file.path,
          span: pos.lineSpan(c.row + 1),
          message: `GODEBUG=${bv} on \`go ${build?.[2]}\` applies to the go command, not to the binary it builds.`,
        });
    }
    // The binary's line: a GODEBUG prefix, else the last exec, else the last command.
    const run =
      runs.filter((r) => r.prefix).at(-1) ??
      runs.filter((r) => r.execAt !== undefined).at(-1) ??
      runs.at(-1);
    if (!run) return { sites: [], errors };
    const line = run.cmd.row + 1;
    let state: SiteGoDebug = { kind: "unset" };
    let assigned: { value: string; from: number; to: number; row: number } | undefined;
    for (const c of cmds) {
      if (c.row >= run.cmd.row) break;
      const m = /^(\s*)(export\s+)?GODEBUG=("[^"]*"|'[^']*'|[^\s;#]*)/.exec(c.text);
      if (m) {
        const from = c.start + (m[1] ?? "").length + (m[2] ?? "").length + "GODEBUG=".length;
        const to = from + (m[3] ?? "").length;
        assigned = { value: (m[3] ?? "").replace(/^["']|["']$/g, ""), from, to, row: c.row };
        if (m[2]) state = setState(file, pos, assigned, label, "export");
        continue;
      }
      if (assigned && /^\s*export\s+GODEBUG\s*$/.test(c.text))
        state = setState(file, pos, assigned, label, "export");
    }
    if (run.prefix) {
      const from = run.cmd.start + run.prefix.from + "GODEBUG=".length;
      state = setState(
        file,
        pos,
        {
          value: run.prefix.value.replace(/^["']|["']$/g, ""),
          from,
          to: run.cmd.start + run.prefix.to,
          row: run.cmd.row,
        },
        label,
        "prefix",
      );
    }
    // A script nothing runs as an entrypoint is a run site only where it sets GODEBUG for a command.
    if (images.length === 0 && state.kind !== "set") return { sites: [], errors };
    const targets: SiteTarget[] = images.map((path) => ({
      kind: "dockerfile",
      path,
      stage: undefined,
      line,
    }));
    if (!/^["']?\$/.test(run.binary))
      targets.push({
        kind: "binary",
        name: basename(run.binary),
        line,
        system: isSystemPath(run.binary),
      });
    const at = run.cmd.start + (run.execAt ?? run.binaryAt);
    const add: Edit[] | undefined =
      state.kind === "unset"
        ? [pos.replace(file.path, at, at, "GODEBUG=madvdontneed=1 ")]
        : undefined;
    const site: RunSite = {
      format: "script",
      file: file.path,
      anchor: pos.lineSpan(line),
      label,
      targets,
      godebug: state,
      precedence: "a script's export or command prefix replaces the GODEBUG it inherits",
      misplaced,
      add,
      inheritsImage: images.length > 0,
    };
    return { sites: [site], errors };
  },
};

function setState(
  file: RepoFile,
  pos: Positions,
  a: { value: string; from: number; to: number; row: number },
  label: string,
  how: "export" | "prefix",
): SiteGoDebug {
  const origin: GoDebugOrigin = {
    file: file.path,
    span: pos.lineSpan(a.row + 1),
    value: a.value,
    what: how === "export" ? `export in ${label}` : `command prefix in ${label}`,
    evidence: [],
    rewrite: a.value.includes("$")
      ? undefined
      : (v) => [
          pos.replace(file.path, a.from, a.to, /^[A-Za-z0-9_.,=/-]*$/.test(v) ? v : `"${v}"`),
        ],
  };
  return { kind: "set", origin };
}
