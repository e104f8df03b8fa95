// The run-site half of the rules: how each linked site's process starts (its GODEBUG, or the
// image's), and the findings that belong at a site: madv-free-build where others set it,
// madvdontneed=0, ignored forms, godebug-overridden and misplaced settings.
import type { Evidence, Finding, Fix } from "../../findings.ts";
import { finalStage, type DockerfileModel, type Span, type Stage } from "../dockerfile.ts";
import { parseGoDebug, rewriteWithMadvDontNeed, setsMadvDontNeed } from "../godebug.ts";
import {
  formatGoVersion,
  hasMadvDontNeedSetting,
  type GoRelease,
  type GoVersion,
} from "../go-version.ts";
import type { BuildDecision } from "./build/build-go.ts";
import { finding, IGNORED_TEXT, MADV_EXPLANATION } from "./finding.ts";
import type { Link } from "./link.ts";
import { usableGoDebug, type RuntimeGoDebug } from "./run/dockerfile.ts";
import type { RunSite } from "./run/site.ts";

export interface LinkedSite {
  site: RunSite;
  link: Link;
}

type SiteStatus = "fixed" | "off" | "ignored" | "overridden" | "lacking";

export interface JudgedSite {
  site: LinkedSite;
  /** The GODEBUG the process starts with, and where it comes from. */
  value: string | undefined;
  from: "site" | "image" | "none";
  status: SiteStatus;
  /** The image's GODEBUG (final stage, or the site's --target stage). */
  image: RuntimeGoDebug | undefined;
  imageFile: string | undefined;
}

function stageNamed(df: DockerfileModel, name: string | undefined): Stage | undefined {
  if (name === undefined) return finalStage(df);
  return df.stages.find((s) => s.name === name) ?? finalStage(df);
}

export function judgeSite(
  ls: LinkedSite,
  df: DockerfileModel | undefined,
  unitStage: Stage | undefined,
): JudgedSite {
  const { site, link } = ls;
  const stage = df ? (link.stage ? stageNamed(df, link.stage) : unitStage) : undefined;
  const image = df && stage && site.inheritsImage ? usableGoDebug(df, stage).gd : undefined;
  let value: string | undefined;
  let from: JudgedSite["from"] = "none";
  if (site.godebug.kind === "set") {
    value = site.godebug.origin.value;
    from = "site";
  } else if (df && site.inheritsImage) {
    value = image?.value;
    from = "image";
  }
  const p = parseGoDebug(value ?? "");
  let status: SiteStatus = "lacking";
  if (p.madvdontneed !== undefined && p.madvdontneed !== 0) status = "fixed";
  else if (from === "site" && p.madvdontneed === 0) status = "off";
  else if (from === "site" && p.madvdontneed === undefined && p.ignored.length > 0)
    status = "ignored";
  else if (from === "site" && image && setsMadvDontNeed(image.value)) status = "overridden";
  return { site: ls, value, from, status, image, imageFile: df?.file };
}

/** "GODEBUG=gctrace=1 from env of …", "the image's GODEBUG=…", "no GODEBUG". */
function startsWith(j: JudgedSite): string {
  const s = j.site.site;
  if (j.from === "site" && s.godebug.kind === "set")
    return `GODEBUG=${j.value} from ${s.godebug.origin.what}`;
  if (j.from === "image" && j.value !== undefined) return `the image's GODEBUG=${j.value}`;
  return j.from === "image" ? "no GODEBUG (neither here nor in the image)" : "no GODEBUG";
}

/** A site named with its file: overlays often repeat the same workload and container names. */
function siteName(j: JudgedSite): string {
  return `${j.site.site.label} in ${j.site.site.file}`;
}

export function linkEvidence(ls: LinkedSite): Evidence {
  return {
    file: ls.link.file,
    line: ls.link.line,
    message: `${ls.site.label} is linked to this build: ${ls.link.how}`,
  };
}

export function siteEvidence(j: JudgedSite): Evidence[] {
  const s = j.site.site;
  const out: Evidence[] = [];
  const where = startsWith(j);
  const line = s.godebug.kind === "set" ? s.godebug.origin : { file: s.file, span: s.anchor };
  out.push({
    file: line.file,
    line: line.span.line,
    message: `${s.label} starts the binary with ${where}`,
  });
  if (s.godebug.kind === "set") out.push(...s.godebug.origin.evidence);
  out.push(linkEvidence(j.site));
  return out;
}

