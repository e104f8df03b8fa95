// Go versions as the go command spells them (1.21rc1 < 1.21.0), the release table, and MADV behaviour.
// semver's modules one by one: the bundle keeps what is used, not all of semver.
import Range from "semver/classes/range.js";
import compare from "semver/functions/compare.js";
import inc from "semver/functions/inc.js";
import satisfies from "semver/functions/satisfies.js";
import maxSatisfying from "semver/ranges/max-satisfying.js";
import releaseData from "./go-releases.json" with { type: "json" };

export type PreKind = "alpha" | "beta" | "rc";

/** A parsed Go version. `patch` is absent for a language version such as "1.14" or "1.21rc1". */
export interface GoVersion {
  major: number;
  minor: number;
  patch?: number;
  pre?: { kind: PreKind; n: number };
  /** As written, without a "go" prefix. */
  raw: string;
}

/** x/mod modfile GoVersionRE. */
const GO_MOD_VERSION_RE =
  /^([1-9][0-9]*)\.(0|[1-9][0-9]*)(?:\.(0|[1-9][0-9]*))?(?:([a-z]+)([0-9]+))?$/;

/** Strict go.mod `go` line grammar: 1.13, 1.21.0, 1.21rc1, 1.21.0rc1. */
export function parseGoModVersion(text: string): GoVersion | undefined {
  const m = GO_MOD_VERSION_RE.exec(text);
  if (!m) return undefined;
  return build(text, m[1], m[2], m[3], m[4], m[5]);
}

/** A `toolchain` name: go1.21.3, go1.21rc1, go1.22.0-custom. "default" and bad names give undefined. */
export function parseToolchainVersion(text: string): GoVersion | undefined {
  const m = /^go(1(?:\.[0-9]+){1,2}(?:[a-z]+[0-9]+)?)(?:[-+].*)?$/.exec(text);
  return m ? parseGoModVersion(m[1] ?? "") : undefined;
}

/** ToolchainRE of x/mod: ^default$|^go1($|\.) */
export function isValidToolchainName(text: string): boolean {
  return /^default$|^go1($|\.)/.test(text);
}

/** A lenient parse: accepts a "go" or "v" prefix and a leading version in a longer string ("1.14.2-alpine"). */
export function parseLooseGoVersion(text: string): GoVersion | undefined {
  const m =
    /^(?:go|v)?([1-9][0-9]*)\.([0-9]+)(?:\.([0-9]+))?(?:-?(alpha|beta|rc)\.?([0-9]+))?/.exec(text);
  if (!m) return undefined;
  return build(m[0].replace(/^(go|v)/, ""), m[1], m[2], m[3], m[4], m[5]);
}

function build(
  raw: string,
  major: string | undefined,
  minor: string | undefined,
  patch: string | undefined,
  preKind: string | undefined,
  preN: string | undefined,
): GoVersion | undefined {
  const v: GoVersion = { major: Number(major), minor: Number(minor), raw };
  if (patch !== undefined) v.patch = Number(patch);
  if (preKind !== undefined) {
    if (preKind !== "alpha" && preKind !== "beta" && preKind !== "rc") return undefined;
    v.pre = { kind: preKind, n: Number(preN) };
  }
  return v;
}

/**
 * Go's ordering (cmd/go/internal/gover): 1.21 < 1.21rc1 < 1.21.0 < 1.21.1.
 * Mapped onto semver: 1.21 -> 1.21.0-0, 1.21rc1 -> 1.21.0-rc.1 ("0" sorts before "alpha", "beta", "rc").
 */
export function toSemver(v: GoVersion): string {
  const patch = v.patch ?? 0;
  if (v.pre) return `${v.major}.${v.minor}.${patch}-${v.pre.kind}.${v.pre.n}`;
  if (v.patch === undefined) return `${v.major}.${v.minor}.0-0`;
  return `${v.major}.${v.minor}.${patch}`;
}

export function compareGoVersions(a: GoVersion, b: GoVersion): number {
  return compare(toSemver(a), toSemver(b));
}

