// Linking run sites to what the repository builds: image names (Compose `image` beside `build`,
// `docker build -t`, docker/build-push-action `tags`, Skaffold artifacts, `ko://` import paths)
// and binary names (a main package's folder, `go build -o NAME`). Every link says how it was made.
import { isMap, isSeq } from "yaml";
import { readYamlDocument, readYamlDocuments } from "./yaml-read.ts";
import type { RepoFile } from "../analyzer.ts";
import type { DockerfileModel } from "../dockerfile.ts";
import type { GoMod } from "../gomod.ts";
import type { BuildUnit, DockerfileTargets } from "./build/build-go.ts";
import { isComposePath } from "./run/kubernetes.ts";
import {
  basename,
  continued,
  dirname,
  imageName,
  isPlaceholder,
  joinPath,
  Positions,
  type RunSite,
} from "./run/site.ts";
import { splitWords } from "./run/systemd.ts";
import { getIn, mapsOf, scalarOf, stringAt } from "./run/yaml-nodes.ts";

export interface NameSource {
  file: string;
  line: number;
  how: string;
}

export interface Build {
  unit: BuildUnit;
  /** Image names (registry, tag and digest removed) the repository builds from this unit. */
  images: Map<string, NameSource>;
  binaries: Map<string, NameSource>;
}

export interface Link {
  build: Build;
  /** The Dockerfile stage the site runs, when the site says (Compose build.target). */
  stage: string | undefined;
  /** "image acme/api, built by docker build -t in Makefile:3". */
  how: string;
  file: string;
  line: number;
}

export interface DockerBuild {
  dockerfile: string;
  /** For ko (no Dockerfile): the folder whose module builds the image. */
  koDir?: string;
  tags: string[];
  target: string | undefined;
  source: NameSource;
}

/** `docker build` / `docker buildx build` commands in a shell-like text (workflow `run:`, Makefile). */
function dockerBuildCommands(file: RepoFile): DockerBuild[] {
  const out: DockerBuild[] = [];
  if (!file.text.includes("docker") || !/\bbuild\b/.test(file.text)) return out;
  const lines = file.text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const first = i;
    const joined = continued(lines, i);
    const line = joined.text;
    i = joined.lastRow;
    const m = /\bdocker\s+(?:buildx\s+)?build\s+(.*)$/.exec(line);
    if (!m) continue;
    const words = splitWords((m[1] ?? "").replace(/[;&|].*$/, "")).map((w) => w.word);
    const tags: string[] = [];
    let dockerfile: string | undefined;
    let target: string | undefined;
    let context: string | undefined;
    for (let k = 0; k < words.length; k++) {
      const w = words[k]!;
      const opt = /^(-t|--tag|-f|--file|--target)(?:=(.*))?$/.exec(w);
      if (opt) {
        const v = opt[2] ?? words[++k] ?? "";
        if (opt[1] === "-t" || opt[1] === "--tag") tags.push(v);
        else if (opt[1] === "--target") target = v;
        else dockerfile = v;
      } else if (/^--?[a-z]/.test(w)) {
        if (
          !w.includes("=") &&
          /^--(build-arg|platform|label|cache-from|cache-to|secret|ssh|output|progress|network|add-host)$/.test(
            w,
          )
        )
          k++;
        else if (/^-[a-z]$/.test(w) && w !== "-q") k++;
      } else context = w;
    }
    const ctxDir =
      joinPath(
        dirname(file.path).startsWith(".github") ? "" : dirname(file.path),
        context ?? ".",
      ) ?? "";
    const df =
      dockerfile !== undefined
        ? (joinPath(
            dirname(file.path).startsWith(".github") ? "" : dirname(file.path),
            dockerfile,
          ) ?? "")
        : (joinPath(ctxDir, "Dockerfile") ?? "");
    out.push({
      dockerfile: df,
      tags,
      target: target?.toLowerCase(),
      source: { file: file.path, line: first + 1, how: "docker build -t" },
    });
  }
  return out;
}

