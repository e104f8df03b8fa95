// Loads a scenario folder (a tiny repository) under test/fixtures/container/ into BuildInputs.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { BuildInputs, RepoFile } from "../../src/analyzers/analyzer.ts";
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
  const inputs: BuildInputs = {
    goMods: [],
    dockerfiles: [],
    workflows: [],
    versionFiles: [],
    runFiles: [],
    goPaths: [],
  };
  for (const f of files) {
    const kind = classify(f.path);
    if (kind === "go") inputs.goPaths!.push(f.path);
    else if (kind === "gomod") inputs.goMods.push(f);
    else if (kind === "dockerfile") inputs.dockerfiles.push(f);
    else if (kind === "workflow") inputs.workflows.push(f);
    else if (kind === "goversion") inputs.versionFiles.push(f);
    else if (kind === "run") inputs.runFiles!.push(f);
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
