// Independent reference computations for the runtime's tests and benchmark: every number comes
// from full forward passes without a KV cache (one sequence, batch 1), straight through the model.
import { Tensor, type PreTrainedModel } from '@huggingface/transformers';
import { argmax, logProbOf, sampleToken, seededUniform } from '../../src/model/evaluate/sampling.ts';

/** Logits [seq, vocab] of one sequence from its first token, no cache. */
export async function fullLogits(model: PreTrainedModel, ids: number[]): Promise<{ logits: Float32Array; vocab: number }> {
  const t = (v: number[]) => new Tensor('int64', BigInt64Array.from(v, BigInt), [1, v.length]);
  const out = (await (model as unknown as { forward(f: unknown): Promise<Record<string, Tensor>> }).forward({
    input_ids: t(ids),
    attention_mask: t(ids.map(() => 1)),
    position_ids: t(ids.map((_, i) => i)),
  })) as Record<string, Tensor>;
  for (const [name, v] of Object.entries(out)) if (name.startsWith('present') && v.location === 'gpu-buffer') v.dispose();
  const vocab = out.logits.dims[2];
  return { logits: out.logits.data as Float32Array, vocab };
}

const rowOf = (l: { logits: Float32Array; vocab: number }, p: number) => l.logits.subarray(p * l.vocab, (p + 1) * l.vocab);

/** Tokens decoded one full pass per step: argmax (or seeded sampling) of the last row. */
export async function referenceDecode(
  model: PreTrainedModel,
  prompt: number[],
  steps: number,
  eos: number[],
  sampling?: { temperature: number; seed: number },
): Promise<number[]> {
  const ids = [...prompt];
  const uniform = sampling ? seededUniform(sampling.seed) : null;
  const produced: number[] = [];
  for (let s = 0; s < steps; s++) {
    const l = await fullLogits(model, ids);
    const last = rowOf(l, ids.length - 1);
    const next = uniform && sampling ? sampleToken(last, sampling.temperature, uniform) : argmax(last);
    if (eos.includes(next)) break;
    produced.push(next);
    ids.push(next);
  }
  return produced;
}

/** Sum of log softmax picks of whole[contextTokens..] from one full pass over `whole`. */
export async function referenceScore(model: PreTrainedModel, whole: number[], contextTokens: number): Promise<number> {
  const l = await fullLogits(model, whole);
  let total = 0;
  for (let t = contextTokens; t < whole.length; t++) total += logProbOf(rowOf(l, t - 1), whole[t]);
  return total;
}

/** exp(mean over full windows of the window's mean NLL), written out plainly. */
export async function referencePerplexity(model: PreTrainedModel, ids: number[], window: number): Promise<number> {
  const nlls: number[] = [];
  for (let start = 0; start + window <= ids.length; start += window) {
    const w = ids.slice(start, start + window);
    const l = await fullLogits(model, w);
    let sum = 0;
    for (let t = 1; t < window; t++) sum += -logProbOf(rowOf(l, t - 1), w[t]);
    nlls.push(sum / (window - 1));
  }
  return Math.exp(nlls.reduce((a, b) => a + b, 0) / nlls.length);
}
