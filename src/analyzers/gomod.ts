// A go.mod reader following golang.org/x/mod/modfile (read.go, rule.go) for the directives this tool
// needs: go, toolchain, godebug. Everything else is tokenised and checked only as far as its shape.
import {
  isValidToolchainName,
  parseGoModVersion,
  parseToolchainVersion,
  type GoVersion,
} from "./go-version.ts";
import { utf8Length } from "../parse/positions.ts";
import { snippet } from "./snippet.ts";

/** A token's place: 1-based line, 1-based UTF-8 byte columns, end exclusive. */
export interface Span {
  line: number;
  column: number;
  endColumn: number;
}

export interface GoModError {
  file: string;
  line: number;
  message: string;
}

export interface GoLine {
  text: string;
  version: GoVersion;
  /** The whole `go 1.14` statement's line and the version token's span. */
  span: Span;
}

export interface ToolchainLine {
  name: string;
  version: GoVersion | undefined;
  span: Span;
}

export interface GoDebugEntry {
  key: string;
  value: string;
  span: Span;
  /** Inside `godebug ( ... )`. */
  inBlock: boolean;
  /** The whole line (for deletion): 1-based line number. */
  line: number;
}

export interface GoMod {
  file: string;
  module: string | undefined;
  go: GoLine | undefined;
  toolchain: ToolchainLine | undefined;
  godebug: GoDebugEntry[];
  errors: GoModError[];
}

interface Token {
  text: string;
  /** Unquoted value for quoted tokens. */
  value: string;
  span: Span;
}

interface Statement {
  tokens: Token[];
  line: number;
  inBlock?: string;
}

const BLOCK_VERBS = new Set([
  "module",
  "godebug",
  "require",
  "exclude",
  "replace",
  "retract",
  "tool",
  "ignore",
]);
const DIRECTIVES = new Set([...BLOCK_VERBS, "go", "toolchain"]);

/** Parses a go.mod; never throws. Problems are reported like the go command: go.mod:<line>: <message>. */
export function parseGoMod(file: string, text: string): GoMod {
  const mod: GoMod = {
    file,
    module: undefined,
    go: undefined,
    toolchain: undefined,
    godebug: [],
    errors: [],
  };
  const err = (line: number, message: string): void => {
    mod.errors.push({ file, line, message });
  };
  if (text.startsWith("\uFEFF")) {
    // The go command refuses such a file; the rest is still read, so the other findings hold.
    err(
      1,
      "unexpected input character '\\ufeff' (a UTF-8 byte order mark): the go command rejects this go.mod; save it without the BOM",
    );
  }
  let statements: Statement[];
  try {
    statements = toStatements(tokenize(text, err), err);
  } catch (e) {
    err(1, `cannot parse: ${e instanceof Error ? e.message : String(e)}`);
    return mod;
  }
  for (const st of statements) {
    const verb = st.inBlock ?? st.tokens[0]?.text ?? "";
    const args = st.inBlock ? st.tokens : st.tokens.slice(1);
    if (!DIRECTIVES.has(verb)) {
      err(st.line, `unknown directive: ${snippet(verb)}`);
      continue;
    }
    switch (verb) {
      case "module":
        if (args.length !== 1) err(st.line, "usage: module module/path");
        else mod.module = args[0]?.value;
        break;
      case "go": {
        if (mod.go) {
          err(st.line, "repeated go statement");
          break;
        }
        const a = args[0];
        if (args.length !== 1 || !a) {
          err(st.line, "go directive expects exactly one argument");
          break;
        }
        const v = parseGoModVersion(a.value);
        if (!v) {
          err(st.line, `invalid go version '${snippet(a.value)}': must match format 1.23.0`);
          break;
        }
        mod.go = { text: a.value, version: v, span: a.span };
        break;
      }
      case "toolchain": {
        if (mod.toolchain) {
          err(st.line, "repeated toolchain statement");
          break;
        }
        const a = args[0];
        if (args.length !== 1 || !a) {
          err(st.line, "toolchain directive expects exactly one argument");
          break;
        }
        if (!isValidToolchainName(a.value)) {
          err(
            st.line,
            `invalid toolchain version '${snippet(a.value)}': must match format go1.23.0 or default`,
          );
          break;
        }
        mod.toolchain = { name: a.value, version: parseToolchainVersion(a.value), span: a.span };
        break;
      }
      case "godebug": {
        const a = args[0];
        const eq = a ? a.value.indexOf("=") : -1;
        if (args.length !== 1 || !a || /["`',]/.test(a.value) || eq <= 0) {
          err(st.line, "usage: godebug key=value");
          break;
        }
        mod.godebug.push({
          key: a.value.slice(0, eq),
          value: a.value.slice(eq + 1),
          span: a.span,
          inBlock: st.inBlock !== undefined,
          line: st.line,
        });
        break;
      }
      default:
        // require, replace, exclude, retract, tool, ignore: tolerated, not interpreted.
        break;
    }
  }
  return mod;
}

/** Tokens per physical line. Comments are dropped; quoted strings are unquoted. */
function tokenize(text: string, err: (line: number, message: string) => void): Token[][] {
  const src = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const lines = src.split("\n");
  const out: Token[][] = [];
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const rawLine = lines[i] ?? "";
    const line = rawLine.endsWith("\r") ? rawLine.slice(0, -1) : rawLine;
    const bomBytes = i === 0 && src !== text ? 3 : 0;
    out.push(
      NON_ASCII.test(line)
        ? tokenizeLine(line, lineNo, bomBytes, err)
        : tokenizeAsciiLine(line, lineNo, bomBytes, err),
    );
  }
  return out;
}

