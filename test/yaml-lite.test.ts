// The fast YAML reader (yaml-lite.ts) against the `yaml` package: on every text it accepts, the
// same documents, node classes, scalar types and values, starts of every node and ends of every
// scalar, and no error from the package. Texts: the project's own YAML files, generated block YAML
// of the shapes workflows and manifests use (with the corners: comments, blank lines, block
// scalars, flow collections, numbers and booleans, markers), and seeded mutations of both.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, it } from "node:test";
import { isMap, isPair, isScalar, isSeq, parseAllDocuments, parseDocument } from "yaml";
import { readLiteYaml, UNSURE } from "../src/analyzers/runtime/yaml-lite.ts";
import { readYamlDocument, readYamlDocuments } from "../src/analyzers/runtime/yaml-read.ts";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");

/** What the readers can see of a node: the part of it the two parsers must agree on. */
function view(n: unknown): unknown {
  if (n === null || n === undefined) return n;
  if (isMap(n) || isSeq(n))
    return {
      c: isMap(n) ? "map" : "seq",
      start: n.range?.[0],
      flow: Boolean(n.flow),
      tag: n.tag,
      items: n.items.map(view),
    };
  if (isPair(n)) return { key: view(n.key), value: view(n.value) };
  if (isScalar(n)) {
    const v = n.value;
    return {
      type: n.type,
      // JSON would make -0 0 and NaN null.
      value: typeof v === "number" ? `${Object.is(v, -0) ? "-0" : v}:number` : v,
      range: n.range?.slice(0, 2),
      tag: n.tag,
      anchor: n.anchor,
    };
  }
  return { other: String(n) };
}

type Verdict = "unsure" | "same";

/** Compares the two on one text in one mode; throws with the text on a difference. */
function compare(text: string, single: boolean, uniqueKeys: boolean): Verdict {
  const lite = readLiteYaml(text, { single, uniqueKeys });
  if (lite === UNSURE) return "unsure";
  const docs = single
    ? [parseDocument(text, { uniqueKeys })]
    : parseAllDocuments(text, { uniqueKeys });
  const list = Array.isArray(docs) ? docs : [];
  const errors = list.flatMap((d) => d.errors.map((e) => e.message));
  assert.deepEqual(
    errors,
    [],
    `the package found errors in a text the reader took: ${JSON.stringify(text)}`,
  );
  assert.deepEqual(
    lite.map(view),
    list.map((d) => view(d.contents)),
    `different nodes (single: ${single}, uniqueKeys: ${uniqueKeys}) for ${JSON.stringify(text)}`,
  );
  return "same";
}

function compareAllModes(text: string, tally: Record<Verdict, number>): void {
  for (const single of [true, false])
    for (const uniqueKeys of [true, false]) tally[compare(text, single, uniqueKeys)]++;
}

/** A small seeded generator (the same texts on every run). */
function random(seed: number): (n: number) => number {
  let s = seed >>> 0;
  return (n) => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return (s >>> 8) % n;
  };
}

const WORDS = [
  "build",
  "ubuntu-latest",
  "go",
  "1.20",
  "1.21.5",
  "0o17",
  "0x1F",
  "-1",
  "+5",
  "007",
  "1e3",
  ".inf",
  "~",
  "null",
  "Null",
  "true",
  "False",
  "on",
  "yes",
  "a:b",
  "a#b",
  "${{ matrix.go }}",
  "x y",
  "-x",
  "a]",
  "k8s.gcr.io/pause:3.9",
  "GODEBUG=madvdontneed=1",
  "./server --flag",
  "1.",
  ".5",
  "-0",
  "a b c",
  "http://x",
  "%x",
  "<<",
  "=",
  "@v",
  "`x`",
  "a,b",
  "*a",
  "&a",
  "!t",
];
const KEYS = [
  "name",
  "on",
  "jobs",
  "steps",
  "with",
  "env",
  "run",
  "uses",
  "image",
  "1",
  "true",
  "go-version",
  "x y",
  "a.b",
  "null",
  "~",
  "key",
  "containers",
  "value",
];

function pick<T>(r: (n: number) => number, list: readonly T[]): T {
  return list[r(list.length)]!;
}

function scalar(r: (n: number) => number): string {
  switch (r(8)) {
    case 0:
      return `'${pick(r, WORDS).replace(/'/g, "''")}'`;
    case 1:
      return `"${pick(r, WORDS)}"`;
    case 2:
      return `[${Array.from({ length: r(4) }, () => pick(r, WORDS)).join(pick(r, [", ", ",", " , "]))}]`;
    case 3:
      return `{${Array.from({ length: r(3) }, () => `${pick(r, KEYS)}: ${pick(r, WORDS)}`).join(", ")}}`;
    default:
      return pick(r, WORDS);
  }
}

function comment(r: (n: number) => number): string {
  return r(4) === 0 ? pick(r, [" # c", "  # note: x", " #", "# not a comment"]) : "";
}

