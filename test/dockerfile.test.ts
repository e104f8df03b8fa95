import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { DockerfileParser } from "dockerfile-ast";
import {
  contributingStages,
  finalStage,
  insertionAfterFrom,
  parseDockerfile,
  parseImageRef,
  processWord,
  runtimeEnv,
  type DockerfileModel,
} from "../src/analyzers/dockerfile.ts";
import { loadFullDockerfileParser } from "../src/analyzers/dockerfile.ts";

// dockerfile-ast, for the Dockerfiles the fast tokenizer leaves (a run loads it on demand).
await loadFullDockerfileParser();

function godebug(model: DockerfileModel): string | undefined {
  const final = finalStage(model);
  return final ? runtimeEnv(model, final).get("GODEBUG")?.value : undefined;
}

test("an escaped backslash at end of line is not a continuation (dockerfile-ast's mistake is patched)", () => {
  const text = 'FROM alpine\nRUN echo \\\\\nENV GODEBUG=madvdontneed=1\nCMD ["/app"]\n';
  // The mistake this guards against: dockerfile-ast alone swallows the ENV into the RUN.
  const raw = DockerfileParser.parse(text)
    .getInstructions()
    .map((i) => i.getKeyword());
  assert.deepEqual(raw, ["FROM", "RUN", "CMD"]);
  const model = parseDockerfile("Dockerfile", text);
  assert.deepEqual(model.patchedLines, [2]);
  assert.equal(godebug(model), "madvdontneed=1");
  assert.equal(finalStage(model)?.envs[0]?.span.line, 3);
});

test("escaped backslash with the backtick escape, and trailing spaces", () => {
  const model = parseDockerfile(
    "Dockerfile",
    "# escape=`\nFROM alpine\nRUN echo `` \nENV GODEBUG=madvdontneed=1\n",
  );
  assert.equal(godebug(model), "madvdontneed=1");
  // An ENV value that ends in an escaped backslash keeps one backslash.
  const v = parseDockerfile(
    "Dockerfile",
    "FROM alpine\nENV P=C:\\\\\nENV GODEBUG=madvdontneed=1\n",
  );
  assert.equal(runtimeEnv(v, finalStage(v)!).get("P")?.value, "C:\\");
  assert.equal(godebug(v), "madvdontneed=1");
});

test("a real continuation still continues", () => {
  const model = parseDockerfile(
    "Dockerfile",
    "FROM alpine\nENV A=1 \\\n    GODEBUG=madvdontneed=1\n",
  );
  assert.equal(godebug(model), "madvdontneed=1");
  assert.equal(finalStage(model)?.envs[1]?.span.line, 3);
});

test("ARG defaults and substitution forms in FROM; global ARGs only in FROM", () => {
  const text = [
    "ARG GO=1.13",
    "ARG EMPTY=",
    "ARG UNSET",
    "FROM golang:${GO}-a${EMPTY:-x}${EMPTY-y}${GO:+z}${UNSET+w}${UNSET-v}$GO AS b1",
    "ENV SEEN=${GO}",
    "FROM golang:${UNSET:-1.12} AS b2",
    "ARG GO",
    "ENV SEEN=${GO}",
  ].join("\n");
  const model = parseDockerfile("Dockerfile", text);
  assert.equal(model.stages[0]?.from.image, "golang:1.13-axzv1.13");
  assert.equal(model.stages[1]?.from.image, "golang:1.12");
  assert.equal(model.stages[0]?.envs[0]?.value, "", "a global ARG is not visible inside a stage");
  assert.equal(model.stages[1]?.envs[0]?.value, "1.13", "ARG NAME re-imports the global default");
  assert.deepEqual(
    model.stages[0]?.from.argsUsed.map((a) => a.name),
    ["GO", "EMPTY", "UNSET"],
  );
});

test("--platform and a FROM split over lines", () => {
  const model = parseDockerfile(
    "Dockerfile",
    "ARG P=linux/amd64\nFROM \\\n  --platform=$P \\\n  golang:1.14 \\\n  AS Build\n",
  );
  const s = model.stages[0]!;
  assert.equal(s.name, "build");
  assert.equal(s.from.platform, "linux/amd64");
  assert.equal(s.from.image, "golang:1.14");
  assert.equal(s.from.span.line, 2);
  assert.equal(s.from.imageSpan.line, 4);
  assert.equal(s.from.imageSpan.column, 3);
});