export function formatGoVersion(v: GoVersion): string {
  let s = `${v.major}.${v.minor}`;
  if (v.patch !== undefined) s += `.${v.patch}`;
  if (v.pre) s += `${v.pre.kind}${v.pre.n}`;
  return s;
}

/** The minor series "1.14" of a version. */
export function series(v: GoVersion): string {
  return `${v.major}.${v.minor}`;
}

/** Go 1.12 <= series < 1.16 releases freed memory with MADV_FREE on Linux; pre-releases count by series. */
export function releasesMadvFree(v: GoVersion): boolean {
  return v.major === 1 && v.minor >= 12 && v.minor < 16;
}

/** madvdontneed exists as a setting (and madvdontneed=0 means MADV_FREE) from Go 1.12 on. */
export function hasMadvDontNeedSetting(v: GoVersion): boolean {
  return v.major > 1 || (v.major === 1 && v.minor >= 12);
}

// ---------------------------------------------------------------------------------------------
// Release table

export interface GoRelease {
  version: string;
  released: string;
  lastPatch: string;
  lastPatchDate: string;
  endOfSupport: string | null;
  madvise: string;
}

export const RELEASES: readonly GoRelease[] = releaseData.releases;

function minorOf(r: GoRelease): number {
  return Number(r.version.split(".")[1]);
}

function releaseOfMinor(minor: number): GoRelease | undefined {
  return RELEASES.find((r) => minorOf(r) === minor);
}

/**
 * End of support of a version's series: the release date of series + 2.
 * Returns null while that release is not in the table (still supported as far as we know),
 * and a date for any series older than the table (long unsupported).
 */
export function endOfSupport(v: GoVersion): Date | null {
  if (v.major !== 1) return null;
  const row = releaseOfMinor(v.minor);
  if (row) return row.endOfSupport ? new Date(`${row.endOfSupport}T00:00:00Z`) : null;
  const first = RELEASES[0];
  if (first && v.minor < minorOf(first)) {
    const successor = releaseOfMinor(v.minor + 2);
    return new Date(`${successor ? successor.released : first.released}T00:00:00Z`);
  }
  return null;
}

export function isUnsupported(v: GoVersion, today: Date): boolean {
  const eos = endOfSupport(v);
  return eos !== null && today.getTime() >= eos.getTime();
}

/** The newest series released on or before `today` ("1.27"), the version to recommend. */
export function latestRelease(today: Date): GoRelease {
  let best = RELEASES[RELEASES.length - 1] as GoRelease;
  for (const r of RELEASES) {
    if (new Date(`${r.released}T00:00:00Z`).getTime() <= today.getTime()) best = r;
  }
  // If today is before every row (a clock far in the past), still recommend something sane.
  return best;
}

