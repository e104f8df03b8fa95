// Kubernetes manifests: each container of a workload's pod template is a run site. Precedence as
// Kubernetes defines it: `env` beats `envFrom`, the last duplicate `env` name and the last
// `envFrom` source win, and either replaces the image's GODEBUG (never merges with it).
import { isMap, isSeq, type YAMLMap } from "yaml";
import type { AnalysisError, Edit } from "../../../findings.ts";
import type { RepoFile } from "../../analyzer.ts";
import { setsMadvDontNeed } from "../../godebug.ts";
import {
  dirname,
  isPlaceholder,
  Positions,
  yamlScalarText,
  type GoDebugOrigin,
  type MisplacedSetting,
  type RunContext,
  type RunFormatReader,
  type RunSite,
  type SiteGoDebug,
} from "./site.ts";
import {
  getIn,
  mapsOf,
  pairOf,
  scalarOf,
  stringAt,
  UNSURE,
  yamlDocuments,
  type ScalarInfo,
} from "./yaml-nodes.ts";

/** Where the pod spec sits in each workload kind. */
const POD_SPEC: Record<string, string[]> = {
  Pod: ["spec"],
  Deployment: ["spec", "template", "spec"],
  StatefulSet: ["spec", "template", "spec"],
  DaemonSet: ["spec", "template", "spec"],
  ReplicaSet: ["spec", "template", "spec"],
  ReplicationController: ["spec", "template", "spec"],
  Job: ["spec", "template", "spec"],
  CronJob: ["spec", "jobTemplate", "spec", "template", "spec"],
  // Argo Rollouts and OpenShift share the Deployment shape.
  Rollout: ["spec", "template", "spec"],
  DeploymentConfig: ["spec", "template", "spec"],
  // Knative Serving and Cloud Run services.
  Service: ["spec", "template", "spec"],
};

function isWorkload(kind: string | undefined | null): kind is string {
  return typeof kind === "string" && Object.hasOwn(POD_SPEC, kind);
}

/** The documents each reader parses (see keepDocuments): a kind it reads, or one lines cannot tell. */
const workloadDocuments = (kind: string | undefined | null): boolean =>
  kind === UNSURE || isWorkload(kind);
const configMapDocuments = (kind: string | undefined | null): boolean =>
  kind === UNSURE || kind === "ConfigMap";

export function isYamlManifestPath(path: string): boolean {
  return /\.ya?ml$/i.test(path) && !/(^|\/)\.github\//.test(path);
}

/** Compose files and Helm templates have readers of their own. */
export function isComposePath(path: string): boolean {
  const name = path.slice(path.lastIndexOf("/") + 1);
  return /^(docker-)?compose(\.[^/]+)?\.ya?ml$/.test(name);
}

export function helmChartDir(path: string, ctx: RunContext): string | undefined {
  const i = path.lastIndexOf("/templates/");
  if (i < 0 && !path.startsWith("templates/")) return undefined;
  const dir = i < 0 ? "" : path.slice(0, i);
  return ctx.byPath.has(dir === "" ? "Chart.yaml" : `${dir}/Chart.yaml`) ? dir : undefined;
}

interface ConfigMapEntry {
  file: string;
  name: string;
  /** data keys with their scalars. */
  data: Map<string, ScalarInfo & { keyFrom: number }>;
  pos: Positions;
}

