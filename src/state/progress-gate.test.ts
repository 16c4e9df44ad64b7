import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LabProgress } from '../worker/lab-protocol.ts';
import { ProgressGate } from './progress-gate.ts';

const progress = (point: number, stage: LabProgress['stage'], percent: number): LabProgress => ({ point, label: `p${point}`, stage, detail: '', percent, etaMs: null });

describe('progress gate', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('passes new points and stages at once, thins the rest, and never loses the latest', () => {
    const gate = new ProgressGate(150, () => Date.now());
    const seen: string[] = [];
    const apply = (p: LabProgress) => seen.push(`${p.point}:${p.stage}:${p.percent}`);
    gate.offer(progress(0, 'evaluate', 1), apply);
    for (let i = 2; i <= 50; i++) gate.offer(progress(0, 'evaluate', i), apply);
    expect(seen).toEqual(['0:evaluate:1']);
    vi.advanceTimersByTime(150);
    expect(seen).toEqual(['0:evaluate:1', '0:evaluate:50']);
    gate.offer(progress(0, 'evaluate', 51), apply);
    gate.offer(progress(1, 'compress', 0), apply); // a new point passes at once, replacing the held one
    expect(seen.slice(-1)).toEqual(['1:compress:0']);
    vi.advanceTimersByTime(1000);
    expect(seen).toEqual(['0:evaluate:1', '0:evaluate:50', '1:compress:0']);
    gate.offer(progress(1, 'compress', 10), apply);
    gate.offer(progress(1, 'compress', 20), apply);
    gate.flush();
    expect(seen.slice(-2)).toEqual(['1:compress:10', '1:compress:20']);
  });
});
