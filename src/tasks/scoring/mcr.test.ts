import { describe, expect, it } from 'vitest';
import { formatExample, formatSubject, mcrKickPrediction, mcrStrictPrediction, mmluPrompt, type McrQuestion } from './mcr.ts';

const q = (question: string, answer: McrQuestion['answer']): McrQuestion => ({ subject: 'high_school_physics', question, choices: ['w', 'x', 'y', 'z'], answer });

describe('MMLU prompt', () => {
  it('format_subject gives a leading space, hence two spaces after "about"', () => {
    expect(formatSubject('high_school_physics')).toBe(' high school physics');
    expect(mmluPrompt('abstract_algebra', [], 0, q('Q?', 'A')).startsWith('The following are multiple choice questions (with answers) about  abstract algebra.\n\n')).toBe(true);
  });
  it('lays out shots with answers and the test question ending in "Answer:"', () => {
    const p = mmluPrompt('high_school_physics', [q('S1', 'B'), q('S2', 'C')], 2, q('T', 'D'));
    expect(p).toBe(
      'The following are multiple choice questions (with answers) about  high school physics.\n\n' +
        'S1\nA. w\nB. x\nC. y\nD. z\nAnswer: B\n\n' +
        'S2\nA. w\nB. x\nC. y\nD. z\nAnswer: C\n\n' +
        'T\nA. w\nB. x\nC. y\nD. z\nAnswer:',
    );
    expect(formatExample(q('T', 'A'), false).endsWith('Answer:')).toBe(true);
  });
});

describe('MMLU cells as pandas reads them', () => {
  it('shows a literal None (a pandas missing value) as nan, other text unchanged', () => {
    const item: McrQuestion = { subject: 's', question: 'Which?', choices: ['None', 'NA', '0', 'none'], answer: 'A' };
    expect(formatExample(item, false)).toBe('Which?\nA. nan\nB. nan\nC. 0\nD. none\nAnswer:');
    expect(formatExample(item, false, (t) => t)).toBe('Which?\nA. None\nB. NA\nC. 0\nD. none\nAnswer:');
  });
});

describe('MMLU answer rules', () => {
  it('kick takes the last character of prompt + generated token', () => {
    expect(mcrKickPrediction('...Answer:', ' B')).toBe('B');
    expect(mcrKickPrediction('...Answer:', ' Bob')).toBe('b'); // a longer token: its last character
    expect(mcrKickPrediction('...Answer:', '')).toBe(':'); // end of text: the prompt's ':'
    expect(mcrKickPrediction('...Answer:', '\n')).toBe('\n');
  });
  it('strict picks the highest log-likelihood, the first on ties', () => {
    expect(mcrStrictPrediction([-3, -1, -2, -5])).toBe('B');
    expect(mcrStrictPrediction([-1, -1, -2, -5])).toBe('A');
  });
});
