// One walk over a parsed Go file that records what defer-in-loop asks about many times: every
// defer inside a loop with its loop chain and function, per-loop facts (exits, bounds), and
// indexes of identifiers, bindings and calls by name. Questions about one defer then cost a
// lookup instead of a walk over its loop or function, which keeps the analyzer n·log n.
import { rememberParent } from "../../parse/ancestors.ts";
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

function recordBindings(scan: FileScan, node: Node): void {
  const add = (name: Node, position: number, declares: boolean): void => {
    if (name.type !== "identifier") return;
    push(scan.bindings, name.text, { node, at: name.startIndex, position, declares });
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

/** Walks the tree once (a cursor, no recursion: nesting can be thousands deep), recording parents. */
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
  };
  let fn: FunctionFacts | null = null;
  let loop: LoopFacts | null = null;
  // Per function: its innermost open loop and its labels, restored when the function ends.
  const saved: { loop: LoopFacts | null; labels: Map<string, LoopFacts> }[] = [];
  let labels = new Map<string, LoopFacts>();

  const enter = (node: Node, path: readonly Node[]): void => {
    const type = node.type;
    if (FUNCTION_TYPES.has(type)) {
      if (type === "function_declaration") {
        const name = node.childForFieldName("name")?.text;
        if (name) scan.functions.set(name, node);
      }
      saved.push({ loop, labels });
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
    } else if (type === "for_statement" && fn) {
      const holder = path.at(-1);
      const label =
        holder?.type === "labeled_statement" ? holder.childForFieldName("label")?.text : undefined;
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
    } else if (type === "defer_statement") {
      if (loop) {
        scan.sites.push({ node, loop });
        loop.defers.push(node);
      }
    }
    if (
      fn &&
      (type === "continue_statement" || type === "break_statement" || type === "goto_statement")
    ) {
      const label = node.namedChildren.find((c) => c?.type === "label_name")?.text;
      if (label !== undefined) push(fn.labelUses, label, node);
    }
    if (type === "continue_statement") {
      const label = node.namedChildren.find((c) => c?.type === "label_name")?.text;
      const target = label === undefined ? loop : labels.get(label);
      target?.continues.push(node.startIndex);
    } else if (type === "goto_statement") {
      scan.gotos.push(node.startIndex);
    } else if (type === "identifier") {
      push(scan.identifiers, node.text, node);
      scan.allIdentifiers.push(node);
    } else if (type === "call_expression") {
      const callee = node.childForFieldName("function");
      if (callee?.type === "identifier") push(scan.calls, callee.text, node);
      if (callee?.type === "selector_expression") {
        const text = callee.text;
        if (text.length <= 200) push(scan.calls, text, node);
        const field = callee.childForFieldName("field")?.text ?? "";
        if (loop && (BOUND_MARKERS.has(field) || TIMERS.has(text))) loop.bodyBound = true;
      }
    } else if (type === "field_declaration") {
      if (node.childForFieldName("type")?.type === "channel_type") {
        for (const n of node.childrenForFieldName("name")) if (n) scan.channelFields.add(n.text);
      }
    }
    if (BINDING_TYPES.has(type)) recordBindings(scan, node);
    if (
      loop &&
      (type === "field_identifier" || type === "identifier") &&
      /deadline/i.test(node.text)
    )
      loop.bodyBound = true;
  };

  const exit = (node: Node): void => {
    if (FUNCTION_TYPES.has(node.type)) {
      const back = saved.pop();
      loop = back?.loop ?? null;
      labels = back?.labels ?? new Map();
      fn = fn?.parent ?? null;
    } else if (node.type === "for_statement" && loop && loop.node.id === node.id) {
      const done: LoopFacts = loop;
      if (done.label !== undefined) labels.delete(done.label);
      loop = done.parent;
      if (loop) {
        loop.bodyBound ||= done.bodyBound;
        loop.holdsDeferLoop ||= done.defers.length > 0 || done.holdsDeferLoop;
      }
    }
  };

  // One declaration at a time: a function with no defer in a loop needs no index.
  const walkFrom = (top: Node, parent: Node): void => {
    const cursor = top.walk();
    const path: Node[] = [parent];
    try {
      for (;;) {
        const node = cursor.currentNode;
        // Judgement looks up from many nodes: this walk records every parent on the way.
        rememberParent(node, path.at(-1) ?? null);
        enter(node, path);
        path.push(node);
        if (cursor.gotoFirstChild()) continue;
        for (;;) {
          const done = path.pop();
          if (done) exit(done);
          if (path.length <= 1) return;
          if (cursor.gotoNextSibling()) break;
          cursor.gotoParent();
        }
      }
    } finally {
      cursor.delete();
    }
  };
  rememberParent(root, null);
  for (const decl of root.children) {
    if (!decl) continue;
    if (!FUNCTION_TYPES.has(decl.type) || include(decl)) {
      walkFrom(decl, root);
      continue;
    }
    rememberParent(decl, root);
    const name =
      decl.type === "function_declaration" ? decl.childForFieldName("name")?.text : undefined;
    if (name) scan.functions.set(name, decl);
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
