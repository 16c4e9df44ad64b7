// utils.py's kick and strict rules give the lab's numbers: the same outputs are scored by the
// exported Python (run with python3) and by src/tasks/scoring/.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { factoidPrompt } from '../tasks/factoid.ts';
import { factoidKickMatch, factoidStrictMatch } from '../tasks/scoring/factoid.ts';
import { icrF1, icrKickEm, icrPrediction, icrPrompt, icrQuestionPart, icrStrictEm } from '../tasks/scoring/icr.ts';
import { mcrKickPrediction } from '../tasks/scoring/mcr.ts';
import { LM_EVAL_UTILS_PY } from './lm-eval-utils-py.ts';

const python = spawnSync('python3', ['--version']).status === 0;

interface Case {
  fn: 'factoid_results' | 'mmlu_kick_results' | 'triviaqa_closed_results' | 'triviaqa_open_results';
  doc: Record<string, unknown>;
  output: string;
}

function runPython(cases: Case[]): Array<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'kick-utils-'));
  writeFileSync(join(dir, 'utils.py'), LM_EVAL_UTILS_PY);
  const driver = 'import json, sys, utils\nprint(json.dumps([getattr(utils, c["fn"])(c["doc"], [c["output"]]) for c in json.load(sys.stdin)]))\n';
  const res = spawnSync('python3', ['-c', driver], { cwd: dir, input: JSON.stringify(cases), encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`python3 failed: ${res.stderr}`);
  return JSON.parse(res.stdout) as Array<Record<string, number>>;
}

const outputs = ['', ' Paris', 'paris, France\nmore', ' The Eiffel tower', ' sandi toksvig', ' A', ' B.', '\n\nC', 'comparison', ' the  Beatles!', ' Zoë'];

describe.skipIf(!python)(`utils.py scores as the lab${python ? '' : ' [python3 not found]'}`, () => {
  test('factoid kick (prompt + output) and strict (output only)', () => {
    const docs = [
      { RawQuestion: 'Which city is the capital of France?', answers: ['paris'] },
      { RawQuestion: 'Who presents 1001 things?', answers: ['sandi toksvig', ''] },
      { RawQuestion: 'Name the tower in Paris', answers: ['Eiffel Tower', 'tour eiffel'] },
      { RawQuestion: 'Which band?', answers: ['The Beatles'] },
    ];
    const cases: Case[] = docs.flatMap((doc) => outputs.map((output) => ({ fn: 'factoid_results' as const, doc, output })));
    const py = runPython(cases);
    cases.forEach((c, i) => {
      const answers = c.doc.answers as string[];
      const prompt = factoidPrompt(String(c.doc.RawQuestion));
      expect(py[i], JSON.stringify(c)).toEqual({ kick: factoidKickMatch(answers, prompt + c.output), strict: factoidStrictMatch(answers.filter((a) => a.trim()), c.output) });
    });
  });

  test('MMLU kick: the last character of prompt + one token', () => {
    const cases: Case[] = [0, 1, 2, 3].flatMap((answer) => outputs.map((output) => ({ fn: 'mmlu_kick_results' as const, doc: { answer }, output })));
    const py = runPython(cases);
    cases.forEach((c, i) => {
      const predicted = mcrKickPrediction('Question?\nA. x\nB. y\nC. z\nD. w\nAnswer:', c.output);
      expect(py[i].kick, JSON.stringify(c)).toBe(predicted === 'ABCD'[c.doc.answer as number] ? 1 : 0);
    });
  });

  test('TriviaQA closed and open book: kick EM, strict EM and F1 on the prediction the reference extracts', () => {
    const row = (question: string, value: string, aliases: string[], normalized: string[], wiki: string[], search: string[]) => ({
      question,
      answer: { value, aliases, normalized_aliases: normalized },
      entity_pages: { wiki_context: wiki },
      search_results: { search_context: search },
    });
    const docs = [
      row('What is the capital of France?', 'Paris', ['Paris, France'], ['paris', 'paris france'], ['Paris is the capital.'], ['Search: Paris.']),
      row('Which band sang Help?', 'The Beatles', ['Beatles'], [], ['The Beatles were a band.'], []),
      row('Who wrote Emma?', 'Jane Austen', [], ['jane austen'], [], ['Q: Who wrote Emma?\nA: Jane Austen']),
      row('Name a Zoë', 'Zoë', [], ['zoë'], ['x'.repeat(4000)], ['tail']),
    ];
    const cases: Case[] = docs.flatMap((doc) => outputs.flatMap((output) => (['triviaqa_closed_results', 'triviaqa_open_results'] as const).map((fn) => ({ fn, doc, output }))));
    const py = runPython(cases);
    cases.forEach((c, i) => {
      const open = c.fn === 'triviaqa_open_results';
      const d = c.doc as ReturnType<typeof row>;
      const golds = d.answer.normalized_aliases.length ? d.answer.normalized_aliases : [d.answer.value, ...d.answer.aliases.filter((a) => a !== d.answer.value)];
      const prompt = icrPrompt(d.question, (d.entity_pages.wiki_context[0] ?? '') + (d.search_results.search_context[0] ?? ''), open);
      const prediction = icrPrediction(prompt + c.output, icrQuestionPart(d.question, open), c.output);
      const got = py[i];
      expect({ kick: got.kick, strict: got.strict }, JSON.stringify(c)).toEqual({ kick: icrKickEm(prediction, golds), strict: icrStrictEm(prediction, golds) });
      expect(got.f1).toBeCloseTo(icrF1(prediction, golds), 12);
    });
  });
});