/** docker/build-push-action steps (tags, context, file, target), with docker/metadata-action images. */
function buildPushSteps(file: RepoFile): DockerBuild[] {
  const out: DockerBuild[] = [];
  if (!file.text.includes("docker/build-push-action")) return out;
  const doc = readYamlDocument(file.text);
  if (doc.errors.length > 0) return out;
  const jobs = getIn(doc.contents, ["jobs"]);
  if (!isMap(jobs)) return out;
  const pos = new Positions(file.text);
  const lineOf = (offset: number): number => pos.point(offset).line;
  for (const pair of jobs.items) {
    const steps = mapsOf(getIn(pair.value, ["steps"]));
    const metaImages: string[] = [];
    for (const step of steps) {
      const uses = stringAt(step, ["uses"], file.text) ?? "";
      if (uses.startsWith("docker/metadata-action")) {
        const images = scalarOf(getIn(step, ["with", "images"]), file.text)?.value ?? "";
        metaImages.push(
          ...images
            .split(/[\n,]/)
            .map((s) => s.trim().split(",")[0] ?? "")
            .filter((s) => s && !s.startsWith("#")),
        );
      }
      if (!uses.startsWith("docker/build-push-action")) continue;
      const w = getIn(step, ["with"]);
      const tagsNode = getIn(w, ["tags"]);
      const tagsText = isSeq(tagsNode)
        ? tagsNode.items.map((n) => scalarOf(n, file.text)?.value ?? "").join("\n")
        : (scalarOf(tagsNode, file.text)?.value ?? "");
      let tags = tagsText
        .split(/[\n,]/)
        .map((t) => t.trim())
        .filter((t) => t !== "");
      if (tags.every((t) => t.includes("${{"))) tags = [...tags, ...metaImages];
      const context = stringAt(w, ["context"], file.text) ?? ".";
      const dfile = stringAt(w, ["file"], file.text);
      const ctxDir =
        joinPath("", context.replace(/^\{\{\s*defaultContext\s*\}\}:?/, "") || ".") ?? "";
      const df =
        dfile !== undefined ? (joinPath("", dfile) ?? "") : (joinPath(ctxDir, "Dockerfile") ?? "");
      const target = stringAt(w, ["target"], file.text);
      out.push({
        dockerfile: df,
        tags,
        target: target?.toLowerCase(),
        source: {
          file: file.path,
          line: lineOf(step.range?.[0] ?? 0),
          how: "docker/build-push-action tags",
        },
      });
    }
  }
  return out;
}

/** skaffold.yaml build.artifacts: image, context, docker.dockerfile / docker.target, or ko. */
function skaffoldArtifacts(file: RepoFile): DockerBuild[] {
  const out: DockerBuild[] = [];
  if (!/(^|\/)skaffold[^/]*\.ya?ml$/.test(file.path) || !file.text.includes("artifacts"))
    return out;
  const pos = new Positions(file.text);
  const lineOf = (offset: number): number => pos.point(offset).line;
  // skaffold.yaml often holds several configs, one per document.
  const artifacts = readYamlDocuments(file.text)
    .filter((d) => d.errors.length === 0)
    .flatMap((d) => [
      ...mapsOf(getIn(d.contents, ["build", "artifacts"])),
      ...mapsOf(getIn(d.contents, ["profiles"])).flatMap((p) =>
        mapsOf(getIn(p, ["build", "artifacts"])),
      ),
    ]);
  for (const a of artifacts) {
    const image = stringAt(a, ["image"], file.text);
    if (!image) continue;
    const ctxDir = joinPath(dirname(file.path), stringAt(a, ["context"], file.text) ?? ".") ?? "";
    const df =
      joinPath(ctxDir, stringAt(a, ["docker", "dockerfile"], file.text) ?? "Dockerfile") ?? "";
    const ko = getIn(a, ["ko"]) !== undefined;
    out.push({
      dockerfile: ko ? "" : df,
      koDir: ko ? ctxDir : undefined,
      tags: [image],
      target: stringAt(a, ["docker", "target"], file.text)?.toLowerCase(),
      source: { file: file.path, line: lineOf(a.range?.[0] ?? 0), how: "Skaffold build.artifacts" },
    });
  }
  return out;
}

