// The run-site model: a place that starts a binary (a Kubernetes container, a Compose service, a
// systemd unit, a launch script, a Dockerfile's final stage) and the GODEBUG its process sees there.
// Every run-site format produces this model; rules.ts links sites to builds and judges them.
import type { AnalysisError, Edit, Evidence } from "../../../findings.ts";
import { utf8Length } from "../../../parse/positions.ts";
import type { RepoFile } from "../../analyzer.ts";
import type { DockerfileModel, Span } from "../../dockerfile.ts";

export type RunFormat = "dockerfile" | "kubernetes" | "helm" | "compose" | "systemd" | "script";

/** Where the GODEBUG a process sees was set. */
export interface GoDebugOrigin {
  file: string;
  /** The GODEBUG entry: `- name: GODEBUG`, the Compose line, `Environment=`, the export. */
  span: Span;
  /** The value after the format's own expansion. */
  value: string;
  /** "env of container app", "ConfigMap app-env (envFrom)". */
  what: string;
  /** Edits that make the value `value`; undefined where the text cannot be rewritten safely. */
  rewrite: ((value: string) => Edit[]) | undefined;
  /** Where else the value comes from: the values.yaml line, the envFrom reference. */
  evidence: Evidence[];
}

/** The GODEBUG a site gives its process, before the image's own value is considered. */
export type SiteGoDebug =
  | { kind: "unset" }
  | { kind: "set"; origin: GoDebugOrigin }
  /** Something the repository does not hold may set it: a Secret, a missing env file, `${VAR}`. */
  | { kind: "unknown"; file: string; line: number; reason: string };

/** What a site runs, as written there; linking turns it into a build. */
export type SiteTarget =
  | { kind: "image"; ref: string; placeholder: boolean; line: number }
  | { kind: "dockerfile"; path: string; stage: string | undefined; line: number }
  /** `system`: under /usr/bin, /bin, /usr/sbin or /sbin, where a distribution's programs live. */
  | { kind: "binary"; name: string; line: number; system: boolean };

/** madvdontneed=1 set next to the site where the process never sees it (initContainer, build.args). */
export interface MisplacedSetting {
  file: string;
  span: Span;
  message: string;
}

export interface RunSite {
  format: RunFormat;
  file: string;
  /** Where a finding about the site goes when it has no GODEBUG entry: `image:`, the service key. */
  anchor: Span;
  /** "container app of Deployment web", "Compose service api". */
  label: string;
  targets: SiteTarget[];
  godebug: SiteGoDebug;
  /** How the site's value combines with the image's, for evidence. */
  precedence: string;
  misplaced: MisplacedSetting[];
  /** Edits that add GODEBUG=madvdontneed=1 where the site sets none; undefined when unsafe. */
  add: Edit[] | undefined;
  /** The image's own GODEBUG counts only when the site does not set one (false for a VM). */
  inheritsImage: boolean;
}

/** Everything a format may consult: other run files (ConfigMaps, env files, values.yaml). */
export interface RunContext {
  files: RepoFile[];
  dockerfiles: DockerfileModel[];
  /** A repository file by exact path. */
  byPath: Map<string, RepoFile>;
  /** Per-format caches (the ConfigMap index), built once on first use. */
  cache: Map<string, unknown>;
}

export interface RunFormatReader {
  format: RunFormat;
  /** Cheap checks on name and text; the file is parsed only when this says yes. */
  accepts(file: RepoFile): boolean;
  read(file: RepoFile, ctx: RunContext): { sites: RunSite[]; errors: AnalysisError[] };
}

// -------------------------------------------------------------------------------------------------
// Text positions

/** Offsets of line starts, for offset -> (line, byte column) in O(log n). */
export class Positions {
  private readonly starts: number[] = [0];
  readonly eol: "\n" | "\r\n";

