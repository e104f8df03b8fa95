// Writes a deterministic, realistic large Go monorepo for the benchmark: services with nested
// packages, tests, generated code, a vendor/ folder, testdata, go.mod files and Dockerfiles.
// Same seed and sizes -> same bytes, and an existing corpus is reused.
//   node --import tsx bench/generate.ts [--files N] [--mb M] [--seed S] [--out DIR]
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

/** Bump when the generated content changes, so cached corpora are not reused. */
export const GENERATOR_VERSION = 2;

export interface CorpusOptions {
  /** .go files in total, vendor/ and testdata/ included. */
  files: number;
  /** Megabytes (10^6 bytes) of .go files in total. */
  mb: number;
  seed: number;
  /** Where to write; default under os.tmpdir(), named by version, seed and sizes. */
  out?: string;
}

export interface CorpusManifest {
  generatorVersion: number;
  seed: number;
  files: number;
  mb: number;
  dir: string;
  goFiles: number;
  goBytes: number;
  /** .go files outside vendor/ and testdata/: the ones gomemcheck and the gofmt baseline read. */
  analysedFiles: number;
  analysedBytes: number;
  vendorFiles: number;
  testdataFiles: number;
  testFiles: number;
  generatedFiles: number;
  filesWithDefer: number;
  filesWithDeferInLoop: number;
  goMods: number;
  dockerfiles: number;
  largestFileBytes: number;
}

export const DEFAULT_CORPUS: CorpusOptions = { files: 10_000, mb: 100, seed: 20260126 };

export function defaultCorpusDir(o: CorpusOptions): string {
  return join(
    tmpdir(),
    "gomemcheck-bench",
    `corpus-v${GENERATOR_VERSION}-s${o.seed}-f${o.files}-mb${o.mb}`,
  );
}