/** Compose services with both `build` and `image`: the image name is what that build produces. */
function composeBuilds(file: RepoFile): DockerBuild[] {
  const out: DockerBuild[] = [];
  if (!isComposePath(file.path) || !file.text.includes("build")) return out;
  const doc = readYamlDocument(file.text);
  if (doc.errors.length > 0) return out;
  const services = getIn(doc.contents, ["services"]);
  if (!isMap(services)) return out;
  const pos = new Positions(file.text);
  const lineOf = (offset: number): number => pos.point(offset).line;
  for (const item of services.items) {
    const svc = item.value;
    if (!isMap(svc)) continue;
    const build = svc.get("build", true);
    const image = stringAt(svc, ["image"], file.text);
    if (build === undefined) continue;
    const context = isMap(build)
      ? stringAt(build, ["context"], file.text)
      : scalarOf(build, file.text)?.value;
    const ctxDir = joinPath(dirname(file.path), context ?? ".") ?? "";
    const dfile = isMap(build) ? stringAt(build, ["dockerfile"], file.text) : undefined;
    const target = isMap(build) ? stringAt(build, ["target"], file.text) : undefined;
    out.push({
      dockerfile: joinPath(ctxDir, dfile ?? "Dockerfile") ?? "",
      tags: image ? [image] : [],
      target: target?.toLowerCase(),
      source: {
        file: file.path,
        line: lineOf(svc.range?.[0] ?? 0),
        how: "Compose image beside build",
      },
    });
  }
  return out;
}

/** `go build … -o NAME` anywhere in a text. */
function goBuildOutputs(text: string): { name: string; line: number }[] {
  const out: { name: string; line: number }[] = [];
  if (!text.includes("go build")) return out;
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const m = /\bgo\s+build\b[^\n]*?\s-o[=\s]\s*["']?([^\s"';&|]+)/.exec(lines[i] ?? "");
    if (m && m[1] && !m[1].endsWith("/")) out.push({ name: basename(m[1]), line: i + 1 });
  }
  return out;
}

export interface LinkInputs {
  units: BuildUnit[];
  records: DockerBuild[];
  dockerfiles: DockerfileModel[];
  goMods: GoMod[];
  workflows: RepoFile[];
  runFiles: RepoFile[];
  /** Paths of the repository's Go files (main package folders name binaries). */
  goPaths: string[];
}

/** Every way the repository builds an image: docker build, build-push-action, Compose, Skaffold. */
export function dockerBuildRecords(workflows: RepoFile[], runFiles: RepoFile[]): DockerBuild[] {
  const docker: DockerBuild[] = [];
  // A file that cannot be read names no image; the others still do.
  const each = (f: RepoFile, read: (f: RepoFile) => DockerBuild[]): void => {
    try {
      docker.push(...read(f));
    } catch {
      // Reported by the file's own reader (workflow, Compose, manifest); nothing to add here.
    }
  };
  for (const f of workflows) {
    each(f, dockerBuildCommands);
    each(f, buildPushSteps);
  }
  for (const f of runFiles) {
    if (/(^|\/)(Makefile|[^/]*\.mk|[^/]*\.sh)$/.test(f.path)) each(f, dockerBuildCommands);
    each(f, composeBuilds);
    each(f, skaffoldArtifacts);
  }
  return docker;
}

/** The --target stages each Dockerfile is built with, and whether some build uses none. */
export function dockerfileTargets(records: DockerBuild[]): Map<string, DockerfileTargets> {
  const out = new Map<string, DockerfileTargets>();
  for (const r of records) {
    if (r.koDir !== undefined) continue;
    const t = out.get(r.dockerfile) ?? { targets: new Set<string>(), untargeted: false };
    if (r.target) t.targets.add(r.target);
    else t.untargeted = true;
    out.set(r.dockerfile, t);
  }
  return out;
}

/** The builds, indexed so that linking a site costs a few map look-ups. */
export interface Builds {
  list: Build[];
  byImage: Map<string, Build>;
  byBinary: Map<string, Build>;
  byDockerfile: Map<string, Build[]>;
  /** kustomization.yaml `images:` renames: the name in manifests -> the name pushed. */
  aliases: Map<string, { name: string; source: NameSource }>;
}

