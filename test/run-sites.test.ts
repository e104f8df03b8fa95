// Run sites: each format's reading, precedence and fixes. A fix must leave a file that parses to
// the intended value: YAML is parsed again with the yaml package, not with our readers.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { parse, parseAllDocuments } from "yaml";
import { analyzeBuilds } from "../src/analyzers/runtime/rules.ts";
import { readRunSites } from "../src/analyzers/runtime/run/formats.ts";
import { interpolate } from "../src/analyzers/runtime/run/compose.ts";
import {
  analyzeGoDebugSetenv,
  mayHaveGoDebugSetenv,
} from "../src/analyzers/runtime/run/go-setenv.ts";
import { imageName } from "../src/analyzers/runtime/run/site.ts";
import type { RepoFile } from "../src/analyzers/analyzer.ts";
import type { Finding } from "../src/findings.ts";
import { applyEdits, toBuildInputs } from "./helpers/container-fixture.ts";
import { loadFullDockerfileParser } from "../src/analyzers/dockerfile.ts";

// dockerfile-ast, for the Dockerfiles the fast tokenizer leaves (a run loads it on demand).
await loadFullDockerfileParser();

const today = new Date("2026-09-01T00:00:00Z");

const DOCKERFILE = `FROM golang:1.14 AS build
WORKDIR /src
COPY . .
RUN go build -o /app .

FROM alpine:3.19
COPY --from=build /app /app
ENTRYPOINT ["/app"]
`;
const GOMOD = "module example.com/app\n\ngo 1.14\n";
const WORKFLOW = `on: push
jobs:
  image:
    runs-on: ubuntu-latest
    steps:
      - run: docker build -t ghcr.io/acme/app:latest .
`;

function repo(extra: Record<string, string>): RepoFile[] {
  const files: Record<string, string> = {
    "go.mod": GOMOD,
    Dockerfile: DOCKERFILE,
    ".github/workflows/image.yml": WORKFLOW,
    ...extra,
  };
  return Object.entries(files).map(([path, text]) => ({ path, text }));
}

function analyze(files: RepoFile[]): Finding[] {
  return analyzeBuilds(toBuildInputs(files), { today }).findings.filter(
    (f) => f.rule !== "go-unsupported",
  );
}

/** Applies the fix whose description matches and returns the changed files' texts. */
function applyFix(files: RepoFile[], f: Finding, description: RegExp): RepoFile[] {
  const fix = f.fixes.find((x) => description.test(x.description));
  assert.ok(
    fix,
    `a fix matching ${description} among ${f.fixes.map((x) => x.description).join(" | ")}`,
  );
  return files.map((file) => {
    const edits = fix.edits.filter((e) => e.file === file.path);
    return edits.length ? { path: file.path, text: applyEdits(file.text, edits) } : file;
  });
}

function text(files: RepoFile[], path: string): string {
  return files.find((f) => f.path === path)!.text;
}

/** The env of a container as Kubernetes reads it, from the fixed file parsed by `yaml`. */
function containerEnv(yamlText: string, container: string): Record<string, string> {
  for (const doc of parseAllDocuments(yamlText)) {
    assert.deepEqual(doc.errors, [], "the fixed file parses");
    const js = doc.toJS() as { spec?: { template?: { spec?: { containers?: unknown[] } } } };
    for (const c of js.spec?.template?.spec?.containers ?? []) {
      const cc = c as { name: string; env?: { name: string; value: string }[] };
      if (cc.name !== container) continue;
      return Object.fromEntries((cc.env ?? []).map((e) => [e.name, e.value]));
    }
  }
  throw new Error(`no container ${container}`);
}

const deployment = (containerBody: string): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: app
          image: ghcr.io/acme/app:1.0
${containerBody}        - name: sidecar
          image: ghcr.io/acme/app:1.0
          env:
            - name: GODEBUG
              value: madvdontneed=1
