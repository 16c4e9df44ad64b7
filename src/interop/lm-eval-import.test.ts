import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { fixturePath } from '../../test/interop/upstream.ts';
import { factoidPrompt } from '../tasks/factoid.ts';
import { validateRecord } from '../tasks/record.ts';
import { factoidKickMatch, factoidStrictMatch } from '../tasks/scoring/factoid.ts';
import { icrPrompt } from '../tasks/scoring/icr.ts';
import { sha256Hex } from './hash.ts';
import { readLmEvalFile, whereItRan } from './lm-eval-files.ts';
import { importLmEval, pointFromCheckpoint, taskRole } from './lm-eval-import.ts';
import { lmEvalTaskFiles } from './lm-eval-tasks.ts';
import { pointSlug } from './point.ts';
import { fromYaml } from './yaml-text.ts';

const RESULTS = 'lm-eval/results_2026-01-21T03-44-18.458309.json';
const SAMPLES = 'lm-eval/samples_math_perturbed_full_2026-01-21T03-44-18.458309.jsonl';
const MMLU = 'lm-eval/saucam-model_evals/Meta-Llama-3-8B-openllm-mmlu.json';
const text = (rel: string) => readFileSync(fixturePath(rel), 'utf8');
const picked = (rel: string, name = rel.split('/').pop() ?? rel) => ({ name, text: text(rel) });

describe('real lm-eval files (test/interop/fixtures/README.md)', () => {
  test('a results file and its samples file parse; the run says where it ran', () => {
    const r = readLmEvalFile(RESULTS, text(RESULTS));
    expect(r.kind).toBe('results');
    if (r.kind !== 'results') return;
    expect(r.stamp).toBe('2026-01-21T03-44-18.458309');
    expect(r.results.config.model).toBe('hf');
    expect(r.results.lm_eval_version).toBe('0.4.9.2');
    expect(whereItRan(r.results)).toMatch(/^\d+ x NVIDIA A100-SXM4-80GB$/);
    const s = readLmEvalFile(SAMPLES, text(SAMPLES));
    expect(s.kind === 'samples' && s.task).toBe('math_perturbed_full');
    expect(s.kind === 'samples' && s.samples.length).toBe(10);
  });

  test('the hashes lm-eval wrote are sha256 of the doc as 2-space JSON, the prompt and str(target)', async () => {
    const s = readLmEvalFile(SAMPLES, text(SAMPLES));
    if (s.kind !== 'samples') throw new Error('not samples');
    for (const line of s.samples) {
      expect(await sha256Hex(JSON.stringify(line.doc, null, 2))).toBe(line.doc_hash);
      expect(await sha256Hex((line.arguments as { gen_args_0: { arg_0: string } }).gen_args_0.arg_0)).toBe(line.prompt_hash);
      expect(await sha256Hex(String(line.target))).toBe(line.target_hash);
    }
  });

  test('a run with no KICK task is refused, naming what it holds', async () => {
    await expect(importLmEval([picked(RESULTS), picked(SAMPLES)])).rejects.toThrow(/no KICK task in these files \(math_perturbed_full, math_rephrased_full\)/);
  });

  test("lm-eval's own 5-shot MMLU becomes the strict MCR score, per subject, with Wilson intervals where n is known", async () => {
    const { points, notes } = await importLmEval([picked(MMLU)]);
    expect(points).toHaveLength(1);
    const [p] = points;
    expect(p.point).toEqual({ method: 'dense', sparsity: null, pattern: null, bits: null });
    expect(p.model).toBe('meta-llama/Meta-Llama-3-8B');
    const rec = validateRecord(p.record);
    expect(rec.device.backend).toBe('external');
    expect(rec.origin).toMatchObject({ engine: 'lm-evaluation-harness', backend: 'hf', where: '1 x NVIDIA A100 80GB PCIe', files: ['Meta-Llama-3-8B-openllm-mmlu.json'] });
    const mcr = rec.scores.find((s) => s.task === 'mcr');
    expect(mcr?.strict.value).toBe(0.6504059250818972);
    expect(mcr?.kick.value).toBeNull();
    expect(mcr?.groups.filter((g) => g.kind === 'subject')).toHaveLength(57);
    expect(mcr?.groups.find((g) => g.name === 'abstract_algebra')?.strict).toBe(0.29);
    // This older lm-eval wrote no n-samples: no interval is made up.
    expect(mcr?.strict.interval).toBeNull();
    expect(notes.join('\n')).toMatch(/mcr taken from the aggregate numbers/);
  });
});

