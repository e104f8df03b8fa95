// Fix synthesis for defer-in-loop, and the branch analysis (break/continue/return/goto targets)
// that the detector shares with it. Everything here is syntactic: tree-sitter-go nodes and text.
import type { Edit, Fix } from "../../findings.ts";
import type { Node } from "../../parse/go-parser.ts";
import { parentOf } from "../../parse/ancestors.ts";
import { LineIndex } from "../../parse/positions.ts";
import { NUMERIC_TYPES } from "./go-types.ts";

export const FUNCTION_BOUNDARIES: ReadonlySet<string> = new Set([
  "func_literal",
  "function_declaration",
  "method_declaration",
]);

/** Statements an unlabeled `break` leaves. */
const BREAKABLE: ReadonlySet<string> = new Set([
  "for_statement",
  "expression_switch_statement",
  "type_switch_statement",
  "select_statement",
]);

const BRANCHES = ["return_statement", "goto_statement", "break_statement", "continue_statement"];

/** The label of a statement (`L: for ...`), if any. */
export function labelOf(statement: Node): string | undefined {
  const parent = parentOf(statement);
  if (parent?.type !== "labeled_statement") return undefined;
  return parent.childForFieldName("label")?.text;
}

function branchLabel(branch: Node): string | undefined {
  for (const child of branch.namedChildren) {
    if (child.type === "label_name") return child.text;
  }
  return undefined;
}

/**
 * The statement a break or continue transfers control out of, or null when it cannot be
 * resolved inside the enclosing function (a syntax error, or a label we do not see).
 */
export function branchTarget(branch: Node): Node | null {
  const label = branchLabel(branch);
  const isBreak = branch.type === "break_statement";
  for (let n = parentOf(branch); n && !FUNCTION_BOUNDARIES.has(n.type); n = parentOf(n)) {
    if (label !== undefined) {
      if (n.type === "for_statement" || (isBreak && BREAKABLE.has(n.type))) {
        if (labelOf(n) === label) return n;
      }
    } else if (isBreak ? BREAKABLE.has(n.type) : n.type === "for_statement") {
      return n;
    }
  }
  return null;
}

/** Is `inner` the same node as `outer` or inside it? */
export function within(inner: Node, outer: Node): boolean {
  return inner.startIndex >= outer.startIndex && inner.endIndex <= outer.endIndex;
}

/** `panic(...)` as a statement. */
export function isPanicStatement(node: Node): boolean {
  if (node.type !== "expression_statement") return false;
  const call = node.namedChildren[0];
  return call?.type === "call_expression" && call.childForFieldName("function")?.text === "panic";
}

/** Descendants of `root` of the given types, not looking into function literals (at most cap + 1). */
export function descendantsInFunction(
  root: Node,
  types: readonly string[],
  cap = Infinity,
): Node[] {
  const wanted = new Set(types);
  const out: Node[] = [];
  const stack: Node[] = [root];
  while (stack.length > 0 && out.length <= cap) {
    const n = stack.pop();
    if (!n) break;
    if (n !== root && n.type === "func_literal") continue;
    if (n !== root && wanted.has(n.type)) out.push(n);
    const children = n.namedChildren;
    for (let i = children.length - 1; i >= 0; i--) {
      const c = children[i];
      if (c) stack.push(c);
    }
  }
  return out;
}

/** The statements of a block, without comments. tree-sitter-go 0.25 wraps them in statement_list. */
export function blockStatements(block: Node): Node[] {
  const list = block.namedChildren.find((c) => c?.type === "statement_list");
  return (list?.namedChildren ?? []).filter((c): c is Node => !!c && c.type !== "comment");
}

/**
 * Does every path through `statement` end in a statement that `judge` accepts? The walk goes into
 * the last statement of a block (as `lastOf` picks it), through labels, and into both branches
 * of an if/else (an if without else has a path that falls through). Every other statement is
 * judged: true or false, or the statements to follow instead (a switch's clauses, say).
 * A worklist, not recursion: an if/else chain can nest thousands deep.
 */
export function everyPathEnds(
  statement: Node,
  judge: (s: Node) => boolean | Node[],
  lastOf: (block: Node) => Node | undefined,
): boolean {
  const pending: Node[] = [statement];
  for (let s = pending.pop(); s; s = pending.pop()) {
    let next: Node | null | undefined;
    switch (s.type) {
      case "block":
        next = lastOf(s);
        if (!next) return false;
        pending.push(next);
        continue;
      case "labeled_statement":
        next = s.namedChildren.find((c) => c?.type !== "label_name");
        if (!next) return false;
        pending.push(next);
        continue;
      case "if_statement": {
        const consequence = s.childForFieldName("consequence");
        const alternative = s.childForFieldName("alternative");
        if (!consequence || !alternative) return false;
        pending.push(consequence, alternative);
        continue;
      }
      default: {
        const verdict = judge(s);
        if (verdict === false) return false;
        if (verdict !== true) pending.push(...verdict);
      }
    }
  }
  return true;
}