function block(r: (n: number) => number, indent: number): string {
  const header = pick(r, ["|", "|-", ">", ">-", "|+", "|2"]) + comment(r);
  const pad = " ".repeat(indent + 2 + r(2));
  const lines: string[] = [];
  for (let i = r(5); i >= 0; i--) {
    const kind = r(6);
    lines.push(
      kind === 0
        ? ""
        : kind === 1
          ? " ".repeat(r(indent + 6))
          : `${pad}${r(5) === 0 ? "  " : ""}${pick(r, WORDS)}`,
    );
  }
  return `${header}\n${lines.join("\n")}`;
}

/** A block collection at `indent`, nested up to `depth`; without a trailing line break. */
function collection(r: (n: number) => number, indent: number, depth: number): string {
  const pad = " ".repeat(indent);
  const lines: string[] = [];
  const seq = r(3) === 0;
  for (let i = 1 + r(4); i > 0; i--) {
    if (r(6) === 0)
      lines.push(pick(r, ["", `${pad}# comment`, "# c", `${" ".repeat(r(8))}# c`, "   "]));
    const lead = seq ? `${pad}- ` : pad;
    const key = seq && r(2) === 0 ? "" : `${pick(r, KEYS)}:`;
    const nested = depth > 0 && r(3) === 0;
    if (nested) {
      const sameColumnSeq = key !== "" && !seq && r(3) === 0;
      const inner = sameColumnSeq
        ? collection(r, indent, 0)
            .replace(/^( *)(?!- )/gm, "$1- ")
            .replace(/^( *)- - /gm, "$1- ")
        : collection(r, indent + 2 + r(2), depth - 1);
      lines.push(`${lead}${key || "-"}${comment(r)}`.replace(/- -$/, "-"), inner);
    } else if (key !== "" && r(7) === 0) {
      // A flow sequence over several lines, on the key's line or its own (with indentations
      // around the limits: items further in than the key, the `]` at the key's column or not).
      const items = Array.from({ length: r(4) }, () => pick(r, WORDS));
      const inner = " ".repeat(Math.max(0, indent + pick(r, [-1, 0, 1, 2, 2, 4])));
      const close = " ".repeat(Math.max(0, indent + pick(r, [-1, 0, 0, 2])));
      const body = items.map((w) => `${inner}${w}`).join(",\n") + (r(2) === 0 ? "," : "");
      if (r(2) === 0) lines.push(`${lead}${key} [`, body, `${close}]${comment(r)}`);
      else lines.push(`${lead}${key}`, `${close}  [`, body, `${close}]`);
    } else if (key !== "" && r(5) === 0) {
      lines.push(`${lead}${key}${comment(r)}`);
    } else if (r(6) === 0) {
      lines.push(`${lead}${key}${key ? " " : ""}${block(r, indent)}`);
    } else {
      lines.push(`${lead}${key}${key ? " " : ""}${scalar(r)}${comment(r)}`);
    }
  }
  return lines.join("\n");
}

function generated(seed: number): string {
  const r = random(seed);
  const docs: string[] = [];
  for (let d = 1 + (r(4) === 0 ? r(3) : 0); d > 0; d--)
    docs.push(collection(r, r(6) === 0 ? 2 : 0, 3));
  const sep = pick(r, ["---\n", "--- # next\n", "---\n\n"]);
  return (
    (r(4) === 0 ? "---\n" : "") +
    docs.join(`\n${sep}`) +
    pick(r, ["\n", "", "\n\n", "\n---\n", "\n# end\n"])
  );
}

const MUTATIONS = [
  " ",
  "  ",
  "-",
  "- ",
  ":",
  ": ",
  "#",
  " #",
  "|",
  ">",
  "'",
  '"',
  "[",
  "]",
  "{",
  "}",
  ",",
  "\n",
  "\t",
  "\r\n",
  "x: y\n",
  "- z\n",
  "\\",
  "&a ",
  "*a",
  "!t ",
  "---\n",
  "? ",
];

function mutate(text: string, r: (n: number) => number): string {
  const lines = text.split("\n");
  const at = r(text.length + 1);
  switch (r(5)) {
    case 0:
      return text.slice(0, at) + pick(r, MUTATIONS) + text.slice(at);
    case 1:
      return text.slice(0, at) + text.slice(at + 1 + r(3));
    case 2: {
      const a = r(lines.length);
      const b = r(lines.length);
      [lines[a], lines[b]] = [lines[b]!, lines[a]!];
      return lines.join("\n");
    }
    case 3: {
      const a = r(lines.length);
      lines.splice(a, 0, lines[r(lines.length)]!);
      return lines.join("\n");
    }
    default: {
      const a = r(lines.length);
      lines[a] = r(2) === 0 ? ` ${lines[a]}` : lines[a]!.replace(/^ /, "");
      return lines.join("\n");
    }
  }
}

function yamlFiles(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === "node_modules" || e.name.startsWith(".git")) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) yamlFiles(p, out);
    else if (e.isFile() && /\.ya?ml$/.test(e.name)) out.push(p);
  }
  return out;
}