/** Every ConfigMap in the repository's manifests, by name (read once per run). */
function configMaps(ctx: RunContext): Map<string, ConfigMapEntry[]> {
  const cached = ctx.cache.get("k8s-configmaps");
  if (cached) return cached as Map<string, ConfigMapEntry[]>;
  const out = new Map<string, ConfigMapEntry[]>();
  for (const f of ctx.files) {
    if (!isYamlManifestPath(f.path) || !/kind:\s*["']?ConfigMap/.test(f.text)) continue;
    const pos = new Positions(f.text);
    for (const doc of yamlDocuments(f.path, f.text, pos, configMapDocuments).docs) {
      const root = doc.contents;
      if (!isMap(root) || stringAt(root, ["kind"], f.text) !== "ConfigMap") continue;
      const name = stringAt(root, ["metadata", "name"], f.text);
      const data = getIn(root, ["data"]);
      if (!name || !isMap(data)) continue;
      const entry: ConfigMapEntry = { file: f.path, name, data: new Map(), pos };
      for (const item of data.items) {
        const k = scalarOf(item.key, f.text);
        const v = scalarOf(item.value, f.text);
        if (k && v) entry.data.set(k.value, { ...v, keyFrom: k.from });
      }
      const list = out.get(name) ?? [];
      list.push(entry);
      out.set(name, list);
    }
  }
  ctx.cache.set("k8s-configmaps", out);
  return out;
}

/** The ConfigMap a reference means: one of that name, preferring the same file, then the same folder. */
function findConfigMap(
  ctx: RunContext,
  name: string,
  fromFile: string,
): ConfigMapEntry | undefined {
  const list = configMaps(ctx).get(name) ?? [];
  if (list.length <= 1) return list[0];
  return (
    list.find((c) => c.file === fromFile) ?? list.find((c) => dirname(c.file) === dirname(fromFile))
  );
}

export const kubernetes: RunFormatReader = {
  format: "kubernetes",
  accepts: (file) =>
    isYamlManifestPath(file.path) && !isComposePath(file.path) && file.text.includes("containers:"),
  read(file, ctx) {
    const sites: RunSite[] = [];
    const errors: AnalysisError[] = [];
    if (helmChartDir(file.path, ctx) !== undefined) return { sites, errors };
    const text = file.text;
    const pos = new Positions(text);
    // Only workloads are parsed: a repository's CRDs, RBAC and ConfigMaps can be megabytes.
    const parsed = yamlDocuments(file.path, text, pos, workloadDocuments);
    errors.push(...parsed.errors);
    for (const doc of parsed.docs) {
      const root = doc.contents;
      if (!isMap(root)) continue;
      const kind = stringAt(root, ["kind"], text);
      if (!isWorkload(kind)) continue;
      const pod = getIn(root, POD_SPEC[kind]!);
      if (!isMap(pod)) continue;
      const workload = `${kind} ${stringAt(root, ["metadata", "name"], text) ?? "(unnamed)"}`;
      const misplaced = initContainerSettings(file, pod, pos, workload);
      for (const c of mapsOf(pod.get("containers", true)))
        sites.push(containerSite(file, c, pos, workload, misplaced, ctx));
    }
    return { sites, errors };
  },
};

function initContainerSettings(
  file: RepoFile,
  pod: YAMLMap,
  pos: Positions,
  workload: string,
): MisplacedSetting[] {
  const out: MisplacedSetting[] = [];
  for (const c of mapsOf(pod.get("initContainers", true))) {
    for (const e of mapsOf(c.get("env", true))) {
      if (stringAt(e, ["name"], file.text) !== "GODEBUG") continue;
      const v = scalarOf(e.get("value", true), file.text);
      if (!v || !setsMadvDontNeed(v.value) || !e.range) continue;
      const name = stringAt(c, ["name"], file.text) ?? "";
      out.push({
        file: file.path,
        span: pos.span(e.range[0], v.to),
        message: `GODEBUG=${v.value} is set on initContainer ${name} of ${workload}: an init container is a separate process that exits before the app containers start, so their binaries never see it.`,
      });
    }
  }
  return out;
}

function containerSite(
  file: RepoFile,
  c: YAMLMap,
  pos: Positions,
  workload: string,
  misplaced: MisplacedSetting[],
  ctx: RunContext,
): RunSite {
  const text = file.text;
  const name = stringAt(c, ["name"], text) ?? "(unnamed)";
  const label = `container ${name} of ${workload}`;
  const imagePair = pairOf(c, "image");
  const image = scalarOf(imagePair?.valueNode, text);
  const anchorFrom = imagePair?.keyFrom ?? c.range?.[0] ?? 0;
  const anchor = pos.span(anchorFrom, image?.to ?? anchorFrom);
  const env = c.get("env", true);
  const godebug = effectiveGoDebug(file, c, pos, label, ctx);
  return {
    format: "kubernetes",
    file: file.path,
    anchor,
    label,
    // No image: a kustomize patch of a container defined elsewhere, linked like a placeholder.
    targets: [
      {
        kind: "image",
        ref: image?.value ?? "",
        placeholder: image ? isPlaceholder(image.value) : true,
        line: anchor.line,
      },
    ],
    godebug,
    precedence: "Kubernetes env replaces the image's GODEBUG; env beats envFrom",
    misplaced,
    add: godebug.kind === "unset" ? addEnvEdits(file, c, env, pos, image) : undefined,
    inheritsImage: true,
  };
}

/** The container's GODEBUG by Kubernetes precedence. */
function effectiveGoDebug(
  file: RepoFile,
  c: YAMLMap,
  pos: Positions,
  label: string,
  ctx: RunContext,
): SiteGoDebug {
  const text = file.text;
  // env: the last GODEBUG entry wins; $(VAR) expands from earlier entries.
  const vars = new Map<string, string | undefined>();
  let fromEnv: SiteGoDebug | undefined;
  for (const e of mapsOf(c.get("env", true))) {
    const key = stringAt(e, ["name"], text);
    if (!key) continue;
    const v = scalarOf(e.get("value", true), text);
    const ref = getIn(e, ["valueFrom", "configMapKeyRef"]);
    let state: SiteGoDebug;
    if (v) {
      const expanded = expandRefs(v.value, vars);
      vars.set(key, expanded);
      if (key !== "GODEBUG") continue;
      if (expanded === undefined) {
        state = {
          kind: "unknown",
          file: file.path,
          line: pos.point(e.range?.[0] ?? 0).line,
          reason: `GODEBUG refers to a variable set outside the manifest`,
        };
      } else {
        const origin: GoDebugOrigin = {
          file: file.path,
          span: pos.span(e.range?.[0] ?? v.from, v.to),
          value: expanded,
          what: `env of ${label}`,
          evidence: [],
          // The edit starts at the entry, as the finding does, so a review can suggest it.
          rewrite:
            v.block || v.value.includes("$(")
              ? undefined
              : (value) => {
                  const from = Math.min(e.range?.[0] ?? v.from, v.from);
                  const kept = text.slice(from, v.from);
                  return [
                    pos.replace(file.path, from, v.to, kept + yamlScalarText(value, v.quote)),
                  ];
                },
        };
        state = { kind: "set", origin };
      }
    } else if (isMap(ref)) {
      const cmName = stringAt(ref, ["name"], text) ?? "";
      const cmKey = stringAt(ref, ["key"], text) ?? "";
      const cm = findConfigMap(ctx, cmName, file.path);
      const entry = cm?.data.get(cmKey);
      vars.set(key, entry?.value);
      if (key !== "GODEBUG") continue;
      state =
        cm && entry
          ? {
              kind: "set",
              origin: configMapOrigin(
                cm,
                cmKey,
                entry,
                `ConfigMap ${cmName} key ${cmKey} (configMapKeyRef of ${label})`,
                {
                  file: file.path,
                  line: pos.point(e.range?.[0] ?? 0).line,
                  message: `${label} takes GODEBUG from ConfigMap ${cmName} key ${cmKey}`,
                },
              ),
            }
          : {
              kind: "unknown",
              file: file.path,
              line: pos.point(e.range?.[0] ?? 0).line,
              reason: `GODEBUG comes from ConfigMap ${cmName} key ${cmKey}, which is not in the repository`,
            };
    } else {
      vars.set(key, undefined);
      if (key !== "GODEBUG") continue;
      state = {
        kind: "unknown",
        file: file.path,
        line: pos.point(e.range?.[0] ?? 0).line,
        reason: `GODEBUG comes from a Secret or field reference that is not in the repository`,
      };
    }
    fromEnv = state;
  }
  if (fromEnv) return fromEnv;
  // envFrom: the last source that holds (or may hold) GODEBUG wins.
  let fromSources: SiteGoDebug = { kind: "unset" };
  for (const s of mapsOf(c.get("envFrom", true))) {
    const prefix = stringAt(s, ["prefix"], text) ?? "";
    const line = pos.point(s.range?.[0] ?? 0).line;
    const cmRef = s.get("configMapRef", true);
    if (isMap(cmRef)) {
      const cmName = stringAt(cmRef, ["name"], text) ?? "";
      const cm = findConfigMap(ctx, cmName, file.path);
      if (!cm) {
        fromSources = {
          kind: "unknown",
          file: file.path,
          line,
          reason: `envFrom ConfigMap ${cmName} is not in the repository and may set GODEBUG`,
        };
        continue;
      }
      if (!prefix || "GODEBUG".startsWith(prefix)) {
        const key = "GODEBUG".slice(prefix.length);
        const entry = cm.data.get(key);
        if (entry)
          fromSources = {
            kind: "set",
            origin: configMapOrigin(cm, key, entry, `ConfigMap ${cmName} (envFrom of ${label})`, {
              file: file.path,
              line,
              message: `${label} takes its environment from ConfigMap ${cmName} (envFrom)`,
            }),
          };
      }
      continue;
    }
    if (isMap(s.get("secretRef", true))) {
      const secret = stringAt(s, ["secretRef", "name"], text) ?? "";
      fromSources = {
        kind: "unknown",
        file: file.path,
        line,
        reason: `envFrom Secret ${secret} is not in the repository and may set GODEBUG`,
      };
    }
  }
  return fromSources;
}

function configMapOrigin(
  cm: ConfigMapEntry,
  key: string,
  entry: ScalarInfo & { keyFrom: number },
  what: string,
  ref: { file: string; line: number; message: string },
): GoDebugOrigin {
  return {
    evidence: [ref],
    file: cm.file,
    span: cm.pos.span(entry.keyFrom, entry.to),
    value: entry.value,
    what,
    rewrite: entry.block
      ? undefined
      : (value) => [
          cm.pos.replace(cm.file, entry.from, entry.to, yamlScalarText(value, entry.quote)),
        ],
  };
}

/** Kubernetes `$(VAR)` expansion from earlier entries; `$$(` is a literal; undefined when a reference is unknown. */
function expandRefs(value: string, vars: Map<string, string | undefined>): string | undefined {
  let unknown = false;
  const out = value.replace(
    /\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g,
    (m, name: string | undefined) => {
      if (m === "$$") return "$";
      if (!name || !vars.has(name)) return m;
      const v = vars.get(name);
      if (v === undefined) unknown = true;
      return v ?? "";
    },
  );
  return unknown ? undefined : out;
}

/** Adds `- name: GODEBUG / value: madvdontneed=1` to the container's block-style env, creating `env:`. */
function addEnvEdits(
  file: RepoFile,
  c: YAMLMap,
  env: unknown,
  pos: Positions,
  image: ScalarInfo | undefined,
): Edit[] | undefined {
  if (c.flow || !c.range) return undefined;
  if (isSeq(env)) {
    const first = env.items[0];
    if (env.flow || !isMap(first) || !first.range) return undefined;
    const row = pos.row(first.range[0]);
    const line = pos.lineText(row);
    const dash = line.search(/-\s/);
    const keyCol = first.range[0] - pos.lineStart(row);
    if (dash < 0 || dash >= keyCol) return undefined;
    const pad = " ".repeat(dash);
    const inner = " ".repeat(keyCol - dash);
    return [
      pos.insertLines(file.path, row, [
        `${pad}-${inner.slice(1)}name: GODEBUG`,
        `${pad}${inner}value: madvdontneed=1`,
      ]),
    ];
  }
  if (env !== undefined && env !== null) return undefined;
  // No env: add one right after the image line, at the container's key indentation.
  if (!image || image.block || pos.row(image.from) !== pos.row(image.to)) return undefined;
  const indent = c.range[0] - pos.lineStart(pos.row(c.range[0]));
  const pad = " ".repeat(indent);
  return [
    pos.appendLines(file.path, pos.row(image.to), [
      `${pad}env:`,
      `${pad}  - name: GODEBUG`,
      `${pad}    value: madvdontneed=1`,
    ]),
  ];
}
