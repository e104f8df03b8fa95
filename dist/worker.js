import { createRequire as __gmcCreateRequire } from "node:module"; const require = __gmcCreateRequire(import.meta.url);
import {
  finishGoFile
} from "./chunk-MS3AXOLS.js";
import {
  loadGoParser
} from "./chunk-34TGGC2O.js";
import "./chunk-OJL2LTWI.js";
import "./chunk-52F24W3R.js";
import "./chunk-RCRA6UKK.js";

// src/worker.ts
import { parentPort } from "node:worker_threads";
parentPort?.on("message", async (request) => {
  const parser = await loadGoParser();
  const results = request.map((pending) => {
    try {
      return finishGoFile(pending, parser);
    } catch (e) {
      const message = `analysis failed: ${e instanceof Error ? e.message : String(e)}`;
      return {
        failed: true,
        findings: pending.findings,
        errors: [...pending.errors, { file: pending.path, message }]
      };
    }
  });
  parentPort?.postMessage(results);
});
