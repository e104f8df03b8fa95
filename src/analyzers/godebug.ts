// GODEBUG as the Go runtime parses it (runtime1.go parsedebugvars): split on ",", split each field at
// the first "=", key matched exactly (case-sensitive, no trimming), value through atoi32; a field that
// fails is silently skipped and the last valid field wins.

export interface GoDebugField {
  /** The field text between commas, untouched. */
  text: string;
  /** UTF-16 offset of the field in the value. */
  start: number;
  key: string;
  /** undefined when the field has no "=". */
  value: string | undefined;
}

export type IgnoredReason =
  | "space" // whitespace around the key: ", madvdontneed=1" or "madvdontneed = 1"
  | "case" // MADVDONTNEED=1
  | "space-separated" // "madvdontneed=1 gctrace=1": the value is "1 gctrace=1"
  | "quotes" // literal quotes reached the value
  | "not-integer"; // madvdontneed=true, +1, 1;gctrace=1

export interface IgnoredField {
  field: GoDebugField;
  reason: IgnoredReason;
}

export interface GoDebugParse {
  fields: GoDebugField[];
  /** The value the runtime ends up with for madvdontneed, if any field set it. */
  madvdontneed: number | undefined;
  /** The field that decided madvdontneed. */
  decidingField: GoDebugField | undefined;
  /** Fields that name madvdontneed in a form the runtime skips. */
  ignored: IgnoredField[];
}

/** The runtime's split: empty fields and fields without "=" are skipped by the runtime but kept here. */
export function splitGoDebug(value: string): GoDebugField[] {
  const fields: GoDebugField[] = [];
  let start = 0;
  for (;;) {
    const comma = value.indexOf(",", start);
    const text = comma < 0 ? value.slice(start) : value.slice(start, comma);
    const eq = text.indexOf("=");
    fields.push({
      text,
      start,
      key: eq < 0 ? text : text.slice(0, eq),
      value: eq < 0 ? undefined : text.slice(eq + 1),
    });
    if (comma < 0) break;
    start = comma + 1;
  }
  return fields;
}

/**
 * Go runtime atoi32 (runtime/string.go atoi64): optional "-", then decimal digits only; "" fails;
 * a lone "-" gives 0 (the loop never runs); out of int32 range fails.
 */
export function atoi32(s: string): number | undefined {
  if (s === "") return undefined;
  let neg = false;
  let digits = s;
  if (digits[0] === "-") {
    neg = true;
    digits = digits.slice(1);
  }
  let n = 0n;
  for (const c of digits) {
    if (c < "0" || c > "9") return undefined;
    n = n * 10n + BigInt(c.charCodeAt(0) - 48);
    if (n > 1n << 63n) return undefined;
  }
  if (neg) n = -n;
  if (n < -(1n << 31n) || n > (1n << 31n) - 1n) return undefined;
  return Number(n);
}

const KEY = "madvdontneed";

export function parseGoDebug(value: string): GoDebugParse {
  const fields = splitGoDebug(value);
  let madvdontneed: number | undefined;
  let decidingField: GoDebugField | undefined;
  const ignored: IgnoredField[] = [];
  for (const f of fields) {
    if (f.value === undefined) continue;
    if (f.key === KEY) {
      const n = atoi32(f.value);
      if (n !== undefined) {
        madvdontneed = n;
        decidingField = f;
        continue;
      }
    }
    const reason = classifyIgnored(f);
    if (reason) ignored.push({ field: f, reason });
  }
  return { fields, madvdontneed, decidingField, ignored };
}

/** Why a field that means madvdontneed is skipped, or undefined if it does not mean madvdontneed. */
function classifyIgnored(f: GoDebugField): IgnoredReason | undefined {
  // trimEnd, not /\s+$/: that regex is quadratic on a long run of spaces inside the key.
  const bareKey = f.key.replace(/^[\s"']+/, "").trimEnd();
  if (bareKey.toLowerCase() !== KEY) return undefined;
  const value = f.value ?? "";
  if (/["'`]/.test(f.key) || /["'`]/.test(value)) return "quotes";
  if (f.key !== f.key.trim() || /^\s/.test(value)) return "space";
  if (bareKey !== KEY) return "case";
  if (/\s/.test(value.trim()) || /\s/.test(value)) return "space-separated";
  return "not-integer";
}

/** True when GODEBUG sets madvdontneed to a non-zero integer: MADV_DONTNEED on every Go >= 1.12. */
export function setsMadvDontNeed(value: string): boolean {
  const p = parseGoDebug(value);
  return p.madvdontneed !== undefined && p.madvdontneed !== 0;
}

/**
 * Rewrites a GODEBUG value (raw text, may contain $VAR references) into the accepted form with
 * madvdontneed=1: fields are split on commas, whitespace and semicolons, trimmed and unquoted,
 * madvdontneed fields are replaced by one madvdontneed=1 where the last one was, other settings kept.
 */
export function rewriteWithMadvDontNeed(raw: string): string {
  const tokens = raw
    .replace(/["']/g, "")
    .split(/[,;\s]+/)
    .filter((t) => t !== "");
  const out: string[] = [];
  let lastMadv = -1;
  for (const t of tokens) {
    const eq = t.indexOf("=");
    const key = eq < 0 ? t : t.slice(0, eq);
    if (key.toLowerCase() === KEY) {
      lastMadv = out.length;
      out.push("");
      continue;
    }
    out.push(t);
  }
  if (lastMadv < 0) out.push(`${KEY}=1`);
  else out[lastMadv] = `${KEY}=1`;
  return out.filter((t) => t !== "").join(",");
}

/** Whether a raw value names madvdontneed at all (any case). */
export function mentionsMadvDontNeed(value: string): boolean {
  return /madvdontneed/i.test(value);
}