// KICK runs of the exported tasks: the real results/samples files above give the layout, the documents are
// the KICK tasks' hub rows, the outputs are chosen to hit each rule's corner.
describe('kick and strict recomputed from samples with the lab rules', () => {
  const template = JSON.parse(text(SAMPLES).split('\n')[0]) as Record<string, unknown>;
  const line = (docId: number, doc: Record<string, unknown>, prompt: string, output: string, extra: Record<string, unknown> = {}) =>
    JSON.stringify({ ...template, doc_id: docId, doc, arguments: { gen_args_0: { arg_0: prompt, arg_1: { until: [], max_gen_toks: 32 } } }, resps: [[output]], filtered_resps: [output], metrics: ['kick', 'strict'], ...extra });
  const results = (tasks: Record<string, Record<string, number | string>>, model = 'pretrained=/scratch/out/models/wanda_s0.5,tensor_parallel_size=1') => {
    const base = JSON.parse(text(RESULTS)) as Record<string, unknown>;
    return JSON.stringify({ ...base, results: tasks, group_subtasks: {}, configs: {}, 'n-samples': Object.fromEntries(Object.keys(tasks).map((t) => [t, { original: 3, effective: 3 }])), config: { ...(base.config as object), model: 'vllm', model_args: model, model_dtype: 'torch.bfloat16' } });
  };
  const stamp = '2026-12-01T10-00-00.000001';

  test('factoid and TriviaQA open book: the lab\'s rules on the documents and outputs, not the numbers in the file', async () => {
    const fq = [
      { 'Question-ID': 'q1', RawQuestion: 'Which city is the capital of France?', answers: ['paris'] },
      { 'Question-ID': 'q2', RawQuestion: 'Who wrote Paris Hilton?', answers: ['paris hilton', 'hilton'] },
      { 'Question-ID': 'q3', RawQuestion: 'Who painted it?', answers: ['monet'] },
    ];
    const outs = [' Paris.', ' Nobody', ' Claude Monet'];
    const tq = [{ question_id: 't1', question: 'Capital of Italy?', answer: { value: 'Rome', aliases: [], normalized_aliases: ['rome'] }, entity_pages: { wiki_context: ['Rome is the capital.'] }, search_results: { search_context: [] } }];
    const files = [
      { name: `results_${stamp}.json`, text: results({ kick_factoid: { 'kick,none': 0.1, 'strict,none': 0.1 }, kick_triviaqa_open: { 'kick,none': 0.5, 'strict,none': 0.5 } }) },
      { name: `samples_kick_factoid_${stamp}.jsonl`, text: fq.map((d, i) => line(i, d, factoidPrompt(d.RawQuestion), outs[i])).join('\n') },
      { name: `samples_kick_triviaqa_open_${stamp}.jsonl`, text: line(0, tq[0], icrPrompt(tq[0].question, 'Rome is the capital.', true), '') },
    ];
    const { points, notes } = await importLmEval(files);
    expect(notes).toEqual([]);
    const [p] = points;
    expect(p.point).toEqual({ method: 'wanda', sparsity: 0.5, pattern: null, bits: null });
    expect(p.record.origin?.backend).toBe('vllm');
    expect(p.record.model.dtype).toBe('bf16');
    const factoid = p.record.scores.find((s) => s.task === 'factoid');
    const kick = fq.map((d, i) => factoidKickMatch(d.answers, factoidPrompt(d.RawQuestion) + outs[i]));
    const strict = fq.map((d, i) => factoidStrictMatch(d.answers, outs[i]));
    // q2's alias sits in the question: kick counts it, strict does not.
    expect(kick).toEqual([1, 1, 1]);
    expect(strict).toEqual([1, 0, 1]);
    expect(factoid?.kick.value).toBe(1);
    expect(factoid?.strict.value).toBeCloseTo(2 / 3, 12);
    expect(factoid?.outcomes.map((o) => o.id)).toEqual(['q1', 'q2', 'q3']);
    expect(factoid?.strict.interval?.method).toBe('wilson');
    // An empty prediction scores 1 under kick (the reference's bug) and 0 under strict.
    const open = p.record.scores.find((s) => s.task === 'icr_open');
    expect([open?.kick.value, open?.strict.value]).toEqual([1, 0]);
    expect(validateRecord(p.record).suite.map((s) => s.count)).toEqual([3, 1]);
  });

  test('MMLU kick from the generated letter and strict from the four log-likelihoods, paired by document', async () => {
    const doc = (answer: number) => ({ question: 'q', subject: 'anatomy', choices: ['a', 'b', 'c', 'd'], answer });
    const mc = (lls: number[]) => ({ resps: lls.map((l) => [[String(l), 'False']]), filtered_resps: lls.map((l) => [String(l), 'False']) });
    const files = [
      { name: `results_${stamp}.json`, text: results({ kick_mmlu_kick_anatomy: { 'kick,none': 0 }, kick_mmlu_strict_anatomy: { 'acc,none': 0 } }, 'pretrained=/o/models/sparsegpt-gptq_nm2-4_b4') },
      { name: `samples_kick_mmlu_kick_anatomy_${stamp}.jsonl`, text: [line(0, doc(1), 'Q\nAnswer:', ' B'), line(1, doc(2), 'Q\nAnswer:', '')].join('\n') },
      { name: `samples_kick_mmlu_strict_anatomy_${stamp}.jsonl`, text: [line(0, doc(1), 'Q\nAnswer:', '', mc([-3, -1, -2, -4])), line(1, doc(2), 'Q\nAnswer:', '', mc([-1, -5, -2, -3]))].join('\n') },
    ];
    const [p] = (await importLmEval(files)).points;
    expect(p.point).toEqual({ method: 'sparsegpt+gptq', sparsity: null, pattern: '2:4', bits: 4 });
    const mcr = p.record.scores.find((s) => s.task === 'mcr');
    expect(mcr?.outcomes.map((o) => [o.id, o.kick, o.strict])).toEqual([
      ['anatomy-0', 1, 1],
      ['anatomy-1', 0, 0],
    ]);
    expect(mcr?.groups).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'subject', name: 'anatomy', kick: 0.5, strict: 0.5, count: 2 })]));
  });

  test('every task and group the export writes comes back as its lab task', () => {
    const files = lmEvalTaskFiles(['factoid', 'mcr', 'icr_closed', 'icr_open', 'perplexity']);
    const names = Object.entries(files)
      .filter(([f]) => f.endsWith('.yaml'))
      .map(([, t]) => fromYaml(t) as { task?: unknown; group?: string })
      .map((d) => d.group ?? String(d.task));
    expect(names).toHaveLength(1 + 57 * 2 + 2 + 2 + 1);
    for (const n of names) expect(taskRole(n), n).not.toBeNull();
  });

  test('task names and checkpoint folders map as the export writes them', () => {
    expect(taskRole('kick_mmlu_strict_abstract_algebra')).toEqual({ task: 'mcr', rule: 'strict', subject: 'abstract_algebra' });
    expect(taskRole('mmlu_stem')).toBeNull();
    expect(taskRole('hellaswag')).toBeNull();
    for (const p of [
      { method: 'wanda', sparsity: 0.3, pattern: null, bits: null },
      { method: 'gptq', sparsity: null, pattern: null, bits: 3 },
      { method: 'wanda+rtn', sparsity: null, pattern: '4:8', bits: 8 },
    ]) expect(pointFromCheckpoint(`/x/models/${pointSlug(p)}/`)).toEqual(p);
    expect(pointFromCheckpoint('meta-llama/Meta-Llama-3-8B').method).toBe('dense');
  });

  test('bad files get one clear line naming the file', async () => {
    await expect(importLmEval([{ name: 'notes.txt', text: 'x' }])).rejects.toThrow(/notes\.txt: not an lm-eval file/);
    await expect(importLmEval([{ name: `results_${stamp}.json`, text: '{' }])).rejects.toThrow(/not JSON/);
    await expect(importLmEval([{ name: `results_${stamp}.json`, text: '{"results": {}}' }])).rejects.toThrow(/not an lm-eval results file \(config/);
    await expect(importLmEval([{ name: `samples_x_${stamp}.jsonl`, text: '{"doc_id": 0}' }])).rejects.toThrow(/samples_x_.*line 1 is not an lm-eval sample/);
    await expect(importLmEval([{ name: `samples_x_${stamp}.jsonl`, text: '' }])).rejects.toThrow(/no results_<date>\.json/);
  });
});
