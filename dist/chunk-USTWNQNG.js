import { createRequire as __gmcCreateRequire } from "node:module"; const require = __gmcCreateRequire(import.meta.url);

// src/config.ts
var FAIL_ON_VALUES = ["error", "warning", "notice", "never"];
var FILTER_MODES = ["added", "diff_context", "file", "nofilter"];
var FORMATS = [
  "text",
  "json",
  "sarif",
  "markdown",
  "rdjson",
  "checkstyle",
  "codeclimate"
];
var SEVERITIES = ["error", "warning", "notice"];
var DEFAULT_FILE_CONFIG = { rules: {}, exclude: [], tests: true };
var ConfigError = class extends Error {
  constructor(message) {
    super(message);
    this.name = "ConfigError";
  }
};
function parseChoice(name, value, choices) {
  const v = value.trim();
  if (choices.includes(v)) return v;
  throw new ConfigError(`${name} must be one of ${choices.join(", ")}; got "${value}"`);
}
var DEFAULT_TIMEOUT_MINUTES = 10;
function minutes(name, text) {
  const v = (text ?? "").trim();
  if (v === "") return DEFAULT_TIMEOUT_MINUTES;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0)
    throw new ConfigError(`${name} must be a number of minutes (0 for no limit); got "${v}"`);
  return n;
}
async function parseConfigFile(path, text) {
  const { parseConfigText } = await import("./config-file-ECG7LCHX.js");
  return parseConfigText(path, text);
}
var NOTHING_EXCLUDED = { test: () => false };
async function excludeMatcher(globs) {
  if (globs.length === 0) return NOTHING_EXCLUDED;
  const { globMatcher } = await import("./exclude-NI6NM6CB.js");
  return globMatcher(globs);
}

export {
  FAIL_ON_VALUES,
  FILTER_MODES,
  FORMATS,
  SEVERITIES,
  DEFAULT_FILE_CONFIG,
  ConfigError,
  parseChoice,
  minutes,
  parseConfigFile,
  excludeMatcher
};
