// The container-memory rules: madv-free-build, godebug-madvdontneed-off, godebug-not-at-runtime,
// godebug-ignored, godebug-overridden, gomod-godebug-invalid, go-unsupported. Joins what builds
// each binary (build/) to where it runs (run/, linked in link.ts) and judges each build by the
// places its process starts (site-rules.ts). Pure: inputs in, findings and errors out.
import {
  compareErrors,
  compareFindings,
  type AnalysisError,
  type AnalysisResult,
  type Edit,
  type Evidence,
  type Finding,
  type Fix,
} from "../../findings.ts";
import { utf8Length } from "../../parse/positions.ts";
import type { BuildInputs } from "../analyzer.ts";
import { collectBuilds, dockerBuildRecords, dockerfileTargets, linkSite } from "./link.ts";
import { readRunSites } from "./run/formats.ts";
import { dedupe, finding, IGNORED_TEXT, MADV_EXPLANATION } from "./finding.ts";
import {
  judgedSiteFindings,
  judgeSite,
  linkEvidence,
  madvSettingMatters,
  siteEvidence,
  siteFix,
  siteMadvFinding,
  unlinkedSiteFindings,
  type LinkedSite,
} from "./site-rules.ts";
import { usableGoDebug, isEnvAssignment } from "./run/dockerfile.ts";
import type { RunSite } from "./run/site.ts";
import {
  buildUnits,
  dirOf,
  parseWorkflow,
  type BuildDecision,
  type BuildUnit,
  type WorkflowInfo,
} from "./build/build-go.ts";
import {
  finalStage,
  insertionAfterFrom,
  linesOf,
  loadFullDockerfileParser,
  needsFullParser,
  parseDockerfile,
  stageChain,
  type CommandEnv,
  type DockerfileModel,
  type EnvAssignment,
  type Span,
  type Stage,
} from "../dockerfile.ts";
import { parseGoDebug, rewriteWithMadvDontNeed, setsMadvDontNeed } from "../godebug.ts";
import { parseGoMod, type GoMod } from "../gomod.ts";
import { deleteLine, GODEBUG_INVALID_TAIL } from "./godebug-invalid.ts";
import {
  formatGoVersion,
  endOfSupport,
  isUnsupported,
  latestRelease,
  parseDockerGoTag,
  releasesMadvFree,
  type GoRelease,
  type GoVersion,
} from "../go-version.ts";

export { analyzeGoDebugDirective, mayHaveGoDebugDirective } from "./godebug-invalid.ts";

export interface BuildOptions {
  /** "Today" for end-of-support checks; never the clock, so results are reproducible. */
  today: Date;
}

/**
 * Loads what analyzeBuilds needs for these inputs beyond the fast readers: dockerfile-ast, for a
 * Dockerfile the fast tokenizer leaves to it.
 */
export async function prepareBuilds(inputs: BuildInputs): Promise<void> {
  if (inputs.dockerfiles.some((f) => needsFullParser(f.text))) await loadFullDockerfileParser();
}