/** Returns the corpus for these options, generating it only when no complete copy exists. */
export function ensureCorpus(options: CorpusOptions): CorpusManifest {
  const dir = resolve(options.out ?? defaultCorpusDir(options));
  const manifestPath = join(dir, ".corpus.json");
  if (existsSync(manifestPath)) {
    const m = JSON.parse(readFileSync(manifestPath, "utf8")) as CorpusManifest;
    if (
      m.generatorVersion === GENERATOR_VERSION &&
      m.seed === options.seed &&
      m.files === options.files &&
      m.mb === options.mb
    )
      return { ...m, dir };
  }
  // Written beside the final folder and renamed at the end: an interrupted run leaves no half corpus.
  const partial = `${dir}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  const manifest = generateCorpus(options, partial);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dirname(dir), { recursive: true });
  renameSync(partial, dir);
  const final = { ...manifest, dir };
  writeFileSync(manifestPath, JSON.stringify(final, null, 2) + "\n");
  return final;
}

// ---------------------------------------------------------------------------------------------
// Seeded randomness

/** mulberry32: small, fast, good enough for shaping test data. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Rand {
  constructor(readonly next: () => number) {}
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

// prettier-ignore
const NOUNS = [
  "order", "invoice", "session", "token", "cache", "queue", "job", "event", "metric", "shard",
  "node", "peer", "lease", "bucket", "record", "batch", "stream", "route", "tenant", "policy",
  "quota", "ledger", "payment", "report", "message", "channel", "worker", "task", "account",
  "profile", "device", "segment", "snapshot", "replica", "index", "schema", "cursor", "window",
  "budget", "alert", "probe", "tunnel", "vault", "cluster", "region", "ticket", "catalog", "cart",
] as const;
// prettier-ignore
const VERBS = [
  "load", "store", "fetch", "sync", "apply", "merge", "flush", "parse", "render", "resolve",
  "validate", "publish", "consume", "process", "refresh", "scan", "drain", "encode", "decode",
  "compact", "rebuild", "expire", "reconcile", "collect", "dispatch", "replay", "index", "prune",
] as const;
// prettier-ignore
const SERVICES = [
  "billing", "checkout", "catalog", "identity", "search", "ingest", "notify", "ledger", "gateway",
  "scheduler", "inventory", "pricing", "shipping", "audit", "reports", "media", "profile", "chat",
] as const;

const pascal = (s: string): string => s[0]!.toUpperCase() + s.slice(1);

/** Pads the first column of rows to one width, as gofmt's tabwriter does. */
function align(rows: string[][], indent = "\t"): string {
  const widths: number[] = [];
  for (const r of rows)
    r.forEach((c, i) => {
      if (i < r.length - 1) widths[i] = Math.max(widths[i] ?? 0, c.length);
    });
  return rows
    .map(
      (r) => indent + r.map((c, i) => (i < r.length - 1 ? c.padEnd(widths[i]! + 1) : c)).join(""),
    )
    .join("\n");
}

// ---------------------------------------------------------------------------------------------
// Go snippets: each is gofmt-clean on its own and names the imports it uses.

interface Snippet {
  code: string;
  imports: string[];
  defer: boolean;
  deferInLoop: boolean;
}

interface Names {
  /** Receiver type. */
  T: string;
  noun: string;
  N: string;
  verb: string;
  k: number;
}

type SnippetFn = (n: Names, r: Rand) => Snippet;

const plain = (code: string, imports: string[] = []): Snippet => ({
  code,
  imports,
  defer: false,
  deferInLoop: false,
});
const withDefer = (code: string, imports: string[], deferInLoop = false): Snippet => ({
  code,
  imports,
  defer: true,
  deferInLoop,
});

const PLAIN_SNIPPETS: SnippetFn[] = [
  ({ T, N, k }) =>
    plain(`// ${N}Name${k} returns the name of the ${T.toLowerCase()}.
func (s *${T}) ${N}Name${k}() string {
	return s.name
}
`),
  ({ T, N, noun, verb, k }) =>
    plain(
      `// ${pascal(verb)}${N}s${k} renders the ${noun} entries for keys, in order.
func (s *${T}) ${pascal(verb)}${N}s${k}(keys []string) string {
	var b strings.Builder
	for i, k := range keys {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s=%d", k, s.entries[k])
	}
	return b.String()
}
`,
      ["fmt", "strings"],
    ),
  ({ N, noun, k }, r) =>
    plain(`func classify${N}${k}(n int) string {
	switch {
	case n < 0:
		return "negative ${noun}"
	case n == 0:
		return "empty ${noun}"
	case n < ${r.int(10, 999)}:
		return "small ${noun}"
	default:
		return "large ${noun}"
	}
}
`),
  ({ T, N, noun, k }) =>
    plain(
      `// validate${N}${k} checks a ${noun} before it is stored.
func (s *${T}) validate${N}${k}(key string, n int) error {
	if key == "" {
		return fmt.Errorf("${noun}: empty key")
	}
	if n > s.limit {
		return fmt.Errorf("${noun} %q: %d is over the limit %d", key, n, s.limit)
	}
	return nil
}
`,
      ["fmt"],
    ),
  ({ N, k }, r) =>
    plain(`func sum${N}s${k}(values []int) int {
	total := 0
	for i := 0; i < len(values); i++ {
		total += values[i] * ${r.int(2, 9)}
	}
	return total
}
`),
  ({ T, N, noun, k }) =>
    plain(
      `// Touch${N}${k} records that the ${noun} was seen now.
func (s *${T}) Touch${N}${k}(key string, now time.Time) bool {
	s.mu.Lock()
	s.entries[key]++
	changed := now.After(s.updated)
	if changed {
		s.updated = now
	}
	s.mu.Unlock()
	return changed
}
`,
      ["time"],
    ),
  ({ N, noun, k }, r) => {
    const keys = Array.from({ length: r.int(3, 6) }, () => r.pick(VERBS));
    const uniq = [...new Set(keys)];
    const rows = uniq.map((v, i) => [`"${v}":`, `${i + 1},`]);
    return plain(`var ${noun}Weights${k} = map[string]int{
${align(rows)}
}

func weight${N}${k}(kind string) int {
	if w, ok := ${noun}Weights${k}[kind]; ok {
		return w
	}
	return 0
}
`);
  },
  ({ N, noun, k }) =>
    plain(
      `// parse${N}ID${k} splits "<tenant>/<id>" into its parts.
func parse${N}ID${k}(s string) (tenant, id string, err error) {
	i := strings.IndexByte(s, '/')
	if i <= 0 || i == len(s)-1 {
		return "", "", errors.New("${noun}: malformed id " + strconv.Quote(s))
	}
	return s[:i], s[i+1:], nil
}
`,
      ["errors", "strconv", "strings"],
    ),
  ({ T, N, k }) =>
    plain(`// Top${N}s${k} returns up to n keys with the highest counts.
func (s *${T}) Top${N}s${k}(n int) []string {
	keys := make([]string, 0, len(s.entries))
	for k := range s.entries {
		keys = append(keys, k)
	}
	for i := 1; i < len(keys); i++ {
		for j := i; j > 0 && s.entries[keys[j]] > s.entries[keys[j-1]]; j-- {
			keys[j], keys[j-1] = keys[j-1], keys[j]
		}
	}
	if len(keys) > n {
		keys = keys[:n]
	}
	return keys
}
`),
];

const DEFER_SNIPPETS: SnippetFn[] = [
  ({ T, N, noun, k }) =>
    withDefer(
      `// Lookup${N}${k} returns the count for a ${noun}.
func (s *${T}) Lookup${N}${k}(key string) (int, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.entries[key]
	return v, ok
}
`,
      [],
    ),
  ({ T, N, k }) =>
    withDefer(
      `// Wait${N}${k} takes the next key from the channel, or gives up after d.
func (s *${T}) Wait${N}${k}(ctx context.Context, d time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case key := <-s.ch:
		s.mu.Lock()
		s.entries[key]++
		s.mu.Unlock()
		return nil
	}
}
`,
      ["context", "time"],
    ),
  ({ N, k }) =>
    withDefer(
      `func read${N}File${k}(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(f)
}
`,
      ["io", "os"],
    ),
  // The correct pattern: the defer runs at the end of each call of the function literal.
  ({ N, k }) =>
    withDefer(
      `func count${N}Lines${k}(paths []string) (int, error) {
	total := 0
	for _, p := range paths {
		n, err := func() (int, error) {
			f, err := os.Open(p)
			if err != nil {
				return 0, err
			}
			defer f.Close()
			data, err := io.ReadAll(f)
			return bytes.Count(data, []byte("\\n")), err
		}()
		if err != nil {
			return total, err
		}
		total += n
	}
	return total, nil
}
`,
      ["bytes", "io", "os"],
    ),
  ({ T, N, noun, k }) =>
    withDefer(
      `// Recover${N}${k} runs fn and turns a panic into an error.
