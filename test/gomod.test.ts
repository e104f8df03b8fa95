import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { parseGoMod } from "../src/analyzers/gomod.ts";

test("go, toolchain, module and godebug lines with positions", () => {
  const mod = parseGoMod(
    "go.mod",
    'module "example.com/app" // the module\n\ngo 1.21rc1 // pre-release\ntoolchain go1.21.3\ngodebug panicnil=1\n',
  );
  assert.deepEqual(mod.errors, []);
  assert.equal(mod.module, "example.com/app");
  assert.equal(mod.go?.text, "1.21rc1");
  assert.deepEqual(mod.go?.span, { line: 3, column: 4, endColumn: 11 });
  assert.equal(mod.go?.version.pre?.kind, "rc");
  assert.equal(mod.toolchain?.name, "go1.21.3");
  assert.equal(mod.toolchain?.version?.patch, 3);
  assert.deepEqual(
    mod.godebug.map((g) => [g.key, g.value, g.line, g.inBlock]),
    [["panicnil", "1", 5, false]],
  );
});

test("blocks of every kind are tolerated; godebug blocks are read", () => {
  const text = [
    "module example.com/app",
    "",
    "go 1.23.0",
    "",
    "godebug (",
    "\tdefault=go1.21",
    "\tmadvdontneed=1 // not a real setting",
    ")",
    "require (",
    "\texample.com/a v1.0.0 // indirect",
    "\texample.com/b v1.2.0",
    ")",
    "replace example.com/a => ../a",
    "exclude (",
    "\texample.com/c v0.1.0",
    ")",
    "retract [v1.0.0, v1.0.5]",
    "tool example.com/cmd/x",
    "ignore ( ./node_modules )",
    "ignore (",
    "\t./vendor-old",
    ")",
  ].join("\n");
  const mod = parseGoMod("go.mod", text);
  assert.deepEqual(
    mod.godebug.map((g) => [g.key, g.value, g.line, g.inBlock, g.span.column]),
    [
      ["default", "go1.21", 6, true, 2],
      ["madvdontneed", "1", 7, true, 2],
    ],
  );
  assert.equal(mod.go?.text, "1.23.0");
  // `ignore ( ./node_modules )` on one line is not a valid block in x/mod either.
  assert.deepEqual(
    mod.errors.map((e) => e.line),
    [19],
  );
});

test("CRLF and BOM", () => {
  assert.deepEqual(parseGoMod("go.mod", "module x\r\n\r\ngo 1.14\r\n").errors, []);
  const mod = parseGoMod("go.mod", "\uFEFFmodule x\r\n\r\ngo 1.14\r\n");
  // go 1.23.5: "go.mod:1: unexpected input character '\ufeff'"; the rest is still read.
  assert.deepEqual(mod.errors, [
    {
      file: "go.mod",
      line: 1,
      message:
        "unexpected input character '\\ufeff' (a UTF-8 byte order mark): the go command rejects this go.mod; save it without the BOM",
    },
  ]);
  assert.equal(mod.go?.text, "1.14");
  assert.deepEqual(mod.go?.span, { line: 3, column: 4, endColumn: 8 });
  const first = parseGoMod("go.mod", "\uFEFFgo 1.14\n");
  assert.deepEqual(
    first.go?.span,
    { line: 1, column: 7, endColumn: 11 },
    "the BOM counts as 3 bytes",
  );
});