`;

test("Kubernetes: a container without env gets env: with GODEBUG, at its own indentation", () => {
  const files = repo({
    "k8s/deploy.yaml": deployment("          ports:\n            - containerPort: 80\n"),
  });
  const [f, ...rest] = analyze(files);
  assert.deepEqual(rest, []);
  assert.equal(`${f?.rule} ${f?.file}:${f?.line}`, "madv-free-build k8s/deploy.yaml:10");
  const fixed = applyFix(files, f!, /container app/);
  assert.deepEqual(containerEnv(text(fixed, "k8s/deploy.yaml"), "app"), {
    GODEBUG: "madvdontneed=1",
  });
  assert.deepEqual(containerEnv(text(fixed, "k8s/deploy.yaml"), "sidecar"), {
    GODEBUG: "madvdontneed=1",
  });
  assert.deepEqual(analyze(fixed), []);
});

test("Kubernetes: an env list in compact style gets the entry in the same style", () => {
  const body = '          env:\n          - name: PORT\n            value: "80"\n';
  const files = repo({ "k8s/deploy.yaml": deployment(body) });
  const [f] = analyze(files);
  const fixed = applyFix(files, f!, /container app/);
  assert.deepEqual(containerEnv(text(fixed, "k8s/deploy.yaml"), "app"), {
    GODEBUG: "madvdontneed=1",
    PORT: "80",
  });
  assert.match(
    text(fixed, "k8s/deploy.yaml"),
    /\n {10}- name: GODEBUG\n {12}value: madvdontneed=1\n {10}- name: PORT\n/,
  );
});

test("Kubernetes: an existing quoted value keeps its settings and its quotes", () => {
  const body =
    '          env:\n            - name: GODEBUG\n              value: "gctrace=1, madvdontneed=1"\n';
  const files = repo({ "k8s/deploy.yaml": deployment(body) });
  const findings = analyze(files);
  assert.deepEqual(
    findings.map((f) => `${f.rule} ${f.file}:${f.line}`),
    ["godebug-ignored k8s/deploy.yaml:12"],
  );
  const fixed = applyFix(files, findings[0]!, /GODEBUG of container app/);
  assert.match(text(fixed, "k8s/deploy.yaml"), /value: "gctrace=1,madvdontneed=1"\n/);
  assert.deepEqual(containerEnv(text(fixed, "k8s/deploy.yaml"), "app"), {
    GODEBUG: "gctrace=1,madvdontneed=1",
  });
});

test("Kubernetes: $(VAR) expands from earlier entries; a later duplicate wins", () => {
  const body =
    "          env:\n            - name: BASE\n              value: gctrace=1\n            - name: GODEBUG\n              value: $(BASE),madvdontneed=1\n";
  const files = repo({ "k8s/deploy.yaml": deployment(body) });
  assert.deepEqual(analyze(files), []);
  const dup = `${body}            - name: GODEBUG\n              value: $(BASE)\n`;
  assert.deepEqual(
    analyze(repo({ "k8s/deploy.yaml": deployment(dup) })).map(
      (f) => `${f.rule} ${f.file}:${f.line}`,
    ),
    ["madv-free-build k8s/deploy.yaml:16"],
    "the second GODEBUG entry replaces the first: this site lacks it, the sidecar has it",
  );
});

test("Kubernetes: a ConfigMap value is fixed where it is written", () => {
  const files = repo({
    "k8s/deploy.yaml": deployment(
      "          envFrom:\n            - configMapRef:\n                name: app-env\n",
    ),
    "k8s/cm.yaml":
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app-env\ndata:\n  GODEBUG: 'gctrace=1'\n",
  });
  const [f, ...rest] = analyze(files);
  assert.deepEqual(rest, []);
  assert.equal(`${f?.rule} ${f?.file}:${f?.line}`, "madv-free-build k8s/cm.yaml:6");
  assert.ok(f?.evidence.some((e) => e.file === "k8s/deploy.yaml" && e.line === 12));
  const fixed = applyFix(files, f!, /GODEBUG of container app/);
  const cm = parse(text(fixed, "k8s/cm.yaml")) as { data: Record<string, string> };
  assert.equal(cm.data.GODEBUG, "gctrace=1,madvdontneed=1");
  assert.deepEqual(analyze(fixed), []);
});

test("Kubernetes: a Secret's or missing ConfigMap's envFrom is unknown, not unset", () => {
  for (const ref of [
    "secretRef:\n                name: s",
    "configMapRef:\n                name: elsewhere",
  ]) {
    const sites = readRunSites(
      [{ path: "k.yaml", text: deployment(`          envFrom:\n            - ${ref}\n`) }],
      [],
    ).sites;
    assert.equal(sites[0]?.godebug.kind, "unknown");
  }
});

test("Compose: map, list and missing environment each get GODEBUG in the file's style", () => {
  const cases: [string, string][] = [
    ['services:\n  api:\n    build: .\n    environment:\n      PORT: "80"\n', "map"],
    ["services:\n  api:\n    build: .\n    environment:\n      - PORT=80\n", "list"],
    ["services:\n  api:\n    image: ghcr.io/acme/app\n    build: .\n", "none"],
  ];
  for (const [compose, style] of cases) {
    const files = repo({ "compose.yaml": compose });
    const [f, ...rest] = analyze(files);
    assert.deepEqual(rest, [], style);
    assert.equal(`${f?.rule} ${f?.file}`, "madv-free-build Dockerfile", style);
    const fixed = applyFix(files, f!, /Compose service api/);
    const js = parse(text(fixed, "compose.yaml")) as {
      services: { api: { environment: Record<string, string> | string[] } };
    };
    const env = js.services.api.environment;
    if (style === "list") assert.ok(Array.isArray(env) && env.includes("GODEBUG=madvdontneed=1"));
    else assert.equal((env as Record<string, string>).GODEBUG, "madvdontneed=1", style);
    assert.deepEqual(analyze(fixed), [], style);
  }
});

test("Compose interpolation: defaults are taken, bare variables are unknown, $$ is a dollar", () => {
  assert.equal(interpolate("${GODEBUG:-madvdontneed=1}"), "madvdontneed=1");
  assert.equal(interpolate("${GODEBUG-x},y"), "x,y");
  assert.equal(interpolate("${GODEBUG}"), undefined);
  assert.equal(interpolate("$GODEBUG"), undefined);
  assert.equal(interpolate("${GODEBUG:?need it}"), undefined);
  assert.equal(interpolate("a$$b"), "a$b");
});

test("systemd: Environment= goes into [Service]; an env wrapper in ExecStart= wins", () => {
  const unit = "[Unit]\nDescription=x\n\n[Service]\nExecStart=/usr/local/bin/app\n";
  const files = repo({ "deploy/app.service": unit });
  const [f] = analyze(files);
  assert.equal(`${f?.rule} ${f?.file}:${f?.line}`, "madv-free-build Dockerfile:1");
  const fixed = applyFix(files, f!, /systemd unit/);
  assert.equal(
    text(fixed, "deploy/app.service"),
    "[Unit]\nDescription=x\n\n[Service]\nEnvironment=GODEBUG=madvdontneed=1\nExecStart=/usr/local/bin/app\n",
  );
  const wrapped = repo({
    "deploy/app.service":
      "[Service]\nEnvironment=GODEBUG=gctrace=1\nExecStart=/usr/bin/env GODEBUG=madvdontneed=1 /usr/local/bin/app\n",
  });
  assert.deepEqual(analyze(wrapped), []);
  const pre = repo({
    "deploy/app.service":
      "[Service]\nExecStartPre=/usr/bin/env GODEBUG=madvdontneed=1 /usr/local/bin/app migrate\nExecStart=/usr/local/bin/app\n",
  });
  assert.deepEqual(
    analyze(pre).map((x) => `${x.rule} ${x.file}:${x.line}`),
    ["madv-free-build Dockerfile:1", "godebug-not-at-runtime deploy/app.service:2"],
  );
});

test("scripts: the prefix goes before exec; an export after the run line does not count", () => {
  const files = repo({
    Dockerfile: DOCKERFILE.replace(
      'ENTRYPOINT ["/app"]',
      'COPY run.sh /run.sh\nENTRYPOINT ["/run.sh"]',
    ),
    "run.sh": '#!/bin/sh\nset -e\nexec /app "$@"\nexport GODEBUG=madvdontneed=1\n',
  });
  const [f, ...rest] = analyze(files);
  assert.deepEqual(rest, []);
  assert.equal(`${f?.rule} ${f?.file}:${f?.line}`, "madv-free-build Dockerfile:1");
  const fixed = applyFix(files, f!, /script run\.sh/);
  assert.equal(
    text(fixed, "run.sh"),
    '#!/bin/sh\nset -e\nGODEBUG=madvdontneed=1 exec /app "$@"\nexport GODEBUG=madvdontneed=1\n',
  );
  assert.deepEqual(analyze(fixed), []);
});

test("Helm: a chart without env gets one; a value from values.yaml is fixed there", () => {
  const chart = (env: string): Record<string, string> => ({
    "chart/Chart.yaml": "apiVersion: v2\nname: app\nversion: 1.0.0\n",
    "chart/values.yaml": "godebug: gctrace=1\n",
    "chart/templates/deploy.yaml": `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}