/** Adds madvdontneed=1 at a run site: rewrite its GODEBUG, or add one in the file's own style. */
export function siteFix(site: RunSite): Fix | undefined {
  if (site.godebug.kind === "set") {
    const o = site.godebug.origin;
    if (!o.rewrite) return undefined;
    return {
      description: `Add madvdontneed=1 to the GODEBUG of ${site.label}, keeping its other settings`,
      edits: o.rewrite(rewriteWithMadvDontNeed(o.value)),
    };
  }
  // No GODEBUG was set here: only how freed memory is returned changes.
  if (site.godebug.kind === "unset" && site.add)
    return {
      description: `Set GODEBUG=madvdontneed=1 for ${site.label}`,
      edits: site.add,
      safe: true,
    };
  return undefined;
}

/** Where a finding about a site goes: its GODEBUG entry, else the line that starts the binary. */
function siteSpan(site: RunSite): { file: string; span: Span } {
  return site.godebug.kind === "set"
    ? { file: site.godebug.origin.file, span: site.godebug.origin.span }
    : { file: site.file, span: site.anchor };
}

/** Some linked sites set madvdontneed=1 and this one does not (staging vs production overlays). */
export function siteMadvFinding(
  j: JudgedSite,
  d: BuildDecision,
  all: JudgedSite[],
  rec: GoRelease,
  imageSets: Evidence | undefined,
  upgrade: Fix | undefined,
): Finding {
  const v = (d.spec as { version: GoVersion }).version;
  const s = j.site.site;
  const at = siteSpan(s);
  const others = all.filter((o) => o.status === "fixed");
  const setters = [
    ...others.map(siteName),
    ...(imageSets ? [`the image (${imageSets.file})`] : []),
  ];
  const fix = siteFix(s);
  const starts = startsWith(j);
  return finding("madv-free-build", d.proof === "proven" ? "error" : "warning", at.file, at.span, {
    message: `${s.label} starts a binary built with Go ${formatGoVersion(v)} (${d.what}) with ${starts}, while ${setters.join("; ") || "other run sites"} ${setters.length === 1 ? "sets" : "set"} madvdontneed=1: ${MADV_EXPLANATION}. Set GODEBUG=madvdontneed=1 here too, or build with Go >= 1.16 (better a supported release such as Go ${rec.version}).`,
    evidence: [
      { file: d.file, line: d.span.line, message: `built with ${d.what}` },
      ...(s.godebug.kind === "set" ? s.godebug.origin.evidence : []),
      linkEvidence(j.site),
      ...(imageSets ? [imageSets] : []),
      ...others.flatMap((o) => {
        const oa = siteSpan(o.site.site);
        return [
          {
            file: oa.file,
            line: oa.span.line,
            message: `${o.site.site.label} sets madvdontneed=1`,
          },
        ];
      }),
    ],
    fixes: [fix, upgrade].filter((f): f is Fix => f !== undefined),
  });
}

