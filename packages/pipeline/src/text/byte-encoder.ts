/**
 * GPT-2 / CLIP reversible byte → unicode table. BPE merges are stored over
 * printable characters, so every UTF-8 byte is mapped to one visible code point
 * (printable Latin-1 bytes map to themselves, the rest to U+0100 onwards).
 */
function buildByteEncoder(): string[] {
  const printable: number[] = [];
  const ranges: Array<[number, number]> = [
    [0x21, 0x7e],
    [0xa1, 0xac],
    [0xae, 0xff],
  ];
  for (const [from, to] of ranges) for (let b = from; b <= to; b++) printable.push(b);
  const table: string[] = new Array<string>(256);
  for (const b of printable) table[b] = String.fromCodePoint(b);
  let next = 0;
  for (let b = 0; b < 256; b++) {
    if (table[b] === undefined) table[b] = String.fromCodePoint(256 + next++);
  }
  return table;
}

/** BYTE_ENCODER[byte] is the visible character standing for that byte. */
export const BYTE_ENCODER: readonly string[] = buildByteEncoder();

/**
 * The order CLIP's vocabulary lists the 256 single-byte symbols in: printable
 * ranges first, then the remapped bytes (ids 0..255, then +256 for `</w>`).
 */
export function byteSymbolsInVocabOrder(): string[] {
  const printable: string[] = [];
  const rest: string[] = [];
  for (let b = 0; b < 256; b++) {
    const ch = BYTE_ENCODER[b] as string;
    if ((ch.codePointAt(0) as number) < 256) printable.push(ch);
    else rest.push(ch);
  }
  return [...printable, ...rest];
}

const utf8 = new TextEncoder();

export function encodeBytes(token: string): string {
  let out = "";
  for (const b of utf8.encode(token)) out += BYTE_ENCODER[b];
  return out;
}
