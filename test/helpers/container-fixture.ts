// Loads a scenario folder (a tiny repository) under test/fixtures/container/ into BuildInputs.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { BuildInputs, RepoFile } from "../../src/analyzers/analyzer.ts";
import { addBuildFile, emptyBuildInputs } from "../../src/run.ts";
import { classify } from "../../src/sources/workspace.ts";

export const CONTAINER_FIXTURES = new URL("../fixtures/container/", import.meta.url).pathname;

/** One expected finding of a scenario's expected.json. */
export interface ExpectedFinding {
  rule: string;
  severity: string;
  file: string;
  line: number;
}

export interface Expected {
  findings: ExpectedFinding[];
  errors: { file: string; line?: number }[];
}

function walk(root: string, dir = ""): RepoFile[] {
  const out: RepoFile[] = [];
  for (const name of readdirSync(join(root, dir)).sort()) {
    const rel = dir === "" ? name : `${dir}/${name}`;
    if (statSync(join(root, rel)).isDirectory()) out.push(...walk(root, rel));
    else if (rel !== "expected.json")
      out.push({ path: rel, text: readFileSync(join(root, rel), "utf8") });
  }
  return out;
}

/** Classifies files by name with the workspace source's own classifier. */
export function toBuildInputs(files: RepoFile[]): BuildInputs {
  const inputs = emptyBuildInputs();
  for (const f of files) {
    const kind = classify(f.path);
    if (kind) addBuildFile(inputs, kind, f);
  }
  return inputs;
}

export function loadScenario(name: string): {
  files: RepoFile[];
  inputs: BuildInputs;
  expected: Expected;
} {
  const root = join(CONTAINER_FIXTURES, name);
  const files = walk(root);
  const raw: unknown = JSON.parse(readFileSync(join(root, "expected.json"), "utf8"));
  const expected: Expected = Array.isArray(raw)
    ? { findings: raw as ExpectedFinding[], errors: [] }
    : { findings: [], errors: [], ...(raw as Partial<Expected>) };
  return { files, inputs: toBuildInputs(files), expected };
}

export function scenarioNames(): string[] {
  return readdirSync(CONTAINER_FIXTURES)
    .filter((n) => statSync(join(CONTAINER_FIXTURES, n)).isDirectory())
    .sort();
}

/** The one implementation of applying edits, shared with the defer-in-loop tests. */
export { applyEdits } from "../../src/analyzers/defer/fix.ts";
