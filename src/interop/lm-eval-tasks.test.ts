import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { lmEvalContext, type TaskYaml } from '../../test/interop/lm-eval-context.ts';
import { upstreamFields } from '../../test/interop/upstream.ts';
import { datasetsDirOf, freebaseHubRow, mmluHubRow, triviaHubRow, type Row } from '../../test/servers/hub-layout.ts';
import { sharedRoot } from '../../tools/shared-files.ts';
import { factoidPrompt } from '../tasks/factoid.ts';
import type { MmluRecord } from '../tasks/datasets/schemas.ts';
import { icrPrompt } from '../tasks/scoring/icr.ts';
import { mmluPrompt, pandasCell } from '../tasks/scoring/mcr.ts';
import { lmEvalTaskFiles, lmEvalTaskList } from './lm-eval-tasks.ts';
import { fromYaml, PythonFunction } from './yaml-text.ts';

const ALL_TASKS = ['factoid', 'mcr', 'icr_closed', 'icr_open', 'perplexity'] as const;
const files = lmEvalTaskFiles([...ALL_TASKS]);
const yamlFiles = Object.entries(files).filter(([name]) => name.endsWith('.yaml') || name.endsWith('_yaml'));
const lmEval = upstreamFields()['lm-evaluation-harness'];

/** A task file with its `include` resolved, as lm-eval's loader merges it (the file's keys win). */
function taskConfig(name: string): Record<string, unknown> {
  const own = fromYaml(files[name]) as Record<string, unknown>;
  if (typeof own.include !== 'string') return own;
  const { include, ...rest } = own;
  return { ...taskConfig(include as string), ...rest };
}

describe('lm-evaluation-harness task files', () => {
  test('every YAML parses, and its keys are lm-eval config fields', () => {
    expect(yamlFiles.length).toBe(1 + 2 + 57 * 2 + 2 + 2 + 1);
    for (const [name, text] of yamlFiles) {
      const doc = fromYaml(text) as Record<string, unknown>;
      const allowed = 'group' in doc ? lmEval.GroupConfig : [...lmEval.TaskConfig, 'include'];
      for (const key of Object.keys(doc)) expect(allowed, `${name}: ${key}`).toContain(key);
      for (const key of Object.keys((doc.fewshot_config as object | undefined) ?? {})) expect(lmEval.FewshotConfig, `${name}: fewshot_config.${key}`).toContain(key);
      for (const m of (doc.aggregate_metric_list as object[] | undefined) ?? []) for (const key of Object.keys(m)) expect(lmEval.AggMetricConfig, `${name}: ${key}`).toContain(key);
    }
  });

  test('includes resolve, groups name existing tasks, and each !function is defined in utils.py', () => {
    const utils = files['utils.py'];
    const taskNames = new Set<string>();
    for (const [name] of yamlFiles) {
      const doc = fromYaml(files[name]) as Record<string, unknown>;
      if (typeof doc.include === 'string') expect(files[doc.include], `${name} includes ${doc.include}`).toBeDefined();
      if (typeof doc.task === 'string' && !('group' in doc)) taskNames.add(doc.task);
      for (const value of Object.values(doc)) {
        if (value instanceof PythonFunction) {
          const [module, fn] = value.name.split('.');
          expect(module).toBe('utils');
          expect(utils, `def ${fn}`).toMatch(new RegExp(`^def ${fn}\\(`, 'm'));
        }
      }
    }
    for (const [name] of yamlFiles) {
      const doc = fromYaml(files[name]) as Record<string, unknown>;
      if ('group' in doc) for (const t of doc.task as string[]) expect(taskNames, `${name} lists ${t}`).toContain(t);
    }
    for (const t of lmEvalTaskList([...ALL_TASKS])) expect(taskNames.has(t) || files[`${t}.yaml`] !== undefined, t).toBe(true);
  });

  test('utils.py treats the same cells as missing as the lab (pandas "nan")', () => {
    const literal = /PANDAS_NA = \{([^}]*)\}/s.exec(files['utils.py'])?.[1] ?? '';
    const cells = [...literal.matchAll(/"([^"]*)"/g)].map((m) => m[1]);
    expect(cells.length).toBe(19);
    for (const c of cells) expect(pandasCell(c), c).toBe('nan');
    expect(pandasCell('Paris')).toBe('Paris');
  });
});

// The rows the lab's hub loaders read, built from the built-in fixture files where they are present,
// plus a few edge cases written here.
const datasetsDir = datasetsDirOf(sharedRoot());
const shared = (title: string) => (datasetsDir ? title : `${title} [SHARED_MISSING: ../shared/datasets is absent; edge cases only]`);

