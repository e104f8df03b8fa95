// Bundles the action (dist/index.js) and the CLI (dist/cli.js) as ES modules for Node 20+, and
// copies the two WebAssembly files they load from their own directory. Deterministic output.
import { build } from "esbuild";
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const dist = "dist";

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist);

await build({
  entryPoints: { index: "src/main.ts", cli: "src/cli.ts", worker: "src/worker.ts" },
  outdir: dist,
  bundle: true,
  format: "esm",
  // Code loaded on demand (the container rules with yaml, dockerfile-ast and semver; tree-sitter
  // and the defer rule; minimatch) sits in chunks beside the entry points, so that a run which
  // needs none of it does not compile it at start-up.
  splitting: true,
  chunkNames: "[name]-[hash]",
  platform: "node",
  // yaml's ES module build (the one it gives browsers: the same code) instead of its CommonJS
  // one, so that the bundle keeps only what is used and skips the CommonJS wrappers at load.
  alias: { yaml: "./node_modules/yaml/browser/index.js" },
  target: "node20",
  legalComments: "none",
  sourcemap: false,
  logLevel: "warning",
  // Some dependencies are CommonJS and call require(): give the ES module bundle one.
  banner: {
    js: 'import { createRequire as __gmcCreateRequire } from "node:module"; const require = __gmcCreateRequire(import.meta.url);',
  },
});

copyFileSync(
  require.resolve("web-tree-sitter/web-tree-sitter.wasm"),
  `${dist}/web-tree-sitter.wasm`,
);
copyFileSync(require.resolve("tree-sitter-go/tree-sitter-go.wasm"), `${dist}/tree-sitter-go.wasm`);
writeFileSync(`${dist}/package.json`, '{ "type": "module" }\n');
console.log(readdirSync(dist).join(" "));
