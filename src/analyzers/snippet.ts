// Repository text quoted in an error message: one short line, control characters shown as "?",
// so that a message never carries a file's content (a secret, a workflow command, a long line).

/** At most this many characters of repository text are quoted. */
export const SNIPPET_CHARS = 40;

export function snippet(text: string, max = SNIPPET_CHARS): string {
  const cut = text.length > max * 4 ? text.slice(0, max * 4) : text;
  const clean = cut.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, " ").trim();
  const chars = [...clean];
  return chars.length > max || cut.length < text.length
    ? `${chars.slice(0, max).join("")}…`
    : clean;
}
