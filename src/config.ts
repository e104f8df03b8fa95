// Settings read once from action inputs or CLI flags and the optional .gomemcheck.yml.
import type { RuleId, Severity } from "./findings.ts";

export type FailOn = Severity | "never";
export type FilterMode = "added" | "diff_context" | "file" | "nofilter";
export type OutputFormat =
  "text" | "json" | "sarif" | "markdown" | "rdjson" | "checkstyle" | "codeclimate";

export const FAIL_ON_VALUES: readonly FailOn[] = ["error", "warning", "notice", "never"];
export const FILTER_MODES: readonly FilterMode[] = ["added", "diff_context", "file", "nofilter"];
export const FORMATS: readonly OutputFormat[] = [
  "text",
  "json",
  "sarif",
  "markdown",
  "rdjson",
  "checkstyle",
  "codeclimate",
];
export const SEVERITIES: readonly Severity[] = ["error", "warning", "notice"];

export interface RuleSettings {
  enabled: boolean;
  /** Replaces the severity the analyzer chose. */
  severity?: Severity;
}

/** What .gomemcheck.yml can say. */
export interface FileConfig {
  rules: Partial<Record<RuleId, RuleSettings>>;
  /** Glob patterns (repo-relative, `**` spans folders) of files not to analyse. */
  exclude: string[];
  /** Analyse _test.go files (default true). */
  tests: boolean;
}

export const DEFAULT_FILE_CONFIG: FileConfig = { rules: {}, exclude: [], tests: true };

/** A configuration mistake the user must fix: exit code 2 in the CLI, a failed step in the action. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

export function parseChoice<T extends string>(
  name: string,
  value: string,
  choices: readonly T[],
): T {
  const v = value.trim();
  if ((choices as readonly string[]).includes(v)) return v as T;
  throw new ConfigError(`${name} must be one of ${choices.join(", ")}; got "${value}"`);
}

/** The analysis deadline's default: well under a job's timeout, so results are still published. */
export const DEFAULT_TIMEOUT_MINUTES = 10;

/** A number of minutes (fractions allowed; 0 turns the limit off). */
export function minutes(name: string, text: string | undefined): number {
  const v = (text ?? "").trim();
  if (v === "") return DEFAULT_TIMEOUT_MINUTES;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0)
    throw new ConfigError(`${name} must be a number of minutes (0 for no limit); got "${v}"`);
  return n;
}

/**
 * Parses .gomemcheck.yml text. Errors name the file, the line and the key. The YAML parser loads
 * only when a configuration file exists.
 */
export async function parseConfigFile(path: string, text: string): Promise<FileConfig> {
  const { parseConfigText } = await import("./config-file.ts");
  return parseConfigText(path, text);
}

/** Decides whether a repository-relative path (forward slashes) is excluded. */
export interface PathMatcher {
  test(path: string): boolean;
}

/** Matches nothing: no `exclude:` list (minimatch loads only for one). */
const NOTHING_EXCLUDED: PathMatcher = { test: () => false };

/** The matcher of the `exclude:` list (see globMatcher in exclude.ts). */
export async function excludeMatcher(globs: readonly string[]): Promise<PathMatcher> {
  if (globs.length === 0) return NOTHING_EXCLUDED;
  const { globMatcher } = await import("./exclude.ts");
  return globMatcher(globs);
}
