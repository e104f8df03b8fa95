// Runs every test/**/*.test.ts with Node's own test runner (TypeScript through tsx).
// Extra arguments are passed on: `npm test -- --test-name-pattern=defer`.
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

function find(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (name === "fixtures" || name === "node_modules") continue;
    if (statSync(path).isDirectory()) out.push(...find(path));
    else if (name.endsWith(".test.ts")) out.push(path);
  }
  return out;
}

const args = process.argv.slice(2);
const files = args.some((a) => a.endsWith(".ts")) ? [] : find("test");
const result = spawnSync(
  process.execPath,
  [
    "--import",
    "tsx",
    // One fast-check seed for the whole suite (test/helpers/fast-check-seed.ts).
    "--import",
    new URL("../test/helpers/fast-check-seed.ts", import.meta.url).href,
    "--test",
    "--test-concurrency=2",
    ...args,
    ...files,
  ],
  { stdio: "inherit" },
);
process.exit(result.status ?? 1);
