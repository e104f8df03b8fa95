// Runs the bundled action (dist/index.js) as a child process, exactly as the runner does:
// INPUT_* variables, GITHUB_EVENT_PATH, GITHUB_API_URL, GITHUB_STEP_SUMMARY, GITHUB_OUTPUT.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const ACTION = join(import.meta.dirname, "..", "..", "dist", "index.js");

export interface ActionRun {
  code: number | null;
  stdout: string;
  stderr: string;
  summary: string;
  outputs: Record<string, string>;
  /** Workflow-command annotations printed on stdout. */
  annotations: { level: string; props: Record<string, string>; message: string }[];
}

export interface ActionRunOptions {
  workspace: string;
  eventName: string;
  event?: unknown;
  inputs?: Record<string, string>;
  apiUrl?: string;
  env?: Record<string, string>;
}

export async function runAction(options: ActionRunOptions): Promise<ActionRun> {
  const temp = mkdtempSync(join(tmpdir(), "gmc-runner-"));
  const eventPath = join(temp, "event.json");
  writeFileSync(eventPath, JSON.stringify(options.event ?? {}));
  const summaryPath = join(temp, "summary.md");
  const outputPath = join(temp, "output.txt");
  writeFileSync(summaryPath, "");
  writeFileSync(outputPath, "");
  const inputs: Record<string, string> = {
    "github-token": "",
    "fail-on": "error",
    "filter-mode": "added",
    "post-review": "true",
    "working-directory": ".",
    config: ".gomemcheck.yml",
    "sarif-file": "gomemcheck.sarif",
    name: "",
    "timeout-minutes": "10",
    ...options.inputs,
  };
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? temp,
    GITHUB_ACTIONS: "true",
    CI: "true",
    GITHUB_WORKSPACE: options.workspace,
    GITHUB_EVENT_NAME: options.eventName,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_STEP_SUMMARY: summaryPath,
    GITHUB_OUTPUT: outputPath,
    GITHUB_REPOSITORY: "octo/service",
    GITHUB_SHA: "0123456789abcdef0123456789abcdef01234567",
    GITHUB_SERVER_URL: "https://github.com",
    GITHUB_RUN_ID: "42",
    RUNNER_TEMP: temp,
    ...(options.apiUrl ? { GITHUB_API_URL: options.apiUrl } : {}),
    ...options.env,
  };
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
  const child = spawn(process.execPath, [ACTION], { cwd: options.workspace, env });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
  child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  try {
    return {
      code,
      stdout,
      stderr,
      summary: readFileSync(summaryPath, "utf8"),
      outputs: parseOutputs(readFileSync(outputPath, "utf8")),
      annotations: parseAnnotations(stdout),
    };
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<]+)<<(.+)$/.exec(lines[i]!);
    if (!m) continue;
    const value: string[] = [];
    for (i++; i < lines.length && lines[i] !== m[2]; i++) value.push(lines[i]!);
    out[m[1]!] = value.join("\n");
  }
  return out;
}

function unescapeData(s: string): string {
  return s.replace(/%0D/g, "\r").replace(/%0A/g, "\n").replace(/%25/g, "%");
}

function parseAnnotations(stdout: string): ActionRun["annotations"] {
  const out: ActionRun["annotations"] = [];
  for (const line of stdout.split("\n")) {
    const m = /^::(error|warning|notice)(?: ([^:]*))?::(.*)$/.exec(line);
    if (!m) continue;
    const props: Record<string, string> = {};
    for (const kv of (m[2] ?? "").split(",").filter(Boolean)) {
      const at = kv.indexOf("=");
      props[kv.slice(0, at)] = unescapeData(kv.slice(at + 1))
        .replace(/%3A/g, ":")
        .replace(/%2C/g, ",");
    }
    out.push({ level: m[1]!, props, message: unescapeData(m[3]!) });
  }
  return out;
}