spec:
  template:
    spec:
      containers:
        - name: app
          image: "{{ .Values.image }}"
${env}`,
  });
  const bare = repo(chart(""));
  const [f] = analyze(bare);
  assert.equal(`${f?.rule} ${f?.file}:${f?.line}`, "madv-free-build Dockerfile:1");
  const fixed = applyFix(bare, f!, /Helm template/);
  assert.match(
    text(fixed, "chart/templates/deploy.yaml"),
    /image: "\{\{ \.Values\.image \}\}"\n {10}env:\n {12}- name: GODEBUG\n {14}value: madvdontneed=1\n$/,
  );
  const withValue = repo(
    chart(
      "          env:\n            - name: GODEBUG\n              value: {{ .Values.godebug }}\n",
    ),
  );
  const [g] = analyze(withValue);
  assert.equal(`${g?.rule} ${g?.file}:${g?.line}`, "madv-free-build Dockerfile:1");
  assert.ok(g?.evidence.some((e) => e.file === "chart/values.yaml" && e.line === 1));
  const fixedValue = applyFix(withValue, g!, /Helm template/);
  assert.equal(text(fixedValue, "chart/values.yaml"), "godebug: gctrace=1,madvdontneed=1\n");
});

test("images of other projects never link, not even in a one-build repository", () => {
  const files = repo({
    "k8s/db.yaml": deployment("").replace(/ghcr\.io\/acme\/app:1\.0/g, "postgres:16"),
  });
  const [f] = analyze(files);
  assert.equal(`${f?.rule} ${f?.file}:${f?.line}`, "madv-free-build Dockerfile:1");
  assert.ok(!f?.evidence.some((e) => e.file === "k8s/db.yaml"));
  assert.equal(imageName("registry.example.com:5000/team/app:v1@sha256:abc"), "team/app");
  assert.equal(imageName("docker.io/library/redis:7"), "redis");
});

test("bad YAML is an error entry naming file and line; a template is skipped silently", () => {
  const r = analyzeBuilds(
    toBuildInputs(
      repo({
        "k8s/bad.yaml": "kind: Deployment\ncontainers:\n  - name: [a\n",
        "k8s/tmpl.yaml": "containers:\n{{ range .x }}\n  - {{ . }}\n",
      }),
    ),
    { today },
  );
  assert.deepEqual(
    r.errors.map((e) => `${e.file}:${e.line}`),
    ["k8s/bad.yaml:4"],
  );
});

test("run-site readers never throw on arbitrary text", () => {
  const name = fc.constantFrom(
    "k8s/a.yaml",
    "compose.yaml",
    "docker-compose.yml",
    "x.service",
    "run.sh",
    "chart/templates/d.yaml",
    "chart/Chart.yaml",
    "chart/values.yaml",
  );
  const piece = fc.constantFrom(
    "containers:\n",
    "  - name: a\n",
    "    image: x\n",
    "    env:\n",
    "      - name: GODEBUG\n",
    "        value: madvdontneed=1\n",
    "    envFrom:\n      - configMapRef:\n          name: c\n",
    "services:\n  a:\n    environment:\n      - GODEBUG\n",
    "[Service]\nExecStart=\n",
    'Environment=GODEBUG="a b\n',
    "export GODEBUG=madvdontneed=1\nexec ./a\n",
    "kind: ConfigMap\ndata:\n  GODEBUG: x\n",
    "{{ .Values.x }}\n",
    "\t- : [\n",
  );
  fc.assert(
    fc.property(
      fc.array(
        fc.record({
          path: name,
          text: fc
            .array(fc.oneof(piece, fc.string({ maxLength: 20 })), { maxLength: 8 })
            .map((a) => a.join("")),
        }),
        { maxLength: 4 },
      ),
      (files) => {
        analyzeBuilds(toBuildInputs([...repo({}), ...files]), { today });
      },
    ),
    { numRuns: 300 },
  );
});

test("--target in docker build and build-push-action makes those stages the images", () => {
  const dockerfile = `FROM golang:1.14 AS build
