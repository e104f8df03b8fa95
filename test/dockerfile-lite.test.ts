// The fast Dockerfile tokenizer (dockerfile-lite.ts) against dockerfile-ast (dockerfile-ast-view.ts).
// The model reads whichever view it is given, so the fast tokenizer must never read a Dockerfile
// differently from dockerfile-ast: it may only decline (undefined), and then dockerfile-ast reads
// the text. On every text it takes, its view must be deep-equal to dockerfile-ast's: escape
// character, keywords, ranges, arguments, properties, flags, exec-form strings. Texts: the
// project's Dockerfiles, generated Dockerfiles full of the corners a tokenizer gets wrong
// (directives, continuations, comments inside them, heredocs, CRLF, BOM, tabs, quotes, JSON
// escapes, non-ASCII), and seeded mutations of both. A last check pins the reference itself.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, it } from "node:test";
import { viewDockerfile } from "../src/analyzers/dockerfile-ast-view.ts";
import { tokenizeDockerfile } from "../src/analyzers/dockerfile-lite.ts";
import type { DfDocument, DfRange } from "../src/analyzers/dockerfile-view.ts";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");

type Verdict = "unsure" | "same";
type Reader = (text: string) => DfDocument | undefined;

/** Compares the fast tokenizer (or another reader) with dockerfile-ast on one text. */
function compare(text: string, read: Reader = tokenizeDockerfile): Verdict {
  const lite = read(text);
  if (lite === undefined) return "unsure";
  assert.deepEqual(
    lite,
    viewDockerfile(text),
    `the fast tokenizer reads this Dockerfile differently: ${JSON.stringify(text)}`,
  );
  return "same";
}

function tally(): Record<Verdict, number> {
  return { unsure: 0, same: 0 };
}

/** A small seeded generator (the same texts on every run): r(n) is in [0, n). */
type Rand = (n: number) => number;
function random(seed: number): Rand {
  let s = seed >>> 0;
  return (n) => {
    // mulberry32
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) % n) >>> 0;
  };
}

function pick<T>(r: Rand, list: readonly T[]): T {
  return list[r(list.length)]!;
}

function some<T>(r: Rand, max: number, make: () => T): T[] {
  return Array.from({ length: r(max + 1) }, make);
}

// ---------------------------------------------------------------------------------------------
// The project's Dockerfiles.

function isDockerfileName(name: string): boolean {
  return (
    name === "Dockerfile" ||
    name === "Containerfile" ||
    name.startsWith("Dockerfile.") ||
    name.endsWith(".Dockerfile") ||
    name.endsWith(".dockerfile")
  );
}

function dockerfiles(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === "node_modules") continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) dockerfiles(p, out);
    else if (e.isFile() && isDockerfileName(e.name)) out.push(p);
  }
  return out;
}

const FIXTURES = [...dockerfiles(join(ROOT, "test")), ...dockerfiles(join(ROOT, "examples"))]
  .sort()
  .map((path) => ({ path, text: readFileSync(path, "utf8") }));

// ---------------------------------------------------------------------------------------------
// Generated Dockerfiles.

/** Parser directives at the top; `escape` says which escape character they set, if any. */
const PRELUDES: readonly { text: string; escape?: string }[] = [
  { text: "" },
  { text: "" },
  { text: "" },
  { text: "# syntax=docker/dockerfile:1\n" },
  { text: "# syntax=docker/dockerfile:1.4\n# escape=`\n", escape: "`" },
  { text: "# escape=`\n", escape: "`" },
  { text: "# escape=`\n# syntax=docker/dockerfile:1\n", escape: "`" },
  { text: "#escape=`\n", escape: "`" },
  { text: "#escape = `\n", escape: "`" },
  { text: "# ESCAPE=`\n", escape: "`" },
  { text: " # escape=`\n", escape: "`" },
  { text: "# escape=\\\n" },
  { text: "# escape = \\\n" },
  { text: "#escape = x\n" },
  { text: "# escape=\n" },
  { text: "# escape=``\n" },
  { text: "# escape=`\n# escape=\\\n" },
  { text: "# comment first\n# escape=`\n" },
  { text: "\n# escape=`\n" },
  { text: "# syntax=docker/dockerfile:1\n\n# escape=`\n" },
  { text: "# check=skip=all\n" },
  { text: "# unknown=directive\n# escape=`\n" },
  { text: "#syntax=x # é\n" },
];