/** Every released version as semver, for resolving setup-go ranges. */
function knownSemvers(): string[] {
  const out: string[] = [];
  for (const r of RELEASES) {
    const last = Number(r.lastPatch.split(".")[2] ?? 0);
    for (let p = 0; p <= last; p++) out.push(`${r.version}.${p}`);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Version specs found in the wild

/** What a version spec resolves to: a concrete series, "a current Go" (latest, ranges, stable), or unknown. */
export type VersionSpec =
  | { kind: "version"; version: GoVersion }
  | { kind: "current"; reason: string }
  | { kind: "unknown"; reason: string };

/**
 * An actions/setup-go `go-version` input: 1.14, 1.14.x, 1.14.2, ^1.14, ~1.14, >=1.20, 1.21.0-rc.1,
 * stable, oldstable, go1.21.3. Ranges resolve against the release table, as setup-go resolves them
 * against the published versions.
 */
export function parseSetupGoSpec(input: string): VersionSpec {
  const spec = input.trim();
  if (spec === "") return { kind: "unknown", reason: "empty go-version" };
  if (/^(stable|oldstable|latest|\*|x)$/i.test(spec)) return { kind: "current", reason: spec };
  if (spec.includes("${{")) return { kind: "unknown", reason: "expression" };
  const plain =
    /^(?:go|v)?(1\.(?:0|[1-9][0-9]*))(?:\.(x|\*|[0-9]+))?(?:-?(alpha|beta|rc)\.?([0-9]+))?$/.exec(
      spec,
    );
  if (plain) {
    const text = plain[1] ?? "";
    const patch = plain[2] && /^[0-9]+$/.test(plain[2]) ? `.${plain[2]}` : "";
    const pre = plain[3] ? `${plain[3]}${plain[4] ?? ""}` : "";
    const v = parseGoModVersion(`${text}${patch}${pre}`);
    if (v) return { kind: "version", version: v };
  }
  let range: Range;
  try {
    range = new Range(spec);
  } catch {
    return { kind: "unknown", reason: `not a version: ${spec}` };
  }
  const known = knownSemvers();
  const max = maxSatisfying(known, range);
  if (!max) return { kind: "unknown", reason: `no known release satisfies ${spec}` };
  const newest = known[known.length - 1];
  // A range that reaches past the table's newest release installs whatever is newest then.
  if (newest && satisfies(inc(newest, "minor") ?? newest, range)) {
    return { kind: "current", reason: spec };
  }
  const v = parseGoModVersion(max);
  return v ? { kind: "version", version: v } : { kind: "unknown", reason: spec };
}

export interface DockerGoTag {
  spec: VersionSpec;
  /** Windows images (windowsservercore, nanoserver) never use madvise. */
  windows: boolean;
  /** The variant after the version: "alpine3.11", "buster", "" when none. */
  variant: string;
  /** Where the version text sits inside the tag (UTF-16 offsets), to rewrite it. */
  versionStart: number;
  versionEnd: number;
}

/**
 * A tag of the official golang image: 1.14, 1.14.2, 1.14.2-alpine3.11, 1.14-buster, 1-alpine,
 * alpine, latest, 1.27rc2-bookworm, 1.27-rc-bookworm, 1.15-windowsservercore-ltsc2019.
 * An absent tag (`golang`, `golang@sha256:...`) is passed as "" or undefined.
 */
export function parseDockerGoTag(tag: string | undefined, hasDigest = false): DockerGoTag {
  const t = tag ?? "";
  const windows = /windowsservercore|nanoserver/i.test(t);
  const none = { windows, variant: t, versionStart: 0, versionEnd: 0 };
  if (t === "") {
    return hasDigest
      ? { spec: { kind: "unknown", reason: "image pinned by digest only" }, ...none }
      : { spec: { kind: "current", reason: "untagged golang image" }, ...none };
  }
  if (t.includes("$")) return { spec: { kind: "unknown", reason: `unexpanded tag ${t}` }, ...none };
  const m =
    /^([1-9][0-9]*)(?:\.([0-9]+))?(?:\.([0-9]+))?(?:(rc|beta|alpha)([0-9]+)|-(rc|beta))?(?=$|-)/.exec(
      t,
    );
  if (!m) {
    return { spec: { kind: "current", reason: `tag ${t} follows the newest release` }, ...none };
  }
  const variant = t.slice(m[0].length).replace(/^-/, "");
  const where = { windows, variant, versionStart: 0, versionEnd: m[0].length };
  if (m[2] === undefined) return { spec: { kind: "current", reason: `tag ${t}` }, ...where };
  let text = `${m[1]}.${m[2]}`;
  if (m[3] !== undefined) text += `.${m[3]}`;
  if (m[4] !== undefined) text += `${m[4]}${m[5]}`;
  else if (m[6] !== undefined) text += `${m[6]}1`;
  const v = parseGoModVersion(text);
  return v
    ? { spec: { kind: "version", version: v }, ...where }
    : { spec: { kind: "unknown", reason: `tag ${t}` }, ...where };
}

/** .go-version content or a .tool-versions `golang 1.14.15` / `go 1.14` value. */
export function parseVersionFileValue(value: string): VersionSpec {
  const s = value.trim();
  if (s === "") return { kind: "unknown", reason: "empty" };
  if (/^(latest|stable)$/i.test(s)) return { kind: "current", reason: s };
  const v = parseLooseGoVersion(s);
  return v ? { kind: "version", version: v } : { kind: "unknown", reason: `not a version: ${s}` };
}
