/**
 * Seeded Gaussian noise that is the same on every platform: Philox4x32-10
 * (Salmon et al. 2011, counter-based, integer-only) feeds a float64
 * Box–Muller transform. V8's Math.log/cos/sin are fdlibm ports, so the
 * float64 results do not depend on the CPU or OS; the final rounding to
 * float32 is exact IEEE.
 */

const M0 = 0xd2511f53;
const M1 = 0xcd9e8d57;
const W0 = 0x9e3779b9;
const W1 = 0xbb67ae85;

/** High 32 bits of a 32×32-bit product, without BigInt (hot path). */
function mulhi(a: number, b: number): number {
  const al = a & 0xffff;
  const ah = a >>> 16;
  const bl = b & 0xffff;
  const bh = b >>> 16;
  const lh = al * bh;
  const hl = ah * bl;
  const mid = ((al * bl) >>> 16) + (lh & 0xffff) + (hl & 0xffff);
  return (ah * bh + (lh >>> 16) + (hl >>> 16) + (mid >>> 16)) >>> 0;
}

/** One Philox4x32-10 block: counter (4 words) and key (2 words) → 4 random words. */
export function philox4x32(
  counter: readonly [number, number, number, number],
  key: readonly [number, number],
): Uint32Array {
  let [c0, c1, c2, c3] = counter;
  let [k0, k1] = key;
  for (let round = 0; round < 10; round++) {
    const hi0 = mulhi(M0, c0);
    const lo0 = Math.imul(M0, c0) >>> 0;
    const hi1 = mulhi(M1, c2);
    const lo1 = Math.imul(M1, c2) >>> 0;
    c0 = (hi1 ^ c1 ^ k0) >>> 0;
    c1 = lo1;
    c2 = (hi0 ^ c3 ^ k1) >>> 0;
    c3 = lo0;
    k0 = (k0 + W0) >>> 0;
    k1 = (k1 + W1) >>> 0;
  }
  return Uint32Array.of(c0, c1, c2, c3);
}

const TWO_POW_26 = 67108864;
const TWO_POW_53 = 9007199254740992;

/**
 * An endless stream of N(0, 1) samples for (seed, stream). Streams are
 * independent (different counter words), so variant i of a batch can use
 * stream i and get the same latents whether it runs alone or in a batch.
 */
export class GaussianStream {
  private readonly key: [number, number];
  private block = 0;
  private spare: number | undefined;

  constructor(
    seed: number,
    readonly stream = 0,
  ) {
    if (!Number.isSafeInteger(seed) || seed < 0)
      throw new Error(`seed must be a non-negative safe integer, got ${seed}`);
    if (!Number.isInteger(stream) || stream < 0 || stream > 0xffffffff)
      throw new Error(`bad stream ${stream}`);
    this.key = [seed >>> 0, Math.floor(seed / 2 ** 32) >>> 0];
  }

  next(): number {
    if (this.spare !== undefined) {
      const v = this.spare;
      this.spare = undefined;
      return v;
    }
    const lo = this.block >>> 0;
    const hi = Math.floor(this.block / 2 ** 32) >>> 0;
    this.block++;
    const w = philox4x32([lo, hi, this.stream, 0], this.key);
    // 53-bit uniforms, shifted half an ulp so u1 is never 0 (log(0)).
    const u1 =
      (((w[0] as number) >>> 5) * TWO_POW_26 + ((w[1] as number) >>> 6) + 0.5) / TWO_POW_53;
    const u2 = (((w[2] as number) >>> 5) * TWO_POW_26 + ((w[3] as number) >>> 6)) / TWO_POW_53;
    const r = Math.sqrt(-2 * Math.log(u1));
    const theta = 2 * Math.PI * u2;
    this.spare = r * Math.sin(theta);
    return r * Math.cos(theta);
  }

  fill(length: number): Float32Array {
    const out = new Float32Array(length);
    for (let i = 0; i < length; i++) out[i] = this.next();
    return out;
  }
}

/** `count` variants' noise, concatenated in batch order: variant i uses stream i. */
export function batchNoise(seed: number, count: number, perVariant: number): Float32Array {
  const out = new Float32Array(count * perVariant);
  for (let i = 0; i < count; i++)
    out.set(new GaussianStream(seed, i).fill(perVariant), i * perVariant);
  return out;
}