test("word processing: quotes, escapes, expansion", () => {
  const vars = new Map<string, string | undefined>([
    ["A", "1"],
    ["E", ""],
  ]);
  assert.equal(processWord(`"x y"`, vars), "x y");
  assert.equal(processWord(`x\\ y`, vars), "x y");
  assert.equal(processWord(`'$A'`, vars), "$A");
  assert.equal(processWord(`"$A"`, vars), "1");
  assert.equal(processWord(`\\$A`, vars), "$A");
  assert.equal(processWord(`\${A},b`, vars), "1,b");
  assert.equal(processWord(`\${E:-d}|\${E-d}|\${E:+p}|\${E+p}|\${N:+p}|\${N+p}`, vars), "d|||p||");
  assert.equal(processWord("a`$A", vars, "`"), "a$A");
});

test("stage inheritance, COPY --from by name and index, final stage", () => {
  const text = [
    "FROM alpine AS Base",
    "ENV GODEBUG=madvdontneed=1",
    "FROM golang:1.14 AS build",
    "ENV GODEBUG=gctrace=1",
    "FROM base",
    "COPY --from=build /app /app",
    "COPY --from=0 /etc/x /etc/x",
    "COPY --from=nginx:latest /etc/nginx /etc/nginx",
  ].join("\n");
  const model = parseDockerfile("Dockerfile", text);
  const final = finalStage(model)!;
  assert.deepEqual(final.base, { kind: "stage", stage: 0 });
  assert.deepEqual(
    final.copyFrom.map((c) => [c.ref, c.stage]),
    [
      ["build", 1],
      ["0", 0],
      ["nginx:latest", undefined],
    ],
  );
  assert.equal(godebug(model), "madvdontneed=1", "ENV of the parent stage, not of the builder");
  assert.deepEqual(
    contributingStages(model, final).map((s) => s.index),
    [2, 0, 1],
  );
});

test("COPY --from among other flags, in any order, still names its stage (with either reader)", () => {
  const lines = [
    "FROM golang:1.14 AS builder",
    "RUN go build -o /app .",
    "FROM gcr.io/distroless/base",
    "COPY --from=builder --chown=nonroot:nonroot /app /app",
    "COPY --link --from=builder /etc/x /etc/x",
    "COPY --chown=1 /local /local",
  ];
  // The first text the fast tokenizer reads; a heredoc sends the second to dockerfile-ast.
  for (const text of [lines.join("\n"), [...lines, "RUN <<EOF", "true", "EOF"].join("\n")]) {
    const model = parseDockerfile("Dockerfile", text);
    const final = finalStage(model)!;
    assert.deepEqual(
      final.copyFrom.map((c) => [c.ref, c.stage, c.span.line, c.span.column]),
      [
        ["builder", 0, 4, 6],
        ["builder", 0, 5, 13],
      ],
    );
    assert.equal(final.copiesFromContext, true);
    assert.deepEqual(
      contributingStages(model, final).map((s) => s.index),
      [1, 0],
    );
  }
});

test("exec-form sh -c: the script's leading assignments, each word's own span; escapes and blanks not read", () => {
  const entry = (cmd: string) => {
    const text = `FROM alpine\nENTRYPOINT ${cmd}\n`;
    return (finalStage(parseDockerfile("Dockerfile", text))!.entrypoint ?? []).map((c) => [
      c.key,
      c.value,
      text.split("\n")[1]!.slice(c.span.column - 1, c.span.endColumn - 1),
      c.shell,
      c.exec,
    ]);
  };
  assert.deepEqual(entry('["/bin/sh", "-c", "GODEBUG=madvdontneed=1 exec /app"]'), [
    ["GODEBUG", "madvdontneed=1", "GODEBUG=madvdontneed=1", "sh", false],
  ]);
  assert.deepEqual(entry(`["bash", "-c", "exec env GODEBUG='a=1' A=2 /app --x"]`), [
    ["GODEBUG", "a=1", "GODEBUG='a=1'", "bash", false],
    ["A", "2", "A=2", "bash", false],
  ]);
  // An escape in the string, a quoted value holding a blank, no -c, no assignment: nothing.
  assert.deepEqual(entry('["sh", "-c", "GODEBUG=\\"a b\\" /app"]'), []);
  assert.deepEqual(entry(`["sh", "-c", "GODEBUG='a b' /app"]`), []);
  assert.deepEqual(entry('["sh", "/start.sh"]'), []);
  assert.deepEqual(entry('["sh", "-c", "/app"]'), []);
});

