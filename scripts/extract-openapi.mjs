// Writes test/github-server/openapi-extract.json: the few operations of GitHub's published REST
// OpenAPI description that gomemcheck calls, with their parameters and request-body schemas
// ($refs resolved, descriptions and examples dropped), for the test GitHub API server.
//
// The description comes from the npm package @octokit/openapi, which unpacks to ~385 MB, so it is
// not a dependency: `npm pack` fetches the tarball into a temporary directory and only
// generated/api.github.com.json (~13 MB) is taken out of it.
//
//   node scripts/extract-openapi.mjs                 # pinned version below
//   node scripts/extract-openapi.mjs --version 23.0.2
//   node scripts/extract-openapi.mjs --from path/to/api.github.com.json
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const DEFAULT_VERSION = "23.0.2";
const DESCRIPTION_FILE = "package/generated/api.github.com.json";
const OUT = join(
  dirname(fileURLToPath(import.meta.url)),
  "..",
  "test",
  "github-server",
  "openapi-extract.json",
);

/** The operations the action uses: [METHOD, path template]. */
export const OPERATIONS = [
  ["GET", "/repos/{owner}/{repo}"],
  ["GET", "/repos/{owner}/{repo}/pulls/{pull_number}"],
  ["GET", "/repos/{owner}/{repo}/pulls/{pull_number}/files"],
  ["GET", "/repos/{owner}/{repo}/pulls/{pull_number}/reviews"],
  ["POST", "/repos/{owner}/{repo}/pulls/{pull_number}/reviews"],
  ["GET", "/repos/{owner}/{repo}/pulls/{pull_number}/comments"],
  ["PATCH", "/repos/{owner}/{repo}/pulls/comments/{comment_id}"],
  ["GET", "/repos/{owner}/{repo}/issues/{issue_number}/comments"],
  ["POST", "/repos/{owner}/{repo}/issues/{issue_number}/comments"],
  ["PATCH", "/repos/{owner}/{repo}/issues/comments/{comment_id}"],
  ["POST", "/repos/{owner}/{repo}/check-runs"],
  ["GET", "/repos/{owner}/{repo}/commits/{ref}/check-runs"],
  ["PATCH", "/repos/{owner}/{repo}/check-runs/{check_run_id}"],
  ["GET", "/repos/{owner}/{repo}/contents/{path}"],
  ["GET", "/repos/{owner}/{repo}/git/trees/{tree_sha}"],
  ["GET", "/repos/{owner}/{repo}/git/blobs/{file_sha}"],
  ["GET", "/user"],
];

// Schema keywords kept in the extract; everything else (description, example, title, x-github…)
// is documentation and is dropped.
const SCHEMA_KEYWORDS = new Set([
  "type",
  "properties",
  "required",
  "additionalProperties",
  "enum",
  "items",
  "oneOf",
  "anyOf",
  "allOf",
  "not",
  "nullable",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "minLength",
  "maxLength",
  "minItems",
  "maxItems",
  "pattern",
  "format",
  "default",
]);

function parseArgs(argv) {
  const args = { version: DEFAULT_VERSION, from: undefined };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--version") args.version = argv[++i];
    else if (argv[i] === "--from") args.from = argv[++i];
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  return args;
}

