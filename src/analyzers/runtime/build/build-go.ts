// Which Go builds the shipped binary. Strongest signal first: a golang builder stage whose output
// reaches the Dockerfile's final stage; else CI (actions/setup-go, a golang job container); else
// .go-version/.tool-versions; else go.mod's toolchain line, then its go line (a minimum only).
import { isMap, isScalar, isSeq, type YAMLMap } from "yaml";
import type { Evidence } from "../../../findings.ts";
import type { RepoFile } from "../../analyzer.ts";
import {
  parseImageRef,
  contributingStages,
  rootStage,
  finalStage,
  isGolangImage,
  rootBase,
  type DockerfileModel,
  type Span,
  type Stage,
} from "../../dockerfile.ts";
import type { GoMod } from "../../gomod.ts";
import {
  parseDockerGoTag,
  parseGoModVersion,
  parseSetupGoSpec,
  parseVersionFileValue,
  type VersionSpec,
} from "../../go-version.ts";
import { utf8Length } from "../../../parse/positions.ts";
import { snippet } from "../../snippet.ts";
import { readYamlDocument } from "../yaml-read.ts";

export type Proof = "proven" | "suggested";

export type DecisionSource =
  "dockerfile" | "setup-go" | "job-container" | "version-file" | "toolchain" | "go-line";

/** Text whose version part a fix can rewrite. */
export interface VersionText {
  file: string;
  span: Span;
  /** The text currently in the span. */
  text: string;
  /** How to spell a new version there, given the recommended series ("1.27") and patch ("1.27.0"). */
  kind: "docker-tag" | "yaml-scalar" | "go-line" | "toolchain" | "version-file" | "arg-default";
}

export interface BuildDecision {
  spec: VersionSpec;
  windows: boolean;
  proof: Proof;
  source: DecisionSource;
  /** The deciding text: the builder's image, the go-version value, the go.mod go line. */
  file: string;
  span: Span;
  /** "golang:1.14-alpine (stage \"build\")", "actions/setup-go go-version 1.14", "go.mod go 1.14". */
  what: string;
  evidence: Evidence[];
  versionText: VersionText | undefined;
  /** For Dockerfile builders: the builder stage. */
  stage?: Stage;
}

export interface BuildUnit {
  /** The Dockerfile whose final stage runs the binary, when there is one. */
  dockerfile: DockerfileModel | undefined;
  /** The stage built as the image when builds name one with --target; undefined: the last stage. */
  stage?: Stage;
  module: GoMod | undefined;
  /** What builds the binary; several for several builders or CI jobs; empty when nothing says. */
  decisions: BuildDecision[];
}

// -------------------------------------------------------------------------------------------------
// Workflows

export interface SetupGoStep {
  file: string;
  job: string;
  uses: string;
  /** Major version of actions/setup-go (@v5 -> 5), undefined for SHAs and branches. */
  major: number | undefined;
  goVersion: YamlScalar | undefined;
  goVersionFile: YamlScalar | undefined;
}

export interface JobContainer {
  file: string;
  job: string;
  image: YamlScalar;
}

export interface YamlScalar {
  /** The scalar's source text without quotes (so an unquoted 1.20 stays "1.20"). */
  text: string;
  /** Span of the source text including quotes. */
  span: Span;
  quote: "" | "'" | '"';
}

export interface WorkflowInfo {
  file: string;
  setupGo: SetupGoStep[];
  containers: JobContainer[];
  errors: { file: string; line: number; message: string }[];
}