function jsonl(rel: string, n: number): Row[] {
  if (!datasetsDir) return [];
  return readFileSync(join(datasetsDir, rel), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .slice(0, n)
    .map((l) => JSON.parse(l) as Row);
}

const letter = (i: number) => (['A', 'B', 'C', 'D'] as const)[i];

describe('lm-eval prompts equal the lab\'s byte for byte (rendered with @huggingface/jinja)', () => {
  test(shared('factoid'), () => {
    const task = taskConfig('kick_factoid.yaml') as unknown as TaskYaml;
    const edge = [{ id: 'e1', question: 'Who wrote "Hamlet"?  ', answers: ['shakespeare'], answer_mids: [], parses: [] }];
    const rows = [...jsonl('freebaseqa/eval.jsonl', 300), ...edge];
    for (const r of rows) {
      const hub = freebaseHubRow(r);
      expect(lmEvalContext(task, hub)).toBe(factoidPrompt(String(r.question)));
    }
  });

  test(shared('MMLU, 5 shots from the subject\'s first dev rows, both rules'), () => {
    const dev = jsonl('mmlu/dev.jsonl', 10_000);
    const test_ = jsonl('mmlu/test.jsonl', 10_000).filter((_, i) => i % 25 === 0);
    const edgeDev = Array.from({ length: 5 }, (_, i) => ({ subject: 'high_school_us_history', question: `Shot ${i}?`, choices: ['None', 'NA', 'b', 'c'], answer: letter(i % 4) }));
    const edge = { subject: 'high_school_us_history', question: 'Which  one?\n(two lines)', choices: ['None', 'x', 'null', 'y'], answer: 'C' };
    const cases = [...test_.map((t) => ({ t, shots: dev.filter((d) => d.subject === t.subject).slice(0, 5) })), { t: edge, shots: edgeDev }];
    // utils.process_mmlu maps missing-value cells to "nan" before the template sees them (tested above).
    const processed = (r: Row) => {
      const hub = mmluHubRow(r);
      return { ...hub, question: pandasCell(String(hub.question)), choices: (hub.choices as string[]).map(pandasCell) };
    };
    for (const rule of ['kick', 'strict'] as const) {
      for (const { t, shots } of cases) {
        const task = taskConfig(`kick_mmlu_${rule}_${String(t.subject)}.yaml`) as unknown as TaskYaml;
        const lab = mmluPrompt(String(t.subject), shots as unknown as MmluRecord[], 5, t as unknown as MmluRecord);
        expect(lmEvalContext(task, processed(t), shots.map(processed))).toBe(lab);
      }
    }
    if (datasetsDir) expect(cases.length).toBeGreaterThan(50);
  });

  test(shared('TriviaQA closed book'), () => {
    const task = taskConfig('kick_triviaqa_closed.yaml') as unknown as TaskYaml;
    const edge = [{ id: 'e', question: '  Spaces around?  ', answers: ['x'], normalized_answers: ['x'] }];
    for (const r of [...jsonl('triviaqa/rc_wikipedia_validation_closedbook.jsonl', 300), ...edge]) {
      expect(lmEvalContext(task, triviaHubRow(r))).toBe(icrPrompt(String(r.question), '', false));
    }
  });

  test(shared('TriviaQA open book: first wiki + first search context, cut to 3072 characters, stripped'), () => {
    const task = taskConfig('kick_triviaqa_open.yaml') as unknown as TaskYaml;
    const texts = jsonl('c4/sample.jsonl', 40).map((r) => String(r.text));
    const contexts: Array<[string[], string[]]> = [
      [['  \n Leading space and a short page.'], []],
      [[], ['Only a search result.\n']],
      [['A'.repeat(3000)], ['B'.repeat(500)]],
      [['wiki one', 'wiki two'], ['search one', 'search two']],
      ...texts.map((t, i): [string[], string[]] => [[t], i % 2 ? [texts[(i + 1) % texts.length]] : []]),
    ];
    const questions = [...jsonl('triviaqa/rc_wikipedia_validation_closedbook.jsonl', contexts.length), { id: 'q', question: 'Who?', answers: ['x'], normalized_answers: ['x'] }];
    contexts.forEach(([wiki, search], i) => {
      const r = questions[i % questions.length];
      const hub = { ...triviaHubRow(r), entity_pages: { wiki_context: wiki }, search_results: { search_context: search } };
      const lab = icrPrompt(String(r.question), (wiki[0] ?? '') + (search[0] ?? ''), true);
      expect(lmEvalContext(task, hub)).toBe(lab);
    });
  });
});
