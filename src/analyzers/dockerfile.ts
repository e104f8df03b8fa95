// A Dockerfile model on top of a tokenizer (dockerfile-lite.ts, or dockerfile-ast for what it
// leaves): stages, base images with ARG expansion, stage inheritance, COPY --from, ENV per stage
// with BuildKit's variable expansion, and the command the container runs. The tokenizers do not
// evaluate anything; BuildKit semantics (moby/buildkit frontend/dockerfile) are re-implemented here.
import type { DfDocument, DfInstruction, DfRange } from "./dockerfile-view.ts";
import { tokenizeDockerfile } from "./dockerfile-lite.ts";
import { fastReadersEnabled } from "./fast-readers.ts";
import { LineIndex, lineEnding } from "../parse/positions.ts";
import { PersistentMap } from "./persistent-map.ts";
import { snippet } from "./snippet.ts";

/** A place in the file: 1-based lines, 1-based UTF-8 byte columns, end exclusive. */
export interface Span {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface DockerfileError {
  file: string;
  line: number;
  message: string;
}

export interface ImageRef {
  /** Expanded reference as written after ARG substitution. */
  ref: string;
  registry: string | undefined;
  /** Repository path without registry: "golang", "library/golang", "circleci/golang". */
  path: string;
  tag: string | undefined;
  digest: string | undefined;
}

export type StageBase =
  | { kind: "stage"; stage: number }
  | { kind: "scratch" }
  | { kind: "image"; image: ImageRef }
  | { kind: "unknown"; reason: string };

export interface ArgUse {
  name: string;
  /** The default value as written (unexpanded), undefined for `ARG NAME`. */
  raw: string | undefined;
  /** Span of the default value text, for edits. */
  valueSpan: Span | undefined;
  span: Span;
}

export interface FromInfo {
  span: Span;
  /** The image argument as written. */
  rawImage: string;
  /** Span of the image argument. */
  imageSpan: Span;
  /** The image after ARG expansion; undefined when the FROM has no image. */
  image: string | undefined;
  platform: string | undefined;
  /** Global ARGs whose values went into the image or platform (for evidence and edits). */
  argsUsed: ArgUse[];
}

export interface EnvAssignment {
  key: string;
  /** The value as written, with quotes and escapes (dockerfile-ast "unescaped" text). */
  raw: string;
  /** The value after BuildKit word processing and expansion at that point of the stage. */
  value: string;
  /** `ENV KEY value with spaces` (deprecated form). */
  legacy: boolean;
  /** The property: name through value. */
  span: Span;
  valueSpan: Span | undefined;
  /** The whole instruction and how many properties it holds. */
  instruction: Span;
  propertyCount: number;
  stage: number;
}

export interface CopyFrom {
  /** The --from value after expansion. */
  ref: string;
  /** The stage it names, if any. */
  stage: number | undefined;
  span: Span;
}

/**
 * `GODEBUG=...` given to the process: ENTRYPOINT/CMD through `env`, a shell-form prefix, or a
 * prefix in the script of an exec-form `sh -c`.
 */
export interface CommandEnv {
  key: string;
  value: string;
  /**
   * Span of the whole `KEY=value` word (for `env`'s exec form: the JSON string including quotes;
   * in an `sh -c` script: the word inside the string).
   */
  span: Span;
  /** `env` in exec form (JSON array); false for a shell word, in shell form or an `sh -c` script. */
  exec: boolean;
  /** The shell an exec-form `sh -c` names (`sh`, `/bin/bash`...); undefined otherwise. */
  shell?: string;
  instruction: "ENTRYPOINT" | "CMD";
}

export interface RunEnv {
  key: string;
  value: string;
  span: Span;
}

export interface Stage {
  index: number;
  /** Lower-cased `AS` name. */
  name: string | undefined;
  from: FromInfo;
  base: StageBase;
  /** ENV assignments of this stage only, in order. */
  envs: EnvAssignment[];
  /** ARG instructions inside the stage. */
  args: ArgUse[];
  copyFrom: CopyFrom[];
  /** COPY/ADD from the build context (not --from). */
  copiesFromContext: boolean;
  /** `GODEBUG=...` prefixes and exports in RUN commands (build time only). */
  runEnv: RunEnv[];
  entrypoint: CommandEnv[] | undefined;
  cmd: CommandEnv[] | undefined;
  hasEntrypoint: boolean;
  hasCmd: boolean;
  /** Last line of the stage (1-based). */
  endLine: number;
}

export interface DockerfileModel {
  file: string;
  text: string;
  escape: string;
  eol: "\n" | "\r\n";
  globalArgs: ArgUse[];
  stages: Stage[];
  errors: DockerfileError[];
  /** Lines whose trailing escaped escape character dockerfile-ast took for a continuation. */
  patchedLines: number[];
}

/** The final (last) stage; the image `docker build` produces without --target. */
export function finalStage(model: DockerfileModel): Stage | undefined {
  return model.stages[model.stages.length - 1];
}

/** The stage itself, then the stage it is built FROM, and so on (nearest first). */
export function stageChain(model: DockerfileModel, stage: Stage): Stage[] {
  const chain: Stage[] = [];
  const seen = new Set<number>();
  let s: Stage | undefined = stage;
  while (s && !seen.has(s.index)) {
    chain.push(s);
    seen.add(s.index);
    s = s.base.kind === "stage" ? model.stages[s.base.stage] : undefined;
  }
  return chain;
}

/** The image at the root of a stage's FROM chain. */
export function rootBase(model: DockerfileModel, stage: Stage): StageBase {
  return rootStage(model, stage).base;
}

const roots = new WeakMap<DockerfileModel, number[]>();

/**
 * The stage at the root of a stage's FROM chain. Computed for every stage at once (a stage is
 * built FROM an earlier one only), so asking for each of 10,000 chained stages stays linear.
 */
export function rootStage(model: DockerfileModel, stage: Stage): Stage {
  let r = roots.get(model);
  if (!r) {
    r = [];
    for (const s of model.stages) {
      const parent = s.base.kind === "stage" ? s.base.stage : -1;
      r.push(parent >= 0 && parent < s.index ? r[parent]! : s.index);
    }
    roots.set(model, r);
  }
  return model.stages[r[stage.index] ?? stage.index] ?? stage;
}

/** Every stage whose files or config can reach `stage`: its FROM chain and COPY --from sources, transitively. */
export function contributingStages(model: DockerfileModel, stage: Stage): Stage[] {
  const seen = new Set<number>();
  const order: Stage[] = [];
  // Depth-first, base before COPY --from sources, with an explicit stack: 10,000 chained stages
  // must not overflow the call stack.
  const stack: Stage[] = [stage];
  while (stack.length > 0) {
    const s = stack.pop()!;
    if (seen.has(s.index)) continue;
    seen.add(s.index);
    order.push(s);
    const next: Stage[] = [];
    if (s.base.kind === "stage") {
      const b = model.stages[s.base.stage];
      if (b) next.push(b);
    }
    for (const c of s.copyFrom) {
      const src = c.stage === undefined ? undefined : model.stages[c.stage];
      if (src) next.push(src);
    }
    for (let i = next.length - 1; i >= 0; i--) stack.push(next[i]!);
  }
  return order;
}

export interface EffectiveVar {
  value: string;
  /** The assignment that set it last. */
  assignment: EnvAssignment | CommandEnv;
  /** Every assignment to this key in the chain, in order. */
  history: (EnvAssignment | CommandEnv)[];
}

/**
 * The environment of the container's process for `stage`: ENV of the stage and every stage it is
 * built FROM (later replaces earlier), then `env KEY=...` in the effective ENTRYPOINT/CMD.
 */
export function runtimeEnv(model: DockerfileModel, stage: Stage): Map<string, EffectiveVar> {
  const env = new Map<string, EffectiveVar>();
  const chain = stageChain(model, stage).reverse();
  for (const s of chain) {
    for (const a of s.envs) {
      const prev = env.get(a.key);
      env.set(a.key, { value: a.value, assignment: a, history: [...(prev?.history ?? []), a] });
    }
  }
  for (const c of effectiveCommandEnv(chain)) {
    const prev = env.get(c.key);
    env.set(c.key, { value: c.value, assignment: c, history: [...(prev?.history ?? []), c] });
  }
  return env;
}

/** The ENTRYPOINT if any stage in the chain sets one (the last wins), else the last CMD. */
function effectiveCommandEnv(chainRootFirst: Stage[]): CommandEnv[] {
  let entry: CommandEnv[] | undefined;
  let cmd: CommandEnv[] | undefined;
  for (const s of chainRootFirst) {
    if (s.hasEntrypoint) {
      entry = s.entrypoint ?? [];
      cmd = undefined; // Docker resets an inherited CMD when ENTRYPOINT is set.
    }
    if (s.hasCmd) cmd = s.cmd ?? [];
  }
  return entry ?? cmd ?? [];
}

// -------------------------------------------------------------------------------------------------
// Parsing

const KNOWN = new Set([
  "ADD",
  "ARG",
  "CMD",
  "COPY",
  "ENTRYPOINT",
  "ENV",
  "EXPOSE",
  "FROM",
  "HEALTHCHECK",
  "LABEL",
  "MAINTAINER",
  "ONBUILD",
  "RUN",
  "SHELL",
  "STOPSIGNAL",
  "USER",
  "VOLUME",
  "WORKDIR",
]);

/** Stands in for an escape character that ends a line after another escape character. */
const PATCH_CHAR = "\uE000";

/** Parses a Dockerfile; never throws (a failure becomes an error entry and an empty model). */
export function parseDockerfile(file: string, text: string): DockerfileModel {
  const model: DockerfileModel = {
    file,
    text,
    escape: "\\",
    eol: lineEnding(text),
    globalArgs: [],
    stages: [],
    errors: [],
    patchedLines: [],
  };
  try {
    build(model);
  } catch (e) {
    model.errors.push({
      file,
      line: 1,
      message: `cannot parse Dockerfile: ${e instanceof Error ? e.message : String(e)}`,
    });
  }
  model.errors.sort((a, b) => a.line - b.line);
  return model;
}

/**
 * BuildKit's continuation regex is `([^\\])\\[ \t]*$|^\\[ \t]*$` (with the escape character):
 * `RUN echo \\` ends the instruction. dockerfile-ast continues it and swallows the next line, so
 * such a final escape is replaced by a same-length placeholder before parsing.
 */
export function patchEscapedLineEnds(
  text: string,
  escape: string,
): { text: string; lines: number[] } {
  const lines = text.split("\n");
  const patched: number[] = [];
  lines.forEach((line, i) => {
    // Scanned from the end by hand: a regex ending in `[ \t]*$` backtracks on long space runs.
    let end = line.length;
    if (line.charCodeAt(end - 1) === 13) end--;
    while (end > 0 && (line[end - 1] === " " || line[end - 1] === "\t")) end--;
    if (end < 2 || line[end - 1] !== escape || line[end - 2] !== escape) return;
    const at = end - 1;
    lines[i] = line.slice(0, at) + PATCH_CHAR + line.slice(at + 1);
    patched.push(i + 1);
  });
  return { text: lines.join("\n"), lines: patched };
}

/** dockerfile-ast's reader, once loaded (see loadFullDockerfileParser). */
let fullParser: ((text: string) => DfDocument) | undefined;

/**
 * Loads dockerfile-ast for the Dockerfiles the fast tokenizer leaves; parseDockerfile needs it
 * loaded for those (needsFullParser says which).
 */
export async function loadFullDockerfileParser(): Promise<void> {
  fullParser ??= (await import("./dockerfile-ast-view.ts")).viewDockerfile;
}

/** The fast tokenizer's reading of a text, or undefined where dockerfile-ast must read it. */
function liteTokens(text: string): DfDocument | undefined {
  const lite = fastReadersEnabled() ? tokenizeDockerfile(text) : undefined;
  // A line ending in an escaped escape character is a quirk only the full parser is patched for.
  return lite && patchEscapedLineEnds(text, lite.escape).lines.length === 0 ? lite : undefined;
}

/** What needsFullParser read, kept for the parse of the same text that follows it (once). */
const readAhead = new Map<string, DfDocument>();

/** Whether parsing this text takes dockerfile-ast (loadFullDockerfileParser first). */
export function needsFullParser(text: string): boolean {
  const lite = liteTokens(text);
  if (lite) readAhead.set(text, lite);
  return lite === undefined;
}

/** The text's tokens, and the lines whose escaped escape character had to be patched. */
function tokens(text: string): { doc: DfDocument; patchedLines: number[] } {
  const ahead = readAhead.get(text);
  readAhead.delete(text);
  const lite = ahead ?? liteTokens(text);
  if (lite) return { doc: lite, patchedLines: [] };
  if (!fullParser) throw new Error("the full Dockerfile parser is not loaded");
  const first = fullParser(text);
  const patch = patchEscapedLineEnds(text, first.escape);
  const doc = patch.lines.length > 0 ? fullParser(patch.text) : first;
  return { doc: { ...doc, escape: first.escape }, patchedLines: patch.lines };
}

function build(model: DockerfileModel): void {
  const { file, text } = model;
  const { doc: df, patchedLines } = tokens(text);
  model.escape = df.escape;
  checkDirectives(model);
  model.patchedLines = patchedLines;
  const index = new LineIndex(text);
  const span = (r: DfRange): Span => ({
    line: r.start.line + 1,
    column: index.byteColumn(r.start.line, r.start.character),
    endLine: r.end.line + 1,
    endColumn: index.byteColumn(r.end.line, r.end.character),
  });
  const esc = model.escape;
  const word = (raw: string, vars: Vars): string =>
    processWord(raw, vars, esc).split(PATCH_CHAR).join(esc);

  const globals = new Map<string, string | undefined>();
  let stage: Stage | undefined;
  // Build-time variables inside the current stage: ARGs (re-imported globals and new ones) and ENV.
  let stageArgs = new Map<string, string | undefined>();
  let stageEnv = new Map<string, string>();
  // ENV inherited from the parent stage: looked up, never copied (a long FROM chain stays linear).
  let inherited = PersistentMap.EMPTY;
  // Stage names and the environment each stage hands its children, computed once.
  const byName = new Map<string, number>();
  const handed: PersistentMap[] = [];
  let hint: string | undefined;

  // A view, not a copy: copying every variable per instruction is quadratic in the stage's size.
  const scope = (): Vars => ({
    // ENV, the stage's own or inherited, overrides an ARG of the same name (as in BuildKit).
    get: (k) =>
      stageEnv.has(k) ? stageEnv.get(k) : inherited.has(k) ? inherited.get(k) : stageArgs.get(k),
  });

  // The environment a stage hands to children built FROM it: the parent's, then its own ENV.
  const handedEnv = (s: Stage): PersistentMap => {
    let out = inherited;
    for (const a of s.envs) out = out.set(a.key, a.value);
    return out;
  };
  // The last declaration of each global ARG (globals only change before the first FROM).
  let lastGlobal: Map<string, ArgUse> | undefined;
  const globalArgByName = (): Map<string, ArgUse> => {
    if (!lastGlobal) {
      lastGlobal = new Map();
      for (const a of model.globalArgs) lastGlobal.set(a.name, a);
    }
    return lastGlobal;
  };

  for (const ins of df.instructions) {
    const keyword = ins.keyword;
    const insSpan = span(ins.range);
    if (!KNOWN.has(keyword)) {
      // The file is scanned for a misplaced escape directive once, not once per instruction.
      if (hint === undefined) {
        const line = misplacedEscape(text);
        hint = line
          ? `; the "# escape=" line ${line} is only a comment (a parser directive must come before any blank line, comment or instruction), so the escape character is still ${model.escape}`
          : "";
      }
      model.errors.push({
        file,
        line: insSpan.line,
        message: `unknown instruction: ${snippet(ins.instruction)} (expected a Dockerfile instruction such as FROM, RUN, ENV${hint})`,
      });
      continue;
    }
    if (keyword === "FROM") {
      if (stage) {
        stage.endLine = insSpan.line - 1;
        handed[stage.index] = handedEnv(stage);
      }
      const s = fromStage(model, ins, insSpan, globals, span, word, byName, globalArgByName());
      model.stages.push(s);
      if (s.name !== undefined && !byName.has(s.name)) byName.set(s.name, s.index);
      stage = s;
      stageArgs = new Map();
      stageEnv = new Map();
      // ENV inherited from a parent stage is visible to expansion in the child.
      inherited =
        s.base.kind === "stage"
          ? (handed[s.base.stage] ?? PersistentMap.EMPTY)
          : PersistentMap.EMPTY;
      continue;
    }
    if (keyword === "ARG") {
      const p = ins.properties?.[0];
      if (!p) continue;
      const raw = p.unescapedValue ?? undefined;
      const use: ArgUse = {
        name: p.name,
        raw,
        valueSpan: p.valueRange ? span(p.valueRange) : undefined,
        span: insSpan,
      };
      if (!stage) {
        model.globalArgs.push(use);
        globals.set(use.name, raw === undefined ? undefined : word(raw, globals));
        lastGlobal = undefined;
      } else {
        stage.args.push(use);
        const value =
          raw === undefined
            ? globals.has(use.name)
              ? globals.get(use.name)
              : undefined
            : word(raw, scope());
        stageArgs.set(use.name, value);
      }
      continue;
    }
    if (!stage) {
      model.errors.push({
        file,
        line: insSpan.line,
        message: `${keyword} before the first FROM (only ARG may precede FROM)`,
      });
      continue;
    }
    if (keyword === "ENV") {
      const props = ins.properties ?? [];
      // BuildKit expands every value of one ENV with the environment from before the instruction.
      const before = new Map<string, string | undefined>();
      const vars: Vars = {
        get: (k) => (before.has(k) ? before.get(k) : scope().get(k)),
      };
      for (const p of props) if (!before.has(p.name)) before.set(p.name, scope().get(p.name));
      for (const p of props) {
        const raw = p.unescapedValue ?? "";
        const legacy = p.assignmentOperator === null && raw !== "";
        const value = word(raw, vars);
        const vr = p.valueRange;
        const a: EnvAssignment = {
          key: p.name,
          raw,
          value,
          legacy,
          span: span(p.range),
          valueSpan: vr ? span(vr) : undefined,
          instruction: insSpan,
          propertyCount: props.length,
          stage: stage.index,
        };
        stage.envs.push(a);
        stageEnv.set(a.key, value);
      }
      continue;
    }
    if (keyword === "COPY" || keyword === "ADD") {
      const flag = keyword === "COPY" ? ins.fromFlag : fromFlagOf(ins);
      const value = flag?.value;
      if (flag && value) {
        const ref = word(value, scope());
        stage.copyFrom.push({
          ref,
          stage: resolveStageRef(byName, ref, stage.index),
          span: span(flag.range),
        });
      } else {
        stage.copiesFromContext = true;
      }
      continue;
    }
    if (keyword === "RUN") {
      stage.runEnv.push(...runGodebug(ins, span));
      continue;
    }
    if (keyword === "ENTRYPOINT" || keyword === "CMD") {
      const which = keyword;
      const at = (p: DfRange["start"]): number => index.lineStart(p.line) + p.character;
      const envs = commandEnv(ins, which, span, (r) => text.slice(at(r.start), at(r.end)));
      if (which === "ENTRYPOINT") {
        stage.hasEntrypoint = true;
        stage.entrypoint = envs;
      } else {
        stage.hasCmd = true;
        stage.cmd = envs;
      }
      continue;
    }
  }
  if (stage) stage.endLine = index.lineCount;
  if (model.stages.length === 0 && text.trim() !== "") {
    model.errors.push({ file, line: 1, message: "no FROM instruction (expected FROM <image>)" });
  }
}

/** The line of an `# escape=` comment that is not in the directive block at the top, if any. */
function misplacedEscape(text: string): number | undefined {
  const lines = text.replace(/^\uFEFF/, "").split("\n");
  let inDirectives = true;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    const directive = /^\s*#\s*([a-zA-Z]+)\s*=/.exec(line);
    if (inDirectives && directive) continue;
    inDirectives = false;
    if (directive && (directive[1] ?? "").toLowerCase() === "escape") return i + 1;
  }
  return undefined;
}

