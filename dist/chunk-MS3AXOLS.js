import { createRequire as __gmcCreateRequire } from "node:module"; const require = __gmcCreateRequire(import.meta.url);
import {
  mayHaveDeferInLoop
} from "./chunk-OJL2LTWI.js";
import {
  LineIndex,
  lineEnding
} from "./chunk-52F24W3R.js";

// src/parse/ancestors.ts
var parents = /* @__PURE__ */ new WeakMap();
function known(tree) {
  let map = parents.get(tree);
  if (!map) parents.set(tree, map = /* @__PURE__ */ new Map());
  return map;
}
var DEEP = 256;
function parentOf(node) {
  const map = known(node.tree);
  const cached = map.get(node.id);
  if (cached !== void 0) return cached;
  let n = node.tree.rootNode;
  map.set(n.id, null);
  let top;
  for (let depth = 0; n.id !== node.id; depth++) {
    const child = n.childWithDescendant(node);
    if (!child || child.id === n.id) return node.parent;
    map.set(child.id, n);
    top ??= child;
    if (depth >= DEEP && child.id !== node.id) {
      rememberParents(top);
      return map.get(node.id) ?? node.parent;
    }
    n = child;
  }
  return map.get(node.id) ?? null;
}
function rememberParents(root) {
  const map = known(root.tree);
  const cursor = root.walk();
  const path = [cursor.currentNode];
  try {
    for (; ; ) {
      if (cursor.gotoFirstChild()) {
        const child = cursor.currentNode;
        map.set(child.id, path.at(-1));
        path.push(child);
        continue;
      }
      for (; ; ) {
        if (path.length <= 1) return;
        path.pop();
        if (cursor.gotoNextSibling()) {
          const sibling = cursor.currentNode;
          map.set(sibling.id, path.at(-1));
          path.push(sibling);
          break;
        }
        cursor.gotoParent();
      }
    }
  } finally {
    cursor.delete();
  }
}

// src/analyzers/defer/go-types.ts
var NUMERIC_TYPES = [
  "int",
  "int8",
  "int16",
  "int32",
  "int64",
  "uint",
  "uint8",
  "uint16",
  "uint32",
  "uint64",
  "uintptr",
  "float32",
  "float64",
  "complex64",
  "complex128",
  "byte",
  "rune"
];