func (s *${T}) Recover${N}${k}(fn func()) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("${noun} %s: panic: %v", s.name, r)
		}
	}()
	fn()
	return nil
}
`,
      ["fmt"],
    ),
];

// defer inside loops of various forms: what gomemcheck reports.
const LOOP_SNIPPETS: SnippetFn[] = [
  ({ T, N, k }) =>
    withDefer(
      `func (s *${T}) poll${N}s${k}(ctx context.Context) {
	for {
		ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		select {
		case <-ctx.Done():
			return
		case key := <-s.ch:
			s.mu.Lock()
			s.entries[key]++
			s.mu.Unlock()
		}
	}
}
`,
      ["context", "time"],
      true,
    ),
  ({ N, k }) =>
    withDefer(
      `func stat${N}Files${k}(paths []string) ([]int64, error) {
	sizes := make([]int64, 0, len(paths))
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		st, err := f.Stat()
		if err != nil {
			return nil, err
		}
		sizes = append(sizes, st.Size())
	}
	return sizes, nil
}
`,
      ["os"],
      true,
    ),
  ({ T, N, k }) =>
    withDefer(
      `func (s *${T}) bump${N}s${k}(n int) {
	for i := 0; i < n; i++ {
		s.mu.Lock()
		defer s.mu.Unlock()
		s.entries[s.name]++
	}
}
`,
      [],
      true,
    ),
  ({ T, N, k }) =>
    withDefer(
      `func (s *${T}) consume${N}s${k}(ctx context.Context) int {
	n := 0
	for key := range s.ch {
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		if ctx.Err() != nil {
			break
		}
		s.entries[key] += len(key)
		n++
	}
	return n
}
`,
      ["context"],
      true,
    ),
  ({ T, N, k }) =>
    withDefer(
      `func (s *${T}) retry${N}${k}(ctx context.Context, attempts int) error {
	var err error
	for attempt := 0; attempt < attempts && ctx.Err() == nil; attempt++ {
		tctx, cancel := context.WithTimeout(ctx, time.Duration(attempt+1)*time.Second)
		defer cancel()
		if err = s.ping(tctx); err == nil {
			return nil
		}
	}
	return err
}
`,
      ["context", "time"],
      true,
    ),
];

const TYPE_DEF = (T: string, noun: string): Snippet =>
  plain(
    `// ${T} keeps ${noun} counts by key.