/** Reads setup-go steps and job containers from a workflow; never throws. */
export function parseWorkflow(file: RepoFile): WorkflowInfo {
  const info: WorkflowInfo = { file: file.path, setupGo: [], containers: [], errors: [] };
  const text = file.text;
  // Only setup-go steps and job containers are read: a workflow naming neither is not parsed (a
  // container is a `container:` key, quoted or not; the word alone is common in run scripts).
  if (!text.includes("setup-go") && !/container["']?[ \t]*:/.test(text)) return info;
  const starts = lineStarts(text);
  const toSpan = (from: number, to: number): Span => {
    const a = position(text, starts, from);
    const b = position(text, starts, to);
    return { line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
  };
  const scalar = (node: unknown): YamlScalar | undefined => {
    if (!isScalar(node) || !node.range) return undefined;
    const [from, to] = node.range;
    let src = text.slice(from, to);
    let quote: YamlScalar["quote"] = "";
    if (node.type === "QUOTE_DOUBLE" || node.type === "QUOTE_SINGLE") {
      quote = node.type === "QUOTE_DOUBLE" ? '"' : "'";
      src = typeof node.value === "string" ? node.value : src.slice(1, -1);
    } else if (node.type === "BLOCK_LITERAL" || node.type === "BLOCK_FOLDED") {
      src = String(node.value);
    }
    return { text: src.trim(), span: toSpan(from, to), quote };
  };
  try {
    const doc = readYamlDocument(text);
    for (const e of doc.errors) {
      const at = e.linePos?.[0];
      info.errors.push({
        file: file.path,
        line: at?.line ?? 1,
        message: `invalid YAML: ${yamlMessage(e.message)}`,
      });
    }
    const jobs = isMap(doc.contents) ? doc.contents.get("jobs", true) : undefined;
    if (!isMap(jobs)) return info;
    for (const pair of jobs.items) {
      const jobName = isScalar(pair.key) ? String(pair.key.value) : "";
      const job = pair.value;
      if (!isMap(job)) continue;
      const matrix = getPath(job, ["strategy", "matrix"]);
      const container = job.get("container", true);
      const image = isMap(container) ? scalar(container.get("image", true)) : scalar(container);
      const steps = job.get("steps", true);
      let jobHasSetupGo = false;
      if (isSeq(steps)) {
        for (const step of steps.items) {
          if (!isMap(step)) continue;
          const uses = scalar(step.get("uses", true));
          if (!uses || !/^actions\/setup-go(@|$)/.test(uses.text)) continue;
          jobHasSetupGo = true;
          const withMap = step.get("with", true);
          const resolve = (key: string): YamlScalar | undefined => {
            if (!isMap(withMap)) return undefined;
            const s = scalar(withMap.get(key, true));
            return s ? resolveMatrix(s, matrix, scalar) : undefined;
          };
          const ref = /@v?([0-9]+)/.exec(uses.text);
          info.setupGo.push({
            file: file.path,
            job: jobName,
            uses: uses.text,
            major: ref ? Number(ref[1]) : undefined,
            goVersion: resolve("go-version"),
            goVersionFile: resolve("go-version-file"),
          });
        }
      }
      // setup-go inside a container job installs its own Go on PATH, so the step decides.
      if (image && !jobHasSetupGo) info.containers.push({ file: file.path, job: jobName, image });
    }
  } catch (e) {
    info.errors.push({
      file: file.path,
      line: 1,
      message: `cannot read workflow: ${yamlMessage(e instanceof Error ? e.message : String(e))}`,
    });
  }
  return info;
}

/**
 * The yaml library's message without the repository text it quotes ('Unexpected scalar token in
 * YAML stream: "<the token>"') and without its position (the entry has the line): a workflow's
 * text, or a secret a symlink pointed at, never reaches an output.
 */
export function yamlMessage(message: string): string {
  let first = message.split("\n", 1)[0] ?? "";
  const at = first.lastIndexOf(" at line ");
  if (at >= 0) first = first.slice(0, at);
  const quote = first.indexOf(': "');
  if (quote >= 0) first = first.slice(0, quote);
  const quote2 = first.indexOf('"');
  if (quote2 >= 0) first = first.slice(0, quote2).trimEnd();
  return snippet(first, 120);
}

function getPath(map: YAMLMap, path: string[]): unknown {
  let node: unknown = map;
  for (const key of path) {
    if (!isMap(node)) return undefined;
    node = node.get(key, true);
  }
  return node;
}

/** `${{ matrix.go }}` with a one-value matrix list is that value; with several it stays an expression. */
function resolveMatrix(
  s: YamlScalar,
  matrix: unknown,
  scalar: (n: unknown) => YamlScalar | undefined,
): YamlScalar {
  const m = /^\$\{\{\s*matrix\.([\w-]+)\s*\}\}$/.exec(s.text);
  if (!m || !isMap(matrix)) return s;
  const values = matrix.get(m[1] ?? "", true);
  if (isSeq(values) && values.items.length === 1) return scalar(values.items[0]) ?? s;
  if (isScalar(values)) return scalar(values) ?? s;
  return s;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
}

function position(
  text: string,
  starts: number[],
  offset: number,
): { line: number; column: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  const start = starts[lo] ?? 0;
  return { line: lo + 1, column: utf8Length(text, start, offset) + 1 };
}

// -------------------------------------------------------------------------------------------------
// Units

export interface ParsedInputs {
  goMods: GoMod[];
  dockerfiles: DockerfileModel[];
  workflows: WorkflowInfo[];
  versionFiles: RepoFile[];
}

export function dirOf(path: string): string {
  const i = path.lastIndexOf("/");
  return i < 0 ? "" : path.slice(0, i);
}

function isWithin(dir: string, ancestor: string): boolean {
  return ancestor === "" || dir === ancestor || dir.startsWith(`${ancestor}/`);
}

/** The nearest go.mod at `dir` or above it. */
export function moduleFor(dir: string, goMods: GoMod[]): GoMod | undefined {
  let best: GoMod | undefined;
  for (const m of goMods) {
    const d = dirOf(m.file);
    if (isWithin(dir, d) && (!best || d.length > dirOf(best.file).length)) best = m;
  }
  return best;
}

/** How the repository's builds use a Dockerfile: the --target stages, and whether one builds it whole. */
export interface DockerfileTargets {
  targets: Set<string>;
  untargeted: boolean;
}

/**
 * Groups inputs into units: one per image a Dockerfile produces (its last stage, or each --target
 * stage when every known build names one), plus one per go.mod that no Dockerfile builds.
 */
export function buildUnits(
  inputs: ParsedInputs,
  targets: Map<string, DockerfileTargets> = new Map(),
): BuildUnit[] {
  const units: BuildUnit[] = [];
  const covered = new Set<GoMod>();
  for (const df of inputs.dockerfiles) {
    const module = moduleFor(dirOf(df.file), inputs.goMods);
    if (module) covered.add(module);
    const t = targets.get(df.file);
    const stages = [...(t?.targets ?? [])]
      .sort()
      .map((name) => df.stages.find((s) => s.name === name))
      .filter((s): s is Stage => s !== undefined);
    const last = finalStage(df);
    if (stages.length === 0 || t?.untargeted) stages.push(...(last ? [last] : []));
    if (stages.length === 0) {
      units.push({ dockerfile: df, module, decisions: decide(df, module, dirOf(df.file), inputs) });
      continue;
    }
    for (const stage of new Set(stages)) {
      units.push({
        dockerfile: df,
        stage: stage === last ? undefined : stage,
        module,
        decisions: decide(df, module, dirOf(df.file), inputs, stage),
      });
    }
  }
  for (const m of inputs.goMods) {
    if (covered.has(m)) continue;
    units.push({
      dockerfile: undefined,
      module: m,
      decisions: decide(undefined, m, dirOf(m.file), inputs),
    });
  }
  return units;
}

function decide(
  df: DockerfileModel | undefined,
  module: GoMod | undefined,
  dir: string,
  inputs: ParsedInputs,
  final?: Stage,
): BuildDecision[] {
  if (df) {
    const builders = dockerBuilders(df, final);
    if (builders.length > 0) return builders;
  }
  const scopeDir = module ? dirOf(module.file) : dir;
  const ci = ciDecisions(inputs, scopeDir, df);
  if (ci.some((d) => d.spec.kind !== "unknown")) return ci.filter((d) => d.spec.kind !== "unknown");
  const vf = versionFileDecision(inputs.versionFiles, scopeDir);
  if (vf) return [vf];
  if (module?.toolchain?.version) {
    const t = module.toolchain;
    return [
      {
        spec: { kind: "version", version: t.version! },
        windows: false,
        proof: "suggested",
        source: "toolchain",
        file: module.file,
        span: lineSpan(t.span),
        what: `go.mod toolchain ${t.name}`,
        evidence: [],
        versionText: { file: module.file, span: lineSpan(t.span), text: t.name, kind: "toolchain" },
      },
    ];
  }
  if (module?.go) {
    const g = module.go;
    return [
      {
        spec: { kind: "version", version: g.version },
        windows: false,
        proof: "suggested",
        source: "go-line",
        file: module.file,
        span: lineSpan(g.span),
        what: `go.mod go ${g.text}`,
        evidence: [],
        versionText: { file: module.file, span: lineSpan(g.span), text: g.text, kind: "go-line" },
      },
    ];
  }
  return [];
}

function lineSpan(s: { line: number; column: number; endColumn: number }): Span {
  return { line: s.line, column: s.column, endLine: s.line, endColumn: s.endColumn };
}

/** golang stages whose output reaches the final stage (its FROM chain and COPY --from sources). */
export function dockerBuilders(
  df: DockerfileModel,
  final: Stage | undefined = finalStage(df),
): BuildDecision[] {
  if (!final) return [];
  const out: BuildDecision[] = [];
  const seenRoots = new Set<number>();
  for (const s of contributingStages(df, final)) {
    // A stage built FROM another stage shares its root's toolchain; decide once at the root stage.
    const chainRoot = rootStage(df, s);
    if (seenRoots.has(chainRoot.index)) continue;
    const base = rootBase(df, s);
    if (base.kind !== "image" || !isGolangImage(base.image)) continue;
    seenRoots.add(chainRoot.index);
    const tag = parseDockerGoTag(base.image.tag, base.image.digest !== undefined);
    const platformWindows = /^windows/i.test(chainRoot.from.platform ?? "");
    const evidence: Evidence[] = [];
    for (const a of chainRoot.from.argsUsed) {
      evidence.push({
        file: df.file,
        line: a.span.line,
        message: `ARG ${a.name}${a.raw !== undefined ? `=${a.raw}` : ""} (the default; a --build-arg can override it)`,
      });
    }
    if (chainRoot !== final) {
      const fromBuilder = (c: { stage: number | undefined }): boolean => {
        const src = c.stage === undefined ? undefined : df.stages[c.stage];
        return src !== undefined && rootStage(df, src) === chainRoot;
      };
      const copy =
        final.copyFrom.find(fromBuilder) ?? final.copyFrom.find((c) => c.stage !== undefined);
      if (copy)
        evidence.push({
          file: df.file,
          line: copy.span.line,
          message: `the final stage copies from stage ${copy.ref}`,
        });
    }
    const name = chainRoot.name ? ` in stage "${chainRoot.name}"` : "";
    out.push({
      spec: tag.spec,
      windows: tag.windows || platformWindows,
      proof: "proven",
      source: "dockerfile",
      file: df.file,
      span: chainRoot.from.imageSpan,
      what: `${chainRoot.from.image ?? chainRoot.from.rawImage}${name}`,
      evidence,
      versionText: dockerVersionText(df, chainRoot, tag.spec),
      stage: chainRoot,
    });
  }
  return out;
}

/** Where the builder's version is written: in the FROM line itself, or in an ARG default. */
function dockerVersionText(
  df: DockerfileModel,
  stage: Stage,
  spec: VersionSpec,
): VersionText | undefined {
  if (spec.kind !== "version") return undefined;
  const raw = stage.from.rawImage;
  if (!raw.includes("$")) {
    const colon = raw.lastIndexOf(":");
    const at = raw.indexOf("@");
    if (colon < 0 || stage.from.imageSpan.line !== stage.from.imageSpan.endLine) return undefined;
    const tagEnd = at > colon ? at : raw.length;
    const tag = raw.slice(colon + 1, tagEnd);
    const startCol = stage.from.imageSpan.column + utf8Length(raw, 0, colon + 1);
    return {
      file: df.file,
      span: {
        line: stage.from.imageSpan.line,
        column: startCol,
        endLine: stage.from.imageSpan.line,
        endColumn: startCol + utf8Length(tag),
      },
      text: tag,
      kind: "docker-tag",
    };
  }
  const version = spec.version.raw;
  for (const a of stage.from.argsUsed) {
    if (
      a.raw !== undefined &&
      a.valueSpan &&
      a.raw.includes(version) &&
      a.valueSpan.line === a.valueSpan.endLine
    ) {
      return { file: df.file, span: a.valueSpan, text: a.raw, kind: "arg-default" };
    }
  }
  // ${GO_VERSION:-1.13} with no ARG default: the fallback sits in the FROM line.
  const idx = raw.indexOf(version);
  if (idx >= 0 && stage.from.imageSpan.line === stage.from.imageSpan.endLine) {
    const col = stage.from.imageSpan.column + utf8Length(raw, 0, idx);
    return {
      file: df.file,
      span: {
        line: stage.from.imageSpan.line,
        column: col,
        endLine: stage.from.imageSpan.line,
        endColumn: col + utf8Length(version),
      },
      text: version,
      kind: "arg-default",
    };
  }
  return undefined;
}

function normalizePath(p: string): string {
  return p
    .replace(/^\.\//, "")
    .replace(/^\/+/, "")
    .replace(/\/\.\//g, "/");
}

function ciDecisions(
  inputs: ParsedInputs,
  scopeDir: string,
  df: DockerfileModel | undefined,
): BuildDecision[] {
  const out: BuildDecision[] = [];
  const dockerEvidence: Evidence[] = df
    ? [
        {
          file: df.file,
          line: finalStage(df)?.from.span.line ?? 1,
          message: "the image copies a binary built outside Docker",
        },
      ]
    : [];
  for (const wf of inputs.workflows) {
    for (const step of wf.setupGo) {
      if (step.goVersion) {
        const spec = parseSetupGoSpec(step.goVersion.text);
        out.push({
          spec,
          windows: false,
          proof: "proven",
          source: "setup-go",
          file: step.file,
          span: step.goVersion.span,
          what: `actions/setup-go go-version ${step.goVersion.text} in job ${step.job}`,
          evidence: [...dockerEvidence],
          versionText: {
            file: step.file,
            span: step.goVersion.span,
            text: step.goVersion.text,
            kind: "yaml-scalar",
          },
        });
        continue;
      }
      if (!step.goVersionFile) continue;
      const target = normalizePath(step.goVersionFile.text);
      if (!isWithin(dirOf(target), scopeDir) && !isWithin(scopeDir, dirOf(target))) continue;
      const viaFile = resolveVersionFile(target, step, inputs);
      if (!viaFile) continue;
      viaFile.evidence.push(
        {
          file: step.file,
          line: step.goVersionFile.span.line,
          message: `actions/setup-go installs Go from ${target} (job ${step.job})`,
        },
        ...dockerEvidence,
      );
      out.push(viaFile);
    }
    for (const c of wf.containers) {
      const ref = c.image.text;
      // Parsed by hand, not by a regex: a backtracking pattern is quadratic on "a.a.a.…".
      const image = parseImageRef(ref);
      if (!/(^|\/)golang$/.test(image.path)) continue;
      const tag = parseDockerGoTag(image.tag, image.digest !== undefined);
      out.push({
        spec: tag.spec,
        windows: tag.windows,
        proof: "proven",
        source: "job-container",
        file: c.file,
        span: c.image.span,
        what: `job container ${ref} in job ${c.job}`,
        evidence: [...dockerEvidence],
        versionText: undefined,
      });
    }
  }
  return out;
}

/** setup-go go-version-file: go.mod (v6+ reads toolchain first), .go-version, .tool-versions. */
function resolveVersionFile(
  target: string,
  step: SetupGoStep,
  inputs: ParsedInputs,
): BuildDecision | undefined {
  const base = {
    windows: false,
    proof: "proven" as const,
    source: "setup-go" as const,
    evidence: [] as Evidence[],
  };
  const mod = inputs.goMods.find((m) => m.file === target);
  if (mod) {
    const t = mod.toolchain;
    if (t?.version && (step.major === undefined || step.major >= 6)) {
      const span = lineSpan(t.span);
      return {
        ...base,
        spec: { kind: "version", version: t.version },
        file: mod.file,
        span,
        what: `${mod.file} toolchain ${t.name} via actions/setup-go go-version-file`,
        versionText: { file: mod.file, span, text: t.name, kind: "toolchain" },
      };
    }
    if (!mod.go) return undefined;
    // setup-go's regex ^go (\d+(\.\d+)*) reads 1.21 from 1.21rc1.
    const numeric = /^[0-9]+(\.[0-9]+)*/.exec(mod.go.text)?.[0] ?? mod.go.text;
    const v = parseGoModVersion(numeric);
    const span = lineSpan(mod.go.span);
    return {
      ...base,
      spec: v ? { kind: "version", version: v } : { kind: "unknown", reason: mod.go.text },
      file: mod.file,
      span,
      what: `${mod.file} go ${mod.go.text} via actions/setup-go go-version-file`,
      versionText: { file: mod.file, span, text: mod.go.text, kind: "go-line" },
    };
  }
  const vf = inputs.versionFiles.find((f) => f.path === target);
  if (vf) {
    const d = versionFileValue(vf);
    if (d)
      return {
        ...d,
        proof: "proven",
        source: "setup-go",
        what: `${d.what} via actions/setup-go go-version-file`,
      };
  }
  return undefined;
}

function versionFileDecision(files: RepoFile[], scopeDir: string): BuildDecision | undefined {
  let best: RepoFile | undefined;
  for (const f of files) {
    const d = dirOf(f.path);
    if (!isWithin(scopeDir, d)) continue;
    // Nearest directory first; .go-version before .tool-versions in the same directory.
    if (
      !best ||
      d.length > dirOf(best.path).length ||
      (d.length === dirOf(best.path).length && f.path.endsWith(".go-version"))
    ) {
      best = f;
    }
  }
  return best ? versionFileValue(best) : undefined;
}

function versionFileValue(f: RepoFile): BuildDecision | undefined {
  const lines = f.text.replace(/^\uFEFF/, "").split("\n");
  const isToolVersions = f.path.endsWith(".tool-versions");
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? "").replace(/\r$/, "");
    let value: string | undefined;
    let startCol = 0;
    if (isToolVersions) {
      const m = /^(golang|go)\s+(\S+)/.exec(line);
      if (!m) continue;
      value = m[2];
      startCol = line.indexOf(value ?? "", (m[1] ?? "").length);
    } else {
      if (line.trim() === "" || line.trim().startsWith("#")) continue;
      value = line.trim();
      startCol = line.indexOf(value);
    }
    if (value === undefined) continue;
    const spec: VersionSpec = parseVersionFileValue(value);
    const column = utf8Length(line, 0, startCol) + 1;
    const span: Span = {
      line: i + 1,
      column,
      endLine: i + 1,
      endColumn: column + utf8Length(value),
    };
    return {
      spec,
      windows: false,
      proof: "suggested",
      source: "version-file",
      file: f.path,
      span,
      what: `${f.path} ${value}`,
      evidence: [],
      versionText: { file: f.path, span, text: value, kind: "version-file" },
    };
  }
  return undefined;
}
