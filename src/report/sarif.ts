// SARIF 2.1.0 for GitHub code scanning (github/codeql-action/upload-sarif).
import { RULES, docsUrl, type AnalysisError, type Finding, type Severity } from "../findings.ts";
import type { PlacedFinding } from "../filter.ts";
import { VERSION } from "../version.ts";

const LEVEL: Record<Severity, "error" | "warning" | "note"> = {
  error: "error",
  warning: "warning",
  notice: "note",
};

function region(startLine: number, startColumn: number, endLine: number, endColumn: number) {
  return { startLine, startColumn, endLine, endColumn };
}

export function renderSarif(placed: PlacedFinding[], errors: AnalysisError[]): string {
  const ruleIndex = new Map<string, number>(RULES.map((r, i) => [r.id, i]));
  const sarif = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "gomemcheck",
            version: VERSION,
            semanticVersion: VERSION,
            informationUri: "https://github.com/gomemcheck/gomemcheck",
            rules: RULES.map((r) => ({
              id: r.id,
              name: r.id.replace(/(^|-)([a-z])/g, (_m, _d: string, c: string) => c.toUpperCase()),
              shortDescription: { text: r.description },
              fullDescription: { text: `${r.description} Applies to: ${r.scope}.` },
              help: {
                text: `${r.description} See ${docsUrl(r.id)}`,
                markdown: `${r.description}\n\n[Rule documentation](${docsUrl(r.id)})`,
              },
              helpUri: docsUrl(r.id),
              defaultConfiguration: { level: LEVEL[r.defaultSeverity] },
              properties: {
                tags: ["go", "memory", r.id === "defer-in-loop" ? "correctness" : "containers"],
              },
            })),
          },
        },
        results: placed.map((p) =>
          result(p.finding, p.fingerprint, ruleIndex.get(p.finding.rule) ?? 0),
        ),
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: errors.map((e) => ({
              level: "warning",
              message: { text: e.message },
              locations: [
                {
                  physicalLocation: {
                    artifactLocation: { uri: encodeUri(e.file), uriBaseId: "%SRCROOT%" },
                    ...(e.line !== undefined ? { region: { startLine: e.line } } : {}),
                  },
                },
              ],
            })),
          },
        ],
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + "\n";
}

function result(f: Finding, fingerprint: string, index: number) {
  return {
    ruleId: f.rule,
    ruleIndex: index,
    level: LEVEL[f.severity],
    message: { text: f.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: encodeUri(f.file), uriBaseId: "%SRCROOT%" },
          region: region(f.line, f.column, f.endLine, f.endColumn),
        },
      },
    ],
    ...(f.evidence.length > 0
      ? {
          relatedLocations: f.evidence.map((e, id) => ({
            id,
            message: { text: e.message },
            physicalLocation: {
              artifactLocation: { uri: encodeUri(e.file), uriBaseId: "%SRCROOT%" },
              region: { startLine: e.line },
            },
          })),
        }
      : {}),
    partialFingerprints: { "gomemcheck/v1": fingerprint },
    ...(f.fixes.length > 0
      ? {
          fixes: f.fixes.map((x) => ({
            description: { text: x.description },
            artifactChanges: groupByFile(x.edits).map(([file, edits]) => ({
              artifactLocation: { uri: encodeUri(file), uriBaseId: "%SRCROOT%" },
              replacements: edits.map((e) => ({
                deletedRegion: region(e.startLine, e.startColumn, e.endLine, e.endColumn),
                insertedContent: { text: e.text },
              })),
            })),
          })),
        }
      : {}),
  };
}

function groupByFile<T extends { file: string }>(edits: T[]): [string, T[]][] {
  const map = new Map<string, T[]>();
  for (const e of edits) map.set(e.file, [...(map.get(e.file) ?? []), e]);
  return [...map];
}

function encodeUri(path: string): string {
  return path.split("/").map(encodeURIComponent).join("/");
}
