// Pairwise judging in both orders. The reference always puts the reference answer first
// ("Assistant 1"), which favours position 1; the strict score averages both orders.
import type { JudgePromptTemplate, JudgeReviewer } from '../datasets/schemas.ts';
import type { OpenAiJudgeClient } from './openai-client.ts';
import { buildJudgeMessages } from './templates.ts';

export type ParsePair = (review: string) => [number, number] | null;

export interface OrderVerdict {
  order: 'reference-first' | 'candidate-first';
  /** Raw reply, kept so unparseable ones can be shown. */
  reply: string | null;
  error: string | null;
  attempts: number;
  /** The candidate's and the reference's score, or null when the reply failed or did not parse. */
  candidateKick: number | null;
  referenceKick: number | null;
  candidateStrict: number | null;
  referenceStrict: number | null;
}

export interface PairwiseVerdict {
  orders: OrderVerdict[];
  /** Candidate score under the reference's protocol: reference-first order, reference parser. */
  kick: number | null;
  /** Mean candidate score over the orders that parsed with the tolerant parser. */
  strict: number | null;
  failedRequests: number;
  unparseableKick: number;
  unparseableStrict: number;
}

export interface PairwiseRequest {
  client: OpenAiJudgeClient;
  template: JudgePromptTemplate;
  reviewer: JudgeReviewer | null;
  question: string;
  reference: string;
  candidate: string;
  parseKick: ParsePair;
  parseStrict: ParsePair;
  /** Overrides the reviewer's temperature (the summarization judge script hard-codes 0.1). */
  temperature?: number;
}

export async function judgePairwise(req: PairwiseRequest): Promise<PairwiseVerdict> {
  const orders: OrderVerdict[] = [];
  for (const order of ['reference-first', 'candidate-first'] as const) {
    const [a1, a2] = order === 'reference-first' ? [req.reference, req.candidate] : [req.candidate, req.reference];
    const msg = buildJudgeMessages(req.template, req.question, a1, a2);
    const out = await req.client.complete(msg.system, msg.user, {
      temperature: req.temperature ?? req.reviewer?.metadata.temperature,
      maxTokens: req.reviewer?.metadata.max_tokens,
    });
    const candIdx = order === 'reference-first' ? 1 : 0;
    const pick = (p: [number, number] | null) => (p ? { cand: p[candIdx], ref: p[1 - candIdx] } : null);
    const k = out.ok ? pick(req.parseKick(out.text)) : null;
    const s = out.ok ? pick(req.parseStrict(out.text)) : null;
    orders.push({
      order,
      reply: out.ok ? out.text : null,
      error: out.ok ? null : out.error,
      attempts: out.attempts,
      candidateKick: k?.cand ?? null,
      referenceKick: k?.ref ?? null,
      candidateStrict: s?.cand ?? null,
      referenceStrict: s?.ref ?? null,
    });
  }
  const strictValues = orders.map((o) => o.candidateStrict).filter((v): v is number => v !== null);
  return {
    orders,
    kick: orders[0].candidateKick,
    strict: strictValues.length ? strictValues.reduce((a, b) => a + b, 0) / strictValues.length : null,
    failedRequests: orders.filter((o) => o.error !== null).length,
    unparseableKick: orders.filter((o) => o.reply !== null && o.candidateKick === null).length,
    unparseableStrict: orders.filter((o) => o.reply !== null && o.candidateStrict === null).length,
  };
}