type ${T} struct {
${align([
  ["mu", "sync.Mutex"],
  ["name", "string"],
  ["entries", "map[string]int"],
  ["ch", "chan string"],
  ["limit", "int"],
  ["updated", "time.Time"],
])}
}

// New${T} returns an empty ${T}.
func New${T}(name string, limit int) *${T} {
	return &${T}{name: name, entries: make(map[string]int), ch: make(chan string, limit), limit: limit}
}

func (s *${T}) ping(ctx context.Context) error {
	return ctx.Err()
}
`,
    ["context", "sync", "time"],
  );

// ---------------------------------------------------------------------------------------------
// Files

function importBlock(imports: Set<string>): string {
  const list = [...imports].sort();
  if (list.length === 0) return "";
  if (list.length === 1) return `import "${list[0]}"\n\n`;
  return `import (\n${list.map((i) => `\t"${i}"`).join("\n")}\n)\n\n`;
}

interface FileSpec {
  pkg: string;
  targetBytes: number;
  hasDefer: boolean;
  deferInLoop: boolean;
}

/** An ordinary hand-written-looking source file of about targetBytes. */
function sourceFile(spec: FileSpec, r: Rand): { text: string; defer: boolean; loop: boolean } {
  const imports = new Set<string>();
  const parts: string[] = [];
  let size = 200;
  let k = 0;
  let typeIndex = 0;
  let names: Names | undefined;
  let loopsLeft = spec.deferInLoop ? r.int(1, 2) : 0;
  let defersLeft = spec.hasDefer ? r.int(1, 3) : 0;
  let anyDefer = false;
  let sinceType = 0;
  const add = (s: Snippet): void => {
    parts.push(s.code);
    for (const i of s.imports) imports.add(i);
    size += s.code.length + 1;
    anyDefer ||= s.defer;
  };
  while (size < spec.targetBytes || loopsLeft > 0 || defersLeft > 0 || k < 3) {
    if (!names || sinceType > r.int(12, 30)) {
      const noun = r.pick(NOUNS);
      const T = `${pascal(noun)}${typeIndex === 0 ? "Store" : pascal(r.pick(VERBS)) + "er" + typeIndex}`;
      typeIndex++;
      names = { T, noun, N: pascal(noun), verb: r.pick(VERBS), k };
      add(TYPE_DEF(T, noun));
      sinceType = 0;
    }
    names = { ...names, verb: r.pick(VERBS), k: k++ };
    sinceType++;
    if (loopsLeft > 0 && (r.chance(0.3) || size >= spec.targetBytes)) {
      add(r.pick(LOOP_SNIPPETS)(names, r));
      loopsLeft--;
    } else if (spec.hasDefer && (defersLeft > 0 || r.chance(0.15))) {
      if (defersLeft > 0 && (r.chance(0.4) || size >= spec.targetBytes)) {
        add(r.pick(DEFER_SNIPPETS)(names, r));
        defersLeft--;
      } else add(r.pick(PLAIN_SNIPPETS)(names, r));
    } else add(r.pick(PLAIN_SNIPPETS)(names, r));
  }
  const header = `// Package ${spec.pkg} implements the ${spec.pkg} part of the service.\npackage ${spec.pkg}\n\n`;
  return {
    text: header + importBlock(imports) + parts.join("\n"),
    defer: anyDefer,
    loop: spec.deferInLoop,
  };
}

function testFile(spec: FileSpec, r: Rand): { text: string; defer: boolean } {
  const parts: string[] = [];
  const imports = new Set<string>(["testing"]);
  let size = 100;
  let k = 0;
  let defers = spec.hasDefer ? r.int(1, 2) : 0;
  while (size < spec.targetBytes || defers > 0) {
    const N = pascal(r.pick(NOUNS));
    let code: string;
    if (defers > 0 && (r.chance(0.5) || size >= spec.targetBytes)) {
      defers--;
      imports.add("os").add("path/filepath");
      code = `func Test${N}File${k}(t *testing.T) {
	dir := t.TempDir()
	f, err := os.Create(filepath.Join(dir, "${N.toLowerCase()}.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString("${r.pick(VERBS)}\\n"); err != nil {
		t.Fatalf("write: %v", err)
	}
}
`;
    } else {
      const cases = Array.from({ length: r.int(2, 8) }, (_, i) => {
        const n = r.int(-5, 500);
        return `\t\t{"case ${i}", ${n}, "${n < 0 ? "negative" : n === 0 ? "empty" : "small"} ${N.toLowerCase()}"},`;
      });
      code = `func TestClassify${N}${k}(t *testing.T) {
	tests := []struct {
${align(
  [
    ["name", "string"],
    ["in", "int"],
    ["want", "string"],
  ],
  "\t\t",
)}
	}{
${cases.join("\n")}
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := classify${N}${k}(tt.in); got != tt.want {
				t.Errorf("classify${N}${k}(%d) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
`;
    }
    k++;
    parts.push(code);
    size += code.length + 1;
  }
  return {
    text: `package ${spec.pkg}\n\n${importBlock(imports)}${parts.join("\n")}`,
    defer: spec.hasDefer,
  };
}

