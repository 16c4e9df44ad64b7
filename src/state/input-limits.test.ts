import { describe, expect, it } from 'vitest';
import { HOSTILE_SWEEPS, manyTaskEntries, packSweep } from '../../test/state/hostile-links.ts';
import { paperFindingSweep, quantSweepConfig } from '../../test/state/sweep-fixtures.ts';
import { EXCERPT_CHARS, excerpt, MAX_LINK_CHARS, MAX_TASK_ENTRIES } from './input-limits.ts';
import { useResults } from './results-store.ts';
import { decodeShare, ShareLinkError } from './share.ts';
import { plannedPointCount, planPoints, SweepFormatError, validateSweep, type SweepConfig } from './sweep.ts';

/** No run of more than EXCERPT_CHARS repeated filler characters: the message quotes an excerpt at most. */
function quotesAtMostAnExcerpt(message: string): void {
  expect(message.length).toBeLessThanOrEqual(400);
  expect(message).not.toMatch(new RegExp(`A{${EXCERPT_CHARS + 1}}`));
  expect(message).not.toContain('<script>');
}

async function timed<T>(f: () => Promise<T>): Promise<{ ms: number; result: PromiseSettledResult<T> }> {
  const t0 = performance.now();
  const [result] = await Promise.allSettled([f()]);
  return { ms: performance.now() - t0, result };
}

describe('hostile share links are refused before any planning', () => {
  for (const { name, make } of HOSTILE_SWEEPS) {
    it(`refuses a link with ${name}, in one short line`, async () => {
      const text = await packSweep(make());
      const { ms, result } = await timed(() => decodeShare(text));
      console.info(`link with ${name}: ${text.length} characters, refused in ${ms.toFixed(0)} ms`);
      expect(result.status).toBe('rejected');
      const reason = (result as PromiseRejectedResult).reason as Error;
      expect(reason).toBeInstanceOf(ShareLinkError);
      quotesAtMostAnExcerpt(reason.message);
      // Generous: the point is that it completes, not how fast this shared machine is today.
      expect(ms).toBeLessThan(10_000);
    });
  }

  it('refuses link text beyond the length limit without unpacking it', async () => {
    const text = `v1.00000000.${'A'.repeat(MAX_LINK_CHARS)}`;
    await expect(decodeShare(text)).rejects.toThrow(`this app opens links of at most ${MAX_LINK_CHARS}`);
  });

  it('shows nothing and keeps nothing from a refused link: the results store holds no sweep', async () => {
    useResults.getState().close();
    await useResults.getState().openShare(await packSweep(HOSTILE_SWEEPS[0].make()));
    const state = useResults.getState();
    expect(state.sweep).toBeNull();
    expect(state.shareError).toMatch(/limit is|at most/);
    quotesAtMostAnExcerpt(state.shareError ?? '');
  });

  it('merges repeated task entries of an acceptable link', async () => {
    const s = paperFindingSweep();
    s.config.tasks = [...s.config.tasks, ...s.config.tasks, { task: 'factoid', size: 5 }];
    const back = await decodeShare(await packSweep(s));
    expect(back.sweep.config.tasks).toEqual(paperFindingSweep().config.tasks);
  });
});

describe('sweeps from files and the history meet the same limits', () => {
  for (const { name, make } of HOSTILE_SWEEPS) {
    it(`refuses a sweep with ${name}`, () => {
      const value: unknown = JSON.parse(JSON.stringify(make()));
      const t0 = performance.now();
      let error: unknown = null;
      try {
        validateSweep(value);
      } catch (e) {
        error = e;
      }
      console.info(`sweep with ${name}: refused in ${(performance.now() - t0).toFixed(0)} ms`);
      expect(error).toBeInstanceOf(SweepFormatError);
      quotesAtMostAnExcerpt((error as Error).message);
    });
  }

  it('says which list was too long', () => {
    expect(() => validateSweep(manyTaskEntries())).toThrow(`the sweep lists 100000 task entries; the limit is ${MAX_TASK_ENTRIES}`);
  });

  it('accepts the fixtures unchanged', () => {
    expect(validateSweep(paperFindingSweep())).toEqual(paperFindingSweep());
  });
});

describe('counting a plan without building it', () => {
  it('gives the length of planPoints for varied configs, duplicates included', () => {
    let seed = 11;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const ids = ['magnitude', 'wanda', 'sparsegpt', 'rtn', 'gptq', 'awq', 'int8', 'wanda+rtn', 'magnitude+gptq', 'dense'];
    for (let trial = 0; trial < 300; trial++) {
      const pick = <T>(from: readonly T[], max: number) => Array.from({ length: rand(max + 1) }, () => from[rand(from.length)]);
      const config: SweepConfig = {
        ...quantSweepConfig(),
        methods: pick(ids, 6).map((id) => ({ id, params: {} })),
        sparsities: pick([0, 0.1, 0.3, 0.5, 0.5, 0.7], 5),
        patterns: pick(['1:2', '2:4', '4:8'] as const, 3),
        bits: pick([2, 3, 4, 8], 4),
      };
      expect(plannedPointCount(config)).toBe(planPoints(config).length);
    }
  });
});

describe('excerpts', () => {
  it('cuts long text with an ellipsis and leaves short text alone', () => {
    expect(excerpt('short')).toBe('short');
    expect(excerpt('x'.repeat(200))).toBe(`${'x'.repeat(EXCERPT_CHARS)}…`);
  });
});