WORKDIR /src
COPY . .
RUN go build -o /app .

FROM alpine:3.19 AS prod
ENV GODEBUG=madvdontneed=1
COPY --from=build /app /app
ENTRYPOINT ["/app"]

FROM alpine:3.19 AS debug
COPY --from=build /app /app
ENTRYPOINT ["/app"]
`;
  const viaRun = repo({
    Dockerfile: dockerfile,
    ".github/workflows/image.yml": WORKFLOW.replace(
      "docker build -t",
      "docker build --target prod -t",
    ),
  });
  assert.deepEqual(analyze(viaRun), [], "the prod stage sets it");
  const untargeted = repo({ Dockerfile: dockerfile });
  assert.deepEqual(
    analyze(untargeted).map((f) => `${f.rule} ${f.file}:${f.line}`),
    ["madv-free-build Dockerfile:1", "godebug-not-at-runtime Dockerfile:7"],
    "without a target the last stage is the image, and prod's ENV does not reach it",
  );
  const viaAction = repo({
    Dockerfile: dockerfile,
    ".github/workflows/image.yml":
      "on: push\njobs:\n  i:\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          target: prod\n          tags: ghcr.io/acme/app:latest\n",
    "k8s/deploy.yaml": deployment(""),
  });
  assert.deepEqual(analyze(viaAction), []);
});

test("Skaffold and ko:// name images; Compose build.args is not the runtime environment", () => {
  const skaffold = repo({
    ".github/workflows/image.yml": "on: push\njobs: {}\n",
    "skaffold.yaml":
      "apiVersion: skaffold/v4beta6\nkind: Config\nmetadata:\n  name: base\n---\napiVersion: skaffold/v4beta6\nkind: Config\nbuild:\n  artifacts:\n    - image: ghcr.io/acme/app\n      docker:\n        dockerfile: Dockerfile\n",
    "k8s/deploy.yaml": deployment("").replace(
      /ghcr\.io\/acme\/app:1\.0/g,
      "registry.local/acme/app",
    ),
  });
  const s = analyze(skaffold);
  assert.deepEqual(
    s.map((f) => `${f.rule} ${f.file}:${f.line}`),
    ["madv-free-build k8s/deploy.yaml:10"],
  );
  assert.ok(s[0]?.evidence.some((e) => e.file === "skaffold.yaml" && /Skaffold/.test(e.message)));
  const ko = [
    { path: "go.mod", text: GOMOD },
    { path: ".go-version", text: "1.14.15\n" },
    {
      path: "k8s/deploy.yaml",
      text: deployment("").replace(/ghcr\.io\/acme\/app:1\.0/g, "ko://example.com/app/cmd/server"),
    },
  ];
  assert.deepEqual(
    analyze(ko).map((f) => `${f.rule} ${f.file}:${f.line}`),
    ["madv-free-build k8s/deploy.yaml:10"],
  );
  const args = repo({
    "compose.yaml":
      "services:\n  api:\n    build:\n      context: .\n      args:\n        GODEBUG: madvdontneed=1\n",
  });
  assert.deepEqual(
    analyze(args).map((f) => `${f.rule} ${f.file}:${f.line}`),
    ["madv-free-build Dockerfile:1", "godebug-not-at-runtime compose.yaml:6"],
  );
});

test("a distribution's program and a script that sets GODEBUG only for go are not run sites of the build", () => {
  const files = repo({
    "deploy/app.service":
      "[Service]\nEnvironment=GODEBUG=madvdontneed=1\nExecStart=/usr/local/bin/app\n",
    "deploy/nginx.service": "[Service]\nExecStart=/usr/sbin/nginx -g 'daemon off;'\n",
    "scripts/bench.sh":
      "#!/bin/sh\nGODEBUG=gctrace=1 go test -bench . ./...\nbenchstat old.txt new.txt\n",
  });
  assert.deepEqual(analyze(files), [], "only app.service links, and it sets madvdontneed=1");
  const sites = readRunSites(toBuildInputs(files).runFiles ?? [], []).sites;
  assert.deepEqual(
    sites.map((s) => s.file),
    ["deploy/app.service", "deploy/nginx.service"],
  );
});

test("a VM's unit without GODEBUG beside an image that sets it gets the finding at the unit", () => {
  const files = repo({
    Dockerfile: DOCKERFILE.replace(
      "FROM alpine:3.19\n",
      "FROM alpine:3.19\nENV GODEBUG=madvdontneed=1\n",
    ),
    "deploy/app.service": "[Unit]\nDescription=app\n\n[Service]\nExecStart=/usr/local/bin/app\n",
  });
  const findings = analyze(files);
  assert.deepEqual(
    findings.map((f) => `${f.rule} ${f.file}:${f.line}`),
    ["madv-free-build deploy/app.service:5"],
  );
  assert.match(findings[0]!.message, /while the image \(Dockerfile\) sets madvdontneed=1/);
  assert.ok(findings[0]!.evidence.some((e) => e.file === "Dockerfile" && e.line === 7));
  const fixed = applyFix(files, findings[0]!, /systemd unit/);
  assert.deepEqual(analyze(fixed), []);
});

test("two services' entrypoint.sh each count for the Dockerfile beside them", () => {
  const df = DOCKERFILE.replace(
    'ENTRYPOINT ["/app"]',
    'COPY entrypoint.sh /\nENTRYPOINT ["/entrypoint.sh"]',
  );
  const files = repo({
    Dockerfile: "",
    "api/Dockerfile": df,
    "worker/Dockerfile": df,
    "api/entrypoint.sh": "#!/bin/sh\nexport GODEBUG=madvdontneed=1\nexec /app\n",
    "worker/entrypoint.sh": "#!/bin/sh\nexec /app\n",
  }).filter((f) => f.path !== "Dockerfile");
  assert.deepEqual(
    analyze(files).map((f) => `${f.rule} ${f.file}:${f.line}`),
    ["madv-free-build worker/Dockerfile:1"],
  );
});

test("a kustomize patch without image links in a one-build repository", () => {
  const patch = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: app
          env:
            - name: GODEBUG
              value: gctrace=1
`;
  const files = repo({
    Dockerfile: DOCKERFILE.replace(
      "FROM alpine:3.19\n",
      "FROM alpine:3.19\nENV GODEBUG=madvdontneed=1\n",
    ),
    "deploy/overlays/prod/patch.yaml": patch,
  });
  const findings = analyze(files);
  assert.deepEqual(
    findings.map((f) => `${f.rule} ${f.file}:${f.line}`),
    ["godebug-overridden deploy/overlays/prod/patch.yaml:11"],
  );
  assert.ok(findings[0]!.evidence.some((e) => /names no image/.test(e.message)));
});