  constructor(readonly text: string) {
    for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1))
      this.starts.push(i + 1);
    this.eol = text.includes("\r\n") ? "\r\n" : "\n";
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** 0-based row of a UTF-16 offset. */
  row(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  lineStart(row: number): number {
    return this.starts[Math.min(row, this.starts.length - 1)] ?? 0;
  }

  /** The text of a 0-based row without its line terminator. */
  lineText(row: number): string {
    const start = this.lineStart(row);
    const next = row + 1 < this.starts.length ? (this.starts[row + 1] ?? 0) : this.text.length;
    return this.text.slice(start, next).replace(/\r?\n$/, "");
  }

  point(offset: number): { line: number; column: number } {
    const row = this.row(offset);
    return { line: row + 1, column: utf8Length(this.text, this.lineStart(row), offset) + 1 };
  }

  span(from: number, to: number): Span {
    const a = this.point(from);
    const b = this.point(Math.max(from, to));
    return { line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
  }

  /** The whole of a 1-based line, without its terminator. */
  lineSpan(line: number): Span {
    const text = this.lineText(line - 1);
    const indent = /^\s*/.exec(text)?.[0].length ?? 0;
    return {
      line,
      column: utf8Length(text, 0, indent) + 1,
      endLine: line,
      endColumn: utf8Length(text) + 1,
    };
  }

  /** An edit replacing [from, to) (UTF-16 offsets). */
  replace(file: string, from: number, to: number, text: string): Edit {
    const s = this.span(from, to);
    return {
      file,
      startLine: s.line,
      startColumn: s.column,
      endLine: s.endLine,
      endColumn: s.endColumn,
      text,
    };
  }

  /**
   * An edit adding whole lines after 0-based row `row`, written at that row's end: a review then
   * shows it as a suggestion on that row (the finding's line).
   */
  appendLines(file: string, row: number, lines: string[]): Edit {
    const at = this.lineStart(row) + this.lineText(row).length;
    return this.replace(file, at, at, lines.map((l) => this.eol + l).join(""));
  }

  /** An edit inserting whole lines before 0-based row `row` (at the end of the file past the last). */
  insertLines(file: string, row: number, lines: string[]): Edit {
    const body = lines.map((l) => l + this.eol).join("");
    const at = row < this.starts.length ? this.lineStart(row) : this.text.length;
    if (at < this.text.length) return this.replace(file, at, at, body);
    // At the end: a file without a final newline gets one first.
    const pre = this.text === "" || this.text.endsWith("\n") ? "" : this.eol;
    return this.replace(file, this.text.length, this.text.length, pre + body);
  }
}

/**
 * The line at `row` joined with the lines its trailing backslashes continue (each backslash
 * becomes a space); parts are joined once, so a long chain stays linear.
 */
export function continued(lines: string[], row: number): { text: string; lastRow: number } {
  const parts: string[] = [];
  let i = row;
  let line = (lines[i] ?? "").replace(/\r$/, "");
  while (line.endsWith("\\") && i + 1 < lines.length) {
    parts.push(line.slice(0, -1));
    line = (lines[++i] ?? "").replace(/\r$/, "");
  }
  parts.push(line);
  return { text: parts.join(" "), lastRow: i };
}

// -------------------------------------------------------------------------------------------------
// Values

/** A YAML scalar written back in the style it had: plain when safe, else double-quoted (JSON). */
export function yamlScalarText(value: string, quote: "" | "'" | '"'): string {
  if (quote === "'" && !value.includes("'")) return `'${value}'`;
  if (
    quote === "" &&
    /^[A-Za-z0-9_][A-Za-z0-9_.,=/-]*$/.test(value) &&
    !/^(true|false|null|yes|no|on|off|~)$/i.test(value) &&
    !/^[0-9.]+$/.test(value)
  )
    return value;
  return JSON.stringify(value);
}

/** Docker/Compose image reference without registry host, tag and digest, lower-cased. */
export function imageName(ref: string): string {
  let r = ref.trim();
  const at = r.indexOf("@");
  if (at >= 0) r = r.slice(0, at);
  const slash = r.lastIndexOf("/");
  const colon = r.lastIndexOf(":");
  if (colon > slash) r = r.slice(0, colon);
  const parts = r.split("/");
  const first = parts[0] ?? "";
  if (parts.length > 1 && (first.includes(".") || first.includes(":") || first === "localhost"))
    parts.shift();
  if (parts.length === 2 && parts[0] === "library") parts.shift();
  return parts.join("/").toLowerCase();
}

/** `${IMAGE}`, `$IMAGE`, `{{ .Values.image }}`, `ko://…`-free placeholders an image may be written as. */
export function isPlaceholder(ref: string): boolean {
  return /\$\{?[A-Za-z_]|\{\{|<[A-Za-z_-]+>|__[A-Z_]+__/.test(ref);
}

/** Programs a distribution installs: never the repository's own binary by default. */
export function isSystemPath(path: string): boolean {
  return /^\/(usr\/)?s?bin\//.test(path);
}

export function basename(path: string): string {
  const p = path.replace(/\/+$/, "");
  return p.slice(p.lastIndexOf("/") + 1);
}

export function dirname(path: string): string {
  const i = path.lastIndexOf("/");
  return i < 0 ? "" : path.slice(0, i);
}

/** Joins a repository directory and a relative path, resolving `.` and `..`; undefined when it leaves the repository. */
export function joinPath(dir: string, rel: string): string | undefined {
  if (rel.startsWith("/")) return undefined;
  const parts = dir === "" ? [] : dir.split("/");
  for (const p of rel.split("/")) {
    if (p === "" || p === ".") continue;
    if (p === "..") {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else parts.push(p);
  }
  return parts.join("/");
}

/**
 * `.env` syntax (Compose env_file, systemd EnvironmentFile): `KEY=VALUE` lines, `#` comments,
 * optional `export `, single or double quotes around the value. Last assignment wins.
 */
export function readEnvFile(
  file: RepoFile,
  key: string,
): { value: string; from: number; to: number; quote: "" | "'" | '"'; line: number } | undefined {
  let found: ReturnType<typeof readEnvFile>;
  let offset = 0;
  const lines = file.text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? "";
    const line = raw.replace(/\r$/, "");
    const m = /^(\s*(?:export\s+)?)([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*/.exec(line);
    if (m && m[2] === key) {
      const start = (m[0] ?? "").length;
      let rest = line.slice(start);
      let quote: "" | "'" | '"' = "";
      let from = offset + start;
      let to: number;
      if (rest.startsWith('"') || rest.startsWith("'")) {
        quote = rest[0] as "'" | '"';
        const close = rest.indexOf(quote, 1);
        rest = close < 0 ? rest.slice(1) : rest.slice(1, close);
        from += 1;
        to = from + rest.length;
      } else {
        const hash = rest.search(/\s#/);
        rest = (hash < 0 ? rest : rest.slice(0, hash)).trimEnd();
        to = from + rest.length;
      }
      found = { value: rest, from, to, quote, line: i + 1 };
    }
    offset += raw.length + 1;
  }
  return found;
}

/** GODEBUG as an env file (Compose env_file, systemd EnvironmentFile) sets it, if it does. */
export function envFileGoDebug(
  envFile: RepoFile,
  what: string,
  evidence: Evidence[],
): SiteGoDebug | undefined {
  const found = readEnvFile(envFile, "GODEBUG");
  if (!found) return undefined;
  const ep = new Positions(envFile.text);
  return {
    kind: "set",
    origin: {
      file: envFile.path,
      span: ep.lineSpan(found.line),
      value: found.value,
      what,
      evidence,
      // An unquoted value that gains a space needs quotes in .env syntax.
      rewrite: (value) => [
        ep.replace(
          envFile.path,
          found.from,
          found.to,
          found.quote === "" && /\s/.test(value) ? `"${value}"` : value,
        ),
      ],
    },
  };
}
