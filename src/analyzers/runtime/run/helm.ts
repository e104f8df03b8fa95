// Helm chart templates (a folder with Chart.yaml): templates are not YAML, so they are read line by
// line. Container `env` entries whose value is a literal or `{{ .Values.a.b }}` (optionally
// `| quote`) are resolved from the chart's values.yaml; anything else is skipped.
import { isMap } from "yaml";
import { readYamlDocument } from "../yaml-read.ts";
import type { AnalysisError, Edit } from "../../../findings.ts";
import type { RepoFile } from "../../analyzer.ts";
import { helmChartDir } from "./kubernetes.ts";
import {
  isPlaceholder,
  Positions,
  yamlScalarText,
  type GoDebugOrigin,
  type RunContext,
  type RunFormatReader,
  type RunSite,
  type SiteGoDebug,
  type SiteTarget,
} from "./site.ts";
import { getIn, scalarOf } from "./yaml-nodes.ts";

interface Values {
  file: RepoFile;
  pos: Positions;
  root: unknown;
}

function chartValues(dir: string, ctx: RunContext): Values | undefined {
  const key = `helm-values:${dir}`;
  if (ctx.cache.has(key)) return ctx.cache.get(key) as Values | undefined;
  const file = ctx.byPath.get(dir === "" ? "values.yaml" : `${dir}/values.yaml`);
  let values: Values | undefined;
  if (file) {
    const doc = readYamlDocument(file.text);
    if (doc.errors.length === 0)
      values = { file, pos: new Positions(file.text), root: doc.contents };
  }
  ctx.cache.set(key, values);
  return values;
}

const indentOf = (line: string): number => /^ */.exec(line)?.[0].length ?? 0;

/**
 * The image with `{{ .Values.a.b }}` parts filled in from values.yaml (`{{ .Values.redis.repository }}`
 * is redis, an image of another project); a part that cannot be filled keeps it a placeholder.
 */
function imageTarget(image: string, values: Values | undefined, line: number): SiteTarget {
  let unresolved = false;
  const ref = image.replace(
    /\{\{-?\s*\$?\.Values\.([A-Za-z0-9_.]+)\s*(?:\|[^}]*)?-?\}\}/g,
    (m, path: string) => {
      const v = values
        ? scalarOf(getIn(values.root, path.split(".")), values.file.text)
        : undefined;
      if (v === undefined || v.value === "") {
        unresolved = true;
        return m;
      }
      return v.value;
    },
  );
  if (unresolved) return { kind: "image", ref: image, placeholder: true, line };
  // A template left only in the tag (`:{{ .Chart.AppVersion }}`) does not change the name.
  const open = ref.indexOf("{{");
  const name = open < 0 ? ref : ref.slice(0, open);
  const colon = name.lastIndexOf(":");
  if (open >= 0 && !(colon > name.lastIndexOf("/")))
    return { kind: "image", ref: image, placeholder: true, line };
  const named = open < 0 ? ref : name.slice(0, colon);
  return { kind: "image", ref: named, placeholder: isPlaceholder(named), line };
}

