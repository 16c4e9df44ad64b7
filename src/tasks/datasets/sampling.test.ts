import { describe, expect, it } from 'vitest';
import { hashIds, sampleExamples, sampleIndices, sampleStratified, seededRandom } from './sampling.ts';

describe('seeded sampling', () => {
  it('mulberry32 is deterministic and in [0, 1)', () => {
    const a = seededRandom(0);
    const b = seededRandom(0);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(xs).toEqual(Array.from({ length: 1000 }, () => b()));
    for (const x of xs) expect(x >= 0 && x < 1).toBe(true);
    expect(Math.abs(xs.reduce((s, x) => s + x, 0) / xs.length - 0.5)).toBeLessThan(0.05);
  });
  it('picks n distinct indices in data-set order; the same seed gives the same choice', () => {
    const a = sampleIndices(1000, 50, 7);
    expect(a).toHaveLength(50);
    expect(new Set(a).size).toBe(50);
    expect([...a].sort((x, y) => x - y)).toEqual(a);
    expect(sampleIndices(1000, 50, 7)).toEqual(a);
    expect(sampleIndices(1000, 50, 8)).not.toEqual(a);
  });
  it("'full' or n >= total selects everything", () => {
    expect(sampleIndices(5, 'full', 1)).toEqual([0, 1, 2, 3, 4]);
    expect(sampleIndices(5, 99, 1)).toEqual([0, 1, 2, 3, 4]);
  });
  it('hashes the chosen ids with SHA-256', async () => {
    // sha256("a\nb") computed independently with node:crypto.
    const { createHash } = await import('node:crypto');
    expect(await hashIds(['a', 'b'])).toBe(createHash('sha256').update('a\nb').digest('hex'));
    const items = Array.from({ length: 100 }, (_, i) => ({ id: `q${i}` }));
    const s1 = await sampleExamples(items, 10, 3, (x) => x.id);
    const s2 = await sampleExamples(items, 10, 3, (x) => x.id);
    expect(s1.idsHash).toBe(s2.idsHash);
    expect(s1.idsHash).toBe(await hashIds(s1.ids));
    expect((await sampleExamples(items, 10, 4, (x) => x.id)).idsHash).not.toBe(s1.idsHash);
  });
  it('stratified sampling takes n per group', async () => {
    const items = Array.from({ length: 60 }, (_, i) => ({ id: `x${i}`, g: ['a', 'b', 'c'][i % 3] }));
    const s = await sampleStratified(items, 4, 0, (x) => x.g, (x) => x.id);
    expect(s.items).toHaveLength(12);
    for (const g of ['a', 'b', 'c']) expect(s.items.filter((x) => x.g === g)).toHaveLength(4);
  });
});
