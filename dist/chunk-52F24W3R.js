import { createRequire as __gmcCreateRequire } from "node:module"; const require = __gmcCreateRequire(import.meta.url);

// src/parse/positions.ts
var LineIndex = class {
  constructor(text) {
    this.text = text;
    for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) {
      this.starts.push(i + 1);
    }
  }
  starts = [0];
  get lineCount() {
    return this.starts.length;
  }
  /** UTF-16 offset where 0-based row starts. */
  lineStart(row) {
    return this.starts[Math.min(row, this.starts.length - 1)] ?? 0;
  }
  /** 0-based row of a UTF-16 offset. */
  row(offset) {
    const starts = this.starts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = lo + hi + 1 >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
  /** The text of a 0-based row without its line terminator ("\n" or "\r\n"). */
  lineText(row) {
    const start = this.lineStart(row);
    const next = row + 1 < this.starts.length ? this.starts[row + 1] ?? this.text.length : this.text.length;
    let end = next;
    if (end > start && this.text[end - 1] === "\n") end--;
    if (end > start && this.text[end - 1] === "\r") end--;
    return this.text.slice(start, end);
  }
  /** 1-based byte column of a UTF-16 column on a 0-based row. */
  byteColumn(row, utf16Column) {
    const start = this.lineStart(row);
    const from = row === this.lastRow && utf16Column >= this.lastColumn ? this.lastColumn : 0;
    const bytes = (from === 0 ? 0 : this.lastBytes) + utf8Length(this.text, start + from, start + utf16Column);
    this.lastRow = row;
    this.lastColumn = utf16Column;
    this.lastBytes = bytes;
    return bytes + 1;
  }
  lastRow = -1;
  lastColumn = 0;
  lastBytes = 0;
  /** The UTF-16 offset of a 1-based line and 1-based byte column. */
  offsetOf(line, byteColumn) {
    const start = this.lineStart(line - 1);
    let bytes = 0;
    let i = start;
    while (bytes < byteColumn - 1 && i < this.text.length) {
      const code = this.text.charCodeAt(i);
      if (code >= 55296 && code <= 56319) {
        bytes += 4;
        i += 2;
      } else {
        bytes += code < 128 ? 1 : code < 2048 ? 2 : 3;
        i += 1;
      }
    }
    return i;
  }
};
function utf8Length(text, from = 0, to = text.length) {
  let bytes = 0;
  for (let i = from; i < to; i++) {
    const code = text.charCodeAt(i);
    if (code < 128) bytes += 1;
    else if (code < 2048) bytes += 2;
    else if (code >= 55296 && code <= 56319 && i + 1 < to) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}
function lineEnding(text) {
  const crlf = text.split("\r\n").length - 1;
  const lf = text.split("\n").length - 1 - crlf;
  return crlf > lf ? "\r\n" : "\n";
}

export {
  LineIndex,
  utf8Length,
  lineEnding
};
