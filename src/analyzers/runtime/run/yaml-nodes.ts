// Small readers over the `yaml` package's node tree, shared by the YAML run-site formats.
import {
  isMap,
  isPair,
  isScalar,
  isSeq,
  parseAllDocuments,
  type Document,
  type YAMLMap,
} from "yaml";
import type { AnalysisError } from "../../../findings.ts";
import type { Positions } from "./site.ts";

export interface ScalarInfo {
  /** The value as a string (numbers and booleans as YAML wrote them). */
  value: string;
  /** Source range of the scalar, quotes included. */
  from: number;
  to: number;
  quote: "" | "'" | '"';
  /** Block scalars (| and >) cannot be rewritten in place. */
  block: boolean;
}

export function scalarOf(node: unknown, text: string): ScalarInfo | undefined {
  if (!isScalar(node) || !node.range) return undefined;
  const [from, to] = node.range;
  const block = node.type === "BLOCK_LITERAL" || node.type === "BLOCK_FOLDED";
  const quote = node.type === "QUOTE_DOUBLE" ? '"' : node.type === "QUOTE_SINGLE" ? "'" : "";
  // Plain scalars keep their source text, so `1.20` stays "1.20" and `on` stays "on".
  const value =
    quote === "" && !block
      ? text.slice(from, to)
      : node.value === null || node.value === undefined
        ? ""
        : String(node.value);
  return { value, from, to, quote, block };
}

export function getIn(node: unknown, path: string[]): unknown {
  let cur = node;
  for (const key of path) {
    if (!isMap(cur)) return undefined;
    cur = cur.get(key, true);
  }
  return cur;
}

export function stringAt(node: unknown, path: string[], text: string): string | undefined {
  return scalarOf(getIn(node, path), text)?.value;
}

export function mapsOf(node: unknown): YAMLMap[] {
  return isSeq(node) ? node.items.filter((i): i is YAMLMap => isMap(i)) : [];
}

/** The pair of `key` in a map, for the key's position. */
export function pairOf(
  map: YAMLMap,
  key: string,
): { keyFrom: number; valueNode: unknown } | undefined {
  for (const item of map.items) {
    if (!isPair(item)) continue;
    const k = item.key;
    if (isScalar(k) && String(k.value) === key && k.range)
      return { keyFrom: k.range[0], valueNode: item.value };
  }
  return undefined;
}

/**
 * All documents of a YAML file; documents with errors are dropped, and reported unless the file
 * is a template (`{{ … }}`), which is not YAML and is skipped silently.
 */
export function yamlDocuments(
  file: string,
  text: string,
  pos: Positions,
): { docs: Document.Parsed[]; errors: AnalysisError[] } {
  const docs: Document.Parsed[] = [];
  const errors: AnalysisError[] = [];
  const templated = text.includes("{{");
  let all: Document.Parsed[];
  try {
    all = parseAllDocuments(text, { uniqueKeys: false }) as Document.Parsed[];
    if (!Array.isArray(all)) all = [];
  } catch (e) {
    if (!templated)
      errors.push({
        file,
        line: 1,
        message: `invalid YAML: ${e instanceof Error ? e.message : String(e)}`,
      });
    return { docs, errors };
  }
  for (const d of all) {
    if (d.errors.length === 0) {
      docs.push(d);
      continue;
    }
    if (templated) continue;
    const e = d.errors[0]!;
    const line = e.pos ? pos.point(e.pos[0]).line : 1;
    errors.push({
      file,
      line,
      message: `invalid YAML, document skipped: ${e.message.split("\n")[0] ?? ""}`,
    });
  }
  return { docs, errors };
}