// src/analyzers/defer/fix.ts
var FUNCTION_BOUNDARIES = /* @__PURE__ */ new Set([
  "func_literal",
  "function_declaration",
  "method_declaration"
]);
var BREAKABLE = /* @__PURE__ */ new Set([
  "for_statement",
  "expression_switch_statement",
  "type_switch_statement",
  "select_statement"
]);
var BRANCHES = ["return_statement", "goto_statement", "break_statement", "continue_statement"];
function labelOf(statement) {
  const parent = parentOf(statement);
  if (parent?.type !== "labeled_statement") return void 0;
  return parent.childForFieldName("label")?.text;
}
function branchLabel(branch) {
  for (const child of branch.namedChildren) {
    if (child.type === "label_name") return child.text;
  }
  return void 0;
}
function branchTarget(branch) {
  const label = branchLabel(branch);
  const isBreak = branch.type === "break_statement";
  for (let n = parentOf(branch); n && !FUNCTION_BOUNDARIES.has(n.type); n = parentOf(n)) {
    if (label !== void 0) {
      if (n.type === "for_statement" || isBreak && BREAKABLE.has(n.type)) {
        if (labelOf(n) === label) return n;
      }
    } else if (isBreak ? BREAKABLE.has(n.type) : n.type === "for_statement") {
      return n;
    }
  }
  return null;
}
function within(inner, outer) {
  return inner.startIndex >= outer.startIndex && inner.endIndex <= outer.endIndex;
}
function isPanicStatement(node) {
  if (node.type !== "expression_statement") return false;
  const call = node.namedChildren[0];
  return call?.type === "call_expression" && call.childForFieldName("function")?.text === "panic";
}
function descendantsInFunction(root, types, cap = Infinity) {
  const wanted = new Set(types);
  const out = [];
  const stack = [root];
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
function blockStatements(block) {
  const list = block.namedChildren.find((c) => c?.type === "statement_list");
  return (list?.namedChildren ?? []).filter((c) => !!c && c.type !== "comment");
}
function everyPathEnds(statement, judge2, lastOf) {
  const pending = [statement];
  for (let s = pending.pop(); s; s = pending.pop()) {
    let next;
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
        const consequence2 = s.childForFieldName("consequence");
        const alternative = s.childForFieldName("alternative");
        if (!consequence2 || !alternative) return false;
        pending.push(consequence2, alternative);
        continue;
      }
      default: {
        const verdict = judge2(s);
        if (verdict === false) return false;
        if (verdict !== true) pending.push(...verdict);
      }
    }
  }
  return true;
}
function earlyExits(body, loop, from) {
  const found = descendantsInFunction(body, [...BRANCHES, "expression_statement"]);
  return found.filter((n) => {
    if (n.startIndex < from) return false;
    if (n.type === "expression_statement") return isPanicStatement(n);
    if (n.type === "return_statement" || n.type === "goto_statement") return true;
    const target = branchTarget(n);
    return target === null || target.equals(loop) || !within(target, body);
  });
}
var LITERALS = /* @__PURE__ */ new Set([
  "int_literal",
  "float_literal",
  "imaginary_literal",
  "rune_literal",
  "interpreted_string_literal",
  "raw_string_literal",
  "true",
  "false",
  "nil",
  "iota"
]);
function synthesizeFixes(input) {
  const fixes = [];
  const explicit = input.explicit === false ? null : explicitCallFix(input);
  if (explicit) fixes.push(explicit);
  const closure = closureFix(input);
  if (closure) fixes.push(closure);
  return fixes;
}
function offsetOfPoint(index, p) {
  return index.lineStart(p.row) + p.column;
}
function indentOf(line) {
  return /^[ \t]*/.exec(line)?.[0] ?? "";
}
function bodyLayout(index, body) {
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
function stableOperands(node, out) {
  for (let n = node; n; ) {
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
function isWritten(id) {
  let n = id;
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
    if (holder && (holder.type === "assignment_statement" || holder.type === "short_var_declaration" || holder.type === "range_clause") && holder.childForFieldName("left")?.equals(parent)) {
      return true;
    }
  }
  return false;
}
function explicitCallFix(input) {
  const { deferNode, loop, index, text, eol, path } = input;
  const body = loop.childForFieldName("body");
  const list = parentOf(deferNode);
  if (!body || list?.type !== "statement_list") return null;
  const inBody = parentOf(list)?.id === body.id;
  const statements = list.namedChildren.filter((c) => !!c && c.type !== "comment");
  const position = statements.findIndex((s) => s.equals(deferNode));
  if (position === -1) return null;
  const call = deferNode.namedChildren.find((c) => c?.type === "call_expression");
  if (!call) return null;
  const fn = call.childForFieldName("function");
  const args = call.childForFieldName("arguments");
  if (!fn || !args) return null;
  if (args.namedChildren.some((a) => a?.type === "variadic_argument")) return null;
  if (args.text.includes("...")) return null;
  const roots = /* @__PURE__ */ new Set();
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
  const lastUse = input.lastUse ?? Infinity;
  let anchor;
  if (lastUse !== Infinity) {
    if (lastUse <= deferNode.endIndex) anchor = deferNode;
    else
      anchor = statements.slice(position + 1).find((s) => s.startIndex < lastUse && lastUse <= s.endIndex);
  }
  const last = statements.at(-1);
  if (anchor && last && anchor.equals(last)) anchor = void 0;
  if (!anchor && !inBody) return null;
  const until = anchor ? anchor.endIndex : body.endIndex;
  if (earlyExits(body, loop, deferNode.endIndex).some((n) => n.startIndex < until)) return null;
  if (anchor && !anchor.equals(deferNode)) {
    const rest = index.lineText(anchor.endPosition.row).slice(anchor.endPosition.column).trim();
    if (rest !== "" && !rest.startsWith("//")) return null;
  }
  for (const id of body.descendantsOfType("identifier")) {
    if (!id || id.startIndex < deferNode.endIndex || id.startIndex >= until) continue;
    if (roots.has(id.text) && isWritten(id)) return null;
  }
  const callText = text.slice(
    offsetOfPoint(index, call.startPosition),
    offsetOfPoint(index, deferNode.endPosition)
  );
  const name = fn.type === "func_literal" ? "the function literal" : `\`${fn.text}\``;
  const dropKeyword = (description2) => ({
    description: description2,
    edits: [
      {
        file: path,
        startLine: deferRow + 1,
        startColumn: index.byteColumn(deferRow, deferNode.startPosition.column),
        endLine: call.startPosition.row + 1,
        endColumn: index.byteColumn(call.startPosition.row, call.startPosition.column),
        text: ""
      }
    ]
  });
  if (anchor?.equals(deferNode)) {
    return dropKeyword(
      `Call ${name} directly instead of deferring it: nothing later in the iteration uses what it releases`
    );
  }
  if (!anchor && position === statements.length - 1) {
    return dropKeyword(`Call ${name} directly instead of deferring it`);
  }
  let deleteTo = endRow + 1;
  const prevBlank = deferRow > layout.openRow + 1 && index.lineText(deferRow - 1).trim() === "";
  const nextBlank = deleteTo < layout.closeRow && index.lineText(deleteTo).trim() === "";
  if ((prevBlank || deferRow === layout.openRow + 1) && nextBlank) deleteTo++;
  const indent = indentOf(index.lineText(deferRow));
  const comment = after === "" ? "" : ` ${after}`;
  const insertRow = anchor ? anchor.endPosition.row + 1 : layout.closeRow;
  const edits = [
    {
      file: path,
      startLine: deferRow + 1,
      startColumn: 1,
      endLine: deleteTo + 1,
      endColumn: 1,
      text: ""
    },
    {
      file: path,
      startLine: insertRow + 1,
      startColumn: 1,
      endLine: insertRow + 1,
      endColumn: 1,
      text: `${indent}${callText}${comment}${eol}`
    }
  ];
  const description = anchor ? `Call ${name} right after its last use (line ${anchor.endPosition.row + 1}) instead of deferring it` : `Call ${name} at the end of the loop body instead of deferring it`;
  return { description, edits };
}
function closureFix(input) {
  const { loop, index, text, eol, path } = input;
  const body = loop.childForFieldName("body");
  if (!body) return null;
  const layout = bodyLayout(index, body);
  if (!layout) return null;
  const continues = [];
  const breaks = [];
  const returns = [];
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
  const control = breaks.length > 0 || returns.length > 0 ? closureControl(input, breaks, returns) : null;
  if ((breaks.length > 0 || returns.length > 0) && !control) return null;
  const replacements = [];
  const span = (n, replacement) => {
    replacements.push({
      start: offsetOfPoint(index, n.startPosition),
      end: offsetOfPoint(index, n.endPosition),
      text: replacement
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
  const inner = indentOf(index.lineText(layout.closeRow)) + "	";
  const lines = region.split(/(?<=\n)/);
  const reindented = lines.map((line) => line.trim() === "" ? line : `	${line}`).join("");
  const edits = labelEdit ? [labelEdit] : [];
  const replaceBody = (text2) => ({
    file: path,
    startLine: layout.openRow + 2,
    startColumn: 1,
    endLine: layout.closeRow + 1,
    endColumn: 1,
    text: text2
  });
  if (!control) {
    edits.push(replaceBody(`${inner}func() {${eol}${reindented}${inner}}()${eol}`));
    const note = continues.length > 0 ? " (continue becomes return)" : "";
    return {
      description: `Wrap the loop body in a function literal so its defers run at the end of each iteration${note}`,
      edits
    };
  }
  const last = blockStatements(body).at(-1);
  const fallsOff = !last || !closureTerminates(last, loop);
  const out = [
    `${inner}${control.names.join(", ")} := func() ${control.signature} {${eol}`,
    reindented,
    fallsOff ? `${inner}	return ${control.normal}${eol}` : "",
    `${inner}}()${eol}`
  ];
  for (const [condition, action] of control.after) {
    out.push(`${inner}if ${condition} {${eol}${inner}	${action}${eol}${inner}}${eol}`);
  }
  edits.push(replaceBody(out.join("")));
  const became = [
    returns.length > 0 ? "return" : "",
    breaks.length > 0 ? "break" : "",
    continues.length > 0 ? "continue" : ""
  ].filter((w) => w !== "");
  const listed = became.length === 1 ? became[0] : `${became.slice(0, -1).join(", ")} and ${became.at(-1)}`;
  const results = control.names.length > (breaks.length > 0 && returns.length > 0 ? 2 : 1) ? " (with the results)" : "";
  const signal = breaks.length > 0 && returns.length > 0 ? `two booleans: whether to break the loop, and whether to return${results}` : returns.length > 0 ? `true${results.replace(/^ \((.*)\)$/, ", $1,")} to return` : "true to break the loop";
  return {
    description: `Wrap the loop body in a function literal so its defers run at the end of each iteration; it returns ${signal} (${listed} become${became.length === 1 ? "s" : ""} a return from the literal)`,
    edits
  };
}
var NIL_TYPES = /* @__PURE__ */ new Set([
  "pointer_type",
  "slice_type",
  "map_type",
  "channel_type",
  "function_type",
  "interface_type"
]);
var PREDECLARED_ZERO = {
  bool: "false",
  string: '""',
  error: "nil",
  any: "nil",
  ...Object.fromEntries(NUMERIC_TYPES.map((t) => [t, "0"]))
};
var WRITTEN_BUILTINS = ["true", "false", "nil", "new", "bool", "int"];
function closureControl(input, breaks, returns) {
  const { loop } = input;
  let fn = parentOf(loop);
  while (fn && !FUNCTION_BOUNDARIES.has(fn.type)) fn = parentOf(fn);
  if (!fn) return null;
  let outermost = fn;
  for (let n = parentOf(fn); n; n = parentOf(n)) if (FUNCTION_BOUNDARIES.has(n.type)) outermost = n;
  const fileDeclared = fileDeclarations(loop).names;
  if (WRITTEN_BUILTINS.some((name) => fileDeclared.has(name))) return null;
  const types = [];
  const spread = /* @__PURE__ */ new Set();
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
      const values2 = r.namedChildren.find((c) => c?.type === "expression_list");
      const list = values2?.namedChildren.filter((c) => !!c && c.type !== "comment") ?? [];
      if (list.length === types.length) continue;
      if (list.length === 1 && types.length > 1 && list[0]?.type === "call_expression") {
        spread.add(r.id);
        continue;
      }
      return null;
    }
  }
  const structs = fileDeclarations(loop).structs;
  const spelled = types.map((t) => {
    if (NIL_TYPES.has(t.type)) return "nil";
    const literal = PREDECLARED_ZERO[t.text];
    if (t.type === "type_identifier" && literal && !fileDeclared.has(t.text)) return literal;
    if (t.type === "struct_type" || t.type === "array_type") return `${t.text}{}`;
    if (t.type === "type_identifier" && structs.has(t.text)) return `${t.text}{}`;
    return null;
  });
  const named = spelled.some((z) => z === null);
  const spelledIn = usedNames(outermost);
  const taken = /* @__PURE__ */ new Set();
  const used = {
    has: (n) => spelledIn.has(n) || taken.has(n),
    add: (n) => taken.add(n)
  };
  const both = breaks.length > 0 && returns.length > 0;
  const flags = both ? [fresh(used, ["broke", "brk"]), fresh(used, ["returned", "ret"])] : [fresh(used, ["stop", "done"])];
  const results = types.length === 1 ? [fresh(used, ["ret", "res"])] : types.map((_, i) => fresh(used, [`ret${i}`, `res${i}`]));
  const inner = named ? types.map((_, i) => fresh(used, [`zero${i}`, `z${i}`])) : [];
  const innerFlags = named ? flags.map((f) => fresh(used, [`${f}Flag`])) : [];
  const zeros = spelled.map((z, i) => z ?? inner[i] ?? "");
  const resultTypes = [...flags.map(() => "bool"), ...types.map((t) => t.text)];
  const signature = named ? `(${[...innerFlags.map((f) => `${f} bool`), ...types.map((t, i) => `${inner[i]} ${t.text}`)].join(", ")})` : resultTypes.length === 1 ? "bool" : `(${resultTypes.join(", ")})`;
  const values = (...codes) => [...codes, ...zeros].join(", ");
  const doReturn = results.length > 0 ? `return ${results.join(", ")}` : "return";
  const after = both ? [
    [flags[0], "break"],
    [flags[1], doReturn]
  ] : [[flags[0], returns.length > 0 ? doReturn : "break"]];
  const carried = spread.size > 0 ? types.map((_, i) => fresh(used, [`v${i}`, `val${i}`])) : [];
  return {
    names: [...flags, ...results],
    spread,
    carried,
    signature,
    normal: both ? values("false", "false") : values("false"),
    breakValues: both ? values("true", "false") : values("true"),
    returnCode: both ? "false, true" : "true",
    after
  };
}
var usedByFunction = /* @__PURE__ */ new WeakMap();
function usedNames(fn) {
  let perTree = usedByFunction.get(fn.tree);
  if (!perTree) usedByFunction.set(fn.tree, perTree = /* @__PURE__ */ new Map());
  let names = perTree.get(fn.id);
  if (!names) {
    names = /* @__PURE__ */ new Set();
    for (const n of fn.descendantsOfType([
      "identifier",
      "type_identifier",
      "field_identifier",
      "package_identifier",
      "label_name"
    ])) {
      if (n) names.add(n.text);
    }
    perTree.set(fn.id, names);
  }
  return names;
}
var declaredByFunction = /* @__PURE__ */ new WeakMap();
function cachedDeclaredNames(fn) {
  let perTree = declaredByFunction.get(fn.tree);
  if (!perTree) declaredByFunction.set(fn.tree, perTree = /* @__PURE__ */ new Map());
  let names = perTree.get(fn.id);
  if (!names) perTree.set(fn.id, names = declaredNames(fn));
  return names;
}
function fresh(used, candidates) {
  const first = candidates[0] ?? "v";
  let name = candidates.find((c) => !used.has(c));
  for (let i = 2; name === void 0; i++) if (!used.has(`${first}${i}`)) name = `${first}${i}`;
  used.add(name);
  return name;
}
var declaredInFile = /* @__PURE__ */ new WeakMap();
function fileDeclarations(node) {
  let facts = declaredInFile.get(node.tree);
  if (!facts) {
    const structs = /* @__PURE__ */ new Set();
    facts = { names: declaredNames(node.tree.rootNode, structs), structs };
    declaredInFile.set(node.tree, facts);
  }
  return facts;
}
function declaredNames(root, structs) {
  const out = /* @__PURE__ */ new Set();
  const add = (n) => {
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
    "function_declaration"
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
        if (structs && name && !d.childForFieldName("type_parameters") && (type === "struct_type" || type === "array_type"))
          structs.add(name.text);
        break;
      }
      default:
        for (const name of d.childrenForFieldName("name")) add(name);
    }
  }
  return out;
}
var CASE_CLAUSES = /* @__PURE__ */ new Set([
  "expression_case",
  "type_case",
  "communication_case",
  "default_case"
]);
function brokenOutOf(statement) {
  return descendantsInFunction(statement, ["break_statement"]).some(
    (b) => branchTarget(b)?.equals(statement)
  );
}
function closureTerminates(statement, loop) {
  const lastOf = (list) => (list?.namedChildren ?? []).filter((c) => !!c && c.type !== "comment" && c.type !== "empty_statement").at(-1);
  const statementList = (n) => n.namedChildren.find((c) => c?.type === "statement_list") ?? void 0;
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
          const header2 = s.namedChildren.find(
            (c) => !!c && c.type !== "block" && c.type !== "comment"
          );
          if (header2 && (header2.type !== "for_clause" || header2.childForFieldName("condition"))) {
            return false;
          }
          return !brokenOutOf(s);
        }
        case "expression_switch_statement":
        case "type_switch_statement":
        case "select_statement": {
          if (brokenOutOf(s)) return false;
          const clauses = s.namedChildren.filter((c) => !!c && CASE_CLAUSES.has(c.type));
          if (s.type !== "select_statement" && !clauses.some((c) => c.type === "default_case")) {
            return false;
          }
          const follow = [];
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
    (block) => lastOf(statementList(block))
  );
}
function unusedLabelEdit(input, replaced) {
  const { loop, index, path } = input;
  const label = labelOf(loop);
  if (label === void 0 || replaced === 0) return void 0;
  let fn = parentOf(loop);
  while (fn && !FUNCTION_BOUNDARIES.has(fn.type)) fn = parentOf(fn);
  if (!fn) return null;
  const uses = input.labelUses ?? descendantsInFunction(fn, BRANCHES).filter((b) => branchLabel(b) === label);
  const body = loop.childForFieldName("body");
  const kept = uses.filter(
    (b) => !((b.type === "continue_statement" || b.type === "break_statement") && body && within(b, body) && branchTarget(b)?.equals(loop))
  );
  if (kept.length > 0) return void 0;
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
    text: ""
  };
}