/**
 * Statements at or after `from` (a UTF-16 index) inside `body` that end the current iteration of
 * `loop` early: return, goto, panic, and break/continue aimed at `loop` or beyond it.
 */
export function earlyExits(body: Node, loop: Node, from: number): Node[] {
  const found = descendantsInFunction(body, [...BRANCHES, "expression_statement"]);
  return found.filter((n) => {
    if (n.startIndex < from) return false;
    if (n.type === "expression_statement") return isPanicStatement(n);
    if (n.type === "return_statement" || n.type === "goto_statement") return true;
    const target = branchTarget(n);
    return target === null || target.equals(loop) || !within(target, body);
  });
}

// ---------------------------------------------------------------------------------------------
// Edits

/** Applies edits (1-based lines, 1-based UTF-8 byte columns, end exclusive) to text. */
export function applyEdits(text: string, edits: readonly Edit[]): string {
  const index = new LineIndex(text);
  const ranges = edits
    .map((e) => ({
      start: index.offsetOf(e.startLine, e.startColumn),
      end: index.offsetOf(e.endLine, e.endColumn),
      text: e.text,
    }))
    .sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  let limit = Infinity;
  for (const r of ranges) {
    if (r.end > limit || r.end < r.start) throw new Error("overlapping or inverted edits");
    out = out.slice(0, r.start) + r.text + out.slice(r.end);
    limit = r.start;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Fix synthesis

export interface FixInput {
  path: string;
  text: string;
  index: LineIndex;
  eol: "\n" | "\r\n";
  deferNode: Node;
  /** The innermost loop around the defer; its body is what the fixes rewrite. */
  loop: Node;
  /** Offer the explicit call (false when the body holds other defers: moving one reorders them). */
  explicit?: boolean;
  /** End offset of the last use, in the loop body, of what the deferred call holds. */
  lastUse?: number;
  /** The break/continue/goto statements of the loop's function that name the loop's label. */
  labelUses?: readonly Node[];
}

const LITERALS: ReadonlySet<string> = new Set([
  "int_literal",
  "float_literal",
  "imaginary_literal",
  "rune_literal",
  "interpreted_string_literal",
  "raw_string_literal",
  "true",
  "false",
  "nil",
  "iota",
]);

/** Fixes in order of preference: the explicit call (smallest edit), then the closure. */
export function synthesizeFixes(input: FixInput): Fix[] {
  const fixes: Fix[] = [];
  const explicit = input.explicit === false ? null : explicitCallFix(input);
  if (explicit) fixes.push(explicit);
  const closure = closureFix(input);
  if (closure) fixes.push(closure);
  return fixes;
}

function offsetOfPoint(index: LineIndex, p: { row: number; column: number }): number {
  return index.lineStart(p.row) + p.column;
}

function indentOf(line: string): string {
  return /^[ \t]*/.exec(line)?.[0] ?? "";
}

/** `{` ends its line (a trailing // comment allowed) and `}` starts its own: gofmt layout. */
function bodyLayout(index: LineIndex, body: Node): { openRow: number; closeRow: number } | null {
  const open = body.firstChild;
  const close = body.lastChild;
  if (open?.type !== "{" || close?.type !== "}") return null;
  const openRow = open.endPosition.row;
  const closeRow = close.startPosition.row;
  if (closeRow <= openRow) return null;
  const afterOpen = index.lineText(openRow).slice(open.endPosition.column).trim();
  if (afterOpen !== "" && !afterOpen.startsWith("//")) return null;
  if (index.lineText(closeRow).slice(0, close.startPosition.column).trim() !== "") return null;
  return { openRow, closeRow };
}

/** The deferred call's root identifiers, or null when evaluating it later could differ. */
function stableOperands(node: Node, out: Set<string>): boolean {
  // Down the operand chain in a loop, not recursion: `((((a)))).b.c` can nest thousands deep.
  for (let n: Node | null | undefined = node; n;) {
    switch (n.type) {
      case "identifier":
        out.add(n.text);
        return true;
      case "selector_expression":
        n = n.childForFieldName("operand");
        continue;
      case "parenthesized_expression":
        n = n.namedChildren[0];
        continue;
      default:
        if (LITERALS.has(n.type)) return n.startPosition.row === n.endPosition.row;
        return false;
    }
  }
  return false;
}

/** Is this identifier written (assigned, incremented, address taken, range variable)? */
function isWritten(id: Node): boolean {
  let n: Node = id;
  // `x.f = ...`, `x[i] = ...` write into x as well.
  for (let p = parentOf(n); p; p = parentOf(n)) {
    if (p.type === "selector_expression" && p.childForFieldName("operand")?.equals(n)) n = p;
    else if (p.type === "index_expression" && p.childForFieldName("operand")?.equals(n)) n = p;
    else if (p.type === "parenthesized_expression") n = p;
    else break;
  }
  const parent = parentOf(n);
  if (!parent) return false;
  if (parent.type === "inc_statement" || parent.type === "dec_statement") return true;
  if (parent.type === "unary_expression" && parent.childForFieldName("operator")?.text === "&") {
    return true;
  }
  if (parent.type === "expression_list") {
    const holder = parentOf(parent);
    if (
      holder &&
      (holder.type === "assignment_statement" ||
        holder.type === "short_var_declaration" ||
        holder.type === "range_clause") &&
      holder.childForFieldName("left")?.equals(parent)
    ) {
      return true;
    }
  }
  return false;
}

/**
 * Replace `defer X(args)` with the call `X(args)` where the iteration is done with what it holds:
 * right after the statement of the same block holding its last use, else at the end of the loop
 * body. Offered only when
 * - the defer is alone on its lines, in the loop body or a block of it (then only after a later
 *   statement of that block);
 * - nothing between the defer and the new call can end the iteration early (return, goto, panic,
 *   break/continue out);
 * - the call's function and arguments are identifiers, selectors or literals whose root
 *   identifiers are not written between the two places: a deferred call evaluates its function
 *   value and arguments at the defer, an explicit call where it stands, so both must see the same
 *   values. (Selectors through a nil pointer would panic later rather than at the defer; accepted.)
 */
function explicitCallFix(input: FixInput): Fix | null {
  const { deferNode, loop, index, text, eol, path } = input;
  const body = loop.childForFieldName("body");
  const list = parentOf(deferNode);
  if (!body || list?.type !== "statement_list") return null;
  const inBody = parentOf(list)?.id === body.id;
  const statements = list.namedChildren.filter((c): c is Node => !!c && c.type !== "comment");
  const position = statements.findIndex((s) => s.equals(deferNode));
  if (position === -1) return null;
  const call = deferNode.namedChildren.find((c) => c?.type === "call_expression");
  if (!call) return null;
  const fn = call.childForFieldName("function");
  const args = call.childForFieldName("arguments");
  if (!fn || !args) return null;
  if (args.namedChildren.some((a) => a?.type === "variadic_argument")) return null;
  if (args.text.includes("...")) return null;
  const roots = new Set<string>();
  if (fn.type !== "func_literal") {
    if (fn.type !== "identifier" && fn.type !== "selector_expression") return null;
    if (fn.type === "identifier" && (fn.text === "recover" || fn.text === "panic")) return null;
    if (!stableOperands(fn, roots)) return null;
  }
  for (const arg of args.namedChildren) {
    if (!arg || arg.type === "comment") continue;
    if (!stableOperands(arg, roots)) return null;
  }
  const layout = bodyLayout(index, body);
  if (!layout) return null;

  const deferRow = deferNode.startPosition.row;
  const endRow = deferNode.endPosition.row;
  const before = index.lineText(deferRow).slice(0, deferNode.startPosition.column);
  if (before.trim() !== "") return null;
  const after = index.lineText(endRow).slice(deferNode.endPosition.column).trim();
  if (after !== "" && !after.startsWith("//")) return null;

  // Where the call goes: after the statement of this list holding the last use, if there is one.
  const lastUse = input.lastUse ?? Infinity;
  let anchor: Node | undefined;
  if (lastUse !== Infinity) {
    if (lastUse <= deferNode.endIndex) anchor = deferNode;
    else
      anchor = statements
        .slice(position + 1)
        .find((s) => s.startIndex < lastUse && lastUse <= s.endIndex);
  }
  const last = statements.at(-1);
  if (anchor && last && anchor.equals(last)) anchor = undefined;
  if (!anchor && !inBody) return null;
  const until = anchor ? anchor.endIndex : body.endIndex;
  if (earlyExits(body, loop, deferNode.endIndex).some((n) => n.startIndex < until)) return null;
  if (anchor && !anchor.equals(deferNode)) {
    // The anchor must end its line, and nothing may follow it there.
    const rest = index.lineText(anchor.endPosition.row).slice(anchor.endPosition.column).trim();
    if (rest !== "" && !rest.startsWith("//")) return null;
  }
  for (const id of body.descendantsOfType("identifier")) {
    if (!id || id.startIndex < deferNode.endIndex || id.startIndex >= until) continue;
    if (roots.has(id.text) && isWritten(id)) return null;
  }

  const callText = text.slice(
    offsetOfPoint(index, call.startPosition),
    offsetOfPoint(index, deferNode.endPosition),
  );
  const name = fn.type === "func_literal" ? "the function literal" : `\`${fn.text}\``;
  const dropKeyword = (description: string): Fix => ({
    description,
    edits: [
      {
        file: path,
        startLine: deferRow + 1,
        startColumn: index.byteColumn(deferRow, deferNode.startPosition.column),
        endLine: call.startPosition.row + 1,
        endColumn: index.byteColumn(call.startPosition.row, call.startPosition.column),
        text: "",
      },
    ],
  });
  if (anchor?.equals(deferNode)) {
    return dropKeyword(
      `Call ${name} directly instead of deferring it: nothing later in the iteration uses what it releases`,
    );
  }
  if (!anchor && position === statements.length - 1) {
    // Dropping the keyword is enough: the call is already the last thing the iteration does.
    return dropKeyword(`Call ${name} directly instead of deferring it`);
  }

  // Delete the defer's lines (with a blank line after them when one is left doubled) and add the
  // call, with its trailing comment, after the anchor or as the last line of the body.
  let deleteTo = endRow + 1;
  const prevBlank = deferRow > layout.openRow + 1 && index.lineText(deferRow - 1).trim() === "";
  const nextBlank = deleteTo < layout.closeRow && index.lineText(deleteTo).trim() === "";
  if ((prevBlank || deferRow === layout.openRow + 1) && nextBlank) deleteTo++;
  const indent = indentOf(index.lineText(deferRow));
  const comment = after === "" ? "" : ` ${after}`;
  const insertRow = anchor ? anchor.endPosition.row + 1 : layout.closeRow;
  const edits: Edit[] = [
    {
      file: path,
      startLine: deferRow + 1,
      startColumn: 1,
      endLine: deleteTo + 1,
      endColumn: 1,
      text: "",
    },
    {
      file: path,
      startLine: insertRow + 1,
      startColumn: 1,
      endLine: insertRow + 1,
      endColumn: 1,
      text: `${indent}${callText}${comment}${eol}`,
    },
  ];
  const description = anchor
    ? `Call ${name} right after its last use (line ${anchor.endPosition.row + 1}) instead of deferring it`
    : `Call ${name} at the end of the loop body instead of deferring it`;
  return { description, edits };
}

/**
 * Wrap the loop body in `func() { ... }()` so its defers run at the end of each iteration.
 * `continue` of this loop becomes `return`. When the body also leaves the loop (a `break` of this
 * loop) or the function (`return`), the literal returns a control value, and the function's
 * results when it has some, and the statements after the call carry out the break or return:
 *
 *     stop, ret := func() (bool, error) {
 *         ...
 *         return true, err // was: return err
 *         ...
 *         return false, nil // was: continue, or the end of the body
 *     }()
 *     if stop {
 *         return ret
 *     }
 *
 * (an int code, 1 for break and 2 for return, when the body does both). Not offered when the body
 * uses goto, branches to an outer loop, or calls recover (the closure would catch panics the
 * function used to see); when a return cannot be carried (named results, a result type the loop
 * body cannot spell the same way, `return f()` of a multi-value call); nor when re-indenting could
 * change a multi-line raw string or comment.
 */
function closureFix(input: FixInput): Fix | null {
  const { loop, index, text, eol, path } = input;
  const body = loop.childForFieldName("body");
  if (!body) return null;
  const layout = bodyLayout(index, body);
  if (!layout) return null;

  const continues: Node[] = [];
  const breaks: Node[] = [];
  const returns: Node[] = [];
  for (const branch of descendantsInFunction(body, BRANCHES)) {
    if (branch.type === "goto_statement") return null;
    if (branch.type === "return_statement") {
      returns.push(branch);
      continue;
    }
    const target = branchTarget(branch);
    if (target === null) return null;
    if (target.equals(loop)) {
      (branch.type === "continue_statement" ? continues : breaks).push(branch);
    } else if (!within(target, body)) {
      return null;
    }
  }
  for (const n of body.descendantsOfType(["raw_string_literal", "comment", "identifier"])) {
    if (!n) continue;
    if (n.type === "identifier") {
      if (n.text === "recover" && parentOf(n)?.type === "call_expression") return null;
    } else if (n.startPosition.row !== n.endPosition.row) {
      return null;
    }
  }

  const labelEdit = unusedLabelEdit(input, continues.length + breaks.length);
  if (labelEdit === null) return null;
  const control =
    breaks.length > 0 || returns.length > 0 ? closureControl(input, breaks, returns) : null;
  if ((breaks.length > 0 || returns.length > 0) && !control) return null;

  const replacements: { start: number; end: number; text: string }[] = [];
  const span = (n: Node, replacement: string): void => {
    replacements.push({
      start: offsetOfPoint(index, n.startPosition),
      end: offsetOfPoint(index, n.endPosition),
      text: replacement,
    });
  };
  for (const c of continues) span(c, control ? `return ${control.normal}` : "return");
  if (control) {
    for (const b of breaks) span(b, `return ${control.breakValues}`);
    for (const r of returns) {
      const values = r.namedChildren.find((c) => c?.type === "expression_list");
      if (values && control.spread.has(r.id)) {
        const lead = index.lineText(r.startPosition.row).slice(0, r.startPosition.column);
        if (lead.trim() !== "" || values.text.includes("\n")) return null;
        const names = control.carried.join(", ");
        span(r, `${names} := ${values.text}${eol}${lead}return ${control.returnCode}, ${names}`);
      } else if (values) {
        const at = offsetOfPoint(index, values.startPosition);
        replacements.push({ start: at, end: at, text: `${control.returnCode}, ` });
      } else {
        span(r, `return ${control.returnCode}`);
      }
    }
  }

  const regionStart = index.lineStart(layout.openRow + 1);
  const regionEnd = index.lineStart(layout.closeRow);
  let region = text.slice(regionStart, regionEnd);
  for (const r of [...replacements].sort((a, b) => b.start - a.start)) {
    region = region.slice(0, r.start - regionStart) + r.text + region.slice(r.end - regionStart);
  }
  const inner = indentOf(index.lineText(layout.closeRow)) + "\t";
  const lines = region.split(/(?<=\n)/);
  const reindented = lines.map((line) => (line.trim() === "" ? line : `\t${line}`)).join("");
  const edits: Edit[] = labelEdit ? [labelEdit] : [];
  // The new body replaces every line between the loop's braces.
  const replaceBody = (text: string): Edit => ({
    file: path,
    startLine: layout.openRow + 2,
    startColumn: 1,
    endLine: layout.closeRow + 1,
    endColumn: 1,
    text,
  });
  if (!control) {
    edits.push(replaceBody(`${inner}func() {${eol}${reindented}${inner}}()${eol}`));
    const note = continues.length > 0 ? " (continue becomes return)" : "";
    return {
      description: `Wrap the loop body in a function literal so its defers run at the end of each iteration${note}`,
      edits,
    };
  }

  const last = blockStatements(body).at(-1);
  const fallsOff = !last || !closureTerminates(last, loop);
  const out: string[] = [
    `${inner}${control.names.join(", ")} := func() ${control.signature} {${eol}`,
    reindented,
    fallsOff ? `${inner}\treturn ${control.normal}${eol}` : "",
    `${inner}}()${eol}`,
  ];
  for (const [condition, action] of control.after) {
    out.push(`${inner}if ${condition} {${eol}${inner}\t${action}${eol}${inner}}${eol}`);
  }
  edits.push(replaceBody(out.join("")));
  const became = [
    returns.length > 0 ? "return" : "",
    breaks.length > 0 ? "break" : "",
    continues.length > 0 ? "continue" : "",
  ].filter((w) => w !== "");
  const listed =
    became.length === 1 ? became[0] : `${became.slice(0, -1).join(", ")} and ${became.at(-1)}`;
  const results =
    control.names.length > (breaks.length > 0 && returns.length > 0 ? 2 : 1)
      ? " (with the results)"
      : "";
  const signal =
    breaks.length > 0 && returns.length > 0
      ? `two booleans: whether to break the loop, and whether to return${results}`
      : returns.length > 0
        ? `true${results.replace(/^ \((.*)\)$/, ", $1,")} to return`
        : "true to break the loop";
  return {
    description: `Wrap the loop body in a function literal so its defers run at the end of each iteration; it returns ${signal} (${listed} become${became.length === 1 ? "s" : ""} a return from the literal)`,
    edits,
  };
}

interface ClosureControl {
  /** `stop, ret0, ret1`: the variables the call assigns. */
  names: string[];
  /** `bool`, `(bool, T0, T1)`, `(int, T0)`. */
  signature: string;
  /** What `continue` and the end of the body return. */
  normal: string;
  /** What a break of the loop returns. */
  breakValues: string;
  /** Prepended to a return's values (or the whole value list of a bare return). */
  returnCode: string;
  /** Returns of one multi-result call, by node id, and the names that carry its results. */
  spread: Set<number>;
  carried: string[];
  /** The statements after the call: condition and what to do. */
  after: [string, string][];
}

const NIL_TYPES: ReadonlySet<string> = new Set([
  "pointer_type",
  "slice_type",
  "map_type",
  "channel_type",
  "function_type",
  "interface_type",
]);

const PREDECLARED_ZERO: Readonly<Record<string, string>> = {
  bool: "false",
  string: '""',
  error: "nil",
  any: "nil",
  ...Object.fromEntries(NUMERIC_TYPES.map((t) => [t, "0"])),
};

/** Predeclared identifiers the rewrite writes itself. */
const WRITTEN_BUILTINS = ["true", "false", "nil", "new", "bool", "int"];

/**
 * How the closure reports a break of the loop or a return from the function, or null when it
 * cannot: the enclosing function's results must be unnamed, spelled on one line, mean the same in
 * the loop body (no declaration in the function shadows a name they use), and every return must
 * list one value per result.
 */
function closureControl(input: FixInput, breaks: Node[], returns: Node[]): ClosureControl | null {
  const { loop } = input;
  let fn: Node | null = parentOf(loop);
  while (fn && !FUNCTION_BOUNDARIES.has(fn.type)) fn = parentOf(fn);
  if (!fn) return null;
  let outermost: Node = fn;
  for (let n = parentOf(fn); n; n = parentOf(n)) if (FUNCTION_BOUNDARIES.has(n.type)) outermost = n;
  const fileDeclared = fileDeclarations(loop).names;
  if (WRITTEN_BUILTINS.some((name) => fileDeclared.has(name))) return null;

  const types: Node[] = [];
  const spread = new Set<number>();
  if (returns.length > 0) {
    const result = fn.childForFieldName("result");
    if (result?.type === "parameter_list") {
      for (const p of result.namedChildren) {
        if (!p) continue;
        if (p.type !== "parameter_declaration" || p.childForFieldName("name")) return null;
        const type = p.childForFieldName("type");
        if (!type) return null;
        types.push(type);
      }
    } else if (result) {
      types.push(result);
    }
    const declared = cachedDeclaredNames(outermost);
    for (const type of types) {
      if (type.text.includes("\n") || type.text.includes("/")) return null;
      const names = type.descendantsOfType(["type_identifier", "package_identifier"]);
      if (type.type === "type_identifier") names.push(type);
      if (names.some((n) => !!n && declared.has(n.text))) return null;
    }
    for (const r of returns) {
      const values = r.namedChildren.find((c) => c?.type === "expression_list");
      const list =
        values?.namedChildren.filter((c): c is Node => !!c && c.type !== "comment") ?? [];
      if (list.length === types.length) continue;
      // `return f()` of a call with several results: carried as `a, b := f()` and a return.
      if (list.length === 1 && types.length > 1 && list[0]?.type === "call_expression") {
        spread.add(r.id);
        continue;
      }
      return null;
    }
  }

  // Zero values a reviewer writes: nil, 0, "", false, T{} for a struct or array type; where none
  // can be spelled (a type from another package), the literal names its results instead.
  const structs = fileDeclarations(loop).structs;
  const spelled = types.map((t): string | null => {
    if (NIL_TYPES.has(t.type)) return "nil";
    const literal = PREDECLARED_ZERO[t.text];
    if (t.type === "type_identifier" && literal && !fileDeclared.has(t.text)) return literal;
    if (t.type === "struct_type" || t.type === "array_type") return `${t.text}{}`;
    if (t.type === "type_identifier" && structs.has(t.text)) return `${t.text}{}`;
    return null;
  });
  const named = spelled.some((z) => z === null);

  // The function's names, plus the ones this fix takes (the cached set stays as it is).
  const spelledIn = usedNames(outermost);
  const taken = new Set<string>();
  const used = {
    has: (n: string) => spelledIn.has(n) || taken.has(n),
    add: (n: string) => taken.add(n),
  };
  const both = breaks.length > 0 && returns.length > 0;
  // Two booleans, not an integer code, when the body both breaks and returns.
  const flags = both
    ? [fresh(used, ["broke", "brk"]), fresh(used, ["returned", "ret"])]
    : [fresh(used, ["stop", "done"])];
  const results =
    types.length === 1
      ? [fresh(used, ["ret", "res"])]
      : types.map((_, i) => fresh(used, [`ret${i}`, `res${i}`]));
  const inner = named ? types.map((_, i) => fresh(used, [`zero${i}`, `z${i}`])) : [];
  const innerFlags = named ? flags.map((f) => fresh(used, [`${f}Flag`])) : [];
  const zeros = spelled.map((z, i) => z ?? inner[i] ?? "");
  const resultTypes = [...flags.map(() => "bool"), ...types.map((t) => t.text)];
  const signature = named
    ? `(${[...innerFlags.map((f) => `${f} bool`), ...types.map((t, i) => `${inner[i]} ${t.text}`)].join(", ")})`
    : resultTypes.length === 1
      ? "bool"
      : `(${resultTypes.join(", ")})`;
  const values = (...codes: string[]): string => [...codes, ...zeros].join(", ");
  const doReturn = results.length > 0 ? `return ${results.join(", ")}` : "return";
  const after: [string, string][] = both
    ? [
        [flags[0]!, "break"],
        [flags[1]!, doReturn],
      ]
    : [[flags[0]!, returns.length > 0 ? doReturn : "break"]];
  const carried = spread.size > 0 ? types.map((_, i) => fresh(used, [`v${i}`, `val${i}`])) : [];
  return {
    names: [...flags, ...results],
    spread,
    carried,
    signature,
    normal: both ? values("false", "false") : values("false"),
    breakValues: both ? values("true", "false") : values("true"),
    returnCode: both ? "false, true" : "true",
    after,
  };
}

const usedByFunction = new WeakMap<object, Map<number, Set<string>>>();

/** Every name spelled in a function (computed once per function: a file can have many loops). */
function usedNames(fn: Node): Set<string> {
  let perTree = usedByFunction.get(fn.tree);
  if (!perTree) usedByFunction.set(fn.tree, (perTree = new Map()));
  let names = perTree.get(fn.id);
  if (!names) {
    names = new Set();
    for (const n of fn.descendantsOfType([
      "identifier",
      "type_identifier",
      "field_identifier",
      "package_identifier",
      "label_name",
    ])) {
      if (n) names.add(n.text);
    }
    perTree.set(fn.id, names);
  }
  return names;
}

const declaredByFunction = new WeakMap<object, Map<number, Set<string>>>();

function cachedDeclaredNames(fn: Node): Set<string> {
  let perTree = declaredByFunction.get(fn.tree);
  if (!perTree) declaredByFunction.set(fn.tree, (perTree = new Map()));
  let names = perTree.get(fn.id);
  if (!names) perTree.set(fn.id, (names = declaredNames(fn)));
  return names;
}

/** The first candidate not in `used` (then with a numeric suffix); marks it used. */
function fresh(
  used: { has(name: string): boolean; add(name: string): unknown },
  candidates: string[],
): string {
  const first = candidates[0] ?? "v";
  let name = candidates.find((c) => !used.has(c));
  for (let i = 2; name === undefined; i++) if (!used.has(`${first}${i}`)) name = `${first}${i}`;
  used.add(name);
  return name;
}

interface FileDeclarations {
  /** declaredNames of the whole file. */
  names: Set<string>;
  /** Types declared in the file as structs or arrays: their zero value is `T{}`. */
  structs: Set<string>;
}

const declaredInFile = new WeakMap<object, FileDeclarations>();

/** The file's declarations, in one walk per tree (a file can have many findings). */
function fileDeclarations(node: Node): FileDeclarations {
  let facts = declaredInFile.get(node.tree);
  if (!facts) {
    const structs = new Set<string>();
    facts = { names: declaredNames(node.tree.rootNode, structs), structs };
    declaredInFile.set(node.tree, facts);
  }
  return facts;
}

/**
 * Every name declared anywhere under `root` (parameters, receivers, :=, var, const, type,
 * range and select variables, type switch aliases), in any scope: a conservative shadow test.
 * Struct and array types declared there are added to `structs`, if given.
 */
function declaredNames(root: Node, structs?: Set<string>): Set<string> {
  const out = new Set<string>();
  const add = (n: Node | null | undefined): void => {
    if (!n) return;
    if (n.type === "expression_list") for (const c of n.namedChildren) add(c);
    else if (n.type === "identifier" || n.type === "type_identifier") out.add(n.text);
  };
  for (const d of root.descendantsOfType([
    "parameter_declaration",
    "variadic_parameter_declaration",
    "short_var_declaration",
    "range_clause",
    "receive_statement",
    "var_spec",
    "const_spec",
    "type_spec",
    "type_alias",
    "type_switch_statement",
    "function_declaration",
  ])) {
    if (!d) continue;
    switch (d.type) {
      case "short_var_declaration":
      case "range_clause":
      case "receive_statement":
        add(d.childForFieldName("left"));
        break;
      case "type_switch_statement":
        add(d.childForFieldName("alias"));
        break;
      case "type_spec": {
        const name = d.childForFieldName("name");
        add(name);
        const type = d.childForFieldName("type")?.type;
        if (
          structs &&
          name &&
          !d.childForFieldName("type_parameters") &&
          (type === "struct_type" || type === "array_type")
        )
          structs.add(name.text);
        break;
      }
      default:
        for (const name of d.childrenForFieldName("name")) add(name);
    }
  }
  return out;
}

const CASE_CLAUSES: ReadonlySet<string> = new Set([
  "expression_case",
  "type_case",
  "communication_case",
  "default_case",
]);

/** Does some break inside `statement` (not in a function literal) leave it? */
function brokenOutOf(statement: Node): boolean {
  return descendantsInFunction(statement, ["break_statement"]).some((b) =>
    branchTarget(b)?.equals(statement),
  );
}

/**
 * Is `statement`, as the last statement of the closure, a terminating statement (Go spec) once
 * break and continue of `loop` have become returns? Then no return may follow it (go vet:
 * unreachable code); otherwise one must (missing return).
 */
function closureTerminates(statement: Node, loop: Node): boolean {
  const lastOf = (list: Node | null | undefined): Node | undefined =>
    (list?.namedChildren ?? [])
      .filter((c): c is Node => !!c && c.type !== "comment" && c.type !== "empty_statement")
      .at(-1);
  const statementList = (n: Node): Node | undefined =>
    n.namedChildren.find((c) => c?.type === "statement_list") ?? undefined;
  return everyPathEnds(
    statement,
    (s) => {
      switch (s.type) {
        case "return_statement":
        case "goto_statement":
          return true;
        case "expression_statement":
          return isPanicStatement(s);
        case "break_statement":
        case "continue_statement":
          return !!branchTarget(s)?.equals(loop);
        case "for_statement": {
          const header = s.namedChildren.find(
            (c) => !!c && c.type !== "block" && c.type !== "comment",
          );
          if (header && (header.type !== "for_clause" || header.childForFieldName("condition"))) {
            return false;
          }
          return !brokenOutOf(s);
        }
        case "expression_switch_statement":
        case "type_switch_statement":
        case "select_statement": {
          if (brokenOutOf(s)) return false;
          const clauses = s.namedChildren.filter((c): c is Node => !!c && CASE_CLAUSES.has(c.type));
          if (s.type !== "select_statement" && !clauses.some((c) => c.type === "default_case")) {
            return false;
          }
          const follow: Node[] = [];
          for (const clause of clauses) {
            const last = lastOf(statementList(clause));
            if (!last) return false;
            if (last.type !== "fallthrough_statement") follow.push(last);
          }
          return follow;
        }
        default:
          return false;
      }
    },
    (block) => lastOf(statementList(block)),
  );
}

/**
 * When every use of the loop's label was a `continue` or `break` that becomes a return, the label would be
 * unused (a compile error): delete its line. Returns undefined when nothing is to be done, null
 * when the label cannot be deleted cleanly (not alone on its line).
 */
function unusedLabelEdit(input: FixInput, replaced: number): Edit | undefined | null {
  const { loop, index, path } = input;
  const label = labelOf(loop);
  if (label === undefined || replaced === 0) return undefined;
  let fn: Node | null = parentOf(loop);
  while (fn && !FUNCTION_BOUNDARIES.has(fn.type)) fn = parentOf(fn);
  if (!fn) return null;
  const uses =
    input.labelUses ?? descendantsInFunction(fn, BRANCHES).filter((b) => branchLabel(b) === label);
  const body = loop.childForFieldName("body");
  // Those that become returns: continue and break of this loop, from inside its body.
  const kept = uses.filter(
    (b) =>
      !(
        (b.type === "continue_statement" || b.type === "break_statement") &&
        body &&
        within(b, body) &&
        branchTarget(b)?.equals(loop)
      ),
  );
  if (kept.length > 0) return undefined;
  const labeled = parentOf(loop);
  if (!labeled) return null;
  const row = labeled.startPosition.row;
  if (index.lineText(row).trim() !== `${label}:` || loop.startPosition.row !== row + 1) return null;
  return {
    file: path,
    startLine: row + 1,
    startColumn: 1,
    endLine: row + 2,
    endColumn: 1,
    text: "",
  };
}
