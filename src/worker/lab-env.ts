import * as ort from 'onnxruntime-web/webgpu';
import { chooseDevice } from '../model/evaluate/execution-device.ts';
import { configureWasmEnv } from '../model/evaluate/ort-assets.ts';
import type { LabEnvironment } from './lab-run-context.ts';

/**
 * The lab's environment in a page or worker of the app: built-in files (models, KICK-world,
 * LLM-KICK's data sets) from the app's own origin, the data sets also from the Hugging Face
 * datasets API, ONNX Runtime from the app's files, on as many threads as the page allows.
 */
export async function browserLabEnvironment(base = '/'): Promise<LabEnvironment> {
  // ORT's files and its thread count, before the first session (calibration or evaluation).
  await configureWasmEnv(ort.env.wasm);
  // 'auto' kernels go where 'auto' evaluation goes: on a fallback adapter (a CPU emulation) the
  // TypeScript twins compress several times faster than the kernels (kick-tiny's magnitude 50%
  // in 0.5 s against 2.1 s on SwiftShader).
  const webgpuKernels = (await chooseDevice('auto')).device === 'webgpu';
  return {
    modelsBaseUrl: `${base}models/`,
    kickworldUrl: `${base}kickworld/suite.json`,
    datasets: { builtin: { kind: 'builtin', baseUrl: `${base}datasets/` }, hub: { kind: 'hub' } },
    ort,
    webgpuKernels,
  };
}