/** Generated code (deepcopy functions and an embedded descriptor), about targetBytes. */
function generatedFile(spec: FileSpec, r: Rand): string {
  const parts: string[] = [];
  let size = 300;
  let i = 0;
  const tableShare = r.next() * 0.4;
  while (size < spec.targetBytes * (1 - tableShare)) {
    const T = `${pascal(r.pick(NOUNS))}${pascal(r.pick(VERBS))}Spec${i++}`;
    const fields: string[][] = [
      ["Name", "string", '`json:"name"`'],
      ["Labels", "map[string]string", '`json:"labels,omitempty"`'],
      ["Items", "[]string", '`json:"items,omitempty"`'],
      ["Count", "int32", '`json:"count"`'],
    ];
    if (r.chance(0.5)) fields.push(["Generation", "int64", '`json:"generation,omitempty"`']);
    const code = `// ${T} is generated from the API definition.
type ${T} struct {
${align(fields)}
}

// DeepCopyInto copies the receiver into out. in must be non-nil.
func (in *${T}) DeepCopyInto(out *${T}) {
	*out = *in
	if in.Labels != nil {
		in, out := &in.Labels, &out.Labels
		*out = make(map[string]string, len(*in))
		for key, val := range *in {
			(*out)[key] = val
		}
	}
	if in.Items != nil {
		in, out := &in.Items, &out.Items
		*out = make([]string, len(*in))
		copy(*out, *in)
	}
}

// DeepCopy creates a new ${T} by copying the receiver.
func (in *${T}) DeepCopy() *${T} {
	if in == nil {
		return nil
	}
	out := new(${T})
	in.DeepCopyInto(out)
	return out
}
`;
    parts.push(code);
    size += code.length + 1;
  }
  const rows: string[] = [];
  const tableBytes = Math.max(0, spec.targetBytes - size);
  // One row of 16 bytes is 97 characters.
  for (let n = 0; n < tableBytes / 97; n++) {
    const row: string[] = [];
    for (let b = 0; b < 16; b++)
      row.push(
        "0x" +
          Math.floor(r.next() * 256)
            .toString(16)
            .padStart(2, "0") +
          ",",
      );
    rows.push("\t" + row.join(" "));
  }
  const table = `var fileDescriptor${spec.pkg} = []byte{\n\t// ${rows.length * 16} bytes of a gzipped FileDescriptorProto\n${rows.join("\n")}\n}\n`;
  return `// Code generated by deepcopy-gen. DO NOT EDIT.\n\npackage ${spec.pkg}\n\n${parts.join("\n")}\n${table}`;
}

// ---------------------------------------------------------------------------------------------
// The repository

const GO_VERSIONS = ["1.14", "1.22", "1.22", "1.21", "1.19", "1.14", "1.16", "1.22"] as const;

function goMod(module: string, version: string): string {
  return `module ${module}\n\ngo ${version}\n\nrequire (\n\tgithub.com/acme/kit v1.4.2\n\tgolang.org/x/sync v0.7.0\n)\n`;
}

function dockerfile(svc: string, version: string, r: Rand): string {
  const alpine = r.chance(0.5) ? "-alpine" : "";
  const godebug = r.chance(0.3) ? "ENV GODEBUG=madvdontneed=1\n" : "";
  return `FROM golang:${version}${alpine} AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -o /out/${svc} ./cmd/${svc}

FROM gcr.io/distroless/static-debian12
COPY --from=build /out/${svc} /${svc}
${godebug}USER nonroot
ENTRYPOINT ["/${svc}"]
`;
}

const WORKFLOW = `name: ci
on: [push, pull_request]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-go@v5
        with:
          go-version: "1.22"
      - run: go test ./...
`;