/** The local mistakes at a linked site: madvdontneed=0, ignored forms, overrides, misplaced settings. */
export function judgedSiteFindings(
  j: JudgedSite,
  affected: BuildDecision[],
  knownUnaffected: boolean,
  decisions: BuildDecision[],
): Finding[] {
  const out: Finding[] = [];
  const image = j.image;
  const s = j.site.site;
  const at = siteSpan(s);
  const link = linkEvidence(j.site);
  const originEvidence = s.godebug.kind === "set" ? s.godebug.origin.evidence : [];
  const fix = siteFix(s);
  const fixes = fix ? [fix] : [];
  const built = affected[0]
    ? `the binary built with Go ${formatGoVersion((affected[0].spec as { version: GoVersion }).version)}`
    : "the binary";
  const buildEvidence: Evidence[] = affected.map((d) => ({
    file: d.file,
    line: d.span.line,
    message: `built with ${d.what}`,
  }));
  if (j.status === "off" && madvSettingMatters(decisions)) {
    out.push(
      finding("godebug-madvdontneed-off", "error", at.file, at.span, {
        message: `${s.godebug.kind === "set" ? s.godebug.origin.what : s.label} sets GODEBUG=${j.value}: madvdontneed=0 selects MADV_FREE on every Go from 1.12 on (including 1.16 and later), so RSS and cgroup usage stay at their peak after GC until the kernel is short of memory (monitors/autoscalers see a leak).`,
        evidence: [...originEvidence, link, ...buildEvidence],
        fixes,
      }),
    );
  }
  if (j.status === "ignored" && affected.length > 0) {
    const first = parseGoDebug(j.value ?? "").ignored[0]!;
    out.push(
      finding("godebug-ignored", "error", at.file, at.span, {
        message: `GODEBUG=${j.value} at ${s.label} names madvdontneed in a form the Go runtime silently ignores (${IGNORED_TEXT[first.reason]}), so ${built} keeps releasing memory with MADV_FREE.`,
        evidence: [...originEvidence, link, ...buildEvidence],
        fixes,
      }),
    );
  }
  if (j.status === "overridden" && affected.length > 0 && image) {
    const a = image.assignment;
    out.push(
      finding("godebug-overridden", "error", at.file, at.span, {
        message: `${s.godebug.kind === "set" ? s.godebug.origin.what : s.label} sets GODEBUG=${j.value}, which replaces the image's GODEBUG=${image.value} instead of adding to it (${s.precedence}), so ${built} starts without madvdontneed=1: RSS and cgroup usage stay at their peak after GC until the kernel is short of memory. Add madvdontneed=1 to this value.`,
        evidence: [
          {
            file: j.imageFile ?? "",
            line: a.span.line,
            message: `the image sets GODEBUG=${image.value}`,
          },
          ...originEvidence,
          link,
          ...buildEvidence,
        ],
        fixes,
      }),
    );
  }
  if (j.status !== "fixed" && !knownUnaffected) {
    for (const m of s.misplaced) {
      out.push(
        finding("godebug-not-at-runtime", "error", m.file, m.span, {
          message: m.message,
          evidence: [
            {
              file: at.file,
              line: at.span.line,
              message: `${s.label}, where the binary runs, does not get madvdontneed=1`,
            },
            link,
          ],
          fixes,
        }),
      );
    }
  }
  return out;
}

/** madvdontneed=0 is harmless only when every build is Go 1.11 or older (or Windows). */
export function madvSettingMatters(decisions: BuildDecision[]): boolean {
  return (
    decisions.length === 0 ||
    decisions.some(
      (d) => !d.windows && (d.spec.kind !== "version" || hasMadvDontNeedSetting(d.spec.version)),
    )
  );
}

/** A site no build of the repository links to: only its own mistakes are reported. */
export function unlinkedSiteFindings(site: RunSite): Finding[] {
  if (site.godebug.kind !== "set") return [];
  const o = site.godebug.origin;
  const p = parseGoDebug(o.value);
  const fix = siteFix(site);
  const note: Evidence = {
    file: site.file,
    line: site.anchor.line,
    message: `${site.label} runs nothing this repository is known to build, so no Go version is known`,
  };
  if (p.madvdontneed === 0)
    return [
      finding("godebug-madvdontneed-off", "error", o.file, o.span, {
        message: `${o.what} sets GODEBUG=${o.value}: madvdontneed=0 selects MADV_FREE on every Go from 1.12 on (including 1.16 and later), so RSS and cgroup usage stay at their peak after GC until the kernel is short of memory (monitors/autoscalers see a leak).`,
        evidence: [note],
        fixes: fix ? [fix] : [],
      }),
    ];
  if (p.madvdontneed === undefined && p.ignored.length > 0)
    return [
      finding("godebug-ignored", "warning", o.file, o.span, {
        message: `GODEBUG=${o.value} at ${site.label} names madvdontneed in a form the Go runtime silently ignores (${IGNORED_TEXT[p.ignored[0]!.reason]}): a binary built with Go 1.12–1.15 keeps releasing memory with MADV_FREE.`,
        evidence: [note],
        fixes: fix ? [fix] : [],
      }),
    ];
  return [];
}
