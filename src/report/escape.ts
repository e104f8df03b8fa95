// Escaping for text that comes from repositories (paths, code, messages) in Markdown, so a file
// named `a|b].go` cannot break a table, a link or a list, and a comment quoting `@org/team`,
// `#123` or a URL mentions, references and links nothing. (Workflow commands: @actions/core escapes.)

/** Zero-width joiner: invisible, and GitHub no longer sees a mention, reference or autolink. */
const ZWJ = "\u200d";

/**
 * Breaks what GitHub would turn into a notification or a link in plain text: `@user`,
 * `@org/team` (and e-mail addresses), `#123`, `GH-123`, `http://`, `https://`, `www.`.
 * Code spans and fenced blocks need none of this: GitHub links nothing inside them.
 */
export function neutralise(text: string): string {
  return text
    .replace(/@(?=[A-Za-z0-9_-])/g, `@${ZWJ}`)
    .replace(/#(?=\d)/g, `#${ZWJ}`)
    .replace(/\b(gh)-(?=\d)/gi, `$1-${ZWJ}`)
    .replace(/\b(https?|ftp):\/\//gi, `$1${ZWJ}://`)
    .replace(/\b(www)\./gi, `$1${ZWJ}.`);
}

/**
 * Escapes Markdown metacharacters and neutralises mentions, references and URLs; line endings
 * (LF, CRLF and a lone CR, which CommonMark also ends a line at) become spaces, so the text is
 * safe in table cells and list items.
 */
export function md(text: string): string {
  return neutralise(text.replace(/\r\n?|\n|\u2028|\u2029/g, " ")).replace(
    /[\\`*_[\]<>|#~!&]/g,
    (c) => `\\${c}`,
  );
}

/**
 * A finding message: its `code spans` stay code, everything else is escaped. In a table cell,
 * GitHub splits on "|" even inside code spans, so there it becomes "\|".
 */
export function mdMessage(text: string, inTable = false): string {
  let out = "";
  let last = 0;
  for (const m of text.matchAll(/`([^`\n]+)`/g)) {
    const code = mdCode(m[1]!);
    out += md(text.slice(last, m.index)) + (inTable ? code.replace(/\|/g, "\\|") : code);
    last = m.index! + m[0].length;
  }
  return out + md(text.slice(last));
}

/** Inline code that survives backticks inside the text. */
export function mdCode(text: string): string {
  const oneLine = text.replace(/\r\n?|\n/g, " ");
  let fence = "`";
  while (oneLine.includes(fence)) fence += "`";
  const pad = oneLine.startsWith("`") || oneLine.endsWith("`") ? " " : "";
  return `${fence}${pad}${oneLine}${pad}${fence}`;
}

/** A fence longer than any run of backticks in the text, for code blocks. */
export function fenceFor(text: string): string {
  let longest = 0;
  for (const m of text.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  return "`".repeat(Math.max(3, longest + 1));
}

/**
 * Repository text (paths, messages, code) on one line of terminal or log output: control
 * characters, line and paragraph separators and bidirectional overrides become visible escapes
 * (`\n`, `\x1b`, `\u202e`), so a file name can neither start a workflow command on a line of its
 * own nor send escape sequences to the terminal.
 */
export function plain(text: string): string {
  return text.replace(
    /[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g,
    (c) =>
      ({ "\n": "\\n", "\r": "\\r", "\t": "\\t" })[c] ??
      (c.charCodeAt(0) < 0x100
        ? `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`
        : `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`),
  );
}

/** A path at the start of an output line: "./" before one that would read as a command (`::`, `##[`). */
export function linePath(path: string): string {
  const p = plain(path);
  return p.startsWith("::") || p.startsWith("##[") ? `./${p}` : p;
}

/** Multi-line output for a terminal (the CLI's Markdown): control characters made visible, lines kept. */
export function terminalSafe(text: string): string {
  return text.replace(/[^\n]+/g, (line) => plain(line.replace(/\t/g, " ")));
}

/**
 * JSON text whose strings hold no raw C1 controls, line separators or bidirectional overrides
 * (JSON.stringify escapes only C0): the same document, safe to print on a terminal.
 */
export function jsonSafe(json: string): string {
  return json.replace(
    /[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}
