#!/usr/bin/env node
// Entry point of dist/cli.js: wires the process to main() and its exit code.
import { main } from "./cli-main.ts";
import { limitHeapGrowth } from "./heap.ts";

limitHeapGrowth();

main(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  isTTY: Boolean(process.stdout.isTTY && process.stderr.isTTY),
  env: process.env,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(
      `gomemcheck: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
    );
    process.exitCode = 2;
  },
);
