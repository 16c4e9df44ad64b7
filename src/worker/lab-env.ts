import * as ort from 'onnxruntime-web/webgpu';
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
  const webgpuKernels = typeof navigator !== 'undefined' && 'gpu' in navigator && (await navigator.gpu.requestAdapter()) !== null;
  return {
    modelsBaseUrl: `${base}models/`,
    kickworldUrl: `${base}kickworld/suite.json`,
    datasets: { builtin: { kind: 'builtin', baseUrl: `${base}datasets/` }, hub: { kind: 'hub' } },
    ort,
    webgpuKernels,
  };
}
