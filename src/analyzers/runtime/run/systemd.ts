// systemd units (*.service): the process of ExecStart= is the run site. EnvironmentFile= overrides
// Environment= (later wins in each), and `env GODEBUG=… /bin/app` in ExecStart= beats both.
import type { AnalysisError, Edit } from "../../../findings.ts";
import type { RepoFile } from "../../analyzer.ts";
import { setsMadvDontNeed } from "../../godebug.ts";
import {
  basename,
  continued,
  isSystemPath,
  Positions,
  envFileGoDebug,
  type GoDebugOrigin,
  type MisplacedSetting,
  type RunContext,
  type RunFormatReader,
  type RunSite,
  type SiteGoDebug,
} from "./site.ts";

interface Directive {
  key: string;
  value: string;
  /** Offset of the value in the file, and the 1-based line of the key. */
  valueFrom: number;
  line: number;
  /** Offset just past the directive's last character. */
  end: number;
}

/** systemd's word splitting: whitespace-separated, "…" and '…' quoting, backslash escapes. */
export function splitWords(s: string): { word: string; from: number; to: number }[] {
  const out: { word: string; from: number; to: number }[] = [];
  let i = 0;
  while (i < s.length) {
    while (i < s.length && /\s/.test(s[i]!)) i++;
    if (i >= s.length) break;
    const from = i;
    let word = "";
    while (i < s.length && !/\s/.test(s[i]!)) {
      const ch = s[i]!;
      if (ch === '"' || ch === "'") {
        const close = s.indexOf(ch, i + 1);
        const end = close < 0 ? s.length : close;
        word += s.slice(i + 1, end);
        i = end + 1;
      } else if (ch === "\\" && i + 1 < s.length) {
        word += s[i + 1];
        i += 2;
      } else {
        word += ch;
        i++;
      }
    }
    out.push({ word, from, to: Math.min(i, s.length) });
  }
  return out;
}

/** Section directives with backslash continuations joined; comments skipped. */
interface Located {
  section: string;
  d: Directive;
  headerRow: number;
  /** The unit or drop-in file the directive is in. */
  file: string;
  pos: Positions;
}

function directives(file: RepoFile): Located[] {
  const out: Located[] = [];
  const text = file.text;
  const pos = new Positions(text);
  const lines = text.split("\n");
  let section = "";
  let headerRow = -1;
  let offset = 0;
  for (let i = 0; i < lines.length; i++) {
    const start = offset;
    const raw = lines[i] ?? "";
    offset += raw.length + 1;
    const line = raw.replace(/\r$/, "");
    const trimmed = line.trim();
    if (trimmed === "" || trimmed.startsWith("#") || trimmed.startsWith(";")) continue;
    const h = /^\[([^\]]+)\]\s*$/.exec(trimmed);
    if (h) {
      section = h[1] ?? "";
      headerRow = i;
      continue;
    }
    const m = /^\s*([A-Za-z][A-Za-z0-9]*)\s*=\s*/.exec(line);
    if (!m) continue;
    const valueFrom = start + m[0].length;
    const first = i;
    let end = start + line.length;
    // Continuation lines join with a space; only the first line's text is kept editable.
    const joined = continued(lines, i);
    const value = joined.text.slice(m[0].length);
    for (let k = i + 1; k <= joined.lastRow; k++) {
      const next = lines[k] ?? "";
      end = offset + next.replace(/\r$/, "").length;
      offset += next.length + 1;
    }
    i = joined.lastRow;
    out.push({
      section,
      headerRow,
      d: { key: m[1] ?? "", value, valueFrom, line: first + 1, end },
      file: file.path,
      pos,
    });
  }
  return out;
}

/** `/etc/default/app` → the repository file whose path ends with the same components (shortest wins). */
function findEnvironmentFile(path: string, ctx: RunContext): RepoFile | undefined {
  const parts = path.split("/").filter((p) => p !== "" && p !== ".");
  const name = parts.at(-1);
  if (name === undefined) return undefined;
  let byName = ctx.cache.get("files-by-name") as Map<string, RepoFile[]> | undefined;
  if (!byName) {
    byName = new Map();
    for (const f of ctx.files) {
      const n = basename(f.path);
      const list = byName.get(n) ?? [];
      list.push(f);
      byName.set(n, list);
    }
    ctx.cache.set("files-by-name", byName);
  }
  let best: RepoFile | undefined;
  for (const f of byName.get(name) ?? []) {
    const fp = f.path.split("/");
    if (fp.length < parts.length) continue;
    if (!parts.every((p, i) => fp[fp.length - parts.length + i] === p)) continue;
    if (!best || f.path.length < best.path.length) best = f;
  }
  return best;
}

