/**
 * Byte-pair encoding of one pre-token (already byte-encoded), CLIP flavour:
 * the last symbol carries the `</w>` word-end marker, and the lowest-ranked
 * adjacent pair is merged until no ranked pair remains.
 */
export type MergeRanks = ReadonlyMap<string, number>;

export const WORD_END = "</w>";

export function pairKey(first: string, second: string): string {
  // Byte-encoded symbols never contain a plain space, so it is a safe separator.
  return `${first} ${second}`;
}

export function bpeWord(token: string, ranks: MergeRanks): string[] {
  const chars = Array.from(token);
  if (chars.length === 0) return [];
  let word = chars.slice(0, -1);
  word.push(`${chars[chars.length - 1]}${WORD_END}`);
  if (word.length === 1) return word;

  for (;;) {
    let bestRank = Infinity;
    let bestFirst = "";
    let bestSecond = "";
    for (let i = 0; i < word.length - 1; i++) {
      const rank = ranks.get(pairKey(word[i] as string, word[i + 1] as string));
      if (rank !== undefined && rank < bestRank) {
        bestRank = rank;
        bestFirst = word[i] as string;
        bestSecond = word[i + 1] as string;
      }
    }
    if (bestRank === Infinity) break;

    const merged: string[] = [];
    for (let i = 0; i < word.length;) {
      if (i < word.length - 1 && word[i] === bestFirst && word[i + 1] === bestSecond) {
        merged.push(bestFirst + bestSecond);
        i += 2;
      } else {
        merged.push(word[i] as string);
        i += 1;
      }
    }
    word = merged;
    if (word.length === 1) break;
  }
  return word;
}
