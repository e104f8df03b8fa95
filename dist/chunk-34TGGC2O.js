import { createRequire as __gmcCreateRequire } from "node:module"; const require = __gmcCreateRequire(import.meta.url);

// src/parse/go-parser.ts
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { setFlagsFromString } from "node:v8";
var GO_WASM = "tree-sitter-go.wasm";
var RUNTIME_WASM = "web-tree-sitter.wasm";
function locate(name, packagePath) {
  const here = dirname(fileURLToPath(import.meta.url));
  const beside = join(here, name);
  if (existsSync(beside)) return beside;
  const require2 = createRequire(import.meta.url);
  return require2.resolve(packagePath);
}
function includedRanges(text, cut) {
  const ranges = [];
  let row = 0;
  let lineStart = 0;
  let scanned = 0;
  const point = (index) => {
    for (let at = text.indexOf("\n", scanned); at !== -1 && at < index; at = text.indexOf("\n", at + 1)) {
      row++;
      lineStart = at + 1;
    }
    scanned = Math.max(scanned, index);
    return { row, column: index - lineStart };
  };
  let from = 0;
  for (const [start, end] of cut) {
    if (start > from) {
      const startPosition2 = point(from);
      ranges.push({ startIndex: from, endIndex: start, startPosition: startPosition2, endPosition: point(start) });
    }
    from = end;
  }
  const startPosition = point(from);
  ranges.push({
    startIndex: from,
    endIndex: text.length,
    startPosition,
    endPosition: point(text.length)
  });
  return ranges;
}
var loading;
var CHUNK = 5119;
function rangeReader(text, ranges) {
  let parsing = true;
  const read = (index) => {
    if (!parsing) return text.slice(index);
    let lo = 0;
    let hi = ranges.length;
    while (lo < hi) {
      const mid = lo + hi >> 1;
      if (ranges[mid].endIndex <= index) lo = mid + 1;
      else hi = mid;
    }
    const end = ranges[lo]?.endIndex ?? text.length;
    return text.slice(index, Math.min(index + CHUNK, Math.max(end, index + 1)));
  };
  return {
    read,
    parsed: () => {
      parsing = false;
    }
  };
}
function keepWasmBaseline() {
  setFlagsFromString("--liftoff-only");
}
function loadGoParser() {
  loading ??= (async () => {
    keepWasmBaseline();
    const { Language, Parser } = await import("./web-tree-sitter-E7UOXQDR.js");
    const runtimeWasm = locate(RUNTIME_WASM, `web-tree-sitter/${RUNTIME_WASM}`);
    await Parser.init({ wasmBinary: readFileSync(runtimeWasm) });
    const language = await Language.load(
      readFileSync(locate(GO_WASM, `tree-sitter-go/${GO_WASM}`))
    );
    const parser = new Parser();
    parser.setLanguage(language);
    return {
      parse(text, cut) {
        let tree;
        if (cut && cut.length > 0) {
          const ranges = includedRanges(text, cut);
          const reader = rangeReader(text, ranges);
          try {
            tree = parser.parse(reader.read, null, { includedRanges: ranges });
          } finally {
            reader.parsed();
          }
        } else tree = parser.parse(text);
        if (!tree) throw new Error("tree-sitter returned no tree");
        return tree;
      }
    };
  })();
  return loading;
}

export {
  loadGoParser
};
