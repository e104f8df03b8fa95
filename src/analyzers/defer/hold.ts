// What a deferred call in a loop holds, and whether it is meant to outlive the iteration: a value
// made in the iteration and then stored outside the loop, sent, captured by a goroutine, returned
// or read after the loop is a deliberate hold; releasing it per iteration would break later code.
// Every walk here is capped: past a cap the answer is "cannot tell", never a guess that allows a fix.
import type { Node } from "../../parse/go-parser.ts";
import { parentOf } from "../../parse/ancestors.ts";
import type { FileScan, LoopFacts } from "./scan.ts";
import { bindingsIn, lastBinding, nodesIn } from "./scan.ts";
import { NUMERIC_TYPES } from "./go-types.ts";

const MAX_NAMES = 16;

/** Methods whose results are plain values: they never keep their receiver alive. */
const PLAIN_GETTERS =
  /^(Size|Len|Cap|Name|String|Mode|IsDir|ModTime|Error|Err|Int|Int64|Uint64|Float64|Bool|Count|Unix|UnixNano|Seconds|Milliseconds|Equal|Compare|Contains|Has|Is[A-Z]\w*)$/;

const BASIC = new Set(["bool", "string", ...NUMERIC_TYPES]);
const MAX_USES = 64;
const MAX_CLIMB = 24;

export type Hold =
  /** Only values from before the loop: the same call repeats, once per iteration, at return. */
  | { kind: "invariant" }
  /** Per-iteration values that stay inside the iteration. */
  | { kind: "local"; names: string[]; lastUse: number }
  /** A per-iteration value outlives the iteration. */
  | { kind: "deliberate"; how: string; line: number; usedAfter?: number }
  /** It goes where we cannot see (a call of another package or function). */
  | { kind: "unknown"; names: string[]; callee: string; line: number; lastUse: number };

export interface HoldInput {
  scan: FileScan;
  deferNode: Node;
  call: Node | undefined;
  loop: LoopFacts;
  /** 0-based row of an offset (tree-sitter index) as a 1-based line. */
  lineOf: (n: Node) => number;
}

/** Calls that use their arguments and keep nothing (standard library helpers, builtins). */
const KEEPS_NOTHING =
  /^(fmt|io|bufio|bytes|strings|strconv|errors|log|slog|json|xml|binary|hex|base64|filepath|path|sort|slices|maps|reflect|utf8|unicode|math|time|os|ioutil|atomic|syscall|unix|windows|poll)\.|^(len|cap|copy|delete|close|print|println|min|max|panic|string|int|int64|uint64|float64|byte|rune)$/;

function rootOf(expr: Node | null | undefined): Node | null {
  for (let n = expr; n;) {
    switch (n.type) {
      case "identifier":
        return n;
      case "selector_expression":
      case "index_expression":
      case "slice_expression":
      case "type_assertion_expression":
        n = n.childForFieldName("operand");
        continue;
      case "parenthesized_expression":
        n = n.namedChildren[0];
        continue;
      case "unary_expression":
        n = n.childForFieldName("operand");
        continue;
      case "call_expression":
        n = n.childForFieldName("function");
        continue;
      default:
        return null;
    }
  }
  return null;
}

/** Identifiers the deferred call evaluates or, for a literal, reads. */
function operands(input: HoldInput): Node[] {
  const { scan, call } = input;
  if (!call) return [];
  return nodesIn(scan.allIdentifiers, call.startIndex, call.endIndex, 4 * MAX_USES);
}

/** Bound (declared or assigned) in the loop before `before`, or assigned anywhere in the loop. */
function perIteration(scan: FileScan, loop: Node, name: string, before: number): boolean {
  if (lastBinding(scan, name, loop.startIndex, before)) return true;
  return bindingsIn(scan, name, loop.startIndex, loop.endIndex, MAX_USES).some((x) => !x.declares);
}

/** Declared (not merely assigned) inside the loop, before `before`. */
function declaredInLoop(scan: FileScan, loop: Node, name: string, before: number): boolean {
  return bindingsIn(scan, name, loop.startIndex, before, MAX_USES).some((b) => b.declares);
}

