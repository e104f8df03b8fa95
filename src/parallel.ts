// Parses many screened Go files on worker threads, each with its own tree-sitter instance.
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { GoFileResult, PendingGoFile } from "./analyze-go.ts";
import type { WorkerRequest, WorkerResponse } from "./worker.ts";

/**
 * Below this much text to parse a worker's start-up (110–140 ms: the bundle, the grammar) costs
 * more than it saves: after the pre-filter most repositories parse far less.
 */
export const PARALLEL_MIN_BYTES = 2 * 1024 * 1024;
const BATCH_FILES = 64;
const BATCH_BYTES = 1024 * 1024;
/** A worker is replaced after parsing this much. */
const RECYCLE_BYTES = 24 * 1024 * 1024;

/** The text a pending file still sends to the parser. */
export function parsedBytes(file: PendingGoFile): number {
  let n = file.text.length;
  for (const [start, end] of file.cut) n -= end - start;
  return n;
}

/** Bundled, dist/worker.js sits beside dist/index.js and dist/cli.js. From source (tsx), whose
 * loader does not reach worker threads, there is none and files are analysed in-thread. */
export function workersAvailable(): boolean {
  return !import.meta.url.endsWith(".ts");
}

function workerUrl(): URL {
  return new URL("./worker.js", import.meta.url);
}

function batches(files: PendingGoFile[]): PendingGoFile[][] {
  const out: PendingGoFile[][] = [];
  let current: PendingGoFile[] = [];
  let bytes = 0;
  for (const f of files) {
    current.push(f);
    bytes += parsedBytes(f);
    if (current.length >= BATCH_FILES || bytes >= BATCH_BYTES) {
      out.push(current);
      current = [];
      bytes = 0;
    }
  }
  if (current.length > 0) out.push(current);
  return out;
}

/**
 * Results in the order of files; onProgress is called after each batch. A batch whose worker
 * died is left undefined, for the caller to analyse in its own thread.
 */
export async function analyzeInWorkers(
  files: PendingGoFile[],
  onProgress?: (done: number, total: number) => void,
  /** No batch is started after this time (ms since the epoch); its files stay undefined. */
  deadline?: number,
): Promise<(GoFileResult | undefined)[]> {
  const queue = batches(files);
  const starts: number[] = [];
  let offset = 0;
  for (const b of queue) {
    starts.push(offset);
    offset += b.length;
  }
  const results: (GoFileResult | undefined)[] = new Array(files.length).fill(undefined);
  const count = Math.max(1, Math.min(availableParallelism(), 4, queue.length));
  let next = 0;
  let done = 0;
  // One worker's life: batches until the queue is empty or it has parsed RECYCLE_BYTES. WebAssembly
  // memory never shrinks, so a fresh worker keeps peak RSS flat however large the repository.
  const runWorker = (): Promise<void> =>
    new Promise((resolve) => {
      const worker = new Worker(workerUrl());
      let bytes = 0;
      let finished = false;
      const finish = (): void => {
        if (!finished) {
          finished = true;
          resolve();
        }
      };
      const send = (): void => {
        if (deadline !== undefined && Date.now() > deadline) next = queue.length;
        if (next >= queue.length || bytes >= RECYCLE_BYTES) {
          void worker.terminate().then(finish, finish);
          return;
        }
        const index = next++;
        for (const f of queue[index]!) bytes += parsedBytes(f);
        worker.once("message", (response: WorkerResponse) => {
          response.forEach((r, i) => (results[starts[index]! + i] = r));
          done += response.length;
          onProgress?.(done, files.length);
          send();
        });
        worker.postMessage(queue[index]! satisfies WorkerRequest);
      };
      // A crashed worker's batch stays undefined; the others go on.
      worker.once("error", finish);
      worker.once("exit", finish);
      send();
    });
  const lane = async (): Promise<void> => {
    while (next < queue.length) await runWorker();
  };
  await Promise.all(Array.from({ length: count }, lane));
  return results;
}