const COMMENTS = [
  "# build stage",
  "#",
  "# é — 😀 non-ASCII",
  "  # indented comment",
  "\t# tab comment",
  "# escape=`",
  "# RUN echo not an instruction \\",
  "#ENV GODEBUG=madvdontneed=0",
];

const IMAGES = [
  "golang:1.20",
  "golang:1.21-alpine",
  "golang",
  "scratch",
  "${GO_IMAGE:-golang:1.20}",
  "${GO_IMAGE}",
  "$BASE",
  "golang:${GO_VERSION}-bookworm",
  "gcr.io/distroless/static-debian12:nonroot",
  "registry.example.com:5000/team/go:1.22@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
  "docker.io/library/golang@sha256:abc",
  "localhost:5000/app",
  "mcr.microsoft.com/windows/servercore:ltsc2022",
  "golang:1.20 # not a comment",
  '"golang:1.20"',
  "build",
  "é:1",
];

const PLATFORMS = [
  "--platform=$BUILDPLATFORM",
  "--platform=${BUILDPLATFORM}",
  "--platform=linux/amd64",
  "--platform=linux/arm64/v8",
  "--platform=",
  "--platform",
  "--PLATFORM=linux/amd64",
  "--platform=$TARGETPLATFORM",
];

const STAGES = ["build", "builder", "runtime", "base-1", "0", "é"];

const NAMES = ["GODEBUG", "GO_VERSION", "A", "b", "PATH", "_X1", "APP_HOME", "é", "KEY-1"];

const VALUES = [
  "1",
  "madvdontneed=1",
  "madvdontneed=0,gctrace=1",
  "",
  '"a b"',
  "'a b'",
  '"madvdontneed=1"',
  "a\\ b",
  "a\\\\",
  "$VAR",
  "${VAR}",
  "${VAR:-x}",
  "$GODEBUG,madvdontneed=1",
  '"$GODEBUG,madvdontneed=1"',
  '"x\\"y"',
  "'it''s'",
  "C:\\app",
  "/usr/local/go/bin:$PATH",
  "é",
  "😀",
  '"é 😀"',
  "a=b",
  '"',
  "x#y",
];

const WORDS = [
  "./server",
  "/out/app",
  "-v",
  "--port",
  "8080",
  "go",
  "build",
  "-o",
  "./cmd/server",
  "&&",
  "||",
  ";",
  "|",
  "echo",
  '"a b"',
  "'c d'",
  "$HOME",
  "${X}",
  "GODEBUG=madvdontneed=1",
  "env",
  "exec",
  "é",
  "😀",
  "#",
  "x#y",
  "a=b",
  "[x]",
  "\\$",
  "C:\\src",
];

const JSON_STRINGS = [
  '"/server"',
  '"-v"',
  '"sh"',
  '"-c"',
  '"./server --port 8080"',
  '"GODEBUG=madvdontneed=1"',
  '""',
  '"a\\"b"',
  '"\\\\"',
  '"\\u0041"',
  '"\\n\\t"',
  '"\\/"',
  '"é"',
  '"😀"',
  '"a b"',
  '"[x]"',
  '"a,b"',
  "'single'",
  "bare",
  "1",
  "null",
];