/** `"x"`, `'x'`, `x`, or `{{ .Values.a.b }}` / `{{ .Values.a.b | quote }}`; undefined for anything else. */
function valueExpr(raw: string): { literal: string } | { path: string[] } | undefined {
  const t = raw.replace(/\s+#.*$/, "").trim();
  const v = /^["']?\{\{-?\s*\.Values\.([A-Za-z0-9_.]+)\s*(?:\|\s*quote\s*)?-?\}\}["']?$/.exec(t);
  if (v) return { path: (v[1] ?? "").split(".") };
  if (t.includes("{{")) return undefined;
  return { literal: t.replace(/^"(.*)"$|^'(.*)'$/, "$1$2") };
}

export const helm: RunFormatReader = {
  format: "helm",
  accepts: (file) =>
    /\.(ya?ml|tpl)$/.test(file.path) &&
    file.path.includes("templates/") &&
    file.text.includes("containers:"),
  read(file, ctx) {
    const sites: RunSite[] = [];
    const errors: AnalysisError[] = [];
    const dir = helmChartDir(file.path, ctx);
    if (dir === undefined) return { sites, errors };
    const pos = new Positions(file.text);
    const lines = file.text.split("\n").map((l) => l.replace(/\r$/, ""));
    for (let i = 0; i < lines.length; i++) {
      const m = /^(\s*)containers:\s*$/.exec(lines[i] ?? "");
      if (!m) continue;
      const base = (m[1] ?? "").length;
      // The block: following lines indented deeper (template-only lines do not end it).
      let end = i + 1;
      while (end < lines.length) {
        const l = lines[end] ?? "";
        const ind = indentOf(l);
        if (
          l.trim() !== "" &&
          !/^\s*\{\{.*\}\}\s*$/.test(l) &&
          (ind < base || (ind === base && !/^\s*- /.test(l)))
        )
          break;
        end++;
      }
      let item = -1;
      const itemStarts: number[] = [];
      for (let j = i + 1; j < end; j++) {
        const l = lines[j] ?? "";
        if (/^\s*- /.test(l) && (item < 0 || indentOf(l) === item)) {
          item = indentOf(l);
          itemStarts.push(j);
        }
      }
      for (let k = 0; k < itemStarts.length; k++) {
        const from = itemStarts[k]!;
        const to = itemStarts[k + 1] ?? end;
        const site = containerSite(file, lines, from, to, item, pos, dir, ctx);
        if (site) sites.push(site);
      }
      i = end - 1;
    }
    return { sites, errors };
  },
};

function containerSite(
  file: RepoFile,
  lines: string[],
  from: number,
  to: number,
  dashIndent: number,
  pos: Positions,
  dir: string,
  ctx: RunContext,
): RunSite | undefined {
  const keyIndent = /^\s*-\s+/.exec(lines[from] ?? "")?.[0].length ?? dashIndent + 2;
  let imageRow = -1;
  let image = "";
  let name = "";
  let envRow = -1;
  let firstEnvItem = -1;
  let state: SiteGoDebug = { kind: "unset" };
  let dynamic = false;
  for (let j = from; j < to; j++) {
    const l = lines[j] ?? "";
    const body = l.replace(/^\s*-\s+/, (s) => " ".repeat(s.length));
    const im = /^\s*image:\s*(.*)$/.exec(body);
    if (im && indentOf(body) === keyIndent) {
      imageRow = j;
      image = (im[1] ?? "").trim().replace(/^"(.*)"$|^'(.*)'$/, "$1$2");
    }
    const nm = /^\s*name:\s*(.*)$/.exec(body);
    if (nm && indentOf(body) === keyIndent) name = (nm[1] ?? "").trim();
    if (/^\s*env:\s*$/.test(body) && indentOf(body) === keyIndent) envRow = j;
    if (envRow >= 0 && firstEnvItem < 0 && j > envRow && /^\s*- /.test(l)) firstEnvItem = j;
    if (/\b(toYaml|include|tpl|range)\b/.test(l)) dynamic = true;
    const g = /^\s*-\s+name:\s*["']?GODEBUG["']?\s*$/.exec(l);
    if (!g) continue;
    const vl = lines[j + 1] ?? "";
    const vm = /^(\s*value:\s*)(.*)$/.exec(vl);
    const expr = vm ? valueExpr(vm[2] ?? "") : undefined;
    if (!vm || !expr) {
      state = {
        kind: "unknown",
        file: file.path,
        line: j + 1,
        reason: "GODEBUG is computed by the template",
      };
      continue;
    }
    const span = pos.span(pos.lineStart(j) + indentOf(l), pos.lineStart(j + 1) + vl.length);
    if ("literal" in expr) {
      const at = pos.lineStart(j + 1) + (vm[1] ?? "").length;
      const raw = (vm[2] ?? "").replace(/\s+#.*$/, "");
      const quote = raw.startsWith('"') ? '"' : raw.startsWith("'") ? "'" : "";
      state = set(
        file,
        span,
        expr.literal,
        `env of ${containerName(name)} in Helm template ${file.path}`,
        // From the entry's line, as the finding: a review can show it as a suggestion.
        (v) => {
          const from = pos.lineStart(j) + indentOf(l);
          const kept = file.text.slice(from, at);
          return [pos.replace(file.path, from, at + raw.length, kept + yamlScalarText(v, quote))];
        },
      );
      continue;
    }
    const values = chartValues(dir, ctx);
    const node = values ? scalarOf(getIn(values.root, expr.path), values.file.text) : undefined;
    if (!values || !node || !isMap(values.root)) {
      state = {
        kind: "unknown",
        file: file.path,
        line: j + 1,
        reason: `.Values.${expr.path.join(".")} is not set in the chart's values.yaml`,
      };
      continue;
    }
    state = set(
      file,
      span,
      node.value,
      `env of ${containerName(name)} in Helm template ${file.path} (.Values.${expr.path.join(".")})`,
      node.block
        ? undefined
        : (v) => [
            values.pos.replace(values.file.path, node.from, node.to, yamlScalarText(v, node.quote)),
          ],
      [
        {
          file: values.file.path,
          line: values.pos.point(node.from).line,
          message: `.Values.${expr.path.join(".")} is ${node.value}`,
        },
      ],
    );
  }
  if (imageRow < 0) return undefined;
  if (state.kind === "unset" && dynamic)
    state = {
      kind: "unknown",
      file: file.path,
      line: imageRow + 1,
      reason: "the container's environment is generated by the template",
    };
  let add: Edit[] | undefined;
  if (state.kind === "unset") {
    const pad = " ".repeat(keyIndent);
    if (firstEnvItem >= 0) {
      const l = lines[firstEnvItem] ?? "";
      const dash = indentOf(l);
      const gap = (/^\s*-\s+/.exec(l)?.[0].length ?? dash + 2) - dash;
      add = [
        pos.insertLines(file.path, firstEnvItem, [
          `${" ".repeat(dash)}-${" ".repeat(gap - 1)}name: GODEBUG`,
          `${" ".repeat(dash + gap)}value: madvdontneed=1`,
        ]),
      ];
    } else if (envRow < 0) {
      add = [
        pos.appendLines(file.path, imageRow, [
          `${pad}env:`,
          `${pad}  - name: GODEBUG`,
          `${pad}    value: madvdontneed=1`,
        ]),
      ];
    }
  }
  const anchor = pos.lineSpan(imageRow + 1);
  return {
    format: "helm",
    file: file.path,
    anchor,
    label: `${containerName(name)} of Helm template ${file.path}`,
    targets: [imageTarget(image, chartValues(dir, ctx), imageRow + 1)],
    godebug: state,
    precedence: "Kubernetes env replaces the image's GODEBUG",
    misplaced: [],
    add,
    inheritsImage: true,
  };
}

function set(
  file: RepoFile,
  span: GoDebugOrigin["span"],
  value: string,
  what: string,
  rewrite: GoDebugOrigin["rewrite"],
  evidence: GoDebugOrigin["evidence"] = [],
): SiteGoDebug {
  return { kind: "set", origin: { file: file.path, span, value, what, rewrite, evidence } };
}

/** A container's name for messages; a templated name says nothing, so it is left out. */
function containerName(name: string): string {
  return name === "" || name.includes("{{") ? "the container" : `container ${name}`;
}
