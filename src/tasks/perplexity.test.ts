import { describe, expect, it } from 'vitest';
import { runPerplexity } from './perplexity.ts';
import { ScriptedModel } from '../../test/tasks/scripted-model.ts';

describe('perplexity task', () => {
  it('hands the text and a context-sized window to the model', async () => {
    const seen: [number, number][] = [];
    const m = new ScriptedModel({ contextLength: 512, perplexity: (t, w) => (seen.push([t.length, w]), 7.5) });
    const r = await runPerplexity(m, 'x'.repeat(1000), { maxChars: 600 });
    expect(seen).toEqual([[600, 512]]);
    expect(r.kick.value).toBe(7.5);
    expect(r.strict.value).toBe(7.5);
    expect(r.kick.label).toMatch(/windows of 512 tokens, stride = window, first 600 characters/);
  });
  it('reports null with a note when the model cannot compute perplexity', async () => {
    const r = await runPerplexity(new ScriptedModel(), 'text');
    expect(r.kick.value).toBeNull();
    expect(r.examples[0].notes).toEqual(['the model does not compute perplexity']);
  });
});
