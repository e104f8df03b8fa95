// YAML for the container rules: the fast reader (yaml-lite.ts) where it is sure of the text, the
// `yaml` package with the same options where it is not. Either way the same nodes come back.
import { parseAllDocuments, parseDocument, type Document, type ParsedNode } from "yaml";
import { fastReadersEnabled } from "../fast-readers.ts";
import { readLiteYaml, UNSURE, type LiteNode } from "./yaml-lite.ts";

/** What the readers use of a parsed document. */
export type YamlDocument = Pick<Document.Parsed, "contents" | "errors">;

export interface YamlOptions {
  /** As the `yaml` package's option: false lets a mapping repeat a key (the last one wins). */
  uniqueKeys?: boolean;
}

function fromLite(contents: LiteNode | null): YamlDocument {
  // The reader builds the package's own classes with their ranges set: parsed nodes in all but
  // the static type.
  return { contents: contents as ParsedNode | null, errors: [] };
}

/** One document (a text of several is an error, as with parseDocument). */
export function readYamlDocument(text: string, options: YamlOptions = {}): YamlDocument {
  const uniqueKeys = options.uniqueKeys ?? true;
  const lite = fastReadersEnabled() ? readLiteYaml(text, { single: true, uniqueKeys }) : UNSURE;
  if (lite !== undefined) return fromLite(lite[0] ?? null);
  // The package's own parse: its documents' nodes are parsed nodes (typed as a union it does not
  // narrow itself).
  return parseDocument(text, { uniqueKeys }) as Document.Parsed;
}

/** Every document of a stream (none for a text of comments only). */
export function readYamlDocuments(text: string, options: YamlOptions = {}): YamlDocument[] {
  const uniqueKeys = options.uniqueKeys ?? true;
  const lite = fastReadersEnabled() ? readLiteYaml(text, { single: false, uniqueKeys }) : UNSURE;
  if (lite !== undefined) return lite.map(fromLite);
  const docs = parseAllDocuments(text, { uniqueKeys });
  return Array.isArray(docs) ? docs : [];
}