/**
 * Does a later pass read the value of an outside variable the loop assigns: a use in the body
 * that no assignment before it in the same block (or an enclosing one) covers, as with a value
 * set once under `if x == nil { x = ... }` and read by every pass?
 */
function carriedAcross(input: HoldInput, name: string): boolean {
  const { scan, deferNode, loop: facts } = input;
  const body = facts.node.childForFieldName("body");
  if (!body) return false;
  const writes = bindingsIn(scan, name, body.startIndex, body.endIndex, MAX_USES).filter(
    (b) => !b.declares,
  );
  const uses = nodesIn(scan.identifiers.get(name) ?? [], body.startIndex, body.endIndex, MAX_USES);
  if (uses.length > MAX_USES) return true;
  return uses.some((u) => {
    if (u.startIndex >= deferNode.startIndex && u.endIndex <= deferNode.endIndex) return false;
    if (writes.some((w) => w.at === u.startIndex)) return false;
    return !writes.some((w) => {
      const list = parentOf(w.node);
      return !!list && w.at < u.startIndex && u.endIndex <= list.endIndex;
    });
  });
}

/** Containers declared outside the loop whose elements the deferred call releases. */
function containers(input: HoldInput, held: string[]): string[] {
  const { scan, deferNode, call, loop } = input;
  const out: string[] = [];
  if (call) {
    for (const id of operands(input)) {
      const p = parentOf(id);
      if (p?.type !== "index_expression" || p.childForFieldName("operand")?.id !== id.id) continue;
      if (!perIteration(scan, loop.node, id.text, deferNode.startIndex)) out.push(id.text);
    }
  }
  for (const name of held) {
    const b = lastBinding(scan, name, loop.node.startIndex, deferNode.startIndex);
    if (b?.node.type !== "range_clause") continue;
    const root = rootOf(b.node.childForFieldName("right"));
    if (root && !declaredInLoop(scan, loop.node, root.text, deferNode.startIndex))
      out.push(root.text);
  }
  return out;
}

