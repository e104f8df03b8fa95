// Times a child process: wall time from spawn to exit, time to its first byte of output, and its
// peak resident set size as the kernel reports it to the parent (GNU time's %M, from wait4()).
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface ChildRun {
  wallMs: number;
  /** From spawn to the first byte on stdout or stderr; undefined when it printed nothing. */
  firstOutputMs: number | undefined;
  /** Peak RSS in bytes (ru_maxrss of the child and its waited-for children). */
  maxRssBytes: number | undefined;
  /** User + system CPU time (GNU time only): less sensitive than wall time to other load. */
  cpuMs: number | undefined;
  code: number | null;
  stdout: string;
  stderr: string;
}

const GNU_TIME = "/usr/bin/time";

/** True when /usr/bin/time is GNU time (it takes -f and -o). */
export const hasGnuTime: boolean =
  spawnSync(GNU_TIME, ["-f", "%M", "-o", "/dev/null", "true"]).status === 0;

let scratch: string | undefined;

export interface ChildOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Keep stdout (otherwise only its first 64 KB are kept). */
  keepStdout?: boolean;
}

/**
 * Runs cmd under GNU time (about 1 ms of its own) when present. Without it, RSS is read by
 * polling /proc/<pid>/status VmHWM every 5 ms, which can miss a late peak.
 */
export function timeChild(
  cmd: string,
  args: string[],
  options: ChildOptions = {},
): Promise<ChildRun> {
  scratch ??= mkdtempSync(join(tmpdir(), "gmc-bench-time-"));
  const rssFile = join(scratch, `rss-${process.hrtime.bigint()}`);
  const [file, argv] = hasGnuTime
    ? [GNU_TIME, ["-f", "%M %U %S", "-o", rssFile, cmd, ...args]]
    : [cmd, args];
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const ms = (): number => Number(process.hrtime.bigint() - start) / 1e6;
    const child = spawn(file, argv, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let firstOutputMs: number | undefined;
    const out: string[] = [];
    let outLength = 0;
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => {
      firstOutputMs ??= ms();
      if (options.keepStdout || outLength < 65536) out.push(d);
      outLength += d.length;
    });
    child.stderr.setEncoding("utf8").on("data", (d: string) => {
      firstOutputMs ??= ms();
      if (stderr.length < 65536) stderr += d;
    });
    let polledPeak = 0;
    const poll = hasGnuTime
      ? undefined
      : setInterval(() => {
          try {
            const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
            const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
            polledPeak = Math.max(polledPeak, kb);
          } catch {
            // The process has exited.
          }
        }, 5);
    child.on("error", reject);
    child.on("close", (code) => {
      const wallMs = ms();
      if (poll) clearInterval(poll);
      let maxRssBytes: number | undefined = polledPeak > 0 ? polledPeak * 1024 : undefined;
      let cpuMs: number | undefined;
      if (hasGnuTime) {
        try {
          const lines = readFileSync(rssFile, "utf8").trim().split("\n");
          // GNU time prefixes "Command exited with non-zero status N" on failure.
          const [rss, user, sys] = lines[lines.length - 1]!.split(" ").map(Number);
          maxRssBytes = rss! * 1024;
          cpuMs = (user! + sys!) * 1000;
          rmSync(rssFile, { force: true });
        } catch {
          maxRssBytes = undefined;
        }
      }
      resolve({ wallMs, firstOutputMs, maxRssBytes, cpuMs, code, stdout: out.join(""), stderr });
    });
  });
}

export function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function cleanupScratch(): void {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
}