/** Sizes of the analysed files, scaled so that everything adds up to the target. */
function sizePlan(count: number, targetBytes: number, r: Rand): { size: number; huge: boolean }[] {
  const hugeCount = Math.max(1, Math.round(count * 0.0015));
  const plan: { size: number; huge: boolean }[] = [];
  for (let i = 0; i < count; i++) {
    const x = r.next();
    let size: number;
    if (x < 0.8) size = 1024 + Math.pow(r.next(), 1.6) * 7 * 1024;
    else if (x < 0.975) size = 10 * 1024 + r.next() * 30 * 1024;
    else size = 50 * 1024 + Math.pow(r.next(), 1.5) * 150 * 1024;
    plan.push({ size, huge: false });
  }
  for (let i = 0; i < hugeCount; i++) {
    plan[Math.floor(r.next() * count)] = { size: (0.8 + r.next() * 0.4) * 1024 * 1024, huge: true };
  }
  const hugeBytes = plan.filter((p) => p.huge).reduce((a, p) => a + p.size, 0);
  const restBytes = plan.filter((p) => !p.huge).reduce((a, p) => a + p.size, 0);
  const scale = Math.max(0.2, (targetBytes - hugeBytes) / restBytes);
  for (const p of plan) if (!p.huge) p.size = Math.max(700, Math.round(p.size * scale));
  return plan;
}