const NON_ASCII = /[^\x00-\x7f]/;
// On an ASCII line: blanks (the ASCII part of \s), and the longest run of identifier characters
// (not a blank, a control character or one of ` ()[]{},`). Regular expressions instead of a loop
// per character: go.mod is read once, by code that V8 has not compiled yet.
const BLANKS = /[\t\n\v\f\r ]*/y;
const IDENT_RUN = /[^\x00-\x20\x7f()[\]{},]+/y;
const PUNCT = "()[]{},";

/** tokenizeLine for a line of ASCII characters only: the same tokens and errors. */
function tokenizeAsciiLine(
  line: string,
  lineNo: number,
  bomBytes: number,
  err: (line: number, message: string) => void,
): Token[] {
  const tokens: Token[] = [];
  const token = (start: number, end: number, value?: string): void => {
    const raw = line.slice(start, end);
    tokens.push({
      text: raw,
      value: value ?? raw,
      span: { line: lineNo, column: bomBytes + start + 1, endColumn: bomBytes + end + 1 },
    });
  };
  // The next `//` at or after p + 1, found again only once p has passed it (linear in the line).
  let comment = line.indexOf("//");
  let p = 0;
  for (;;) {
    BLANKS.lastIndex = p;
    BLANKS.test(line);
    p = BLANKS.lastIndex;
    if (p >= line.length) break;
    const c = line[p] ?? "";
    if (line.startsWith("//", p)) break;
    if (line.startsWith("/*", p)) {
      err(lineNo, "mod files must use // comments (not /* */ comments)");
      break;
    }
    if (PUNCT.includes(c)) {
      token(p, p + 1);
      p++;
      continue;
    }
    if (c === '"' || c === "`") {
      const end = quoteEnd(line, p);
      if (end < 0) {
        err(lineNo, "unterminated quoted string");
        break;
      }
      token(p, end, unquote(line.slice(p, end)));
      p = end;
      continue;
    }
    IDENT_RUN.lastIndex = p;
    if (!IDENT_RUN.test(line)) {
      err(lineNo, `unexpected input character ${JSON.stringify(c)}`);
      break;
    }
    // An identifier ends where a comment starts.
    let end = IDENT_RUN.lastIndex;
    if (comment >= 0 && comment <= p) comment = line.indexOf("//", p + 1);
    if (comment >= 0 && comment < end) end = comment;
    token(p, end);
    p = end;
  }
  return tokens;
}

/** The offset after the quote that closes the one at `start`; -1 when the line does not close it. */
function quoteEnd(line: string, start: number): number {
  const c = line[start];
  let q = start + 1;
  while (q < line.length) {
    if (c === '"' && line[q] === "\\") {
      q += 2;
      continue;
    }
    if (line[q] === c) return q + 1;
    q++;
  }
  return -1;
}

