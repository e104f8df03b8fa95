// Loads tree-sitter-go (WebAssembly) once. In dist/ the .wasm files sit next to the bundle; in
// development they come from node_modules.
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Language, Parser, type Node, type Tree } from "web-tree-sitter";

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
  /** Parses Go source; the caller must call tree.delete() when done. */
  parse(text: string): Tree;
}

let loading: Promise<GoParser> | undefined;

/** One parser for the process, created on first use. */
export function loadGoParser(): Promise<GoParser> {
  loading ??= (async () => {
    const runtimeWasm = locate(RUNTIME_WASM, `web-tree-sitter/${RUNTIME_WASM}`);
    await Parser.init({ wasmBinary: readFileSync(runtimeWasm) });
    const language = await Language.load(
      readFileSync(locate(GO_WASM, `tree-sitter-go/${GO_WASM}`)),
    );
    const parser = new Parser();
    parser.setLanguage(language);
    return {
      parse(text: string): Tree {
        const tree = parser.parse(text);
        if (!tree) throw new Error("tree-sitter returned no tree");
        return tree;
      },
    };
  })();
  return loading;
}