export function analyzeHold(input: HoldInput): Hold {
  const { scan, deferNode, loop: facts, lineOf } = input;
  const loop = facts.node;
  const fnNode = facts.fn.node;
  const held: string[] = [];
  const seen = new Set<string>();
  const carried = (name: string): boolean => carriedAcross(input, name);
  for (const id of operands(input)) {
    const name = id.text;
    if (seen.has(name)) continue;
    seen.add(name);
    // A name the deferred literal declares itself is its own.
    if (lastBinding(scan, name, deferNode.startIndex, id.startIndex)) continue;
    if (perIteration(scan, loop, name, deferNode.startIndex)) held.push(name);
  }
  if (held.length === 0) return { kind: "invariant" };
  // What the call releases: the receiver of a method (`f` in `f.Close()`, `resp` in
  // `resp.Body.Close()`), or what a deferred literal calls methods on. A plain argument
  // (`release(i)`) is a copy; returning it keeps nothing the call releases.
  const owners = new Set<string>();
  const target = input.call?.childForFieldName("function");
  if (target?.type === "selector_expression") {
    const root = rootOf(target.childForFieldName("operand"));
    if (root) owners.add(root.text);
  } else if (target?.type === "func_literal") {
    for (const id of operands(input)) {
      const p = parentOf(id);
      if (p?.type === "selector_expression" && p.childForFieldName("operand")?.id === id.id)
        owners.add(id.text);
    }
  }
  for (const id of operands(input)) {
    const p = parentOf(id);
    if (p?.type === "index_expression" && p.childForFieldName("operand")?.id === id.id)
      owners.add(id.text);
  }

  // Values made with it: `ctx, cancel := context.WithTimeout(...)` holds ctx with cancel.
  for (const name of [...held]) {
    const b = lastBinding(scan, name, loop.startIndex, deferNode.startIndex);
    if (!b || (b.node.type !== "short_var_declaration" && b.node.type !== "assignment_statement"))
      continue;
    for (const n of b.node.childForFieldName("left")?.namedChildren ?? []) {
      // An error or ok result is not made with the value: returning it keeps nothing.
      if (n?.type !== "identifier" || /^(_|ok|err\w*|\w*Err)$/.test(n.text)) continue;
      if (held.includes(n.text)) continue;
      held.push(n.text);
      owners.add(n.text);
    }
  }
  // A per-iteration value kept in a variable declared outside the loop is there for later
  // iterations or the code after the loop.
  for (const name of held) {
    if (declaredInLoop(scan, loop, name, deferNode.startIndex)) continue;
    const after = nodesIn(scan.identifiers.get(name) ?? [], loop.endIndex, fnNode.endIndex, 0)[0];
    // An argument (`release(sset)`) counts when the code after the loop or a later pass reads it.
    if (!owners.has(name) && !after && !carried(name)) continue;
    return {
      kind: "deliberate",
      how: `it is kept in \`${name}\`, declared outside the loop`,
      line: lineOf(deferNode),
      usedAfter: after ? lineOf(after) : undefined,
    };
  }
  // An element of a container from outside the loop (`range files`, `fd[i]`) that the code after
  // the loop still reads: only for what the call releases (a receiver, an indexed argument).
  // Not read after the loop, it was still made before it: whoever else holds it is not in sight.
  let shared: string | undefined;
  for (const container of containers(
    input,
    held.filter((n) => owners.has(n)),
  )) {
    const after = nodesIn(
      scan.identifiers.get(container) ?? [],
      loop.endIndex,
      fnNode.endIndex,
      0,
    )[0];
    if (after) {
      return {
        kind: "deliberate",
        how: `it is an element of \`${container}\``,
        line: lineOf(deferNode),
        usedAfter: lineOf(after),
      };
    }
    shared ??= container;
  }

  const names = [...held];
  const queued = new Set(names);
  const tainted = new Set<string>();
  const derivedFrom = new Map<string, string[]>();
  let lastUse = deferNode.endIndex;
  let unknown: { callee: string; line: number } | null = null;
  for (let i = 0; i < names.length; i++) {
    const name = names[i] ?? "";
    const uses = nodesIn(
      scan.identifiers.get(name) ?? [],
      loop.startIndex,
      loop.endIndex,
      MAX_USES,
    );
    if (uses.length > MAX_USES) {
      // Too many uses to follow: where the last one is is not known either.
      unknown ??= {
        callee: `the loop's code from line ${lineOf(loop)}, which uses \`${name}\` more than ${MAX_USES} times,`,
        line: lineOf(loop),
      };
      lastUse = Infinity;
      continue;
    }
    for (const use of uses) {
      if (use.startIndex >= deferNode.startIndex && use.endIndex <= deferNode.endIndex) continue;
      if (use.startIndex > deferNode.endIndex) lastUse = Math.max(lastUse, use.endIndex);
      const literal = enclosingLiteral(use);
      const flow =
        literal === undefined
          ? ({
              kind: "unknown",
              callee: "an expression too deep to follow",
              line: lineOf(use),
            } as const)
          : literal
            ? literalFlow(literal, input)
            : follow(use, input);
      switch (flow.kind) {
        case "none":
          break;
        case "derived":
          for (const d of flow.names) {
            if (flow.viaMethod) tainted.add(d);
            derivedFrom.set(d, [name, ...(derivedFrom.get(name) ?? [])]);
            if (queued.has(d) || queued.size >= MAX_NAMES) continue;
            queued.add(d);
            names.push(d);
          }
          break;
        case "escapes":
          return { kind: "deliberate", how: flow.how, line: flow.line, usedAfter: flow.usedAfter };
        case "unknown":
          unknown ??= { callee: flow.callee, line: flow.line };
          break;
      }
    }
  }
  if (queued.size >= MAX_NAMES && !unknown) {
    unknown = { callee: "values made from it", line: lineOf(deferNode) };
  }
  if (shared !== undefined && !unknown) {
    const end = lineOf(loop) + loop.endPosition.row - loop.startPosition.row;
    unknown = {
      callee: `the code after the loop (from line ${end}), which may still use these elements of \`${shared}\` made before the loop,`,
      line: end,
    };
  }
  return unknown
    ? { kind: "unknown", names: held, ...unknown, lastUse }
    : { kind: "local", names: held, lastUse };

  // Where the value at `use` goes.
  function follow(
    use: Node,
    ctx: HoldInput,
  ):
    | { kind: "none" }
    | { kind: "derived"; names: string[]; viaMethod: boolean }
    | { kind: "escapes"; how: string; line: number; usedAfter?: number }
    | { kind: "unknown"; callee: string; line: number } {
    let cur: Node = use;
    let passedTo: Node | null = null;
    // A method's result (`line, ok := f.readLine()`) may or may not hold the receiver.
    let viaMethod = tainted.has(use.text);
    const subject =
      use.type === "func_literal"
        ? "a function literal that uses it"
        : use.text !== names[0] && !held.includes(use.text)
          ? `\`${clip(use.text)}\`, made from it,`
          : "it";
    for (let steps = 0; steps < MAX_CLIMB; steps++) {
      const p = parentOf(cur);
      if (!p || p.id === loop.id) return { kind: "none" };
      switch (p.type) {
        case "parenthesized_expression":
        case "type_assertion_expression":
        case "literal_element":
        case "keyed_element":
        case "literal_value":
        case "composite_literal":
          cur = p;
          continue;
        case "unary_expression": {
          const op = p.childForFieldName("operator")?.text;
          if (op === "&" || op === "*") {
            cur = p;
            continue;
          }
          return { kind: "none" };
        }
        case "selector_expression":
        case "index_expression":
        case "slice_expression":
          if (p.childForFieldName("operand")?.id !== cur.id) return { kind: "none" };
          // ctx.Err(), ctx.Done(), ctx.Value(k): nothing a context gives out keeps it.
          if (cur.id === use.id && isContext(use)) return { kind: "none" };
          cur = p;
          continue;
        case "argument_list": {
          const call = parentOf(p);
          if (!call) return { kind: "none" };
          const callee = call.childForFieldName("function");
          const text = callee?.text ?? "";
          if (
            text !== "append" &&
            !KEEPS_NOTHING.test(text) &&
            !callsOnLocal(callee) &&
            !isContext(use) &&
            !takesPlainValue(callee, p, cur)
          ) {
            passedTo ??= call;
          }
          if (parentOf(call)?.type === "go_statement") {
            return {
              kind: "escapes",
              how: `a goroutine started at line ${lineOf(call)} uses it`,
              line: lineOf(call),
            };
          }
          // A context's callees do not keep it; their results are not made from it.
          if (isContext(use)) return { kind: "none" };
          // Its result is made from the argument (`filepath.Join(dir, ...)`): follow it.
          cur = call;
          continue;
        }
        case "call_expression":
          // `h(...)` or `h.M(...)`: a method's result may hold the receiver (`tx := conn.Begin()`).
          if (p.childForFieldName("function")?.id !== cur.id) return { kind: "none" };
          if (cur.type !== "selector_expression") return { kind: "none" };
          // Getters of plain values (`st.Size()`, `f.Name()`) hold nothing of the receiver.
          if (PLAIN_GETTERS.test(cur.childForFieldName("field")?.text ?? ""))
            return { kind: "none" };
          viaMethod = true;
          cur = p;
          continue;
        case "func_literal":
          return literalFlow(p, ctx);
        case "expression_list": {
          const holder = parentOf(p);
          if (!holder) return { kind: "none" };
          if (holder.type === "return_statement") {
            if (!owners.has(names[0] ?? "") && !owned(use.text)) return { kind: "none" };
            if (viaMethod) return maybe(holder);
            return {
              kind: "escapes",
              how: `${subject} is returned at line ${lineOf(holder)}`,
              line: lineOf(holder),
            };
          }
          if (
            (holder.type === "assignment_statement" ||
              holder.type === "short_var_declaration" ||
              holder.type === "var_spec") &&
            holder.childForFieldName(holder.type === "var_spec" ? "value" : "right")?.id === p.id
          ) {
            const op = holder.childForFieldName("operator")?.text ?? "=";
            if (holder.type === "assignment_statement" && op !== "=") return { kind: "none" };
            const lefts =
              holder.type === "var_spec"
                ? holder.childrenForFieldName("name").filter((n): n is Node => !!n)
                : (holder.childForFieldName("left")?.namedChildren ?? []).filter(
                    (n): n is Node => !!n,
                  );
            const values = p.namedChildren.filter((n): n is Node => !!n);
            const at = values.findIndex((v) => v.id === cur.id);
            const targets = lefts.length === values.length && at >= 0 ? [lefts[at]!] : lefts;
            const derived: string[] = [];
            for (const t of targets) {
              const root = rootOf(t);
              if (!root || root.text === "_") continue;
              if (declaredInLoop(scan, loop, root.text, holder.endIndex + 1)) {
                derived.push(root.text);
              } else {
                const after = nodesIn(
                  scan.identifiers.get(root.text) ?? [],
                  loop.endIndex,
                  fnNode.endIndex,
                  0,
                )[0];
                if (viaMethod) return maybe(holder);
                return {
                  kind: "escapes",
                  how: `${subject} is stored in \`${clip(t.text)}\` (line ${lineOf(holder)})`,
                  line: lineOf(holder),
                  usedAfter: after ? lineOf(after) : undefined,
                };
              }
            }
            return derived.length > 0
              ? { kind: "derived", names: derived, viaMethod }
              : { kind: "none" };
          }
          return passedResult();
        }
        case "send_statement":
          if (p.childForFieldName("value")?.id === cur.id) {
            if (viaMethod) return maybe(p);
            return {
              kind: "escapes",
              how: `${subject} is sent on a channel (line ${lineOf(p)})`,
              line: lineOf(p),
            };
          }
          return { kind: "none" };
        case "go_statement":
          return {
            kind: "escapes",
            how: `a goroutine started at line ${lineOf(p)} uses it`,
            line: lineOf(p),
          };
        default:
          return passedResult();
      }
    }
    return { kind: "unknown", callee: "an expression too deep to follow", line: lineOf(use) };

    function maybe(where: Node): { kind: "unknown"; callee: string; line: number } {
      return { kind: "unknown", callee: `what line ${lineOf(where)} stores`, line: lineOf(where) };
    }

    function passedResult(): { kind: "none" } | { kind: "unknown"; callee: string; line: number } {
      if (!passedTo) return { kind: "none" };
      const callee = passedTo.childForFieldName("function")?.text ?? "a call";
      return { kind: "unknown", callee: `\`${clip(callee)}\``, line: lineOf(passedTo) };
    }
  }

  /** A function of this file whose parameter there has a basic type: it gets a copy. */
  function takesPlainValue(callee: Node | null | undefined, args: Node, arg: Node): boolean {
    if (callee?.type !== "identifier") return false;
    const fn = scan.functions.get(callee.text);
    if (!fn) return false;
    const at = args.namedChildren
      .filter((c) => c && c.type !== "comment")
      .findIndex((c) => c?.id === arg.id);
    const types: string[] = [];
    for (const p of fn.childForFieldName("parameters")?.namedChildren ?? []) {
      if (p?.type !== "parameter_declaration") return false;
      const type = p.childForFieldName("type")?.text ?? "";
      const count = Math.max(1, p.childrenForFieldName("name").length);
      for (let i = 0; i < count; i++) types.push(type);
    }
    return at >= 0 && BASIC.has(types[at] ?? "");
  }

  /** The function literal (not the deferred one) around a use inside the loop; undefined past the cap. */
  function enclosingLiteral(use: Node): Node | null | undefined {
    let n = parentOf(use);
    for (let steps = 0; n && n.id !== loop.id; steps++, n = parentOf(n)) {
      if (steps > 4 * MAX_CLIMB) return undefined;
      if (n.type !== "func_literal") continue;
      if (n.startIndex >= deferNode.startIndex && n.endIndex <= deferNode.endIndex) return null;
      return n;
    }
    return null;
  }

  /** A name that holds, or was made from, what the call releases. */
  function owned(name: string): boolean {
    return owners.has(name) || (derivedFrom.get(name) ?? []).some((n) => owners.has(n));
  }

  /** A context is passed down, not kept (Go's rule: do not store contexts). */
  function isContext(id: Node): boolean {
    if (id.type !== "identifier") return false;
    const b = lastBinding(scan, id.text, loop.startIndex, id.startIndex);
    const right = b?.node.childForFieldName("right")?.namedChildren ?? [];
    const fn = right.length === 1 ? right[0]?.childForFieldName("function")?.text : undefined;
    return !!fn && /^(context\.With\w+|signal\.NotifyContext)$/.test(fn) && b?.position === 0;
  }

  /** A method call on a value made in this iteration keeps what it is given no longer than that value. */
  function callsOnLocal(callee: Node | null | undefined): boolean {
    if (callee?.type !== "selector_expression") return false;
    const root = rootOf(callee.childForFieldName("operand"));
    return !!root && declaredInLoop(scan, loop, root.text, callee.startIndex);
  }

  /** A use inside a function literal other than the deferred one: what happens to the literal. */
  function literalFlow(
    literal: Node,
    ctx: HoldInput,
  ):
    | { kind: "none" }
    | { kind: "escapes"; how: string; line: number; usedAfter?: number }
    | { kind: "unknown"; callee: string; line: number } {
    if (literal.startIndex >= deferNode.startIndex && literal.endIndex <= deferNode.endIndex) {
      return { kind: "none" };
    }
    const holder = parentOf(literal);
    // Called on the spot: it runs inside the iteration.
    if (
      holder?.type === "call_expression" &&
      holder.childForFieldName("function")?.id === literal.id
    ) {
      if (parentOf(holder)?.type === "go_statement") {
        return {
          kind: "escapes",
          how: `a goroutine started at line ${lineOf(holder)} uses it`,
          line: lineOf(holder),
        };
      }
      return { kind: "none" };
    }
    const flow = follow(literal, ctx);
    if (flow.kind === "none" || flow.kind === "derived") {
      return {
        kind: "unknown",
        callee: `the function literal at line ${lineOf(literal)}`,
        line: lineOf(literal),
      };
    }
    return flow;
  }
}