/** An exec-form array, well formed or not. */
function jsonArray(r: Rand, esc: string): string {
  switch (r(12)) {
    case 0:
      return "[]";
    case 1:
      return pick(r, ["[ ]", '["a", b]', '["a"', '["a",]', "[a]", "['a']", '[,"a"]', '["a" "b"]']);
    case 2:
      return `[${pick(r, JSON_STRINGS)}`;
    case 3:
      return `["a", ${esc}\n  "b"]`;
    default: {
      const items = Array.from({ length: 1 + r(4) }, () =>
        r(5) === 0 ? pick(r, JSON_STRINGS) : pick(r, JSON_STRINGS.slice(0, 17)),
      );
      const commas = pick(r, [", ", ",", " , ", ",\t", ",  "]);
      const inside = r(4) === 0 ? [" ", " "] : ["", ""];
      return `[${inside[0]}${items.join(commas)}${inside[1]}]${r(8) === 0 ? " x" : ""}`;
    }
  }
}

/** The tokens after the keyword, for one keyword. */
function argumentsFor(keyword: string, r: Rand, esc: string): string[] {
  switch (keyword) {
    case "FROM": {
      const out: string[] = [];
      if (r(3) === 0) out.push(pick(r, PLATFORMS));
      out.push(pick(r, IMAGES));
      if (r(2) === 0) out.push(pick(r, ["AS", "as", "As", "AS", "AS"]), pick(r, STAGES));
      if (r(12) === 0) out.push(pick(r, ["AS", "extra", "--platform=linux/amd64"]));
      return out;
    }
    case "ARG":
      return Array.from({ length: r(8) === 0 ? 2 : 1 }, () =>
        r(3) === 0 ? pick(r, NAMES) : `${pick(r, NAMES)}=${pick(r, VALUES)}`,
      );
    case "ENV":
      if (r(4) === 0) return [pick(r, NAMES), ...some(r, 3, () => pick(r, WORDS.concat(VALUES)))];
      return Array.from(
        { length: 1 + r(3) },
        () => `${pick(r, NAMES)}=${pick(r, VALUES)}` + (r(12) === 0 ? pick(r, ["=", "=x"]) : ""),
      );
    case "COPY":
    case "ADD": {
      const flags = some(r, 2, () =>
        pick(r, [
          "--from=build",
          "--from=0",
          "--from=${STAGE}",
          "--from=",
          "--from",
          "--FROM=build",
          "--chown=app:app",
          "--chown=1000",
          "--chmod=755",
          "--link",
          "--link=false",
          "--checksum=sha256:abc",
          "--keep-git-dir=true",
          "--parents",
          "-from=build",
        ]),
      );
      if (r(6) === 0) return [...flags, jsonArray(r, esc)];
      const paths = some(r, 3, () =>
        pick(r, [
          ".",
          "./",
          "go.mod",
          "go.sum",
          "/out/app",
          "/app",
          "https://example.com/x.tar.gz",
          "C:\\src",
          "a b",
          '"a b"',
          "é.txt",
          "$SRC",
          "*.go",
        ]),
      );
      return [...flags, ...paths];
    }
    case "RUN":
      if (r(5) === 0) return [jsonArray(r, esc)];
      if (r(6) === 0)
        return [
          pick(r, ["--mount=type=cache,target=/root/.cache", "--network=none"]),
          "go",
          "build",
        ];
      return some(r, 6, () => pick(r, WORDS));
    case "CMD":
    case "ENTRYPOINT":
      if (r(2) === 0) return [jsonArray(r, esc)];
      return pick(r, [
        ["env", "GODEBUG=madvdontneed=1", "./server"],
        ["exec", "./server"],
        ["./server", "--port", "8080"],
        ["/bin/sh", "-c", '"./server"'],
        ["GODEBUG=x", "./server"],
        ["[not", "json"],
        some(r, 4, () => pick(r, WORDS)),
      ]);
    case "WORKDIR":
      return [pick(r, ["/app", "/src", "C:\\app", "$HOME/x", "/é"])];
    case "USER":
      return [pick(r, ["nonroot", "nonroot:nonroot", "1000:1000", "$USER"])];
    case "EXPOSE":
      return some(r, 2, () => pick(r, ["8080", "8080/tcp", "53/udp", "$PORT"]));
    case "LABEL":
      return some(r, 2, () =>
        pick(r, ["a=b", '"c d"="e"', "org.opencontainers.image.title=app", "x=é"]),
      );
    case "HEALTHCHECK":
      return pick(r, [
        ["CMD", "curl", "-f", "http://localhost/", "||", "exit", "1"],
        ["NONE"],
        ["--interval=5s", "CMD", '["/healthcheck"]'],
        ["CMD"],
      ]);
    case "ONBUILD":
      return pick(r, [
        ["RUN", "go", "build"],
        ["COPY", "--from=build", "a", "b"],
        ["ENV", "A=1"],
        ["CMD", '["x"]'],
        ["FROM", "x"],
      ]);
    case "SHELL":
      return [pick(r, ['["/bin/sh","-c"]', '["powershell", "-Command"]', "/bin/bash -c"])];
    case "STOPSIGNAL":
      return [pick(r, ["SIGTERM", "9", "SIGINT"])];
    case "VOLUME":
      return [pick(r, ['["/data"]', "/data", "/a /b", '["/a", "/b"]'])];
    case "MAINTAINER":
      return ["Jane", "Doe", "<jane@example.com>"];
    default:
      return some(r, 3, () => pick(r, WORDS));
  }
}