test("later ENV replaces, ${GODEBUG} appends, several assignments in one ENV", () => {
  const replace = parseDockerfile(
    "D",
    "FROM a\nENV GODEBUG=madvdontneed=1\nENV GODEBUG=gctrace=1\n",
  );
  assert.equal(godebug(replace), "gctrace=1");
  const append = parseDockerfile(
    "D",
    "FROM a\nENV GODEBUG=madvdontneed=1\nENV GODEBUG=${GODEBUG},gctrace=1\n",
  );
  assert.equal(godebug(append), "madvdontneed=1,gctrace=1");
  const same = parseDockerfile("D", "FROM a\nENV GODEBUG=madvdontneed=1 GODEBUG=madvdontneed=0\n");
  assert.equal(godebug(same), "madvdontneed=0");
  // One ENV expands with the environment from before the instruction.
  const before = parseDockerfile("D", "FROM a\nENV X=1\nENV X=2 Y=$X\n");
  assert.equal(runtimeEnv(before, finalStage(before)!).get("Y")?.value, "1");
  const unset = parseDockerfile("D", "FROM a\nENV GODEBUG=${GODEBUG},madvdontneed=1\n");
  assert.equal(godebug(unset), ",madvdontneed=1");
});

test("legacy ENV keeps the spaces; quoted values lose their quotes", () => {
  const legacy = parseDockerfile("D", "FROM a\nENV GODEBUG madvdontneed=1 gctrace=1\n");
  assert.equal(godebug(legacy), "madvdontneed=1 gctrace=1");
  assert.equal(finalStage(legacy)?.envs[0]?.legacy, true);
  const quoted = parseDockerfile("D", "FROM a\nENV GODEBUG='madvdontneed=1'\n");
  assert.equal(godebug(quoted), "madvdontneed=1");
});

test("env wrapper in ENTRYPOINT/CMD exec and shell form; ENTRYPOINT resets an inherited CMD", () => {
  const exec = parseDockerfile(
    "D",
    'FROM a\nENV GODEBUG=madvdontneed=0\nENTRYPOINT ["/usr/bin/env", "GODEBUG=madvdontneed=1", "/app"]\n',
  );
  assert.equal(godebug(exec), "madvdontneed=1");
  const shell = parseDockerfile("D", "FROM a\nENTRYPOINT GODEBUG=madvdontneed=1 exec /app\n");
  assert.equal(godebug(shell), "madvdontneed=1");
  const notWrapper = parseDockerfile("D", 'FROM a\nCMD ["/app", "GODEBUG=madvdontneed=1"]\n');
  assert.equal(godebug(notWrapper), undefined);
  const reset = parseDockerfile(
    "D",
    'FROM a AS x\nCMD ["env", "GODEBUG=madvdontneed=1", "/app"]\nFROM x\nENTRYPOINT ["/app"]\n',
  );
  assert.equal(godebug(reset), undefined);
});

test("RUN GODEBUG prefixes are build-time; heredoc bodies are not instructions", () => {
  const text = [
    "FROM golang:1.26 AS build",
    "RUN GODEBUG=madvdontneed=1 go build ./... && export GODEBUG=gctrace=1",
    "RUN <<EOF",
    "FROM golang:1.14",
    "ENV GODEBUG=madvdontneed=0",
    "EOF",
    "COPY <<-EOT /x",
    "\tFROM golang:1.13",
    "\tEOT",
  ].join("\n");
  const model = parseDockerfile("Dockerfile", text);
  assert.equal(model.stages.length, 1);
  assert.deepEqual(
    model.stages[0]?.runEnv.map((r) => [r.value, r.span.line]),
    [
      ["madvdontneed=1", 2],
      ["gctrace=1", 2],
    ],
  );
  assert.equal(godebug(model), undefined);
});

