import { describe, expect, it } from 'vitest';
import { examplesToJsonl, parseCsv, RECORD_VERSION, recordFromJson, RecordFormatError, recordToCsv, recordToJson, runRecordSchema, validateRecord, type RunRecord } from './record.ts';
import { taskScoresOf } from './record-scores.ts';
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
    scores: [await taskScoresOf(mcr)],
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
    expect(Number(col(rows[1], 'kick_low'))).toBe(rec.scores[0].kick.interval!.low);
    expect(Number(col(rows[1], 'strict_high'))).toBe(rec.scores[0].strict.interval!.high);
    expect(col(rows[2], 'kick_low')).toBe('');
    expect(rows.every((r) => r.length === header.length)).toBe(true);
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
    expect(bad((r) => (r.version = 3))).toThrow(RecordFormatError);
    expect(bad((r) => (r.version = 3))).toThrow(/at version/);
    expect(bad((r) => delete (r.model as Record<string, unknown>).dtype)).toThrow(/at model.dtype/);
    expect(bad((r) => ((r.suite as Record<string, unknown>[])[0].idsHash = 'xyz'))).toThrow(/SHA-256/);
    expect(bad((r) => ((r.scores as { kick: { rule: string } }[])[0].kick.rule = 'strict'))).toThrow(/kick score must carry rule "kick"/);
    expect(bad((r) => ((r.judge as Record<string, unknown>).apiKey = 'sk-secret'))).toThrow(/at judge/);
    expect(bad((r) => (r.suite = []))).toThrow(/task mcr has scores but no suite entry/);
    expect(bad((r) => ((r.scores as { kick: { value: number } }[])[0].kick.value = Number.NaN))).toThrow(/scores.0.kick.value/);
    expect(() => recordFromJson('{not json')).toThrow('run record is not JSON');
    expect(runRecordSchema.safeParse({}).success).toBe(false);
  });

  it('carries each score\'s interval and the outcomes it is computed from', async () => {
    const rec = await sampleRecord();
    const mcr = rec.scores[0];
    expect(mcr.outcomes).toHaveLength(4);
    for (const o of mcr.outcomes) expect(o.promptHash).toMatch(/^[0-9a-f]{64}$/);
    expect(mcr.outcomes[0].targets).toHaveLength(1);
    const right = mcr.outcomes.filter((o) => o.kick === 1).length;
    // Wilson's interval, recomputed by hand from the outcomes.
    const n = mcr.outcomes.length;
    const p = right / n;
    const z = 1.959963984540054;
    const centre = (p + (z * z) / (2 * n)) / (1 + (z * z) / n);
    const half = (z / (1 + (z * z) / n)) * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
    expect(mcr.kick.interval!.method).toBe('wilson');
    expect(mcr.kick.interval!.estimate).toBeCloseTo(mcr.kick.value!, 12);
    expect(mcr.kick.interval!.low).toBeCloseTo(Math.max(0, centre - half), 12);
    expect(mcr.kick.interval!.high).toBeCloseTo(Math.min(1, centre + half), 12);
  });

  it('opens version 1 records, their intervals unknown', async () => {
    const rec = await sampleRecord();
    const v1 = structuredClone(rec) as unknown as { version: number; scores: Record<string, unknown>[] };
    v1.version = 1;
    for (const s of v1.scores) {
      delete s.outcomes;
      delete (s.kick as Record<string, unknown>).interval;
      delete (s.strict as Record<string, unknown>).interval;
    }
    const opened = validateRecord(v1);
    expect(opened.version).toBe(RECORD_VERSION);
    expect(opened.scores[0].kick.interval).toBeNull();
    expect(opened.scores[0].outcomes).toEqual([]);
    expect(opened.scores[0].kick.value).toBe(rec.scores[0].kick.value);
  });

  it("keeps each data set file's SHA-256 with its suite entry, and opens records written without them", async () => {
    const rec = await sampleRecord();
    const hashed: RunRecord = { ...rec, suite: [{ ...rec.suite[0], files: [{ path: 'mmlu/test.jsonl', sha256: 'b'.repeat(64) }, { path: 'mmlu/dev.jsonl', sha256: 'c'.repeat(64) }] }] };
    expect(recordFromJson(recordToJson(hashed)).suite[0].files).toEqual(hashed.suite[0].files);
    expect(validateRecord(rec).suite[0].files).toBeUndefined();
    const bad = { ...rec, suite: [{ ...rec.suite[0], files: [{ path: 'mmlu/test.jsonl', sha256: 'XYZ' }] }] };
    expect(() => validateRecord(bad)).toThrow(/suite\.0\.files\.0\.sha256: a file hash is 64 lowercase hex characters/);
  });
});
