// Masks are Uint8Array, one entry per weight, 1 = pruned. Twin of shaders/mask-apply.wgsl.

/** W with the pruned entries set to 0 (a new array). */
export function applyMask(w: Float32Array, mask: Uint8Array): Float32Array {
  const out = w.slice();
  for (let i = 0; i < out.length; i++) if (mask[i]) out[i] = 0;
  return out;
}

export function countPruned(mask: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < mask.length; i++) n += mask[i];
  return n;
}
