// The lexical pre-filter in front of defer-in-loop: a Go lexer over a file's bytes that marks the
// `defer` keywords that may sit in the body of a `for` of the same function. It errs one way only:
// every defer tree-sitter's rule can report is a candidate; anything it cannot follow (unbalanced
// brackets, an unterminated string or comment, a function declaration inside braces) makes every
// defer of the file a candidate. Files without candidates are not parsed.

/** What the lexer found in one file. */
export interface DeferCandidates {
  /** Byte offsets of the candidate `defer` keywords (every defer when `anomaly`). */
  defers: number[];
  /** The lexer lost track (see above): parse the whole file. */
  anomaly: boolean;
  /**
   * Top-level declarations that may be left out of the parse, as [start, end) byte ranges of
   * function bodies: no candidate inside, and no text naming both `struct` and `chan`.
   */
  cuttable: [number, number][];
}

/** Cheap pre-filter: only files that mention `defer` need parsing. */
export function mayHaveDeferInLoop(text: string): boolean {
  return text.includes("defer");
}

// Byte classes: 1 = identifier byte (letters, digits, `_`, any non-ASCII byte of a UTF-8 letter).
const IDENT = new Uint8Array(256);
for (let c = 0; c < 256; c++) {
  IDENT[c] =
    (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c >= 128
      ? 1
      : 0;
}

const NL = 10;

// The lexer's stacks, kept between calls (typed, grown on demand): one frame per open brace, and
// the pending `func` keywords as (frame, depth) pairs.
let inLoop = new Uint8Array(256);
let loopPending = new Uint8Array(256);
/** A `for` whose body has not opened yet: its frame closing first is broken code. */
let awaitingBody = new Uint8Array(256);
let depth = new Int32Array(256);
let funcFrame = new Int32Array(256);
let funcDepth = new Int32Array(256);
let funcTop = 0;

function growFrames(): void {
  const grow = <T extends Uint8Array | Int32Array>(a: T): T => {
    const b = new (a.constructor as new (n: number) => T)(a.length * 2);
    b.set(a);
    return b;
  };
  inLoop = grow(inLoop);
  loopPending = grow(loopPending);
  awaitingBody = grow(awaitingBody);
  depth = grow(depth);
}

function pushFunc(frame: number, at: number): void {
  if (funcTop === funcFrame.length) {
    const frames = new Int32Array(funcTop * 2);
    frames.set(funcFrame);
    funcFrame = frames;
    const depths = new Int32Array(funcTop * 2);
    depths.set(funcDepth);
    funcDepth = depths;
  }
  funcFrame[funcTop] = frame;
  funcDepth[funcTop++] = at;
}

/** Cancels the pending funcs of `frame` at depth `from` or deeper. */
function dropFuncs(frame: number, from: number): void {
  while (funcTop > 0 && funcFrame[funcTop - 1] === frame && funcDepth[funcTop - 1]! >= from) {
    funcTop--;
  }
}
const SLASH = 47;
const STAR = 42;

/** True when `word` (ASCII) is spelled at bytes[start, end). */
function isWord(bytes: Uint8Array, start: number, end: number, word: string): boolean {
  if (end - start !== word.length) return false;
  for (let k = 0; k < word.length; k++) if (bytes[start + k] !== word.charCodeAt(k)) return false;
  return true;
}

/** Does bytes[start, end) contain `word` (ASCII)? */
function contains(bytes: Uint8Array, start: number, end: number, word: string): boolean {
  const first = word.charCodeAt(0);
  outer: for (let i = start; i + word.length <= end; i++) {
    if (bytes[i] !== first) continue;
    for (let k = 1; k < word.length; k++) if (bytes[i + k] !== word.charCodeAt(k)) continue outer;
    return true;
  }
  return false;
}

/**
 * Frames are braces. Per frame: `inLoop` (its statements run in a for body of the same function),
 * `loopPending` (a `for` was seen in it: braces opened after it inherit "in a loop" until the loop
 * statement visibly ends) and the depth of parentheses and brackets inside it. A `func` keyword is
 * pending at its (frame, depth): the next `{` there is a function body and starts afresh — the one
 * step that can hide a defer, so it is cancelled at a newline, a `;` or when its depth closes.
 */
export function findDeferCandidates(bytes: Uint8Array): DeferCandidates {
  const n = bytes.length;
  inLoop[0] = 0;
  loopPending[0] = 0;
  awaitingBody[0] = 0;
  depth[0] = 0;
  let top = 0;
  funcTop = 0;
  const defers: number[] = [];
  const allDefers: number[] = [];
  let anomaly = false;
  // A `}` closed back into a frame with a pending loop: its pending ends if the next token starts
  // a new line with a word or a `}` (the loop statement has visibly ended).
  let closedLoopFrame = -1;
  let sawNewline = false;
  // The top-level declaration being read: where its body starts, whether it holds a candidate.
  let bodyStart = -1;
  let bodyCandidate = false;
  const bodies: number[] = [];
  // The previous token on this line: 0 none or an operator, 1 a word, 2 a literal or `}`, 3 `)`
  // or `]`. A `func` right after a name or a literal is a type: it never opens a body.
  let prev = 0;
  let prevStart = 0;
  let prevEnd = 0;

  let i = 0;
  while (i < n) {
    const c = bytes[i]!;
    if (c === NL) {
      sawNewline = true;
      prev = 0;
      dropFuncs(top, depth[top]!);
      i++;
      continue;
    }
    if (c === 32 || c === 9 || c === 13) {
      i++;
      continue;
    }
    if (c === SLASH && i + 1 < n && bytes[i + 1] === SLASH) {
      // Native search: comments are a large share of Go bytes.
      const end = bytes.indexOf(NL, i + 2);
      i = end === -1 ? n : end;
      continue;
    }
    if (c === SLASH && i + 1 < n && bytes[i + 1] === STAR) {
      i += 2;
      let closed = false;
      while (i < n) {
        const b = bytes[i]!;
        if (b === STAR && i + 1 < n && bytes[i + 1] === SLASH) {
          i += 2;
          closed = true;
          break;
        }
        if (b === NL) {
          sawNewline = true;
          prev = 0;
          dropFuncs(top, depth[top]!);
        }
        i++;
      }
      if (!closed) anomaly = true;
      continue;
    }
    // A token starts here: settle a loop whose body just closed.
    if (closedLoopFrame >= 0) {
      if (closedLoopFrame === top && sawNewline && (IDENT[c] === 1 || c === 125)) {
        loopPending[top] = 0;
      }
      closedLoopFrame = -1;
    }
    sawNewline = false;
    if (IDENT[c] === 1) {
      const start = i;
      while (i < n && IDENT[bytes[i]!] === 1) i++;
      const len = i - start;
      if (len === 3 && isWord(bytes, start, i, "for")) {
        loopPending[top] = 1;
        awaitingBody[top] = 1;
      } else if (len === 4 && isWord(bytes, start, i, "func")) {
        const typeOnly = prev === 2 || (prev === 1 && !isKeyword(bytes, prevStart, prevEnd));
        if (!typeOnly) pushFunc(top, depth[top]!);
        if (top > 0 && declarationFollows(bytes, i)) anomaly = true;
        // `func` goes on with parameters or a name: `range xs func {` is broken code.
        const next = bytes[skipSpace(bytes, i, true)];
        if (next !== 40 && (next === undefined || IDENT[next] !== 1)) anomaly = true;
      } else if (len === 5 && isWord(bytes, start, i, "defer")) {
        allDefers.push(start);
        if (inLoop[top] === 1) {
          defers.push(start);
          bodyCandidate = true;
        }
      }
      prev = 1;
      prevStart = start;
      prevEnd = i;
      continue;
    }
    switch (c) {
      case 34: // "
      case 39: {
        // '
        i++;
        let closed = false;
        while (i < n) {
          const b = bytes[i]!;
          if (b === 92) {
            // A backslash before a newline leaves the literal unterminated.
            if (i + 1 < n && bytes[i + 1] === NL) break;
            i += 2;
            continue;
          }
          if (b === NL) break;
          i++;
          if (b === c) {
            closed = true;
            break;
          }
        }
        if (!closed) anomaly = true;
        prev = 2;
        continue;
      }
      case 96: {
        // `
        const end = bytes.indexOf(96, i + 1);
        if (end === -1) {
          anomaly = true;
          i = n;
        } else {
          // Where no operand may start, tree-sitter's recovery can skip the quote instead.
          const misplaced =
            prev === 2 || prev === 3 || (prev === 1 && !isKeyword(bytes, prevStart, prevEnd));
          if (swallowsDefer(bytes, i + 1, end, misplaced)) anomaly = true;
          i = end + 1;
        }
        prev = 2;
        continue;
      }
      case 40: // (
      case 91: // [
        depth[top]!++;
        break;
      case 41: // )
      case 93: {
        // ]
        if (depth[top] === 0) anomaly = true;
        else depth[top]!--;
        dropFuncs(top, depth[top]! + 1);
        break;
      }
      case 59: // ;
        prev = 0;
        dropFuncs(top, depth[top]!);
        break;
      case 123: {
        // {
        let fnBody = false;
        if (
          funcTop > 0 &&
          funcFrame[funcTop - 1] === top &&
          funcDepth[funcTop - 1] === depth[top]
        ) {
          funcTop--;
          // In a loop header, error recovery can make a broken literal's body the loop's.
          fnBody = loopPending[top] !== 1;
        }
        const loop = fnBody ? 0 : inLoop[top] === 1 || loopPending[top] === 1 ? 1 : 0;
        if (top === 0) {
          bodyStart = fnBody ? i : -1;
          bodyCandidate = false;
        }
        awaitingBody[top] = 0;
        top++;
        if (top === inLoop.length) growFrames();
        inLoop[top] = loop;
        loopPending[top] = 0;
        awaitingBody[top] = 0;
        depth[top] = 0;
        break;
      }
      case 125: {
        // }
        if (top === 0 || depth[top] !== 0 || awaitingBody[top] === 1) {
          anomaly = true;
          if (top === 0) break;
        }
        dropFuncs(top, 0);
        top--;
        if (top === 0 && bodyStart >= 0) {
          // Checked for struct and chan only if the file turns out to have candidates.
          if (!bodyCandidate) bodies.push(bodyStart + 1, i);
          bodyStart = -1;
        }
        if (loopPending[top] === 1 && depth[top] === 0) closedLoopFrame = top;
        break;
      }
      case 0:
        anomaly = true;
        break;
      default:
        break;
    }
    prev = c === 125 ? 2 : c === 41 || c === 93 ? 3 : 0;
    i++;
  }
  if (top !== 0 || depth[0] !== 0) anomaly = true;
  if (anomaly) return { defers: allDefers, anomaly: true, cuttable: [] };
  const cuttable: [number, number][] = [];
  if (defers.length > 0) {
    for (let k = 0; k < bodies.length; k += 2) {
      const start = bodies[k]!;
      const end = bodies[k + 1]!;
      // The channel-range check reads struct fields declared anywhere in the file.
      if (!(contains(bytes, start, end, "chan") && contains(bytes, start, end, "struct"))) {
        cuttable.push([start, end]);
      }
    }
  }
  return { defers, anomaly: false, cuttable };
}

/**
 * Does a raw string start with `defer`, or, when it opens where no operand may (`misplaced`),
 * hold one at the start of a line? Then a stray backquote may have swallowed a statement that
 * tree-sitter's error recovery still sees (comments are lexed alike by both).
 */
function swallowsDefer(bytes: Uint8Array, start: number, end: number, misplaced: boolean): boolean {
  for (let i = start; i + 5 <= end; i++) {
    if (bytes[i] !== 100 || !isWord(bytes, i, i + 5, "defer")) continue;
    if (i + 5 < end && IDENT[bytes[i + 5]!] === 1) continue;
    let k = i - 1;
    while (k >= start && (bytes[k] === 32 || bytes[k] === 9)) k--;
    if (k < start || (misplaced && (bytes[k] === NL || bytes[k] === 13))) return true;
  }
  return false;
}

/** After a `func` inside braces: is it a declaration (`func Name`, `func (r T) Name(`)? */
function declarationFollows(bytes: Uint8Array, from: number): boolean {
  const n = bytes.length;
  let i = skipSpace(bytes, from, true);
  if (i < n && IDENT[bytes[i]!] === 1) return true;
  if (i >= n || bytes[i] !== 40) return false;
  // A parenthesised receiver or parameter list, then a name and `(` or `[` means a method.
  let d = 0;
  for (; i < n; i++) {
    const b = bytes[i]!;
    if (b === 40) d++;
    else if (b === 41 && --d === 0) break;
    else if (b === 123 || b === 125 || b === 34 || b === 96 || b === 39) return false;
  }
  // The name must follow on the same line: a field list can go on with `name [`.
  i = skipSpace(bytes, i + 1, false);
  if (i >= n || IDENT[bytes[i]!] !== 1) return false;
  const name = i;
  while (i < n && IDENT[bytes[i]!] === 1) i++;
  // A result type spelled with a keyword (`func() func()`, `func() map[K]V`) is no method name.
  if (TYPE_KEYWORDS.some((k) => isWord(bytes, name, i, k))) return false;
  i = skipSpace(bytes, i, false);
  return i < n && (bytes[i] === 40 || bytes[i] === 91);
}

const KEYWORDS = [
  "break",
  "case",
  "chan",
  "const",
  "continue",
  "default",
  "defer",
  "else",
  "fallthrough",
  "for",
  "func",
  "go",
  "goto",
  "if",
  "import",
  "interface",
  "map",
  "package",
  "range",
  "return",
  "select",
  "struct",
  "switch",
  "type",
  "var",
];

function isKeyword(bytes: Uint8Array, start: number, end: number): boolean {
  return KEYWORDS.some((k) => isWord(bytes, start, end, k));
}

const TYPE_KEYWORDS = ["func", "chan", "map", "struct", "interface"];

function skipSpace(bytes: Uint8Array, from: number, newlines: boolean): number {
  let i = from;
  for (; i < bytes.length; i++) {
    const b = bytes[i];
    if (b !== 32 && b !== 9 && !(newlines && (b === NL || b === 13))) break;
  }
  return i;
}

// Go text that takes every path of the lexer: clean with candidates and cuttable bodies, clean
// without candidates, and broken in each way the lexer notices.
export const WARM_SAMPLES: readonly string[] = [
  `package warm

import "sync"

// A comment with { braces }, "quotes" and a defer.
/* A block
   comment */
type T struct {
	c    chan int \`json:"c"\`
	f    func() error
	m    map[string]func(int) (int, error) \`yaml:"m"\`
	next []*T
}

func (t *T) Run(xs []string, mu *sync.Mutex) error {
	for i := 0; i < len(xs); i++ {
		mu.Lock()
		defer mu.Unlock()
		s := "a \\"quoted\\" {string}\\n" /* inline */
		r := '\\''
		raw := \`raw {text}\`
		f := func(x int) int { return x }
		_, _, _, _ = s, r, raw, f(i); _ = []int{1, 2}[0]
	}
	for range t.c {
		go func() { defer recover() }()
	}
	var g func() int
outer:
	for _, x := range xs {
		switch {
		case x == "":
			continue outer
		default:
			select {}
		}
	}
	defer t.Close()
	return nil
}

func plain(m map[string]int) (n int) {
	for k, v := range m {
		n += len(k) + v
	}
	return
}

func channels() { var s struct{}; ch := make(chan struct{}); _ = s; <-ch }

var f = func() func() { return nil }
`,
  `package warm

func noLoop() { defer done() }

func loopOnly(xs []int) {
	for _, x := range xs {
		use(x)
	}
	if x := 1; x > 0 { return }
}
`,
  "package warm\nfunc a() { for { defer b() ) }\n",
  "package warm\nfunc a() { for { defer b() } \n",
  'package warm\nfunc a() { s := "open\n for { defer b() } }\n',
  "package warm\nfunc a() { /* open\n for { defer b() } }\n",
  "package warm\nfunc a() {\n\tfor {\n\t\tx := y `\ndefer b()`\n\t}\n}\n",
  "package warm\nfunc a() {\n\tfor {\n\t\tfunc (r T) M() {}\n\t\tdefer b()\n\t}\n}\n",
  "package warm\nfunc a() { x := 1 func { }; for range xs func() {} \u0000 }\n",
  "package warm\n}\nfunc a() { for { defer b() } } `open",
];

/**
 * Runs the lexer over built-in samples that take all its paths, so that V8 has seen every branch
 * when it optimises it. Called before the build files are read, the optimising compile (tens of
 * milliseconds on a background thread) overlaps that work instead of the first megabytes of Go.
 */
export function warmLexer(rounds = 12): void {
  const samples = WARM_SAMPLES.map((s) => {
    const b = Buffer.allocUnsafe(s.length + 1);
    const n = b.write(s, "utf8");
    return b.subarray(0, n);
  });
  for (let r = 0; r < rounds; r++) for (const s of samples) findDeferCandidates(s);
}
