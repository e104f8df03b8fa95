// rdjson, checkstyle and codeclimate, as the CLI prints them, checked against schemas written
// from each format's published specification (ajv) and an XML parser from npm.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { Ajv } from "ajv";
import { XMLParser, XMLValidator } from "fast-xml-parser";

const ROOT = join(import.meta.dirname, "..");
const CLI = join(ROOT, "dist", "cli.js");

// The example plus a file that cannot be analysed and a name with markup and a line break.
const dir = mkdtempSync(join(tmpdir(), "gmc-formats-"));
after(() => rmSync(dir, { recursive: true, force: true }));
cpSync(join(ROOT, "examples", "leaky-service"), dir, { recursive: true });
writeFileSync(join(dir, "binary.go"), Buffer.from([0x70, 0x00, 0x0a]));
const odd = 'odd<&"\n>.go';
writeFileSync(
  join(dir, odd),
  "package p\n\nfunc f(c chan int) {\n\tfor range c {\n\t\tdefer g()\n\t}\n}\n\nfunc g() {}\n",
);

function output(format: string): string {
  const r = spawnSync(process.execPath, [CLI, dir, "--format", format], { encoding: "utf8" });
  assert.equal(r.status, 1, r.stderr);
  return r.stdout;
}

const json = JSON.parse(output("json")) as {
  findings: {
    rule: string;
    severity: string;
    file: string;
    line: number;
    column: number;
    fixes: { edits: unknown[] }[];
  }[];
  errors: { file: string; line?: number; message: string }[];
};
const schema = (name: string) =>
  JSON.parse(readFileSync(join(import.meta.dirname, "schemas", `${name}.schema.json`), "utf8"));

describe("rdjson (reviewdog)", () => {
  const doc = JSON.parse(output("rdjson"));
  it("validates against the Diagnostic Format schema", () => {
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema("rdjson"));
    assert.ok(validate(doc), JSON.stringify(validate.errors, null, 2));
  });

  it("has one diagnostic per finding and error, with the preferred fix as the suggestion", () => {
    assert.equal(doc.diagnostics.length, json.findings.length + json.errors.length);
    const severity: Record<string, string> = { error: "ERROR", warning: "WARNING", notice: "INFO" };
    json.findings.forEach((f, i) => {
      const d = doc.diagnostics[i];
      assert.deepEqual(
        [d.location.path, d.location.range.start, d.severity, d.code.value],
        [f.file, { line: f.line, column: f.column }, severity[f.severity], f.rule],
      );
    });
    const store = json.findings.findIndex(
      (f) => f.file === "internal/store/store.go" && f.line === 23,
    );
    const edits = json.findings[store]!.fixes[0]!.edits as {
      startLine: number;
      startColumn: number;
      endLine: number;
      endColumn: number;
      text: string;
    }[];
    assert.deepEqual(
      doc.diagnostics[store].suggestions,
      edits.map((e) => ({
        range: {
          start: { line: e.startLine, column: e.startColumn },
          end: { line: e.endLine, column: e.endColumn },
        },
        text: e.text,
      })),
    );
    assert.equal(doc.diagnostics.at(-1).code.value, "not-analysed");
  });
});

describe("checkstyle", () => {
  const xml = output("checkstyle");
  it("is well-formed XML with one <file> per path and an <error> per finding and error", () => {
    assert.equal(XMLValidator.validate(xml), true);
    const doc = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: "",
      htmlEntities: true,
      isArray: (name) => name === "file" || name === "error",
    }).parse(xml);
    const files = doc.checkstyle.file as { name: string; error: Record<string, string>[] }[];
    assert.deepEqual(
      files.map((f) => f.name),
      [...new Set([...json.findings, ...json.errors].map((f) => f.file))].sort(),
    );
    const oddFile = files.find((f) => f.name === odd);
    assert.ok(oddFile, "the odd name survives escaping exactly");
    const all: Record<string, string>[] = files.flatMap((f) =>
      f.error.map((e) => ({ ...e, file: f.name })),
    );
    assert.equal(all.length, json.findings.length + json.errors.length);
    const store = all.find((e) => e.file === "internal/store/store.go" && e.line === "23");
    assert.deepEqual(
      [store?.column, store?.severity, store?.source],
      ["3", "warning", "gomemcheck.defer-in-loop"],
    );
    assert.ok(all.some((e) => e.severity === "info"));
  });
});

describe("codeclimate (GitLab Code Quality)", () => {
  const doc = JSON.parse(output("codeclimate"));
  it("validates against GitLab's Code Quality report format", () => {
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema("codeclimate"));
    assert.ok(validate(doc), JSON.stringify(validate.errors, null, 2));
  });

  it("has unique fingerprints that survive an edit above the finding", () => {
    const prints = doc.map((i: { fingerprint: string }) => i.fingerprint);
    assert.equal(new Set(prints).size, prints.length);
    const path = join(dir, "internal", "store", "store.go");
    const text = readFileSync(path, "utf8");
    writeFileSync(path, text.replace("package store\n", "package store\n\n// moved down\n"));
    const moved = JSON.parse(output("codeclimate"));
    writeFileSync(path, text);
    const line = (d: { location: { path: string; positions: { begin: { line: number } } } }[]) =>
      d
        .filter((i) => i.location.path === "internal/store/store.go")
        .map((i) => i.location.positions.begin.line);
    assert.deepEqual(
      line(moved),
      line(doc).map((l) => l + 2),
    );
    assert.deepEqual(
      moved.map((i: { fingerprint: string }) => i.fingerprint).sort(),
      [...prints].sort(),
    );
  });
});
