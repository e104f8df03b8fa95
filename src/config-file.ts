// .gomemcheck.yml text to settings (yaml): loaded only when a configuration file exists.
import { LineCounter, parseDocument, isMap, isScalar, isSeq, type Node as YamlNode } from "yaml";
import { ConfigError, SEVERITIES, type FileConfig, type RuleSettings } from "./config.ts";
import { RULES, isRuleId, type RuleId, type Severity } from "./findings.ts";

/** Parses .gomemcheck.yml text. Errors name the file, the line and the key. */
export function parseConfigText(path: string, text: string): FileConfig {
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
