// Parsing with parts of a file left out: gomemcheck's reader hands tree-sitter the text in chunks
// that stop at each included range's end. The trees must be the ones web-tree-sitter builds from
// the whole string with the same ranges, whatever the ranges, the text (non-ASCII included) and
// chunk boundaries.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, it } from "node:test";
import fc from "fast-check";
import { Language, Parser } from "web-tree-sitter";
import { screenGoFile } from "../src/analyze-go.ts";
import { includedRanges, loadGoParser } from "../src/parse/go-parser.ts";
import { goFiles } from "./helpers/go-files.ts";

const REPO = join(import.meta.dirname, "..");
// Ours first: it initialises the WebAssembly runtime that both use.
const ours = await loadGoParser();
const plain = new Parser();
plain.setLanguage(
  await Language.load(
    readFileSync(createRequire(import.meta.url).resolve("tree-sitter-go/tree-sitter-go.wasm")),
  ),
);

function sameTree(text: string, cut: [number, number][]): void {
  const a = ours.parse(text, cut);
  const b = plain.parse(text, null, { includedRanges: includedRanges(text, cut) });
  try {
    assert.ok(b, "web-tree-sitter returned no tree");
    assert.equal(a.rootNode.toString(), b.rootNode.toString());
    assert.equal(a.rootNode.endIndex, b.rootNode.endIndex);
  } finally {
    a.delete();
    b?.delete();
  }
}

/** A function whose body the pre-filter leaves out, `size` bytes long, with a non-ASCII name. */
function filler(i: number, size: number): string {
  const line = `\tx${i} := "ünïcode ${"y".repeat(20)}"\n\t_ = x${i}\n`;
  return `func f${i}() {\n${line.repeat(Math.max(1, Math.round(size / line.length)))}}\n\n`;
}

const LOOP = `func g(ps []string) {\n\tfor _, p := range ps {\n\t\tf, _ := os.Open(p)\n\t\tdefer f.Close()\n\t}\n}\n\n`;

describe("parsing with cuts reads text in chunks per included range", () => {
  it("gives web-tree-sitter's own trees on every fixture the pre-filter cuts", () => {
    let cutFiles = 0;
    for (const path of [
      ...goFiles(join(REPO, "test", "fixtures")),
      ...goFiles(join(REPO, "examples")),
    ]) {
      const screened = screenGoFile(path, readFileSync(path));
      if (!("pending" in screened) || screened.pending.cut.length === 0) continue;
      cutFiles++;
      sameTree(screened.pending.text, screened.pending.cut);
    }
    assert.ok(cutFiles >= 5, `only ${cutFiles} fixtures have cuts`);
  });

  it("on generated files: many small and large cut bodies around chunk boundaries (fast-check)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 12_000 }), { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 0, max: 29 }),
        (sizes, at) => {
          const parts = sizes.map((size, i) => filler(i, size));
          parts.splice(at % (parts.length + 1), 0, LOOP);
          const text = `package p\n\nimport "os"\n\n${parts.join("")}`;
          const screened = screenGoFile("gen.go", Buffer.from(text, "utf8"));
          assert.ok("pending" in screened, "the loop's defer is a candidate");
          const { cut } = screened.pending;
          assert.equal(cut.length, sizes.length, "every filler body is cut");
          sameTree(text, cut);
        },
      ),
      { numRuns: 60 },
    );
  });
});
