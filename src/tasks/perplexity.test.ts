import { describe, expect, it } from 'vitest';
import { runPerplexity, windowsOf } from './perplexity.ts';
import { ScriptedModel } from '../../test/tasks/scripted-model.ts';

describe('perplexity task', () => {
  it('hands the text and a context-sized window to the model', async () => {
    const seen: [number, number][] = [];
    const m = new ScriptedModel({ contextLength: 512, perplexity: (t, w) => (seen.push([t.length, w]), 7.5) });
    const r = await runPerplexity(m, 'x'.repeat(1000), { maxChars: 600 });
    expect(seen).toEqual([[600, 512]]);
    expect(r.kick.value).toBeCloseTo(7.5, 10);
    expect(r.strict.value).toBeCloseTo(7.5, 10);
    expect(r.kick.label).toMatch(/windows of 512 tokens, stride = window, first 600 characters/);
  });

  it('keeps every window as an outcome and pools them as exp(sum nll / sum tokens)', async () => {
    const windows = [
      { nll: 100, tokens: 63 },
      { nll: 50, tokens: 63 },
      { nll: 80, tokens: 63 },
    ];
    const m = new ScriptedModel({ contextLength: 64, windows: () => windows });
    const r = await runPerplexity(m, 'text', { maxWindows: 2 });
    expect(r.kick.count).toBe(2);
    expect(r.kick.value).toBeCloseTo(Math.exp(150 / 126), 12);
    expect(windowsOf(r.examples)).toEqual(windows.slice(0, 2));
    expect(r.kick.label).toMatch(/at most 2 windows/);
  });

  it('reports null with a note when the model cannot compute perplexity', async () => {
    const r = await runPerplexity(new ScriptedModel(), 'text');
    expect(r.kick.value).toBeNull();
    expect(r.examples[0].notes).toEqual(['the model does not compute perplexity']);
  });
});
