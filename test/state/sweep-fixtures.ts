// Test support: sweeps built in code in the shape of real runs, with made-up numbers (not
// kick-tiny's; the app's examples are recorded runs, public/examples/). Every score is computed
// from the per-example records it carries, as a task does.
import { perplexityOf } from '../../src/stats/bootstrap.ts';
import { withDrops } from '../../src/tasks/paired-drops.ts';
import { RECORD_VERSION, type Outcome, type RunRecord } from '../../src/tasks/record.ts';
import { intervalOfValues, perplexityInterval, ruleValues } from '../../src/tasks/record-scores.ts';
import type { TaskId } from '../../src/tasks/result.ts';
import {
  planPoints,
  pointKey,
  SWEEP_SCHEMA_ID,
  SWEEP_VERSION,
  validateSweep,
  type LayerReport,
  type PointSpec,
  type Sweep,
  type SweepConfig,
  type SweepPoint,
  type TaskExamples,
} from '../../src/state/sweep.ts';

const CREATED = '2026-11-29T01:00:00.000Z';
const HASH = (c: string) => c.repeat(64);

/** kick-tiny: 4 Llama blocks, hidden 256, MLP 688. */
const KICK_TINY_LAYERS: Array<{ role: string; module: string; shape: [number, number] }> = [
  { role: 'q', module: 'self_attn.q_proj', shape: [256, 256] },
  { role: 'k', module: 'self_attn.k_proj', shape: [256, 256] },
  { role: 'v', module: 'self_attn.v_proj', shape: [256, 256] },
  { role: 'o', module: 'self_attn.o_proj', shape: [256, 256] },
  { role: 'gate', module: 'mlp.gate_proj', shape: [688, 256] },
  { role: 'up', module: 'mlp.up_proj', shape: [688, 256] },
  { role: 'down', module: 'mlp.down_proj', shape: [256, 688] },
];

export function paperFindingConfig(): SweepConfig {
  return {
    model: { id: 'kick-tiny', revision: 'main', dtype: 'fp32' },
    methods: [
      { id: 'magnitude', params: {} },
      { id: 'wanda', params: {} },
    ],
    sparsities: [0, 0.3, 0.5, 0.7],
    patterns: [],
    bits: [],
    tasks: [
      { task: 'factoid', size: 20 },
      { task: 'icr_open', size: 20 },
      { task: 'perplexity', size: 'full' },
    ],
    calibration: { dataset: 'kickworld-corpus', samples: 16, seqLen: 128, seed: 0, mode: 'one-shot' },
    device: 'auto',
    seed: 1234,
    judge: null,
  };
}

/** How many of `size` examples a point answers correctly, by task, method and level. */
type HitTable = Record<string, Partial<Record<TaskId, number>>>;

const PAPER_HITS: HitTable = {
  dense: { factoid: 12, icr_open: 16 },
  'magnitude|s=0.3': { factoid: 10, icr_open: 16 },
  'magnitude|s=0.5': { factoid: 6, icr_open: 14 },
  'magnitude|s=0.7': { factoid: 1, icr_open: 9 },
  'wanda|s=0.3': { factoid: 12, icr_open: 16 },
  'wanda|s=0.5': { factoid: 9, icr_open: 15 },
  'wanda|s=0.7': { factoid: 3, icr_open: 12 },
};

const PAPER_PPL: Record<string, number> = {
  dense: 8.214,
  'magnitude|s=0.3': 8.9,
  'magnitude|s=0.5': 13.75,
  'magnitude|s=0.7': 96.3,
  'wanda|s=0.3': 8.41,
  'wanda|s=0.5': 10.2,
  'wanda|s=0.7': 31.8,
};

/** The paper's finding on kick-tiny: magnitude and wanda at 0/30/50/70%, factoid vs open-book ICR vs perplexity. */
export function paperFindingSweep(): Sweep {
  return buildSweep('fixture-paper-finding', 'kick-tiny: magnitude vs wanda', paperFindingConfig(), PAPER_HITS, PAPER_PPL);
}

export function quantSweepConfig(): SweepConfig {
  return {
    ...paperFindingConfig(),
    methods: [
      { id: 'rtn', params: { group: 128, sym: false } },
      { id: 'gptq', params: { group: 128, sym: false, damp: 0.01 } },
      { id: 'wanda', params: {} },
    ],
    sparsities: [],
    patterns: ['2:4'],
    bits: [8, 4, 3],
    calibration: { dataset: 'kickworld-corpus', samples: 16, seqLen: 128, seed: 0, mode: 'sequential' },
  };
}