test("Helm: an image written from values.yaml is resolved, so another project's image does not link", () => {
  const files = repo({
    "chart/Chart.yaml": "apiVersion: v2\nname: app\nversion: 1.0.0\n",
    "chart/values.yaml": "image:\n  repository: ghcr.io/acme/app\nredis:\n  repository: redis\n",
    "chart/templates/app.yaml":
      'kind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: "{{ .Values.image.repository }}:{{ .Chart.AppVersion }}"\n          env:\n            - name: GODEBUG\n              value: madvdontneed=1\n',
    "chart/templates/redis.yaml":
      'kind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - name: redis\n          image: "{{ $.Values.redis.repository }}:{{ .Chart.AppVersion }}"\n',
  });
  assert.deepEqual(analyze(files), [], "app links by name and sets it; redis does not link");
});

test("fixes keep a manifest's CRLF line endings", () => {
  const crlf = deployment("").replace(/\n/g, "\r\n");
  const files = repo({ "k8s/deploy.yaml": crlf });
  const [f] = analyze(files);
  const fixed = text(applyFix(files, f!, /container app/), "k8s/deploy.yaml");
  assert.ok(!/[^\r]\n/.test(fixed), "every inserted line ends with CRLF");
  assert.deepEqual(containerEnv(fixed, "app"), { GODEBUG: "madvdontneed=1" });
});