function checkDirectives(model: DockerfileModel): void {
  // dockerfile-ast silently falls back to "\" for a bad escape directive; BuildKit fails the build.
  const lines = model.text.replace(/^\uFEFF/, "").split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    // The value is trimmed by hand: `(.*?)\s*$` backtracks quadratically on a long space run.
    const m = /^\s*#\s*([a-zA-Z]+)\s*=/.exec(line);
    if (!m) break;
    const value = line.slice(m[0].length).trim();
    if ((m[1] ?? "").toLowerCase() === "escape" && value !== "\\" && value !== "`") {
      model.errors.push({
        file: model.file,
        line: i + 1,
        message: `invalid escape directive '${snippet(value)}' (expected \\ or \`)`,
      });
    }
  }
}

type SpanFn = (r: DfRange) => Span;

function fromStage(
  model: DockerfileModel,
  ins: DfInstruction,
  insSpan: Span,
  globals: Map<string, string | undefined>,
  span: SpanFn,
  word: (raw: string, vars: Vars) => string,
  byName: ReadonlyMap<string, number>,
  globalArgs: ReadonlyMap<string, ArgUse>,
): Stage {
  const index = model.stages.length;
  const imageRange = ins.imageRange;
  // getImage() keeps ${...} text; find the raw argument (first non-flag argument).
  const args = (ins.arguments ?? []).filter((a) => !a.value.startsWith("--"));
  const rawImage = args[0]?.value ?? "";
  const imageSpan = imageRange ? span(imageRange) : args[0] ? span(args[0].range) : insSpan;
  const argsUsed: ArgUse[] = [];
  const track = (raw: string): void => {
    for (const name of referencedVariables(raw)) {
      const decl = globalArgs.get(name);
      if (decl && !argsUsed.includes(decl)) argsUsed.push(decl);
    }
  };
  track(rawImage);
  const platformRaw = ins.platform ?? undefined;
  if (platformRaw) track(platformRaw);
  const image = rawImage === "" ? undefined : word(rawImage, globals);
  const platform = platformRaw === undefined ? undefined : word(platformRaw, globals);
  const nameArg = args[2]?.value;
  const name = args[1]?.value.toLowerCase() === "as" && nameArg ? nameArg.toLowerCase() : undefined;
  let base: StageBase;
  if (image === undefined || image === "") {
    base = {
      kind: "unknown",
      reason: rawImage === "" ? "FROM without an image" : `${snippet(rawImage)} expands to nothing`,
    };
    model.errors.push({
      file: model.file,
      line: insSpan.line,
      message:
        rawImage === ""
          ? "FROM without an image (expected FROM <image>[:tag] [AS name])"
          : `FROM ${snippet(rawImage)} expands to an empty image name (an ARG without a default?)`,
    });
  } else if (image.toLowerCase() === "scratch") {
    base = { kind: "scratch" };
  } else {
    const stageIndex = byName.get(image.toLowerCase()) ?? -1;
    base =
      stageIndex >= 0
        ? { kind: "stage", stage: stageIndex }
        : { kind: "image", image: parseImageRef(image) };
  }
  return {
    index,
    name,
    from: { span: insSpan, rawImage, imageSpan, image, platform, argsUsed },
    base,
    envs: [],
    args: [],
    copyFrom: [],
    copiesFromContext: false,
    runEnv: [],
    entrypoint: undefined,
    cmd: undefined,
    hasEntrypoint: false,
    hasCmd: false,
    endLine: insSpan.endLine,
  };
}

