// Small readers over the `yaml` package's node tree, shared by the YAML run-site formats.
import { isMap, isPair, isScalar, isSeq, type YAMLMap } from "yaml";
import { readYamlDocuments, type YamlDocument } from "../yaml-read.ts";
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

/** A document whose kind its lines do not settle (flow style, tags, quoted or complex keys…). */
export const UNSURE = null;

/**
 * The `kind` a YAML document's text declares, read from its lines without parsing: the value of
 * its first top-level `kind:` key (the one the parsed map gives), undefined when it has none, or
 * UNSURE when the lines cannot tell. They can when the root is a block mapping written from
 * column 0, every top-level line up to `kind:` starts with a plain key and holds no quote or
 * flow bracket (which could carry a scalar or a collection onto the next lines), and the value
 * is one plain or simply quoted word on the same line.
 */
export function declaredKind(doc: string): string | undefined | typeof UNSURE {
  let first = true;
  for (let at = 0; at <= doc.length;) {
    let end = doc.indexOf("\n", at);
    if (end === -1) end = doc.length;
    const line = doc.slice(at, doc.charCodeAt(end - 1) === 13 ? end - 1 : end);
    at = end + 1;
    if (/^\s*(#|$)/.test(line) || line.startsWith("%")) continue;
    if (line.startsWith(" ") || line.startsWith("\t")) {
      // Indented: part of a top-level value, unless nothing came before it.
      if (first) return UNSURE;
      continue;
    }
    first = false;
    // A sequence at column 0 is a top-level key's value; it holds no top-level key.
    const entry = /^-(?:[ \t]|$)/.test(line);
    if (!/^(?:-(?:[ \t]|$)|[A-Za-z0-9_])[^"'[\]{}]*$/.test(line)) return UNSURE;
    if (entry) continue;
    if (!/^kind[ \t]*:/.test(line)) continue;
    const value = line
      .slice(line.indexOf(":") + 1)
      .replace(/[ \t]+#.*$/, "")
      .trim();
    return /^[A-Za-z][A-Za-z0-9]*$/.test(value) ? value : UNSURE;
  }
  return undefined;
}

/**
 * Text of the same length that YAML reads as nothing: one comment line (the lexer takes a whole
 * line with one native search; blank lines would be a token each). A leading or trailing newline
 * stays, so the markers around it keep their lines.
 */
function blank(doc: string): string {
  const head = doc.startsWith("\n") ? 1 : 0;
  const tail = doc.length > head && doc.endsWith("\n") ? 1 : 0;
  const inner = doc.length - head - tail;
  if (inner <= 0) return doc;
  return `${head ? "\n" : ""}#${" ".repeat(inner - 1)}${tail ? "\n" : ""}`;
}

/** Document start and end markers (`---`, `...`) at the start of a line. */
const MARKER = /^(?:---|\.\.\.)(?=[ \t\r\n]|$)/gm;

/**
 * The text with every document that `wanted` refuses blanked out (made one comment line of the
 * same length), so that parsing it costs next to nothing while every offset stays where it was.
 * A document whose marker line goes on with content is always kept.
 */
export function keepDocuments(
  text: string,
  wanted: (kind: string | undefined | typeof UNSURE) => boolean,
): string {
  const parts: string[] = [];
  let from = 0;
  let blanked = false;
  const segment = (start: number, end: number, markerTail: string): void => {
    const doc = text.slice(start, end);
    if (/[^ \t\r]/.test(markerTail.replace(/[ \t]#.*$/, "")) || wanted(declaredKind(doc))) {
      parts.push(doc);
      return;
    }
    parts.push(blank(doc));
    blanked = true;
  };
  let tail = "";
  MARKER.lastIndex = 0;
  for (let m = MARKER.exec(text); m; m = MARKER.exec(text)) {
    segment(from, m.index, tail);
    let lineEnd = text.indexOf("\n", m.index);
    if (lineEnd === -1) lineEnd = text.length;
    // The marker line itself stays; what follows the marker decides whether its document may go.
    tail = text.slice(m.index + 3, lineEnd);
    parts.push(text.slice(m.index, lineEnd));
    from = lineEnd;
    MARKER.lastIndex = lineEnd;
  }
  segment(from, text.length, tail);
  return blanked ? parts.join("") : text;
}

/**
 * All documents of a YAML file; documents with errors are dropped, and reported unless the file
 * is a template (`{{ … }}`), which is not YAML and is skipped silently. With `wanted`, documents
 * whose declared kind it refuses are not parsed (see keepDocuments) and yield empty documents.
 */
export function yamlDocuments(
  file: string,
  text: string,
  pos: Positions,
  wanted?: (kind: string | undefined | typeof UNSURE) => boolean,
): { docs: YamlDocument[]; errors: AnalysisError[] } {
  const docs: YamlDocument[] = [];
  const errors: AnalysisError[] = [];
  const templated = text.includes("{{");
  let all: YamlDocument[];
  try {
    const source = wanted ? keepDocuments(text, wanted) : text;
    all = readYamlDocuments(source, { uniqueKeys: false });
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