const KEYWORDS = [
  "FROM",
  "FROM",
  "FROM",
  "ARG",
  "ARG",
  "ENV",
  "ENV",
  "ENV",
  "COPY",
  "COPY",
  "ADD",
  "RUN",
  "RUN",
  "RUN",
  "CMD",
  "CMD",
  "ENTRYPOINT",
  "ENTRYPOINT",
  "WORKDIR",
  "USER",
  "EXPOSE",
  "LABEL",
  "HEALTHCHECK",
  "ONBUILD",
  "SHELL",
  "STOPSIGNAL",
  "VOLUME",
  "MAINTAINER",
  "FOO",
  "RUNX",
  "COPYX",
  "ENV_",
  "Ü",
];

/** How a keyword is written: usually upper-case, sometimes lower- or mixed-case. */
function spell(r: Rand, keyword: string): string {
  switch (r(10)) {
    case 0:
      return keyword.toLowerCase();
    case 1:
      return keyword.charAt(0) + keyword.slice(1).toLowerCase();
    case 2:
      return [...keyword].map((c, i) => (i % 2 ? c.toLowerCase() : c)).join("");
    default:
      return keyword;
  }
}

/** A continuation: the escape character at the end of a line, maybe with junk lines after. */
function continuation(r: Rand, esc: string, wild: boolean): string {
  const before = pick(r, [" ", " ", "", "\t", "  "]);
  const after = r(5) === 0 ? pick(r, [" ", "\t", "  ", " \t"]) : "";
  const junk = some(r, wild && r(3) === 0 ? 2 : 0, () =>
    pick(r, ["", "   ", "\t", "# comment", "  # indented", "#", "# é"]),
  );
  const indent = pick(r, ["", "  ", "    ", "\t", " "]);
  return `${before}${esc}${after}\n${junk.map((l) => `${l}\n`).join("")}${indent}`;
}

/**
 * What separates two tokens: a space mostly, else tabs, several spaces or a continuation; in a
 * wild file more often the latter, and continuations with junk lines after them.
 */
function separator(r: Rand, esc: string, wild: boolean): string {
  const k = r(wild ? 14 : 40);
  if (k < 2) return pick(r, ["\t", "  ", " \t "]);
  if (k < (wild ? 7 : 3)) return continuation(r, esc, wild);
  return " ";
}

