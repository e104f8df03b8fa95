// Worker thread (dist/worker.js): parses batches of files the main thread screened, with its own
// parser. The texts come with the request: nothing is read twice.
import { parentPort } from "node:worker_threads";
import type { GoFileResult, PendingGoFile } from "./analyze-go.ts";
import { finishGoFile } from "./finish-go.ts";
import { loadGoParser } from "./parse/go-parser.ts";

export type WorkerRequest = PendingGoFile[];

export type WorkerResponse = GoFileResult[];

parentPort?.on("message", async (request: WorkerRequest) => {
  const parser = await loadGoParser();
  const results: GoFileResult[] = request.map((pending) => {
    try {
      return finishGoFile(pending, parser);
    } catch (e) {
      const message = `analysis failed: ${e instanceof Error ? e.message : String(e)}`;
      return {
        failed: true,
        findings: pending.findings,
        errors: [...pending.errors, { file: pending.path, message }],
      };
    }
  });
  parentPort?.postMessage(results satisfies WorkerResponse);
});