/** The tokens of one line (without its line break) that may hold any character. */
function tokenizeLine(
  line: string,
  lineNo: number,
  bomBytes: number,
  err: (line: number, message: string) => void,
): Token[] {
  const col = (utf16: number): number => bomBytes + utf8Length(line, 0, utf16) + 1;
  const tokens: Token[] = [];
  let p = 0;
  while (p < line.length) {
    const c = line[p] ?? "";
    if (isSpace(c)) {
      p++;
      continue;
    }
    if (line.startsWith("//", p)) break;
    if (line.startsWith("/*", p)) {
      err(lineNo, "mod files must use // comments (not /* */ comments)");
      break;
    }
    const start = p;
    if (PUNCT.includes(c)) {
      p++;
      tokens.push({
        text: c,
        value: c,
        span: { line: lineNo, column: col(start), endColumn: col(p) },
      });
      continue;
    }
    if (c === '"' || c === "`") {
      const end = quoteEnd(line, p);
      if (end < 0) {
        err(lineNo, "unterminated quoted string");
        break;
      }
      p = end;
      const raw = line.slice(start, p);
      tokens.push({
        text: raw,
        value: unquote(raw),
        span: { line: lineNo, column: col(start), endColumn: col(p) },
      });
      continue;
    }
    while (p < line.length && isIdent(line[p] ?? "") && !line.startsWith("//", p)) p++;
    if (p === start) {
      err(lineNo, `unexpected input character ${JSON.stringify(c)}`);
      break;
    }
    const raw = line.slice(start, p);
    tokens.push({
      text: raw,
      value: raw,
      span: { line: lineNo, column: col(start), endColumn: col(p) },
    });
  }
  return tokens;
}

function isSpace(c: string): boolean {
  const code = c.charCodeAt(0);
  if (code < 0x80) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  return /\s/.test(c);
}

function isIdent(c: string): boolean {
  const code = c.charCodeAt(0);
  // Not a space, a control character (\p{Cc}: below 0x20 and 0x7f) or one of ` ()[]{},`.
  if (code < 0x80) return code > 0x20 && code !== 0x7f && !" ()[]{},".includes(c);
  return !/\s/.test(c) && !/[\p{Cc}\p{Cf}]/u.test(c);
}

function unquote(raw: string): string {
  if (raw.startsWith("`")) return raw.slice(1, -1);
  try {
    const v: unknown = JSON.parse(raw);
    return typeof v === "string" ? v : raw.slice(1, -1);
  } catch {
    return raw.slice(1, -1);
  }
}

/** Groups lines into statements: `verb args`, or `verb (` ... `)` blocks whose lines become statements. */
function toStatements(lines: Token[][], err: (line: number, message: string) => void): Statement[] {
  const out: Statement[] = [];
  let block: { verb: string; line: number } | undefined;
  lines.forEach((tokens, i) => {
    const lineNo = i + 1;
    if (tokens.length === 0) return;
    const last = tokens[tokens.length - 1];
    if (block) {
      if (tokens.length === 1 && last?.text === ")") {
        block = undefined;
        return;
      }
      if (tokens.some((t) => t.text === "(" || t.text === ")")) {
        err(lineNo, "syntax error: unexpected parenthesis inside block");
        return;
      }
      out.push({ tokens, line: lineNo, inBlock: block.verb });
      return;
    }
    if (last?.text === "(") {
      const verbTokens = tokens.slice(0, -1);
      const verb = verbTokens[0]?.text ?? "";
      if (verbTokens.length !== 1) {
        err(lineNo, "syntax error: unexpected (");
        return;
      }
      if (!BLOCK_VERBS.has(verb)) {
        err(
          lineNo,
          DIRECTIVES.has(verb)
            ? `unknown block type: ${snippet(verb)}`
            : `unknown directive: ${snippet(verb)}`,
        );
      }
      block = { verb: BLOCK_VERBS.has(verb) ? verb : "", line: lineNo };
      return;
    }
    const paren = tokens.findIndex((t) => t.text === "(" || t.text === ")");
    if (paren >= 0) {
      const p = tokens[paren];
      // `verb ( )` on one line is an empty block: accepted by x/mod.
      if (tokens.length === 3 && tokens[1]?.text === "(" && tokens[2]?.text === ")") return;
      err(lineNo, `syntax error: unexpected ${snippet(p?.text ?? "(")}`);
      return;
    }
    out.push({ tokens, line: lineNo });
  });
  if (block) err(block.line, "syntax error: unterminated block started at this line (missing ')')");
  // Statements inside a bad block were recorded with verb "": drop them, their error is already out.
  return out.filter((s) => s.inBlock !== "");
}
