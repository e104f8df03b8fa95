// defer-in-loop: a defer runs when its function returns, not at the end of a loop iteration.
// Detection is lexical (tree-sitter-go): a defer_statement inside the body of a for_statement of
// the same function body. The judgement reads the code as a reviewer would: a defer that runs at
// most once, one that holds a value meant to outlive the iteration, one that reads state only
// final at return, or a safety net next to an explicit call, gets a notice and no fix; severity
// otherwise follows what the file proves the call holds and how the loop is bounded.
import type {
  AnalysisError,
  AnalysisResult,
  Evidence,
  Finding,
  Fix,
  Severity,
} from "../../findings.ts";
import type { GoParser, Node, Tree } from "../../parse/go-parser.ts";
import { parentOf } from "../../parse/ancestors.ts";
import { LineIndex, lineEnding } from "../../parse/positions.ts";
import type { RepoFile } from "../analyzer.ts";
import {
  blockStatements,
  descendantsInFunction,
  everyPathEnds,
  isPanicStatement,
  synthesizeFixes,
} from "./fix.ts";
import { type Hold, analyzeHold, readsExitState } from "./hold.ts";
import {
  type Binding,
  type DeferSite,
  type FileScan,
  type LoopFacts,
  anyIn,
  bindingsIn,
  lastBinding,
  nodesIn,
  scanFile,
} from "./scan.ts";

import { mayHaveDeferInLoop } from "./candidates.ts";

export { mayHaveDeferInLoop };

/** Outer loops looked at per defer: deeper nesting is judged by its innermost 32 loops. */
const MAX_CHAIN = 32;
/** Blocks climbed from a defer to its loop body when asking whether every path leaves. */
const MAX_CLIMB = 64;
/** A literal trip count up to this many passes counts as a handful. */
const FEW = 64;

/**
 * tree-sitter-go 0.25 cannot parse Go 1.26's `new(expr)` (`new(uint64(1))`). The same call with
 * another three-letter name parses as an ordinary call, and offsets do not move. A file that does
 * not parse is parsed again that way; what still fails to parse is a real syntax error.
 */
