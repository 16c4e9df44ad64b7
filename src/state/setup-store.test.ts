import { describe, expect, it } from 'vitest';
import { labRunInputOf } from './from-run.ts';
import { paperPresetConfig, sweepConfigOfSetup, useSetup, type SetupValues } from './setup-store.ts';

function values(patch: Partial<SetupValues> = {}): SetupValues {
  useSetup.getState().load(paperPresetConfig(20));
  return { ...useSetup.getState(), ...patch };
}

describe('setup to sweep config', () => {
  it('turns the paper preset back into the same sweep', () => {
    const r = sweepConfigOfSetup(values());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config.sparsities).toEqual([0, 0.3, 0.5, 0.7]);
    expect(r.plan).toHaveLength(7);
    expect(r.config.calibration?.dataset).toBe('kickworld-bio');
  });

  it('lists every reason a setup cannot run', () => {
    const r = sweepConfigOfSetup(values({ modelId: 'not a hub id', methods: [], tasks: {} }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.join('\n')).toMatch(/Model: .*owner\/name/);
    expect(r.problems.join('\n')).toMatch(/Methods: pick at least one/);
    expect(r.problems.join('\n')).toMatch(/Tasks: pick at least one/);
  });

  it('asks for enough pasted calibration text and keeps it out of the config', () => {
    const short = sweepConfigOfSetup(values({ calibration: { source: 'text', text: 'too short', samples: 8, seqLen: 128, mode: 'one-shot' } }));
    expect(short.ok).toBe(false);
    const text = 'The river runs past the old mill. '.repeat(10);
    const r = sweepConfigOfSetup(values({ calibration: { source: 'text', text, samples: 8, seqLen: 128, mode: 'one-shot' } }));
    expect(r.ok && r.calibrationText).toBe(text);
    expect(r.ok && JSON.stringify(r.config)).not.toContain('old mill');
    expect(r.ok && r.config.calibration?.dataset).toBe('pasted text');
  });

  it('calibrates on C4 when chosen, and the worker is told so', () => {
    const r = sweepConfigOfSetup(values({ calibration: { source: 'c4', text: '', samples: 16, seqLen: 256, mode: 'sequential' } }));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config.calibration).toMatchObject({ dataset: 'c4', samples: 16, seqLen: 256, mode: 'sequential' });
    expect(labRunInputOf(r.config, r.plan).calibration).toMatchObject({ source: 'c4', nsamples: 16, seqlen: 256, mode: 'sequential' });
    useSetup.getState().load(r.config);
    expect(useSetup.getState().calibration.source).toBe('c4');
  });

  it("runs kick-tiny on KICK-world and other models on the built-in LLM-KICK data sets unless another source is chosen", () => {
    const preset = sweepConfigOfSetup(values());
    expect(preset.ok && preset.config.taskData).toBeUndefined();
    expect(preset.ok && labRunInputOf(preset.config, preset.plan).tasks).not.toHaveProperty('suite');
    const builtin = sweepConfigOfSetup(values({ taskData: 'builtin' }));
    expect(builtin.ok).toBe(true);
    if (!builtin.ok) return;
    expect(builtin.config.taskData).toBe('builtin');
    expect(labRunInputOf(builtin.config, builtin.plan).tasks).toMatchObject({ suite: 'kick', data: 'builtin' });
    useSetup.getState().load(builtin.config);
    expect(useSetup.getState().taskData).toBe('builtin');
    const hub = sweepConfigOfSetup(values({ modelId: 'HuggingFaceTB/SmolLM2-135M-Instruct', taskData: 'hub', tasks: { factoid: 5 } }));
    expect(hub.ok && labRunInputOf(hub.config, hub.plan).tasks).toMatchObject({ suite: 'kick', data: 'hub' });
    // KICK-world is kick-tiny's own: a hub model chosen after it reads the built-in LLM-KICK data.
    const moved = sweepConfigOfSetup(values({ modelId: 'HuggingFaceTB/SmolLM2-135M-Instruct', taskData: 'kickworld', tasks: { factoid: 5 } }));
    expect(moved.ok && moved.config.taskData).toBe('builtin');
  });

  it('keeps a kernels choice in the config and out of it when left on auto, so old links and new agree', () => {
    const auto = sweepConfigOfSetup(values());
    expect(auto.ok && 'kernels' in auto.config).toBe(false);
    const chosen = sweepConfigOfSetup(values({ kernels: 'webgpu' }));
    expect(chosen.ok && chosen.config.kernels).toBe('webgpu');
    if (!chosen.ok) return;
    useSetup.getState().load(chosen.config);
    expect(useSetup.getState().kernels).toBe('webgpu');
    expect(values().kernels).toBe('auto');
  });

  it('needs no calibration for magnitude alone', () => {
    const r = sweepConfigOfSetup(values({ methods: ['magnitude'] }));
    expect(r.ok && r.config.calibration).toBeNull();
  });
});

