/** Han ideographs plus CJK punctuation and full-width forms: nothing CLIP should see raw. */
export const CJK = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef\u3040-\u30ff\uac00-\ud7af]/u;
export const HAN_RUN = /\p{Script=Han}+/gu;

export function containsCjk(text: string): boolean {
  return CJK.test(text);
}
