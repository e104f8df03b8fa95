// defer-in-loop: a defer runs when its function returns, not at the end of a loop iteration.
// Detection is lexical (tree-sitter-go): a defer_statement inside the body of a for_statement of
// the same function body. Severity follows what the deferred call holds and how the loop is bounded.
import type { AnalysisError, AnalysisResult, Evidence, Finding, Severity } from "../../findings.ts";
import type { GoParser, Node } from "../../parse/go-parser.ts";
import { parentOf } from "../../parse/ancestors.ts";
import { LineIndex, lineEnding } from "../../parse/positions.ts";
import type { RepoFile } from "../analyzer.ts";
import {
  FUNCTION_BOUNDARIES,
  blockStatements,
  everyPathEnds,
  branchTarget,
  descendantsInFunction,
  isPanicStatement,
  synthesizeFixes,
  within,
} from "./fix.ts";

/** Cheap pre-filter: only files that mention `defer` need parsing. */
export function mayHaveDeferInLoop(text: string): boolean {
  return text.includes("defer");
}

export function analyzeDeferInLoop(file: RepoFile, parser: GoParser): AnalysisResult {
  if (!mayHaveDeferInLoop(file.text)) return { findings: [], errors: [] };
  let tree: ReturnType<GoParser["parse"]> | undefined;
  try {
    tree = parser.parse(file.text);
    const index = new LineIndex(file.text);
    const context: FileContext = {
      file,
      index,
      eol: lineEnding(file.text),
      isTest: file.path.endsWith("_test.go"),
      root: tree.rootNode,
    };
    const findings: Finding[] = [];
    for (const node of tree.rootNode.descendantsOfType("defer_statement")) {
      if (!node) continue;
      const finding = examine(context, node);
      if (finding) findings.push(finding);
    }
    const errors: AnalysisError[] = [];
    if (tree.rootNode.hasError) {
      const bad = firstError(tree.rootNode);
      errors.push({
        file: file.path,
        line: (bad?.startPosition.row ?? 0) + 1,
        message:
          "syntax error: defer-in-loop skipped the defers in the part of the file that does not parse",
      });
    }
    return { findings, errors };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      findings: [],
      errors: [{ file: file.path, message: `defer-in-loop failed: ${reason}` }],
    };
  } finally {
    tree?.delete();
  }
}

interface FileContext {
  file: RepoFile;
  index: LineIndex;
  eol: "\n" | "\r\n";
  isTest: boolean;
  root: Node;
}

function firstError(root: Node): Node | null {
  let n: Node | null = root;
  while (n) {
    if (n.isError || n.isMissing) return n;
    const next: Node | undefined = n.children.find(
      (c): c is Node => !!c && (c.hasError || c.isError || c.isMissing),
    );
    if (!next) return n;
    n = next;
  }
  return null;
}

/** The loops around a defer, innermost first, up to its function; null if not in a loop or damaged. */
function enclosingLoops(deferNode: Node): { loops: Node[]; fn: Node } | null {
  const loops: Node[] = [];
  let child: Node = deferNode;
  for (let n = parentOf(deferNode); n; child = n, n = parentOf(n)) {
    if (n.isError) return null;
    if (FUNCTION_BOUNDARIES.has(n.type)) return loops.length > 0 ? { loops, fn: n } : null;
    if (n.type === "for_statement" && n.childForFieldName("body")?.equals(child)) loops.push(n);
  }
  return null;
}