/** Fetches the package tarball with `npm pack` and extracts only the REST description. */
function loadDescription(version) {
  const dir = mkdtempSync(join(tmpdir(), "octokit-openapi-"));
  try {
    execFileSync("npm", ["pack", `@octokit/openapi@${version}`, "--silent"], {
      cwd: dir,
      stdio: ["ignore", "pipe", "inherit"],
    });
    const tarball = readdirSync(dir).find((f) => f.endsWith(".tgz"));
    if (!tarball) throw new Error("npm pack produced no tarball");
    const listing = execFileSync("tar", ["tzf", tarball], { cwd: dir, maxBuffer: 1 << 20 })
      .toString()
      .split("\n");
    // The layout has been package/generated/api.github.com.json for years; fall back to any
    // non-deref'd api.github.com description if it moves.
    const member =
      listing.find((f) => f === DESCRIPTION_FILE) ??
      listing.find((f) => /api\.github\.com(?!.*deref).*\.json$/.test(f));
    if (!member)
      throw new Error(`no api.github.com description in the tarball:\n${listing.join("\n")}`);
    execFileSync("tar", ["xzf", tarball, member], { cwd: dir });
    return {
      spec: JSON.parse(readFileSync(join(dir, member), "utf8")),
      file: member.replace(/^package\//, ""),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function resolvePointer(spec, ref) {
  if (!ref.startsWith("#/")) throw new Error(`external $ref not supported: ${ref}`);
  let node = spec;
  for (const raw of ref.slice(2).split("/")) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    node = node?.[key];
    if (node === undefined) throw new Error(`unresolvable $ref ${ref}`);
  }
  return node;
}

/** Resolves $refs and keeps only validation keywords. `properties` maps keep every name. */
function trimSchema(spec, schema, seen = []) {
  if (schema === true || schema === false) return schema;
  if (schema.$ref) {
    if (seen.includes(schema.$ref)) throw new Error(`recursive schema ${schema.$ref}`);
    return trimSchema(spec, resolvePointer(spec, schema.$ref), [...seen, schema.$ref]);
  }
  const out = {};
  for (const [key, value] of Object.entries(schema)) {
    if (!SCHEMA_KEYWORDS.has(key)) continue;
    if (key === "properties") {
      out.properties = Object.fromEntries(
        Object.entries(value).map(([name, s]) => [name, trimSchema(spec, s, seen)]),
      );
    } else if (key === "items" || key === "not") {
      out[key] = trimSchema(spec, value, seen);
    } else if (key === "additionalProperties") {
      out[key] = typeof value === "boolean" ? value : trimSchema(spec, value, seen);
    } else if (key === "oneOf" || key === "anyOf" || key === "allOf") {
      out[key] = value.map((s) => trimSchema(spec, s, seen));
    } else {
      out[key] = value;
    }
  }
  return out;
}

/** Top-level required fields of a success response (and of its items for arrays). */
function responseShape(spec, response) {
  if (!response) return undefined;
  if (response.$ref) response = resolvePointer(spec, response.$ref);
  let schema = response.content?.["application/json"]?.schema;
  if (!schema) return undefined;
  if (schema.$ref) schema = resolvePointer(spec, schema.$ref);
  if (schema.type === "array") {
    let items = schema.items ?? {};
    if (items.$ref) items = resolvePointer(spec, items.$ref);
    return { type: "array", itemRequired: items.required ?? [] };
  }
  return { type: schema.type ?? "object", required: schema.required ?? [] };
}

function extract(spec, file) {
  const operations = OPERATIONS.map(([method, path]) => {
    const op = spec.paths[path]?.[method.toLowerCase()];
    if (!op) throw new Error(`operation ${method} ${path} not in the description`);
    const parameters = [...(spec.paths[path].parameters ?? []), ...(op.parameters ?? [])].map(
      (p) => {
        const param = p.$ref ? resolvePointer(spec, p.$ref) : p;
        const kept = {
          name: param.name,
          in: param.in,
          required: param.required === true,
          schema: trimSchema(spec, param.schema ?? {}),
        };
        if (param["x-multi-segment"]) kept.multiSegment = true;
        return kept;
      },
    );
    let requestBody = null;
    if (op.requestBody) {
      const body = op.requestBody.$ref ? resolvePointer(spec, op.requestBody.$ref) : op.requestBody;
      const contentType = Object.keys(body.content)[0];
      requestBody = {
        required: body.required === true,
        contentType,
        schema: trimSchema(spec, body.content[contentType].schema),
      };
    }
    const statuses = Object.keys(op.responses ?? {});
    const success = statuses.find((s) => s.startsWith("2"));
    return {
      method,
      path,
      operationId: op.operationId,
      documentationUrl: op.externalDocs?.url,
      parameters,
      requestBody,
      responses: statuses,
      successResponse: success
        ? { status: Number(success), ...responseShape(spec, op.responses[success]) }
        : undefined,
    };
  });
  return {
    comment: "Generated by scripts/extract-openapi.mjs from @octokit/openapi; do not edit by hand.",
    source: {
      package: "@octokit/openapi",
      version: spec.info?.version,
      file,
      openapi: spec.openapi,
    },
    operations,
  };
}

const args = parseArgs(process.argv.slice(2));
const { spec, file } = args.from
  ? { spec: JSON.parse(readFileSync(args.from, "utf8")), file: args.from }
  : loadDescription(args.version);
let out = JSON.stringify(extract(spec, file), null, 2) + "\n";
// Format like the rest of the repository so `prettier --check test` passes on the extract.
try {
  const prettier = await import("prettier");
  out = await prettier.format(out, { parser: "json", printWidth: 100 });
} catch {
  // prettier is a devDependency; without it the plain JSON is still valid.
}
writeFileSync(OUT, out);
console.log(`wrote ${OUT} (${out.length} bytes, ${OPERATIONS.length} operations)`);
