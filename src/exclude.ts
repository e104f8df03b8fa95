// The `exclude:` list's matcher (minimatch): loaded only when the list has patterns.
import { Minimatch } from "minimatch";
import type { PathMatcher } from "./config.ts";

/**
 * The `exclude:` list as gitignore reads it, with minimatch's glob syntax (`*`, `?`, `**`,
 * `{a,b}`, `[...]`): a pattern without a slash matches a name at any depth, a trailing slash
 * means the folder and everything under it, a pattern matching a folder excludes what it holds,
 * and a later `!pattern` brings back what an earlier one excluded. minimatch matches `**`
 * without backtracking, so a pattern of many `**` costs time linear in the path.
 */
export function globMatcher(globs: readonly string[]): PathMatcher {
  const rules = globs.map((glob) => {
    const negated = glob.startsWith("!");
    let pattern = (negated ? glob.slice(1) : glob).replace(/^\.\//, "");
    if (pattern.endsWith("/")) pattern = pattern.slice(0, -1);
    // A slash anywhere but at the end anchors the pattern at the root, as in .gitignore.
    if (!pattern.includes("/")) pattern = `**/${pattern}`;
    else if (pattern.startsWith("/")) pattern = pattern.slice(1);
    const mm = new Minimatch(pattern, { dot: true, nonegate: true, nocomment: true });
    return { negated, mm };
  });
  return {
    test(path: string): boolean {
      if (rules.length === 0) return false;
      // The path itself and each folder above it: "generated" excludes "generated/x.go".
      const candidates = [path];
      for (let i = path.indexOf("/"); i !== -1; i = path.indexOf("/", i + 1))
        candidates.push(path.slice(0, i));
      let excluded = false;
      for (const { negated, mm } of rules) {
        if (excluded === !negated) continue;
        if (candidates.some((c) => mm.match(c))) excluded = !negated;
      }
      return excluded;
    },
  };
}
