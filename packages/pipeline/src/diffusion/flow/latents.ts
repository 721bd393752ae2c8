/*
 * FluxPipeline's latent layout: 16-channel latents [B, C, h, w] are packed
 * in 2×2 patches into tokens [B, (h/2)(w/2), 4C] (channel-major within a
 * patch: index c·4 + dy·2 + dx), and each token's position id is
 * [0, row, col] in the half-resolution grid.
 */

function checkEven(h: number, w: number): void {
  if (h % 2 !== 0 || w % 2 !== 0) throw new Error(`latent size ${h}×${w} must be even to pack 2×2`);
}

/** diffusers _pack_latents: view(B, C, h/2, 2, w/2, 2).permute(0, 2, 4, 1, 3, 5). */
export function packLatents(
  x: Float32Array,
  b: number,
  c: number,
  h: number,
  w: number,
): Float32Array {
  checkEven(h, w);
  if (x.length !== b * c * h * w)
    throw new Error(`latents have ${x.length} values, expected ${b * c * h * w}`);
  const out = new Float32Array(x.length);
  const hh = h / 2;
  const ww = w / 2;
  let o = 0;
  for (let n = 0; n < b; n++)
    for (let r = 0; r < hh; r++)
      for (let q = 0; q < ww; q++)
        for (let ch = 0; ch < c; ch++)
          for (let dy = 0; dy < 2; dy++)
            for (let dx = 0; dx < 2; dx++)
              out[o++] = x[((n * c + ch) * h + 2 * r + dy) * w + 2 * q + dx] as number;
  return out;
}

/** diffusers _unpack_latents: the inverse of packLatents. */
export function unpackLatents(
  t: Float32Array,
  b: number,
  c: number,
  h: number,
  w: number,
): Float32Array {
  checkEven(h, w);
  if (t.length !== b * c * h * w)
    throw new Error(`tokens have ${t.length} values, expected ${b * c * h * w}`);
  const out = new Float32Array(t.length);
  const hh = h / 2;
  const ww = w / 2;
  let i = 0;
  for (let n = 0; n < b; n++)
    for (let r = 0; r < hh; r++)
      for (let q = 0; q < ww; q++)
        for (let ch = 0; ch < c; ch++)
          for (let dy = 0; dy < 2; dy++)
            for (let dx = 0; dx < 2; dx++)
              out[((n * c + ch) * h + 2 * r + dy) * w + 2 * q + dx] = t[i++] as number;
  return out;
}

/** _prepare_latent_image_ids: [(h/2)(w/2), 3] rows [0, row, col], row-major. */
export function fluxImageIds(h: number, w: number): Float32Array {
  checkEven(h, w);
  const hh = h / 2;
  const ww = w / 2;
  const ids = new Float32Array(hh * ww * 3);
  for (let r = 0; r < hh; r++)
    for (let q = 0; q < ww; q++) {
      ids[(r * ww + q) * 3 + 1] = r;
      ids[(r * ww + q) * 3 + 2] = q;
    }
  return ids;
}

/** txt_ids: [L, 3] zeros (text tokens carry no position in Flux's RoPE). */
export function fluxTextIds(length: number): Float32Array {
  return new Float32Array(length * 3);
}
