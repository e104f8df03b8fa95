// Compose files: each service is a run site. `environment` beats `env_file` (later files win),
// either replaces the image's GODEBUG; `${VAR:-default}` takes the default, a bare `${VAR}` is unknown.
import { isMap, isScalar, isSeq, type YAMLMap } from "yaml";
import type { AnalysisError, Edit } from "../../../findings.ts";
import type { RepoFile } from "../../analyzer.ts";
import { setsMadvDontNeed } from "../../godebug.ts";
import { isComposePath } from "./kubernetes.ts";
import {
  dirname,
  isPlaceholder,
  joinPath,
  Positions,
  envFileGoDebug,
  yamlScalarText,
  type MisplacedSetting,
  type RunContext,
  type RunFormatReader,
  type RunSite,
  type SiteGoDebug,
  type SiteTarget,
} from "./site.ts";
import { getIn, pairOf, scalarOf, stringAt, yamlDocuments } from "./yaml-nodes.ts";

export const compose: RunFormatReader = {
  format: "compose",
  accepts: (file) => isComposePath(file.path) && file.text.includes("services"),
  read(file, ctx) {
    const sites: RunSite[] = [];
    const errors: AnalysisError[] = [];
    const pos = new Positions(file.text);
    const parsed = yamlDocuments(file.path, file.text, pos);
    errors.push(...parsed.errors);
    const root = parsed.docs[0]?.contents;
    const services = isMap(root) ? root.get("services", true) : undefined;
    if (!isMap(services)) return { sites, errors };
    for (const item of services.items) {
      const key = scalarOf(item.key, file.text);
      if (!key || !isMap(item.value)) continue;
      sites.push(serviceSite(file, key.value, key.from, key.to, item.value, pos, ctx));
    }
    return { sites, errors };
  },
};

/**
 * Compose interpolation of one value: `$$` is `$`; `${VAR:-d}`/`${VAR-d}` take the default (the
 * shell's value is not known here); `${VAR}`/`$VAR` and `${VAR:?err}` are unknown.
 */
export function interpolate(value: string): string | undefined {
  let unknown = false;
  const out = value.replace(
    /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (m, _n: string | undefined, op: string | undefined, def: string | undefined) => {
      if (m === "$$") return "$";
      if (op === ":-" || op === "-") return def ?? "";
      unknown = true;
      return m;
    },
  );
  return unknown ? undefined : out;
}

function serviceSite(
  file: RepoFile,
  name: string,
  keyFrom: number,
  keyTo: number,
  svc: YAMLMap,
  pos: Positions,
  ctx: RunContext,
): RunSite {
  const text = file.text;
  const dir = dirname(file.path);
  const label = `Compose service ${name}`;
  const targets: SiteTarget[] = [];
  const keyLine = pos.point(keyFrom).line;
  const build = svc.get("build", true);
  const misplaced: MisplacedSetting[] = [];
  if (build !== undefined) {
    const context = isMap(build)
      ? stringAt(build, ["context"], text)
      : scalarOf(build, text)?.value;
    const dockerfile = isMap(build) ? stringAt(build, ["dockerfile"], text) : undefined;
    const target = isMap(build) ? stringAt(build, ["target"], text) : undefined;
    const ctxDir = joinPath(dir, context ?? ".");
    const df = ctxDir === undefined ? undefined : joinPath(ctxDir, dockerfile ?? "Dockerfile");
    if (df !== undefined)
      targets.push({ kind: "dockerfile", path: df, stage: target?.toLowerCase(), line: keyLine });
    const args = isMap(build) ? build.get("args", true) : undefined;
    for (const a of entries(args, text)) {
      if (a.key !== "GODEBUG" || a.value === undefined || !setsMadvDontNeed(a.value)) continue;
      misplaced.push({
        file: file.path,
        span: pos.span(a.from, a.to),
        message: `GODEBUG=${a.value} in ${label}'s build.args is a build argument: it reaches the build, not the running container's environment.`,
      });
    }
  }
  const image = scalarOf(svc.get("image", true), text);
  if (image)
    targets.push({
      kind: "image",
      ref: image.value,
      placeholder: isPlaceholder(image.value),
      line: pos.point(image.from).line,
    });
  // Neither build nor image: an override file's service, defined in another Compose file.
  if (targets.length === 0)
    targets.push({ kind: "image", ref: "", placeholder: true, line: keyLine });

  const godebug = effective(file, svc, pos, label, ctx);
  return {
    format: "compose",
    file: file.path,
    anchor: pos.span(keyFrom, keyTo),
    label,
    targets,
    godebug,
    precedence: "Compose environment replaces the image's GODEBUG; environment beats env_file",
    misplaced,
    add: godebug.kind === "unset" ? addEdits(file, svc, pos, pos.row(keyFrom)) : undefined,
    inheritsImage: true,
  };
}

interface Entry {
  key: string;
  /** undefined: `KEY` alone or `KEY:` with no value, taken from the shell. */
  value: string | undefined;
  /** The entry's range, and the value's for rewriting. */
  from: number;
  to: number;
  rewrite: ((value: string) => Edit[]) | undefined;
}

