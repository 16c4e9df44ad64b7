import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { checkJsonSchema } from '../../test/interop/json-schema-check.ts';
import { fixturePath } from '../../test/interop/upstream.ts';
import { paperFindingSweep, quantSweep } from '../../test/state/sweep-fixtures.ts';
import { pointLabel } from '../state/derive.ts';
import { everyEvalEverOf } from './every-eval-ever.ts';
import { pythonStr, sha256Hex } from './hash.ts';
import { lmEvalSampleSchema } from './lm-eval-files.ts';
import { importLmEval } from './lm-eval-import.ts';
import { modelIndexYaml } from './model-card.ts';
import { samplesJsonl } from './samples-out.ts';
import { fromYaml } from './yaml-text.ts';

const schema = JSON.parse(readFileSync(fixturePath('every-eval-ever/eval.schema.json'), 'utf8')) as Record<string, unknown>;
const sweeps = [paperFindingSweep(), quantSweep()];
const points = sweeps.flatMap((s) => s.points.map((p) => ({ sweep: s, p })));
const NOW = '2026-12-06T12:00:00.000Z';

describe('Every Eval Ever JSON (schema 0.2.3)', () => {
  test('the schema file is the 0.2.x one', () => {
    expect(schema.version).toMatch(/^0\.2\.\d+$/);
  });

  test.each(points.map(({ sweep, p }) => [`${sweep.name || sweep.id} ${p.key}`, sweep, p] as const))('%s validates', (_, sweep, p) => {
    const doc = everyEvalEverOf({ record: p.record, label: pointLabel(p.spec, sweep.config), sweepId: sweep.id, pointKey: p.key }, NOW);
    expect(checkJsonSchema(doc, schema)).toEqual([]);
    const results = doc.evaluation_results as Array<{ metric_config: { lower_is_better: boolean }; score_details: { score: number; uncertainty?: { confidence_interval: { lower: number; upper: number } } } }>;
    expect(results.length).toBeGreaterThan(0);
    for (const r of results) {
      const ci = r.score_details.uncertainty?.confidence_interval;
      if (ci) expect(ci.lower).toBeLessThanOrEqual(ci.upper);
    }
  });

  test('a point imported from lm-eval names the harness, its backend and the machine', async () => {
    const { points: imported } = await importLmEval([{ name: 'mmlu.json', text: readFileSync(fixturePath('lm-eval/saucam-model_evals/Meta-Llama-3-8B-openllm-mmlu.json'), 'utf8') }]);
    const doc = everyEvalEverOf({ record: imported[0].record, label: 'dense', sweepId: 's', pointKey: 'dense' }, NOW) as Record<string, Record<string, unknown>>;
    expect(checkJsonSchema(doc, schema)).toEqual([]);
    expect(doc.eval_library.name).toBe('lm-evaluation-harness');
    expect((doc.model_info.inference_engine as { name: string }).name).toBe('hf');
  });

  test('the checker refuses what the schema refuses', () => {
    const { sweep, p } = points[0];
    const good = everyEvalEverOf({ record: p.record, label: 'x', sweepId: sweep.id, pointKey: p.key }, NOW) as Record<string, unknown>;
    expect(checkJsonSchema({ ...good, source_metadata: undefined }, schema).join()).toMatch(/expected object|missing source_metadata/);
    expect(checkJsonSchema({ ...good, extra: 1 }, schema).join()).toMatch(/unexpected property extra/);
    const badEnum = { ...good, source_metadata: { ...(good.source_metadata as object), source_type: 'rumour' } };
    expect(checkJsonSchema(badEnum, schema).join()).toMatch(/"rumour" is not one of/);
    const results = good.evaluation_results as Array<Record<string, unknown>>;
    const noBound = { ...good, evaluation_results: [{ ...results[0], metric_config: { lower_is_better: false, score_type: 'continuous' } }] };
    expect(checkJsonSchema(noBound, schema).join()).toMatch(/missing min_score/);
  });
});

describe('model-card model-index', () => {
  test('holds, per point, what huggingface_hub reads: name, task type, dataset type and name, metric type and value', () => {
    const sweep = quantSweep();
    const yaml = modelIndexYaml(sweep.points.map((p) => ({ record: p.record, label: pointLabel(p.spec, sweep.config) })));
    const doc = fromYaml(yaml) as { 'model-index': Array<{ name: string; results: Array<{ task: { type: string }; dataset: { type: string; name: string }; metrics: Array<{ type: string; value: number }> }> }> };
    expect(doc['model-index']).toHaveLength(sweep.points.length);
    for (const m of doc['model-index']) {
      expect(m.name).toMatch(/^kick-tiny /);
      expect(m.results.length).toBeGreaterThan(0);
      for (const r of m.results) {
        expect(typeof r.task.type).toBe('string');
        expect(typeof r.dataset.type).toBe('string');
        expect(typeof r.dataset.name).toBe('string');
        for (const metric of r.metrics) expect(Number.isFinite(metric.value)).toBe(true);
      }
    }
    const factoid = doc['model-index'][0].results.find((r) => r.dataset.type === 'freebase_qa');
    expect(factoid?.metrics.map((m) => m.type)).toEqual(['accuracy', 'accuracy']);
  });
});

describe('lm-eval style samples', () => {
  test('every line is an lm-eval sample whose hashes are those of its prompt, doc and str(target)', async () => {
    const p = paperFindingSweep().points[1];
    const out = await samplesJsonl(p.examples);
    expect([...out.keys()].sort()).toEqual(p.examples.filter((e) => e.examples.length).map((e) => e.task).sort());
    for (const [task, text] of out) {
      const lines = text.trim().split('\n').map((l) => lmEvalSampleSchema.parse(JSON.parse(l)));
      const source = p.examples.find((e) => e.task === task)?.examples ?? [];
      expect(lines).toHaveLength(source.length);
      for (const [i, l] of lines.entries()) {
        const prompt = (l.arguments as { gen_args_0: { arg_0: string } }).gen_args_0.arg_0;
        expect(prompt).toBe(source[i].prompt);
        expect(l.prompt_hash).toBe(await sha256Hex(prompt));
        expect(l.doc_hash).toBe(await sha256Hex(JSON.stringify(l.doc, null, 2)));
        expect(l.target_hash).toBe(await sha256Hex(pythonStr(l.target as string | string[])));
        expect(l.filtered_resps).toEqual([source[i].output]);
      }
    }
  });

  test.skipIf(spawnSync('python3', ['--version']).status !== 0)("str(target) is python3's on awkward text", () => {
    const targets = ['plain', "d'Artagnan", 'a"b', 'both\'"q', 'x\ny\tz\r', '\u0001\u007f', 'é\u200b\u00a0', '\u{e0001}', 'back\\slash', ''];
    const res = spawnSync('python3', ['-c', 'import json, sys; print(str(json.load(sys.stdin)), end="")'], { input: JSON.stringify(targets), encoding: 'utf8' });
    expect(pythonStr(targets)).toBe(res.stdout);
  });

  test("str(target) is Python's", () => {
    expect(pythonStr('Paris')).toBe('Paris');
    expect(pythonStr(['paris', "d'Artagnan", 'a"b', 'x\ny'])).toBe('[\'paris\', "d\'Artagnan", \'a"b\', \'x\\ny\']');
  });
});
