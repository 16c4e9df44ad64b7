// Each explainer must give its rule's score on the same input: the cases below include every
// branch of the rules (prompt-side matches, empty aliases, empty predictions, two-way substrings).
import { describe, expect, it } from 'vitest';
import { explainFactoidKick, explainFactoidStrict, factoidKickMatch, factoidStrictMatch } from './factoid.ts';
import { explainIcrKickEm, explainIcrStrictEm, icrKickEm, icrPrediction, icrPrompt, icrQuestionPart, icrQuestionPartOf, icrStrictEm } from './icr.ts';
import { explainMcrKick, explainMcrStrict, mcrOptionsOf, mmluPrompt, type McrQuestion } from './mcr.ts';

const prompt = (q: string) => `Please give answer to this question: ${q}\nThe answer is `;

const FACTOID_CASES: Array<[string[], string, string]> = [
  [['Sandi Toksvig'], prompt('Who?'), 'SANDI   TOKSVIG.'],
  [['sandi toksvig'], prompt('Who?'), 'sandi\ntoksvig'],
  [['henry fonda'], prompt('Which actor played Henry Fonda in the film?'), 'nobody'],
  [['henry fonda'], prompt('Which actor?'), ' Henry Fonda, of course'],
  [[''], prompt('Who?'), 'whatever'],
  [['', 'silk'], prompt('What?'), 'silk'],
  [['paper', 'papermaking'], prompt('What did Cai Lun invent?'), 'papermaking'],
  [['silk'], prompt('What was traded?'), 'papermaking'],
  [['answer'], prompt('Who?'), 'nothing'],
  [['is'], prompt('Who?'), ''],
  [['the answer isx'], prompt('Who?'), 'x'],
  [['x'], '  \n' + prompt('Who?'), 'the x'],
];

describe('factoid explainers agree with the rules', () => {
  it.each(FACTOID_CASES)('aliases %j', (aliases, p, out) => {
    const kick = explainFactoidKick(aliases, p, out);
    expect(kick.score).toBe(factoidKickMatch(aliases, p + out));
    const strict = explainFactoidStrict(aliases, out);
    expect(strict.score).toBe(factoidStrictMatch(aliases, out));
  });

  it('says whether the kick match was in the question or in the output, and where', () => {
    expect(explainFactoidKick(['henry fonda'], prompt('Which actor played Henry Fonda?'), 'nobody')).toMatchObject({ score: 1, alias: 'henry fonda', where: 'prompt' });
    const out = explainFactoidKick(['silk'], prompt('What?'), 'It was silk');
    expect(out).toEqual({ score: 1, alias: 'silk', where: 'output', at: 'itwas'.length });
    // A match that begins in the prompt and runs into the output counts as the prompt's.
    expect(explainFactoidKick(['the answer isx'], prompt('Who?'), 'x')).toMatchObject({ score: 1, where: 'prompt' });
    expect(explainFactoidStrict(['silk'], 'papermaking')).toEqual({ score: 0, aliases: 1 });
  });
});

const ICR_CASES: Array<[string, string[]]> = [
  ['comparison', ['paris']],
  ['Paris', ['paris france']],
  ['', ['tequila']],
  ['The', ['tequila']],
  ['The Tequila!', ['mezcal', 'tequila']],
  ['London', ['paris', 'rome']],
  ['1050 kilometres', ['1050 kilometres', '1050']],
  ['a', ['the']],
];

describe('ICR explainers agree with the rules', () => {
  it.each(ICR_CASES)('prediction %j', (prediction, golds) => {
    expect(explainIcrKickEm(prediction, golds).score).toBe(icrKickEm(prediction, golds));
    expect(explainIcrStrictEm(prediction, golds).score).toBe(icrStrictEm(prediction, golds));
  });

  it('names the way the kick rule matched', () => {
    expect(explainIcrKickEm('comparison', ['paris'])).toMatchObject({ score: 1, alias: 'paris', how: 'alias-in-prediction' });
    expect(explainIcrKickEm('Paris', ['paris france'])).toMatchObject({ how: 'prediction-in-alias' });
    expect(explainIcrKickEm('The', ['tequila'])).toMatchObject({ how: 'empty-prediction', prediction: '' });
    expect(explainIcrStrictEm('comparison', ['paris'])).toEqual({ score: 0, prediction: 'comparison', aliases: 1 });
  });

  it('finds the question part the reference splits on in a finished prompt', () => {
    for (const open of [false, true]) {
      const p = icrPrompt('Who won?', 'Some evidence.', open);
      expect(icrQuestionPartOf(p)).toBe(icrQuestionPart('Who won?', open));
      expect(icrPrediction(p + ' Rome\nQ:', icrQuestionPartOf(p), ' Rome\nQ:')).toBe('Rome');
    }
  });
});

describe('MCR explainers', () => {
  const q = (question: string, answer: McrQuestion['answer']): McrQuestion => ({ subject: 'astronomy', question, choices: ['Mars', 'Venus', 'Earth', 'Moon'], answer });
  const p = mmluPrompt('astronomy', [q('Red planet?', 'A')], 1, q('Our planet?', 'C'));

  it('reads the four options of the last question', () => {
    expect(mcrOptionsOf(p)).toEqual([
      { letter: 'A', text: 'Mars' },
      { letter: 'B', text: 'Venus' },
      { letter: 'C', text: 'Earth' },
      { letter: 'D', text: 'Moon' },
    ]);
    expect(mcrOptionsOf('no options here')).toBeNull();
  });

  it('marks the chosen and the right letter under each rule', () => {
    expect(explainMcrKick(p, ' C', 'C')).toEqual({ score: 1, chosen: 'C', right: 'C' });
    expect(explainMcrKick(p, '', 'C')).toEqual({ score: 0, chosen: ':', right: 'C' });
    expect(explainMcrStrict([-3, -1, -2, -5], 'C')).toEqual({ score: 0, chosen: 'B', right: 'C' });
  });
});