describe('judge', () => {
  it('carries the endpoint and model in the config and the key only to the worker', async () => {
    const { setJudgeKey } = await import('./judge-key.ts');
    const { runInputFor } = await import('./sweep-runner.ts');
    const base = values({ modelId: 'HuggingFaceTB/SmolLM2-135M-Instruct', tasks: { summarization: 5, factoid: 5 } });
    const without = sweepConfigOfSetup(base);
    expect(without.ok).toBe(false);
    expect(!without.ok && without.problems.join(' ')).toMatch(/need a judge/);
    expect(sweepConfigOfSetup({ ...base, judgeUrl: 'not a url', judgeModel: 'gpt-4o' }).ok).toBe(false);

    const r = sweepConfigOfSetup({ ...base, judgeUrl: 'http://127.0.0.1:9/v1', judgeModel: 'judge-1' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config.judge).toEqual({ url: 'http://127.0.0.1:9/v1', model: 'judge-1' });
    setJudgeKey('sk-secret', 'http://127.0.0.1:9/v1/chat/completions');
    try {
      expect(JSON.stringify(r.config)).not.toContain('sk-secret');
      expect(labRunInputOf(r.config, r.plan).judge).toEqual({ url: 'http://127.0.0.1:9/v1', model: 'judge-1' });
      expect(runInputFor(r.config, r.plan, null).judge).toEqual({ url: 'http://127.0.0.1:9/v1', model: 'judge-1', apiKey: 'sk-secret' });
    } finally {
      setJudgeKey(null, '');
    }
    expect(runInputFor(r.config, r.plan, null).judge).toEqual({ url: 'http://127.0.0.1:9/v1', model: 'judge-1' });
  });

  it('sends the key only to the origin it was typed for', async () => {
    const { setJudgeKey } = await import('./judge-key.ts');
    const { runInputFor } = await import('./sweep-runner.ts');
    const base = values({ modelId: 'HuggingFaceTB/SmolLM2-135M-Instruct', tasks: { summarization: 5 }, judgeModel: 'judge-1' });
    const configFor = (judgeUrl: string) => {
      const r = sweepConfigOfSetup({ ...base, judgeUrl });
      if (!r.ok) throw new Error(r.problems.join(' '));
      return r;
    };
    setJudgeKey('sk-secret', 'https://judge.example/v1');
    try {
      const keyFor = (url: string) => {
        const r = configFor(url);
        return runInputFor(r.config, r.plan, null).judge?.apiKey;
      };
      expect(keyFor('https://judge.example/other/path')).toBe('sk-secret');
      // Another host, scheme or port is another origin: no key.
      for (const other of ['https://evil.example/v1', 'http://judge.example/v1', 'https://judge.example:8443/v1', 'https://judge.example.evil.example/v1', 'https://evil.example/v1?u=https://judge.example'])
        expect(keyFor(other)).toBeUndefined();
    } finally {
      setJudgeKey(null, '');
    }
    // A key typed before any endpoint is bound to nothing and sent nowhere.
    setJudgeKey('sk-secret', '');
    try {
      const r = configFor('https://judge.example/v1');
      expect(runInputFor(r.config, r.plan, null).judge?.apiKey).toBeUndefined();
    } finally {
      setJudgeKey(null, '');
    }
  });

  it('strips credentials typed into the judge URL before they enter the config', () => {
    const base = values({ modelId: 'HuggingFaceTB/SmolLM2-135M-Instruct', tasks: { summarization: 5 }, judgeModel: 'judge-1' });
    const r = sweepConfigOfSetup({ ...base, judgeUrl: 'https://bob:hunter2@judge.example/v1?api-version=2024&api_key=SECRET1&token=SECRET2#access_token=SECRET3' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config.judge).toEqual({ url: 'https://judge.example/v1?api-version=2024', model: 'judge-1' });
    expect(JSON.stringify(r.config)).not.toMatch(/hunter2|SECRET|bob/);
  });
});
