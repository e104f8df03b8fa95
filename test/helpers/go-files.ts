// The .go files under a folder, depth first in name order (fixtures, examples).
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

export function goFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...goFiles(path));
    else if (name.endsWith(".go")) out.push(path);
  }
  return out;
}
