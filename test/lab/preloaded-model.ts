// A lab run's model already in memory (LabEnvironment.preloaded): files built by a test, no download.
import type { ResolvedModel } from '../../src/model/load/resolve.ts';

export function preloadedModel(name: string, files: Map<string, Uint8Array>, onnxFile = 'onnx/model.onnx'): ResolvedModel {
  const config = JSON.parse(new TextDecoder().decode(files.get('config.json'))) as Record<string, unknown>;
  return {
    name,
    revision: null,
    sha: null,
    modelType: String(config.model_type),
    config,
    onnxFile,
    dtype: 'fp32',
    dataFiles: files.has(`${onnxFile}_data`) ? [`${onnxFile}_data`] : [],
    files,
    totalBytes: [...files.values()].reduce((n, f) => n + f.byteLength, 0),
  };
}
