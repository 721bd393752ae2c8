/**
 * One phrase once: a prompt term that repeats what the prompt already says
 * (same words after normalisation, or a phrase of two words or more inside
 * another) spends CLIP tokens for nothing and over-weights it.
 */
export function normalisePhrase(p: string): string {
  return p
    .normalize("NFKC")
    .toLowerCase()
    .split(/[^\p{L}\p{N}'-]+/u)
    .filter(Boolean)
    .map((w) => (w.length > 3 && w.endsWith("s") && !w.endsWith("ss") ? w.slice(0, -1) : w))
    .join(" ");
}

/** The earlier phrase that `later` repeats, if any. */
export function repeatedIn(later: string, earlier: readonly string[]): string | undefined {
  const l = normalisePhrase(later);
  if (!l) return undefined;
  for (const e of earlier) {
    const n = normalisePhrase(e);
    if (!n) continue;
    if (n === l) return e;
    if (l.includes(" ") && ` ${n} `.includes(` ${l} `)) return e;
    if (n.includes(" ") && ` ${l} `.includes(` ${n} `)) return e;
  }
  return undefined;
}
