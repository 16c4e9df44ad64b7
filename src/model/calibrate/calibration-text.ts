// Calibration token windows from text: the caller's pasted text or a corpus string, tokenized
// with the model's own tokenizer, cut into `nsamples` windows of `seqlen` tokens at seeded random
// start positions, as the reference loaders do for wikitext2 (one tokenized corpus, start
// i = randint(0, n - seqlen - 1), window tokens[i : i + seqlen]).

import { mulberry32 } from '../../util/mulberry32.ts';
export const DEFAULT_NSAMPLES = 128;
export const DEFAULT_SEQLEN = 2048;

/** What calibration needs from a tokenizer (transformers.js's PreTrainedTokenizer fits). */
export interface CalibrationTokenizer {
  encode(text: string): number[];
}

export interface CalibrationTextOptions {
  nsamples?: number;
  seqlen?: number;
  /** The model's context length; seqlen is capped by it. */
  contextLength?: number;
  seed?: number;
}

export interface CalibrationSet {
  windows: number[][];
  nsamples: number;
  /** Tokens per window after capping by the context length and the corpus length. */
  seqlen: number;
  seed: number;
  corpusTokens: number;
  /** Why seqlen is below what was asked for, when it is. */
  capped: 'context' | 'corpus' | null;
}

export class CalibrationTextError extends Error {
  override name = 'CalibrationTextError';
}

/** The context length a config.json declares (Llama-style, GPT-2 style), or null. */
export function contextLengthOf(config: Record<string, unknown>): number | null {
  for (const key of ['max_position_embeddings', 'n_positions', 'n_ctx', 'max_sequence_length', 'seq_length']) {
    const v = config[key];
    if (typeof v === 'number' && Number.isInteger(v) && v > 0) return v;
  }
  return null;
}

export const seededUniform = mulberry32;

function positiveInt(v: number, what: string): number {
  if (!Number.isInteger(v) || v < 1) throw new CalibrationTextError(`${what} must be a positive integer, got ${v}`);
  return v;
}

/** `nsamples` windows of `seqlen` tokens at seeded random starts in `tokens`. */
export function sampleWindows(tokens: ArrayLike<number>, nsamples: number, seqlen: number, seed: number): number[][] {
  positiveInt(nsamples, 'nsamples');
  positiveInt(seqlen, 'seqlen');
  const n = tokens.length;
  if (n < seqlen + 1) throw new CalibrationTextError(`the corpus has ${n} tokens; windows of ${seqlen} need at least ${seqlen + 1}`);
  const uniform = seededUniform(seed);
  const windows: number[][] = [];
  for (let s = 0; s < nsamples; s++) {
    // randint(0, n - seqlen - 1), both ends included, as Python's random.randint.
    const start = Math.floor(uniform() * (n - seqlen));
    windows.push(Array.from({ length: seqlen }, (_, k) => tokens[start + k]));
  }
  return windows;
}

/**
 * Tokenizes `text` and samples the calibration windows. seqlen is capped by the context length,
 * then by the corpus (a short pasted text gives shorter windows rather than an error).
 */
export function calibrationSet(text: string, tokenizer: CalibrationTokenizer, options: CalibrationTextOptions = {}): CalibrationSet {
  const nsamples = positiveInt(options.nsamples ?? DEFAULT_NSAMPLES, 'nsamples');
  const requested = positiveInt(options.seqlen ?? DEFAULT_SEQLEN, 'seqlen');
  const seed = options.seed ?? 0;
  if (text.trim().length === 0) throw new CalibrationTextError('the calibration text is empty');
  const tokens = tokenizer.encode(text);
  if (tokens.length < 2) throw new CalibrationTextError(`the calibration text gives ${tokens.length} token(s); it needs at least 2`);
  let seqlen = requested;
  let capped: CalibrationSet['capped'] = null;
  if (options.contextLength !== undefined && seqlen > options.contextLength) {
    seqlen = positiveInt(options.contextLength, 'contextLength');
    capped = 'context';
  }
  if (seqlen > tokens.length - 1) {
    seqlen = tokens.length - 1;
    capped = 'corpus';
  }
  return { windows: sampleWindows(tokens, nsamples, seqlen, seed), nsamples, seqlen, seed, corpusTokens: tokens.length, capped };
}
