// Where a run's time goes, for `npm run bench` (GOMEMCHECK_PHASES=1 prints it on stderr at exit).
// Off, it costs one property test per phase.

export type Phase =
  | "startup"
  | "discovery"
  | "build"
  | "screen"
  | "parse"
  | "examine"
  | "output"
  // Parts of "build": reading the build and run files, loading the rules, analysing.
  | "buildRead"
  | "buildLoad"
  | "buildAnalyse";

const totals: Partial<Record<Phase, number>> = {};
/** Counts beside the times: files parsed on worker threads. */
const counts: Record<string, number> = {};
let enabled = false;

/** Starts recording; `startup` is the time from process start to this call. */
export function recordPhases(): void {
  enabled = true;
  totals.startup = performance.now();
}

export function phasesEnabled(): boolean {
  return enabled;
}

/** Adds the time since `since` (a performance.now() reading) to a phase; returns now. */
export function addPhase(phase: Phase, since: number): number {
  const now = performance.now();
  if (enabled) totals[phase] = (totals[phase] ?? 0) + (now - since);
  return now;
}

/** Adds to a count reported beside the phases (only while recording). */
export function addCount(name: "workerFiles", n: number): void {
  if (enabled) counts[name] = (counts[name] ?? 0) + n;
}

/** One JSON line: milliseconds per phase. */
export function phaseReport(): string {
  const out: Record<string, number> = {};
  // "examine" was timed with the parses inside it.
  const parts = { ...totals, examine: (totals.examine ?? 0) - (totals.parse ?? 0) };
  for (const [k, v] of Object.entries(parts)) out[k] = Math.round(v * 10) / 10;
  Object.assign(out, counts);
  // Memory at the end, in MB: which part of the peak RSS is the heap, which WebAssembly.
  const mem = process.memoryUsage();
  for (const k of ["rss", "heapTotal", "heapUsed", "external", "arrayBuffers"] as const)
    out[`${k}MB`] = Math.round(mem[k] / 1e5) / 10;
  return `gomemcheck-phases ${JSON.stringify(out)}\n`;
}
