// tree-sitter's WebAssembly binding reports UTF-16 columns; Go tools report 1-based byte columns.

/** Maps (row, UTF-16 column) of a JavaScript string to 1-based UTF-8 byte columns. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(private readonly text: string) {
    for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) {
      this.starts.push(i + 1);
    }
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** UTF-16 offset where 0-based row starts. */
  lineStart(row: number): number {
    return this.starts[Math.min(row, this.starts.length - 1)] ?? 0;
  }

  /** 0-based row of a UTF-16 offset. */
  row(offset: number): number {
    const starts = this.starts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** The text of a 0-based row without its line terminator ("\n" or "\r\n"). */
  lineText(row: number): string {
    const start = this.lineStart(row);
    const next =
      row + 1 < this.starts.length ? (this.starts[row + 1] ?? this.text.length) : this.text.length;
    let end = next;
    if (end > start && this.text[end - 1] === "\n") end--;
    if (end > start && this.text[end - 1] === "\r") end--;
    return this.text.slice(start, end);
  }

  /** 1-based byte column of a UTF-16 column on a 0-based row. */
  byteColumn(row: number, utf16Column: number): number {
    const start = this.lineStart(row);
    // Columns asked in order along one long line are counted from the last answer, not from the
    // line's start: thousands of spans on one line would otherwise be quadratic.
    const from = row === this.lastRow && utf16Column >= this.lastColumn ? this.lastColumn : 0;
    const bytes =
      (from === 0 ? 0 : this.lastBytes) + utf8Length(this.text, start + from, start + utf16Column);
    this.lastRow = row;
    this.lastColumn = utf16Column;
    this.lastBytes = bytes;
    return bytes + 1;
  }

  private lastRow = -1;
  private lastColumn = 0;
  private lastBytes = 0;

  /** The UTF-16 offset of a 1-based line and 1-based byte column. */
  offsetOf(line: number, byteColumn: number): number {
    const start = this.lineStart(line - 1);
    let bytes = 0;
    let i = start;
    while (bytes < byteColumn - 1 && i < this.text.length) {
      const code = this.text.charCodeAt(i);
      if (code >= 0xd800 && code <= 0xdbff) {
        bytes += 4;
        i += 2;
      } else {
        bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : 3;
        i += 1;
      }
    }
    return i;
  }
}

/** UTF-8 length of text[from, to) without allocating. Lone surrogates count as U+FFFD (3 bytes). */
export function utf8Length(text: string, from = 0, to = text.length): number {
  let bytes = 0;
  for (let i = from; i < to; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < to) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** The line ending a file mostly uses, so that inserted text matches it. */
export function lineEnding(text: string): "\n" | "\r\n" {
  const crlf = text.split("\r\n").length - 1;
  const lf = text.split("\n").length - 1 - crlf;
  return crlf > lf ? "\r\n" : "\n";
}
