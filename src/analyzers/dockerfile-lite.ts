// A tokenizer for plain Dockerfiles that gives the model (dockerfile.ts) exactly what dockerfile-ast
// gives it (dockerfile-view.ts), at a fraction of the cost: dockerfile-ast builds a full syntax
// tree, with its own document and position objects, for every instruction, in code that V8 has not
// compiled yet, and loading it is ~230 KB of JavaScript. This one walks the text once, with the
// same rules as dockerfile-ast's parser (instruction ends, continuation lines, comments inside
// them, heredocs, arguments, flags, properties, the exec form), and gives up (undefined) where
// those rules get intricate: an escape directive, CR line ends, a byte order mark, an escape
// character in a keyword or anywhere in an argument but before a line break, a comment line inside
// the arguments it reads, ENV and ARG over several lines or with escapes, backslashes in the exec
// form's strings, flags over several lines. The model then uses dockerfile-ast. The two are
// compared on real, generated and mutated Dockerfiles (dockerfile-lite.test.ts).
import type {
  DfArgument,
  DfDocument,
  DfInstruction,
  DfPosition,
  DfProperty,
  DfRange,
} from "./dockerfile-view.ts";
import { LineIndex } from "../parse/positions.ts";

class Unsure {}
const unsure = new Unsure();
function giveUp(): never {
  throw unsure;
}

const ESCAPE = "\\";

