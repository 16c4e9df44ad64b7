import type { PackedWeight } from '../types.ts';
import { f32 } from './float.ts';

/** Codes held by one u32 word: 3-, 5-, 6- and 7-bit codes leave the top bits of each word unused. */
export function codesPerWord(bits: number): number {
  return Math.floor(32 / bits);
}

/** Words per row: every row starts on a fresh word so rows can be addressed independently. */
export function wordsPerRow(cols: number, bits: number): number {
  return Math.ceil(cols / codesPerWord(bits));
}

/**
 * Packs codes [rows, cols] little-endian into u32 words: code j of a word sits at bit j*bits.
 * Twin of shaders/pack-codes.wgsl.
 */
export function packCodes(codes: ArrayLike<number>, rows: number, cols: number, bits: number): Uint32Array {
  const per = codesPerWord(bits);
  const wpr = wordsPerRow(cols, bits);
  const words = new Uint32Array(rows * wpr);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const word = r * wpr + Math.floor(c / per);
      words[word] = (words[word] | (codes[r * cols + c] << ((c % per) * bits))) >>> 0;
    }
  }
  return words;
}

/** The code of (row, col) in a packed weight. */
export function unpackCode(p: PackedWeight, row: number, col: number): number {
  const per = codesPerWord(p.bits);
  const word = p.words[row * wordsPerRow(p.cols, p.bits) + Math.floor(col / per)];
  return (word >>> ((col % per) * p.bits)) & ((1 << p.bits) - 1);
}

/**
 * Packed codes back to float: scale * (code - zero) per (row, group), as GPTQ's quantize does.
 * Twin of shaders/dequant-packed.wgsl.
 */
export function dequantPacked(p: PackedWeight): Float32Array {
  const groups = Math.ceil(p.cols / p.group);
  const out = new Float32Array(p.rows * p.cols);
  for (let r = 0; r < p.rows; r++) {
    for (let c = 0; c < p.cols; c++) {
      const g = r * groups + (p.gIdx ? p.gIdx[c] : Math.floor(c / p.group));
      out[r * p.cols + c] = f32(p.scale[g] * (unpackCode(p, r, c) - p.zero[g]));
    }
  }
  return out;
}
