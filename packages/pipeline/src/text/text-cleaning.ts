/**
 * CLIP's text normalisation. The reference runs ftfy first; for the briefs we
 * accept (valid UTF-8 typed by people) ftfy is the identity, so only the HTML
 * unescape (applied twice, as upstream does), whitespace collapse and
 * lower-casing are reproduced.
 */
const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: "\u00a0",
  copy: "©",
  reg: "®",
  trade: "™",
  hellip: "…",
  mdash: "—",
  ndash: "–",
  lsquo: "‘",
  rsquo: "’",
  ldquo: "“",
  rdquo: "”",
  middot: "·",
  deg: "°",
  times: "×",
  euro: "€",
  pound: "£",
  yen: "¥",
  cent: "¢",
};

const ENTITY = /&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});/g;

function codePointOrNull(n: number): string | null {
  if (!Number.isFinite(n) || n <= 0 || n > 0x10ffff || (n >= 0xd800 && n <= 0xdfff)) return null;
  return String.fromCodePoint(n);
}

export function htmlUnescape(text: string): string {
  return text.replace(ENTITY, (whole, body: string) => {
    if (body.startsWith("#x") || body.startsWith("#X")) {
      return codePointOrNull(parseInt(body.slice(2), 16)) ?? whole;
    }
    if (body.startsWith("#")) return codePointOrNull(parseInt(body.slice(1), 10)) ?? whole;
    return NAMED_ENTITIES[body] ?? whole;
  });
}

export function cleanClipText(text: string): string {
  const unescaped = htmlUnescape(htmlUnescape(text)).trim();
  return unescaped.replace(/\s+/gu, " ").trim().toLowerCase();
}
