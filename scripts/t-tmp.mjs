import { parseDocument } from "yaml";
import { readFileSync, readdirSync } from "node:fs";
const dir = process.argv[2];
const files = readdirSync(dir)
  .filter((f) => /\.ya?ml$/.test(f))
  .map((f) => readFileSync(`${dir}/${f}`, "utf8"))
  .filter((t) => t.includes("setup-go"));
function mask(text) {
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const m = /^(\s*)(?:- )?run:\s*[|>][-+0-9]*\s*(#.*)?\r?$/.exec(lines[i]);
    if (!m) continue;
    const keyIndent = lines[i].indexOf("run:");
    let j = i + 1;
    while (j < lines.length && (/^\s*\r?$/.test(lines[j]) || lines[j].search(/\S/) > keyIndent))
      j++;
    // blank lines i+1..j-1
    for (let k = i + 1; k < j; k++) lines[k] = " ".repeat(lines[k].length);
    lines[i] = lines[i].replace(/[|>][-+0-9]*/, (x) => " ".repeat(x.length));
    i = j - 1;
  }
  return lines.join("\n");
}
const which = process.argv[3];
const texts = which === "mask" ? files.map(mask) : files;
const bytes = texts.reduce((a, t) => a + t.replace(/\s+/g, "").length, 0);
const t = performance.now();
for (const x of texts) parseDocument(x, { keepSourceTokens: false });
console.log(
  which,
  files.length,
  "non-space bytes",
  bytes,
  (performance.now() - t).toFixed(1),
  "ms",
);
