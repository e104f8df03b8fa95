// A reader for the plain block YAML that workflows, manifests and Compose files are written in,
// about twenty times faster than the `yaml` package on code that V8 has not compiled yet (which
// is all of a run's YAML). It builds the `yaml` package's own nodes (YAMLMap, YAMLSeq, Pair,
// Scalar) with the same types, values and ranges that package gives, or gives up: any line it
// does not fully understand (anchors, tags, flow collections over several lines, multi-line plain
// or quoted scalars, escapes, tabs outside block scalars, CRLF, duplicate keys...) makes it return
// UNSURE and the caller parses the text with the `yaml` package. It never reports an error: a
// text it accepts is valid YAML, so the package would have reported none either.
// Ranges: every node's start and a scalar's end (range[0] and range[1]) are the package's, which
// is what the readers use; range[2] and a collection's end are close to it but not always the
// same (the package counts some of the comment lines that follow a node in them, by rules not
// worth copying). The equivalence is tested on real YAML and mutations of it
// (yaml-lite.test.ts).
import { Pair, Scalar, YAMLMap, YAMLSeq } from "yaml";

export type LiteNode = YAMLMap | YAMLSeq | Scalar;

/** Returned when the text is not in the subset this reader takes. */
export const UNSURE = undefined;

/** Thrown inside the reader; caught at its entry. */
class Unsure {}
const unsure = new Unsure();
function giveUp(): never {
  throw unsure;
}

// Characters that stop the reader wherever they are: CR (CRLF line ends), control characters other
// than tab and line feed, C1 controls, the Unicode line and paragraph separators, byte order marks.
const STOP_CHARS = /[\0-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]/;
// A nesting depth past which the `yaml` package reads the text (this reader recurses).
const MAX_DEPTH = 64;

/**
 * The documents of a YAML stream as the `yaml` package composes them (each document's contents:
 * a node, or null for a document of comments only), or UNSURE. With `single`, the text must hold
 * at most one document (as `parseDocument` requires); `uniqueKeys` as in the package's options.
 */
export function readLiteYaml(
  text: string,
  options: { single: boolean; uniqueKeys: boolean },
): (LiteNode | null)[] | typeof UNSURE {
  if (STOP_CHARS.test(text)) return UNSURE;
  try {
    return new Reader(text, options.uniqueKeys).stream(options.single);
  } catch (e) {
    // A stack overflow the depth limit did not prevent (a caller deep in its own stack): the
    // package, which reports such a text, reads it.
    if (e === unsure || e instanceof RangeError) return UNSURE;
    throw e;
  }
}

const LINE_BLANK = 0;
const LINE_COMMENT = 1;
const LINE_CONTENT = 2;
const LINE_MARKER = 3;