/** kustomize's image transformer: `images: [{name: app, newName: ghcr.io/acme/app}]`. */
function kustomizeAliases(files: RepoFile[]): Builds["aliases"] {
  const out: Builds["aliases"] = new Map();
  for (const f of files) {
    if (!/(^|\/)kustomization\.ya?ml$/.test(f.path) || !f.text.includes("newName")) continue;
    try {
      const doc = readYamlDocument(f.text);
      if (doc.errors.length > 0) continue;
      const pos = new Positions(f.text);
      for (const m of mapsOf(getIn(doc.contents, ["images"]))) {
        const from = stringAt(m, ["name"], f.text);
        const to = stringAt(m, ["newName"], f.text);
        if (!from || !to || out.has(imageName(from))) continue;
        out.set(imageName(from), {
          name: imageName(to),
          source: {
            file: f.path,
            line: pos.point(m.range?.[0] ?? 0).line,
            how: "kustomize images newName",
          },
        });
      }
    } catch {
      // A kustomization that cannot be read renames nothing.
    }
  }
  return out;
}

export function collectBuilds(inputs: LinkInputs): Builds {
  const builds: Build[] = inputs.units.map((unit) => ({
    unit,
    images: new Map(),
    binaries: new Map(),
    targets: new Set(),
    untargeted: false,
  }));
  const byDockerfile = new Map<string, Build[]>();
  for (const b of builds) {
    if (!b.unit.dockerfile) continue;
    const list = byDockerfile.get(b.unit.dockerfile.file) ?? [];
    list.push(b);
    byDockerfile.set(b.unit.dockerfile.file, list);
  }
  const byModule = (file: string): Build | undefined => {
    let best: Build | undefined;
    for (const b of builds) {
      const m = b.unit.module;
      if (!m) continue;
      const d = dirname(m.file);
      if (
        (d === "" || file === d || file.startsWith(`${d}/`)) &&
        (!best || d.length > dirname(best.unit.module!.file).length)
      )
        best = b;
    }
    return best;
  };
  for (const d of inputs.records) {
    const b =
      d.koDir !== undefined
        ? byModule(d.koDir)
        : buildForStage(byDockerfile.get(d.dockerfile) ?? [], d.target);
    if (!b) continue;
    for (const t of d.tags) {
      const name = imageName(t);
      if (name && !isPlaceholder(name) && !b.images.has(name)) b.images.set(name, d.source);
    }
  }
  // Binary names: go build -o in Dockerfiles (that unit), elsewhere (the module there); main folders.
  for (const df of inputs.dockerfiles) {
    const b = byDockerfile.get(df.file)?.[0];
    for (const o of goBuildOutputs(df.text))
      b?.binaries.set(o.name, { file: df.file, line: o.line, how: "go build -o" });
  }
  for (const f of [...inputs.workflows, ...inputs.runFiles]) {
    for (const o of goBuildOutputs(f.text)) {
      const b = byModule(dirname(f.path)) ?? (builds.length === 1 ? builds[0] : undefined);
      if (b && !b.binaries.has(o.name))
        b.binaries.set(o.name, { file: f.path, line: o.line, how: "go build -o" });
    }
  }
  for (const p of inputs.goPaths) {
    if (basename(p) !== "main.go") continue;
    const dir = dirname(p);
    const b = byModule(dir);
    if (!b) continue;
    const name =
      dir === dirname(b.unit.module!.file) ? basename(b.unit.module!.module ?? dir) : basename(dir);
    if (name && !b.binaries.has(name))
      b.binaries.set(name, { file: p, line: 1, how: "main package folder" });
  }
  const byImage = new Map<string, Build>();
  const byBinary = new Map<string, Build>();
  for (const b of builds) {
    for (const n of b.images.keys()) if (!byImage.has(n)) byImage.set(n, b);
    for (const n of b.binaries.keys()) if (!byBinary.has(n)) byBinary.set(n, b);
  }
  const aliases = kustomizeAliases(inputs.runFiles);
  return { list: builds, byImage, byBinary, byDockerfile, aliases };
}

