// Compresses every indexed linear weight of a model, decoder layer by decoder layer, into the
// patched copy of a WeightStore. Calibration statistics come from the calibration graph (layer
// inputs exposed as outputs) run with ONNX Runtime:
// - one-shot: all statistics from the dense model. That is the patched copy while nothing is
//   written to it (or the dense bytes themselves where the store holds them in memory); with
//   several calibration passes, the weights of the passes before the last are held aside in the
//   store's spill until the last pass has calibrated, then written in;
// - sequential (the reference pipelines): layer b's inputs are captured from the model whose
//   layers < b are already compressed (the patched bytes), one session per decoder layer.
// Weights are always read dense from the store's dense source, so each is compressed exactly once.
import { compress, recipeNeeds, resolveRecipe } from '../../compress/registry.ts';
import type { Backend, CompressParams, CompressResult, LayerStats, StatName } from '../../compress/types.ts';
import { calibrateCaptures, statsBytes } from '../calibrate/capture-stats.ts';
import { buildCaptureModel, type Capture, type CaptureModel } from '../calibrate/capture-graph.ts';
import { openCaptureSession, type CaptureSession, type OrtRuntime } from '../calibrate/capture-session.ts';
import type { LinearRole, LinearWeight } from '../weights/index-weights.ts';
import { encodeWeight, type WeightStore } from '../weights/weight-store.ts';
import type { WeightSpill } from '../weights/dense-source.ts';
import type { ModelGraph } from '../weights/patchable.ts';
import { layerOutlierRatio, OWL_DEFAULT_LAMBDA, OWL_DEFAULT_M, owlSparsities, uniformSparsities, type LayerSparsities, type SparsitySchedule } from './schedule.ts';

export type CalibrationMode = 'one-shot' | 'sequential';

/** Above this many bytes of statistics, one-shot calibration splits the layers into several passes. */
export const DEFAULT_STATS_BUDGET_BYTES = 1 << 30;

export interface CalibrationConfig {
  /** Token windows (see calibration-text.ts). */
  windows: number[][];
  mode?: CalibrationMode;
  runtime: OrtRuntime;
  executionProviders?: string[];
  /** One-shot only: statistics held at once, in bytes. */
  statsBudgetBytes?: number;
}

export interface CompressModelConfig {
  /** A method or combination, as the registry takes it (wanda, sparsegpt+rtn...). */
  spec: string;
  /** Method parameters; `sparsity` is the target of the schedule. */
  params: CompressParams;
  backend: Backend;
  /** Compress lm_head too (LLM-KICK keeps it dense). */
  includeLmHead?: boolean;
  schedule?: SparsitySchedule;
  /** Required when the method or the schedule needs statistics. */
  calibration?: CalibrationConfig;
  signal?: AbortSignal;
  onProgress?: (progress: CompressProgress) => void;
  /** Every layer's result as `compress` returned it, before it is written. */
  onLayerResult?: (linear: LinearWeight, result: CompressResult) => void;
}

export type CompressStage = 'plan' | 'schedule' | 'calibrate' | 'compress' | 'done';

export interface CompressProgress {
  stage: CompressStage;
  /** Linear weights finished so far, and their number. */
  layer: number;
  total: number;
  /** Whole run, 0..100 (calibration windows and weights as units of work). */
  percent: number;
  module?: string;
  decoderLayer?: number | null;
}

export interface LayerReport {
  module: string;
  role: LinearRole;
  /** Decoder layer, null for lm_head. */
  layer: number | null;
  rows: number;
  cols: number;
  /** Sparsity asked of this layer (the schedule's), null for quantizers. */
  requestedSparsity: number | null;
  achievedSparsity: number;
  bits: number;
  relErr: number;
  ms: number;
  backend: Backend;
}

export interface CompressModelResult {
  reports: LayerReport[];
  /** Per decoder layer; present for pruning recipes. */
  schedule: LayerSparsities | null;
  mode: CalibrationMode | null;
  /** Calibration passes over the windows (one per group of layers, plus OWL's). */
  calibrationPasses: number;
}