function fromFlagOf(ins: DfInstruction): { value: string | null; range: DfRange } | undefined {
  const m = /--from=(\S+)/.exec(ins.argumentsContent ?? "");
  if (!m) return undefined;
  const arg = (ins.arguments ?? []).find((a) => a.value.startsWith("--from="));
  return arg ? { value: m[1] ?? null, range: arg.range } : undefined;
}

function resolveStageRef(
  byName: ReadonlyMap<string, number>,
  ref: string,
  before: number,
): number | undefined {
  if (/^[0-9]+$/.test(ref)) {
    const n = Number(ref);
    return n < before ? n : undefined;
  }
  const i = byName.get(ref.toLowerCase());
  return i !== undefined && i < before ? i : undefined;
}

/** registry/path:tag@digest. A first component with "." or ":" or "localhost" is a registry. */
export function parseImageRef(ref: string): ImageRef {
  let rest = ref;
  let digest: string | undefined;
  const at = rest.indexOf("@");
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let registry: string | undefined;
  const slash = rest.indexOf("/");
  if (slash >= 0) {
    const first = rest.slice(0, slash);
    if (first.includes(".") || first.includes(":") || first === "localhost") {
      registry = first;
      rest = rest.slice(slash + 1);
    }
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(":");
  if (colon >= 0 && !rest.slice(colon).includes("/")) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  return { ref, registry, path: rest.toLowerCase(), tag, digest };
}

/** Images that ship the Go toolchain and use the golang tag grammar. */
export function isGolangImage(image: ImageRef): boolean {
  const parts = image.path.split("/");
  const last = parts[parts.length - 1];
  return last === "golang" || image.path === "cimg/go";
}

function runGodebug(ins: DfInstruction, span: SpanFn): RunEnv[] {
  const out: RunEnv[] = [];
  const range = ins.range;
  const text = ins.textContent ?? "";
  const lines = text.split("\n");
  lines.forEach((line, i) => {
    const re = /(?:^|[;&|(]\s*|\bexport\s+|\benv\s+|\s)GODEBUG=("[^"]*"|'[^']*'|[^\s;&|]*)/g;
    for (let m = re.exec(line); m; m = re.exec(line)) {
      // "ENV GODEBUG=" text inside a heredoc body is not a shell assignment. Only the text just
      // before the match is looked at: slicing or scanning the whole prefix is quadratic.
      if (afterEnvKeyword(line, m.index + m[0].length - (m[1] ?? "").length - "GODEBUG=".length))
        continue;
      const start = m.index + m[0].indexOf("GODEBUG=");
      const row = range.start.line + i;
      const startChar = i === 0 ? range.start.character + start : start;
      const value = (m[1] ?? "").replace(/^["']|["']$/g, "");
      out.push({
        key: "GODEBUG",
        value,
        span: span({
          start: { line: row, character: startChar },
          end: { line: row, character: startChar + m[0].length - m[0].indexOf("GODEBUG=") },
        }),
      });
    }
  });
  return out;
}

/** True when `ENV` (a whole word) and then only blanks come right before offset `end`. */
function afterEnvKeyword(line: string, end: number): boolean {
  let i = end;
  while (i > 0 && /\s/.test(line[i - 1]!)) i--;
  if (i < 3 || line.slice(i - 3, i) !== "ENV") return false;
  return i === 3 || !/\w/.test(line[i - 4]!);
}

function commandEnv(
  ins: DfInstruction,
  which: "ENTRYPOINT" | "CMD",
  span: SpanFn,
  textOf: (r: DfRange) => string,
): CommandEnv[] {
  const json = ins.exec?.strings ?? [];
  const out: CommandEnv[] = [];
  if (json.length > 0 && ins.exec?.openingBracket) {
    const first = json[0]?.value ?? "";
    if (/(^|\/)(sh|bash|dash|ash)$/.test(first) && json[1]?.value === "-c" && json[2])
      return scriptEnv(json[2], first, which, span, textOf);
    if (!/(^|\/)env$/.test(first)) return out;
    for (const j of json.slice(1)) {
      const v = j.value;
      if (v.startsWith("-")) continue; // env -u X, env -i: options
      const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(v);
      if (!m) break;
      out.push({
        key: m[1] ?? "",
        value: m[2] ?? "",
        span: span(j.range),
        exec: true,
        instruction: which,
      });
    }
    return out;
  }
  // Shell form: leading assignments, optionally after `exec` or `env`.
  const args = ins.arguments ?? [];
  for (const { at, key, value } of leadingAssignments(args.map((a) => a.value)))
    out.push({ key, value, span: span(args[at]!.range), exec: false, instruction: which });
  return out;
}

/**
 * The leading `KEY=value` words of a shell command, after `exec` or `env` (also between them),
 * up to the first other word or the first value `refuse` refuses; values lose their quotes.
 */
function leadingAssignments(
  words: string[],
  refuse?: (value: string) => boolean,
): { at: number; key: string; value: string }[] {
  const out: { at: number; key: string; value: string }[] = [];
  let i = 0;
  while (i < words.length && /^(exec|env)$/.test(words[i]!)) i++;
  for (; i < words.length; i++) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(words[i]!);
    const value = m?.[2] ?? "";
    if (!m || refuse?.(value)) break;
    out.push({ at: i, key: m[1] ?? "", value: value.replace(/^"(.*)"$|^'(.*)'$/s, "$1$2") });
    while (i + 1 < words.length && /^(exec|env)$/.test(words[i + 1]!)) i++;
  }
  return out;
}

/**
 * The leading `KEY=value` words of an exec-form `sh -c` script (after `exec` or `env`), as the
 * shell form's are read. Only a script written as a plain JSON string on one line (no escape)
 * is read: there each word's place in the file is known, so a fix can rewrite that word alone.
 */
function scriptEnv(
  script: { value: string; range: DfRange },
  shell: string,
  which: "ENTRYPOINT" | "CMD",
  span: SpanFn,
  textOf: (r: DfRange) => string,
): CommandEnv[] {
  const out: CommandEnv[] = [];
  const { start, end } = script.range;
  if (start.line !== end.line) return out;
  // The string as written, quotes included (dockerfile-ast's value leaves its blanks out).
  const raw = textOf(script.range);
  if (raw.includes("\\") || !raw.startsWith('"') || !raw.endsWith('"')) return out;
  const words = [...raw.slice(1, -1).matchAll(/[^ \t]+/g)];
  // A quote opened in the word and closed further on: the value holds a blank, not read.
  const partlyQuoted = (value: string) => /^["']/.test(value) && !/^(".*"|'.*')$/s.test(value);
  for (const { at, key, value } of leadingAssignments(
    words.map((w) => w[0]),
    partlyQuoted,
  )) {
    const w = words[at]!;
    const from = start.character + 1 + w.index;
    out.push({
      key,
      value,
      span: span({
        start: { line: start.line, character: from },
        end: { line: start.line, character: from + w[0].length },
      }),
      exec: false,
      shell: shell.slice(shell.lastIndexOf("/") + 1),
      instruction: which,
    });
  }
  return out;
}

// -------------------------------------------------------------------------------------------------
// BuildKit word processing (frontend/dockerfile/shell/lex.go), enough for ENV, ARG and FROM values.

/** What variable expansion looks names up in. */
export interface Vars {
  get(name: string): string | undefined;
}

/** An expanded value is cut here (no real GODEBUG or image name comes near it). */
const MAX_EXPANDED_CHARS = 64 * 1024;
/** Deeper ${…} nesting is kept as text. */
const MAX_WORD_NESTING = 64;
// Sticky: matched at an offset without slicing the rest of the word (slicing is quadratic).
const BRACED_NAME = /[A-Za-z_][A-Za-z0-9_]*|[0-9]+/y;
const BARE_NAME = /[A-Za-z_][A-Za-z0-9_]*|[0-9]/y;

/** Names referenced by $v / ${v...} in a raw word. */
export function referencedVariables(raw: string): string[] {
  const out: string[] = [];
  const re = /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)|([A-Za-z_][A-Za-z0-9_]*))/g;
  for (let m = re.exec(raw); m; m = re.exec(raw)) out.push(m[1] ?? m[2] ?? "");
  return out;
}

/**
 * Quote removal, escapes and variable expansion: $v ${v} ${v:-w} ${v-w} ${v:+w} ${v+w}
 * (plus ${v#p} ${v%p} as prefix/suffix removal of literal text). Unset variables expand to "".
 * Single quotes are literal; inside double quotes only the escape before " $ and the escape itself
 * is removed.
 */
export function processWord(raw: string, vars: Vars, escape = "\\"): string {
  let i = 0;
  let depth = 0;
  // An ARG declared without a value is unset, as in BuildKit.
  const lookup = (name: string): string | undefined => vars.get(name);
  const readUntil = (stop: (c: string) => boolean, inBraces: boolean): string => {
    let out = "";
    let dq = false;
    while (i < raw.length) {
      // Plain text is copied a run at a time: a character at a time makes a long value (a
      // megabyte of spaces) a million string pieces for the garbage collector.
      let j = i;
      while (j < raw.length) {
        const ch = raw[j]!;
        if (ch === escape || ch === "'" || ch === '"' || ch === "$" || (!dq && stop(ch))) break;
        j++;
      }
      if (j > i) {
        out += raw.slice(i, j);
        i = j;
        continue;
      }
      const c = raw[i] ?? "";
      if (!dq && stop(c)) break;
      if (c === escape) {
        const next = raw[i + 1];
        if (next === undefined) {
          out += c;
          i++;
          continue;
        }
        if (dq && next !== '"' && next !== "$" && next !== escape) out += c;
        out += next;
        i += 2;
        continue;
      }
      if (c === "'" && !dq && !inBraces) {
        const end = raw.indexOf("'", i + 1);
        if (end < 0) {
          out += raw.slice(i + 1);
          i = raw.length;
        } else {
          out += raw.slice(i + 1, end);
          i = end + 1;
        }
        continue;
      }
      if (c === '"') {
        dq = !dq;
        i++;
        continue;
      }
      if (c === "$") {
        // ${a:-${a:-…}} nests: past a sane depth the rest is kept literally (no stack overflow).
        if (depth >= MAX_WORD_NESTING) {
          out += c;
          i++;
          continue;
        }
        depth++;
        out += dollar();
        depth--;
        // `ENV A=$A$A` doubles per line: an expanded value is cut at a bound instead.
        if (out.length > MAX_EXPANDED_CHARS) out = out.slice(0, MAX_EXPANDED_CHARS);
        continue;
      }
      out += c;
      i++;
    }
    return out;
  };
  const dollar = (): string => {
    i++; // $
    const c = raw[i];
    if (c === "{") {
      i++;
      BRACED_NAME.lastIndex = i;
      const m = BRACED_NAME.exec(raw);
      const name = m?.[0] ?? "";
      i += name.length;
      const value = lookup(name);
      let op = "";
      for (const candidate of [":-", ":+", "-", "+", "##", "#", "%%", "%"]) {
        if (raw.startsWith(candidate, i)) {
          op = candidate;
          break;
        }
      }
      i += op.length;
      const w = op === "" ? "" : readUntil((ch) => ch === "}", true);
      if (raw[i] === "}") i++;
      switch (op) {
        case "":
          return value ?? "";
        case ":-":
          return value === undefined || value === "" ? w : value;
        case "-":
          return value === undefined ? w : value;
        case ":+":
          return value === undefined || value === "" ? "" : w;
        case "+":
          return value === undefined ? "" : w;
        case "#":
        case "##":
          return (value ?? "").startsWith(w) ? (value ?? "").slice(w.length) : (value ?? "");
        default:
          return (value ?? "").endsWith(w)
            ? (value ?? "").slice(0, (value ?? "").length - w.length)
            : (value ?? "");
      }
    }
    BARE_NAME.lastIndex = i;
    const m = BARE_NAME.exec(raw);
    if (!m) return "$";
    i += m[0].length;
    return lookup(m[0]) ?? "";
  };
  return readUntil(() => false, false);
}

/**
 * Where to insert a new instruction right after a stage's FROM: the start of the next line, or the
 * end of the FROM line when it is the file's last line without a newline. `before`/`after` wrap the
 * inserted instruction so the file keeps its line endings.
 */
export function insertionAfterFrom(
  model: DockerfileModel,
  stage: Stage,
): { line: number; column: number; before: string; after: string } {
  const lines = linesOf(model);
  const fromEnd = Math.min(stage.from.span.endLine, lines.length);
  if (fromEnd < lines.length) return { line: fromEnd + 1, column: 1, before: "", after: model.eol };
  const last = (lines[fromEnd - 1] ?? "").replace(/\r$/, "");
  return { line: fromEnd, column: Buffer.byteLength(last) + 1, before: model.eol, after: "" };
}

const splitLines = new WeakMap<DockerfileModel, string[]>();

/** The model's lines, split once: fixes ask for them once per finding. */
export function linesOf(model: DockerfileModel): string[] {
  let lines = splitLines.get(model);
  if (!lines) splitLines.set(model, (lines = model.text.split("\n")));
  return lines;
}
