// Settings read once from action inputs or CLI flags and the optional .gomemcheck.yml.
import { Minimatch } from "minimatch";
import { LineCounter, parseDocument, isMap, isScalar, isSeq, type Node as YamlNode } from "yaml";
import { RULES, isRuleId, type RuleId, type Severity } from "./findings.ts";

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
const SEVERITIES: readonly Severity[] = ["error", "warning", "notice"];

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

/** Parses .gomemcheck.yml text. Errors name the file, the line and the key. */
export function parseConfigFile(path: string, text: string): FileConfig {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const where = (node: YamlNode | null | undefined): string => {
    const offset = node?.range?.[0];
    return offset === undefined ? path : `${path}:${lines.linePos(offset).line}`;
  };
  if (doc.errors.length > 0) {
    const err = doc.errors[0]!;
    throw new ConfigError(
      `${path}:${lines.linePos(err.pos[0]).line}: ${err.message.split("\n")[0]}`,
    );
  }
  const config: FileConfig = { rules: {}, exclude: [], tests: true };
  const root = doc.contents;
  if (root === null || (isScalar(root) && root.value === null)) return config;
  if (!isMap(root)) throw new ConfigError(`${where(root)}: the file must be a mapping of settings`);
  for (const pair of root.items) {
    const keyNode = pair.key as YamlNode;
    const key = isScalar(keyNode) ? String(keyNode.value) : "";
    const value = pair.value as YamlNode | null;
    switch (key) {
      case "rules":
        if (!isMap(value))
          throw new ConfigError(
            `${where(value ?? keyNode)}: "rules" must be a mapping of rule ids`,
          );
        for (const rulePair of value.items) {
          const idNode = rulePair.key as YamlNode;
          const id = isScalar(idNode) ? String(idNode.value) : "";
          if (!isRuleId(id)) {
            throw new ConfigError(
              `${where(idNode)}: unknown rule "${id}" under "rules" (known: ${RULES.map((r) => r.id).join(", ")})`,
            );
          }
          config.rules[id] = parseRuleSettings(id, rulePair.value as YamlNode | null, where);
        }
        break;
      case "exclude":
        if (!isSeq(value))
          throw new ConfigError(
            `${where(value ?? keyNode)}: "exclude" must be a list of glob patterns`,
          );
        for (const item of value.items) {
          const node = item as YamlNode;
          if (!isScalar(node) || typeof node.value !== "string" || node.value === "") {
            throw new ConfigError(
              `${where(node)}: each "exclude" entry must be a glob pattern string`,
            );
          }
          if (
            node.value
              .replace(/^!/, "")
              .replace(/^\.?\//, "")
              .replace(/\/$/, "") === ""
          )
            throw new ConfigError(`${where(node)}: exclude entry "${node.value}" names no path`);
          config.exclude.push(node.value);
        }
        break;
      case "tests":
        if (!isScalar(value) || typeof value.value !== "boolean") {
          throw new ConfigError(`${where(value ?? keyNode)}: "tests" must be true or false`);
        }
        config.tests = value.value;
        break;
      default:
        throw new ConfigError(
          `${where(keyNode)}: unknown key "${key}" (known: rules, exclude, tests)`,
        );
    }
  }
  return config;
}

function parseRuleSettings(
  id: RuleId,
  node: YamlNode | null,
  where: (node: YamlNode | null | undefined) => string,
): RuleSettings {
  // Short forms: `rule: off`, `rule: false`, `rule: warning`.
  if (isScalar(node)) {
    const v = node.value;
    if (v === false || v === "off") return { enabled: false };
    if (v === true || v === "on") return { enabled: true };
    if (typeof v === "string" && (SEVERITIES as readonly string[]).includes(v)) {
      return { enabled: true, severity: v as Severity };
    }
    throw new ConfigError(
      `${where(node)}: rules.${id} must be off, on, a severity (error, warning, notice) or a mapping; got "${String(v)}"`,
    );
  }
  if (!isMap(node)) throw new ConfigError(`${where(node)}: rules.${id} must be a mapping`);
  const settings: RuleSettings = { enabled: true };
  for (const pair of node.items) {
    const keyNode = pair.key as YamlNode;
    const key = isScalar(keyNode) ? String(keyNode.value) : "";
    const value = pair.value as YamlNode | null;
    if (key === "enabled") {
      if (!isScalar(value) || typeof value.value !== "boolean") {
        throw new ConfigError(
          `${where(value ?? keyNode)}: rules.${id}.enabled must be true or false`,
        );
      }
      settings.enabled = value.value;
    } else if (key === "severity") {
      const v = isScalar(value) ? String(value.value) : "";
      if (!(SEVERITIES as readonly string[]).includes(v)) {
        throw new ConfigError(
          `${where(value ?? keyNode)}: rules.${id}.severity must be error, warning or notice; got "${v}"`,
        );
      }
      settings.severity = v as Severity;
    } else {
      throw new ConfigError(
        `${where(keyNode)}: unknown key "${key}" in rules.${id} (known: enabled, severity)`,
      );
    }
  }
  return settings;
}

/** Decides whether a repository-relative path (forward slashes) is excluded. */
export interface PathMatcher {
  test(path: string): boolean;
}

/**
 * The `exclude:` list as gitignore reads it, with minimatch's glob syntax (`*`, `?`, `**`,
 * `{a,b}`, `[...]`): a pattern without a slash matches a name at any depth, a trailing slash
 * means the folder and everything under it, a pattern matching a folder excludes what it holds,
 * and a later `!pattern` brings back what an earlier one excluded. minimatch matches `**`
 * without backtracking, so a pattern of many `**` costs time linear in the path.
 */
export function excludeMatcher(globs: readonly string[]): PathMatcher {
  const rules = globs.map((glob) => {
    const negated = glob.startsWith("!");
    let pattern = (negated ? glob.slice(1) : glob).replace(/^\.\//, "");
    if (pattern.endsWith("/")) pattern = pattern.slice(0, -1);
    // A slash anywhere but at the end anchors the pattern at the root, as in .gitignore.
    if (!pattern.includes("/")) pattern = `**/${pattern}`;
    else if (pattern.startsWith("/")) pattern = pattern.slice(1);
    const mm = new Minimatch(pattern, { dot: true, nonegate: true, nocomment: true });
    return { negated, mm };
  });
  return {
    test(path: string): boolean {
      if (rules.length === 0) return false;
      // The path itself and each folder above it: "generated" excludes "generated/x.go".
      const candidates = [path];
      for (let i = path.indexOf("/"); i !== -1; i = path.indexOf("/", i + 1))
        candidates.push(path.slice(0, i));
      let excluded = false;
      for (const { negated, mm } of rules) {
        if (excluded === !negated) continue;
        if (candidates.some((c) => mm.match(c))) excluded = !negated;
      }
      return excluded;
    },
  };
}