/** An instruction as written, without the line break after it. */
function instruction(r: Rand, esc: string, wild: boolean): string {
  if (wild && r(14) === 0) return heredoc(r);
  const keyword = pick(r, KEYWORDS);
  const lead = r(wild ? 7 : 30) === 0 ? pick(r, [" ", "  ", "\t", " \t"]) : "";
  // A plain file mostly keeps escape characters out of its arguments.
  const tokens = (r(15) === 0 ? [] : argumentsFor(keyword, r, esc)).filter(
    (t) => wild || r(4) === 0 || !/[\\`]/.test(t),
  );
  let text = lead + spell(r, keyword);
  for (const t of tokens) {
    // Rarely, a continuation in the middle of a token.
    const cut = wild && r(25) === 0 && t.length > 1 ? 1 + r(t.length - 1) : 0;
    const token = cut ? `${t.slice(0, cut)}${esc}\n${t.slice(cut)}` : t;
    text += separator(r, esc, wild) + token;
  }
  // Trailing whitespace; an escaped escape character at the end, which does not continue.
  if (r(wild ? 10 : 30) === 0) text += pick(r, [" ", "\t", "  "]);
  if (wild && r(25) === 0) text += ` ${esc}${esc}`;
  return text;
}

function heredoc(r: Rand): string {
  const body = some(r, 3, () =>
    pick(r, ["echo hi", "\techo tab", "FROM golang:1.14", "ENV GODEBUG=madvdontneed=0", "", "é"]),
  ).join("\n");
  const nl = body === "" ? "" : "\n";
  switch (r(6)) {
    case 0:
      return `RUN <<EOF\n${body}${nl}EOF`;
    case 1:
      return `RUN <<-EOT\n${body}${nl}\tEOT`;
    case 2:
      return `COPY <<-EOT /x\n${body}${nl}EOT`;
    case 3:
      return `COPY <<EOF /etc/motd\n${body}${nl}EOF`;
    case 4:
      return `RUN <<EOF bash\n${body}${nl}EOF`;
    default:
      return `RUN cat <<"EOF" > /x && echo\n${body}${nl}EOF`;
  }
}

function generated(seed: number): string {
  const r = random(seed);
  // A wild file has the odd corners often; a plain one looks like most real Dockerfiles.
  const wild = r(2) === 0;
  const prelude = wild ? pick(r, PRELUDES) : pick(r, PRELUDES.slice(0, 4));
  // The escape character continuations use: usually the one the directives set.
  const esc = r(8) === 0 ? (prelude.escape ? "\\" : "`") : (prelude.escape ?? "\\");
  const lines: string[] = [];
  for (let n = 1 + r(10); n > 0; n--) {
    for (let k = r(4) === 0 ? 1 + r(2) : 0; k > 0; k--)
      lines.push(r(3) === 0 ? pick(r, ["", " ", "\t"]) : pick(r, COMMENTS));
    lines.push(instruction(r, esc, wild));
  }
  let text = (wild && r(5) === 0 ? "\uFEFF" : "") + prelude.text + lines.join("\n");
  // A continuation at the end of the file, maybe with a line break after it.
  if (r(wild ? 5 : 40) === 0) text += ` ${esc}${pick(r, ["", " ", "\n"])}`;
  text += pick(r, ["\n", "\n", "\n", "", "\n\n", "\n# end\n"]);
  switch (wild ? r(5) : 2) {
    case 0:
      return text.replace(/\n/g, "\r\n");
    case 1:
      // Some lines only.
      return text.replace(/\n/g, () => (r(2) === 0 ? "\r\n" : "\n"));
    default:
      return text;
  }
}

// ---------------------------------------------------------------------------------------------
// Mutations.

const INSERTIONS = [
  " ",
  "\t",
  "\\",
  "\\\n",
  "\n",
  "#",
  '"',
  "'",
  "[",
  "]",
  ",",
  "=",
  "$",
  "{",
  "}",
  "--from=",
  "<<EOF\n",
  "`",
  "\r\n",
];

function mutate(text: string, r: Rand): string {
  const at = r(text.length + 1);
  const lines = text.split("\n");
  switch (r(4)) {
    case 0:
    case 1:
      return text.slice(0, at) + pick(r, INSERTIONS) + text.slice(at);
    case 2:
      return text.slice(0, at) + text.slice(at + 1 + r(3));
    default: {
      const a = r(lines.length);
      const b = r(lines.length);
      if (r(2) === 0) [lines[a], lines[b]] = [lines[b]!, lines[a]!];
      else lines.splice(a, 0, lines[b]!);
      return lines.join("\n");
    }
  }
}

// ---------------------------------------------------------------------------------------------

const GENERATED = 4000;
const MUTANTS_PER_FIXTURE = 40;
const MUTANTS_PER_GENERATED = 2;

describe("the fast Dockerfile tokenizer", () => {
  it("reads the project's Dockerfiles and their mutations as dockerfile-ast does", () => {
    assert.ok(FIXTURES.length >= 40, `only ${FIXTURES.length} Dockerfiles found`);
    const originals = tally();
    const mutants = tally();
    const r = random(2026);
    for (const { text } of FIXTURES) {
      originals[compare(text)]++;
      for (let k = 0; k < MUTANTS_PER_FIXTURE; k++) mutants[compare(mutate(text, r))]++;
    }
    assert.equal(originals.same + originals.unsure, FIXTURES.length);
    assert.equal(mutants.same + mutants.unsure, FIXTURES.length * MUTANTS_PER_FIXTURE);
  });

  it("reads generated Dockerfiles and their mutations as dockerfile-ast does", () => {
    const originals = tally();
    const mutants = tally();
    const r = random(11);
    for (let seed = 0; seed < GENERATED; seed++) {
      const text = generated(seed);
      originals[compare(text)]++;
      for (let k = 0; k < MUTANTS_PER_GENERATED; k++) mutants[compare(mutate(text, r))]++;
    }
    assert.equal(originals.same + originals.unsure, GENERATED);
    assert.equal(mutants.same + mutants.unsure, GENERATED * MUTANTS_PER_GENERATED);
    // Enough of them both ways, or the comparison tests nothing.
    assert.ok(originals.same > 1000 && originals.unsure > 1000, JSON.stringify(originals));
    assert.ok(mutants.same > 2000 && mutants.unsure > 2000, JSON.stringify(mutants));
  });

  it("generates the corners it means to", () => {
    const texts = Array.from({ length: GENERATED }, (_, seed) => generated(seed));
    const corners: [string, (t: string) => boolean][] = [
      ["a backtick escape directive", (t) => /^\uFEFF?# ?escape ?= ?`/i.test(t)],
      ["a directive after a comment", (t) => t.includes("# comment first\n# escape=`")],
      ["a continuation", (t) => /\\\r?\n/.test(t)],
      ["a backtick continuation", (t) => /`\r?\n/.test(t)],
      ["spaces after a continuation", (t) => /[\\`][ \t]+\r?\n/.test(t)],
      ["a comment inside a continuation", (t) => /\\\r?\n(.*\r?\n)?[ \t]*#/.test(t)],
      ["a heredoc", (t) => t.includes("<<")],
      ["CRLF", (t) => t.includes("\r\n")],
      ["a BOM", (t) => t.startsWith("\uFEFF")],
      ["no final line break", (t) => !t.endsWith("\n")],
      ["a lower-case keyword", (t) => /^\s*(from|run|env|cmd) /m.test(t)],
      ["a keyword alone", (t) => /^(RUN|CMD|ENV|FROM|COPY)\r?$/m.test(t)],
      ["a --platform flag", (t) => t.includes("--platform=")],
      ["an ARG default image", (t) => t.includes("${GO_IMAGE:-golang:1.20}")],
      ["a legacy ENV", (t) => /^ENV [A-Za-z_é]+ [^=\n]*$/m.test(t)],
      ["an empty ENV value", (t) => /^ENV .*=(\s|$)/m.test(t)],
      ["a JSON escape", (t) => t.includes('"\\u0041"')],
      ["an empty exec form", (t) => /(CMD|ENTRYPOINT) \[\]/.test(t)],
      ["a malformed exec form", (t) => t.includes('["a", b]')],
      ["COPY --from", (t) => /COPY.*--from=/.test(t)],
      ["a tab separator", (t) => /[A-Z]\t/.test(t)],
      ["non-ASCII", (t) => t.includes("😀")],
    ];
    for (const [name, test] of corners) {
      const n = texts.filter(test).length;
      assert.ok(n >= 15, `${name}: only ${n} of ${GENERATED} generated Dockerfiles`);
    }
    // Generated texts differ from one another.
    assert.ok(new Set(texts).size > 0.95 * GENERATED);
  });

  it("catches a reader that differs from dockerfile-ast", () => {
    const text = 'FROM golang:1.20 AS build\nENV A=1\nCMD ["/server"]\n';
    // dockerfile-ast itself is "same"; a reader off by one character is caught.
    assert.equal(compare(text, viewDockerfile), "same");
    const off: Reader = (t) => {
      const doc = viewDockerfile(t);
      doc.instructions[1]!.properties![0]!.range.end.character++;
      return doc;
    };
    assert.throws(() => compare(text, off), assert.AssertionError);
    // A reader that leaves out a part the model reads, or adds one (even undefined), is caught.
    const missing: Reader = (t) => {
      const doc = viewDockerfile(t);
      delete doc.instructions[0]!.platform;
      return doc;
    };
    assert.throws(() => compare(text, missing), assert.AssertionError);
    const extra: Reader = (t) => {
      const doc = viewDockerfile(t);
      doc.instructions[1]!.arguments = undefined;
      return doc;
    };
    assert.throws(() => compare(text, extra), assert.AssertionError);
    assert.equal(
      compare(text, () => undefined),
      "unsure",
    );
  });

  it("reads the corners that once read differently as dockerfile-ast does", () => {
    const cases: [string, Verdict][] = [
      // Two directives counted on one line: parsing starts on line 2, past the CMD.
      ['#syntax=x # é=\nCMD  \\\n\t["./server --port 8080"\n', "same"],
      // Many directives on one line (counted in linear time; the package reads to the line's end
      // for each).
      [`${"# a=b ".repeat(50)}\nFROM x\n${"RUN y\n".repeat(60)}`, "same"],
      ["# a= \n#b=c d=e\n# =f\nFROM x\n", "same"],
      // A heredoc whose `<<` a continuation splits.
      ["COPY <\\\n<-EOT /x\né\nEOT \\\n# end\n", "unsure"],
      ["COPY <\\\n<-EOT /x\né\nEOT\nENV A=1\n", "same"],
      // Heredocs read to their ends, one after the other; a word that only starts like the name.
      ["FROM a\nRUN <<A <<'B'\nA\nx\nB\nCMD [\"/x\"]\n", "same"],
      [
        "FROM a\nRUN --mount=type=cache,target=/x <<-EOT\n\tset -e\n\tEOTX\n\tEOT\nENV A=1\n",
        "same",
      ],
      // An escape directive named before a blank: the package's to read.
      ["#escape `= `\nFROM a\n", "unsure"],
      ["ONBUILD RUN <<EOF\nx\nEOF\n", "unsure"],
    ];
    for (const [text, verdict] of cases) assert.equal(compare(text), verdict, JSON.stringify(text));
  });

  it("the fast tokenizer takes most fixture Dockerfiles", () => {
    // Or it saves nothing: dockerfile-ast would read them all.
    let same = 0;
    for (const { text } of FIXTURES) if (compare(text) === "same") same++;
    assert.ok(
      same >= 0.6 * FIXTURES.length,
      `the fast tokenizer took ${same} of ${FIXTURES.length} fixture Dockerfiles`,
    );
  });
});

describe("dockerfile-ast's view (the reference)", () => {
  // Written out by hand (0-based lines, UTF-16 characters, ends exclusive), so that a change in
  // dockerfile-ast or in dockerfile-ast-view.ts shows here rather than in both readers at once.
  const at = (l1: number, c1: number, l2: number, c2: number): DfRange => ({
    start: { line: l1, character: c1 },
    end: { line: l2, character: c2 },
  });

  it("is pinned on a handful of instructions", () => {
    assert.deepEqual(viewDockerfile("FROM golang:1.20 AS build\n"), {
      escape: "\\",
      instructions: [
        {
          keyword: "FROM",
          instruction: "FROM",
          range: at(0, 0, 0, 25),
          arguments: [
            { value: "golang:1.20", range: at(0, 5, 0, 16) },
            { value: "AS", range: at(0, 17, 0, 19) },
            { value: "build", range: at(0, 20, 0, 25) },
          ],
          imageRange: at(0, 5, 0, 16),
          platform: null,
        },
      ],
    });

    // The quotes stay in the "unescaped" value.
    assert.deepEqual(viewDockerfile('ENV GODEBUG=madvdontneed=1 APP="a b"\n'), {
      escape: "\\",
      instructions: [
        {
          keyword: "ENV",
          instruction: "ENV",
          range: at(0, 0, 0, 36),
          properties: [
            {
              name: "GODEBUG",
              unescapedValue: "madvdontneed=1",
              valueRange: at(0, 12, 0, 26),
              assignmentOperator: "=",
              range: at(0, 4, 0, 26),
            },
            {
              name: "APP",
              unescapedValue: '"a b"',
              valueRange: at(0, 31, 0, 36),
              assignmentOperator: "=",
              range: at(0, 27, 0, 36),
            },
          ],
        },
      ],
    });

    // The arguments are the words, brackets and commas included; a JSON string's range has its
    // quotes.
    assert.deepEqual(viewDockerfile('CMD ["/server", "-v"]\n'), {
      escape: "\\",
      instructions: [
        {
          keyword: "CMD",
          instruction: "CMD",
          range: at(0, 0, 0, 21),
          arguments: [
            { value: '["/server",', range: at(0, 4, 0, 15) },
            { value: '"-v"]', range: at(0, 16, 0, 21) },
          ],
          exec: {
            openingBracket: true,
            strings: [
              { value: "/server", range: at(0, 5, 0, 14) },
              { value: "-v", range: at(0, 16, 0, 20) },
            ],
          },
        },
      ],
    });

    // A continuation with a space after the backslash and a comment line inside: one instruction,
    // its text as written.
    assert.deepEqual(viewDockerfile("RUN go build \\ \n  # note\n  ./cmd/server\n"), {
      escape: "\\",
      instructions: [
        {
          keyword: "RUN",
          instruction: "RUN",
          range: at(0, 0, 2, 14),
          textContent: "RUN go build \\ \n  # note\n  ./cmd/server",
        },
      ],
    });

    // JSON escapes: \" and \\ are decoded, but \u0041 loses its "\u" (not "A"); the arguments
    // drop the escape character.
    assert.deepEqual(viewDockerfile('ENTRYPOINT ["a\\"b", "\\\\", "\\u0041"]\n'), {
      escape: "\\",
      instructions: [
        {
          keyword: "ENTRYPOINT",
          instruction: "ENTRYPOINT",
          range: at(0, 0, 0, 35),
          arguments: [
            { value: '["a"b",', range: at(0, 11, 0, 19) },
            { value: '"\\",', range: at(0, 20, 0, 25) },
            { value: '"u0041"]', range: at(0, 26, 0, 35) },
          ],
          exec: {
            openingBracket: true,
            strings: [
              { value: 'a"b', range: at(0, 12, 0, 18) },
              { value: "\\", range: at(0, 20, 0, 24) },
              { value: "0041", range: at(0, 26, 0, 34) },
            ],
          },
        },
      ],
    });
  });
});