/** The view of a Dockerfile, or undefined where dockerfile-ast must read it. */
export function tokenizeDockerfile(text: string): DfDocument | undefined {
  if (text.includes("\r") || text.startsWith("\uFEFF")) return undefined;
  // An escape directive (or a comment that looks like one): the escape character is dockerfile-ast's
  // to decide.
  // (`# escape x=` names escape too: the name ends at the first blank).
  if (/^[ \t]*#[ \t]*escape[ \t=]/im.test(text)) return undefined;
  try {
    return { escape: ESCAPE, instructions: new Tokenizer(text).instructions() };
  } catch (e) {
    if (e === unsure) return undefined;
    throw e;
  }
}

class Tokenizer {
  private readonly lines: LineIndex;

  constructor(private readonly text: string) {
    this.lines = new LineIndex(text);
  }

  /** 0-based line and UTF-16 character of an offset. */
  private position(offset: number): DfPosition {
    const line = this.lines.row(offset);
    return { line, character: offset - this.lines.lineStart(line) };
  }

  private range(from: number, to: number): DfRange {
    return { start: this.position(from), end: this.position(to) };
  }

  instructions(): DfInstruction[] {
    const text = this.text;
    const out: DfInstruction[] = [];
    // Parsing starts on the line numbered by the count of parser directives (see directiveCount).
    const count = directiveCount(text);
    const from = count < this.lines.lineCount ? this.lines.lineStart(count) : text.length;
    for (let i = from; i < text.length; i++) {
      const c = text[i];
      if (c === " " || c === "\t" || c === "\n") continue;
      if (c === "#") {
        i = lineEnd(text, i);
        continue;
      }
      const at = this.instruction(i);
      out.push(at.instruction);
      i = at.end;
    }
    return out;
  }

  /** The instruction whose keyword starts at `start`, and the offset it ends at. */
  private instruction(start: number): { instruction: DfInstruction; end: number } {
    const text = this.text;
    let k = start + 1;
    while (k < text.length) {
      const c = text[k];
      if (c === ESCAPE) giveUp();
      if (c === " " || c === "\t" || c === "\n") break;
      k++;
    }
    const keywordEnd = k;
    let end = k < text.length && text[k] !== "\n" ? this.argumentsEnd(k) : k;
    // Heredocs: RUN, COPY and ADD whose line ends with a line break go on to their bodies' ends.
    // (`<` and not `<<`: a continuation may split the two.)
    if (end < text.length && text.slice(keywordEnd, end).includes("<")) {
      const keyword = text.slice(start, keywordEnd).toUpperCase();
      if (keyword === "RUN" || keyword === "COPY" || keyword === "ADD")
        end = this.heredocsEnd(keywordEnd, end);
      // An ONBUILD trigger's heredocs are left to dockerfile-ast.
      else if (keyword === "ONBUILD") giveUp();
    }
    return { instruction: this.view(start, keywordEnd, end), end };
  }

  /**
   * Where the heredocs an instruction's arguments open (`<<EOF`, `<<-EOF`, `<<"EOF"`) end, read one
   * after the other from the line break at `offset`: each at the first line that is its name (after
   * tabs, with `<<-`); the text's end when there is none.
   */
  private heredocsEnd(keywordEnd: number, offset: number): number {
    const text = this.text;
    const names: string[] = [];
    let tabbed = false;
    for (const a of this.flagged(keywordEnd, offset).args) {
      const v = a.value;
      if (!v.startsWith("<<") || v.length <= 2) continue;
      if (v.startsWith("<<-")) tabbed = true;
      const name = heredocName(v);
      if (name !== null) names.push(name);
    }
    for (const name of names) {
      let startWord = -1;
      let lineStart = true;
      let i = offset;
      for (; i < text.length; i++) {
        const c = text[i];
        if (c === " ") lineStart = false;
        else if (c === "\t") {
          if (!tabbed) lineStart = false;
        } else if (c === "\n") {
          if (startWord !== -1 && text.slice(startWord, i) === name) break;
          startWord = -1;
          lineStart = true;
        } else if (lineStart) {
          startWord = i;
          lineStart = false;
        }
      }
      offset = i;
    }
    return offset;
  }

  /** Where the arguments after the blank at `offset` end: an unescaped line break, or the end. */
  private argumentsEnd(offset: number): number {
    const text = this.text;
    let escaped = false;
    scan: for (let i = offset + 1; i < text.length; i++) {
      const c = text[i];
      if (c === "\n") {
        if (escaped) continue;
        return i;
      }
      if (c === ESCAPE) {
        const next = text[i + 1];
        if (next === "\n") {
          escaped = true;
          i++;
        } else if (next === " " || next === "\t") {
          for (let j = i + 2; j < text.length; j++) {
            const d = text[j];
            if (d === " " || d === "\t") continue;
            if (d === "\n") escaped = true;
            // The character after the blanks is stepped over, as dockerfile-ast does.
            i = j;
            continue scan;
          }
          return text.length;
        }
        continue;
      }
      if (c === "#") {
        // A comment line inside the continuation: skipped to its end, line break included.
        if (escaped) i = lineEnd(text, i);
        continue;
      }
      if (c !== " " && c !== "\t") escaped = false;
    }
    return text.length;
  }

  private view(start: number, keywordEnd: number, end: number): DfInstruction {
    const text = this.text;
    const instruction = text.slice(start, keywordEnd);
    const keyword = instruction.toUpperCase();
    const out: DfInstruction = { keyword, instruction, range: this.range(start, end) };
    switch (keyword) {
      case "FROM": {
        const { flags, args } = this.flagged(keywordEnd, end);
        out.arguments = args;
        out.imageRange = args[0]?.range ?? null;
        out.platform = flags.find((f) => f.name === "platform")?.value ?? null;
        break;
      }
      case "ARG": {
        const args = this.propertyArguments(keywordEnd, end);
        out.properties = args.length === 1 ? [this.property(args[0]!)] : [];
        break;
      }
      case "ENV":
        out.properties = this.properties(this.propertyArguments(keywordEnd, end));
        break;
      case "COPY": {
        const { flags } = this.flagged(keywordEnd, end);
        const f = flags.find((g) => g.name === "from");
        out.fromFlag = f ? { value: f.value, range: f.range } : null;
        break;
      }
      case "ADD": {
        const { args } = this.flagged(keywordEnd, end);
        out.arguments = args;
        if (args.length === 0) out.argumentsContent = null;
        else {
          const first = args[0]!.range.start;
          const last = args[args.length - 1]!.range.end;
          // Arguments over several lines are put together by rules not copied here.
          if (first.line !== last.line) giveUp();
          out.argumentsContent = text.slice(this.offsetOf(first), this.offsetOf(last));
        }
        break;
      }
      case "RUN":
        out.textContent = text.slice(start, end);
        break;
      case "CMD":
      case "ENTRYPOINT": {
        const raw = this.rawArguments(keywordEnd, end);
        out.arguments = raw.map((a) => a.argument);
        out.exec = this.execForm(raw);
        break;
      }
    }
    return out;
  }

  private offsetOf(p: DfPosition): number {
    return this.lines.lineStart(p.line) + p.character;
  }

  /**
   * The arguments after the keyword (dockerfile-ast's getRawArguments): words split at blanks,
   * continued over escaped line breaks. With their offsets, for the exec form.
   */
  private rawArguments(
    keywordEnd: number,
    end: number,
  ): { argument: DfArgument; from: number; to: number }[] {
    const text = this.text;
    const out: { argument: DfArgument; from: number; to: number }[] = [];
    let found = -1;
    let value = "";
    let escaping = false;
    let escapedBlank = false;
    let marker = -1;
    let start = false;
    const push = (to: number): void => {
      out.push({ argument: { value, range: this.range(found, to) }, from: found, to });
      value = "";
      found = -1;
    };
    for (let i = keywordEnd; i < end; i++) {
      const c = text[i];
      if (c === " " || c === "\t" || c === "\n") {
        if (escaping) {
          escapedBlank = c !== "\n";
          continue;
        }
        if (found !== -1) {
          push(marker === -1 ? i : marker);
          marker = -1;
        }
      } else if (c === ESCAPE) {
        if (text[i + 1] !== "\n" || i + 1 >= end) giveUp();
        escaping = true;
        start = true;
        if (found !== -1 && marker === -1) marker = i;
        i++;
      } else {
        // A comment line inside the continuation.
        if (start && c === "#") giveUp();
        if (escapedBlank && marker !== -1) push(marker);
        escapedBlank = false;
        escaping = false;
        marker = -1;
        value += c;
        if (found === -1) found = i;
        start = false;
      }
    }
    if (found !== -1) push(marker === -1 ? end : marker);
    return out;
  }

  /**
   * Arguments without the leading flags (dockerfile-ast's ModifiableInstruction): the flags are
   * the arguments starting with `--` up to the first that holds no `--` at all.
   */
  private flagged(
    keywordEnd: number,
    end: number,
  ): { flags: { name: string; value: string | null; range: DfRange }[]; args: DfArgument[] } {
    const args = this.rawArguments(keywordEnd, end).map((a) => a.argument);
    const flags: { name: string; value: string | null; range: DfRange }[] = [];
    for (const a of args) {
      const v = a.value;
      if (!v.includes("--")) break;
      if (!v.startsWith("--")) continue;
      // A flag over several lines is read from its raw text by rules not copied here.
      if (a.range.start.line !== a.range.end.line) giveUp();
      const eq = v.indexOf("=");
      if (eq === -1) flags.push({ name: v.substring(2), value: null, range: a.range });
      else flags.push({ name: v.substring(2, eq), value: v.substring(eq + 1), range: a.range });
    }
    return { flags, args: args.slice(flags.length) };
  }

  /** The exec form of CMD and ENTRYPOINT (dockerfile-ast's JSONInstruction). */
  private execForm(
    raw: { argument: DfArgument; from: number; to: number }[],
  ): NonNullable<DfInstruction["exec"]> {
    const exec: NonNullable<DfInstruction["exec"]> = { openingBracket: false, strings: [] };
    if (raw.length === 0) return exec;
    const text = this.text;
    if (raw.length === 1 && raw[0]!.argument.value === "[]") {
      exec.openingBracket = true;
      return exec;
    }
    if (raw.length === 2 && raw[0]!.argument.value === "[" && raw[1]!.argument.value === "]") {
      exec.openingBracket = true;
      return exec;
    }
    const from = raw[0]!.from;
    const to = raw[raw.length - 1]!.to;
    let last = "";
    let quoted = false;
    let stringStart = -1;
    let value = "";
    for (let i = from; i < to; i++) {
      const c = text[i]!;
      if (quoted) {
        if (c === '"') {
          quoted = false;
          exec.strings.push({ value, range: this.range(stringStart, i + 1) });
          value = "";
        } else if (c === "\\") giveUp();
        // Blanks are left out of a string's value, as dockerfile-ast does.
        else if (c !== " " && c !== "\t") value += c;
        continue;
      }
      if (c === "[") {
        if (last !== "") break;
        exec.openingBracket = true;
        last = "[";
      } else if (c === '"') {
        if (last !== "[" && last !== ",") break;
        stringStart = i;
        quoted = true;
        last = '"';
      } else if (c === ",") {
        if (last !== '"') break;
        last = ",";
      } else if (c === "]") {
        if (last !== "") break;
      } else if (c === "\\") {
        // Outside a string an escape character is a continuation when only blanks follow it
        // to the line's end; anything else ends the form.
        let j = i + 1;
        while (j < to && (text[j] === " " || text[j] === "\t")) j++;
        if (text[j] !== "\n") break;
        i = j;
      } else if (c !== " " && c !== "\t") break;
    }
    return exec;
  }

  /**
   * The words of an ENV or ARG (dockerfile-ast's getPropertyArguments), for one line without an
   * escape character: split at blanks, a quoted run kept whole, `${...}` kept whole up to its
   * closing brace.
   */
  private propertyArguments(
    keywordEnd: number,
    end: number,
  ): { value: string; from: number; to: number }[] {
    const text = this.text;
    const rest = text.slice(keywordEnd, end);
    if (rest.includes(ESCAPE) || rest.includes("\n")) giveUp();
    let s = 0;
    while (s < rest.length && (rest[s] === " " || rest[s] === "\t")) s++;
    if (s === rest.length) return [];
    let e = rest.length - 1;
    while (e >= 0 && (rest[e] === " " || rest[e] === "\t")) e--;
    const content = rest.slice(s, e + 1);
    const base = keywordEnd + s;
    const out: { value: string; from: number; to: number }[] = [];
    const push = (from: number, to: number): void => {
      out.push({ value: content.substring(from, to), from: base + from, to: base + to });
    };
    let argStart = 0;
    scan: for (let i = 0; i < content.length; i++) {
      const c = content[i]!;
      if (c === "'" || c === '"') {
        if (argStart === -1) argStart = i;
        for (let j = i + 1; j < content.length; j++) {
          if (content[j] !== c) continue;
          const after = content.charAt(j + 1);
          if (after !== " " && after !== "") {
            // More follows the quote: the same argument goes on.
            i = j;
            continue scan;
          }
          push(argStart, j + 1);
          i = j;
          argStart = -1;
          continue scan;
        }
        break;
      }
      if (c === " " || c === "\t") {
        if (argStart !== -1) {
          push(argStart, i);
          argStart = -1;
        }
        continue;
      }
      if (argStart === -1) argStart = i;
      if (c === "$" && content[i + 1] === "{") {
        let single = false;
        let double = false;
        for (let j = i + 1; j < content.length; j++) {
          const d = content[j];
          if (d === "'") single = !single;
          else if (d === '"') double = !double;
          else if (d === " " || d === "\t") {
            if (single || double) continue;
            i = j - 1;
            continue scan;
          } else if (d === "}") {
            i = j;
            continue scan;
          }
        }
        break;
      }
    }
    if (argStart !== -1 && argStart !== content.length) push(argStart, content.length);
    return out;
  }

  /** ENV's properties from its words (dockerfile-ast's PropertyInstruction.getProperties). */
  private properties(args: { value: string; from: number; to: number }[]): DfProperty[] {
    if (args.length === 0) return [];
    const first = args[0]!;
    if (args.length === 1) return [this.property(first)];
    if (!first.value.includes("=")) {
      const last = args[args.length - 1]!;
      const value = {
        value: this.text.slice(args[1]!.from, last.to),
        from: args[1]!.from,
        to: last.to,
      };
      return [this.property(first, value)];
    }
    return args.map((a) => this.property(a));
  }

  /** One property (dockerfile-ast's Property), for words without escape characters. */
  private property(
    arg: { value: string; from: number; to: number },
    value?: { value: string; from: number; to: number },
  ): DfProperty {
    const text = this.text;
    const v = arg.value;
    const eq = v.indexOf("=");
    let nameTo = arg.to;
    if (eq !== -1) {
      const initial = v.charAt(0);
      const before = v.charAt(eq - 1);
      if (
        (initial === '"' && before === '"') ||
        (initial === "'" && before === "'") ||
        (initial !== '"' && initial !== "'")
      )
        nameTo = arg.from + eq;
    }
    const name = unquoted(text.slice(arg.from, nameTo));
    if (value) {
      return {
        name,
        unescapedValue: text.slice(value.from, value.to),
        valueRange: this.range(value.from, value.to),
        assignmentOperator: null,
        range: this.range(arg.from, value.to),
      };
    }
    const range = this.range(arg.from, arg.to);
    if (nameTo === arg.to) {
      return { name, unescapedValue: null, valueRange: null, assignmentOperator: null, range };
    }
    const valueFrom = arg.from + eq + 1;
    return {
      name,
      unescapedValue: text.slice(valueFrom, arg.to),
      valueRange: this.range(valueFrom, arg.to),
      assignmentOperator: "=",
      range,
    };
  }
}

/**
 * How many parser directives dockerfile-ast counts at the top (Parser.getParserDirectives): it
 * then starts parsing at the line of that number, which is not always the line after the last
 * directive (`# a=1 # b=2` counts two on one line).
 */
function directiveCount(text: string): number {
  let count = 0;
  const n = text.length;
  scan: for (let i = 0; i < n; i++) {
    const c = text[i];
    if (c === " " || c === "\t") continue;
    if (c !== "#") break;
    let nameStart = -1;
    let nameEnd = -1;
    for (let j = i + 1; j < n; j++) {
      const d = text[j];
      if (d === " " || d === "\t") {
        if (nameStart !== -1 && nameEnd === -1) nameEnd = j;
      } else if (d === "\n") {
        break scan;
      } else if (d === "=") {
        // The value: the first word after `=` on the line; without one, the line's end. (The
        // package reads on to the line's end for each directive: quadratic with many on a line.)
        let k = j + 1;
        while (k < n && (text[k] === " " || text[k] === "\t")) k++;
        let valueEnd = k;
        if (k < n && text[k] !== "\n") {
          while (
            valueEnd < n &&
            text[valueEnd] !== " " &&
            text[valueEnd] !== "\t" &&
            text[valueEnd] !== "\n"
          )
            valueEnd++;
        }
        if (nameStart === -1) break scan;
        count++;
        // The scan goes on after the value, on the same line if blanks follow it.
        i = valueEnd;
        continue scan;
      } else if (nameStart === -1) nameStart = j;
    }
    // A comment without `=` up to the end of the text: nothing more can be a directive.
    break;
  }
  return count;
}

/** A heredoc's name from its `<<` argument (dockerfile-ast's Util.parseHeredocName), or null. */
function heredocName(arg: string): string | null {
  let value = arg.substring(2);
  if (value.charAt(0) === "-") value = value.substring(1);
  if (value.charAt(0) === '"') {
    if (value.charAt(value.length - 1) !== '"') return null;
    value = value.substring(1, value.length - 1);
  }
  if (value.charAt(0) === "'") {
    if (value.charAt(value.length - 1) !== "'") return null;
    value = value.substring(1, value.length - 1);
  }
  if (value.charAt(0) === "<") return null;
  return value;
}

/** The offset of the line break ending the line at `i`, or the text's end. */
function lineEnd(text: string, i: number): number {
  const n = text.indexOf("\n", i);
  return n === -1 ? text.length : n;
}

/** dockerfile-ast's Property.getValue for text without escape characters or line breaks. */
function unquoted(value: string): string {
  const first = value.charAt(0);
  const last = value.charAt(value.length - 1);
  const inSingle = first === "'" && last === "'";
  // A double quote counts as closing only after the first character.
  const inDouble = first === '"' && last === '"' && value.length > 1;
  return inSingle || inDouble ? value.substring(1, value.length - 1) : value;
}
