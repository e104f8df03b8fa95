// Hidden markers that say which comments are ours: always the very first thing in a body, and
// tagged with the run's namespace so that two gomemcheck steps on one pull request never take each
// other's comments for their own. The default namespace writes no tag (the markers of earlier
// versions stay valid).

export const DEFAULT_NAME = "gomemcheck";

export type MarkerKind = "finding" | "fixed" | "summary" | "review";

export interface Marker {
  kind: MarkerKind;
  /** Namespace as written (the run's name); DEFAULT_NAME when untagged. */
  name: string;
  attrs: Record<string, string>;
}

const MARKER = /^<!-- gomemcheck:(finding|fixed|summary|review)((?: [a-z]+=[^\s>]*)*) -->/;

/** The marker at the start of a body, if any. */
export function parseMarker(body: string | null | undefined): Marker | undefined {
  const m = MARKER.exec(body ?? "");
  if (!m) return undefined;
  const attrs: Record<string, string> = {};
  for (const pair of m[2]!.trim().split(" ").filter(Boolean)) {
    const at = pair.indexOf("=");
    attrs[pair.slice(0, at)] = pair.slice(at + 1);
  }
  let name = DEFAULT_NAME;
  if (attrs.ns !== undefined) {
    try {
      name = decodeURIComponent(attrs.ns);
    } catch {
      return undefined;
    }
  }
  return { kind: m[1] as MarkerKind, name, attrs };
}

/** A marker for this namespace; attribute values must hold no space or ">". */
export function marker(kind: MarkerKind, name: string, attrs: Record<string, string> = {}): string {
  const parts = Object.entries(attrs).map(([k, v]) => ` ${k}=${v}`);
  // encodeURIComponent leaves no space, ">" or "--" that could end the comment early.
  if (name !== DEFAULT_NAME) parts.push(` ns=${encodeURIComponent(name).replace(/-/g, "%2D")}`);
  return `<!-- gomemcheck:${kind}${parts.join("")} -->`;
}

/** The run's name: the input when given, else gomemcheck, with the working directory when not ".". */
export function runName(input: string, workingDirectory: string): string {
  const given = input.trim();
  if (given !== "") return given;
  const dir = workingDirectory.replace(/\\/g, "/").replace(/^(\.\/)+|\/+$/g, "");
  return dir === "" || dir === "." ? DEFAULT_NAME : `${DEFAULT_NAME} (${dir})`;
}
