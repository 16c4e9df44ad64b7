import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_SWEEPS, ExampleLoadError, loadExampleSweep, type ExampleSweep } from './examples.ts';

const publicDir = new URL('../../public/', import.meta.url);
const paper = EXAMPLE_SWEEPS.find((e) => e.id === 'paper')!;

function reply(status: number, text: string, statusText = '') {
  return { ok: status >= 200 && status < 300, status, statusText, text: async () => text };
}

/** Serves public/ from disk at `base`, and notes each URL asked for. */
function diskFetch(base: string, asked: string[]) {
  return async (url: string) => {
    asked.push(url);
    if (!url.startsWith(base)) return reply(404, '', 'Not Found');
    return reply(200, readFileSync(new URL(url.slice(base.length), publicDir), 'utf8'));
  };
}

async function failure(example: ExampleSweep, fetchFile: Parameters<typeof loadExampleSweep>[2]): Promise<string> {
  const err = await loadExampleSweep(example, '/', fetchFile).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ExampleLoadError);
  return (err as Error).message;
}

describe('example sweeps', () => {
  it('loads every recorded example from the app base URL, with or without its trailing slash', async () => {
    for (const base of ['/', '/kick-lab/', '/kick-lab']) {
      const asked: string[] = [];
      const root = base.endsWith('/') ? base : `${base}/`;
      for (const example of EXAMPLE_SWEEPS) {
        const sweep = await loadExampleSweep(example, base, diskFetch(root, asked));
        expect(sweep.status).toBe('finished');
        expect(sweep.points.length).toBeGreaterThan(1);
      }
      expect(asked).toEqual(EXAMPLE_SWEEPS.map((e) => `${root}${e.file}`));
    }
  });

  it('names the file and the reason when the file is missing, unreachable, not JSON or not a sweep', async () => {
    expect(await failure(paper, async () => reply(404, 'nope', 'Not Found'))).toBe('could not load the example examples/paper-finding.json: HTTP 404 Not Found');
    expect(await failure(paper, () => Promise.reject(new TypeError('Failed to fetch')))).toBe('could not load the example examples/paper-finding.json: Failed to fetch');
    expect(await failure(paper, async () => reply(200, '<!doctype html><p>index</p>'))).toBe('the example examples/paper-finding.json is not JSON');
    expect(await failure(paper, async () => reply(200, JSON.stringify({ schema: 'kick-lab/sweep', version: 2 })))).toMatch(
      /^the example examples\/paper-finding\.json is not a sweep this app reads: sweep is malformed at version: /,
    );
  });
});
