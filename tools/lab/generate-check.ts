// npm run kick -- --generate: the dense model's greedy continuation of a prompt, with token ids,
// and the same after compressing it as the first point asks, so that an export (and a compression)
// can be checked against the source framework token by token. Runs in the runner page.
import type { Backend } from '../../src/compress/types.ts';
import { compressModel } from '../../src/model/compress/compress-model.ts';
import { createModelSession, type ModelSession } from '../../src/model/evaluate/model-session.ts';
import { SessionLanguageModel } from '../../src/model/evaluate/session-language-model.ts';
import { resolveModel, type ModelSource } from '../../src/model/load/resolve.ts';
import { configGraphProblem } from '../../src/model/weights/config-graph.ts';
import { requireFiniteWeights } from '../../src/model/weights/finite-weights.ts';
import { makePatchable, type PatchableModel } from '../../src/model/weights/patchable.ts';
import { WeightStore } from '../../src/model/weights/weight-store.ts';
import { compressionPointLabel } from '../../src/worker/point-label.ts';
import { calibrationText, calibrationWindows, needsCalibration } from '../../src/worker/lab-calibration.ts';
import type { LabRunConfig } from '../../src/worker/lab-protocol.ts';

/** A lab run's configuration without its tasks: the check runs none. */
export type GenerateCheckConfig = Omit<LabRunConfig, 'tasks'>;
import type { LabEnvironment } from '../../src/worker/lab-run-context.ts';
import type { GenerateCheckReport, GeneratedText } from './runner-protocol.ts';

function sourceOf(config: GenerateCheckConfig, env: LabEnvironment): ModelSource {
  const m = config.model;
  if (m.kind === 'builtin') return { kind: 'url', baseUrl: `${env.modelsBaseUrl}${m.id}/`, name: m.id };
  if (m.kind === 'hub') return { kind: 'hub', id: m.id, revision: m.revision };
  return { kind: 'url', baseUrl: m.baseUrl };
}

async function greedy(session: ModelSession, label: string, prompt: string, maxNewTokens: number): Promise<GeneratedText & { promptIds: number[] }> {
  const lm = new SessionLanguageModel(session, { batchSize: 1 });
  const { promptIds, ids, text } = await lm.generateTokens(prompt, { maxNewTokens, greedy: true });
  return { label, promptIds, ids, text };
}

export async function runGenerateCheck(config: GenerateCheckConfig, env: LabEnvironment, prompt: string, maxNewTokens: number): Promise<GenerateCheckReport> {
  const resolved = env.preloaded ?? (await resolveModel(sourceOf(config, env)));
  const patchable: PatchableModel = makePatchable(resolved.files, resolved.onnxFile);
  const mismatch = configGraphProblem(resolved.config, patchable.index);
  if (mismatch) throw new Error(mismatch);
  requireFiniteWeights(patchable);
  const open = (weights: Uint8Array) => createModelSession(patchable, weights, { files: resolved.files, device: config.device, onnxFile: resolved.onnxFile });

  const dense = await open(patchable.master);
  const device = dense.device;
  let texts: GeneratedText[];
  let promptIds: number[];
  try {
    const first = await greedy(dense, 'dense', prompt, maxNewTokens);
    promptIds = first.promptIds;
    texts = [{ label: first.label, ids: first.ids, text: first.text }];
  } catch (error) {
    await dense.dispose();
    throw error;
  }
  const point = config.points[0];
  if (!point) {
    await dense.dispose();
    return { model: resolved.name, device, prompt, promptIds, texts };
  }
  // The windows are cut with the dense session's tokenizer, as a lab run cuts them.
  const calib = needsCalibration(config) ? calibrationWindows(config, dense, await calibrationText(config, env)) : null;
  await dense.dispose();
  const store = new WeightStore(patchable.master);
  const backend: Backend = config.kernels === 'auto' ? (env.webgpuKernels ? 'webgpu' : 'cpu') : config.kernels;
  await compressModel(patchable, store, {
    spec: point.spec,
    params: point.params,
    backend,
    schedule: { kind: point.schedule },
    calibration: calib ? { windows: calib.windows, mode: config.calibration.mode, runtime: env.ort } : undefined,
  });
  const compressed = await open(store.patched);
  try {
    const made = await greedy(compressed, compressionPointLabel(point), prompt, maxNewTokens);
    texts.push({ label: made.label, ids: made.ids, text: made.text });
  } finally {
    await compressed.dispose();
  }
  return { model: resolved.name, device, prompt, promptIds, texts };
}
