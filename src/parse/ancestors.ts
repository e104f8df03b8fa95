// Parents of tree-sitter nodes. tree-sitter keeps no parent pointers: `node.parent` searches down
// from the root, so walking up from a node 10,000 levels deep costs 10,000 searches of 10,000
// steps. One search from the root records the parent of every node on the way down.
import type { Node, Tree } from "./go-parser.ts";

const parents = new WeakMap<Tree, Map<number, Node | null>>();

function known(tree: Tree): Map<number, Node | null> {
  let map = parents.get(tree);
  if (!map) parents.set(tree, (map = new Map()));
  return map;
}

/** Levels searched down from the root for one parent before its whole declaration is walked. */
const DEEP = 256;

/**
 * The parent of a node, as `node.parent`. The search down from the root records every node on
 * the way, so climbing from a node afterwards costs nothing. A node deeper than DEEP levels has
 * its whole top-level declaration walked once instead: each lookup costs at most DEEP steps.
 */
export function parentOf(node: Node): Node | null {
  const map = known(node.tree);
  const cached = map.get(node.id);
  if (cached !== undefined) return cached;
  let n = node.tree.rootNode;
  map.set(n.id, null);
  let top: Node | undefined;
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

/** Records the parent of every node under root, for code that looks up from many of them. */
export function rememberParents(root: Node): void {
  const map = known(root.tree);
  const cursor = root.walk();
  const path: Node[] = [cursor.currentNode];
  try {
    for (;;) {
      if (cursor.gotoFirstChild()) {
        const child = cursor.currentNode;
        map.set(child.id, path.at(-1)!);
        path.push(child);
        continue;
      }
      for (;;) {
        if (path.length <= 1) return;
        path.pop();
        if (cursor.gotoNextSibling()) {
          const sibling = cursor.currentNode;
          map.set(sibling.id, path.at(-1)!);
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
