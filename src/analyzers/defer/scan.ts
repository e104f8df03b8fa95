// One walk over a parsed Go file that records what defer-in-loop asks about many times: every
// defer inside a loop with its loop chain and function, per-loop facts (exits, bounds), and
// indexes of identifiers, bindings and calls by name. Questions about one defer then cost a
// lookup instead of a walk over its loop or function, which keeps the analyzer n·log n.
import type { Node } from "../../parse/go-parser.ts";

export const FUNCTION_TYPES: ReadonlySet<string> = new Set([
  "func_literal",
  "function_declaration",
  "method_declaration",
]);

/** What the walk learns about one `for` statement. */
export interface LoopFacts {
  node: Node;
  /** The function whose body holds the loop. */
  fn: FunctionFacts;
  /** The loop around this one in the same function, if any. */
  parent: LoopFacts | null;
  label: string | undefined;
  /** Start offsets of `continue` statements aimed at this loop, in text order. */
  continues: number[];
  /** A `ctx.Done()`, `ctx.Err()`, `time.After` or deadline test somewhere in the body. */
  bodyBound: boolean;
  /** Defers whose innermost loop this is, in text order. */
  defers: Node[];
  /** Some loop inside this one (same function) holds a defer. */
  holdsDeferLoop: boolean;
  /** Judgements about the loop itself, computed once (a loop can hold thousands of defers). */
  memo: { trips?: string | null; shape?: string | null; lastLeaves?: boolean };
}

export interface FunctionFacts {
  node: Node;
  parent: FunctionFacts | null;
  /** The name of a `*testing.T`/`*testing.B`/`testing.TB` parameter here or in an enclosing function. */
  tester: string | null;
  /** Whether `tester` is a parameter of this very function (a per-subtest `t`). */
  ownTester: boolean;
  /** Named results, if any. */
  namedResults: string[];
  /** break, continue and goto statements by the label they name. */
  labelUses: Map<string, Node[]>;
}

/** A name bound by a declaration or assignment: `x := ...`, `x = ...`, `var x`, a parameter. */
export interface Binding {
  /** The statement (short_var_declaration, assignment_statement, var_spec, ...) or the parameter. */
  node: Node;
  /** Start offset of the name. */
  at: number;
  /** Position of the name in the left-hand side. */
  position: number;
  /** Declares (:=, var, parameter, range :=) rather than assigns. */
  declares: boolean;
}

export interface DeferSite {
  node: Node;
  loop: LoopFacts;
}

export interface FileScan {
  sites: DeferSite[];
  /** Identifiers by name, in text order. */
  identifiers: Map<string, Node[]>;
  /** Every identifier, in text order. */
  allIdentifiers: Node[];
  bindings: Map<string, Binding[]>;
  /** Calls by their function's text (`mu.Lock`), for short selector callees, in text order. */
  calls: Map<string, Node[]>;
  /** Start offsets of every goto statement, in text order. */
  gotos: number[];
  /** Field names declared with a channel type anywhere in the file. */
  channelFields: Set<string>;
  /** Top-level functions by name. */
  functions: Map<string, Node>;
  /** Package-level variables (`var_spec` outside every function) by name. */
  globals: Map<string, Binding>;
}

const BOUND_MARKERS = new Set(["Done", "Err", "Deadline"]);
const TIMERS = new Set(["time.After", "time.Since", "time.Until", "time.NewTimer"]);

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function testerOf(fn: Node): string | null {
  const params = fn.childForFieldName("parameters");
  for (const p of params?.namedChildren ?? []) {
    if (p?.type !== "parameter_declaration") continue;
    const type = p.childForFieldName("type")?.text.replace(/\s+/g, "");
    if (type !== "*testing.T" && type !== "*testing.B" && type !== "testing.TB") continue;
    const name = p.childForFieldName("name")?.text;
    if (name && name !== "_") return name;
  }
  return null;
}

function namedResultsOf(fn: Node): string[] {
  const result = fn.childForFieldName("result");
  if (result?.type !== "parameter_list") return [];
  return result.namedChildren.flatMap((p) =>
    p ? p.childrenForFieldName("name").flatMap((n) => (n ? [n.text] : [])) : [],
  );
}

/** Names on the left of a declaration or assignment, with their positions. */
function leftNames(node: Node): Node[] {
  const left = node.childForFieldName("left");
  if (!left) return [];
  return left.type === "expression_list"
    ? left.namedChildren.filter((c): c is Node => !!c)
    : [left];
}

