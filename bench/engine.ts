// The engine functions the in-process figures call. bench.ts bundles this file with esbuild as
// scripts/build.mjs bundles dist/, because source run through tsx is markedly slower.
export { run } from "../src/run.ts";
export { DEFAULT_FILE_CONFIG } from "../src/config.ts";