export class CompressModelError extends Error {
  override name = 'CompressModelError';
  constructor(
    readonly stage: CompressStage,
    /** Module path of the layer being worked on, or null before any layer. */
    readonly module: string | null,
    readonly decoderLayer: number | null,
    /** Reports of the layers finished before the failure (their weights are in the patched copy, or were held aside and are dropped). */
    readonly reports: LayerReport[],
    cause: unknown,
  ) {
    const where = module ? ` at ${module}` : decoderLayer !== null ? ` at decoder layer ${decoderLayer}` : '';
    super(`${stage} failed${where}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }

  get aborted(): boolean {
    return this.cause instanceof Error && this.cause.name === 'AbortError';
  }
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (!signal?.aborted) return;
  throw signal.reason instanceof Error && signal.reason.name === 'AbortError' ? signal.reason : new DOMException('compression aborted', 'AbortError');
}

/** The weights to compress, in graph order, lm_head last when asked for. */
export function compressionTargets(patchable: ModelGraph, includeLmHead: boolean): LinearWeight[] {
  const layers = patchable.index.linears.filter((l) => l.role !== 'lm_head');
  if (!includeLmHead) return layers;
  const head = patchable.index.lmHead;
  if (!head) throw new Error('the model has no lm_head to compress');
  if (head.sharedWith.length > 0) throw new Error(`lm_head shares its weight with ${head.sharedWith.join(', ')}; compressing it would change the embedding too`);
  return [...layers, head];
}

/** Groups of weights calibrated together: one per decoder layer, lm_head on its own, in order. */
function byDecoderLayer(targets: readonly LinearWeight[]): LinearWeight[][] {
  const groups = new Map<number | null, LinearWeight[]>();
  for (const l of targets) groups.set(l.layer, [...(groups.get(l.layer) ?? []), l]);
  const keys = [...groups.keys()].sort((a, b) => (a ?? Infinity) - (b ?? Infinity));
  return keys.map((k) => groups.get(k)!);
}

/** One-shot passes: consecutive decoder layers whose statistics fit the budget together. */
function packGroups(layers: LinearWeight[][], capture: CaptureModel, needs: readonly StatName[], tokens: number, budget: number): LinearWeight[][] {
  const packed: LinearWeight[][] = [];
  let current: LinearWeight[] = [];
  let bytes = 0;
  for (const group of layers) {
    const captures = new Set(group.map((l) => capture.byModule.get(l.module)!));
    const cost = [...captures].reduce((s, c) => s + statsBytes(c.cols, needs, tokens), 0);
    if (current.length > 0 && bytes + cost > budget) {
      packed.push(current);
      current = [];
      bytes = 0;
    }
    current.push(...group);
    bytes += cost;
  }
  if (current.length > 0) packed.push(current);
  return packed;
}

function capturesFor(capture: CaptureModel, group: readonly LinearWeight[]): Capture[] {
  return [...new Set(group.map((l) => capture.byModule.get(l.module)!))];
}

/**
 * Compresses the model's linear weights into `store.patched`, which must be dense (a new store, or
 * after restoreAll). Stops between layers when `signal` aborts. A failure throws CompressModelError naming the stage and the layer, with the reports of
 * the layers already written.
 */
export async function compressModel(patchable: ModelGraph, store: WeightStore, config: CompressModelConfig): Promise<CompressModelResult> {
  const reports: LayerReport[] = [];
  let stage: CompressStage = 'plan';
  let module: string | null = null;
  let decoderLayer: number | null = null;
  const fail = (cause: unknown): never => {
    throw new CompressModelError(stage, module, decoderLayer, reports, cause);
  };
  let spill = null as WeightSpill | null;
  try {
    return await run();
  } catch (e) {
    return fail(e);
  } finally {
    await spill?.release();
  }

  async function run(): Promise<CompressModelResult> {
    const { backend, signal } = config;
    const recipe = resolveRecipe(config.spec);
    const prunes = recipe.steps[0].kind === 'prune';
    const needs = recipeNeeds(recipe);
    const schedule = config.schedule ?? { kind: 'uniform' };
    const owl = schedule.kind === 'owl';
    if (owl && !prunes) throw new Error(`the OWL schedule sets per-layer sparsity; ${recipe.id} does not prune`);
    const nm = typeof config.params.pattern === 'object' ? config.params.pattern : null;
    if (owl && nm) throw new Error(`the OWL schedule sets unstructured per-layer sparsity; an ${nm.n}:${nm.m} pattern fixes it at ${nm.n}/${nm.m}`);
    const targets = compressionTargets(patchable, config.includeLmHead ?? false);
    if (store.modified.length > 0) throw new Error(`the patched copy is not dense (${store.modified.length} weights written): restore it first`);
    const calib = config.calibration;
    const calibrated = needs.length > 0 || owl;
    if (calibrated && (!calib || calib.windows.length === 0)) {
      throw new Error(`${owl ? 'the OWL schedule' : recipe.id} needs calibration windows (${[...needs, ...(owl ? ['scalerRow'] : [])].join(', ')})`);
    }
    const mode: CalibrationMode | null = calibrated ? (calib!.mode ?? 'sequential') : null;
    const layerGroups = byDecoderLayer(targets);
    const byModule = new Map(targets.map((t) => [t.module, t]));
    const capture = calibrated ? buildCaptureModel(patchable.model, targets) : null;
    const windowTokens = calib ? calib.windows.reduce((s, w) => s + w.length, 0) : 0;
    const groups =
      capture && needs.length > 0
        ? mode === 'sequential'
          ? layerGroups
          : packGroups(layerGroups, capture, needs, windowTokens, calib!.statsBudgetBytes ?? DEFAULT_STATS_BUDGET_BYTES)
        : [targets];
    const passes = (capture && needs.length > 0 ? groups.length : 0) + (owl ? 1 : 0);
    const windowCount = calib?.windows.length ?? 0;
    const totalUnits = targets.length + passes * windowCount;
    let unitsDone = 0;
    const progress = (s: CompressStage, extra: Partial<CompressProgress> = {}): void =>
      config.onProgress?.({ stage: s, layer: reports.length, total: targets.length, percent: totalUnits === 0 ? 100 : (100 * unitsDone) / totalUnits, ...extra });

    const open = (bytes: Uint8Array): Promise<CaptureSession> =>
      openCaptureSession(calib!.runtime, patchable.model, capture!, patchable.externalData(bytes), { executionProviders: calib!.executionProviders });
    // A session holds its own copy of the weights (ORT copies external data in), so it lives only
    // while one group's statistics are collected: never while layers are compressed.
    const calibrate = async (bytes: Uint8Array, captures: Capture[], which: readonly StatName[]): Promise<Map<string, LayerStats>> => {
      const session: CaptureSession = await open(bytes);
      try {
        return await calibrateCaptures(session, captures, {
          backend,
          needs: which,
          windows: calib!.windows,
          signal,
          onWindow: () => {
            unitsDone++;
            progress(stage, { decoderLayer });
          },
        });
      } finally {
        await session.release();
      }
    };

    // Per-decoder-layer sparsity.
    const numLayers = patchable.index.numLayers;
    // N:M prunes n of every m whatever `sparsity` says.
    const target = nm ? nm.n / nm.m : (config.params.sparsity ?? 0);
    let sparsities: LayerSparsities | null = prunes ? uniformSparsities(numLayers, target) : null;
    if (owl) {
      stage = 'schedule';
      // OWL ranks the layers of the dense model: Wanda's norms of every layer in one pass.
      const norms = await calibrate(store.source.inMemory ?? store.patched, capture!.captures, ['scalerRow']);
      const ratios: number[] = [];
      for (let l = 0; l < numLayers; l++) {
        decoderLayer = l;
        const linears = targets.filter((t) => t.layer === l);
        const ratio = layerOutlierRatio(
          await Promise.all(linears.map(async (t) => ({ weight: await store.readDense(t), scalerRow: norms.get(capture!.byModule.get(t.module)!.output)!.scalerRow! }))),
          schedule.m ?? OWL_DEFAULT_M,
        );
        ratios.push(ratio);
      }
      decoderLayer = null;
      sparsities = owlSparsities(ratios, target, schedule.lambda ?? OWL_DEFAULT_LAMBDA);
      progress('schedule');
    }

    // One-shot over several passes on a store without the dense bytes in memory: the patched copy
    // is the dense model the later passes calibrate on, so results wait aside until the last pass.
    const calibrates = capture !== null && needs.length > 0;
    const holdAside = calibrates && mode === 'one-shot' && groups.length > 1 && store.source.inMemory === null;
    if (holdAside) spill = await store.source.openSpill();
    const lastGroup = groups.at(-1);
    for (const group of groups) {
      decoderLayer = group[0].layer;
      let stats = new Map<string, LayerStats>();
      if (calibrates) {
        stage = 'calibrate';
        throwIfAborted(signal);
        // Sequential: the inputs of this group as the layers before it, already compressed, make them.
        stats = await calibrate(mode === 'sequential' ? store.patched : (store.source.inMemory ?? store.patched), capturesFor(capture!, group), needs);
      }
      if (spill && group === lastGroup) {
        // Every pass has calibrated on the dense model: the weights held aside go in now.
        for (const held of spill.modules) store.writeEncoded(byModule.get(held)!, await spill.take(held));
      }
      stage = 'compress';
      for (const linear of group) {
        module = linear.module;
        decoderLayer = linear.layer;
        throwIfAborted(signal);
        // Read before the layer is announced: from the announcement on, the layer is on the kernels.
        const weight = await store.readDense(linear);
        progress('compress', { module, decoderLayer });
        const requested = prunes ? (linear.layer === null ? target : sparsities!.sparsity[linear.layer]) : null;
        const params: CompressParams = requested === null ? config.params : { ...config.params, sparsity: requested };
        const layerStats = capture && needs.length > 0 ? stats.get(capture.byModule.get(linear.module)!.output)! : null;
        const t0 = performance.now();
        const result = await compress(config.spec, weight, layerStats, params, { backend });
        const ms = performance.now() - t0;
        config.onLayerResult?.(linear, result);
        const compressed = { data: result.weight, rows: weight.rows, cols: weight.cols };
        if (spill && group !== lastGroup) await spill.put(linear.module, encodeWeight(linear, compressed));
        else store.write(linear, compressed);
        reports.push({
          module: linear.module,
          role: linear.role,
          layer: linear.layer,
          rows: weight.rows,
          cols: weight.cols,
          requestedSparsity: requested,
          achievedSparsity: result.report.sparsity,
          bits: result.report.bits,
          relErr: result.report.relErr,
          ms,
          backend: result.report.backend,
        });
        unitsDone++;
        module = null;
      }
      // The statistics of this group are dropped here, before the next group's are collected.
      stats.clear();
    }
    stage = 'done';
    decoderLayer = null;
    progress('done', { percent: 100 });
    return { reports, schedule: sparsities, mode, calibrationPasses: passes };
  }
}