const QUANT_HITS: HitTable = {
  dense: { factoid: 12, icr_open: 16 },
  'rtn|b=8': { factoid: 12, icr_open: 16 },
  'rtn|b=4': { factoid: 11, icr_open: 16 },
  'rtn|b=3': { factoid: 7, icr_open: 13 },
  'gptq|b=8': { factoid: 12, icr_open: 16 },
  'gptq|b=4': { factoid: 12, icr_open: 16 },
  'gptq|b=3': { factoid: 10, icr_open: 15 },
  'wanda|nm=2:4': { factoid: 5, icr_open: 13 },
};

const QUANT_PPL: Record<string, number> = {
  dense: 8.214,
  'rtn|b=8': 8.215,
  'rtn|b=4': 8.6,
  'rtn|b=3': 11.9,
  'gptq|b=8': 8.214,
  'gptq|b=4': 8.39,
  'gptq|b=3': 9.7,
  'wanda|nm=2:4': 14.6,
};

/** Quantizers over bit widths and wanda 2:4, on the same tasks. */
export function quantSweep(): Sweep {
  return buildSweep('fixture-quant', 'kick-tiny: rtn vs gptq, wanda 2:4', quantSweepConfig(), QUANT_HITS, QUANT_PPL);
}

/** A sweep cut after `finished` points, still running: what history stores for a resumable run. */
export function unfinishedSweep(finished: number): Sweep {
  const full = paperFindingSweep();
  return validateSweep({ ...full, id: `fixture-unfinished-${finished}`, status: 'running', points: full.points.slice(0, finished) });
}

/** A sweep whose texts try to inject markup and script URLs: views must show them as text. */
export function hostileSweep(): Sweep {
  const s = paperFindingSweep();
  const evil = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">';
  s.id = 'fixture-hostile';
  s.name = `hostile ${evil}`;
  s.config.model.id = `kick-tiny ${evil}`;
  for (const p of s.points) {
    p.record.model.id = `kick-tiny ${evil}`;
    for (const t of p.examples) {
      t.examples[0].prompt = `javascript:window.__pwned=3 ${evil}`;
      t.examples[0].output = `<a href="javascript:window.__pwned=4">click</a> ${evil}`;
    }
  }
  return validateSweep(s);
}

function buildSweep(id: string, name: string, config: SweepConfig, hits: HitTable, ppl: Record<string, number>): Sweep {
  const points = planPoints(config).map((spec, i) => buildPoint(config, spec, hits, ppl, i));
  // Compressed points carry their paired drop from dense, as the runner records them.
  const dense = points.find((p) => p.spec.method === 'dense');
  if (dense) for (const p of points) if (p !== dense) p.record = withDrops(p.record, dense.record);
  return validateSweep({
    schema: SWEEP_SCHEMA_ID,
    version: SWEEP_VERSION,
    id,
    name,
    createdAt: CREATED,
    updatedAt: stamp(points.length),
    status: 'finished',
    error: null,
    config,
    points,
  });
}

function stamp(minutes: number): string {
  return new Date(Date.parse(CREATED) + minutes * 60_000).toISOString();
}

