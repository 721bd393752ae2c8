/**
 * Where to go after signing in, up, or accepting an invitation: only a path on
 * this app (`/w/acme/studio?x=1`), never another site. Browsers treat `\` like
 * `/` and drop tabs and newlines inside URLs, so `/\evil.com` and
 * `/<TAB>/evil.com` become `//evil.com` (another host): anything with a
 * backslash, a control character or whitespace, a scheme, or `//` at the
 * start is refused, in its raw and its percent-decoded form. Returns the path
 * or null (the caller then uses its own default).
 */
export function safeNextPath(next: string | null | undefined): string | null {
  if (typeof next !== "string" || next.length === 0 || next.length > 2000) return null;
  let decoded = next;
  // Decode until stable (double encoding: %255C → %5C → \), at most a few rounds.
  for (let round = 0; round < 3; round += 1) {
    let once: string;
    try {
      once = decodeURIComponent(decoded);
    } catch {
      return null;
    }
    if (once === decoded) break;
    decoded = once;
  }
  for (const form of [next, decoded]) {
    if (!form.startsWith("/")) return null;
    if (form.startsWith("//")) return null;
    if (form.includes("\\")) return null;
    // Control characters (tab, newline, NUL…), DEL and any whitespace.
    for (const char of form) {
      const code = char.charCodeAt(0);
      if (code < 0x20 || code === 0x7f || /\s/.test(char)) return null;
    }
  }
  // Resolved against a placeholder origin the path must stay on it.
  try {
    const base = "https://app.invalid";
    const url = new URL(next, base);
    if (url.origin !== base) return null;
  } catch {
    return null;
  }
  return next;
}
