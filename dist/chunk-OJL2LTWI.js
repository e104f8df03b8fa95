import { createRequire as __gmcCreateRequire } from "node:module"; const require = __gmcCreateRequire(import.meta.url);

// src/analyzers/defer/candidates.ts
function mayHaveDeferInLoop(text) {
  return text.includes("defer");
}
var IDENT = new Uint8Array(256);
for (let c = 0; c < 256; c++) {
  IDENT[c] = c >= 48 && c <= 57 || c >= 65 && c <= 90 || c >= 97 && c <= 122 || c === 95 || c >= 128 ? 1 : 0;
}
var NL = 10;
var inLoop = new Uint8Array(256);
var loopPending = new Uint8Array(256);
var awaitingBody = new Uint8Array(256);
var depth = new Int32Array(256);
var funcFrame = new Int32Array(256);
var funcDepth = new Int32Array(256);
var funcTop = 0;
function growFrames() {
  const grow = (a) => {
    const b = new a.constructor(a.length * 2);
    b.set(a);
    return b;
  };
  inLoop = grow(inLoop);
  loopPending = grow(loopPending);
  awaitingBody = grow(awaitingBody);
  depth = grow(depth);
}
function pushFunc(frame, at) {
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
function dropFuncs(frame, from) {
  while (funcTop > 0 && funcFrame[funcTop - 1] === frame && funcDepth[funcTop - 1] >= from) {
    funcTop--;
  }
}
var SLASH = 47;
var STAR = 42;
function isWord(bytes, start, end, word) {
  if (end - start !== word.length) return false;
  for (let k = 0; k < word.length; k++) if (bytes[start + k] !== word.charCodeAt(k)) return false;
  return true;
}
function contains(bytes, start, end, word) {
  const first = word.charCodeAt(0);
  outer: for (let i = start; i + word.length <= end; i++) {
    if (bytes[i] !== first) continue;
    for (let k = 1; k < word.length; k++) if (bytes[i + k] !== word.charCodeAt(k)) continue outer;
    return true;
  }
  return false;
}
function findDeferCandidates(bytes) {
  const n = bytes.length;
  inLoop[0] = 0;
  loopPending[0] = 0;
  awaitingBody[0] = 0;
  depth[0] = 0;
  let top = 0;
  funcTop = 0;
  const defers = [];
  const allDefers = [];
  let anomaly = false;
  let closedLoopFrame = -1;
  let sawNewline = false;
  let bodyStart = -1;
  let bodyCandidate = false;
  const bodies = [];
  let prev = 0;
  let prevStart = 0;
  let prevEnd = 0;
  let i = 0;
  while (i < n) {
    const c = bytes[i];
    if (c === NL) {
      sawNewline = true;
      prev = 0;
      dropFuncs(top, depth[top]);
      i++;
      continue;
    }
    if (c === 32 || c === 9 || c === 13) {
      i++;
      continue;
    }
    if (c === SLASH && i + 1 < n && bytes[i + 1] === SLASH) {
      const end = bytes.indexOf(NL, i + 2);
      i = end === -1 ? n : end;
      continue;
    }
    if (c === SLASH && i + 1 < n && bytes[i + 1] === STAR) {
      i += 2;
      let closed = false;
      while (i < n) {
        const b = bytes[i];
        if (b === STAR && i + 1 < n && bytes[i + 1] === SLASH) {
          i += 2;
          closed = true;
          break;
        }
        if (b === NL) {
          sawNewline = true;
          prev = 0;
          dropFuncs(top, depth[top]);
        }
        i++;
      }
      if (!closed) anomaly = true;
      continue;
    }
    if (closedLoopFrame >= 0) {
      if (closedLoopFrame === top && sawNewline && (IDENT[c] === 1 || c === 125)) {
        loopPending[top] = 0;
      }
      closedLoopFrame = -1;
    }
    sawNewline = false;
    if (IDENT[c] === 1) {
      const start = i;
      while (i < n && IDENT[bytes[i]] === 1) i++;
      const len = i - start;
      if (len === 3 && isWord(bytes, start, i, "for")) {
        loopPending[top] = 1;
        awaitingBody[top] = 1;
      } else if (len === 4 && isWord(bytes, start, i, "func")) {
        const typeOnly = prev === 2 || prev === 1 && !isKeyword(bytes, prevStart, prevEnd);
        if (!typeOnly) pushFunc(top, depth[top]);
        if (top > 0 && declarationFollows(bytes, i)) anomaly = true;
        const next = bytes[skipSpace(bytes, i, true)];
        if (next !== 40 && (next === void 0 || IDENT[next] !== 1)) anomaly = true;
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
      case 34:
      // "
      case 39: {
        i++;
        let closed = false;
        while (i < n) {
          const b = bytes[i];
          if (b === 92) {
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
        const end = bytes.indexOf(96, i + 1);
        if (end === -1) {
          anomaly = true;
          i = n;
        } else {
          const misplaced = prev === 2 || prev === 3 || prev === 1 && !isKeyword(bytes, prevStart, prevEnd);
          if (swallowsDefer(bytes, i + 1, end, misplaced)) anomaly = true;
          i = end + 1;
        }
        prev = 2;
        continue;
      }
      case 40:
      // (
      case 91:
        depth[top]++;
        break;
      case 41:
      // )
      case 93: {
        if (depth[top] === 0) anomaly = true;
        else depth[top]--;
        dropFuncs(top, depth[top] + 1);
        break;
      }
      case 59:
        prev = 0;
        dropFuncs(top, depth[top]);
        break;
      case 123: {
        let fnBody = false;
        if (funcTop > 0 && funcFrame[funcTop - 1] === top && funcDepth[funcTop - 1] === depth[top]) {
          funcTop--;
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
        if (top === 0 || depth[top] !== 0 || awaitingBody[top] === 1) {
          anomaly = true;
          if (top === 0) break;
        }
        dropFuncs(top, 0);
        top--;
        if (top === 0 && bodyStart >= 0) {
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
  const cuttable = [];
  if (defers.length > 0) {
    for (let k = 0; k < bodies.length; k += 2) {
      const start = bodies[k];
      const end = bodies[k + 1];
      if (!(contains(bytes, start, end, "chan") && contains(bytes, start, end, "struct"))) {
        cuttable.push([start, end]);
      }
    }
  }
  return { defers, anomaly: false, cuttable };
}
function swallowsDefer(bytes, start, end, misplaced) {
  for (let i = start; i + 5 <= end; i++) {
    if (bytes[i] !== 100 || !isWord(bytes, i, i + 5, "defer")) continue;
    if (i + 5 < end && IDENT[bytes[i + 5]] === 1) continue;
    let k = i - 1;
    while (k >= start && (bytes[k] === 32 || bytes[k] === 9)) k--;
    if (k < start || misplaced && (bytes[k] === NL || bytes[k] === 13)) return true;
  }
  return false;
}
function declarationFollows(bytes, from) {
  const n = bytes.length;
  let i = skipSpace(bytes, from, true);
  if (i < n && IDENT[bytes[i]] === 1) return true;
  if (i >= n || bytes[i] !== 40) return false;
  let d = 0;
  for (; i < n; i++) {
    const b = bytes[i];
    if (b === 40) d++;
    else if (b === 41 && --d === 0) break;
    else if (b === 123 || b === 125 || b === 34 || b === 96 || b === 39) return false;
  }
  i = skipSpace(bytes, i + 1, false);
  if (i >= n || IDENT[bytes[i]] !== 1) return false;
  const name = i;
  while (i < n && IDENT[bytes[i]] === 1) i++;
  if (TYPE_KEYWORDS.some((k) => isWord(bytes, name, i, k))) return false;
  i = skipSpace(bytes, i, false);
  return i < n && (bytes[i] === 40 || bytes[i] === 91);
}
var KEYWORDS = [
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
  "var"
];
function isKeyword(bytes, start, end) {
  return KEYWORDS.some((k) => isWord(bytes, start, end, k));
}
var TYPE_KEYWORDS = ["func", "chan", "map", "struct", "interface"];
function skipSpace(bytes, from, newlines) {
  let i = from;
  for (; i < bytes.length; i++) {
    const b = bytes[i];
    if (b !== 32 && b !== 9 && !(newlines && (b === NL || b === 13))) break;
  }
  return i;
}
var WARM_SAMPLES = [
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
  "package warm\nfunc a() {\n	for {\n		x := y `\ndefer b()`\n	}\n}\n",
  "package warm\nfunc a() {\n	for {\n		func (r T) M() {}\n		defer b()\n	}\n}\n",
  "package warm\nfunc a() { x := 1 func { }; for range xs func() {} \0 }\n",
  "package warm\n}\nfunc a() { for { defer b() } } `open"
];
function warmLexer(rounds = 12) {
  const samples = WARM_SAMPLES.map((s) => {
    const b = Buffer.allocUnsafe(s.length + 1);
    const n = b.write(s, "utf8");
    return b.subarray(0, n);
  });
  for (let r = 0; r < rounds; r++) for (const s of samples) findDeferCandidates(s);
}

export {
  mayHaveDeferInLoop,
  findDeferCandidates,
  warmLexer
};
