// The document gate in front of the Kubernetes reader: a YAML document's kind read from its lines,
// and documents of other kinds left out of the parse with every offset kept. It may only ever
// leave out a document the parser would not have read as the wanted kind.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { isMap, parseAllDocuments } from "yaml";
import { readRunSites } from "../src/analyzers/runtime/run/formats.ts";
import { Positions } from "../src/analyzers/runtime/run/site.ts";
import {
  declaredKind,
  keepDocuments,
  stringAt,
  UNSURE,
  yamlDocuments,
} from "../src/analyzers/runtime/run/yaml-nodes.ts";

describe("declaredKind", () => {
  it("reads a plain top-level kind, and nothing else", () => {
    assert.equal(declaredKind("apiVersion: apps/v1\nkind: Deployment\n"), "Deployment");
    assert.equal(declaredKind("# c\n\n%YAML 1.2\nkind: Job # a comment\r\nspec: {}\n"), "Job");
    assert.equal(declaredKind("rules:\n- apiGroups: x\nkind: Role\n"), "Role");
    assert.equal(declaredKind("apiVersion: v1\nmetadata:\n  kind: Pod\n"), undefined);
    assert.equal(declaredKind(""), undefined);
    // The first kind key is the one the parsed map gives.
    assert.equal(declaredKind("kind: ConfigMap\nkind: Deployment\n"), "ConfigMap");
  });

  it("is unsure where the lines cannot tell", () => {
    for (const doc of [
      'kind: "Deployment"\n', // quoted value
      "kind:\n  Deployment\n", // value on the next line
      "kind: !!str Deployment\n", // tag
      "kind: &k Deployment\n", // anchor
      "{kind: Deployment}\n", // flow mapping
      "  kind: Deployment\n", // indented root
      '"kind": Deployment\n', // quoted key
      "? kind\n: Deployment\n", // complex key
      "<<: *base\nkind: ConfigMap\n", // merge key
      'a: "x\nkind: ConfigMap"\nkind: Deployment\n', // a quote carried onto the next lines
      "a: [x,\nkind: ConfigMap]\nkind: Deployment\n", // a flow collection likewise
      '- "x\nkind: ConfigMap"\nkind: Deployment\n',
      "\uFEFFkind: Deployment\n",
    ])
      assert.equal(declaredKind(doc), UNSURE, JSON.stringify(doc));
  });
});

describe("keepDocuments", () => {
  const stream = [
    "apiVersion: apiextensions.k8s.io/v1",
    "kind: CustomResourceDefinition",
    "spec:",
    "  containers: {type: object}",
    "---",
    "apiVersion: apps/v1",
    "kind: Deployment",
    "metadata: {name: web}",
    "spec:",
    "  template:",
    "    spec:",
    "      containers:",
    "      - name: web",
    "        image: example.com/web",
    "--- # a comment after the marker",
    "kind: ConfigMap",
    "data: {GODEBUG: madvdontneed=1}",
    "...",
    "--- {kind: Deployment}",
    "",
  ].join("\n");

  it("keeps the length and the offsets, and leaves only the wanted documents to parse", () => {
    const kept = keepDocuments(stream, (k) => k === UNSURE || k === "Deployment");
    assert.equal(kept.length, stream.length);
    const docs = parseAllDocuments(kept, { uniqueKeys: false });
    const kinds = docs.map((d) =>
      isMap(d.contents) ? stringAt(d.contents, ["kind"], kept) : null,
    );
    // The CRD (a comment now, before the first marker: no document of its own) and the ConfigMap
    // are gone; a document on its marker's line is always kept.
    assert.deepEqual(kinds, ["Deployment", null, "Deployment"]);
    const web = stream.indexOf("example.com/web");
    assert.equal(kept.slice(web, web + 15), "example.com/web");
    // Nothing to leave out: the same string.
    assert.equal(
      keepDocuments(stream, () => true),
      stream,
    );
  });

  it("gives the wanted documents exactly as a full parse does (generated streams)", () => {
    const kinds = ["Deployment", "ConfigMap", "Service", "CustomResourceDefinition", "Job"];
    const doc = fc.record({
      kind: fc.constantFrom(...kinds),
      quoted: fc.boolean(),
      lead: fc.constantFrom("", "# c\n", "apiVersion: v1\n", "- x\n", "  a: 1\n", 'a: "q"\n'),
      body: fc.constantFrom(
        "spec:\n  containers:\n  - image: a\n",
        "data:\n  k: |\n    ---\n    kind: Deployment\n",
        "spec: {containers: [{image: b}]}\n",
        "items:\n- kind: Deployment\n",
      ),
    });
    fc.assert(
      fc.property(fc.array(doc, { minLength: 1, maxLength: 5 }), (docs) => {
        const text = docs
          .map((d) => `${d.lead}kind: ${d.quoted ? `"${d.kind}"` : d.kind}\n${d.body}`)
          .join("---\n");
        const wanted = (k: string | undefined | null) => k === UNSURE || k === "Deployment";
        const pos = new Positions(text);
        const gated = yamlDocuments("m.yaml", text, pos, wanted).docs;
        const full = yamlDocuments("m.yaml", text, pos).docs;
        const view = (list: typeof full) =>
          list
            .filter(
              (d) => isMap(d.contents) && stringAt(d.contents, ["kind"], text) === "Deployment",
            )
            // A collection's start is the part of its range the readers use (see yaml-lite.ts).
            .map((d) => [JSON.stringify(d.contents?.toJSON()), d.contents?.range[0]]);
        assert.deepEqual(view(gated), view(full));
      }),
      { numRuns: 300 },
    );
  });
});

describe("the Kubernetes reader", () => {
  it("reads a workload among CRDs and ConfigMaps, and takes no kind from Object's prototype", () => {
    const manifest = [
      "kind: constructor",
      "spec: {containers: [{image: a}]}",
      "---",
      "kind: toString",
      "spec:",
      "  containers:",
      "  - image: b",
      "---",
      "kind: Pod",
      "metadata: {name: p}",
      "spec:",
      "  containers:",
      "  - name: c",
      "    image: example.com/c",
      "    env:",
      "    - name: GODEBUG",
      "      value: madvdontneed=1",
      "",
    ].join("\n");
    const { sites, errors } = readRunSites([{ path: "k8s/app.yaml", text: manifest }], []);
    assert.deepEqual(errors, []);
    assert.deepEqual(
      sites.map((s) => [s.file, s.anchor.line, s.label]),
      [["k8s/app.yaml", 14, "container c of Pod p"]],
    );
  });
});
