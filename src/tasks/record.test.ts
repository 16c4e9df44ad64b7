import { describe, expect, it } from 'vitest';
import { examplesToJsonl, parseCsv, RECORD_VERSION, recordFromJson, RecordFormatError, recordToCsv, recordToJson, runRecordSchema, taskScoresOf, validateRecord, type RunRecord } from './record.ts';
import { runMcr } from './mcr.ts';
import { ScriptedModel } from '../../test/tasks/scripted-model.ts';
import { tinyMmluDev, tinyMmluTest } from '../../test/servers/tiny-fixtures.ts';
import type { MmluRecord } from './datasets/schemas.ts';

async function sampleRecord(): Promise<RunRecord> {
  const m = new ScriptedModel({ reply: () => ' B', score: (_c, cont) => (cont === ' B' ? 0 : -1) });
  const mcr = await runMcr(m, tinyMmluTest as MmluRecord[], tinyMmluDev as MmluRecord[]);
  return {
    schema: 'kick-lab/run-record',
    version: RECORD_VERSION,
    createdAt: '2026-11-29T01:00:00.000Z',
    appVersion: '0.1.0',
    model: { id: 'kick-tiny', revision: 'main', dtype: 'fp32' },
    device: { backend: 'wasm' },
    method: { id: 'wanda', params: { sparsity: 0.5, pattern: '2:4', sequential: true } },
    calibration: { dataset: 'c4', samples: 128, seqLen: 2048, seed: 0, mode: 'sequential' },
    judge: { url: 'http://127.0.0.1:1/v1/chat/completions', model: 'judge' },
    suite: [{ task: 'mcr', dataset: 'mmlu', source: 'folder:fixtures', revision: 'fixtures', size: 'full', seed: 0, idsHash: 'a'.repeat(64), count: 4 }],
    scores: [taskScoresOf(mcr)],
    perplexity: 12.5,
    timings: { totalMs: 1234, compressMs: 100 },
  };
}

describe('results record', () => {
  it('round-trips through JSON unchanged', async () => {
    const rec = await sampleRecord();
    const back = recordFromJson(recordToJson(rec));
    expect(back).toEqual(rec);
    expect(back.scores[0].groups.map((g) => g.name)).toEqual(['abstract_algebra', 'world_religions', 'STEM', 'humanities']);
  });

  it('exports CSV with one row per task and per group, quoted per RFC 4180', async () => {
    const rec = await sampleRecord();
    const rows = parseCsv(recordToCsv(rec));
    expect(rows[0][0]).toBe('model_id');
    expect(rows).toHaveLength(1 + 1 + 4);
    const header = rows[0];
    const col = (r: string[], name: string) => r[header.indexOf(name)];
    expect(col(rows[1], 'level')).toBe('task');
    expect(Number(col(rows[1], 'kick'))).toBe(rec.scores[0].kick.value);
    expect(JSON.parse(col(rows[1], 'method_params'))).toEqual(rec.method.params);
    expect(col(rows[2], 'group')).toBe('abstract_algebra');
    expect(col(rows[1], 'ids_hash')).toBe('a'.repeat(64));
  });

  it('exports every example record as JSON lines', async () => {
    const m = new ScriptedModel({ reply: () => ' B', score: () => 0 });
    const mcr = await runMcr(m, tinyMmluTest as MmluRecord[], tinyMmluDev as MmluRecord[]);
    const lines = examplesToJsonl([mcr]).trimEnd().split('\n').map((l) => JSON.parse(l) as { task: string; prompt: string; output: string; scores: Record<string, number> });
    expect(lines).toHaveLength(4);
    expect(lines[0].task).toBe('mcr');
    expect(lines[0].prompt).toBe(mcr.examples[0].prompt);
    expect(lines[0].output).toBe(' B');
    expect(lines[0].scores.kick).toBe(1);
  });

  it('rejects malformed records with the path of the problem', async () => {
    const rec = await sampleRecord();
    const bad = (mutate: (r: Record<string, unknown>) => void) => {
      const copy = structuredClone(rec) as unknown as Record<string, unknown>;
      mutate(copy);
      return () => validateRecord(copy);
    };
    expect(bad((r) => (r.version = 2))).toThrow(RecordFormatError);
    expect(bad((r) => (r.version = 2))).toThrow(/at version/);
    expect(bad((r) => delete (r.model as Record<string, unknown>).dtype)).toThrow(/at model.dtype/);
    expect(bad((r) => ((r.suite as Record<string, unknown>[])[0].idsHash = 'xyz'))).toThrow(/SHA-256/);
    expect(bad((r) => ((r.scores as { kick: { rule: string } }[])[0].kick.rule = 'strict'))).toThrow(/kick score must carry rule "kick"/);
    expect(bad((r) => ((r.judge as Record<string, unknown>).apiKey = 'sk-secret'))).toThrow(/at judge/);
    expect(bad((r) => (r.suite = []))).toThrow(/task mcr has scores but no suite entry/);
    expect(bad((r) => ((r.scores as { kick: { value: number } }[])[0].kick.value = Number.NaN))).toThrow(/scores.0.kick.value/);
    expect(() => recordFromJson('{not json')).toThrow('run record is not JSON');
    expect(runRecordSchema.safeParse({}).success).toBe(false);
  });
});