export function generateCorpus(options: CorpusOptions, dir: string): CorpusManifest {
  const r = new Rand(prng(options.seed));
  const totalBytes = options.mb * 1e6;
  const vendorCount = Math.round(options.files * 0.04);
  const testdataCount = Math.max(1, Math.round(options.files * 0.005));
  const analysedCount = options.files - vendorCount - testdataCount;
  // vendor/ and testdata/ are small files: about 2.5% of the bytes.
  const analysedTarget = totalBytes * 0.975;
  const plan = sizePlan(analysedCount, analysedTarget, r);

  const m: CorpusManifest = {
    generatorVersion: GENERATOR_VERSION,
    seed: options.seed,
    files: options.files,
    mb: options.mb,
    dir,
    goFiles: 0,
    goBytes: 0,
    analysedFiles: 0,
    analysedBytes: 0,
    vendorFiles: 0,
    testdataFiles: 0,
    testFiles: 0,
    generatedFiles: 0,
    filesWithDefer: 0,
    filesWithDeferInLoop: 0,
    goMods: 0,
    dockerfiles: 0,
    largestFileBytes: 0,
  };
  const made = new Set<string>();
  const write = (path: string, text: string): void => {
    const full = join(dir, path);
    const parent = dirname(full);
    if (!made.has(parent)) {
      mkdirSync(parent, { recursive: true });
      made.add(parent);
    }
    writeFileSync(full, text);
    if (path.endsWith(".go")) {
      const bytes = Buffer.byteLength(text);
      m.goFiles++;
      m.goBytes += bytes;
      m.largestFileBytes = Math.max(m.largestFileBytes, bytes);
      if (text.includes("defer")) m.filesWithDefer++;
      if (!path.startsWith("vendor/") && !path.includes("/testdata/")) {
        m.analysedFiles++;
        m.analysedBytes += bytes;
      }
    }
  };

  write("go.mod", goMod("example.com/platform", "1.22"));
  write(".github/workflows/ci.yml", WORKFLOW);
  m.goMods++;

  const used = new Set<string>();
  let svcIndex = -1;
  let svcLeft = 0;
  let svc = "";
  let pkgDir = "";
  let pkgName = "";
  let pkgLeft = 0;
  const perService = Math.max(
    40,
    Math.round(analysedCount / Math.max(1, Math.round(analysedCount / 250))),
  );
  for (let i = 0; i < plan.length; i++) {
    if (svcLeft <= 0) {
      svcIndex++;
      const base = SERVICES[svcIndex % SERVICES.length]!;
      svc =
        svcIndex < SERVICES.length ? base : `${base}${Math.floor(svcIndex / SERVICES.length) + 1}`;
      svcLeft = perService;
      const version = r.pick(GO_VERSIONS);
      write(`services/${svc}/go.mod`, goMod(`example.com/platform/services/${svc}`, version));
      m.goMods++;
      write(`services/${svc}/Dockerfile`, dockerfile(svc, r.chance(0.7) ? version : "1.22", r));
      m.dockerfiles++;
      write(
        `services/${svc}/cmd/${svc}/main.go`,
        `package main\n\nimport (\n\t"fmt"\n\t"os"\n)\n\nfunc main() {\n\tif len(os.Args) > 1 {\n\t\tfmt.Println("${svc}:", os.Args[1])\n\t}\n}\n`,
      );
      pkgLeft = 0;
    }
    if (pkgLeft <= 0) {
      const depth = r.int(1, 3);
      const segs = Array.from({ length: depth }, () => r.pick(NOUNS));
      pkgName = segs[segs.length - 1]!;
      pkgDir = `services/${svc}/${r.chance(0.7) ? "internal" : "pkg"}/${segs.join("/")}`;
      pkgLeft = r.int(5, 40);
    }
    const p = plan[i]!;
    let name: string;
    let text: string;
    if (p.huge) {
      name = `zz_generated_${r.pick(NOUNS)}.go`;
      const dirOf = `services/${svc}/api/gen/${pkgName}`;
      text = generatedFile(
        { pkg: pkgName, targetBytes: p.size, hasDefer: false, deferInLoop: false },
        r,
      );
      name = `${dirOf}/${name}`;
      m.generatedFiles++;
    } else {
      const isTest = p.size < 40 * 1024 && r.chance(0.18);
      const hasDefer = r.chance(isTest ? 0.25 : 0.35);
      const spec: FileSpec = {
        pkg: pkgName,
        targetBytes: p.size,
        hasDefer,
        deferInLoop: hasDefer && !isTest && r.chance(0.09),
      };
      name = `${pkgDir}/${r.pick(NOUNS)}_${r.pick(VERBS)}${isTest ? "_test" : ""}.go`;
      if (isTest) {
        text = testFile(spec, r).text;
        m.testFiles++;
      } else {
        const f = sourceFile(spec, r);
        text = f.text;
        if (f.loop) m.filesWithDeferInLoop++;
      }
    }
    let unique = name;
    for (let n = 2; used.has(unique); n++) unique = name.replace(/(_test)?\.go$/, `${n}$1.go`);
    used.add(unique);
    write(unique, text);
    pkgLeft--;
    svcLeft--;
  }

  // testdata/: inputs of tests, often not valid Go on purpose; gomemcheck and gofmt baseline skip it.
  for (let i = 0; i < testdataCount; i++) {
    write(
      `services/${SERVICES[i % SERVICES.length]}/internal/testdata/case${i}.go`,
      `package broken\n\nfunc f() {\n\tfor {\n\t\tdefer g(\n}\n`,
    );
    m.testdataFiles++;
  }
  // vendor/: third-party packages, skipped by gomemcheck.
  const vendorLibs = Math.max(1, Math.round(vendorCount / 20));
  const modules: string[] = [];
  for (let i = 0; i < vendorCount; i++) {
    const lib = `github.com/${r.pick(["acme", "octo", "nimbus", "zeta"])}/${r.pick(NOUNS)}kit${i % vendorLibs}`;
    if (!modules.includes(lib)) modules.push(lib);
    const pkg = `${r.pick(NOUNS)}kit`;
    const f = sourceFile(
      { pkg, targetBytes: r.int(2, 6) * 1024, hasDefer: r.chance(0.3), deferInLoop: false },
      r,
    );
    let path = `vendor/${lib}/${r.pick(NOUNS)}.go`;
    for (let n = 2; used.has(path); n++) path = path.replace(/\d*\.go$/, `${n}.go`);
    used.add(path);
    write(path, f.text);
    m.vendorFiles++;
  }
  write("vendor/modules.txt", modules.map((l) => `# ${l} v1.0.0\n## explicit\n${l}\n`).join(""));
  return m;
}

// ---------------------------------------------------------------------------------------------

function main(): void {
  const { values } = parseArgs({
    options: {
      files: { type: "string" },
      mb: { type: "string" },
      seed: { type: "string" },
      out: { type: "string" },
    },
  });
  const options: CorpusOptions = {
    files: Number(values.files ?? DEFAULT_CORPUS.files),
    mb: Number(values.mb ?? DEFAULT_CORPUS.mb),
    seed: Number(values.seed ?? DEFAULT_CORPUS.seed),
    ...(values.out ? { out: values.out } : {}),
  };
  const started = performance.now();
  const m = ensureCorpus(options);
  console.log(JSON.stringify(m, null, 2));
  console.error(`corpus ready in ${((performance.now() - started) / 1000).toFixed(1)} s: ${m.dir}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main();