/** The build of a Dockerfile that produces `stage` (undefined: the whole file, its last stage). */
function buildForStage(list: Build[], stage: string | undefined): Build | undefined {
  return (
    list.find((b) =>
      stage === undefined ? b.unit.stage === undefined : b.unit.stage?.name === stage,
    ) ??
    list.find((b) => b.unit.stage === undefined) ??
    list[0]
  );
}

/** The build a site runs, or undefined (images of other projects never link). */
export function linkSite(site: RunSite, index: Builds): Link | undefined {
  const builds = index.list;
  const single = builds.length === 1 ? builds[0] : undefined;
  for (const t of site.targets) {
    if (t.kind === "dockerfile") {
      const b = buildForStage(index.byDockerfile.get(t.path) ?? [], t.stage);
      if (b)
        return {
          build: b,
          stage: t.stage,
          how: `runs ${t.path}${t.stage ? ` (target ${t.stage})` : ""}`,
          file: site.file,
          line: t.line,
        };
    }
  }
  for (const t of site.targets) {
    if (t.kind === "image") {
      const ko = /^ko:\/\/(.+)$/.exec(t.ref.trim());
      if (ko) {
        const path = ko[1] ?? "";
        const b = builds.find((x) => {
          const mod = x.unit.module?.module;
          return mod !== undefined && (path === mod || path.startsWith(`${mod}/`));
        });
        if (b)
          return {
            build: b,
            stage: undefined,
            how: `ko://${path} is built from module ${b.unit.module?.module}`,
            file: site.file,
            line: t.line,
          };
        continue;
      }
      const written = imageName(t.ref);
      const alias = index.aliases.get(written);
      const name = alias?.name ?? written;
      const renamed = alias
        ? ` (${written} is renamed to ${name} by ${alias.source.how} in ${alias.source.file}:${alias.source.line})`
        : "";
      const b = index.byImage.get(name);
      const src = b?.images.get(name);
      if (b && src)
        return {
          build: b,
          stage: undefined,
          how: `image ${name} is built from ${b.unit.dockerfile?.file ?? "this module"} (${src.how} in ${src.file}:${src.line})${renamed}`,
          file: src.file,
          line: src.line,
        };
      if (single) {
        if (t.placeholder)
          return {
            build: single,
            stage: undefined,
            how:
              t.ref === ""
                ? "it names no image (a patch or an override of one defined elsewhere) and the repository builds one image"
                : `the image ${t.ref} is a placeholder and the repository builds one image`,
            file: site.file,
            line: t.line,
          };
        const last = name.slice(name.lastIndexOf("/") + 1);
        for (const [n, src] of single.images) {
          if (n.slice(n.lastIndexOf("/") + 1) === last)
            return {
              build: single,
              stage: undefined,
              how: `image ${name} has the name of the one image the repository builds, ${n} (${src.how} in ${src.file}:${src.line})`,
              file: src.file,
              line: src.line,
            };
        }
        // The one image is named nowhere in the repository (a CD system pushes it): an image
        // named after the binary it builds is that image.
        if (single.images.size === 0) {
          const src = single.binaries.get(last);
          if (src)
            return {
              build: single,
              stage: undefined,
              how: `image ${name} is named after ${last}, the binary of the one build, which the repository names no image for (${src.how} in ${src.file}:${src.line})`,
              file: src.file,
              line: src.line,
            };
        }
      }
    } else if (t.kind === "binary") {
      const b = index.byBinary.get(t.name);
      const src = b?.binaries.get(t.name);
      if (b && src)
        return {
          build: b,
          stage: undefined,
          how: `binary ${t.name} (${src.how} in ${src.file}:${src.line})`,
          file: src.file,
          line: src.line,
        };
      if (single && !t.system)
        return {
          build: single,
          stage: undefined,
          how: `the repository builds one binary`,
          file: site.file,
          line: t.line,
        };
    }
  }
  return undefined;
}