/**
 * A deferred function literal that reads state only final when the function returns: a named
 * result, recover(), or a variable assigned after the defer (in a later iteration or after the
 * loop). Calling it earlier, or wrapping the body, changes what it sees. Returns what it reads.
 */
export function readsExitState(input: HoldInput, namedResults: readonly string[]): string | null {
  const { scan, deferNode, call, loop: facts } = input;
  const literal = call?.childForFieldName("function");
  if (literal?.type !== "func_literal") return null;
  const loop = facts.node;
  const fnEnd = facts.fn.node.endIndex;
  const ids = nodesIn(scan.allIdentifiers, literal.startIndex, literal.endIndex, 4 * MAX_USES);
  if (ids.length > 4 * MAX_USES) return "more names than can be followed";
  const seen = new Set<string>();
  for (const id of ids) {
    const name = id.text;
    if (name === "recover" && parentOf(id)?.type === "call_expression") return "`recover()`";
    if (seen.has(name)) continue;
    seen.add(name);
    // The literal's own variables.
    if (
      bindingsIn(scan, name, literal.startIndex, id.startIndex + 1, MAX_USES).some(
        (b) => b.declares,
      )
    )
      continue;
    const inLoop = declaredInLoop(scan, loop, name, deferNode.startIndex);
    if (!inLoop && namedResults.includes(name)) return `the named result \`${name}\``;
    const writes = (from: number, to: number): boolean =>
      bindingsIn(scan, name, from, to, MAX_USES).some(
        (b) => !b.declares && !(b.at >= literal.startIndex && b.at < literal.endIndex),
      );
    const changes = inLoop
      ? writes(deferNode.endIndex, loop.endIndex)
      : writes(loop.startIndex, fnEnd);
    if (changes) return `\`${name}\`, which changes after the defer`;
  }
  return null;
}

function clip(text: string): string {
  const oneLine = text.replace(/\s+/g, " ");
  return oneLine.length > 40 ? `${oneLine.slice(0, 37)}...` : oneLine;
}