test("escape directive: backtick continuation; a misplaced directive is a comment", () => {
  const ok = parseDockerfile(
    "D",
    "# escape=`\nFROM a\nENV A=C:\\x `\n    GODEBUG=madvdontneed=1\n",
  );
  assert.equal(ok.escape, "`");
  assert.equal(godebug(ok), "madvdontneed=1");
  assert.equal(runtimeEnv(ok, finalStage(ok)!).get("A")?.value, "C:\\x");
  const misplaced = parseDockerfile(
    "D",
    "\n# escape=`\nFROM a\nRUN x `\n  y\nENV GODEBUG=madvdontneed=1\n",
  );
  assert.equal(misplaced.escape, "\\");
  assert.deepEqual(
    misplaced.errors.map((e) => e.line),
    [5],
  );
  assert.equal(godebug(misplaced), "madvdontneed=1");
  assert.match(misplaced.errors[0]?.message ?? "", /"# escape=" line 2 is only a comment/);
  const bad = parseDockerfile("D", "# escape=x\nFROM a\n");
  assert.match(bad.errors[0]?.message ?? "", /invalid escape directive 'x'/);
});

test("CRLF: positions and insertion keep the file's line endings", () => {
  const model = parseDockerfile(
    "D",
    "FROM golang:1.14 AS b\r\nRUN x\r\nFROM alpine\r\nCOPY --from=b /a /a\r\n",
  );
  assert.equal(model.eol, "\r\n");
  const final = finalStage(model)!;
  assert.deepEqual(insertionAfterFrom(model, final), {
    line: 4,
    column: 1,
    before: "",
    after: "\r\n",
  });
  const noNewline = parseDockerfile("D", "FROM alpine");
  assert.deepEqual(insertionAfterFrom(noNewline, finalStage(noNewline)!), {
    line: 1,
    column: 12,
    before: "\n",
    after: "",
  });
});

test("image references", () => {
  assert.deepEqual(parseImageRef("docker.io/library/golang:1.14@sha256:abc"), {
    ref: "docker.io/library/golang:1.14@sha256:abc",
    registry: "docker.io",
    path: "library/golang",
    tag: "1.14",
    digest: "sha256:abc",
  });
  assert.equal(parseImageRef("localhost:5000/golang").tag, undefined);
  assert.equal(parseImageRef("localhost:5000/golang").registry, "localhost:5000");
  assert.equal(parseImageRef("golang").tag, undefined);
});

test("errors: unknown instruction, FROM without image, instruction before FROM", () => {
  const model = parseDockerfile("D", "RUN x\nFROM\nBOGUS y\n");
  assert.deepEqual(
    model.errors.map((e) => e.line),
    [1, 2, 3],
  );
});

test("property: the Dockerfile model never throws on arbitrary input", () => {
  const alphabet = fc.constantFrom(
    "FROM ",
    "golang:1.14",
    " AS b",
    "\n",
    "\r\n",
    "\\",
    "`",
    "# escape=`\n",
    "ENV ",
    "GODEBUG=",
    "madvdontneed=1",
    "${X:-1}",
    "ARG X=1\n",
    "RUN <<EOF\n",
    "EOF\n",
    "COPY --from=b ",
    '"',
    "'",
    " ",
    'ENTRYPOINT ["env", ',
    "]",
    "\uFEFF",
    "é",
  );
  fc.assert(
    fc.property(fc.array(alphabet, { maxLength: 40 }), (parts) => {
      const model = parseDockerfile("Dockerfile", parts.join(""));
      const final = finalStage(model);
      if (final) runtimeEnv(model, final);
    }),
    { numRuns: 1000 },
  );
  fc.assert(
    fc.property(fc.string(), (s) => void parseDockerfile("Dockerfile", s)),
    { numRuns: 300 },
  );
});
