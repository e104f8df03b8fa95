// Repository text in Markdown mentions, references and links nothing; markers say whose they
// are and round-trip any run name; Link headers are read as GitHub writes them.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { marker, parseMarker, runName, DEFAULT_NAME } from "../src/github/markers.ts";
import { nextLink } from "../src/github/paginate.ts";
import { md, mdCode, mdMessage, neutralise } from "../src/report/escape.ts";
import { blobLink } from "../src/report/links.ts";

const RUNS = { numRuns: 500, endOnFailure: true };
const ZWJ = "\u200d";

/** Text with what GitHub links or mentions, Markdown syntax and line ends, in any order. */
const hostile = fc
  .array(
    fc.constantFrom(
      "@",
      "octo-org/team",
      "user",
      "#",
      "12",
      "GH-",
      "gh-",
      "https://",
      "http://",
      "www.",
      "evil.example",
      "![",
      "](",
      ")",
      "`",
      "```",
      "\n",
      "\r",
      "<",
      ">",
      "&#64;",
      " ",
      "a",
      "_",
      "|",
      "\u2028",
    ),
    { maxLength: 30 },
  )
  .map((parts) => parts.join(""));

/** md()'s output with its escapes removed: what GitHub shows as text. */
function shown(escaped: string): string {
  return escaped.replace(/\\(.)/g, "$1");
}

describe("escaping repository text", () => {
  it("neutralises mentions, team mentions, references and bare URLs with a zero-width joiner", () => {
    assert.equal(
      md(
        "ping @octo-org/core and @alice about #123, GH-7 and https://evil.example or www.evil.example",
      ),
      `ping @${ZWJ}octo-org/core and @${ZWJ}alice about \\#${ZWJ}123, GH-${ZWJ}7 and https${ZWJ}://evil.example or www${ZWJ}.evil.example`,
    );
    // An entity that would become "@" is escaped before it can.
    assert.equal(md("&#64;alice"), `\\&\\#${ZWJ}64;alice`);
    // Text that names no one is unchanged but for Markdown escapes.
    assert.equal(neutralise("a@ b # c gh- d http: www"), "a@ b # c gh- d http: www");
  });

  it("md() output is one line, escapes every metacharacter and links or mentions nothing", () => {
    fc.assert(
      fc.property(hostile, (text) => {
        const out = md(text);
        assert.doesNotMatch(out, /[\r\n\u2028\u2029]/);
        // Every metacharacter is escaped: none is left once the escape pairs are removed.
        assert.doesNotMatch(out.replace(/\\./g, ""), /[\\`*_[\]<>|#~!&]/);
        const seen = shown(out);
        assert.doesNotMatch(seen, /@[A-Za-z0-9_-]/);
        assert.doesNotMatch(seen, /#\d/);
        assert.doesNotMatch(seen, /\bgh-\d/i);
        assert.doesNotMatch(seen, /\b(https?|ftp):\/\//i);
        assert.doesNotMatch(seen, /\bwww\./i);
        // Only joiners were added: the reader sees the same text.
        assert.equal(seen.replaceAll(ZWJ, ""), text.replace(/\r\n?|\n|\u2028|\u2029/g, " "));
      }),
      RUNS,
    );
  });

  it("mdCode() is one code span on one line, fenced longer than any backtick run inside", () => {
    fc.assert(
      fc.property(
        hostile.filter((t) => t !== ""),
        (text) => {
          const code = mdCode(text);
          assert.doesNotMatch(code, /[\r\n]/);
          const fence = /^`+/.exec(code)![0];
          assert.ok(code.endsWith(fence) && code.length >= 2 * fence.length);
          const inner = code.slice(fence.length, code.length - fence.length);
          for (const run of inner.match(/`+/g) ?? []) assert.notEqual(run.length, fence.length);
        },
      ),
      RUNS,
    );
  });

  it("mdMessage() leaves no line break and no live mention outside its code spans", () => {
    fc.assert(
      fc.property(hostile, (text) => {
        const out = mdMessage(text);
        assert.doesNotMatch(out, /[\r\n]/);
        // A span separates what stands on either side of it ("@" then a span is no mention).
        const outsideSpans = out.replace(/(?<!\\)(`+)(?!`)[^\n]*?(?<!`)\1(?!`)/g, " ");
        const seen = shown(outsideSpans);
        assert.doesNotMatch(seen, /@[A-Za-z0-9_-]/);
        assert.doesNotMatch(seen, /\b(https?):\/\//i);
        // No image or link syntax is left unescaped.
        assert.doesNotMatch(outsideSpans, /(?<!\\)[[\]!]/);
      }),
      // Found by a random run: "@" just before a code span.
      { ...RUNS, examples: [["@`![`www.<http://)"]] },
    );
  });

  it("blob links survive parentheses in paths", () => {
    const link = blobLink({ GITHUB_REPOSITORY: "o/r" }, "abc")!;
    assert.equal(link("a)(b/c d.go", 3), "https://github.com/o/r/blob/abc/a%29%28b/c%20d.go#L3");
  });
});

describe("markers", () => {
  it("are read only at the start of a body", () => {
    assert.deepEqual(parseMarker("<!-- gomemcheck:summary -->\nx"), {
      kind: "summary",
      name: DEFAULT_NAME,
      attrs: {},
    });
    assert.equal(parseMarker(" <!-- gomemcheck:summary -->"), undefined);
    assert.equal(parseMarker("hi\n<!-- gomemcheck:summary -->"), undefined);
    assert.deepEqual(parseMarker("<!-- gomemcheck:finding fp=ab12 rule=defer-in-loop -->")?.attrs, {
      fp: "ab12",
      rule: "defer-in-loop",
    });
  });

  it("carry any run name and stay one HTML comment", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (name) => {
        const m = marker("summary", name, { fp: "00ff" });
        const inner = m.slice("<!--".length, -"-->".length);
        assert.ok(!inner.includes("--") && !inner.includes(">"), m);
        const parsed = parseMarker(`${m}\nbody`);
        assert.equal(parsed?.name, name);
        assert.equal(parsed?.attrs.fp, "00ff");
      }),
      RUNS,
    );
    // The default name writes the markers of earlier versions.
    assert.equal(marker("summary", "gomemcheck"), "<!-- gomemcheck:summary -->");
  });

  it("default to gomemcheck, with the working directory when it is not the root", () => {
    assert.equal(runName("", ""), "gomemcheck");
    assert.equal(runName("", "."), "gomemcheck");
    assert.equal(runName("", "./svc-a/"), "gomemcheck (svc-a)");
    assert.equal(runName(" mine ", "svc-a"), "mine");
  });
});

describe("Link headers", () => {
  it("give the next page, wherever it is in the header", () => {
    assert.equal(
      nextLink(
        '<https://api.github.com/x?page=1>; rel="prev", <https://api.github.com/x?page=3>; rel="next", <https://api.github.com/x?page=9>; rel="last"',
      ),
      "https://api.github.com/x?page=3",
    );
    assert.equal(nextLink('<https://api.github.com/x?page=1>; rel="prev"'), undefined);
    assert.equal(nextLink(undefined), undefined);
  });
});
