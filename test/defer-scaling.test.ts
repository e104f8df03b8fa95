// defer-in-loop stays linear (or n·log n) in its input: each hostile shape is analysed at 1× and
// 8× size, and the CPU time of the larger run may grow at most 12× (linear work grows 8×, n·log n
// about 10×, n^1.5 23× and quadratic 64×). CPU time, not wall-clock time, and the median of
// several runs after a warm-up: the machine may be loaded.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeDeferInLoop } from "../src/analyzers/defer/defer-in-loop.ts";
import { loadGoParser } from "../src/parse/go-parser.ts";

const parser = await loadGoParser();

/** n defers in one loop (a parent lookup per defer was quadratic). */
function oneLoop(n: number): string {
  return `package p\n\nfunc f() {\n\tfor {\n${"\t\tdefer f()\n".repeat(n)}\t}\n}\n`;
}

/** n nested loops, a defer in each (a walk up the loop chain per defer was quadratic). */
function nestedLoops(n: number): string {
  return `package p\n\nfunc f() {\n${"for { defer f()\n".repeat(n)}${"}\n".repeat(n)}}\n`;
}

/** n nested ifs, each with a defer and, at the bottom, a return: every defer runs once. */
function nestedIfs(n: number): string {
  return `package p\n\nfunc f(a bool) {\n\tfor {\n${"if a { defer f()\n".repeat(n)}${"return }\n".repeat(n)}\t}\n}\n`;
}

/** n defers of a value that is also stored outside the loop n times. */
function heldValue(n: number): string {
  const body = "\t\tdefer x.Close()\n\t\tkeep = append(keep, x)\n".repeat(n);
  return `package p\n\nimport "os"\n\nfunc f(ps []string) {\n\tvar keep []*os.File\n\tfor _, p := range ps {\n\t\tx, _ := os.Open(p)\n${body}\t}\n\t_ = keep\n}\n`;
}

/** n labelled sibling loops in one function, each with a fix (the label check scanned the function). */
function siblingLoops(n: number): string {
  const loop = (i: number): string =>
    `L${i}:\n\tfor _, p := range ps {\n\t\tx, err := os.Open(p)\n\t\tif err != nil {\n\t\t\tcontinue L${i}\n\t\t}\n\t\tdefer x.Close()\n\t\tif p == "" {\n\t\t\treturn err\n\t\t}\n\t\tx.Stat()\n\t}\n`;
  const loops = Array.from({ length: n }, (_, i) => loop(i)).join("");
  return `package p\n\nimport "os"\n\nfunc f(ps []string) error {\n${loops}\treturn nil\n}\n`;
}

/** n mutexes locked and unlocked by defer in one loop (the relock test scanned the loop per defer). */
function locks(n: number): string {
  const body = Array.from(
    { length: n },
    (_, i) => `\t\tm${i % 50}.Lock()\n\t\tdefer m${i % 50}.Unlock()\n`,
  ).join("");
  return `package p\n\nimport "sync"\n\nvar ${Array.from({ length: 50 }, (_, i) => `m${i}`).join(", ")} sync.Mutex\n\nfunc f(xs []int) {\n\tfor range xs {\n${body}\t}\n}\n`;
}

/** Least CPU time of `runs` analyses (load only ever adds time), after one that warms up the JIT. */
function cpuMillis(text: string, runs: number): { ms: number; findings: number } {
  const times: number[] = [];
  let findings = 0;
  for (let run = 0; run <= runs; run++) {
    const start = process.cpuUsage();
    const result = analyzeDeferInLoop({ path: "big.go", text }, parser);
    const used = process.cpuUsage(start);
    if (run > 0) times.push((used.user + used.system) / 1000);
    findings = result.findings.length;
    assert.deepEqual(result.errors, []);
  }
  return { ms: Math.min(...times), findings };
}

const SHAPES: [string, (n: number) => string, number][] = [
  ["one loop with n defers", oneLoop, 400],
  ["n nested loops with a defer each", nestedLoops, 200],
  // From 500 the first step grows ×11–14 (measured on a quiet CI run); from 1,000 on each doubling
  // doubles the time (54, 131, 256, 525 ms at 1,000 to 8,000): the base sits where growth is linear.
  ["n nested ifs with a defer each", nestedIfs, 1000],
  ["a value deferred and stored n times", heldValue, 300],
  ["n labelled sibling loops with fixes", siblingLoops, 240],
  ["n deferred Unlocks in one loop", locks, 600],
];

describe("defer-in-loop scaling", () => {
  for (const [name, generate, n] of SHAPES) {
    it(`${name}: 8× the input costs at most 12× the CPU time`, () => {
      // A loaded machine can slow one measurement down, never speed it up: up to three tries,
      // and quadratic work (×64) fails every one of them.
      const tries: string[] = [];
      for (let attempt = 0; attempt < 3; attempt++) {
        const small = cpuMillis(generate(n), 7);
        const large = cpuMillis(generate(8 * n), 3);
        // Every defer is still reported: the speed comes from indexes, not from skipping work.
        assert.ok(large.findings >= 8 * small.findings - 8, `${large.findings} findings`);
        const ratio = large.ms / Math.max(small.ms, 1);
        if (process.env.DEBUG_SCALING)
          console.log(name, small.ms.toFixed(1), large.ms.toFixed(1), ratio.toFixed(1));
        if (ratio <= 12) return;
        tries.push(
          `${small.ms.toFixed(1)} ms at n=${n}, ${large.ms.toFixed(1)} ms at n=${8 * n} (×${ratio.toFixed(1)})`,
        );
      }
      assert.fail(`${name}: ${tries.join("; ")}`);
    });
  }
});
