// SARIF 2.1.0 for GitHub code scanning (github/codeql-action/upload-sarif).
import { RULES, docsUrl, type AnalysisError, type Finding, type Severity } from "../findings.ts";
import type { PlacedFinding } from "../filter.ts";
import { VERSION } from "../version.ts";

const LEVEL: Record<Severity, "error" | "warning" | "note"> = {
  error: "error",
  warning: "warning",
  notice: "note",
};

/** The lines of a file, for turning byte columns into SARIF's UTF-16 columns. */
export type SourceLines = (file: string) => readonly string[] | undefined;

/** 1-based UTF-16 column of a 1-based byte column on a line; the same number without the line. */
function utf16Column(line: string | undefined, byteColumn: number): number {
  if (line === undefined) return byteColumn;
  let bytes = 0;
  let i = 0;
  while (i < line.length && bytes < byteColumn - 1) {
    const code = line.charCodeAt(i);
    const pair = code >= 0xd800 && code <= 0xdbff;
    bytes += pair ? 4 : code < 0x80 ? 1 : code < 0x800 ? 2 : 3;
    i += pair ? 2 : 1;
  }
  return i + 1 + Math.max(0, byteColumn - 1 - bytes);
}

export function renderSarif(
  placed: PlacedFinding[],
  errors: AnalysisError[],
  sourceLines: SourceLines = () => undefined,
): string {
  const region: Region = (file, startLine, startColumn, endLine, endColumn) => {
    const lines = sourceLines(file);
    return {
      startLine,
      startColumn: utf16Column(lines?.[startLine - 1], startColumn),
      endLine,
      endColumn: utf16Column(lines?.[endLine - 1], endColumn),
    };
  };
  const result = (f: Finding, fingerprint: string, index: number) =>
    resultOf(f, fingerprint, index, region);
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
        // Findings count columns in bytes, as Go tools do; SARIF's unit here is UTF-16.
        columnKind: "utf16CodeUnits",
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

interface SarifRegion {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

/** A finding's or edit's range, in SARIF's columns. */
type Region = (
  file: string,
  startLine: number,
  startColumn: number,
  endLine: number,
  endColumn: number,
) => SarifRegion;

function resultOf(f: Finding, fingerprint: string, index: number, region: Region) {
  return {
    ruleId: f.rule,
    ruleIndex: index,
    level: LEVEL[f.severity],
    message: { text: f.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: encodeUri(f.file), uriBaseId: "%SRCROOT%" },
          region: region(f.file, f.line, f.column, f.endLine, f.endColumn),
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
                deletedRegion: region(e.file, e.startLine, e.startColumn, e.endLine, e.endColumn),
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