test("many manifests running one image: ten are named in the evidence, the rest counted", () => {
  const extra: Record<string, string> = {};
  for (let i = 0; i < 14; i++)
    extra[`k8s/d${String(i).padStart(2, "0")}.yaml`] = deployment("").replace(
      /          env:\n            - name: GODEBUG\n              value: madvdontneed=1\n/,
      "",
    );
  const [f, ...rest] = analyze(repo(extra));
  assert.deepEqual(rest, []);
  assert.equal(`${f?.rule} ${f?.file}:${f?.line}`, "madv-free-build Dockerfile:1");
  // 14 files with two containers each: 28 sites.
  assert.equal(f!.evidence.filter((e) => / starts the binary with /.test(e.message)).length, 10);
  assert.ok(
    f!.evidence.some(
      (e) => e.message === "and 18 more run sites that start it without madvdontneed=1",
    ),
  );
  assert.match(f!.message, / and 25 more\)/);
});

test("kustomize images newName renames a manifest's image before linking", () => {
  const files = [
    { path: "go.mod", text: GOMOD },
    { path: "api/Dockerfile", text: DOCKERFILE },
    { path: "worker/Dockerfile", text: DOCKERFILE },
    {
      path: ".github/workflows/image.yml",
      text: "on: push\njobs:\n  i:\n    steps:\n      - run: docker build -t ghcr.io/acme/api -f api/Dockerfile .\n      - run: docker build -t ghcr.io/acme/worker -f worker/Dockerfile .\n",
    },
    {
      path: "k8s/base/deploy.yaml",
      text: deployment(
        "          env:\n            - name: GODEBUG\n              value: madvdontneed=1\n",
      ).replace(/ghcr\.io\/acme\/app:1\.0/g, "api"),
    },
    {
      path: "k8s/base/kustomization.yaml",
      text: "resources:\n  - deploy.yaml\nimages:\n  - name: api\n    newName: ghcr.io/acme/api\n    newTag: v1\n",
    },
  ];
  const findings = analyze(files);
  assert.deepEqual(
    findings.map((f) => `${f.rule} ${f.file}:${f.line}`),
    ["madv-free-build worker/Dockerfile:1"],
    "api is linked through the rename and fixed there; worker runs nowhere known",
  );
});