export const systemd: RunFormatReader = {
  format: "systemd",
  accepts: (file) => file.path.endsWith(".service") && file.text.includes("ExecStart"),
  read(file, ctx) {
    const errors: AnalysisError[] = [];
    // Drop-ins (app.service.d/*.conf) apply after the unit, in file-name order.
    const dropIns = ctx.files
      .filter((f) => f.path.startsWith(`${file.path}.d/`) && f.path.endsWith(".conf"))
      .sort((x, y) => (basename(x.path) < basename(y.path) ? -1 : 1));
    const all = [file, ...dropIns]
      .flatMap((f) => directives(f))
      .filter((x) => x.section === "Service");
    const exec = all.filter((x) => x.d.key === "ExecStart").at(-1);
    if (!exec) return { sites: [], errors };
    const unit = basename(file.path);
    const label = `systemd unit ${unit}`;
    const misplaced: MisplacedSetting[] = [];
    let state: SiteGoDebug = { kind: "unset" };
    // Environment= lines in order, then EnvironmentFile= (overrides them), then the env wrapper.
    for (const { d, file: at, pos: p } of all) {
      if (d.key === "Environment") {
        for (const w of splitWords(d.value)) {
          const eq = w.word.indexOf("=");
          if (eq < 0 || w.word.slice(0, eq) !== "GODEBUG") continue;
          const value = w.word.slice(eq + 1);
          const from = d.valueFrom + w.from;
          const to = d.valueFrom + w.to;
          state = {
            kind: "set",
            origin: {
              file: at,
              span: p.lineSpan(d.line),
              value,
              what: `Environment= of ${label}${at === file.path ? "" : ` (drop-in ${at})`}`,
              evidence: [],
              rewrite: (v) => [
                p.replace(at, from, to, /\s/.test(v) ? `"GODEBUG=${v}"` : `GODEBUG=${v}`),
              ],
            },
          };
        }
      } else if (d.key === "ExecStartPre" || d.key === "ExecStartPost" || d.key === "ExecReload") {
        const m = /\bGODEBUG=("[^"]*"|'[^']*'|\S*)/.exec(d.value);
        const v = m?.[1]?.replace(/^["']|["']$/g, "");
        if (v !== undefined && setsMadvDontNeed(v))
          misplaced.push({
            file: at,
            span: p.lineSpan(d.line),
            message: `GODEBUG=${v} in ${d.key}= applies to that command only, not to the ExecStart= process.`,
          });
      }
    }
    for (const { d, file: at } of all) {
      if (d.key !== "EnvironmentFile") continue;
      const path = d.value.trim().replace(/^-/, "");
      const envFile = findEnvironmentFile(path, ctx);
      if (!envFile) {
        state = {
          kind: "unknown",
          file: at,
          line: d.line,
          reason: `EnvironmentFile=${path} is not in the repository and may set GODEBUG`,
        };
        continue;
      }
      const set = envFileGoDebug(envFile, `EnvironmentFile=${path} of ${label}`, [
        { file: at, line: d.line, message: `${label} reads EnvironmentFile=${path}` },
      ]);
      if (!set) continue;
      state = set;
    }
    // ExecStart= [-@:+!]… [/usr/bin/]env [VAR=…]… /path/to/binary
    const words = splitWords(exec.d.value);
    let i = 0;
    if (words[0]) words[0] = { ...words[0], word: words[0].word.replace(/^[-@:+!]+/, "") };
    let wrapper: GoDebugOrigin | undefined;
    if (words[0] && basename(words[0].word) === "env") {
      i = 1;
      while (i < words.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i]!.word)) {
        const w = words[i]!;
        if (w.word.startsWith("GODEBUG=")) {
          const from = exec.d.valueFrom + w.from;
          const to = exec.d.valueFrom + w.to;
          const xp = exec.pos;
          wrapper = {
            file: exec.file,
            span: xp.lineSpan(exec.d.line),
            value: w.word.slice("GODEBUG=".length),
            what: `the env wrapper in ExecStart= of ${label}`,
            evidence: [],
            rewrite: (v) => [
              xp.replace(exec.file, from, to, /\s/.test(v) ? `"GODEBUG=${v}"` : `GODEBUG=${v}`),
            ],
          };
        }
        i++;
      }
    }
    if (wrapper) state = { kind: "set", origin: wrapper };
    const binary = words[i]?.word;
    const add: Edit[] | undefined =
      state.kind === "unset"
        ? [
            // Just before ExecStart=, inside [Service]: a review can suggest it on that line.
            exec.pos.insertLines(exec.file, exec.d.line - 1, [
              "Environment=GODEBUG=madvdontneed=1",
            ]),
          ]
        : undefined;
    const site: RunSite = {
      format: "systemd",
      file: exec.file,
      anchor: exec.pos.lineSpan(exec.d.line),
      label,
      targets: binary
        ? [
            {
              kind: "binary",
              name: basename(binary),
              line: exec.d.line,
              system: isSystemPath(binary),
            },
          ]
        : [],
      godebug: state,
      precedence:
        "systemd: EnvironmentFile= overrides Environment=; an env wrapper in ExecStart= beats both",
      misplaced,
      add,
      inheritsImage: false,
    };
    return { sites: [site], errors };
  },
};