// A block mapping key: a plain scalar that starts with no indicator and holds no `:`, `#`, quote or
// flow bracket, then `:` and a space or the line's end.
const KEY = /[^\s\-?:,[\]{}#&*!|>'"%@`<=][^:#'"[\]{}\t\n]*:(?=[ \n]|$)/y;
// A plain scalar in block context on one line: no indicator first (a `-` only before a non-space),
// up to the line's end or a ` #` comment; `: ` inside is a mapping the reader does not take.
const PLAIN_START = /[^\s\-?:,[\]{}#&*!|>'"%@`]|-(?=[^\s])/y;
const BLANKS = / */y;

class Reader {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  private readonly indents: number[] = [];
  private readonly kinds: number[] = [];
  private readonly tabbed: boolean[] = [];
  private depth = 0;

  constructor(
    private readonly text: string,
    private readonly uniqueKeys: boolean,
  ) {
    let tab = text.indexOf("\t");
    for (let at = 0; at <= text.length;) {
      let end = text.indexOf("\n", at);
      if (end === -1) end = text.length;
      let p = at;
      while (p < end && text.charCodeAt(p) === 32) p++;
      const c = text.charCodeAt(p);
      let kind = LINE_CONTENT;
      if (p === end) kind = LINE_BLANK;
      else if (c === 35 /* # */) kind = LINE_COMMENT;
      else if (p === at && text.startsWith("---", p) && (p + 3 === end || text[p + 3] === " "))
        kind = LINE_MARKER;
      else if (p === at && (text.startsWith("...", p) || c === 37) /* % */) giveUp();
      while (tab !== -1 && tab < at) tab = text.indexOf("\t", at);
      this.starts.push(at);
      this.ends.push(end);
      this.indents.push(p - at);
      this.kinds.push(kind);
      this.tabbed.push(tab !== -1 && tab < end);
      if (end === text.length) break;
      at = end + 1;
    }
  }

  /** The documents, or a give-up. */
  stream(single: boolean): (LiteNode | null)[] {
    const docs: (LiteNode | null)[] = [];
    const n = this.kinds.length;
    let i = this.skip(0);
    let explicit = false;
    let markerEnd = 0;
    if (i < n && this.kinds[i] === LINE_MARKER) {
      explicit = true;
      markerEnd = this.markerLine(i);
      i = this.skip(i + 1);
    }
    for (;;) {
      if (i >= n || this.kinds[i] === LINE_MARKER) {
        // A document without content: after a marker a null scalar, else no document at all.
        if (explicit) docs.push(nullAt(markerEnd, markerEnd));
      } else {
        const node = this.node(i, this.indents[i]!, -1);
        const after = this.skip(this.next);
        if (after < n && this.kinds[after] !== LINE_MARKER) giveUp();
        // At the document's end a collection's range stops at its last item.
        if (!(node instanceof Scalar) && node.range) node.range[2] = node.range[1];
        docs.push(node);
        i = after;
      }
      if (i >= n) break;
      if (single) giveUp();
      explicit = true;
      markerEnd = this.markerLine(i);
      i = this.skip(i + 1);
    }
    if (docs.length === 0 && !single) return docs;
    return docs.length === 0 ? [null] : docs;
  }

  /** The line after the current node. */
  private next = 0;

  /** Where an empty document after this `---` line sits: after the marker and its spaces. */
  private markerLine(i: number): number {
    const start = this.starts[i]!;
    const rest = this.text.slice(start + 3, this.ends[i]!);
    if (!/^ *(#.*)?$/.test(rest) || this.tabbed[i]) giveUp();
    return skipBlanks(this.text, start + 3);
  }

  /** The first line at or after i that is not blank or a comment. */
  private skip(i: number): number {
    const n = this.kinds.length;
    while (i < n && (this.kinds[i] === LINE_BLANK || this.kinds[i] === LINE_COMMENT)) i++;
    return i;
  }

  /** The offset of line i's content at column col. */
  private at(i: number, col: number): number {
    return this.starts[i]! + col;
  }

  /** Whether line i holds a sequence entry at column col. */
  private isEntry(i: number, col: number): boolean {
    return this.isEntryAt(this.at(i, col), this.ends[i]!);
  }

  /** A block collection starting at line i, column col (its parent's column is `parent`). */
  private node(i: number, col: number, parent: number): YAMLMap | YAMLSeq {
    return this.isEntry(i, col) ? this.seq(i, col) : this.map(i, col, parent);
  }

  /** A block sequence whose first entry is on line i at column col. */
  private seq(i: number, col: number): YAMLSeq {
    // Counted here and in map(): each calls the other directly for `- a:` and `a:\n- b`.
    if (++this.depth > MAX_DEPTH) giveUp();
    const seq = new YAMLSeq();
    const start = this.at(i, col);
    let last: LiteNode | undefined;
    let line = i;
    for (;;) {
      if (this.tabbed[line]) giveUp();
      const dash = this.at(line, col);
      BLANKS.lastIndex = dash + 1;
      BLANKS.test(this.text);
      const q = BLANKS.lastIndex;
      const end = this.ends[line]!;
      let item: LiteNode;
      if (q === end || this.text.charCodeAt(q) === 35 /* # */) {
        // `-` alone: the item is on the next lines, further in, or null.
        if (q < end && q === dash + 1) giveUp();
        const k = this.skip(line + 1);
        if (k < this.kinds.length && this.kinds[k] === LINE_CONTENT && this.indents[k]! > col) {
          item = this.node(k, this.indents[k]!, col);
        } else {
          item = nullAt(q, q < end ? Math.min(end + 1, this.text.length) : q);
          this.next = line + 1;
        }
      } else if (this.isEntryAt(q, end)) {
        giveUp();
      } else {
        KEY.lastIndex = q;
        if (KEY.test(this.text)) item = this.map(line, q - this.starts[line]!, col);
        else item = this.inline(line, q, col);
      }
      seq.items.push(item);
      last = item;
      const k = this.skip(this.next);
      if (k >= this.kinds.length || this.kinds[k] !== LINE_CONTENT) break;
      const ind = this.indents[k]!;
      if (ind > col) giveUp();
      if (ind < col || !this.isEntry(k, col)) break;
      line = k;
    }
    seq.range = collectionRange(start, last, this.nextToken());
    this.depth--;
    return seq;
  }

  private isEntryAt(p: number, end: number): boolean {
    return this.text.charCodeAt(p) === 45 && (p + 1 === end || this.text[p + 1] === " ");
  }

  /** A block mapping whose first key is on line i at column col. */
  private map(i: number, col: number, parent: number): YAMLMap {
    if (++this.depth > MAX_DEPTH) giveUp();
    const map = new YAMLMap();
    const start = this.at(i, col);
    const seen = this.uniqueKeys ? new Set<unknown>() : undefined;
    let last: LiteNode | undefined;
    let line = i;
    let keyAt = start;
    for (;;) {
      if (this.tabbed[line]) giveUp();
      KEY.lastIndex = keyAt;
      if (!KEY.test(this.text)) giveUp();
      const colon = KEY.lastIndex - 1;
      const keySource = this.text.slice(keyAt, colon);
      if (keySource.endsWith(" ") || keySource.length > 1000) giveUp();
      const key = plainScalar(keySource, keyAt, colon, colon);
      if (seen) {
        if (seen.has(key.value)) giveUp();
        seen.add(key.value);
      }
      BLANKS.lastIndex = colon + 1;
      BLANKS.test(this.text);
      const q = BLANKS.lastIndex;
      const end = this.ends[line]!;
      let value: LiteNode;
      if (q === end || this.text.charCodeAt(q) === 35 /* # */) {
        const k = this.skip(line + 1);
        const content = k < this.kinds.length && this.kinds[k] === LINE_CONTENT;
        if (content && this.indents[k]! > col && this.text[this.at(k, this.indents[k]!)] === "[") {
          if (this.tabbed[k]) giveUp();
          value = this.inline(k, this.at(k, this.indents[k]!), col);
        } else if (content && this.indents[k]! > col) {
          value = this.node(k, this.indents[k]!, col);
        } else if (content && this.indents[k] === col && this.isEntry(k, col)) {
          value = this.seq(k, col);
        } else {
          value = nullAt(q, q < end ? Math.min(end + 1, this.text.length) : q);
          this.next = line + 1;
        }
      } else {
        value = this.inline(line, q, col);
      }
      map.items.push(new Pair(key, value));
      last = value;
      const k = this.skip(this.next);
      if (k >= this.kinds.length || this.kinds[k] !== LINE_CONTENT) break;
      const ind = this.indents[k]!;
      if (ind < col) break;
      if (ind > col) giveUp();
      // A sequence entry in line with the keys belongs to no key here: not YAML.
      if (this.isEntry(k, col)) {
        if (col > parent) giveUp();
        break;
      }
      line = k;
      keyAt = this.at(line, col);
    }
    map.range = collectionRange(start, last, this.nextToken());
    this.depth--;
    return map;
  }

  /** The offset of the next content line's first character, or undefined at the document's end. */
  private nextToken(): number | undefined {
    const k = this.skip(this.next);
    if (k >= this.kinds.length || this.kinds[k] !== LINE_CONTENT) return undefined;
    return this.at(k, this.indents[k]!);
  }

  /** A value that starts on line i at offset q: a scalar, a block scalar, a one-line flow collection. */
  private inline(start: number, q: number, parent: number): LiteNode {
    const text = this.text;
    // The line the value ends on (a flow sequence may close on a later one).
    let i = start;
    let end = this.ends[i]!;
    const c = text.charCodeAt(q);
    let node: LiteNode;
    let after: number;
    if (c === 124 /* | */ || c === 62 /* > */) {
      return this.blockScalar(i, q, parent);
    } else if (c === 34 /* " */ || c === 39 /* ' */) {
      const close = quotedEnd(text, q, end);
      node = quoted(text, q, close);
      after = close;
    } else if (c === 91 /* [ */) {
      const r = this.flowSequence(i, q, parent);
      node = r.node;
      after = r.end;
      i = r.line;
      end = this.ends[i]!;
    } else if (c === 123 /* { */) {
      const r = flow(text, q, end);
      node = r.node;
      after = r.end;
    } else {
      PLAIN_START.lastIndex = q;
      if (!PLAIN_START.test(text)) giveUp();
      // The comment is searched for in this line only (linear in the text).
      const hash = text.slice(q, end).indexOf(" #");
      const stop = hash === -1 ? end : q + hash;
      let e = stop;
      while (e > q && text.charCodeAt(e - 1) === 32) e--;
      const source = text.slice(q, e);
      if (source.includes(": ") || source.endsWith(":")) giveUp();
      node = plainScalar(source, q, e, e);
      after = e;
    }
    // Only spaces and a comment may follow on the line.
    BLANKS.lastIndex = after;
    BLANKS.test(text);
    const t = BLANKS.lastIndex;
    if (t < end && (text.charCodeAt(t) !== 35 || t === after)) giveUp();
    node.range![2] = Math.min(end + 1, text.length);
    // Nothing may continue the scalar on the next lines.
    const k = this.skip(i + 1);
    if (k < this.kinds.length && this.kinds[k] === LINE_CONTENT && this.indents[k]! > parent)
      giveUp();
    this.next = i + 1;
    return node;
  }

  /**
   * A flow sequence of scalars from the `[` at q on line i, on one line or over several: lines
   * after the first must be indented further than the parent collection, but for the one that
   * starts with the closing `]`, which may sit at the parent's column. No comment, blank line,
   * nested collection or scalar over several lines inside.
   */
  private flowSequence(
    i: number,
    q: number,
    parent: number,
  ): { node: YAMLSeq; end: number; line: number } {
    const text = this.text;
    const seq = new YAMLSeq();
    seq.flow = true;
    let line = i;
    let end = this.ends[line]!;
    let p = q + 1;
    // Past blanks, and past line breaks onto the next line's first character.
    const next = (): void => {
      for (;;) {
        p = skipBlanks(text, p);
        if (p < end) return;
        line++;
        if (line >= this.kinds.length || this.kinds[line] !== LINE_CONTENT || this.tabbed[line])
          giveUp();
        const indent = this.indents[line]!;
        p = this.starts[line]! + indent;
        end = this.ends[line]!;
        if (!(indent > parent || (indent === parent && text[p] === "]"))) giveUp();
      }
    };
    next();
    while (text[p] !== "]") {
      const item = flowScalar(text, p, end, false);
      seq.items.push(item);
      p = item.range![1];
      next();
      item.range![2] = p;
      if (text[p] === ",") {
        p++;
        next();
      } else if (text[p] !== "]") giveUp();
    }
    seq.range = [q, p + 1, p + 1];
    return { node: seq, end: p + 1, line };
  }

  /** `|` or `>`, with `-` (strip) or no chomping indicator, on line i at offset q. */
  private blockScalar(i: number, q: number, parent: number): Scalar {
    const text = this.text;
    const end = this.ends[i]!;
    const header = /^([|>])(-?)( +#.*| *)$/.exec(text.slice(q, end));
    if (!header) giveUp();
    const folded = header[1] === ">";
    const strip = header[2] === "-";
    const n = this.kinds.length;
    // Content: up to the first line that is not blank and is indented no further than the parent.
    // The first content line sets the indentation; a blank line is a run of spaces, and one longer
    // than the indentation (before, inside or after the content) is left to the package.
    let indent = -1;
    let lastContent = i;
    for (let k = i + 1; k < n; k++) {
      if (this.kinds[k] === LINE_BLANK) continue;
      const ind = this.indents[k]!;
      if (ind <= parent) break;
      if (indent === -1) indent = ind;
      else if (ind < indent) giveUp();
      lastContent = k;
    }
    const type = folded ? "BLOCK_FOLDED" : "BLOCK_LITERAL";
    const nextAfter = (k: number): number => Math.min(this.ends[k]! + 1, text.length);
    // Leading blank lines longer than the indentation (the parent's, without content): left to
    // the package, which may call them an error.
    const limit = Math.max(indent === -1 ? parent : indent, 0);
    for (let k = i + 1; k < n && this.kinds[k] === LINE_BLANK; k++)
      if (this.ends[k]! - this.starts[k]! > limit) giveUp();
    if (indent === -1) {
      // No content: the scalar is empty and ends after its header line. Where blank lines follow,
      // the package's end depends on what comes after them: left to it.
      if (i + 1 < n && this.kinds[i + 1] === LINE_BLANK && this.ends[i + 1]! < text.length)
        giveUp();
      const last = i;
      const s = new Scalar("");
      s.type = type;
      s.range = [q, nextAfter(last), nextAfter(last)];
      this.next = last + 1;
      return s;
    }
    // A blank line inside the content is empty; one longer than the indentation keeps the rest
    // of its spaces (a folded scalar leaves such a line to the package).
    const parts: string[] = [];
    for (let l = i + 1; l <= lastContent; l++) {
      const blank = this.kinds[l] === LINE_BLANK && this.ends[l]! - this.starts[l]! <= indent;
      parts.push(blank ? "" : text.slice(this.starts[l]! + indent, this.ends[l]!));
    }
    for (let l = lastContent + 1; l < n && this.kinds[l] === LINE_BLANK; l++) {
      if (this.ends[l]! - this.starts[l]! > indent) giveUp();
    }
    let value = folded ? fold(parts) : parts.join("\n");
    const stopAt = nextAfter(lastContent);
    if (!strip) value += "\n";
    const s = new Scalar(value);
    s.type = type;
    s.range = [q, stopAt, stopAt];
    this.next = lastContent + 1;
    return s;
  }
}

/** Folding of `>` content lines (already without their indentation). */
function fold(parts: string[]): string {
  let out = "";
  let pendingBreaks = 0;
  let started = false;
  for (const p of parts) {
    if (p === "") {
      pendingBreaks++;
      continue;
    }
    // More-indented or tab-led lines keep their line breaks: the reader does not take them.
    if (p.startsWith(" ") || p.startsWith("\t")) giveUp();
    if (started) out += pendingBreaks > 0 ? "\n".repeat(pendingBreaks) : " ";
    else out += "\n".repeat(pendingBreaks);
    pendingBreaks = 0;
    out += p;
    started = true;
  }
  return out;
}

function nullAt(from: number, end: number): Scalar {
  const s = new Scalar(null);
  s.type = "PLAIN";
  s.range = [from, from, end];
  return s;
}

function collectionRange(
  start: number,
  last: LiteNode | undefined,
  next: number | undefined,
): [number, number, number] {
  const end = last?.range?.[2] ?? start;
  return [start, end, next ?? end];
}

/** A plain scalar with the core schema's value (as the `yaml` package resolves it). */
function plainScalar(source: string, from: number, to: number, end: number): Scalar {
  if (source.includes("\t")) giveUp();
  const s = new Scalar(plainValue(source));
  s.type = "PLAIN";
  s.range = [from, to, end];
  return s;
}

function plainValue(source: string): unknown {
  if (/^(?:~|[Nn]ull|NULL)?$/.test(source)) return null;
  if (/^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/.test(source))
    return source[0] === "t" || source[0] === "T";
  if (/^0o[0-7]+$/.test(source)) return parseInt(source.substring(2), 8);
  if (/^[-+]?[0-9]+$/.test(source)) return parseInt(source, 10);
  if (/^0x[0-9a-fA-F]+$/.test(source)) return parseInt(source.substring(2), 16);
  // Special floats and exponents: their node carries more than a value; the package reads them.
  if (/^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/.test(source)) giveUp();
  if (/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/.test(source)) giveUp();
  if (/^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/.test(source)) return parseFloat(source);
  return source;
}

/** The offset after the quote closing the one at q, on the same line; a give-up otherwise. */
function quotedEnd(text: string, q: number, end: number): number {
  const quote = text[q]!;
  let p = q + 1;
  for (;;) {
    const c = text.indexOf(quote, p);
    if (c === -1 || c >= end) giveUp();
    if (quote === "'" && text[c + 1] === "'") {
      p = c + 2;
      continue;
    }
    return c + 1;
  }
}

function quoted(text: string, from: number, to: number): Scalar {
  const inner = text.slice(from + 1, to - 1);
  const double = text[from] === '"';
  if (double && inner.includes("\\")) giveUp();
  if (inner.includes("\t")) giveUp();
  const s = new Scalar(double ? inner : inner.replaceAll("''", "'"));
  s.type = double ? "QUOTE_DOUBLE" : "QUOTE_SINGLE";
  s.range = [from, to, to];
  return s;
}

/** A flow mapping on one line, of scalars: `{a: 1, b: "x"}`, `{}`. */
function flow(text: string, q: number, end: number): { node: YAMLMap; end: number } {
  const node = new YAMLMap();
  node.flow = true;
  const keys = new Set<unknown>();
  let p = skipBlanks(text, q + 1);
  while (text[p] !== "}") {
    if (p >= end) giveUp();
    // A plain key right before `: `, then a scalar.
    const key = flowScalar(text, p, end, true);
    const colon = key.range![1];
    if (text[colon] !== ":" || text[colon + 1] !== " ") giveUp();
    // Any repeated key is left to the package (an error unless uniqueKeys is off).
    if (keys.has(key.value)) giveUp();
    keys.add(key.value);
    p = skipBlanks(text, colon + 1);
    const value = flowScalar(text, p, end, false);
    p = skipBlanks(text, value.range![1]);
    value.range![2] = p;
    node.items.push(new Pair(key, value));
    if (text[p] === ",") {
      p = skipBlanks(text, p + 1);
      if (text[p] === "}") giveUp();
    } else if (text[p] !== "}") giveUp();
  }
  if (p >= end) giveUp();
  node.range = [q, p + 1, p + 1];
  return { node, end: p + 1 };
}

function skipBlanks(text: string, p: number): number {
  BLANKS.lastIndex = p;
  BLANKS.test(text);
  return BLANKS.lastIndex;
}

// A plain scalar inside a flow collection: no indicator first, no flow indicator, `#` or `:` in it.
const FLOW_PLAIN = /[^\s,[\]{}#&*!|>'"%@`?:-][^,[\]{}#:\n]*/y;

/** A quoted or plain scalar at p in a flow collection; a key is plain and ends right at its `:`. */
function flowScalar(text: string, p: number, end: number, key: boolean): Scalar {
  const c = text[p];
  if (c === '"' || c === "'") {
    if (key) giveUp();
    return quoted(text, p, quotedEnd(text, p, end));
  }
  FLOW_PLAIN.lastIndex = p;
  if (!FLOW_PLAIN.test(text) || FLOW_PLAIN.lastIndex > end) giveUp();
  let e = FLOW_PLAIN.lastIndex;
  if (key) {
    if (text[e] !== ":") giveUp();
  } else {
    // `a:b` in a flow value is left to the package.
    if (text[e] === ":") giveUp();
    while (e > p && text.charCodeAt(e - 1) === 32) e--;
  }
  if (text.charCodeAt(e - 1) === 32) giveUp();
  const s = plainScalar(text.slice(p, e), p, e, e);
  return s;
}
