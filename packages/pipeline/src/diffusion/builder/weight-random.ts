/**
 * Fast seeded weights for test models (xoshiro128** with Box–Muller).
 * Weight values never affect latency; they only need to be
 * reproducible and well scaled; the latents' portable Gaussian lives in
 * ../random.ts.
 */
export class WeightRandom {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(seed: number) {
    // splitmix32 expands the seed so nearby seeds give unrelated streams.
    let x = seed >>> 0;
    const next = (): number => {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next() | 1;
  }

  private nextU32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  fillNormal(out: Float32Array, mean: number, std: number): void {
    for (let i = 0; i < out.length; i += 2) {
      const u1 = (this.nextU32() + 1) / 4294967297;
      const u2 = this.nextU32() / 4294967296;
      const r = Math.sqrt(-2 * Math.log(u1)) * std;
      out[i] = mean + r * Math.cos(2 * Math.PI * u2);
      if (i + 1 < out.length) out[i + 1] = mean + r * Math.sin(2 * Math.PI * u2);
    }
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