test("errors in the go command's words, with lines, never a throw", () => {
  const cases: [string, number, RegExp][] = [
    ["go 1.21.x\n", 1, /invalid go version '1.21.x': must match format 1.23.0/],
    ["go v1.21\n", 1, /invalid go version/],
    ["go go1.21\n", 1, /invalid go version/],
    ["go 1\n", 1, /invalid go version/],
    ["go 1.14\ngo 1.15\n", 2, /repeated go statement/],
    ["go (\n  1.14\n)\n", 1, /unknown block type: go/],
    ["Go 1.17\n", 1, /unknown directive: Go/],
    ["module x\n/* c */\n", 2, /mod files must use \/\/ comments/],
    [
      "toolchain 1.21.3\n",
      1,
      /invalid toolchain version '1.21.3': must match format go1.23.0 or default/,
    ],
    ["toolchain go1.21\ntoolchain go1.22\n", 2, /repeated toolchain statement/],
    ['godebug x="1"\n', 1, /usage: godebug key=value/],
    ["godebug a=1,b=2\n", 1, /usage: godebug key=value/],
    ["godebug novalue\n", 1, /usage: godebug key=value/],
    ["require (\n a v1\n", 1, /unterminated block/],
    ['module "x\n', 1, /unterminated quoted string/],
  ];
  for (const [text, line, re] of cases) {
    const mod = parseGoMod("go.mod", text);
    const e = mod.errors.find((x) => re.test(x.message));
    assert.ok(e, `${JSON.stringify(text)} -> ${JSON.stringify(mod.errors)}`);
    assert.equal(e.line, line, JSON.stringify(text));
    assert.equal(e.file, "go.mod");
  }
});

test("toolchain default and a go line with a comment", () => {
  const mod = parseGoMod("go.mod", "go 1.22 // keep\ntoolchain default\n");
  assert.deepEqual(mod.errors, []);
  assert.equal(mod.toolchain?.name, "default");
  assert.equal(mod.toolchain?.version, undefined);
});

test("a go.mod without a go line has no go version", () => {
  const mod = parseGoMod("go.mod", "module x\n\nrequire y v1.0.0\n");
  assert.equal(mod.go, undefined);
  assert.deepEqual(mod.errors, []);
});

test("property: the go.mod parser never throws on arbitrary input", () => {
  const alphabet = fc.constantFrom(
    "go",
    " ",
    "1.14",
    "\n",
    "\r\n",
    "(",
    ")",
    "//",
    "/*",
    '"',
    "`",
    "godebug",
    "a=1",
    "toolchain",
    "go1.21",
    "\uFEFF",
    "é",
    "\t",
    "require",
  );
  fc.assert(
    fc.property(fc.array(alphabet, { maxLength: 40 }), (parts) => {
      const mod = parseGoMod("go.mod", parts.join(""));
      for (const e of mod.errors) assert.ok(e.line >= 1);
    }),
    { numRuns: 1000 },
  );
  fc.assert(
    fc.property(fc.string(), (s) => void parseGoMod("go.mod", s)),
    { numRuns: 500 },
  );
});

test("spaces and word characters as the go command reads them, ASCII and not", () => {
  const read = (line: string) => {
    const mod = parseGoMod("go.mod", `${line}\ngo 1.21\n`);
    return [mod.module, mod.errors.map((e) => e.message)];
  };
  assert.deepEqual(read("module exämple.com/x"), ["exämple.com/x", []]);
  assert.deepEqual(read("module\u000bexample.com/x"), ["example.com/x", []]);
  // A no-break space is a space; control and format characters end a word with an error.
  assert.deepEqual(read("module a\u00a0b"), [undefined, ["usage: module module/path"]]);
  for (const c of ["\u0007", "\u007f", "\u200b"])
    assert.deepEqual(read(`module a${c}b`), [
      "a",
      [`unexpected input character ${JSON.stringify(c)}`],
    ]);
});

test("a line of ASCII reads the same on the fast path as on the general one", () => {
  // A comment holding a non-ASCII character sends a line down the general path without changing
  // its tokens: nothing in it opens or closes a quote.
  const piece = fc.constantFrom(
    "module",
    "go",
    "1.21",
    "godebug",
    "x=1",
    "require",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ",",
    " ",
    "\t",
    "\v",
    "//",
    "/*",
    "a//b",
    "/",
    '"',
    '"q\\"x"',
    "`raw`",
    "v1.2.3",
    "\x01",
    "\x7f",
    "=",
  );
  const line = fc.array(piece, { maxLength: 8 }).map((p) => p.join(""));
  fc.assert(
    fc.property(fc.array(line, { minLength: 1, maxLength: 8 }), (lines) => {
      const fast = parseGoMod("go.mod", lines.join("\n"));
      const general = parseGoMod("go.mod", lines.map((l) => `${l} // é`).join("\n"));
      assert.deepEqual(general, fast);
    }),
    { numRuns: 2000 },
  );
});