function examine(ctx: FileContext, deferNode: Node): Finding | null {
  if (deferNode.hasError) return null;
  const around = enclosingLoops(deferNode);
  if (!around) return null;
  const { loops, fn } = around;
  const innermost = loops[0];
  if (!innermost) return null;
  const { index, file } = ctx;

  const repeating = loops.filter((loop) => !leavesAfterFirstPass(loop, deferNode));
  const callee = describeCallee(deferNode, fn);
  const fnName = functionName(fn);
  const evidence: Evidence[] = [
    { file: file.path, line: innermost.startPosition.row + 1, message: "loop starts here" },
  ];
  const outer = repeating[0];
  if (outer && !outer.equals(innermost)) {
    evidence.push({
      file: file.path,
      line: outer.startPosition.row + 1,
      message: "this loop repeats it",
    });
  }

  let severity: Severity;
  let message: string;
  if (!outer) {
    severity = "notice";
    message = `${callee.text} is deferred in a loop that leaves after its first pass, so it runs once, when ${fnName} returns, not at the end of the iteration`;
  } else if (callee.kind === "unlock" || callee.kind === "runlock") {
    severity = "error";
    message = lockMessage(callee, fnName, repeating);
  } else {
    const unbounded = repeating.map(unboundedShape).find((s) => s !== null) ?? null;
    severity = unbounded ? "error" : "warning";
    const where = unbounded ? `a loop with no bound (${unbounded})` : "a loop";
    if (callee.kind === "done") {
      const wait = callee.receiver ? `\`${callee.receiver}.Wait()\`` : "`Wait`";
      message = `${callee.text} is deferred in ${where}, so it runs only when ${fnName} returns: ${wait} blocks until then and the pending calls pile up, one per iteration`;
    } else {
      message = `${callee.text} is deferred in ${where}, so it runs only when ${fnName} returns: ${RETAINED[callee.kind]} pile up, one per iteration, until then`;
    }
  }

  const fixes =
    severity === "notice"
      ? []
      : synthesizeFixes({
          path: file.path,
          text: file.text,
          index,
          eol: ctx.eol,
          deferNode,
          loop: innermost,
        });
  const tester = ctx.isTest ? testingParam(deferNode) : null;
  if (tester && severity !== "notice") {
    message += `; in a test, run each iteration as a \`${tester}.Run\` subtest and register the cleanup there with \`${tester}.Cleanup\``;
  } else if (fixes.length === 0 && severity !== "notice") {
    message +=
      "; move the loop body into its own function (`for ... { process(...) }`, with the defer inside `process`) so it runs per iteration";
  }

  const start = deferNode.startPosition;
  const end = deferNode.endPosition;
  return {
    rule: "defer-in-loop",
    severity,
    file: file.path,
    line: start.row + 1,
    column: index.byteColumn(start.row, start.column),
    endLine: end.row + 1,
    endColumn: index.byteColumn(end.row, end.column),
    message: `${message}.`,
    evidence,
    fixes,
  };
}

// ---------------------------------------------------------------------------------------------
// Loops

/**
 * The loop provably leaves after its first pass: its last statement always leaves it (return,
 * panic, break of it, continue of an outer loop, or an if/else whose branches all do), and no
 * continue of this loop or goto comes after the defer.
 */
function leavesAfterFirstPass(loop: Node, deferNode: Node): boolean {
  const body = loop.childForFieldName("body");
  if (!body) return false;
  const last = blockStatements(body).at(-1);
  if (!last || !alwaysLeaves(last, loop)) return false;
  const later = descendantsInFunction(body, ["continue_statement", "goto_statement"]);
  return !later.some(
    (n) =>
      n.startIndex > deferNode.startIndex &&
      (n.type === "goto_statement" || branchTarget(n)?.equals(loop) !== false),
  );
}

function alwaysLeaves(statement: Node, loop: Node): boolean {
  return everyPathEnds(
    statement,
    (s) => {
      switch (s.type) {
        case "return_statement":
          return true;
        case "expression_statement":
          return isPanicStatement(s);
        case "break_statement":
        case "continue_statement": {
          const target = branchTarget(s);
          if (!target) return false;
          if (s.type === "break_statement" && target.equals(loop)) return true;
          // A branch to an enclosing loop also leaves this one.
          return !target.equals(loop) && within(loop, target);
        }
        default:
          return false;
      }
    },
    (block) => blockStatements(block).at(-1),
  );
}

