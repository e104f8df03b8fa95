import { createRequire as __gmcCreateRequire } from "node:module"; const require = __gmcCreateRequire(import.meta.url);

// src/analyzers/snippet.ts
var SNIPPET_CHARS = 40;
function snippet(text, max = SNIPPET_CHARS) {
  const cut = text.length > max * 4 ? text.slice(0, max * 4) : text;
  const clean = cut.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, " ").trim();
  const chars = [...clean];
  return chars.length > max || cut.length < text.length ? `${chars.slice(0, max).join("")}\u2026` : clean;
}

export {
  snippet
};