const NEW_CALL = /(?<![\p{L}\p{N}_.])new(?=\s*\()/gu;
const NEW_STANDIN = "n3w";

function parseGo(parser: GoParser, text: string): { tree: Tree; normalised: boolean } {
  const tree = parser.parse(text);
  if (!tree.rootNode.hasError || !NEW_CALL.test(text)) return { tree, normalised: false };
  NEW_CALL.lastIndex = 0;
  // The copy's remaining errors, if any, are real ones: report and judge those.
  const copy = parser.parse(text.replace(NEW_CALL, NEW_STANDIN));
  tree.delete();
  return { tree: copy, normalised: true };
}

/**
 * `marked`: offsets of the defers the pre-filter's lexer marked, if it ran. Every defer the
 * parser finds in a loop is among them, so the declarations holding one are the ones to examine,
 * without a search of the whole tree.
 */
export function analyzeDeferInLoop(
  file: RepoFile,
  parser: GoParser,
  marked?: readonly number[],
): AnalysisResult {
  if (!mayHaveDeferInLoop(file.text)) return { findings: [], errors: [] };
  let tree: Tree | undefined;
  try {
    const parsed = parseGo(parser, file.text);
    tree = parsed.tree;
    const root = tree.rootNode;
    const errors: AnalysisError[] = [];
    if (root.hasError) {
      const bad = firstError(root);
      errors.push({
        file: file.path,
        line: (bad?.startPosition.row ?? 0) + 1,
        message:
          "syntax error: defer-in-loop skipped the defers in the part of the file that does not parse",
      });
    }
    // Most files that defer never do it inside a loop: the walks below are for those that may.
    const candidates = marked ?? defersInsideLoops(root);
    if (candidates.length === 0) return { findings: [], errors };
    const scan = scanFile(root, (decl) => anyIn(candidates, decl.startIndex, decl.endIndex));
    const index = new LineIndex(file.text);
    const context: FileContext = {
      file,
      index,
      eol: lineEnding(file.text),
      isTest: file.path.endsWith("_test.go"),
      scan,
      normalised: parsed.normalised,
      leaves: new Map(),
      suffix: new Map(),
    };
    const findings: Finding[] = [];
    const loops: LoopFacts[] = [];
    for (const site of scan.sites)
      if (site.loop.defers[0]?.id === site.node.id) loops.push(site.loop);
    for (const loop of loops) findings.push(...judgeLoop(context, loop));
    findings.sort((a, b) => a.line - b.line || a.column - b.column);
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
  scan: FileScan;
  normalised: boolean;
  /** alwaysLeaves verdicts by loop id, then statement id. */
  leaves: Map<number, Map<number, boolean>>;
  /** Per statement list: for each position, the first later statement that always leaves. */
  suffix: Map<number, Suffix>;
}

/**
 * Start offsets of the defers that lie inside some for statement's text (function boundaries
 * aside): the search of the whole tree when the pre-filter's lexer did not run.
 */
function defersInsideLoops(root: Node): number[] {
  // Both kinds in text order: a defer that starts before the furthest end of the loops seen so
  // far lies inside one of them.
  let far = -1;
  const starts: number[] = [];
  for (const n of root.descendantsOfType(["for_statement", "defer_statement"])) {
    if (!n) continue;
    if (n.type === "for_statement") far = Math.max(far, n.endIndex);
    else if (n.endIndex <= far) starts.push(n.startIndex);
  }
  return starts;
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

// ---------------------------------------------------------------------------------------------
// Judgement

interface Verdict {
  site: DeferSite;
  severity: Severity;
  /** Sentences, without the fix reference. */
  message: string;
  /** May the fix change when this defer runs? (false: deliberate, exit state, safety net...) */
  movable: boolean;
  hold: Hold;
  evidence: Evidence[];
  /** Calls for the reviewer to check before applying a fix. */
  caveat?: string;
}

function judgeLoop(ctx: FileContext, loop: LoopFacts): Finding[] {
  const verdicts = loop.defers.map((node) => judge(ctx, { node, loop }));
  const fixable = verdicts.filter((v) => v.severity !== "notice" && v.movable);
  let fixes: Fix[] = [];
  let owner: Verdict | undefined;
  // The fix of a loop that holds a loop with defers would overlap the inner loop's fix.
  if (fixable.length > 0 && !loop.holdsDeferLoop) {
    const several = verdicts.length > 1;
    // Wrapping the body runs every defer in it per iteration: all of them must allow that.
    if (!several || verdicts.every((v) => v.movable)) {
      owner = fixable[0]!;
      const hold = owner.hold;
      fixes = synthesizeFixes({
        path: ctx.file.path,
        text: ctx.file.text,
        index: ctx.index,
        eol: ctx.eol,
        deferNode: owner.site.node,
        loop: loop.node,
        explicit: !several,
        lastUse: hold.kind === "local" || hold.kind === "unknown" ? hold.lastUse : undefined,
        labelUses: loop.label !== undefined ? (loop.fn.labelUses.get(loop.label) ?? []) : [],
      });
      const caveat = verdicts.map((v) => v.caveat).find((c) => c !== undefined);
      fixes = fixes.map((f) =>
        caveat
          ? { ...f, description: `${f.description}; ${caveat}`, safe: false }
          : { ...f, safe: true },
      );
    }
  }
  const ownerLine = owner ? owner.site.node.startPosition.row + 1 : 0;
  const group =
    verdicts.length > 1
      ? `defer-in-loop:${ctx.file.path}:${loop.node.startPosition.row + 1}`
      : undefined;
  return verdicts.map((v) => {
    let message = v.message;
    const mine = v === owner;
    if (!mine && fixes.length > 0 && v.severity !== "notice" && v.movable) {
      message += ` The fix on line ${ownerLine} wraps the loop body for all ${verdicts.length} defers.`;
    } else if (mine && verdicts.length > 1 && fixes.length > 0) {
      message += ` The fix covers the ${verdicts.length} defers of this loop.`;
    } else if (fixes.length === 0 && v.severity !== "notice" && v.movable) {
      message +=
        " Move the loop body into its own function (`for ... { process(...) }`, with the defer inside `process`) so it runs per iteration.";
    }
    if (ctx.normalised) message = message.replaceAll(`${NEW_STANDIN}(`, "new(");
    message = message.charAt(0).toUpperCase() + message.slice(1);
    const start = v.site.node.startPosition;
    const end = v.site.node.endPosition;
    const finding: Finding = {
      rule: "defer-in-loop",
      severity: v.severity,
      file: ctx.file.path,
      line: start.row + 1,
      column: ctx.index.byteColumn(start.row, start.column),
      endLine: end.row + 1,
      endColumn: ctx.index.byteColumn(end.row, end.column),
      message,
      evidence: v.evidence,
      fixes: mine ? fixes : [],
    };
    if (group) finding.group = group;
    return finding;
  });
}

function lineOf(n: Node): number {
  return n.startPosition.row + 1;
}

function judge(ctx: FileContext, site: DeferSite): Verdict {
  const { scan, file } = ctx;
  const { node: deferNode, loop } = site;
  const fnNode = loop.fn.node;
  const fnName = functionName(fnNode);
  const call = deferNode.namedChildren.find((c) => c?.type === "call_expression") ?? undefined;
  const callee = describeCallee(ctx, deferNode, call, fnNode);
  const X = callee.text;

  const chain: LoopFacts[] = [];
  for (let l: LoopFacts | null = loop; l && chain.length < MAX_CHAIN; l = l.parent) chain.push(l);
  const repeating = chain.filter((l, i) =>
    i === 0 ? !everyPathLeaves(ctx, deferNode, l) : !leavesAfterFirstPass(ctx, l, deferNode),
  );
  const evidence: Evidence[] = [
    { file: file.path, line: lineOf(loop.node), message: "loop starts here" },
  ];
  const outer = repeating[0];
  if (outer && outer !== loop) {
    evidence.push({ file: file.path, line: lineOf(outer.node), message: "this loop repeats it" });
  }
  // What piles up is per pass of the innermost loop that repeats.
  const holdInput = { scan, deferNode, call, loop: outer ?? loop, lineOf };
  const base = { site, evidence };

  if (!outer) {
    return {
      ...base,
      severity: "notice",
      message: `${X} deferred in a loop runs at most once, when ${fnName} returns: every path from it leaves the loop.`,
      movable: false,
      hold: { kind: "invariant" },
    };
  }

  const hold = analyzeHold(holdInput);
  const exitState = readsExitState(holdInput, loop.fn.namedResults);
  if (hold.kind === "deliberate" && !exitState) {
    const first = hold.usedAfter
      ? `${X} is held until ${fnName} returns; used after the loop at line ${hold.usedAfter}.`
      : `${X} is held until ${fnName} returns: ${hold.how}.`;
    const second = hold.usedAfter
      ? ` It outlives the iteration (${hold.how}), so releasing it per iteration would break that use; no fix.`
      : " Releasing it per iteration would break that; no fix.";
    return { ...base, severity: "notice", message: first + second, movable: false, hold };
  }

  const duplicate = call ? laterDuplicate(ctx, call, loop) : null;
  if (duplicate) {
    return {
      ...base,
      severity: "notice",
      message: `${X} is also called at line ${duplicate}: this defer is a safety net, and runs again when ${fnName} returns.`,
      movable: false,
      hold,
    };
  }

  const relocks =
    (callee.kind === "unlock" || callee.kind === "runlock") && relocked(ctx, callee, repeating);
  const unbounded = repeating.map((l) => unboundedShape(ctx, l)).find((s) => s !== null) ?? null;
  const few = repeating.every((l) => literalTrips(ctx, l) !== null);

  let severity: Severity;
  let message: string;
  if (relocks) {
    const read = callee.kind === "runlock";
    const lock = read ? "RLock" : "Lock";
    const writer = read ? " once a writer waits" : "";
    severity = "error";
    message = `${X} deferred in a loop keeps the ${read ? "read lock" : "lock"} until ${fnName} returns: the next \`${callee.receiver}.${lock}()\` deadlocks${writer}.`;
  } else if (callee.kind === "unlock" || callee.kind === "runlock") {
    // Locking a set of mutexes for the rest of the function: the code after the loop relies on it.
    const held = callee.kind === "runlock" ? "read lock" : "lock";
    message = `${X} deferred in a loop keeps every ${held} it releases until ${fnName} returns.`;
    message +=
      " Code after the loop may rely on holding them all; releasing each per iteration would change that; no fix.";
    return { ...base, severity: "notice", message, movable: false, hold };
  } else if (hold.kind === "invariant") {
    severity = unbounded && !ctx.isTest ? "warning" : "notice";
    message = `${X} deferred in a loop uses only values from before it: one call per pass, all when ${fnName} returns.`;
    if (unbounded)
      message += ` The loop has no bound (${unbounded}), so the pending calls grow with it.`;
    message += " Running it per iteration would change what it does; no fix.";
    return { ...base, severity, message, movable: false, hold };
  } else {
    const what = consequence(ctx, callee, fnNode, deferNode);
    message = `${X} deferred in a loop ${what.text} until ${fnName} returns.`;
    if (unbounded) {
      severity = what.proven ? "error" : "warning";
      message += ` The loop has no bound (${unbounded}), so ${what.proven ? "they pile up without limit" : "they pile up with it"}.`;
    } else {
      severity = "warning";
    }
    if (few && !unbounded) {
      severity = "notice";
      message += ` The loop runs a fixed, small number of times (${literalTrips(ctx, repeating[0]!)}).`;
    }
    if (ctx.isTest && severity !== "notice" && !unbounded) {
      severity = "notice";
      message += " In a test file this is a notice: nothing it holds outlives the test.";
    }
  }

  if (exitState) {
    // A function-wide panic handler or a rollback on the named error is there on purpose.
    if (hold.kind === "deliberate" || /recover|named result/.test(exitState)) severity = "notice";
    message += ` Its function literal reads ${exitState}, so running it earlier would change what it sees; no fix.`;
    return { ...base, severity, message, movable: false, hold };
  }
  let caveat: string | undefined;
  if (hold.kind === "unknown") {
    const names = hold.names.map((n) => `\`${n}\``).join(", ");
    const where = hold.callee.includes("line") ? hold.callee : `${hold.callee} (line ${hold.line})`;
    caveat = `check that ${where} does not keep ${names} after the iteration`;
    if (severity !== "notice") {
      message += ` Check that ${where} does not keep ${names} after the iteration.`;
    }
  }
  // A fix rewrites the innermost loop; when an outer loop is the one that repeats, code after the
  // inner loop may still use what the defer releases.
  return { ...base, severity, message, movable: outer === loop, hold, caveat };
}

// ---------------------------------------------------------------------------------------------
// Loops

/** How a statement leaves `loop` on every path: return, panic, exit, break of it, branch beyond it. */
function alwaysLeaves(ctx: FileContext, statement: Node, loop: Node): boolean {
  let memo = ctx.leaves.get(loop.id);
  if (!memo) ctx.leaves.set(loop.id, (memo = new Map()));
  const known = memo.get(statement.id);
  if (known !== undefined) return known;
  const verdict = everyPathEnds(
    statement,
    (s) => {
      switch (s.type) {
        case "return_statement":
        case "goto_statement":
          return s.type === "return_statement";
        case "expression_statement":
          return isPanicStatement(s) || exits(s);
        case "break_statement":
        case "continue_statement": {
          const target = branchTargetOf(ctx, s, loop);
          if (target === "this") return s.type === "break_statement";
          return target === "outer";
        }
        default:
          return false;
      }
    },
    (block) => blockStatements(block).at(-1),
  );
  memo.set(statement.id, verdict);
  return verdict;
}

/** Calls that never return: the process exits or the goroutine ends. */
const NO_RETURN =
  /^(os\.Exit|log\.(Fatal|Fatalf|Fatalln|Panic|Panicf|Panicln)|runtime\.Goexit|[A-Za-z_]\w*\.(Fatal|Fatalf|FailNow|SkipNow|Skip|Skipf))$/;

function exits(statement: Node): boolean {
  const call = statement.namedChildren[0];
  if (call?.type !== "call_expression") return false;
  return NO_RETURN.test(call.childForFieldName("function")?.text ?? "");
}

/** Where a break/continue goes relative to `loop`: "this", "outer" (beyond it), or "inner". */
function branchTargetOf(ctx: FileContext, branch: Node, loop: Node): "this" | "outer" | "inner" {
  const label = branch.namedChildren.find((c) => c?.type === "label_name")?.text;
  const isBreak = branch.type === "break_statement";
  let n = parentOf(branch);
  for (let steps = 0; n && steps < 4 * MAX_CLIMB; steps++, n = parentOf(n)) {
    if (n.id === loop.id) {
      if (label === undefined) return "this";
      const holder = parentOf(n);
      return holder?.type === "labeled_statement" &&
        holder.childForFieldName("label")?.text === label
        ? "this"
        : "outer";
    }
    if (label !== undefined) continue;
    if (n.type === "for_statement") return "inner";
    if (
      isBreak &&
      (n.type === "expression_switch_statement" ||
        n.type === "type_switch_statement" ||
        n.type === "select_statement")
    ) {
      return "inner";
    }
  }
  return "inner";
}

/**
 * Does every path from the defer leave its innermost loop before the next iteration? Climbs from
 * the defer to the loop body: at each level, a later statement of the same list that always
 * leaves, with no continue of the loop or goto between, settles it.
 */
function everyPathLeaves(ctx: FileContext, deferNode: Node, facts: LoopFacts): boolean {
  const loop = facts.node;
  const body = loop.childForFieldName("body");
  let s: Node = deferNode;
  for (let steps = 0; steps < MAX_CLIMB; steps++) {
    const list = parentOf(s);
    if (!list) return false;
    if (list.type === "statement_list") {
      const info = suffixOf(ctx, list, loop);
      const at = info.position.get(s.id) ?? -1;
      const leaving = at >= 0 ? info.statements[info.firstLeaving[at + 1] ?? -1] : undefined;
      if (
        leaving &&
        !anyIn(facts.continues, deferNode.endIndex, leaving.startIndex) &&
        !anyIn(ctx.scan.gotos, deferNode.endIndex, leaving.endIndex)
      ) {
        return true;
      }
    }
    const up = list.type === "statement_list" ? parentOf(list) : list;
    if (!up || (body && up.id === body.id)) return false;
    switch (up.type) {
      case "block": {
        const holder = parentOf(up);
        if (!holder) return false;
        // Out of an if's branch or a bare block: on after the if (or the block).
        s = holder.type === "if_statement" ? outermostIf(holder) : up;
        if (holder.type !== "if_statement" && holder.type !== "statement_list") return false;
        continue;
      }
      case "expression_case":
      case "default_case":
      case "type_case":
      case "communication_case": {
        const sw = parentOf(up);
        if (!sw) return false;
        s = sw;
        continue;
      }
      case "labeled_statement":
        s = up;
        continue;
      default:
        return false;
    }
  }
  return false;
}

/** An else-if chain hangs from its first if, the statement in the list. */
function outermostIf(ifNode: Node): Node {
  let n = ifNode;
  for (let p = parentOf(n); p?.type === "if_statement"; p = parentOf(n)) n = p;
  return n;
}

interface Suffix {
  statements: Node[];
  firstLeaving: number[];
  position: Map<number, number>;
}

function suffixOf(ctx: FileContext, list: Node, loop: Node): Suffix {
  const cached = ctx.suffix.get(list.id);
  if (cached) return cached;
  const statements = list.namedChildren.filter((c): c is Node => !!c && c.type !== "comment");
  const firstLeaving: number[] = new Array<number>(statements.length + 1).fill(-1);
  for (let i = statements.length - 1; i >= 0; i--) {
    firstLeaving[i] = alwaysLeaves(ctx, statements[i]!, loop) ? i : (firstLeaving[i + 1] ?? -1);
  }
  const position = new Map(statements.map((x, i) => [x.id, i]));
  const info = { statements, firstLeaving, position };
  ctx.suffix.set(list.id, info);
  return info;
}

/**
 * An outer loop leaves after its first pass: its last statement always leaves it, and no continue
 * of it or goto comes after the defer.
 */
function leavesAfterFirstPass(ctx: FileContext, facts: LoopFacts, deferNode: Node): boolean {
  const loop = facts.node;
  if (facts.memo.lastLeaves === undefined) {
    const body = loop.childForFieldName("body");
    const last = body ? blockStatements(body).at(-1) : undefined;
    facts.memo.lastLeaves = !!last && alwaysLeaves(ctx, last, loop);
  }
  if (!facts.memo.lastLeaves) return false;
  if (anyIn(facts.continues, deferNode.startIndex, Infinity)) return false;
  return !anyIn(ctx.scan.gotos, deferNode.startIndex, loop.endIndex);
}

function header(loop: Node): Node | undefined {
  return loop.namedChildren.find(
    (c): c is Node => !!c && c.type !== "block" && c.type !== "comment",
  );
}

/**
 * A short description of a loop with no bound, or null: the header has none (`for {}`, no
 * condition, a channel, `for rows.Next()`) and nothing in the body bounds it (a ctx.Done() or
 * ctx.Err() test, a timer, a deadline).
 */
function unboundedShape(ctx: FileContext, facts: LoopFacts): string | null {
  if (facts.memo.shape === undefined) facts.memo.shape = computeShape(ctx, facts);
  return facts.memo.shape;
}

function computeShape(ctx: FileContext, facts: LoopFacts): string | null {
  if (facts.bodyBound) return null;
  const loop = facts.node;
  const h = header(loop);
  if (!h) return "`for {}`";
  if (h.type === "for_clause") {
    const cond = h.childForFieldName("condition");
    if (!cond) return "a `for` clause without a condition";
    // A benchmark's timed loop runs b.N times: as many as the framework needs.
    const tester = facts.fn.tester;
    const right = cond.type === "binary_expression" ? cond.childForFieldName("right") : null;
    return tester && right?.text === `${tester}.N` ? `\`${clip(cond.text)}\`` : null;
  }
  if (h.type === "range_clause") {
    const right = h.childForFieldName("right");
    return right && isChannel(ctx, right, facts)
      ? `range over channel \`${clip(right.text)}\``
      : null;
  }
  let cond: Node | null | undefined = h;
  while (cond?.type === "parenthesized_expression") cond = cond.namedChildren[0];
  if (cond?.type === "call_expression" || cond?.type === "true") return `\`for ${clip(h.text)}\``;
  return null;
}

/** The trip count of `range 3`, `for i := 0; i < 3; i++`, a range over a short literal; or null. */
function literalTrips(ctx: FileContext, facts: LoopFacts): string | null {
  if (facts.memo.trips === undefined) facts.memo.trips = computeTrips(ctx, facts);
  return facts.memo.trips;
}

function computeTrips(ctx: FileContext, facts: LoopFacts): string | null {
  const loop = facts.node;
  const h = header(loop);
  if (!h) return null;
  if (h.type === "range_clause") {
    let right = h.childForFieldName("right");
    if (right?.type === "identifier") {
      // `probes := []T{...}` before the loop, never appended to.
      const name = right.text;
      const before = bindingsIn(ctx.scan, name, facts.fn.node.startIndex, loop.startIndex, 64);
      const b = before.filter((x) => x.declares).at(-1);
      const later = bindingsIn(ctx.scan, name, (b?.at ?? 0) + 1, loop.endIndex, 8);
      const value = b?.declares
        ? b.node.childForFieldName(b.node.type === "var_spec" ? "value" : "right")?.namedChildren[
            b.position
          ]
        : undefined;
      if (
        value?.type === "composite_literal" &&
        later.every((x) => !/\bappend\(/.test(x.node.text))
      )
        right = value;
    }
    if (right?.type === "int_literal" && Number(right.text) <= FEW)
      return `\`range ${right.text}\``;
    if (right?.type === "composite_literal") {
      const body = right.childForFieldName("body");
      const n = body?.namedChildren.filter((c) => c && c.type !== "comment").length ?? FEW + 1;
      if (n <= FEW) return `a range over ${n} listed value${n === 1 ? "" : "s"}`;
    }
    return null;
  }
  if (h.type !== "for_clause") return null;
  const init = h.childForFieldName("initializer");
  const cond = h.childForFieldName("condition");
  const update = h.childForFieldName("update");
  if (init?.type !== "short_var_declaration" || cond?.type !== "binary_expression") return null;
  const v = init.childForFieldName("left")?.namedChildren[0]?.text;
  const from = init.childForFieldName("right")?.namedChildren[0];
  const op = cond.childForFieldName("operator")?.text;
  const left = cond.childForFieldName("left");
  const right = cond.childForFieldName("right");
  if (from?.type !== "int_literal" || right?.type !== "int_literal" || left?.text !== v)
    return null;
  if (update?.type !== "inc_statement" || update.namedChildren[0]?.text !== v) return null;
  const n = Number(right.text) - Number(from.text) + (op === "<=" ? 1 : op === "<" ? 0 : NaN);
  return Number.isFinite(n) && n <= FEW ? `${n} passes` : null;
}

function isChannel(ctx: FileContext, range: Node, facts: LoopFacts): boolean {
  const loop = facts.node;
  let expr: Node | null | undefined = range;
  while (expr?.type === "parenthesized_expression") expr = expr.namedChildren[0];
  if (!expr) return false;
  switch (expr.type) {
    case "call_expression":
      return makesChannel(expr);
    case "identifier": {
      // Bound in this function (or one around it) before the loop, else at package level.
      let outer = facts.fn;
      while (outer.parent) outer = outer.parent;
      const name = expr.text;
      const b =
        lastBinding(ctx.scan, name, outer.node.startIndex, loop.startIndex) ??
        ctx.scan.globals.get(name);
      return !!b && bindsChannel(b);
    }
    case "selector_expression": {
      const field = expr.childForFieldName("field")?.text;
      return !!field && ctx.scan.channelFields.has(field);
    }
    default:
      return false;
  }
}

function bindsChannel(b: Binding): boolean {
  const decl = b.node;
  if (decl.childForFieldName("type")?.type === "channel_type") return true;
  const values =
    decl.type === "var_spec" ? decl.childForFieldName("value") : decl.childForFieldName("right");
  const list = values?.namedChildren ?? [];
  const value = list.length > 1 ? list[b.position] : list[0];
  return !!value && makesChannel(value);
}

function makesChannel(expr: Node): boolean {
  if (expr.type !== "call_expression") return false;
  const fn = expr.childForFieldName("function")?.text;
  if (fn === "time.Tick") return true;
  if (fn !== "make") return false;
  const first = expr.childForFieldName("arguments")?.namedChildren[0];
  return first?.type === "channel_type";
}

/** The same call written as a statement later in the loop body: the defer is a safety net. */
function laterDuplicate(ctx: FileContext, call: Node, loop: LoopFacts): number | null {
  const fn = call.childForFieldName("function");
  if (fn?.type !== "selector_expression" && fn?.type !== "identifier") return null;
  const calls = ctx.scan.calls.get(fn.text);
  if (!calls) return null;
  const args = call.childForFieldName("arguments")?.text ?? "";
  // Only a call on the defer's own path: later in its block (or nested in what follows it there).
  const holder = parentOf(call);
  const list = holder ? parentOf(holder) : null;
  const until = list ? Math.min(list.endIndex, loop.node.endIndex) : loop.node.endIndex;
  for (const other of nodesIn(calls, call.endIndex, until, 16)) {
    if (other.childForFieldName("arguments")?.text !== args) continue;
    if (parentOf(other)?.type === "defer_statement") continue;
    return lineOf(other);
  }
  return null;
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
  /** A cancel the file proves comes from a context constructor. */
  proven?: boolean;
}

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

function describeCallee(
  ctx: FileContext,
  deferNode: Node,
  call: Node | undefined,
  fn: Node,
): Callee {
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
    const bound = boundValue(ctx, target.text, fn, deferNode);
    if (bound) return { text, ...bound };
    return { text, kind: /cancel$/i.test(target.text) ? "cancel" : "other" };
  }
  if (target.type === "func_literal") {
    // `defer func() { mu.Unlock() }()`: the first call inside that we recognise decides.
    for (const inner of descendantsInFunction(target, ["call_expression"], 256)) {
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
function boundValue(
  ctx: FileContext,
  name: string,
  fn: Node,
  before: Node,
): Omit<Callee, "text"> | null {
  const b = lastBinding(ctx.scan, name, fn.startIndex, before.startIndex);
  if (!b) return null;
  const decl = b.node;
  if (decl.type === "range_clause" || decl.type.startsWith("parameter")) return null;
  const left =
    decl.type === "var_spec"
      ? decl.childrenForFieldName("name")
      : (decl.childForFieldName("left")?.namedChildren ?? []);
  const right =
    (decl.type === "var_spec" ? decl.childForFieldName("value") : decl.childForFieldName("right"))
      ?.namedChildren ?? [];
  const at = b.position;
  const value = right.length === left.length ? right[at] : right[0];
  if (!value) return null;
  if (value.type === "selector_expression") {
    const kind = kindOfMethod(value.childForFieldName("field")?.text ?? "");
    return { kind, receiver: value.childForFieldName("operand")?.text };
  }
  if (
    value.type === "call_expression" &&
    right.length === 1 &&
    at === left.length - 1 &&
    CONTEXT_CONSTRUCTORS.has(value.childForFieldName("function")?.text ?? "")
  ) {
    return { kind: "cancel", proven: true };
  }
  return null;
}

/** Calls whose result the file proves holds a descriptor or a connection. */
const OPENS: [RegExp, string][] = [
  [/^os\.(Open|OpenFile|Create|CreateTemp)$/, "file"],
  [
    /^(net\.(Dial|DialTimeout|DialTCP|DialUDP|DialUnix|Listen|ListenPacket)|[\w.]+\.(Dial|DialContext|Accept))$/,
    "connection",
  ],
  [/^sql\.Open$/, "database handle"],
  [/^([\w.]+\.)?(Query|QueryContext)$/, "rows (and connection)"],
  [/^(http\.(Get|Post|Head|PostForm)|[\w.]+\.(Do|Get|Post|Head))$/, "response (and connection)"],
];

/** What the deferred call keeps, said only as far as the file proves it. */
function consequence(
  ctx: FileContext,
  callee: Callee,
  fn: Node,
  deferNode: Node,
): { text: string; proven: boolean } {
  if (callee.kind === "cancel" && callee.proven) {
    return { text: "keeps each pass's context and timer alive", proven: true };
  }
  if (callee.kind === "unlock" || callee.kind === "runlock") {
    return {
      text: `keeps every ${callee.kind === "runlock" ? "read lock" : "lock"} it releases`,
      proven: true,
    };
  }
  if (callee.kind === "close" && callee.receiver) {
    const root = /^[\p{L}_][\p{L}\p{N}_]*/u.exec(callee.receiver)?.[0];
    const b = root ? lastBinding(ctx.scan, root, fn.startIndex, deferNode.startIndex) : undefined;
    const right = b && b.node.type !== "var_spec" ? b.node.childForFieldName("right") : undefined;
    const value =
      right?.namedChildren.length === 1
        ? right.namedChildren[0]
        : right?.namedChildren[b?.position ?? 0];
    const made =
      value?.type === "call_expression" ? (value.childForFieldName("function")?.text ?? "") : "";
    for (const [pattern, what] of OPENS) {
      if (pattern.test(made)) return { text: `keeps each pass's ${what} open`, proven: true };
    }
  }
  if (callee.kind === "done" && callee.receiver) {
    const waits = nodesIn(
      ctx.scan.calls.get(`${callee.receiver}.Wait`) ?? [],
      fn.startIndex,
      fn.endIndex,
      0,
    );
    if (waits[0]) {
      return {
        text: `blocks \`${callee.receiver}.Wait()\` (line ${lineOf(waits[0])})`,
        proven: true,
      };
    }
  }
  return { text: "leaves one call per pass pending", proven: false };
}

/** Is the mutex an Unlock releases locked again in a repeating loop (the same expression, not per iteration)? */
function relocked(ctx: FileContext, callee: Callee, repeating: LoopFacts[]): boolean {
  const receiver = callee.receiver;
  const loop = repeating.at(-1)?.node;
  if (!receiver || !loop) return false;
  const root = /^[(*&]*([\p{L}_][\p{L}\p{N}_]*)/u.exec(receiver)?.[1] ?? receiver;
  // A receiver declared inside the loop (a range variable, a per-iteration :=) names a different mutex.
  if (bindingsIn(ctx.scan, root, loop.startIndex, loop.endIndex, 64).some((b) => b.declares)) {
    return false;
  }
  const lock = callee.kind === "runlock" ? "RLock" : "Lock";
  return (
    nodesIn(ctx.scan.calls.get(`${receiver}.${lock}`) ?? [], loop.startIndex, loop.endIndex, 0)
      .length > 0
  );
}

function functionName(fn: Node): string {
  if (fn.type === "func_literal") return "the enclosing function literal";
  const name = fn.childForFieldName("name")?.text;
  return name ? `\`${name}\`` : "the function";
}

function clip(text: string): string {
  const oneLine = text.replace(/\s+/g, " ");
  return oneLine.length > 40 ? `${oneLine.slice(0, 37)}...` : oneLine;
}