/** A short description of a loop header with no bound, or null when the header bounds it. */
function unboundedShape(loop: Node): string | null {
  const header = loop.namedChildren.find(
    (c): c is Node => !!c && c.type !== "block" && c.type !== "comment",
  );
  if (!header) return "`for {}`";
  if (header.type === "for_clause") {
    return header.childForFieldName("condition") ? null : "a `for` clause without a condition";
  }
  if (header.type === "range_clause") {
    const right = header.childForFieldName("right");
    return right && isChannel(right, loop) ? `range over channel \`${clip(right.text)}\`` : null;
  }
  return `\`for ${clip(header.text)}\``;
}

/**
 * Syntactic channel test for a range expression: `make(chan T)`, `time.Tick(d)`, an identifier
 * declared as a channel (parameter, var, := make(chan ...)) in an enclosing function or at package
 * level, or a selector whose field is declared with a channel type in this file. A channel that
 * comes from elsewhere (a function result, another file's field) is not recognised.
 */
function isChannel(range: Node, loop: Node): boolean {
  // Parentheses are unwrapped in a loop: they can nest thousands deep.
  let expr: Node | null | undefined = range;
  while (expr?.type === "parenthesized_expression") expr = expr.namedChildren[0];
  if (!expr) return false;
  switch (expr.type) {
    case "call_expression":
      return makesChannel(expr);
    case "identifier":
      return declaredAsChannel(expr.text, loop);
    case "selector_expression": {
      const field = expr.childForFieldName("field")?.text;
      if (!field) return false;
      return loop.tree.rootNode
        .descendantsOfType("field_declaration")
        .some(
          (d) =>
            !!d &&
            d.childForFieldName("type")?.type === "channel_type" &&
            d.childrenForFieldName("name").some((n) => n?.text === field),
        );
    }
    default:
      return false;
  }
}

function makesChannel(expr: Node): boolean {
  if (expr.type !== "call_expression") return false;
  const fn = expr.childForFieldName("function")?.text;
  if (fn === "time.Tick") return true;
  if (fn !== "make") return false;
  const first = expr.childForFieldName("arguments")?.namedChildren[0];
  return first?.type === "channel_type";
}