/** Runs the container-memory rules over builds and run sites. Never throws: a file that cannot be read becomes an error. */
export function analyzeBuilds(inputs: BuildInputs, options: BuildOptions): BuildsResult {
  const findings: Finding[] = [];
  const errors: AnalysisError[] = [];
  // Files whose analysis threw: named so the run does not report success for them.
  const failed = new Set<string>();
  const guard = <T>(file: string, what: string, fn: () => T): T | undefined => {
    try {
      return fn();
    } catch (e) {
      const text =
        e instanceof RangeError ? "too deeply nested" : e instanceof Error ? e.message : String(e);
      errors.push({ file, message: `${what}: ${text.split("\n")[0]!.slice(0, 200)}` });
      if (file !== "") failed.add(file);
      return undefined;
    }
  };

  const goMods: GoMod[] = [];
  for (const f of inputs.goMods) {
    const mod = guard(f.path, "cannot parse go.mod", () => parseGoMod(f.path, f.text));
    if (!mod) continue;
    goMods.push(mod);
    // The entry carries file and line; a "go.mod:3:" prefix would print them twice.
    errors.push(...mod.errors.map((e) => ({ file: e.file, line: e.line, message: e.message })));
    guard(f.path, "internal error", () => findings.push(...goModGodebugFindings(mod, f.text)));
  }
  const dockerfiles: DockerfileModel[] = [];
  for (const f of inputs.dockerfiles) {
    const df = guard(f.path, "cannot parse Dockerfile", () => parseDockerfile(f.path, f.text));
    if (!df) continue;
    dockerfiles.push(df);
    errors.push(...df.errors);
  }
  const workflows: WorkflowInfo[] = [];
  for (const f of inputs.workflows) {
    const wf = guard(f.path, "cannot read workflow", () => parseWorkflow(f));
    if (!wf) continue;
    workflows.push(wf);
    errors.push(...wf.errors);
  }
  // How images are built (names, --target stages), then units: one per image and per module.
  const runFiles = inputs.runFiles ?? [];
  const records =
    guard("", "cannot read image builds", () => dockerBuildRecords(inputs.workflows, runFiles)) ??
    [];
  // When the inputs cannot be connected as a whole, each Dockerfile is tried on its own, so one
  // hostile file does not drop every build finding of the repository.
  const all = { goMods, dockerfiles, workflows, versionFiles: inputs.versionFiles };
  const targets = guard("", "cannot read build targets", () => dockerfileTargets(records));
  let units: BuildUnit[];
  try {
    units = buildUnits(all, targets);
  } catch {
    units = [];
    const alone = { ...all, dockerfiles: [] };
    units.push(
      ...(guard("", "cannot connect build inputs", () => buildUnits(alone, targets)) ?? []),
    );
    for (const df of dockerfiles) {
      const one = guard(df.file, "cannot connect the Dockerfile to its build", () =>
        buildUnits({ ...alone, dockerfiles: [df] }, targets).filter((u) => u.dockerfile === df),
      );
      if (one) units.push(...one);
    }
  }

  // Run sites (Kubernetes, Helm, Compose, systemd, scripts), linked to the builds they run.
  const run = guard("", "cannot read run sites", () => readRunSites(runFiles, dockerfiles));
  if (run) errors.push(...run.errors);
  const builds = guard("", "cannot link run sites", () =>
    collectBuilds({
      units,
      records,
      dockerfiles,
      goMods,
      workflows: inputs.workflows,
      runFiles,
      goPaths: inputs.goPaths ?? [],
    }),
  ) ?? {
    list: [],
    byImage: new Map(),
    byBinary: new Map(),
    byDockerfile: new Map(),
    aliases: new Map(),
  };
  const linked = new Map<BuildUnit, LinkedSite[]>();
  const unlinked: RunSite[] = [];
  for (const site of run?.sites ?? []) {
    const link = guard(site.file, "cannot link run site", () => linkSite(site, builds));
    if (!link) {
      unlinked.push(site);
      continue;
    }
    const list = linked.get(link.build.unit) ?? [];
    list.push({ site, link });
    linked.set(link.build.unit, list);
  }

  const verdicts: BuildVerdict[] = [];
  for (const unit of units) {
    const file = unit.dockerfile?.file ?? unit.module?.file ?? "";
    guard(file, "internal error", () =>
      findings.push(...unitFindings(unit, options.today, linked.get(unit) ?? [], verdicts)),
    );
  }
  for (const site of unlinked)
    guard(site.file, "internal error", () => findings.push(...unlinkedSiteFindings(site)));
  return {
    findings: mergeFindings(findings),
    errors: errors.sort(compareErrors),
    verdicts,
    failed: [...failed].sort(),
  };
}

/** Run sites named one by one in a finding's evidence; the rest are counted. */
const MAX_SITE_EVIDENCE = 10;

/** Per build: is it Go 1.12–1.15, and does madvdontneed=1 reach every process where it starts? */
export interface BuildVerdict {
  /** The go.mod's folder, or the Dockerfile's when there is no go.mod. */
  dir: string;
  affected: boolean;
  fixedAtStart: boolean;
  evidence: Evidence[];
}

export interface BuildsResult extends AnalysisResult {
  verdicts: BuildVerdict[];
  /** Files whose analysis threw: named in errors, and never reported as passing. */
  failed: string[];
}

/**
 * godebug-set-too-late is found per Go file (in workers); its severity needs the build verdict:
 * error when the build is affected and nothing sets madvdontneed=1 where the process starts.
 */
