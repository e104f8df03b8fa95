// Every rule has docs/rules/<id>.md with the fixed headings, and its examples behave as
// documented: the Bad example gives a finding of the rule, the Good example none.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { BuildInputs } from "../src/analyzers/analyzer.ts";
import { analyzeBuilds } from "../src/analyzers/runtime/rules.ts";
import { analyzeDeferInLoop } from "../src/analyzers/defer/defer-in-loop.ts";
import { analyzeGoDebugSetenv } from "../src/analyzers/runtime/run/go-setenv.ts";
import { RULES, type Finding } from "../src/findings.ts";
import { loadGoParser } from "../src/parse/go-parser.ts";
import { VERSION } from "../src/version.ts";
import { loadFullDockerfileParser } from "../src/analyzers/dockerfile.ts";

// dockerfile-ast, for the Dockerfiles the fast tokenizer leaves (a run loads it on demand).
await loadFullDockerfileParser();

const ROOT = join(import.meta.dirname, "..");
const HEADINGS = [
  "## What happens at run time",
  "## Bad",
  "## Good",
  "## How to fix",
  "## References",
];
const TODAY = new Date("2026-11-26T00:00:00Z");

function section(doc: string, heading: string): string {
  const start = doc.indexOf(`${heading}\n`);
  const next = doc.indexOf("\n## ", start + heading.length);
  return doc.slice(start, next === -1 ? undefined : next);
}

/** The fenced code blocks of a section, by their info string. */
function blocks(text: string): { lang: string; code: string }[] {
  return [...text.matchAll(/```([\w-]+)\n([\s\S]*?)```/g)].map((m) => ({
    lang: m[1]!,
    code: m[2]!,
  }));
}

async function findingsOf(text: string): Promise<Finding[]> {
  const inputs: BuildInputs = {
    goMods: [],
    dockerfiles: [],
    workflows: [],
    versionFiles: [],
    runFiles: [],
  };
  const out: Finding[] = [];
  for (const [i, { lang, code }] of blocks(text).entries()) {
    if (lang === "go") {
      out.push(
        ...analyzeDeferInLoop({ path: "example.go", text: code }, await loadGoParser()).findings,
        ...analyzeGoDebugSetenv({ path: "main.go", text: code }).findings,
      );
    }
    // Run sites: a Compose file, a manifest, a systemd unit, a launch script.
    else if (lang === "yaml" && /^services:/m.test(code))
      inputs.runFiles!.push({ path: "compose.yaml", text: code });
    else if (lang === "yaml" && /^kind:/m.test(code))
      inputs.runFiles!.push({ path: `deploy/manifest-${i}.yaml`, text: code });
    else if (lang === "ini") inputs.runFiles!.push({ path: "deploy/app.service", text: code });
    else if (lang === "sh") inputs.runFiles!.push({ path: `start-${i}.sh`, text: code });
    else if (lang === "dockerfile") inputs.dockerfiles.push({ path: "Dockerfile", text: code });
    else if (lang === "go-mod") inputs.goMods.push({ path: "go.mod", text: code });
    else if (lang === "yaml")
      inputs.workflows.push({ path: ".github/workflows/build.yml", text: code });
  }
  out.push(...analyzeBuilds(inputs, { today: TODAY }).findings);
  return out;
}

describe("rule documentation", () => {
  for (const rule of RULES) {
    it(`docs/rules/${rule.id}.md has the fixed headings and examples that behave as documented`, async () => {
      const doc = readFileSync(join(ROOT, "docs", "rules", `${rule.id}.md`), "utf8");
      assert.ok(doc.startsWith(`# ${rule.id}\n`));
      let last = -1;
      for (const h of HEADINGS) {
        const at = doc.indexOf(`\n${h}\n`);
        assert.ok(at > last, `${h} missing or out of order`);
        last = at;
      }
      const bad = await findingsOf(section(doc, "## Bad"));
      assert.ok(
        bad.some((f) => f.rule === rule.id),
        `Bad example gives no ${rule.id}: ${JSON.stringify(bad.map((f) => f.rule))}`,
      );
      const good = await findingsOf(section(doc, "## Good"));
      assert.deepEqual(
        good.filter((f) => f.rule === rule.id),
        [],
        "Good example gives a finding",
      );
    });
  }

  it("README lists every rule with a link to its page", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    for (const rule of RULES)
      assert.ok(readme.includes(`| [${rule.id}](docs/rules/${rule.id}.md) |`), rule.id);
  });

  it("the version matches package.json", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
    assert.equal(VERSION, pkg.version);
  });
});
