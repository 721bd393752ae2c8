/*
 * Classifier-free guidance on the host, shared by the UNet and the flow
 * pipelines: the model input doubled as [uncond…, cond…] rows, and the two
 * halves of its prediction (ε or v) combined.
 */

/** The rows twice: [x, x] for the uncond and cond halves of a CFG batch. */
export function concatTwice(x: Float32Array): Float32Array {
  const out = new Float32Array(x.length * 2);
  out.set(x, 0);
  out.set(x, x.length);
  return out;
}

/** p = p_uncond + w·(p_cond − p_uncond) (ε or v); rows are [uncond…, cond…]. */
export function guide(pred: Float32Array, half: number, w: number): Float32Array {
  const out = new Float32Array(half);
  for (let i = 0; i < half; i++) {
    const u = pred[i] as number;
    out[i] = u + w * ((pred[half + i] as number) - u);
  }
  return out;
}
