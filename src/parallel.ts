// Parses screened Go files on worker threads, each with its own tree-sitter instance, fed while the
// main thread goes on screening: batches are sent as they fill, and when the workers fall behind
// the main thread parses the file itself, so the text waiting in memory stays bounded.
import { availableParallelism } from "node:os";
// Loaded with the first worker: most runs start none (its module takes ~1.5 ms to load).
import type { Worker } from "node:worker_threads";
import type { GoFileResult, PendingGoFile } from "./analyze-go.ts";
import type { WorkerRequest, WorkerResponse } from "./worker.ts";

/**
 * Below this much text to parse a worker's start-up (110–140 ms: the bundle, the grammar) costs
 * more than it saves: after the pre-filter most repositories parse far less.
 */
export const PARALLEL_MIN_BYTES = 2 * 1024 * 1024;
/**
 * Workers only with at least this many cores. With two, the second one is already busy with V8's
 * garbage collector and compilers: on the generated corpus (99 MB, 2 cores) a worker saved 5% of
 * the wall time (1.15 s against 1.20 s) for 23 MB more peak RSS.
 */
export const MIN_CORES_FOR_WORKERS = 4;
/**
 * One worker beside the main thread, which parses too when the worker is behind. Each worker is
 * an isolate with its own tree-sitter memory: on the corpus, peak RSS was 115 MB with one and
 * 131 MB with two (1.15 s and 1.03 s, against 1.20 s without), and the target is 120 MB.
 */
const MAX_WORKERS = 1;
const BATCH_FILES = 64;
const BATCH_BYTES = 1024 * 1024;
/** Batches waiting for a worker, per worker; past that the main thread parses the file. */
const QUEUED_PER_WORKER = 2;
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

/**
 * From how many parsed bytes on files go to workers; undefined: never. GOMEMCHECK_WORKERS=on
 * sends every file from the first (the tests compare the two ways), off keeps them in-thread.
 */
export function workerThreshold(): number | undefined {
  if (!workersAvailable()) return undefined;
  const forced = process.env.GOMEMCHECK_WORKERS;
  if (forced === "on") return 0;
  if (forced === "off" || availableParallelism() < MIN_CORES_FOR_WORKERS) return undefined;
  return PARALLEL_MIN_BYTES;
}

function workerUrl(): URL {
  return new URL("./worker.js", import.meta.url);
}

interface Batch {
  files: PendingGoFile[];
  /** Where each file's result goes (the caller's indices). */
  at: number[];
  bytes: number;
}

/** What the workers gave back once the pool is finished. */
export interface PoolResults {
  results: Map<number, GoFileResult>;
  /** Files of batches whose worker died: the caller analyses them itself. */
  failed: { file: PendingGoFile; at: number }[];
  /** Files the deadline left unparsed. */
  late: number[];
}

export interface ParsePool {
  /**
   * Takes a screened file whose result goes to `at`; false when the workers are behind and the
   * caller should parse it itself.
   */
  offer(file: PendingGoFile, at: number): boolean;
  /** Sends what is left and waits for every batch. */
  finish(): Promise<PoolResults>;
}

/**
 * Starts no worker until the first batch is full. onProgress gets the number of files the workers
 * have finished. No batch is started after the deadline (ms since the epoch).
 */
export function startParsePool(options: {
  deadline?: number;
  onProgress?: (done: number) => void;
}): ParsePool {
  const queue: Batch[] = [];
  let current: Batch = { files: [], at: [], bytes: 0 };
  const out: PoolResults = { results: new Map(), failed: [], late: [] };
  const lanes: Promise<void>[] = [];
  let finishing = false;
  let done = 0;
  // Lanes waiting for a batch wait on `arrived`; signal() wakes them all.
  let wake: () => void = () => undefined;
  let arrived = new Promise<void>((resolve) => (wake = resolve));
  const signal = (): void => {
    const woken = wake;
    arrived = new Promise<void>((resolve) => (wake = resolve));
    woken();
  };
  const late = (): boolean => options.deadline !== undefined && Date.now() > options.deadline;

  const take = async (): Promise<Batch | undefined> => {
    for (;;) {
      if (late()) {
        for (const b of queue.splice(0)) out.late.push(...b.at);
        return undefined;
      }
      const batch = queue.shift();
      if (batch) return batch;
      if (finishing) return undefined;
      await arrived;
    }
  };

  const send = (worker: Worker, batch: Batch): Promise<WorkerResponse | undefined> =>
    new Promise((resolve) => {
      const answered = (response: WorkerResponse): void => {
        stop();
        resolve(response);
      };
      const died = (): void => {
        stop();
        resolve(undefined);
      };
      const stop = (): void => {
        worker.off("message", answered);
        worker.off("exit", died);
        worker.off("error", died);
      };
      worker.on("message", answered);
      worker.on("exit", died);
      worker.on("error", died);
      worker.postMessage(batch.files satisfies WorkerRequest);
    });

  // One lane per worker: batches until the queue is done. A worker is replaced after
  // RECYCLE_BYTES (WebAssembly memory never shrinks: a fresh one keeps peak RSS flat) or when it
  // died, whose batch goes back to the caller.
  const lane = async (): Promise<void> => {
    const threads = await import("node:worker_threads");
    let worker: Worker | undefined;
    let bytes = 0;
    for (let batch = await take(); batch; batch = await take()) {
      if (worker && bytes >= RECYCLE_BYTES) {
        await worker.terminate();
        worker = undefined;
      }
      if (!worker) {
        worker = new threads.Worker(workerUrl());
        // An error is also reported by `exit`, which send() waits for; without a listener it
        // would be thrown in this thread.
        worker.on("error", () => undefined);
        bytes = 0;
      }
      bytes += batch.bytes;
      const response = await send(worker, batch);
      if (response && response.length === batch.files.length) {
        response.forEach((r, k) => out.results.set(batch.at[k]!, r));
      } else {
        batch.files.forEach((file, k) => out.failed.push({ file, at: batch.at[k]! }));
        await worker.terminate();
        worker = undefined;
      }
      done += batch.files.length;
      options.onProgress?.(done);
    }
    if (worker) await worker.terminate();
  };

  const flush = (): void => {
    if (current.files.length === 0) return;
    queue.push(current);
    current = { files: [], at: [], bytes: 0 };
    while (lanes.length < MAX_WORKERS) lanes.push(lane());
    signal();
  };

  return {
    offer(file, at) {
      if (queue.length >= MAX_WORKERS * QUEUED_PER_WORKER) return false;
      current.files.push(file);
      current.at.push(at);
      current.bytes += parsedBytes(file);
      if (current.files.length >= BATCH_FILES || current.bytes >= BATCH_BYTES) flush();
      return true;
    },
    async finish() {
      flush();
      finishing = true;
      signal();
      await Promise.all(lanes);
      return out;
    },
  };
}
