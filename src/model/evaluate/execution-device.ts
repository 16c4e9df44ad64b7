// Which ONNX Runtime execution provider evaluates the model: WebGPU when a real adapter exists,
// the wasm EP otherwise (a fallback adapter is a CPU emulation, far slower than wasm); the user
// may force either. The run records the choice and why.

export type RuntimeDevice = 'wasm' | 'webgpu';
export type DevicePreference = RuntimeDevice | 'auto';

export interface DeviceChoice {
  device: RuntimeDevice;
  reason: string;
}

/** The part of `navigator.gpu` the choice needs (a parameter so tests can stand in for it). */
export interface AdapterSource {
  requestAdapter(options?: GPURequestAdapterOptions): Promise<GPUAdapter | null>;
}

function isFallback(adapter: GPUAdapter): boolean {
  // Chrome moved the flag from the adapter to adapter.info; read both.
  const info = (adapter as { info?: { isFallbackAdapter?: boolean } }).info;
  return Boolean(info?.isFallbackAdapter ?? (adapter as { isFallbackAdapter?: boolean }).isFallbackAdapter);
}

export function defaultAdapterSource(): AdapterSource | null {
  return typeof navigator !== 'undefined' && 'gpu' in navigator && navigator.gpu ? navigator.gpu : null;
}

export async function chooseDevice(preference: DevicePreference = 'auto', gpu: AdapterSource | null = defaultAdapterSource()): Promise<DeviceChoice> {
  if (preference === 'wasm') return { device: 'wasm', reason: 'chosen by the user' };
  if (preference === 'webgpu') {
    if (!gpu) throw new Error('WebGPU was requested but this browser has no navigator.gpu');
    return { device: 'webgpu', reason: 'chosen by the user' };
  }
  if (!gpu) return { device: 'wasm', reason: 'no WebGPU in this browser' };
  let adapter: GPUAdapter | null = null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch {
    adapter = null;
  }
  if (!adapter) return { device: 'wasm', reason: 'no WebGPU adapter' };
  if (isFallback(adapter)) return { device: 'wasm', reason: 'the WebGPU adapter is a fallback (CPU) adapter' };
  return { device: 'webgpu', reason: 'a hardware WebGPU adapter' };
}