function buildPoint(config: SweepConfig, spec: PointSpec, hits: HitTable, ppl: Record<string, number>, index: number): SweepPoint {
  const key = pointKey(spec);
  const examples: TaskExamples[] = [];
  const scores: RunRecord['scores'] = [];
  for (const { task, size } of config.tasks) {
    if (task === 'perplexity') continue;
    const n = size === 'full' ? 20 : size;
    const hit = hits[key]?.[task] ?? 0;
    const ex = fixtureExamples(task, n, hit, key);
    examples.push({ task, examples: ex });
    // The strict rule is harsher on free text: one fewer hit where any were made.
    const strictHit = Math.max(0, hit - (task === 'icr_open' ? 1 : 0));
    // Prompt hashes stand in for SHA-256: fixed 64-hex strings per example, equal across points.
    const outcomes: Outcome[] = ex.map((e, i) => ({ id: e.id, promptHash: HASH('0123456789abcdef'[i % 16]), output: e.output, targets: [`answer ${i}`], kick: e.scores.kick, strict: e.scores.strict }));
    scores.push({
      task,
      dataset: task === 'factoid' ? 'kickworld-factoid' : 'kickworld-icr',
      kick: { rule: 'kick', label: 'fixture kick rule', value: hit / n, count: n, interval: intervalOfValues(ruleValues(outcomes, 'kick')) },
      strict: { rule: 'strict', label: 'fixture strict rule', value: strictHit / n, count: n, interval: intervalOfValues(ruleValues(outcomes, 'strict')) },
      outcomes,
      metrics: task === 'icr_open' ? { f1: round4((hit + 0.5) / (n + 1)) } : {},
      groups: [],
      skipped: { empty: 0, oversized: 0, noContext: 0 },
      truncated: 0,
      timingMs: 1000 + index * 10,
    });
  }
  // Nine windows of 127 scored tokens whose NLLs spread +-2% around the point's perplexity.
  const windows = ppl[key] === undefined ? [] : Array.from({ length: 9 }, (_, i) => ({ nll: Math.log(ppl[key]) * 127 * (1 + 0.02 * ((i % 3) - 1)), tokens: 127 }));
  const perplexity = windows.length ? perplexityOf(windows) : null;
  if (config.tasks.some((t) => t.task === 'perplexity')) {
    const label = 'exp(mean NLL), windows of 128 tokens, stride = window';
    const interval = perplexityInterval(windows);
    scores.push({
      task: 'perplexity',
      dataset: 'kickworld-corpus',
      kick: { rule: 'kick', label, value: perplexity, count: windows.length, interval },
      strict: { rule: 'strict', label: `${label} (same rule: no known bug)`, value: perplexity, count: windows.length, interval },
      outcomes: [],
      windows,
      metrics: { window: 128 },
      groups: [],
      skipped: { empty: 0, oversized: 0, noContext: 0 },
      truncated: 0,
      timingMs: 500,
    });
  }
  const params: Record<string, number | string | boolean | null> = { ...(config.methods.find((m) => m.id === spec.method)?.params ?? {}) };
  if (spec.sparsity !== null) params.sparsity = spec.sparsity;
  if (spec.pattern !== null) params.pattern = spec.pattern;
  if (spec.bits !== null) params.bits = spec.bits;
  const record: RunRecord = {
    schema: 'kick-lab/run-record',
    version: RECORD_VERSION,
    createdAt: stamp(index + 1),
    appVersion: '0.1.0',
    model: { ...config.model },
    device: { backend: 'wasm' },
    method: { id: spec.method, params },
    calibration: spec.method === 'dense' || spec.method === 'magnitude' || spec.method === 'rtn' ? null : config.calibration,
    judge: null,
    suite: config.tasks.map(({ task, size }, i) => ({
      task,
      dataset: task === 'factoid' ? 'kickworld-factoid' : task === 'icr_open' ? 'kickworld-icr' : 'kickworld-corpus',
      source: 'builtin:kickworld',
      revision: 'v1',
      size,
      seed: config.seed,
      idsHash: HASH('abcdef0123456789'[i % 16]),
      count: size === 'full' ? 1 : size,
    })),
    scores,
    perplexity,
    timings: { totalMs: 4000 + index * 100, compressMs: spec.method === 'dense' ? undefined : 300 + index, calibrateMs: undefined },
  };
  if (record.timings.compressMs === undefined) delete record.timings.compressMs;
  delete record.timings.calibrateMs;
  return { key, spec, record, layers: fixtureLayers(spec, index), examples, finishedAt: stamp(index + 1) };
}

function fixtureExamples(task: TaskId, n: number, hits: number, key: string) {
  return Array.from({ length: n }, (_, i) => {
    const right = i < hits;
    const answer = `answer ${i}`;
    return {
      id: `${task}-${i}`,
      prompt: task === 'factoid' ? `Question: What is fact ${i} of Kickworld?\nAnswer:` : `Evidence: fact ${i} is ${answer}.\nQuestion: What is fact ${i}?\nAnswer:`,
      output: right ? ` ${answer}` : ` something else (${key})`,
      scores: { kick: right ? 1 : 0, strict: right && !(task === 'icr_open' && i === hits - 1) ? 1 : 0 },
    };
  });
}

/** Achieved sparsity near the target (magnitude exact per layer, wanda per row), error growing with level. */
function fixtureLayers(spec: PointSpec, index: number): LayerReport[] {
  if (spec.method === 'dense') return [];
  const target = spec.sparsity ?? (spec.pattern ? 0.5 : 0);
  const bits = spec.bits ?? 32;
  const out: LayerReport[] = [];
  for (let layer = 0; layer < 4; layer++) {
    for (const [j, l] of KICK_TINY_LAYERS.entries()) {
      const numel = l.shape[0] * l.shape[1];
      const pruned = Math.floor(numel * target) + (target > 0 && spec.method === 'magnitude' ? 1 : 0);
      const quantErr = bits < 32 ? 2 ** -(bits - 1) : 0;
      out.push({
        module: `model.layers.${layer}.${l.module}`,
        role: l.role,
        layer,
        shape: l.shape,
        sparsity: pruned / numel,
        bits,
        relErr: round4(Math.sqrt(target) * (spec.method === 'magnitude' ? 0.62 : 0.55) + quantErr + 0.003 * layer + 0.001 * j),
        ms: 5 + j + layer + index,
      });
    }
  }
  return out;
}

function round4(v: number): number {
  return Math.round(v * 1e4) / 1e4;
}