test("systemd drop-ins apply after the unit: an override.conf GODEBUG replaces the unit's", () => {
  const unit = "[Service]\nEnvironment=GODEBUG=madvdontneed=1\nExecStart=/usr/local/bin/app\n";
  const ok = repo({ "deploy/app.service": unit });
  assert.deepEqual(analyze(ok), []);
  const files = repo({
    "deploy/app.service": unit,
    "deploy/app.service.d/override.conf": "[Service]\nEnvironment=GODEBUG=gctrace=1\n",
  });
  const [f, ...rest] = analyze(files);
  assert.deepEqual(rest, []);
  assert.equal(`${f?.rule} ${f?.file}:${f?.line}`, "madv-free-build Dockerfile:1");
  assert.ok(
    f?.evidence.some((e) => e.file === "deploy/app.service.d/override.conf" && e.line === 2),
  );
  const fixed = applyFix(files, f!, /systemd unit/);
  assert.equal(
    text(fixed, "deploy/app.service.d/override.conf"),
    "[Service]\nEnvironment=GODEBUG=gctrace=1,madvdontneed=1\n",
  );
  assert.deepEqual(analyze(fixed), []);
});

test("os.Setenv in a main package is too late, unless the program re-executes itself", () => {
  const main =
    'package main\n\nimport "os"\n\nfunc main() {\n\tos.Setenv("GODEBUG", "madvdontneed=1")\n}\n';
  assert.ok(mayHaveGoDebugSetenv(main));
  assert.deepEqual(
    analyzeGoDebugSetenv({ path: "main.go", text: main }).findings.map((f) => [
      f.rule,
      f.line,
      f.column,
    ]),
    [["godebug-set-too-late", 6, 2]],
  );
  const reexec = main
    .replace('"os"', '"os"\n\t"syscall"')
    .replace("}\n", "\tsyscall.Exec(os.Args[0], os.Args, os.Environ())\n}\n");
  assert.deepEqual(analyzeGoDebugSetenv({ path: "main.go", text: reexec }).findings, []);
  const lib = main.replace("package main", "package server");
  assert.deepEqual(analyzeGoDebugSetenv({ path: "server.go", text: lib }).findings, []);
});
