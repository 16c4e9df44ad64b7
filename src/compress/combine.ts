import { codesPerWord, wordsPerRow } from './reference/pack.ts';
import type { CompressResult, PackedWeight } from './types.ts';

/** Sets pruned entries (mask = 1) to zero in the weight and to their group's zero code in the packed form. */
export function applyMaskToResult(result: CompressResult, mask: Uint8Array | undefined): CompressResult {
  if (!mask) return result;
  const weight = result.weight.slice();
  for (let i = 0; i < mask.length; i++) if (mask[i]) weight[i] = 0;
  return { ...result, weight, packed: result.packed ? maskPacked(result.packed, mask) : undefined };
}

function maskPacked(packed: PackedWeight, mask: Uint8Array): PackedWeight {
  const { bits, rows, cols, group } = packed;
  const perWord = codesPerWord(bits);
  const rowWords = wordsPerRow(cols, bits);
  const groups = Math.ceil(cols / group);
  const words = packed.words.slice();
  const codeMask = (1 << bits) - 1;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      if (!mask[r * cols + c]) continue;
      const g = packed.gIdx ? packed.gIdx[c] : Math.floor(c / group);
      const zero = packed.zero[r * groups + g];
      const w = r * rowWords + Math.floor(c / perWord);
      const shift = (c % perWord) * bits;
      words[w] = ((words[w] & ~(codeMask << shift)) | ((zero & codeMask) << shift)) >>> 0;
    }
  }
  return { ...packed, words };
}
