// The published package: `npm pack`, installed into an empty folder with no registry to reach,
// runs its `gomemcheck` bin on a fixture. Proves dist/ is self-contained (no dependencies).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";

const ROOT = join(import.meta.dirname, "..");
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));

describe("package.json", () => {
  it("is publishable and declares no runtime dependencies: dist/ bundles them", () => {
    assert.equal(pkg.private, undefined);
    assert.equal(pkg.dependencies, undefined);
    assert.deepEqual(pkg.files, ["dist", "action.yml", "README.md", "LICENSE", "docs/rules"]);
    assert.equal(pkg.bin.gomemcheck, "dist/cli.js");
    assert.match(readFileSync(join(ROOT, "LICENSE"), "utf8"), /^MIT License/);
  });
});

describe("release workflow", () => {
  it("on a version tag checks the tag, dist/ and the tests, then moves the major tag", async () => {
    const { parse } = await import("yaml");
    const wf = parse(readFileSync(join(ROOT, ".github", "workflows", "release.yml"), "utf8"));
    assert.deepEqual(wf.on, { push: { tags: ["v[0-9]+.[0-9]+.[0-9]+*"] } });
    const steps = wf.jobs.release.steps as { name?: string; run?: string; if?: string }[];
    const run = (name: string) => steps.find((s) => s.name === name);
    assert.match(run("The tag names package.json's version")?.run ?? "", /"v\$version"/);
    assert.match(run("dist/ equals a fresh build")?.run ?? "", /git diff --exit-code -- dist/);
    assert.ok(steps.some((s) => s.run === "npm test"));
    const move = run("Move the major tag")!;
    assert.match(move.run ?? "", /major="\$\{GITHUB_REF_NAME%%\.\*\}"/);
    assert.match(move.run ?? "", /git push -f origin "refs\/tags\/\$major"/);
    assert.equal(move.if, "${{ !contains(github.ref_name, '-') }}");
    // The README's `uses:` lines name the tag this workflow moves.
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    assert.match(readme, /uses: gomemcheck\/gomemcheck@v0/);
    assert.match(readme, /release\.yml/);
  });
});

describe("npm pack, installed offline", () => {
  const tmp = mkdtempSync(join(tmpdir(), "gmc-pack-"));
  after(() => rmSync(tmp, { recursive: true, force: true }));
  const npm = (args: string[], cwd: string) =>
    spawnSync("npm", args, {
      cwd,
      encoding: "utf8",
      // An empty cache and a registry on a closed loopback port: any fetch would fail the install.
      env: {
        ...process.env,
        npm_config_cache: join(tmp, "cache"),
        npm_config_registry: "http://127.0.0.1:9/",
        npm_config_offline: "true",
        npm_config_audit: "false",
        npm_config_fund: "false",
        npm_config_update_notifier: "false",
      },
    });

  it("installs as one package with no dependencies and its bin reports a fixture's findings", () => {
    const packed = npm(["pack", "--json", "--pack-destination", tmp], ROOT);
    assert.equal(packed.status, 0, packed.stderr);
    const info = JSON.parse(packed.stdout)[0] as { filename: string; files: { path: string }[] };
    const paths = info.files.map((f) => f.path).sort();
    for (const p of ["LICENSE", "README.md", "action.yml", "dist/cli.js", "dist/index.js"])
      assert.ok(paths.includes(p), `${p} missing from the tarball: ${paths.join(" ")}`);
    for (const p of ["dist/tree-sitter-go.wasm", "dist/web-tree-sitter.wasm", "dist/worker.js"])
      assert.ok(paths.includes(p), `${p} missing from the tarball`);
    assert.ok(paths.includes("docs/rules/defer-in-loop.md"));
    assert.deepEqual(
      paths.filter((p) => /^(src|test|node_modules|bench|examples)\//.test(p)),
      [],
    );

    const app = join(tmp, "app");
    mkdirSync(app);
    writeFileSync(join(app, "package.json"), '{ "name": "app", "private": true }\n');
    const installed = npm(["install", "--no-save", join(tmp, info.filename)], app);
    assert.equal(installed.status, 0, installed.stderr);
    assert.deepEqual(
      readdirSync(join(app, "node_modules")).filter((n) => !n.startsWith(".")),
      ["gomemcheck"],
    );

    const fixture = join(tmp, "svc");
    mkdirSync(fixture);
    writeFileSync(
      join(fixture, "main.go"),
      'package main\n\nimport "sync"\n\nvar mu sync.Mutex\n\nfunc main() {\n\tfor {\n\t\tmu.Lock()\n\t\tdefer mu.Unlock()\n\t}\n}\n',
    );
    const bin = join(app, "node_modules", ".bin", "gomemcheck");
    const r = spawnSync(bin, [fixture, "--format", "json"], { encoding: "utf8", cwd: app });
    assert.equal(r.status, 1, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.deepEqual(
      doc.findings.map((f: { rule: string; file: string; line: number }) => [
        f.rule,
        f.file,
        f.line,
      ]),
      [["defer-in-loop", "main.go", 10]],
    );
  });
});