export function settleSetTooLate(findings: Finding[], verdicts: BuildVerdict[]): Finding[] {
  return findings.map((f) => {
    if (f.rule !== "godebug-set-too-late") return f;
    let best: BuildVerdict[] = [];
    let bestLen = -1;
    for (const v of verdicts) {
      if (!(v.dir === "" || f.file.startsWith(`${v.dir}/`))) continue;
      if (v.dir.length > bestLen) {
        best = [v];
        bestLen = v.dir.length;
      } else if (v.dir.length === bestLen) best.push(v);
    }
    const bad = best.filter((v) => v.affected && !v.fixedAtStart);
    if (bad.length === 0) return f;
    return {
      ...f,
      severity: "error",
      evidence: [...f.evidence, ...bad.flatMap((v) => v.evidence)],
    };
  });
}

// -------------------------------------------------------------------------------------------------
// Per-unit rules

function unitFindings(
  unit: BuildUnit,
  today: Date,
  sites: LinkedSite[],
  verdicts: BuildVerdict[],
): Finding[] {
  const out: Finding[] = [];
  const rec = latestRelease(today);
  const df = unit.dockerfile;
  const final = df ? (unit.stage ?? finalStage(df)) : undefined;
  const { gd, wrapper } =
    df && final ? usableGoDebug(df, final) : { gd: undefined, wrapper: undefined };
  const parsed = gd ? parseGoDebug(gd.value) : undefined;
  const imageFixed = parsed?.madvdontneed !== undefined && parsed.madvdontneed !== 0;

  const affected = unit.decisions.filter(
    (d) => d.spec.kind === "version" && releasesMadvFree(d.spec.version) && !d.windows,
  );
  const knownUnaffected =
    unit.decisions.length > 0 &&
    unit.decisions.every(
      (d) =>
        d.windows ||
        d.spec.kind === "current" ||
        (d.spec.kind === "version" && !releasesMadvFree(d.spec.version)),
    );
  // Run sites that say what GODEBUG the process gets decide; with none, the image does, as before.
  const judged = sites
    .filter((s) => s.site.godebug.kind !== "unknown")
    .map((s) => judgeSite(s, df, final));
  const unknownEvidence: Evidence[] = sites.flatMap((s) =>
    s.site.godebug.kind === "unknown"
      ? [
          {
            file: s.site.godebug.file,
            line: s.site.godebug.line,
            message: `${s.site.label}: ${s.site.godebug.reason}; the image decides`,
          },
          linkEvidence(s),
        ]
      : [],
  );
  const runtimeFixed = judged.length > 0 ? judged.every((j) => j.status === "fixed") : imageFixed;
  const notAtRuntime =
    df && final && !runtimeFixed && !knownUnaffected ? buildOnlySettings(df, final) : [];
  const dir = unit.module ? dirOf(unit.module.file) : df ? dirOf(df.file) : "";
  verdicts.push({
    dir,
    affected: affected.length > 0,
    fixedAtStart: runtimeFixed,
    evidence: affected.map((d) => ({
      file: d.file,
      line: d.span.line,
      message: `built with ${d.what}`,
    })),
  });

  // madv-free-build: at the build line when no run site sets it, else at each site that lacks it.
  // The image's own ENV counts as a place that sets it (a VM's unit beside a fixed image).
  const imageSets: Evidence | undefined =
    df && gd && imageFixed
      ? {
          file: df.file,
          line: gd.assignment.span.line,
          message: `the image sets GODEBUG=${gd.value}`,
        }
      : undefined;
  const anyFixed =
    imageSets !== undefined ||
    judged.some((j) => j.status === "fixed" || j.status === "overridden");
  const lacking = judged.filter((j) => j.status === "lacking");
  if (!runtimeFixed && (judged.length === 0 || (!anyFixed && lacking.length > 0))) {
    for (const d of affected) {
      const v = (d.spec as { version: GoVersion }).version;
      const evidence = [...d.evidence];
      if (df && final) evidence.push(...runtimeEvidence(df, gd, notAtRuntime, final));
      // Many manifests can run one image: the first few are named, the rest counted.
      for (const j of lacking.slice(0, MAX_SITE_EVIDENCE)) evidence.push(...siteEvidence(j));
      const rest = lacking[MAX_SITE_EVIDENCE];
      if (rest)
        evidence.push({
          file: rest.site.site.file,
          line: rest.site.site.anchor.line,
          message: `and ${lacking.length - MAX_SITE_EVIDENCE} more run sites that start it without madvdontneed=1`,
        });
      evidence.push(...unknownEvidence);
      const who =
        d.proof === "proven"
          ? `The binary is built with Go ${formatGoVersion(v)} (${d.what})`
          : `${d.what} suggests the binary is built with Go ${formatGoVersion(v)} (no Dockerfile builder or CI setup-go says which Go builds it)`;
      const fixes: Fix[] = [];
      // The image's ENV helps only sites that inherit it; a site's own GODEBUG replaces it.
      const inherit = lacking.every((j) => j.from === "image");
      const runtime = df && inherit ? runtimeFix(df, final) : undefined;
      if (runtime) fixes.push(runtime);
      for (const j of lacking) {
        const f = siteFix(j.site.site);
        if (f) fixes.push(f);
      }
      const upgrade = versionFix(d, rec, true);
      if (upgrade) fixes.push(upgrade);
      const where =
        lacking.length > 0
          ? `Set GODEBUG=madvdontneed=1 where it starts (${lacking
              .slice(0, 3)
              .map((j) => j.site.site.label)
              .join("; ")}${lacking.length > 3 ? ` and ${lacking.length - 3} more` : ""})`
          : "Set ENV GODEBUG=madvdontneed=1 in the stage that runs the binary";
      out.push(
        finding("madv-free-build", d.proof === "proven" ? "error" : "warning", d.file, d.span, {
          message: `${who}: ${MADV_EXPLANATION}. ${where}, or build with Go >= 1.16 (better a supported release such as Go ${rec.version}).`,
          evidence,
          fixes,
        }),
      );
    }
  } else if (!runtimeFixed) {
    for (const d of affected) {
      for (const j of lacking)
        out.push(siteMadvFinding(j, d, judged, rec, imageSets, versionFix(d, rec, true)));
    }
  }
  for (const j of judged)
    out.push(...judgedSiteFindings(j, affected, knownUnaffected, unit.decisions));

  // godebug-madvdontneed-off
  if (df && gd && parsed?.madvdontneed === 0 && madvSettingMatters(unit.decisions)) {
    const fix = rewriteFix(
      df,
      gd.assignment,
      "Set madvdontneed=1 (on Go >= 1.16 dropping the setting works too: MADV_DONTNEED is the default)",
    );
    out.push(
      finding("godebug-madvdontneed-off", "error", df.file, gd.assignment.span, {
        message: `GODEBUG sets madvdontneed=0 where the binary runs: on every Go from 1.12 on (including 1.16 and later) that selects MADV_FREE, so RSS and cgroup usage stay at their peak after GC until the kernel is short of memory (monitors/autoscalers see a leak).`,
        evidence: historyEvidence(df, gd.history, gd.assignment),
        fixes: fix ? [fix] : [],
      }),
    );
  }

  // godebug-ignored
  if (
    df &&
    gd &&
    parsed &&
    parsed.madvdontneed === undefined &&
    parsed.ignored.length > 0 &&
    affected.length > 0
  ) {
    const first = parsed.ignored[0]!;
    const v = (affected[0]!.spec as { version: GoVersion }).version;
    const fix = rewriteFix(
      df,
      gd.assignment,
      "Rewrite GODEBUG in the form the runtime reads: comma-separated key=integer, no spaces",
    );
    out.push(
      finding("godebug-ignored", "error", df.file, gd.assignment.span, {
        message: `GODEBUG=${gd.value} names madvdontneed in a form the Go runtime silently ignores (${IGNORED_TEXT[first.reason]}): the runtime splits GODEBUG on "," and matches each key exactly, without trimming, and reads the value as an integer, so the binary built with Go ${formatGoVersion(v)} keeps releasing memory with MADV_FREE.`,
        evidence: affected.map((d) => ({
          file: d.file,
          line: d.span.line,
          message: `built with ${d.what}`,
        })),
        fixes: fix ? [fix] : [],
      }),
    );
  }

  // godebug-not-at-runtime: a wrapper the image cannot run
  if (df && final && wrapper && setsMadvDontNeed(wrapper.command.value)) {
    const c = wrapper.command;
    out.push(
      finding("godebug-not-at-runtime", "error", df.file, c.span, {
        message: `${c.instruction} sets GODEBUG through ${wrapper.tool}, which ${wrapper.image} does not have: the container fails to start, so madvdontneed=1 never reaches the binary. Set it with ENV in the final stage and start the binary directly.`,
        evidence: [
          {
            file: df.file,
            line: final.from.span.line,
            message: `the final stage is based on ${wrapper.image}`,
          },
        ],
        fixes: [],
      }),
    );
  }

  // godebug-not-at-runtime
  if (df && final) {
    for (const s of notAtRuntime) {
      const fixes: Fix[] = [];
      const runtime = runtimeFix(df, final);
      if (runtime && s.assignment) {
        const del = deleteAssignment(df, s.assignment);
        fixes.push({
          description: "Move the setting to the final stage, where the binary runs",
          edits: [del, ...runtime.edits],
        });
      } else if (runtime) {
        fixes.push(runtime);
      }
      out.push(
        finding("godebug-not-at-runtime", "error", df.file, s.span, {
          message: s.message,
          evidence: [
            {
              file: df.file,
              line: final.from.span.line,
              message: "the final stage, where the binary runs, does not set madvdontneed=1",
            },
          ],
          fixes,
        }),
      );
    }
  }

  // go-unsupported
  for (const d of unit.decisions) {
    if (d.spec.kind !== "version" || !isUnsupported(d.spec.version, today)) continue;
    const v = d.spec.version;
    const eos = endOfSupport(v);
    const since = eos ? ` since ${eos.toISOString().slice(0, 10)}` : "";
    const minimum =
      d.source === "go-line"
        ? " (the go line is a minimum; nothing else in the repository says which Go builds it)"
        : "";
    const fix = d.source === "go-line" ? undefined : versionFix(d, rec, false);
    out.push(
      finding("go-unsupported", "notice", d.file, d.span, {
        message: `Go ${v.major}.${v.minor} (${d.what}) has been out of support${since}${minimum}: it gets no security or bug fixes; a Go release is supported until two newer major releases ship, so upgrade to Go ${rec.version}.`,
        evidence: [],
        fixes: fix ? [fix] : [],
      }),
    );
  }
  return out;
}

