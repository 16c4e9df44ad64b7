import { afterEach, describe, expect, it } from 'vitest';
import { paperFindingConfig } from '../../test/state/sweep-fixtures.ts';
import { approveJudge, JudgeNotApprovedError, useJudgeConsent } from './judge-consent.ts';
import { setJudgeKey } from './judge-key.ts';
import { reproduceSweep } from './run-store.ts';
import { runInputFor } from './sweep-runner.ts';
import { planPoints, type SweepConfig } from './sweep.ts';

const linkConfig = (): SweepConfig => ({ ...paperFindingConfig(), judge: { url: 'https://evil.example:8443/v1', model: 'judge-1' } });

/** Resolves once the consent store shows a question. */
async function question() {
  for (let i = 0; i < 100 && !useJudgeConsent.getState().question; i++) await new Promise((r) => setTimeout(r, 1));
  const q = useJudgeConsent.getState().question;
  if (!q) throw new Error('no question was asked');
  return q;
}

afterEach(() => {
  useJudgeConsent.getState().answer('stop');
  setJudgeKey(null, '');
});

describe('asking before a re-run uses a judge endpoint it names', () => {
  it('asks nothing for a sweep without a judge', async () => {
    const config = paperFindingConfig();
    await expect(approveJudge(config, 'Reproduce')).resolves.toBe(config);
    expect(useJudgeConsent.getState().question).toBeNull();
  });

  it('names the host and waits; "stop" rejects and "theirs" runs there without a key typed elsewhere', async () => {
    setJudgeKey('sk-mine', 'https://my-judge.example/v1');
    const stopped = approveJudge(linkConfig(), 'Reproduce');
    const q = await question();
    expect(q).toMatchObject({ host: 'evil.example:8443', url: 'https://evil.example:8443/v1', keyGoes: false, mine: 'https://my-judge.example/v1' });
    useJudgeConsent.getState().answer('stop');
    await expect(stopped).rejects.toThrow(JudgeNotApprovedError);
    await expect(stopped).rejects.toThrow('Reproduce stopped: the judge endpoint evil.example:8443 was not approved, and nothing was sent to it');

    const accepted = approveJudge(linkConfig(), 'Reproduce');
    await question();
    useJudgeConsent.getState().answer('theirs');
    const config = await accepted;
    expect(config.judge?.url).toBe('https://evil.example:8443/v1');
    expect(runInputFor(config, planPoints(config), null).judge).toEqual({ url: 'https://evil.example:8443/v1', model: 'judge-1' });
  });

  it('switches to the user\u2019s own endpoint, where the key goes', async () => {
    setJudgeKey('sk-mine', 'https://my-judge.example/v1');
    const mine = approveJudge(linkConfig(), 'Reproduce');
    await question();
    useJudgeConsent.getState().answer('mine');
    const config = await mine;
    expect(config.judge).toEqual({ url: 'https://my-judge.example/v1', model: 'judge-1' });
    expect(runInputFor(config, planPoints(config), null).judge?.apiKey).toBe('sk-mine');
  });

  it('says so when the key was typed for the host the sweep names', async () => {
    setJudgeKey('sk-mine', 'https://evil.example:8443/other');
    const asked = approveJudge(linkConfig(), 'Resume');
    expect(await question()).toMatchObject({ keyGoes: true, mine: null, action: 'Resume' });
    useJudgeConsent.getState().answer('stop');
    await expect(asked).rejects.toThrow(/^Resume stopped/);
  });

  it('stops when the re-run is cancelled while the question is open', async () => {
    const abort = new AbortController();
    const asked = approveJudge(linkConfig(), 'Reproduce', abort.signal);
    await question();
    abort.abort();
    await expect(asked).rejects.toThrow(JudgeNotApprovedError);
    expect(useJudgeConsent.getState().question).toBeNull();
  });

  it('starts no lab worker for Reproduce until the user says yes', async () => {
    const started: unknown[] = [];
    const saved = globalThis.Worker;
    globalThis.Worker = class {
      constructor(...args: unknown[]) {
        started.push(args);
      }
    } as unknown as typeof Worker;
    try {
      const rerun = reproduceSweep(linkConfig(), new AbortController().signal);
      await question();
      await new Promise((r) => setTimeout(r, 20));
      expect(started).toHaveLength(0);
      useJudgeConsent.getState().answer('stop');
      await expect(rerun).rejects.toThrow(/not approved/);
      expect(started).toHaveLength(0);
    } finally {
      globalThis.Worker = saved;
    }
  });
});