describe("the fast YAML reader", () => {
  it("agrees with the yaml package on the project's YAML files and their mutations", () => {
    const files = [
      ...yamlFiles(join(ROOT, "test")),
      ...yamlFiles(join(ROOT, "examples")),
      ...yamlFiles(join(ROOT, ".github")),
    ];
    assert.ok(files.length >= 20, `only ${files.length} YAML files found`);
    const originals: Record<Verdict, number> = { unsure: 0, same: 0 };
    const mutants: Record<Verdict, number> = { unsure: 0, same: 0 };
    const r = random(2026);
    for (const f of files) {
      const text = readFileSync(f, "utf8");
      compareAllModes(text, originals);
      for (let k = 0; k < 40; k++) compareAllModes(mutate(text, r), mutants);
    }
    // The reader must take nearly all of the project's YAML (Helm templates are not YAML, and a
    // manifest of several documents is an error for parseDocument), or it saves nothing; and some mutants both ways, or the comparison tests nothing.
    assert.ok(originals.unsure <= originals.same / 4, JSON.stringify(originals));
    assert.ok(mutants.same > 1000 && mutants.unsure > 1000, JSON.stringify(mutants));
  });

  it("agrees with the yaml package on generated block YAML and its mutations", () => {
    const tally: Record<Verdict, number> = { unsure: 0, same: 0 };
    const r = random(11);
    for (let seed = 0; seed < 2500; seed++) {
      const text = generated(seed);
      compareAllModes(text, tally);
      compareAllModes(mutate(text, r), tally);
    }
    assert.ok(tally.same > 2000 && tally.unsure > 2000, JSON.stringify(tally));
  });

  it("reads the common shapes itself", () => {
    const sure = (text: string) =>
      assert.notEqual(readLiteYaml(text, { single: false, uniqueKeys: true }), UNSURE, text);
    sure(
      "on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/setup-go@v5\n        with:\n          go-version: 1.20 # pinned\n      - run: |\n          go test ./...\n\n          go vet\n",
    );
    sure(
      "apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n      - name: app\n        image: 'x:1'\n        env:\n        - name: GODEBUG\n          value: \"madvdontneed=1\"\n        resources: {}\n---\nkind: Service\n",
    );
    sure(
      'services:\n  app:\n    environment:\n      - GODEBUG=madvdontneed=1\n    command: ["/server", "-v"]\n    matrix: {os: linux, go: "1.21"}\n',
    );
    sure(
      'healthcheck:\n  test:\n    [\n      "CMD-SHELL",\n      "curl -f localhost",\n    ]\n  retries: 5\n',
    );
    sure("args: [a,\n  b]\nnext: [\n  x\n]\n");
    sure("# only comments\n");
    sure("");
  });

  it("leaves to the package what it does not take", () => {
    for (const text of [
      "a: &x 1\nb: *x\n",
      "a: !!str 1\n",
      "a: 1\r\nb: 2\r\n",
      "a:\tb\n",
      "a: b\n  c\n",
      'a: "x\\ny"\n',
      "a: 'x\n  y'\n",
      "a: [1, # c\n  2]\n",
      "a: [[1],\n  2]\n",
      "a: [1,\n\n  2]\n",
      "a:\n  b: [\n  1]\n",
      "a: 1\na: 2\n",
      "? a\n: b\n",
      "%YAML 1.2\n---\na: 1\n",
      "a: |2\n   x\n",
      "a: |+\n  x\n\n",
      "a: .nan\n",
      "a: 1e3\n",
      "\uFEFFa: 1\n",
      "a: b: c\n",
      "- - a\n",
      "just a scalar\n",
      `${"a:\n".repeat(1).repeat(1)}${Array.from({ length: 80 }, (_, i) => `${" ".repeat(2 * i + 2)}k:`).join("\n")}\n`,
      // Sequences of mappings chained without a `node()` in between: the depth limit holds too.
      `${Array.from({ length: 40 }, (_, i) => `${" ".repeat(2 * i)}- a:`).join("\n")}\n`,
    ])
      assert.equal(readLiteYaml(text, { single: false, uniqueKeys: true }), UNSURE, text);
    // A repeated key is for the package only when keys must be unique.
    assert.notEqual(readLiteYaml("a: 1\na: 2\n", { single: true, uniqueKeys: false }), UNSURE);
    // Several documents where one is wanted: the package reports it.
    assert.equal(readLiteYaml("a: 1\n---\nb: 2\n", { single: true, uniqueKeys: true }), UNSURE);
  });

  it("gives the readers the package's documents and errors when it is unsure", () => {
    const bad = "a: 1\n  b: 2\n";
    assert.equal(readLiteYaml(bad, { single: true, uniqueKeys: true }), UNSURE);
    assert.ok(readYamlDocument(bad).errors.length > 0);
    assert.ok(readYamlDocuments(bad)[0]!.errors.length > 0);
    assert.deepEqual(readYamlDocuments("# nothing\n"), []);
    assert.equal(readYamlDocument("# nothing\n").contents, null);
    const ok = readYamlDocuments("a: 1\n---\nb: [x]\n");
    assert.deepEqual(
      ok.map((d) => [d.errors.length, JSON.stringify(d.contents?.toJSON())]),
      [
        [0, '{"a":1}'],
        [0, '{"b":["x"]}'],
      ],
    );
  });
});