// src/analyzers/defer/scan.ts
var FUNCTION_TYPES = /* @__PURE__ */ new Set([
  "func_literal",
  "function_declaration",
  "method_declaration"
]);
var BOUND_MARKERS = /* @__PURE__ */ new Set(["Done", "Err", "Deadline"]);
var TIMERS = /* @__PURE__ */ new Set(["time.After", "time.Since", "time.Until", "time.NewTimer"]);
function push(map, key, value) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
function testerOf(fn) {
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
function namedResultsOf(fn) {
  const result = fn.childForFieldName("result");
  if (result?.type !== "parameter_list") return [];
  return result.namedChildren.flatMap(
    (p) => p ? p.childrenForFieldName("name").flatMap((n) => n ? [n.text] : []) : []
  );
}
function leftNames(node) {
  const left = node.childForFieldName("left");
  if (!left) return [];
  return left.type === "expression_list" ? left.namedChildren.filter((c) => !!c) : [left];
}
function recordBindings(scan, node, global) {
  const add = (name, position, declares) => {
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
var BINDING_TYPES = /* @__PURE__ */ new Set([
  "type_switch_statement",
  "inc_statement",
  "dec_statement",
  "short_var_declaration",
  "assignment_statement",
  "range_clause",
  "receive_statement",
  "var_spec",
  "parameter_declaration",
  "variadic_parameter_declaration"
]);
var SCANNED_TYPES = [
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
  ...BINDING_TYPES
];
var DECLARED_TYPES = [...BINDING_TYPES, "field_declaration"];
var DEADLINE = /deadline/i;
var DEADLINES = /deadline/gi;
function scanFile(root, include = () => true) {
  const scan = {
    sites: [],
    identifiers: /* @__PURE__ */ new Map(),
    allIdentifiers: [],
    bindings: /* @__PURE__ */ new Map(),
    calls: /* @__PURE__ */ new Map(),
    gotos: [],
    channelFields: /* @__PURE__ */ new Set(),
    functions: /* @__PURE__ */ new Map(),
    globals: /* @__PURE__ */ new Map()
  };
  let fn = null;
  let loop = null;
  let labels = /* @__PURE__ */ new Map();
  const open = [];
  const labelled = /* @__PURE__ */ new Map();
  const close = (entry) => {
    if (entry.kind === "fn") {
      loop = entry.loop;
      labels = entry.labels;
      fn = fn?.parent ?? null;
      return;
    }
    const done = loop;
    if (!done) return;
    if (done.label !== void 0) labels.delete(done.label);
    loop = done.parent;
    if (loop) {
      loop.bodyBound ||= done.bodyBound;
      loop.holdsDeferLoop ||= done.defers.length > 0 || done.holdsDeferLoop;
    }
  };
  const closeBefore = (at) => {
    for (let top = open.at(-1); top && top.end <= at; top = open.at(-1)) close(open.pop());
  };
  const enter = (node) => {
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
        labelUses: /* @__PURE__ */ new Map()
      };
      loop = null;
      labels = /* @__PURE__ */ new Map();
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
          memo: {}
        };
        if (label !== void 0) labels.set(label, loop);
        return;
      }
      case "labeled_statement": {
        const label = node.childForFieldName("label")?.text;
        const statement = node.namedChildren.at(-1);
        if (label !== void 0 && statement?.type === "for_statement")
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
        if (fn && label !== void 0) push(fn.labelUses, label, node);
        if (type === "continue_statement") {
          const target = label === void 0 ? loop : labels.get(label);
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
  const deadlineFields = (decl) => {
    const out = [];
    const slice = decl.text;
    DEADLINES.lastIndex = 0;
    for (let m = DEADLINES.exec(slice); m; m = DEADLINES.exec(slice)) {
      const at = decl.startIndex + m.index;
      if (decl.descendantForIndex(at, at + m[0].length)?.type === "field_identifier") out.push(at);
    }
    return out;
  };
  const scanDecl = (decl) => {
    const fields = deadlineFields(decl);
    let f = 0;
    const fieldsBefore = (at) => {
      for (; f < fields.length && fields[f] < at; f++) {
        closeBefore(fields[f]);
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
    while (open.length > 0) close(open.pop());
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
      for (const node of decl.descendantsOfType(DECLARED_TYPES)) if (node) enter(node);
    }
  }
  for (const list of scan.bindings.values()) list.sort((a, b) => a.at - b.at);
  return scan;
}
function lowerBound(sorted, value) {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = lo + hi >> 1;
    if ((sorted[mid] ?? 0) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
function anyIn(sorted, from, to) {
  const i = lowerBound(sorted, from);
  return i < sorted.length && (sorted[i] ?? Infinity) < to;
}
function nodesIn(sorted, from, to, cap) {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = lo + hi >> 1;
    if ((sorted[mid]?.startIndex ?? 0) < from) lo = mid + 1;
    else hi = mid;
  }
  const out = [];
  for (let i = lo; i < sorted.length && out.length <= cap; i++) {
    const n = sorted[i];
    if (!n || n.startIndex >= to) break;
    out.push(n);
  }
  return out;
}
function lastBinding(scan, name, from, before) {
  const list = scan.bindings.get(name);
  if (!list) return void 0;
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = lo + hi >> 1;
    if ((list[mid]?.at ?? 0) < before) lo = mid + 1;
    else hi = mid;
  }
  const b = list[lo - 1];
  return b && b.at >= from ? b : void 0;
}
function bindingsIn(scan, name, from, to, cap = Infinity) {
  const list = scan.bindings.get(name) ?? [];
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = lo + hi >> 1;
    if ((list[mid]?.at ?? 0) < from) lo = mid + 1;
    else hi = mid;
  }
  const out = [];
  for (let i = lo; i < list.length; i++) {
    const b = list[i];
    if (!b || b.at >= to || out.length > cap) break;
    out.push(b);
  }
  return out;
}

// src/analyzers/defer/hold.ts
var MAX_NAMES = 16;
var PLAIN_GETTERS = /^(Size|Len|Cap|Name|String|Mode|IsDir|ModTime|Error|Err|Int|Int64|Uint64|Float64|Bool|Count|Unix|UnixNano|Seconds|Milliseconds|Equal|Compare|Contains|Has|Is[A-Z]\w*)$/;
var BASIC = /* @__PURE__ */ new Set(["bool", "string", ...NUMERIC_TYPES]);
var MAX_USES = 64;
var MAX_CLIMB = 24;
var KEEPS_NOTHING = /^(fmt|io|bufio|bytes|strings|strconv|errors|log|slog|json|xml|binary|hex|base64|filepath|path|sort|slices|maps|reflect|utf8|unicode|math|time|os|ioutil|atomic|syscall|unix|windows|poll)\.|^(len|cap|copy|delete|close|print|println|min|max|panic|string|int|int64|uint64|float64|byte|rune)$/;
function rootOf(expr) {
  for (let n = expr; n; ) {
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
function operands(input) {
  const { scan, call } = input;
  if (!call) return [];
  return nodesIn(scan.allIdentifiers, call.startIndex, call.endIndex, 4 * MAX_USES);
}
function perIteration(scan, loop, name, before) {
  if (lastBinding(scan, name, loop.startIndex, before)) return true;
  return bindingsIn(scan, name, loop.startIndex, loop.endIndex, MAX_USES).some((x) => !x.declares);
}
function declaredInLoop(scan, loop, name, before) {
  return bindingsIn(scan, name, loop.startIndex, before, MAX_USES).some((b) => b.declares);
}
function carriedAcross(input, name) {
  const { scan, deferNode, loop: facts } = input;
  const body = facts.node.childForFieldName("body");
  if (!body) return false;
  const writes = bindingsIn(scan, name, body.startIndex, body.endIndex, MAX_USES).filter(
    (b) => !b.declares
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
function containers(input, held) {
  const { scan, deferNode, call, loop } = input;
  const out = [];
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
function analyzeHold(input) {
  const { scan, deferNode, loop: facts, lineOf: lineOf2 } = input;
  const loop = facts.node;
  const fnNode = facts.fn.node;
  const held = [];
  const seen = /* @__PURE__ */ new Set();
  const carried = (name) => carriedAcross(input, name);
  for (const id of operands(input)) {
    const name = id.text;
    if (seen.has(name)) continue;
    seen.add(name);
    if (lastBinding(scan, name, deferNode.startIndex, id.startIndex)) continue;
    if (perIteration(scan, loop, name, deferNode.startIndex)) held.push(name);
  }
  if (held.length === 0) return { kind: "invariant" };
  const owners = /* @__PURE__ */ new Set();
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
  for (const name of [...held]) {
    const b = lastBinding(scan, name, loop.startIndex, deferNode.startIndex);
    if (!b || b.node.type !== "short_var_declaration" && b.node.type !== "assignment_statement")
      continue;
    for (const n of b.node.childForFieldName("left")?.namedChildren ?? []) {
      if (n?.type !== "identifier" || /^(_|ok|err\w*|\w*Err)$/.test(n.text)) continue;
      if (held.includes(n.text)) continue;
      held.push(n.text);
      owners.add(n.text);
    }
  }
  for (const name of held) {
    if (declaredInLoop(scan, loop, name, deferNode.startIndex)) continue;
    const after = nodesIn(scan.identifiers.get(name) ?? [], loop.endIndex, fnNode.endIndex, 0)[0];
    if (!owners.has(name) && !after && !carried(name)) continue;
    return {
      kind: "deliberate",
      how: `it is kept in \`${name}\`, declared outside the loop`,
      line: lineOf2(deferNode),
      usedAfter: after ? lineOf2(after) : void 0
    };
  }
  let shared;
  for (const container of containers(
    input,
    held.filter((n) => owners.has(n))
  )) {
    const after = nodesIn(
      scan.identifiers.get(container) ?? [],
      loop.endIndex,
      fnNode.endIndex,
      0
    )[0];
    if (after) {
      return {
        kind: "deliberate",
        how: `it is an element of \`${container}\``,
        line: lineOf2(deferNode),
        usedAfter: lineOf2(after)
      };
    }
    shared ??= container;
  }
  const names = [...held];
  const queued = new Set(names);
  const tainted = /* @__PURE__ */ new Set();
  const derivedFrom = /* @__PURE__ */ new Map();
  let lastUse = deferNode.endIndex;
  let unknown = null;
  for (let i = 0; i < names.length; i++) {
    const name = names[i] ?? "";
    const uses = nodesIn(
      scan.identifiers.get(name) ?? [],
      loop.startIndex,
      loop.endIndex,
      MAX_USES
    );
    if (uses.length > MAX_USES) {
      unknown ??= {
        callee: `the loop's code from line ${lineOf2(loop)}, which uses \`${name}\` more than ${MAX_USES} times,`,
        line: lineOf2(loop)
      };
      lastUse = Infinity;
      continue;
    }
    for (const use of uses) {
      if (use.startIndex >= deferNode.startIndex && use.endIndex <= deferNode.endIndex) continue;
      if (use.startIndex > deferNode.endIndex) lastUse = Math.max(lastUse, use.endIndex);
      const literal = enclosingLiteral(use);
      const flow = literal === void 0 ? {
        kind: "unknown",
        callee: "an expression too deep to follow",
        line: lineOf2(use)
      } : literal ? literalFlow(literal, input) : follow(use, input);
      switch (flow.kind) {
        case "none":
          break;
        case "derived":
          for (const d of flow.names) {
            if (flow.viaMethod) tainted.add(d);
            derivedFrom.set(d, [name, ...derivedFrom.get(name) ?? []]);
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
    unknown = { callee: "values made from it", line: lineOf2(deferNode) };
  }
  if (shared !== void 0 && !unknown) {
    const end = lineOf2(loop) + loop.endPosition.row - loop.startPosition.row;
    unknown = {
      callee: `the code after the loop (from line ${end}), which may still use these elements of \`${shared}\` made before the loop,`,
      line: end
    };
  }
  return unknown ? { kind: "unknown", names: held, ...unknown, lastUse } : { kind: "local", names: held, lastUse };
  function follow(use, ctx) {
    let cur = use;
    let passedTo = null;
    let viaMethod = tainted.has(use.text);
    const subject = use.type === "func_literal" ? "a function literal that uses it" : use.text !== names[0] && !held.includes(use.text) ? `\`${clip(use.text)}\`, made from it,` : "it";
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
          if (cur.id === use.id && isContext(use)) return { kind: "none" };
          cur = p;
          continue;
        case "argument_list": {
          const call = parentOf(p);
          if (!call) return { kind: "none" };
          const callee = call.childForFieldName("function");
          const text = callee?.text ?? "";
          if (text !== "append" && !KEEPS_NOTHING.test(text) && !callsOnLocal(callee) && !isContext(use) && !takesPlainValue(callee, p, cur)) {
            passedTo ??= call;
          }
          if (parentOf(call)?.type === "go_statement") {
            return {
              kind: "escapes",
              how: `a goroutine started at line ${lineOf2(call)} uses it`,
              line: lineOf2(call)
            };
          }
          if (isContext(use)) return { kind: "none" };
          cur = call;
          continue;
        }
        case "call_expression":
          if (p.childForFieldName("function")?.id !== cur.id) return { kind: "none" };
          if (cur.type !== "selector_expression") return { kind: "none" };
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
              how: `${subject} is returned at line ${lineOf2(holder)}`,
              line: lineOf2(holder)
            };
          }
          if ((holder.type === "assignment_statement" || holder.type === "short_var_declaration" || holder.type === "var_spec") && holder.childForFieldName(holder.type === "var_spec" ? "value" : "right")?.id === p.id) {
            const op = holder.childForFieldName("operator")?.text ?? "=";
            if (holder.type === "assignment_statement" && op !== "=") return { kind: "none" };
            const lefts = holder.type === "var_spec" ? holder.childrenForFieldName("name").filter((n) => !!n) : (holder.childForFieldName("left")?.namedChildren ?? []).filter(
              (n) => !!n
            );
            const values = p.namedChildren.filter((n) => !!n);
            const at = values.findIndex((v) => v.id === cur.id);
            const targets = lefts.length === values.length && at >= 0 ? [lefts[at]] : lefts;
            const derived = [];
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
                  0
                )[0];
                if (viaMethod) return maybe(holder);
                return {
                  kind: "escapes",
                  how: `${subject} is stored in \`${clip(t.text)}\` (line ${lineOf2(holder)})`,
                  line: lineOf2(holder),
                  usedAfter: after ? lineOf2(after) : void 0
                };
              }
            }
            return derived.length > 0 ? { kind: "derived", names: derived, viaMethod } : { kind: "none" };
          }
          return passedResult();
        }
        case "send_statement":
          if (p.childForFieldName("value")?.id === cur.id) {
            if (viaMethod) return maybe(p);
            return {
              kind: "escapes",
              how: `${subject} is sent on a channel (line ${lineOf2(p)})`,
              line: lineOf2(p)
            };
          }
          return { kind: "none" };
        case "go_statement":
          return {
            kind: "escapes",
            how: `a goroutine started at line ${lineOf2(p)} uses it`,
            line: lineOf2(p)
          };
        default:
          return passedResult();
      }
    }
    return { kind: "unknown", callee: "an expression too deep to follow", line: lineOf2(use) };
    function maybe(where) {
      return { kind: "unknown", callee: `what line ${lineOf2(where)} stores`, line: lineOf2(where) };
    }
    function passedResult() {
      if (!passedTo) return { kind: "none" };
      const callee = passedTo.childForFieldName("function")?.text ?? "a call";
      return { kind: "unknown", callee: `\`${clip(callee)}\``, line: lineOf2(passedTo) };
    }
  }
  function takesPlainValue(callee, args, arg) {
    if (callee?.type !== "identifier") return false;
    const fn = scan.functions.get(callee.text);
    if (!fn) return false;
    const at = args.namedChildren.filter((c) => c && c.type !== "comment").findIndex((c) => c?.id === arg.id);
    const types = [];
    for (const p of fn.childForFieldName("parameters")?.namedChildren ?? []) {
      if (p?.type !== "parameter_declaration") return false;
      const type = p.childForFieldName("type")?.text ?? "";
      const count = Math.max(1, p.childrenForFieldName("name").length);
      for (let i = 0; i < count; i++) types.push(type);
    }
    return at >= 0 && BASIC.has(types[at] ?? "");
  }
  function enclosingLiteral(use) {
    let n = parentOf(use);
    for (let steps = 0; n && n.id !== loop.id; steps++, n = parentOf(n)) {
      if (steps > 4 * MAX_CLIMB) return void 0;
      if (n.type !== "func_literal") continue;
      if (n.startIndex >= deferNode.startIndex && n.endIndex <= deferNode.endIndex) return null;
      return n;
    }
    return null;
  }
  function owned(name) {
    return owners.has(name) || (derivedFrom.get(name) ?? []).some((n) => owners.has(n));
  }
  function isContext(id) {
    if (id.type !== "identifier") return false;
    const b = lastBinding(scan, id.text, loop.startIndex, id.startIndex);
    const right = b?.node.childForFieldName("right")?.namedChildren ?? [];
    const fn = right.length === 1 ? right[0]?.childForFieldName("function")?.text : void 0;
    return !!fn && /^(context\.With\w+|signal\.NotifyContext)$/.test(fn) && b?.position === 0;
  }
  function callsOnLocal(callee) {
    if (callee?.type !== "selector_expression") return false;
    const root = rootOf(callee.childForFieldName("operand"));
    return !!root && declaredInLoop(scan, loop, root.text, callee.startIndex);
  }
  function literalFlow(literal, ctx) {
    if (literal.startIndex >= deferNode.startIndex && literal.endIndex <= deferNode.endIndex) {
      return { kind: "none" };
    }
    const holder = parentOf(literal);
    if (holder?.type === "call_expression" && holder.childForFieldName("function")?.id === literal.id) {
      if (parentOf(holder)?.type === "go_statement") {
        return {
          kind: "escapes",
          how: `a goroutine started at line ${lineOf2(holder)} uses it`,
          line: lineOf2(holder)
        };
      }
      return { kind: "none" };
    }
    const flow = follow(literal, ctx);
    if (flow.kind === "none" || flow.kind === "derived") {
      return {
        kind: "unknown",
        callee: `the function literal at line ${lineOf2(literal)}`,
        line: lineOf2(literal)
      };
    }
    return flow;
  }
}
function readsExitState(input, namedResults) {
  const { scan, deferNode, call, loop: facts } = input;
  const literal = call?.childForFieldName("function");
  if (literal?.type !== "func_literal") return null;
  const loop = facts.node;
  const fnEnd = facts.fn.node.endIndex;
  const ids = nodesIn(scan.allIdentifiers, literal.startIndex, literal.endIndex, 4 * MAX_USES);
  if (ids.length > 4 * MAX_USES) return "more names than can be followed";
  const seen = /* @__PURE__ */ new Set();
  for (const id of ids) {
    const name = id.text;
    if (name === "recover" && parentOf(id)?.type === "call_expression") return "`recover()`";
    if (seen.has(name)) continue;
    seen.add(name);
    if (bindingsIn(scan, name, literal.startIndex, id.startIndex + 1, MAX_USES).some(
      (b) => b.declares
    ))
      continue;
    const inLoop = declaredInLoop(scan, loop, name, deferNode.startIndex);
    if (!inLoop && namedResults.includes(name)) return `the named result \`${name}\``;
    const writes = (from, to) => bindingsIn(scan, name, from, to, MAX_USES).some(
      (b) => !b.declares && !(b.at >= literal.startIndex && b.at < literal.endIndex)
    );
    const changes = inLoop ? writes(deferNode.endIndex, loop.endIndex) : writes(loop.startIndex, fnEnd);
    if (changes) return `\`${name}\`, which changes after the defer`;
  }
  return null;
}
function clip(text) {
  const oneLine = text.replace(/\s+/g, " ");
  return oneLine.length > 40 ? `${oneLine.slice(0, 37)}...` : oneLine;
}

// src/analyzers/defer/defer-in-loop.ts
var MAX_CHAIN = 32;
var MAX_CLIMB2 = 64;
var FEW = 64;
var NEW_CALL = /(?<![\p{L}\p{N}_.])new(?=\s*\()/gu;
var NEW_STANDIN = "n3w";
function parseGo(parser, text) {
  const tree = parser.parse(text);
  if (!tree.rootNode.hasError || !NEW_CALL.test(text)) return { tree, normalised: false };
  NEW_CALL.lastIndex = 0;
  const copy = parser.parse(text.replace(NEW_CALL, NEW_STANDIN));
  tree.delete();
  return { tree: copy, normalised: true };
}
function analyzeDeferInLoop(file, parser, marked) {
  if (!mayHaveDeferInLoop(file.text)) return { findings: [], errors: [] };
  let tree;
  try {
    const parsed = parseGo(parser, file.text);
    tree = parsed.tree;
    const root = tree.rootNode;
    const errors = [];
    if (root.hasError) {
      const bad = firstError(root);
      errors.push({
        file: file.path,
        line: (bad?.startPosition.row ?? 0) + 1,
        message: "syntax error: defer-in-loop skipped the defers in the part of the file that does not parse"
      });
    }
    const candidates = marked ?? defersInsideLoops(root);
    if (candidates.length === 0) return { findings: [], errors };
    const scan = scanFile(root, (decl) => anyIn(candidates, decl.startIndex, decl.endIndex));
    const index = new LineIndex(file.text);
    const context = {
      file,
      index,
      eol: lineEnding(file.text),
      isTest: file.path.endsWith("_test.go"),
      scan,
      normalised: parsed.normalised,
      leaves: /* @__PURE__ */ new Map(),
      suffix: /* @__PURE__ */ new Map()
    };
    const findings = [];
    const loops = [];
    for (const site of scan.sites)
      if (site.loop.defers[0]?.id === site.node.id) loops.push(site.loop);
    for (const loop of loops) findings.push(...judgeLoop(context, loop));
    findings.sort((a, b) => a.line - b.line || a.column - b.column);
    return { findings, errors };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      findings: [],
      errors: [{ file: file.path, message: `defer-in-loop failed: ${reason}` }]
    };
  } finally {
    tree?.delete();
  }
}
function defersInsideLoops(root) {
  let far = -1;
  const starts = [];
  for (const n of root.descendantsOfType(["for_statement", "defer_statement"])) {
    if (!n) continue;
    if (n.type === "for_statement") far = Math.max(far, n.endIndex);
    else if (n.endIndex <= far) starts.push(n.startIndex);
  }
  return starts;
}
function firstError(root) {
  let n = root;
  while (n) {
    if (n.isError || n.isMissing) return n;
    const next = n.children.find(
      (c) => !!c && (c.hasError || c.isError || c.isMissing)
    );
    if (!next) return n;
    n = next;
  }
  return null;
}
function judgeLoop(ctx, loop) {
  const verdicts = loop.defers.map((node) => judge(ctx, { node, loop }));
  const fixable = verdicts.filter((v) => v.severity !== "notice" && v.movable);
  let fixes = [];
  let owner;
  if (fixable.length > 0 && !loop.holdsDeferLoop) {
    const several = verdicts.length > 1;
    if (!several || verdicts.every((v) => v.movable)) {
      owner = fixable[0];
      const hold = owner.hold;
      fixes = synthesizeFixes({
        path: ctx.file.path,
        text: ctx.file.text,
        index: ctx.index,
        eol: ctx.eol,
        deferNode: owner.site.node,
        loop: loop.node,
        explicit: !several,
        lastUse: hold.kind === "local" || hold.kind === "unknown" ? hold.lastUse : void 0,
        labelUses: loop.label !== void 0 ? loop.fn.labelUses.get(loop.label) ?? [] : []
      });
      const caveat = verdicts.map((v) => v.caveat).find((c) => c !== void 0);
      fixes = fixes.map(
        (f) => caveat ? { ...f, description: `${f.description}; ${caveat}`, safe: false } : { ...f, safe: true }
      );
    }
  }
  const ownerLine = owner ? owner.site.node.startPosition.row + 1 : 0;
  const group = verdicts.length > 1 ? `defer-in-loop:${ctx.file.path}:${loop.node.startPosition.row + 1}` : void 0;
  return verdicts.map((v) => {
    let message = v.message;
    const mine = v === owner;
    if (!mine && fixes.length > 0 && v.severity !== "notice" && v.movable) {
      message += ` The fix on line ${ownerLine} wraps the loop body for all ${verdicts.length} defers.`;
    } else if (mine && verdicts.length > 1 && fixes.length > 0) {
      message += ` The fix covers the ${verdicts.length} defers of this loop.`;
    } else if (fixes.length === 0 && v.severity !== "notice" && v.movable) {
      message += " Move the loop body into its own function (`for ... { process(...) }`, with the defer inside `process`) so it runs per iteration.";
    }
    if (ctx.normalised) message = message.replaceAll(`${NEW_STANDIN}(`, "new(");
    message = message.charAt(0).toUpperCase() + message.slice(1);
    const start = v.site.node.startPosition;
    const end = v.site.node.endPosition;
    const finding = {
      rule: "defer-in-loop",
      severity: v.severity,
      file: ctx.file.path,
      line: start.row + 1,
      column: ctx.index.byteColumn(start.row, start.column),
      endLine: end.row + 1,
      endColumn: ctx.index.byteColumn(end.row, end.column),
      message,
      evidence: v.evidence,
      fixes: mine ? fixes : []
    };
    if (group) finding.group = group;
    return finding;
  });
}
function lineOf(n) {
  return n.startPosition.row + 1;
}
function judge(ctx, site) {
  const { scan, file } = ctx;
  const { node: deferNode, loop } = site;
  const fnNode = loop.fn.node;
  const fnName = functionName(fnNode);
  const call = deferNode.namedChildren.find((c) => c?.type === "call_expression") ?? void 0;
  const callee = describeCallee(ctx, deferNode, call, fnNode);
  const X = callee.text;
  const chain = [];
  for (let l = loop; l && chain.length < MAX_CHAIN; l = l.parent) chain.push(l);
  const repeating = chain.filter(
    (l, i) => i === 0 ? !everyPathLeaves(ctx, deferNode, l) : !leavesAfterFirstPass(ctx, l, deferNode)
  );
  const evidence = [
    { file: file.path, line: lineOf(loop.node), message: "loop starts here" }
  ];
  const outer = repeating[0];
  if (outer && outer !== loop) {
    evidence.push({ file: file.path, line: lineOf(outer.node), message: "this loop repeats it" });
  }
  const holdInput = { scan, deferNode, call, loop: outer ?? loop, lineOf };
  const base = { site, evidence };
  if (!outer) {
    return {
      ...base,
      severity: "notice",
      message: `${X} deferred in a loop runs at most once, when ${fnName} returns: every path from it leaves the loop.`,
      movable: false,
      hold: { kind: "invariant" }
    };
  }
  const hold = analyzeHold(holdInput);
  const exitState = readsExitState(holdInput, loop.fn.namedResults);
  if (hold.kind === "deliberate" && !exitState) {
    const first = hold.usedAfter ? `${X} is held until ${fnName} returns; used after the loop at line ${hold.usedAfter}.` : `${X} is held until ${fnName} returns: ${hold.how}.`;
    const second = hold.usedAfter ? ` It outlives the iteration (${hold.how}), so releasing it per iteration would break that use; no fix.` : " Releasing it per iteration would break that; no fix.";
    return { ...base, severity: "notice", message: first + second, movable: false, hold };
  }
  const duplicate = call ? laterDuplicate(ctx, call, loop) : null;
  if (duplicate) {
    return {
      ...base,
      severity: "notice",
      message: `${X} is also called at line ${duplicate}: this defer is a safety net, and runs again when ${fnName} returns.`,
      movable: false,
      hold
    };
  }
  const relocks = (callee.kind === "unlock" || callee.kind === "runlock") && relocked(ctx, callee, repeating);
  const unbounded = repeating.map((l) => unboundedShape(ctx, l)).find((s) => s !== null) ?? null;
  const few = repeating.every((l) => literalTrips(ctx, l) !== null);
  let severity;
  let message;
  if (relocks) {
    const read = callee.kind === "runlock";
    const lock = read ? "RLock" : "Lock";
    const writer = read ? " once a writer waits" : "";
    severity = "error";
    message = `${X} deferred in a loop keeps the ${read ? "read lock" : "lock"} until ${fnName} returns: the next \`${callee.receiver}.${lock}()\` deadlocks${writer}.`;
  } else if (callee.kind === "unlock" || callee.kind === "runlock") {
    const held = callee.kind === "runlock" ? "read lock" : "lock";
    message = `${X} deferred in a loop keeps every ${held} it releases until ${fnName} returns.`;
    message += " Code after the loop may rely on holding them all; releasing each per iteration would change that; no fix.";
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
      message += ` The loop runs a fixed, small number of times (${literalTrips(ctx, repeating[0])}).`;
    }
    if (ctx.isTest && severity !== "notice" && !unbounded) {
      severity = "notice";
      message += " In a test file this is a notice: nothing it holds outlives the test.";
    }
  }
  if (exitState) {
    if (hold.kind === "deliberate" || /recover|named result/.test(exitState)) severity = "notice";
    message += ` Its function literal reads ${exitState}, so running it earlier would change what it sees; no fix.`;
    return { ...base, severity, message, movable: false, hold };
  }
  let caveat;
  if (hold.kind === "unknown") {
    const names = hold.names.map((n) => `\`${n}\``).join(", ");
    const where = hold.callee.includes("line") ? hold.callee : `${hold.callee} (line ${hold.line})`;
    caveat = `check that ${where} does not keep ${names} after the iteration`;
    if (severity !== "notice") {
      message += ` Check that ${where} does not keep ${names} after the iteration.`;
    }
  }
  return { ...base, severity, message, movable: outer === loop, hold, caveat };
}
function alwaysLeaves(ctx, statement, loop) {
  let memo = ctx.leaves.get(loop.id);
  if (!memo) ctx.leaves.set(loop.id, memo = /* @__PURE__ */ new Map());
  const known2 = memo.get(statement.id);
  if (known2 !== void 0) return known2;
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
    (block) => blockStatements(block).at(-1)
  );
  memo.set(statement.id, verdict);
  return verdict;
}
var NO_RETURN = /^(os\.Exit|log\.(Fatal|Fatalf|Fatalln|Panic|Panicf|Panicln)|runtime\.Goexit|[A-Za-z_]\w*\.(Fatal|Fatalf|FailNow|SkipNow|Skip|Skipf))$/;
function exits(statement) {
  const call = statement.namedChildren[0];
  if (call?.type !== "call_expression") return false;
  return NO_RETURN.test(call.childForFieldName("function")?.text ?? "");
}
function branchTargetOf(ctx, branch, loop) {
  const label = branch.namedChildren.find((c) => c?.type === "label_name")?.text;
  const isBreak = branch.type === "break_statement";
  let n = parentOf(branch);
  for (let steps = 0; n && steps < 4 * MAX_CLIMB2; steps++, n = parentOf(n)) {
    if (n.id === loop.id) {
      if (label === void 0) return "this";
      const holder = parentOf(n);
      return holder?.type === "labeled_statement" && holder.childForFieldName("label")?.text === label ? "this" : "outer";
    }
    if (label !== void 0) continue;
    if (n.type === "for_statement") return "inner";
    if (isBreak && (n.type === "expression_switch_statement" || n.type === "type_switch_statement" || n.type === "select_statement")) {
      return "inner";
    }
  }
  return "inner";
}
function everyPathLeaves(ctx, deferNode, facts) {
  const loop = facts.node;
  const body = loop.childForFieldName("body");
  let s = deferNode;
  for (let steps = 0; steps < MAX_CLIMB2; steps++) {
    const list = parentOf(s);
    if (!list) return false;
    if (list.type === "statement_list") {
      const info = suffixOf(ctx, list, loop);
      const at = info.position.get(s.id) ?? -1;
      const leaving = at >= 0 ? info.statements[info.firstLeaving[at + 1] ?? -1] : void 0;
      if (leaving && !anyIn(facts.continues, deferNode.endIndex, leaving.startIndex) && !anyIn(ctx.scan.gotos, deferNode.endIndex, leaving.endIndex)) {
        return true;
      }
    }
    const up = list.type === "statement_list" ? parentOf(list) : list;
    if (!up || body && up.id === body.id) return false;
    switch (up.type) {
      case "block": {
        const holder = parentOf(up);
        if (!holder) return false;
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
function outermostIf(ifNode) {
  let n = ifNode;
  for (let p = parentOf(n); p?.type === "if_statement"; p = parentOf(n)) n = p;
  return n;
}
function suffixOf(ctx, list, loop) {
  const cached = ctx.suffix.get(list.id);
  if (cached) return cached;
  const statements = list.namedChildren.filter((c) => !!c && c.type !== "comment");
  const firstLeaving = new Array(statements.length + 1).fill(-1);
  for (let i = statements.length - 1; i >= 0; i--) {
    firstLeaving[i] = alwaysLeaves(ctx, statements[i], loop) ? i : firstLeaving[i + 1] ?? -1;
  }
  const position = new Map(statements.map((x, i) => [x.id, i]));
  const info = { statements, firstLeaving, position };
  ctx.suffix.set(list.id, info);
  return info;
}
function leavesAfterFirstPass(ctx, facts, deferNode) {
  const loop = facts.node;
  if (facts.memo.lastLeaves === void 0) {
    const body = loop.childForFieldName("body");
    const last = body ? blockStatements(body).at(-1) : void 0;
    facts.memo.lastLeaves = !!last && alwaysLeaves(ctx, last, loop);
  }
  if (!facts.memo.lastLeaves) return false;
  if (anyIn(facts.continues, deferNode.startIndex, Infinity)) return false;
  return !anyIn(ctx.scan.gotos, deferNode.startIndex, loop.endIndex);
}
function header(loop) {
  return loop.namedChildren.find(
    (c) => !!c && c.type !== "block" && c.type !== "comment"
  );
}
function unboundedShape(ctx, facts) {
  if (facts.memo.shape === void 0) facts.memo.shape = computeShape(ctx, facts);
  return facts.memo.shape;
}
function computeShape(ctx, facts) {
  if (facts.bodyBound) return null;
  const loop = facts.node;
  const h = header(loop);
  if (!h) return "`for {}`";
  if (h.type === "for_clause") {
    const cond2 = h.childForFieldName("condition");
    if (!cond2) return "a `for` clause without a condition";
    const tester = facts.fn.tester;
    const right = cond2.type === "binary_expression" ? cond2.childForFieldName("right") : null;
    return tester && right?.text === `${tester}.N` ? `\`${clip2(cond2.text)}\`` : null;
  }
  if (h.type === "range_clause") {
    const right = h.childForFieldName("right");
    return right && isChannel(ctx, right, facts) ? `range over channel \`${clip2(right.text)}\`` : null;
  }
  let cond = h;
  while (cond?.type === "parenthesized_expression") cond = cond.namedChildren[0];
  if (cond?.type === "call_expression" || cond?.type === "true") return `\`for ${clip2(h.text)}\``;
  return null;
}
function literalTrips(ctx, facts) {
  if (facts.memo.trips === void 0) facts.memo.trips = computeTrips(ctx, facts);
  return facts.memo.trips;
}
function computeTrips(ctx, facts) {
  const loop = facts.node;
  const h = header(loop);
  if (!h) return null;
  if (h.type === "range_clause") {
    let right2 = h.childForFieldName("right");
    if (right2?.type === "identifier") {
      const name = right2.text;
      const before = bindingsIn(ctx.scan, name, facts.fn.node.startIndex, loop.startIndex, 64);
      const b = before.filter((x) => x.declares).at(-1);
      const later = bindingsIn(ctx.scan, name, (b?.at ?? 0) + 1, loop.endIndex, 8);
      const value = b?.declares ? b.node.childForFieldName(b.node.type === "var_spec" ? "value" : "right")?.namedChildren[b.position] : void 0;
      if (value?.type === "composite_literal" && later.every((x) => !/\bappend\(/.test(x.node.text)))
        right2 = value;
    }
    if (right2?.type === "int_literal" && Number(right2.text) <= FEW)
      return `\`range ${right2.text}\``;
    if (right2?.type === "composite_literal") {
      const body = right2.childForFieldName("body");
      const n2 = body?.namedChildren.filter((c) => c && c.type !== "comment").length ?? FEW + 1;
      if (n2 <= FEW) return `a range over ${n2} listed value${n2 === 1 ? "" : "s"}`;
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
function isChannel(ctx, range, facts) {
  const loop = facts.node;
  let expr = range;
  while (expr?.type === "parenthesized_expression") expr = expr.namedChildren[0];
  if (!expr) return false;
  switch (expr.type) {
    case "call_expression":
      return makesChannel(expr);
    case "identifier": {
      let outer = facts.fn;
      while (outer.parent) outer = outer.parent;
      const name = expr.text;
      const b = lastBinding(ctx.scan, name, outer.node.startIndex, loop.startIndex) ?? ctx.scan.globals.get(name);
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
function bindsChannel(b) {
  const decl = b.node;
  if (decl.childForFieldName("type")?.type === "channel_type") return true;
  const values = decl.type === "var_spec" ? decl.childForFieldName("value") : decl.childForFieldName("right");
  const list = values?.namedChildren ?? [];
  const value = list.length > 1 ? list[b.position] : list[0];
  return !!value && makesChannel(value);
}
function makesChannel(expr) {
  if (expr.type !== "call_expression") return false;
  const fn = expr.childForFieldName("function")?.text;
  if (fn === "time.Tick") return true;
  if (fn !== "make") return false;
  const first = expr.childForFieldName("arguments")?.namedChildren[0];
  return first?.type === "channel_type";
}
function laterDuplicate(ctx, call, loop) {
  const fn = call.childForFieldName("function");
  if (fn?.type !== "selector_expression" && fn?.type !== "identifier") return null;
  const calls = ctx.scan.calls.get(fn.text);
  if (!calls) return null;
  const args = call.childForFieldName("arguments")?.text ?? "";
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
var CONTEXT_CONSTRUCTORS = /* @__PURE__ */ new Set([
  "context.WithCancel",
  "context.WithTimeout",
  "context.WithDeadline",
  "context.WithCancelCause",
  "context.WithTimeoutCause",
  "context.WithDeadlineCause",
  "signal.NotifyContext"
]);
function kindOfMethod(name) {
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
function describeCallee(ctx, deferNode, call, fn) {
  const target = call?.childForFieldName("function");
  if (!call || !target) return { text: "the deferred call", kind: "other" };
  const text = call.text.includes("\n") || call.text.length > 60 ? `\`${clip2(target.text)}\`` : `\`${call.text}\``;
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
function boundValue(ctx, name, fn, before) {
  const b = lastBinding(ctx.scan, name, fn.startIndex, before.startIndex);
  if (!b) return null;
  const decl = b.node;
  if (decl.type === "range_clause" || decl.type.startsWith("parameter")) return null;
  const left = decl.type === "var_spec" ? decl.childrenForFieldName("name") : decl.childForFieldName("left")?.namedChildren ?? [];
  const right = (decl.type === "var_spec" ? decl.childForFieldName("value") : decl.childForFieldName("right"))?.namedChildren ?? [];
  const at = b.position;
  const value = right.length === left.length ? right[at] : right[0];
  if (!value) return null;
  if (value.type === "selector_expression") {
    const kind = kindOfMethod(value.childForFieldName("field")?.text ?? "");
    return { kind, receiver: value.childForFieldName("operand")?.text };
  }
  if (value.type === "call_expression" && right.length === 1 && at === left.length - 1 && CONTEXT_CONSTRUCTORS.has(value.childForFieldName("function")?.text ?? "")) {
    return { kind: "cancel", proven: true };
  }
  return null;
}
var OPENS = [
  [/^os\.(Open|OpenFile|Create|CreateTemp)$/, "file"],
  [
    /^(net\.(Dial|DialTimeout|DialTCP|DialUDP|DialUnix|Listen|ListenPacket)|[\w.]+\.(Dial|DialContext|Accept))$/,
    "connection"
  ],
  [/^sql\.Open$/, "database handle"],
  [/^([\w.]+\.)?(Query|QueryContext)$/, "rows (and connection)"],
  [/^(http\.(Get|Post|Head|PostForm)|[\w.]+\.(Do|Get|Post|Head))$/, "response (and connection)"]
];
function consequence(ctx, callee, fn, deferNode) {
  if (callee.kind === "cancel" && callee.proven) {
    return { text: "keeps each pass's context and timer alive", proven: true };
  }
  if (callee.kind === "unlock" || callee.kind === "runlock") {
    return {
      text: `keeps every ${callee.kind === "runlock" ? "read lock" : "lock"} it releases`,
      proven: true
    };
  }
  if (callee.kind === "close" && callee.receiver) {
    const root = /^[\p{L}_][\p{L}\p{N}_]*/u.exec(callee.receiver)?.[0];
    const b = root ? lastBinding(ctx.scan, root, fn.startIndex, deferNode.startIndex) : void 0;
    const right = b && b.node.type !== "var_spec" ? b.node.childForFieldName("right") : void 0;
    const value = right?.namedChildren.length === 1 ? right.namedChildren[0] : right?.namedChildren[b?.position ?? 0];
    const made = value?.type === "call_expression" ? value.childForFieldName("function")?.text ?? "" : "";
    for (const [pattern, what] of OPENS) {
      if (pattern.test(made)) return { text: `keeps each pass's ${what} open`, proven: true };
    }
  }
  if (callee.kind === "done" && callee.receiver) {
    const waits = nodesIn(
      ctx.scan.calls.get(`${callee.receiver}.Wait`) ?? [],
      fn.startIndex,
      fn.endIndex,
      0
    );
    if (waits[0]) {
      return {
        text: `blocks \`${callee.receiver}.Wait()\` (line ${lineOf(waits[0])})`,
        proven: true
      };
    }
  }
  return { text: "leaves one call per pass pending", proven: false };
}
function relocked(ctx, callee, repeating) {
  const receiver = callee.receiver;
  const loop = repeating.at(-1)?.node;
  if (!receiver || !loop) return false;
  const root = /^[(*&]*([\p{L}_][\p{L}\p{N}_]*)/u.exec(receiver)?.[1] ?? receiver;
  if (bindingsIn(ctx.scan, root, loop.startIndex, loop.endIndex, 64).some((b) => b.declares)) {
    return false;
  }
  const lock = callee.kind === "runlock" ? "RLock" : "Lock";
  return nodesIn(ctx.scan.calls.get(`${receiver}.${lock}`) ?? [], loop.startIndex, loop.endIndex, 0).length > 0;
}
function functionName(fn) {
  if (fn.type === "func_literal") return "the enclosing function literal";
  const name = fn.childForFieldName("name")?.text;
  return name ? `\`${name}\`` : "the function";
}
function clip2(text) {
  const oneLine = text.replace(/\s+/g, " ");
  return oneLine.length > 40 ? `${oneLine.slice(0, 37)}...` : oneLine;
}

// src/finish-go.ts
function finishGoFile(pending, parser) {
  const { findings, errors, text, cut } = pending;
  const file = { path: pending.path, text };
  const ranged = cut.length > 0 ? { parse: (t) => parser.parse(t, t === text ? cut : void 0) } : parser;
  const r = analyzeDeferInLoop(file, ranged, pending.candidates);
  findings.push(...r.findings);
  errors.push(...r.errors);
  return findings.length > 0 ? { findings, errors, text } : { findings, errors };
}

export {
  finishGoFile
};
