// Loads tree-sitter-go (WebAssembly) once. In dist/ the .wasm files sit next to the bundle; in
// development they come from node_modules.
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { setFlagsFromString } from "node:v8";
// Types only: the runtime is imported on first use, so that runs that parse nothing skip it.
import type { Node, Range, Tree } from "web-tree-sitter";

export type { Node, Tree };

const GO_WASM = "tree-sitter-go.wasm";
const RUNTIME_WASM = "web-tree-sitter.wasm";

function locate(name: string, packagePath: string): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const beside = join(here, name);
  if (existsSync(beside)) return beside;
  const require = createRequire(import.meta.url);
  return require.resolve(packagePath);
}

export interface GoParser {
  /**
   * Parses Go source; the caller must call tree.delete() when done. `cut` lists [start, end)
   * string offsets left out of the parse (ascending, not overlapping).
   */
  parse(text: string, cut?: readonly (readonly [number, number])[]): Tree;
}

/** The ranges tree-sitter reads: the complement of `cut`, with row and column (code units). */
export function includedRanges(text: string, cut: readonly (readonly [number, number])[]): Range[] {
  const ranges: Range[] = [];
  let row = 0;
  let lineStart = 0;
  let scanned = 0;
  // Rows are counted once, left to right, over boundaries that only grow.
  const point = (index: number): { row: number; column: number } => {
    for (
      let at = text.indexOf("\n", scanned);
      at !== -1 && at < index;
      at = text.indexOf("\n", at + 1)
    ) {
      row++;
      lineStart = at + 1;
    }
    scanned = Math.max(scanned, index);
    return { row, column: index - lineStart };
  };
  let from = 0;
  for (const [start, end] of cut) {
    if (start > from) {
      const startPosition = point(from);
      ranges.push({ startIndex: from, endIndex: start, startPosition, endPosition: point(start) });
    }
    from = end;
  }
  const startPosition = point(from);
  ranges.push({
    startIndex: from,
    endIndex: text.length,
    startPosition,
    endPosition: point(text.length),
  });
  return ranges;
}

let loading: Promise<GoParser> | undefined;

/** Code units web-tree-sitter copies into WebAssembly memory per read (its 10 KB buffer). */
const CHUNK = 5119;

/**
 * Text for tree-sitter, read in chunks that stop where an included range ends: for a string it
 * copies 5,119 code units from wherever it reads, and with many ranges most of those would be
 * text left out of the parse. An empty string is the end of the text. The tree keeps the reader
 * for `node.text`: once `parsed()` is called it hands out the rest of the text in one piece, as
 * web-tree-sitter does for a string, so that a node's text is one slice and not a chain of chunks.
 */
function rangeReader(
  text: string,
  ranges: readonly Range[],
): { read: (index: number) => string; parsed: () => void } {
  let parsing = true;
  const read = (index: number): string => {
    if (!parsing) return text.slice(index);
    // The first range that ends after index.
    let lo = 0;
    let hi = ranges.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ranges[mid]!.endIndex <= index) lo = mid + 1;
      else hi = mid;
    }
    const end = ranges[lo]?.endIndex ?? text.length;
    return text.slice(index, Math.min(index + CHUNK, Math.max(end, index + 1)));
  };
  return {
    read,
    parsed: () => {
      parsing = false;
    },
  };
}

/**
 * tree-sitter runs on V8's baseline WebAssembly compiler (Liftoff) only. Left to tier up, V8
 * recompiles the grammar's large lexer and parse functions with its optimising compiler during
 * the run: measured on etcd (1,100 files) that costs ~14% of the CPU time and 13 MB of peak RSS,
 * and on Go's src tree the optimised code never earns that back (CPU 1.29 s against 1.38 s).
 * Set before the modules are compiled; it only affects WebAssembly compiled afterwards.
 */
function keepWasmBaseline(): void {
  setFlagsFromString("--liftoff-only");
}

/** One parser for the process, created on first use. */
export function loadGoParser(): Promise<GoParser> {
  loading ??= (async () => {
    keepWasmBaseline();
    const { Language, Parser } = await import("web-tree-sitter");
    const runtimeWasm = locate(RUNTIME_WASM, `web-tree-sitter/${RUNTIME_WASM}`);
    await Parser.init({ wasmBinary: readFileSync(runtimeWasm) });
    const language = await Language.load(
      readFileSync(locate(GO_WASM, `tree-sitter-go/${GO_WASM}`)),
    );
    const parser = new Parser();
    parser.setLanguage(language);
    return {
      parse(text, cut): Tree {
        let tree: Tree | null;
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
      },
    };
  })();
  return loading;
}