function recordBindings(scan: FileScan, node: Node, global: boolean): void {
  const add = (name: Node, position: number, declares: boolean): void => {
    if (name.type !== "identifier") return;
    const binding = { node, at: name.startIndex, position, declares };
    push(scan.bindings, name.text, binding);
    if (global && node.type === "var_spec") scan.globals.set(name.text, binding);
  };
  switch (node.type) {
    case "short_var_declaration":
      leftNames(node).forEach((n, i) => add(n, i, true));
      break;
    case "assignment_statement":
      leftNames(node).forEach((n, i) => add(n, i, false));
      break;
    case "range_clause": {
      const declares = node.children.some((c) => c?.type === ":=");
      leftNames(node).forEach((n, i) => add(n, i, declares));
      break;
    }
    case "receive_statement":
      leftNames(node).forEach((n, i) => add(n, i, true));
      break;
    case "type_switch_statement": {
      const alias = node.childForFieldName("alias");
      const names = alias?.type === "expression_list" ? alias.namedChildren : [alias];
      names.forEach((n, i) => n && add(n, i, true));
      break;
    }
    case "inc_statement":
    case "dec_statement": {
      const operand = node.namedChildren[0];
      if (operand) add(operand, 0, false);
      break;
    }
    case "var_spec":
    case "parameter_declaration":
    case "variadic_parameter_declaration":
      node.childrenForFieldName("name").forEach((n, i) => n && add(n, i, true));
      break;
  }
}

const BINDING_TYPES = new Set([
  "type_switch_statement",
  "inc_statement",
  "dec_statement",
  "short_var_declaration",
  "assignment_statement",
  "range_clause",
  "receive_statement",
  "var_spec",
  "parameter_declaration",
  "variadic_parameter_declaration",
]);

/** What the scan asks tree-sitter for in a declaration that holds a candidate defer. */
const SCANNED_TYPES = [
  ...FUNCTION_TYPES,
  "for_statement",
  "labeled_statement",
  "defer_statement",
  "continue_statement",
  "break_statement",
  "goto_statement",
  "identifier",
  "call_expression",
  "field_declaration",
  ...BINDING_TYPES,
];
/** In other top-level declarations only bindings (a package-level channel) and struct fields count. */
const DECLARED_TYPES = [...BINDING_TYPES, "field_declaration"];

const DEADLINE = /deadline/i;
const DEADLINES = /deadline/gi;

/**
 * Indexes a parsed file. Top-level functions for which `include` says no are only named. The
 * nodes come from tree-sitter's own walk (`descendantsOfType`, in WebAssembly, in text order), so
 * only the kinds the judgement asks about become JavaScript objects; loops and functions nest by
 * their ranges. No recursion: nesting can be thousands deep. Parents are found on demand
 * (`parentOf`).
 */
