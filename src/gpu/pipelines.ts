import type { Gpu } from './device.ts';

type Constants = Record<string, number>;

// Pipelines are keyed by device, WGSL source, entry point and override constants: compiling a
// compute pipeline costs milliseconds, and a model compression dispatches the same few hundreds of times.
const cache = new WeakMap<GPUDevice, Map<string, GPUComputePipeline>>();
const modules = new WeakMap<GPUDevice, Map<string, GPUShaderModule>>();

function shaderModule(device: GPUDevice, code: string, label?: string): GPUShaderModule {
  let perDevice = modules.get(device);
  if (!perDevice) modules.set(device, (perDevice = new Map()));
  let module = perDevice.get(code);
  if (!module) {
    module = device.createShaderModule({ code, label });
    perDevice.set(code, module);
  }
  return module;
}

export function computePipeline(
  gpu: Gpu,
  code: string,
  entryPoint = 'main',
  constants: Constants = {},
  label?: string,
): GPUComputePipeline {
  const { device } = gpu;
  let perDevice = cache.get(device);
  if (!perDevice) cache.set(device, (perDevice = new Map()));
  const key = `${entryPoint}|${JSON.stringify(constants)}|${code}`;
  let pipeline = perDevice.get(key);
  if (!pipeline) {
    pipeline = device.createComputePipeline({
      layout: 'auto',
      label: label ?? entryPoint,
      compute: { module: shaderModule(device, code, label), entryPoint, constants },
    });
    perDevice.set(key, pipeline);
  }
  return pipeline;
}

export function pipelineCacheSize(gpu: Gpu): number {
  return cache.get(gpu.device)?.size ?? 0;
}