/** `environment` and `build.args` in both forms: a map, or a list of `KEY=VALUE`. */
function entries(node: unknown, text: string, pos?: Positions, file?: string): Entry[] {
  const out: Entry[] = [];
  if (isMap(node)) {
    for (const item of node.items) {
      const k = scalarOf(item.key, text);
      if (!k) continue;
      const v = scalarOf(item.value, text);
      const isNull =
        v === undefined ||
        (v.quote === "" && (v.value === "" || v.value === "null" || v.value === "~"));
      out.push({
        key: k.value,
        value: isNull ? undefined : v.value,
        from: k.from,
        to: v?.to ?? k.to,
        rewrite:
          v && !v.block && pos && file
            ? (value) => [pos.replace(file, v.from, v.to, yamlScalarText(value, v.quote))]
            : undefined,
      });
    }
  } else if (isSeq(node)) {
    for (const item of node.items) {
      const s = scalarOf(item, text);
      if (!s) continue;
      const eq = s.value.indexOf("=");
      const key = eq < 0 ? s.value : s.value.slice(0, eq);
      out.push({
        key,
        value: eq < 0 ? undefined : s.value.slice(eq + 1),
        from: s.from,
        to: s.to,
        rewrite:
          !s.block && pos && file
            ? (value) => [
                pos.replace(file, s.from, s.to, yamlScalarText(`${key}=${value}`, s.quote)),
              ]
            : undefined,
      });
    }
  }
  return out;
}

function effective(
  file: RepoFile,
  svc: YAMLMap,
  pos: Positions,
  label: string,
  ctx: RunContext,
): SiteGoDebug {
  const text = file.text;
  const env = entries(svc.get("environment", true), text, pos, file.path).filter(
    (e) => e.key === "GODEBUG",
  );
  const last = env.at(-1);
  if (last) {
    const line = pos.point(last.from).line;
    if (last.value === undefined)
      return {
        kind: "unknown",
        file: file.path,
        line,
        reason: "GODEBUG is passed through from the shell that runs Compose",
      };
    const value = interpolate(last.value);
    if (value === undefined)
      return {
        kind: "unknown",
        file: file.path,
        line,
        reason: `GODEBUG=${last.value} takes a variable from the shell that runs Compose`,
      };
    return {
      kind: "set",
      origin: {
        file: file.path,
        span: pos.span(last.from, last.to),
        value,
        what: `environment of ${label}`,
        rewrite: last.value.includes("$") ? undefined : last.rewrite,
        evidence: [],
      },
    };
  }
  // env_file: later files override earlier ones.
  const envFile = svc.get("env_file", true);
  const refs: { path: string; required: boolean; line: number }[] = [];
  const items = isSeq(envFile) ? envFile.items : envFile === undefined ? [] : [envFile];
  for (const it of items) {
    const p = isMap(it) ? stringAt(it, ["path"], text) : scalarOf(it, text)?.value;
    const required = isMap(it) ? stringAt(it, ["required"], text) !== "false" : true;
    const node = isMap(it) ? getIn(it, ["path"]) : it;
    const at = scalarOf(node, text)?.from ?? 0;
    if (p) refs.push({ path: p, required, line: pos.point(at).line });
  }
  let state: SiteGoDebug = { kind: "unset" };
  for (const r of refs) {
    const path = joinPath(dirname(file.path), r.path);
    const envText = path === undefined ? undefined : ctx.byPath.get(path);
    if (!envText) {
      state = {
        kind: "unknown",
        file: file.path,
        line: r.line,
        reason: `env_file ${r.path} is not in the repository and may set GODEBUG`,
      };
      continue;
    }
    const set = envFileGoDebug(envText, `env_file ${r.path} of ${label}`, [
      { file: file.path, line: r.line, message: `${label} reads env_file ${r.path}` },
    ]);
    if (!set) continue;
    state = set;
  }
  return state;
}

/** Adds GODEBUG to `environment` in the form the file uses, or creates `environment:` first in the service. */
function addEdits(
  file: RepoFile,
  svc: YAMLMap,
  pos: Positions,
  keyRow: number,
): Edit[] | undefined {
  if (svc.flow) return undefined;
  const env = svc.get("environment", true);
  if (isMap(env) || isSeq(env)) {
    const node: unknown = isMap(env) ? env.items[0]?.key : env.items[0];
    const range = isScalar(node) ? node.range : undefined;
    if (env.flow || !range) return undefined;
    const row = pos.row(range[0]);
    const line = pos.lineText(row);
    const col = range[0] - pos.lineStart(row);
    if (isMap(env))
      return [pos.insertLines(file.path, row, [`${" ".repeat(col)}GODEBUG: madvdontneed=1`])];
    const dash = line.lastIndexOf("-", col);
    if (dash < 0) return undefined;
    const gap = " ".repeat(Math.max(1, col - dash - 1));
    return [pos.insertLines(file.path, row, [`${" ".repeat(dash)}-${gap}GODEBUG=madvdontneed=1`])];
  }
  if (env !== undefined) return undefined;
  const firstKey = pairOf(
    svc,
    String((svc.items[0]?.key as { value?: unknown } | undefined)?.value ?? ""),
  );
  if (!firstKey) return undefined;
  const row = pos.row(firstKey.keyFrom);
  const indent = firstKey.keyFrom - pos.lineStart(row);
  if (pos.lineText(row).slice(0, indent).trim() !== "") return undefined;
  const pad = " ".repeat(indent);
  // Right after the service's key line (the finding's line), so a review can suggest it there.
  if (row <= keyRow) return undefined;
  return [
    pos.appendLines(file.path, keyRow, [`${pad}environment:`, `${pad}  GODEBUG: madvdontneed=1`]),
  ];
}