interface BuildOnlySetting {
  kind: "env" | "run" | "arg";
  span: Span;
  message: string;
  /** The ENV assignment, for kind "env". */
  assignment?: EnvAssignment;
}

/** madvdontneed=1 set where the running binary cannot see it: other stages' ENV, RUN, ARG. */
function buildOnlySettings(
  df: DockerfileModel,
  final: Stage | undefined = finalStage(df),
): BuildOnlySetting[] {
  if (!final) return [];
  const runtimeStages = new Set(stageChain(df, final).map((s) => s.index));
  const out: BuildOnlySetting[] = [];
  for (const s of df.stages) {
    const label = s.name ? `stage "${s.name}"` : `stage ${s.index}`;
    if (!runtimeStages.has(s.index)) {
      for (const a of s.envs) {
        if (a.key !== "GODEBUG" || !setsMadvDontNeed(a.value)) continue;
        out.push({
          kind: "env",
          span: a.span,
          assignment: a,
          message: `GODEBUG=${a.value} is set in ${label}, which is not the final stage or one it is built FROM: ENV does not cross stages (COPY --from copies files only), so the running binary never sees it, and the build ignores GODEBUG.`,
        });
      }
    }
    for (const r of s.runEnv) {
      if (!setsMadvDontNeed(r.value)) continue;
      out.push({
        kind: "run",
        span: r.span,
        message: `GODEBUG=${r.value} on a RUN command applies only to that build step: GODEBUG is read when the binary starts, from the environment where it runs.`,
      });
    }
  }
  for (const a of [...df.globalArgs, ...df.stages.flatMap((s) => s.args)]) {
    if (
      a.name !== "GODEBUG" ||
      a.raw === undefined ||
      !setsMadvDontNeed(a.raw.replace(/^["']|["']$/g, ""))
    )
      continue;
    out.push({
      kind: "arg",
      span: a.span,
      message: `ARG GODEBUG=${a.raw} is a build argument, not part of the image's environment: the running binary never sees it.`,
    });
  }
  return out;
}

function runtimeEvidence(
  df: DockerfileModel,
  gd:
    | {
        value: string;
        assignment: EnvAssignment | CommandEnv;
        history: (EnvAssignment | CommandEnv)[];
      }
    | undefined,
  buildOnly: BuildOnlySetting[],
  final: Stage | undefined = finalStage(df),
): Evidence[] {
  const out: Evidence[] = [];
  if (final && !gd) {
    out.push({
      file: df.file,
      line: final.from.span.line,
      message: "the final stage, where the binary runs, sets no GODEBUG",
    });
  }
  if (gd) out.push(...historyEvidence(df, gd.history, gd.assignment));
  for (const b of buildOnly)
    out.push({
      file: df.file,
      line: b.span.line,
      message: "madvdontneed=1 here does not reach the running binary",
    });
  return out;
}

function historyEvidence(
  df: DockerfileModel,
  history: (EnvAssignment | CommandEnv)[],
  effective: EnvAssignment | CommandEnv,
): Evidence[] {
  const out: Evidence[] = [];
  for (const h of history) {
    if (h === effective) continue;
    if (setsMadvDontNeed(h.value)) {
      out.push({
        file: df.file,
        line: h.span.line,
        message: `GODEBUG=${h.value} here is replaced by line ${effective.span.line} (a later ENV replaces the whole value)`,
      });
    }
  }
  out.push({
    file: df.file,
    line: effective.span.line,
    message: `the running binary sees GODEBUG=${effective.value}`,
  });
  return out;
}

// -------------------------------------------------------------------------------------------------
// Fixes

function edit(file: string, span: Span, text: string): Edit {
  return {
    file,
    startLine: span.line,
    startColumn: span.column,
    endLine: span.endLine,
    endColumn: span.endColumn,
    text,
  };
}

/** Makes the final stage's environment carry madvdontneed=1: merge into its GODEBUG, or add an ENV. */
export function runtimeFix(
  df: DockerfileModel,
  final: Stage | undefined = finalStage(df),
): Fix | undefined {
  if (!final) return undefined;
  const { gd } = usableGoDebug(df, final);
  if (gd) {
    return rewriteFix(
      df,
      gd.assignment,
      "Add madvdontneed=1 to the GODEBUG the running binary sees, keeping its other settings",
    );
  }
  const at = insertionAfterFrom(df, final);
  return {
    description: "Set ENV GODEBUG=madvdontneed=1 in the final stage, where the binary runs",
    edits: [
      {
        file: df.file,
        startLine: at.line,
        startColumn: at.column,
        endLine: at.line,
        endColumn: at.column,
        text: `${at.before}ENV GODEBUG=madvdontneed=1${at.after}`,
      },
    ],
    // The stage sets no GODEBUG: only how freed memory is returned changes.
    safe: true,
  };
}

/** Rewrites one GODEBUG assignment into the accepted form with madvdontneed=1. */
function rewriteFix(
  df: DockerfileModel,
  a: EnvAssignment | CommandEnv,
  description: string,
): Fix | undefined {
  if (isEnvAssignment(a)) {
    const value = rewriteWithMadvDontNeed(a.raw);
    if (a.legacy || !a.valueSpan)
      return { description, edits: [edit(df.file, a.span, `GODEBUG=${value}`)] };
    return { description, edits: [edit(df.file, a.valueSpan, value)] };
  }
  const value = rewriteWithMadvDontNeed(a.value);
  return {
    description,
    edits: [
      edit(df.file, a.span, a.exec ? JSON.stringify(`GODEBUG=${value}`) : `GODEBUG=${value}`),
    ],
  };
}

/** Deletes an ENV assignment: the whole instruction when it is the only one, else the property. */
function deleteAssignment(df: DockerfileModel, a: EnvAssignment): Edit {
  const lines = linesOf(df);
  if (a.propertyCount === 1) {
    const endLine = a.instruction.endLine;
    if (endLine < lines.length) {
      return {
        file: df.file,
        startLine: a.instruction.line,
        startColumn: 1,
        endLine: endLine + 1,
        endColumn: 1,
        text: "",
      };
    }
    const last = (lines[endLine - 1] ?? "").replace(/\r$/, "");
    return {
      file: df.file,
      startLine: a.instruction.line,
      startColumn: 1,
      endLine,
      endColumn: utf8Length(last) + 1,
      text: "",
    };
  }
  const line = lines[a.span.line - 1] ?? "";
  // Take the whitespace before the property with it.
  let col = a.span.column;
  const before = Buffer.from(line, "utf8")
    .subarray(0, col - 1)
    .toString("utf8");
  const ws = /[ \t]+$/.exec(before)?.[0].length ?? 0;
  col -= ws;
  return { ...edit(df.file, a.span, ""), startColumn: col };
}

/** Rewrites the version where it is written, to the recommended release (or 1.16 on a go line). */
function versionFix(d: BuildDecision, rec: GoRelease, madv: boolean): Fix | undefined {
  const t = d.versionText;
  if (!t) return undefined;
  switch (t.kind) {
    case "docker-tag": {
      const tag = parseDockerGoTag(t.text);
      const variant = tag.variant.startsWith("alpine")
        ? "-alpine"
        : /^(jessie|stretch|buster|bullseye)$/.test(tag.variant) || tag.variant === ""
          ? ""
          : `-${tag.variant}`;
      return {
        description: `Build with Go ${rec.version}, a supported release${madv ? " (every Go >= 1.16 returns memory with MADV_DONTNEED)" : ""}`,
        edits: [edit(t.file, t.span, `${rec.version}${variant}`)],
      };
    }
    case "arg-default": {
      const v = d.spec.kind === "version" ? d.spec.version.raw : "";
      if (!v || !t.text.includes(v)) return undefined;
      return {
        description: `Build with Go ${rec.version}, a supported release (change the default; a --build-arg may also set it)`,
        edits: [edit(t.file, t.span, t.text.replace(v, rec.version))],
      };
    }
    case "yaml-scalar":
      return {
        description: `Install Go ${rec.version}, a supported release, with actions/setup-go (quoted, so YAML keeps it a string)`,
        edits: [edit(t.file, t.span, `"${rec.version}"`)],
      };
    case "go-line":
      if (!madv) return undefined;
      return {
        description: `Raise the go line to 1.16, the first release that returns memory with MADV_DONTNEED; better, build with a supported release such as Go ${rec.version}`,
        edits: [edit(t.file, t.span, "1.16")],
      };
    case "toolchain":
      return {
        description: `Suggest toolchain go${rec.lastPatch}, a supported release`,
        edits: [edit(t.file, t.span, `go${rec.lastPatch}`)],
      };
    case "version-file":
      return {
        description: `Pin Go ${rec.lastPatch}, a supported release`,
        edits: [edit(t.file, t.span, rec.lastPatch)],
      };
  }
}

// -------------------------------------------------------------------------------------------------
// gomod-godebug-invalid

function goModGodebugFindings(mod: GoMod, text: string): Finding[] {
  const out: Finding[] = [];
  // Split once for every fix, not once per godebug line.
  let lines: string[] | undefined;
  for (const g of mod.godebug) {
    if (g.key.toLowerCase() !== "madvdontneed") continue;
    lines ??= text.split("\n");
    out.push(
      finding(
        "gomod-godebug-invalid",
        "error",
        mod.file,
        {
          line: g.span.line,
          column: g.span.column,
          endLine: g.span.line,
          endColumn: g.span.endColumn,
        },
        {
          message: `godebug ${g.key}=${g.value} makes the build fail (go: go.mod:${g.line}: unknown godebug "${g.key}"; Go before 1.23 rejects every godebug line): ${GODEBUG_INVALID_TAIL}`,
          evidence: [],
          fixes: [
            {
              description: "Remove the godebug line and set GODEBUG where the binary runs",
              edits: [deleteLine(mod.file, lines, g.line)],
            },
          ],
        },
      ),
    );
  }
  return out;
}

// -------------------------------------------------------------------------------------------------

/** One finding per rule and place: units that share a deciding line (a go.mod, a workflow) merge. */
function mergeFindings(findings: Finding[]): Finding[] {
  const byKey = new Map<string, Finding>();
  for (const f of findings) {
    const key = `${f.rule}\u0000${f.file}\u0000${f.line}\u0000${f.column}`;
    const prev = byKey.get(key);
    if (!prev) {
      byKey.set(key, { ...f, evidence: [...f.evidence], fixes: [...f.fixes] });
      continue;
    }
    if (f.severity === "error" && prev.severity !== "error") prev.severity = "error";
    prev.evidence = dedupe(
      [...prev.evidence, ...f.evidence],
      (e) => `${e.file}:${e.line}:${e.message}`,
    );
    prev.fixes = dedupe([...prev.fixes, ...f.fixes], (x) => JSON.stringify(x));
  }
  return [...byKey.values()].sort(compareFindings);
}
