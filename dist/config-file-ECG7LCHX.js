import { createRequire as __gmcCreateRequire } from "node:module"; const require = __gmcCreateRequire(import.meta.url);
import {
  ConfigError,
  SEVERITIES
} from "./chunk-USTWNQNG.js";
import {
  LineCounter,
  isMap,
  isScalar,
  isSeq,
  parseDocument
} from "./chunk-B5LVH4X7.js";
import {
  RULES,
  isRuleId
} from "./chunk-BKUHNWMH.js";
import "./chunk-RCRA6UKK.js";

// src/config-file.ts
function parseConfigText(path, text) {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const where = (node) => {
    const offset = node?.range?.[0];
    return offset === void 0 ? path : `${path}:${lines.linePos(offset).line}`;
  };
  if (doc.errors.length > 0) {
    const err = doc.errors[0];
    throw new ConfigError(
      `${path}:${lines.linePos(err.pos[0]).line}: ${err.message.split("\n")[0]}`
    );
  }
  const config = { rules: {}, exclude: [], tests: true };
  const root = doc.contents;
  if (root === null || isScalar(root) && root.value === null) return config;
  if (!isMap(root)) throw new ConfigError(`${where(root)}: the file must be a mapping of settings`);
  for (const pair of root.items) {
    const keyNode = pair.key;
    const key = isScalar(keyNode) ? String(keyNode.value) : "";
    const value = pair.value;
    switch (key) {
      case "rules":
        if (!isMap(value))
          throw new ConfigError(
            `${where(value ?? keyNode)}: "rules" must be a mapping of rule ids`
          );
        for (const rulePair of value.items) {
          const idNode = rulePair.key;
          const id = isScalar(idNode) ? String(idNode.value) : "";
          if (!isRuleId(id)) {
            throw new ConfigError(
              `${where(idNode)}: unknown rule "${id}" under "rules" (known: ${RULES.map((r) => r.id).join(", ")})`
            );
          }
          config.rules[id] = parseRuleSettings(id, rulePair.value, where);
        }
        break;
      case "exclude":
        if (!isSeq(value))
          throw new ConfigError(
            `${where(value ?? keyNode)}: "exclude" must be a list of glob patterns`
          );
        for (const item of value.items) {
          const node = item;
          if (!isScalar(node) || typeof node.value !== "string" || node.value === "") {
            throw new ConfigError(
              `${where(node)}: each "exclude" entry must be a glob pattern string`
            );
          }
          if (node.value.replace(/^!/, "").replace(/^\.?\//, "").replace(/\/$/, "") === "")
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
          `${where(keyNode)}: unknown key "${key}" (known: rules, exclude, tests)`
        );
    }
  }
  return config;
}
function parseRuleSettings(id, node, where) {
  if (isScalar(node)) {
    const v = node.value;
    if (v === false || v === "off") return { enabled: false };
    if (v === true || v === "on") return { enabled: true };
    if (typeof v === "string" && SEVERITIES.includes(v)) {
      return { enabled: true, severity: v };
    }
    throw new ConfigError(
      `${where(node)}: rules.${id} must be off, on, a severity (error, warning, notice) or a mapping; got "${String(v)}"`
    );
  }
  if (!isMap(node)) throw new ConfigError(`${where(node)}: rules.${id} must be a mapping`);
  const settings = { enabled: true };
  for (const pair of node.items) {
    const keyNode = pair.key;
    const key = isScalar(keyNode) ? String(keyNode.value) : "";
    const value = pair.value;
    if (key === "enabled") {
      if (!isScalar(value) || typeof value.value !== "boolean") {
        throw new ConfigError(
          `${where(value ?? keyNode)}: rules.${id}.enabled must be true or false`
        );
      }
      settings.enabled = value.value;
    } else if (key === "severity") {
      const v = isScalar(value) ? String(value.value) : "";
      if (!SEVERITIES.includes(v)) {
        throw new ConfigError(
          `${where(value ?? keyNode)}: rules.${id}.severity must be error, warning or notice; got "${v}"`
        );
      }
      settings.severity = v;
    } else {
      throw new ConfigError(
        `${where(keyNode)}: unknown key "${key}" in rules.${id} (known: enabled, severity)`
      );
    }
  }
  return settings;
}
export {
  parseConfigText
};