export function scanFile(root: Node, include: (decl: Node) => boolean = () => true): FileScan {
  const scan: FileScan = {
    sites: [],
    identifiers: new Map(),
    allIdentifiers: [],
    bindings: new Map(),
    calls: new Map(),
    gotos: [],
    channelFields: new Set(),
    functions: new Map(),
    globals: new Map(),
  };
  let fn: FunctionFacts | null = null;
  let loop: LoopFacts | null = null;
  let labels = new Map<string, LoopFacts>();
  /** Open functions and loops, innermost last; a function keeps what it hid of its parent. */
  type Open =
    | { kind: "fn"; end: number; loop: LoopFacts | null; labels: Map<string, LoopFacts> }
    | { kind: "loop"; end: number };
  const open: Open[] = [];
  /** The statement a label names, by node id. */
  const labelled = new Map<number, string>();

  const close = (entry: Open): void => {
    if (entry.kind === "fn") {
      loop = entry.loop;
      labels = entry.labels;
      fn = fn?.parent ?? null;
      return;
    }
    const done = loop;
    if (!done) return;
    if (done.label !== undefined) labels.delete(done.label);
    loop = done.parent;
    if (loop) {
      loop.bodyBound ||= done.bodyBound;
      loop.holdsDeferLoop ||= done.defers.length > 0 || done.holdsDeferLoop;
    }
  };
  /** Closes what ends at or before `at`. */
  const closeBefore = (at: number): void => {
    for (let top = open.at(-1); top && top.end <= at; top = open.at(-1)) close(open.pop()!);
  };

  const enter = (node: Node): void => {
    const type = node.type;
    if (FUNCTION_TYPES.has(type)) {
      open.push({ kind: "fn", end: node.endIndex, loop, labels });
      const own = testerOf(node);
      fn = {
        node,
        parent: fn,
        tester: own ?? fn?.tester ?? null,
        ownTester: own !== null,
        namedResults: namedResultsOf(node),
        labelUses: new Map(),
      };
      loop = null;
      labels = new Map();
      return;
    }
    switch (type) {
      case "for_statement": {
        if (!fn) return;
        const label = labelled.get(node.id);
        open.push({ kind: "loop", end: node.endIndex });
        loop = {
          node,
          fn,
          parent: loop,
          label,
          continues: [],
          bodyBound: false,
          defers: [],
          holdsDeferLoop: false,
          memo: {},
        };
        if (label !== undefined) labels.set(label, loop);
        return;
      }
      case "labeled_statement": {
        const label = node.childForFieldName("label")?.text;
        const statement = node.namedChildren.at(-1);
        if (label !== undefined && statement?.type === "for_statement")
          labelled.set(statement.id, label);
        return;
      }
      case "defer_statement":
        if (loop) {
          scan.sites.push({ node, loop });
          loop.defers.push(node);
        }
        return;
      case "continue_statement":
      case "break_statement":
      case "goto_statement": {
        const label = node.namedChildren.find((c) => c?.type === "label_name")?.text;
        if (fn && label !== undefined) push(fn.labelUses, label, node);
        if (type === "continue_statement") {
          const target = label === undefined ? loop : labels.get(label);
          target?.continues.push(node.startIndex);
        } else if (type === "goto_statement") scan.gotos.push(node.startIndex);
        return;
      }
      case "identifier": {
        const name = node.text;
        push(scan.identifiers, name, node);
        scan.allIdentifiers.push(node);
        if (loop && DEADLINE.test(name)) loop.bodyBound = true;
        return;
      }
      case "call_expression": {
        const callee = node.childForFieldName("function");
        if (callee?.type === "identifier") push(scan.calls, callee.text, node);
        if (callee?.type === "selector_expression") {
          const text = callee.text;
          if (text.length <= 200) push(scan.calls, text, node);
          const field = callee.childForFieldName("field")?.text ?? "";
          if (loop && (BOUND_MARKERS.has(field) || TIMERS.has(text))) loop.bodyBound = true;
        }
        return;
      }
      case "field_declaration":
        if (node.childForFieldName("type")?.type === "channel_type") {
          for (const n of node.childrenForFieldName("name")) if (n) scan.channelFields.add(n.text);
        }
        return;
    }
    if (BINDING_TYPES.has(type)) recordBindings(scan, node, fn === null);
  };

  /**
   * Offsets of the field names in `decl` that spell "deadline": like identifiers, they bound the
   * loop around them. Found in the text, so that field names do not all become objects.
   */
  const deadlineFields = (decl: Node): number[] => {
    const out: number[] = [];
    const slice = decl.text;
    DEADLINES.lastIndex = 0;
    for (let m = DEADLINES.exec(slice); m; m = DEADLINES.exec(slice)) {
      const at = decl.startIndex + m.index;
      if (decl.descendantForIndex(at, at + m[0].length)?.type === "field_identifier") out.push(at);
    }
    return out;
  };

  const scanDecl = (decl: Node): void => {
    const fields = deadlineFields(decl);
    let f = 0;
    const fieldsBefore = (at: number): void => {
      for (; f < fields.length && fields[f]! < at; f++) {
        closeBefore(fields[f]!);
        if (loop) loop.bodyBound = true;
      }
    };
    for (const node of decl.descendantsOfType(SCANNED_TYPES)) {
      if (!node) continue;
      const at = node.startIndex;
      fieldsBefore(at);
      closeBefore(at);
      enter(node);
    }
    fieldsBefore(Infinity);
    while (open.length > 0) close(open.pop()!);
  };

  for (const decl of root.children) {
    if (!decl) continue;
    const type = decl.type;
    if (type === "function_declaration") {
      const name = decl.childForFieldName("name")?.text;
      if (name) scan.functions.set(name, decl);
    }
    if (include(decl)) scanDecl(decl);
    else if (!FUNCTION_TYPES.has(type) && type !== "comment" && decl.text.includes("chan")) {
      // Elsewhere the judgement reads only package-level channels and channel fields.
      for (const node of decl.descendantsOfType(DECLARED_TYPES)) if (node) enter(node);
    }
  }
  // Names sit in the order of their statements, except a few nested ones: sort once.
  for (const list of scan.bindings.values()) list.sort((a, b) => a.at - b.at);
  return scan;
}

/** Index of the first element >= value in a sorted array. */
export function lowerBound(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] ?? 0) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Is there an element in [from, to)? */
export function anyIn(sorted: readonly number[], from: number, to: number): boolean {
  const i = lowerBound(sorted, from);
  return i < sorted.length && (sorted[i] ?? Infinity) < to;
}

/** Nodes of a list sorted by start offset whose start lies in [from, to), at most `cap` + 1 of them. */
export function nodesIn(sorted: readonly Node[], from: number, to: number, cap: number): Node[] {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid]?.startIndex ?? 0) < from) lo = mid + 1;
    else hi = mid;
  }
  const out: Node[] = [];
  for (let i = lo; i < sorted.length && out.length <= cap; i++) {
    const n = sorted[i];
    if (!n || n.startIndex >= to) break;
    out.push(n);
  }
  return out;
}

/** The last binding of `name` that starts in [from, before), or undefined. */
export function lastBinding(
  scan: FileScan,
  name: string,
  from: number,
  before: number,
): Binding | undefined {
  const list = scan.bindings.get(name);
  if (!list) return undefined;
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((list[mid]?.at ?? 0) < before) lo = mid + 1;
    else hi = mid;
  }
  const b = list[lo - 1];
  return b && b.at >= from ? b : undefined;
}

/** Bindings of `name` that start in [from, to), at most `cap` + 1 of them. */
export function bindingsIn(
  scan: FileScan,
  name: string,
  from: number,
  to: number,
  cap = Infinity,
): Binding[] {
  const list = scan.bindings.get(name) ?? [];
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((list[mid]?.at ?? 0) < from) lo = mid + 1;
    else hi = mid;
  }
  const out: Binding[] = [];
  for (let i = lo; i < list.length; i++) {
    const b = list[i];
    if (!b || b.at >= to || out.length > cap) break;
    out.push(b);
  }
  return out;
}
