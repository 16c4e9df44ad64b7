import { describe, expect, it } from 'vitest';
import { parseInstructionKick, parseInstructionStrict, parseSummaryKick, parseSummaryStrict, pyFloat, summaryMeans } from './parse.ts';

describe('reference judge parsers (kick)', () => {
  it('FastChat parse_score: first line, commas to spaces, exactly two tokens', () => {
    expect(parseInstructionKick('8 7\nAssistant 1 was better.')).toEqual([8, 7]);
    expect(parseInstructionKick('8,7\n...')).toEqual([8, 7]);
    expect(parseInstructionKick('8.5 9')).toEqual([8.5, 9]);
    // ", " becomes two spaces, hence three tokens: the reference fails here.
    expect(parseInstructionKick('8, 7')).toBeNull();
    expect(parseInstructionKick('Scores: 8 7')).toBeNull();
    // The math template asks for a tuple at the end: the first line is prose, so it fails.
    expect(parseInstructionKick('First, solve it.\n...\n(7, 9)')).toBeNull();
  });
  it('summary parse_score: four lines, first two space-separated fields as floats', () => {
    const s = parseSummaryKick('8 7\n9 6\n8 8 extra\n7 5\nExplanation.');
    expect(s).toEqual({ coherence: [8, 7], consistency: [9, 6], fluency: [8, 8], relevance: [7, 5] });
    expect(summaryMeans(s!)).toEqual([8, 6.5]);
    expect(parseSummaryKick('8 7\n9 6\n8 8')).toBeNull();
    expect(parseSummaryKick('Coherence: 8 7\n9 6\n8 8\n7 5')).toBeNull();
  });
  it('pyFloat follows Python float()', () => {
    expect(pyFloat(' 7 ')).toBe(7);
    expect(pyFloat('1e1')).toBe(10);
    expect(pyFloat('.5')).toBe(0.5);
    expect(pyFloat('seven')).toBeNull();
    expect(pyFloat('')).toBeNull();
  });
});

describe('tolerant judge parsers (strict)', () => {
  it('finds the first pair of 1..10 scores in common layouts', () => {
    expect(parseInstructionStrict('8, 7')).toEqual([8, 7]);
    expect(parseInstructionStrict('First, solve it.\nSo the answer is right.\n(7, 9)')).toEqual([7, 9]);
    expect(parseInstructionStrict('**Scores: 8/10, 6/10**')).toEqual([8, 6]);
    expect(parseInstructionStrict('10 9')).toEqual([10, 9]);
    expect(parseInstructionStrict('Banana. I like both of them a lot!')).toBeNull();
    expect(parseInstructionStrict('Answer 51 is 17 times 3')).toBeNull();
  });
  it('summary: four pair lines anywhere in order', () => {
    const s = parseSummaryStrict('Coherence: 8 7\nConsistency: 9, 6\nFluency: 8 8\nRelevance: 7 5\nWhy...');
    expect(s).toEqual({ coherence: [8, 7], consistency: [9, 6], fluency: [8, 8], relevance: [7, 5] });
    expect(parseSummaryStrict('8 7\nnothing')).toBeNull();
  });
});