function declaredAsChannel(name: string, loop: Node): boolean {
  const scopes: Node[] = [];
  for (let n = parentOf(loop); n; n = parentOf(n)) {
    if (FUNCTION_BOUNDARIES.has(n.type) || n.type === "source_file") scopes.push(n);
  }
  for (const scope of scopes) {
    // Package level: only top-level var declarations, not every function body in the file.
    const declarations =
      scope.type === "source_file"
        ? scope.children
            .filter((c) => c?.type === "var_declaration")
            .flatMap((v) => v?.descendantsOfType("var_spec") ?? [])
        : scope.descendantsOfType(["parameter_declaration", "var_spec", "short_var_declaration"]);
    for (const decl of declarations) {
      if (!decl || decl.startIndex > loop.startIndex) continue;
      if (decl.type === "short_var_declaration") {
        const left = decl.childForFieldName("left")?.namedChildren ?? [];
        const right = decl.childForFieldName("right")?.namedChildren ?? [];
        const at = left.findIndex((n) => n?.text === name);
        const value = right[at];
        if (at !== -1 && value && makesChannel(value)) return true;
        continue;
      }
      const names = decl.childrenForFieldName("name");
      const at = names.findIndex((n) => n?.text === name);
      if (at === -1) continue;
      if (decl.childForFieldName("type")?.type === "channel_type") return true;
      const value = decl.childForFieldName("value")?.namedChildren[at];
      if (value && makesChannel(value)) return true;
    }
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// The deferred call

type CalleeKind = "unlock" | "runlock" | "cancel" | "close" | "done" | "stop" | "other";

interface Callee {
  /** How the message names it: `mu.Unlock()`, or "a function literal". */
  text: string;
  kind: CalleeKind;
  /** The receiver of an Unlock/RUnlock/Done, as written: `mu`, `s.mu`. */
  receiver?: string;
}

const RETAINED: Record<CalleeKind, string> = {
  unlock: "held locks",
  runlock: "held read locks",
  cancel: "contexts and their timers",
  close: "open file descriptors and pooled connections",
  done: "pending calls",
  stop: "running timers and tickers",
  other: "pending calls and the values they keep alive",
};

const CONTEXT_CONSTRUCTORS = new Set([
  "context.WithCancel",
  "context.WithTimeout",
  "context.WithDeadline",
  "context.WithCancelCause",
  "context.WithTimeoutCause",
  "context.WithDeadlineCause",
  "signal.NotifyContext",
]);

function kindOfMethod(name: string): CalleeKind {
  switch (name) {
    case "Unlock":
      return "unlock";
    case "RUnlock":
      return "runlock";
    case "Close":
      return "close";
    case "Done":
      return "done";
    case "Stop":
      return "stop";
    default:
      return /cancel$/i.test(name) ? "cancel" : "other";
  }
}

function describeCallee(deferNode: Node, fn: Node): Callee {
  const call = deferNode.namedChildren.find((c) => c?.type === "call_expression");
  const target = call?.childForFieldName("function");
  if (!call || !target) return { text: "the deferred call", kind: "other" };
  const text =
    call.text.includes("\n") || call.text.length > 60
      ? `\`${clip(target.text)}\``
      : `\`${call.text}\``;
  if (target.type === "selector_expression") {
    const field = target.childForFieldName("field")?.text ?? "";
    const receiver = target.childForFieldName("operand")?.text;
    return { text, kind: kindOfMethod(field), receiver };
  }
  if (target.type === "identifier") {
    const bound = boundValue(target.text, fn, deferNode);
    if (bound) return { text, ...bound };
    return { text, kind: /cancel$/i.test(target.text) ? "cancel" : "other" };
  }
  if (target.type === "func_literal") {
    // `defer func() { mu.Unlock() }()`: the first call inside that we recognise decides.
    for (const inner of descendantsInFunction(target, ["call_expression"])) {
      const f = inner.childForFieldName("function");
      if (f?.type !== "selector_expression") continue;
      const kind = kindOfMethod(f.childForFieldName("field")?.text ?? "");
      if (kind !== "other") {
        const receiver = f.childForFieldName("operand")?.text;
        return { text: "a function literal", kind, receiver };
      }
    }
    return { text: "a function literal", kind: "other" };
  }
  return { text, kind: "other" };
}

/** What an identifier was bound to earlier in the function: `unlock := mu.Unlock`, `ctx, stop := context.WithTimeout(...)`. */
function boundValue(name: string, fn: Node, before: Node): Omit<Callee, "text"> | null {
  let found: Omit<Callee, "text"> | null = null;
  for (const decl of fn.descendantsOfType([
    "short_var_declaration",
    "assignment_statement",
    "var_spec",
  ])) {
    if (!decl || decl.startIndex > before.startIndex) continue;
    const left =
      decl.type === "var_spec"
        ? decl.childrenForFieldName("name")
        : (decl.childForFieldName("left")?.namedChildren ?? []);
    const right =
      (decl.type === "var_spec" ? decl.childForFieldName("value") : decl.childForFieldName("right"))
        ?.namedChildren ?? [];
    const at = left.findIndex((n) => n?.text === name);
    if (at === -1) continue;
    const value = right.length === left.length ? right[at] : right[0];
    if (!value) continue;
    if (value.type === "selector_expression") {
      const kind = kindOfMethod(value.childForFieldName("field")?.text ?? "");
      found = { kind, receiver: value.childForFieldName("operand")?.text };
    } else if (
      value.type === "call_expression" &&
      right.length === 1 &&
      at === left.length - 1 &&
      CONTEXT_CONSTRUCTORS.has(value.childForFieldName("function")?.text ?? "")
    ) {
      found = { kind: "cancel" };
    } else {
      found = null;
    }
  }
  return found;
}

function lockMessage(callee: Callee, fnName: string, repeating: Node[]): string {
  const read = callee.kind === "runlock";
  const lock = read ? "RLock" : "Lock";
  const held = read ? "read lock" : "lock";
  const receiver = callee.receiver;
  const loop = repeating.at(-1);
  // A deadlock needs the same mutex locked again: a receiver declared inside the loop (a range
  // variable, a per-iteration :=) names a different mutex each time.
  const relocks =
    !!receiver &&
    !!loop &&
    !declaredInLoop(rootIdentifier(receiver), loop) &&
    loop
      .descendantsOfType("call_expression")
      .some((c) => c?.childForFieldName("function")?.text === `${receiver}.${lock}`);
  if (relocks && receiver) {
    const writer = read ? " as soon as a writer is waiting" : "";
    return `${callee.text} is deferred in a loop, so the ${held} stays held until ${fnName} returns and the next iteration's \`${receiver}.${lock}()\` deadlocks${writer}`;
  }
  return `${callee.text} is deferred in a loop, so every ${held} it releases stays held until ${fnName} returns`;
}

function rootIdentifier(expr: string): string {
  return /^[\p{L}_][\p{L}\p{N}_]*/u.exec(expr.replace(/^[(*&]+/, ""))?.[0] ?? expr;
}

function declaredInLoop(name: string, loop: Node): boolean {
  const header = loop.namedChildren.find(
    (c) => c?.type === "range_clause" || c?.type === "for_clause",
  );
  const body = loop.childForFieldName("body");
  const declarations: Node[] = [];
  if (header?.type === "range_clause") declarations.push(header);
  if (header?.type === "for_clause") {
    const init = header.childForFieldName("initializer");
    if (init) declarations.push(init);
  }
  if (body)
    declarations.push(
      ...body
        .descendantsOfType(["short_var_declaration", "var_spec"])
        .filter((n): n is Node => !!n),
    );
  return declarations.some((d) => {
    if (d.type === "var_spec") return d.childrenForFieldName("name").some((n) => n?.text === name);
    // `for k, v = range` assigns existing variables; only := declares.
    if (d.type === "range_clause" && !d.children.some((c) => c?.type === ":=")) return false;
    const left = d.childForFieldName("left")?.namedChildren ?? [];
    return left.some((n) => n?.text === name);
  });
}

// ---------------------------------------------------------------------------------------------
// The enclosing function

function functionName(fn: Node): string {
  if (fn.type === "func_literal") return "the enclosing function literal";
  const name = fn.childForFieldName("name")?.text;
  return name ? `\`${name}\`` : "the function";
}

/** The name of a `*testing.T`/`*testing.B`/`testing.TB` parameter of an enclosing function. */
function testingParam(deferNode: Node): string | null {
  for (let n = parentOf(deferNode); n; n = parentOf(n)) {
    if (!FUNCTION_BOUNDARIES.has(n.type)) continue;
    const params = n.childForFieldName("parameters");
    for (const p of params?.namedChildren ?? []) {
      if (p?.type !== "parameter_declaration") continue;
      const type = p.childForFieldName("type")?.text.replace(/\s+/g, "");
      if (type !== "*testing.T" && type !== "*testing.B" && type !== "testing.TB") continue;
      const name = p.childForFieldName("name")?.text;
      if (name && name !== "_") return name;
    }
  }
  return null;
}

function clip(text: string): string {
  const oneLine = text.replace(/\s+/g, " ");
  return oneLine.length > 40 ? `${oneLine.slice(0, 37)}...` : oneLine;
}
