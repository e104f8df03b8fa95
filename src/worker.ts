// Worker thread (dist/worker.js): reads and analyses batches of Go files with its own parser,
// so each file is read once, in the thread that parses it.
import { parentPort } from "node:worker_threads";
import { analyzeGoFile, type GoFileResult } from "./analyze-go.ts";
import { loadGoParser } from "./parse/go-parser.ts";
import { readText, type DiscoveredFile } from "./sources/workspace.ts";

export interface WorkerRequest {
  root: string;
  files: DiscoveredFile[];
}

export type WorkerResponse = GoFileResult[];

parentPort?.on("message", async (request: WorkerRequest) => {
  const results: GoFileResult[] = [];
  for (const file of request.files) {
    const outcome = readText(request.root, file);
    if (!outcome.ok) {
      results.push({
        findings: [],
        errors: [outcome.error],
        unread: true,
        ...(outcome.skipped ? {} : { failed: true }),
      });
      continue;
    }
    try {
      const result = await analyzeGoFile({ path: file.path, text: outcome.text }, loadGoParser);
      if (outcome.warning) result.errors.unshift(outcome.warning);
      results.push(result);
    } catch (e) {
      results.push({
        failed: true,
        findings: [],
        errors: [
          {
            file: file.path,
            message: `analysis failed: ${e instanceof Error ? e.message : String(e)}`,
          },
        ],
      });
    }
  }
  parentPort?.postMessage(results satisfies WorkerResponse);
});
