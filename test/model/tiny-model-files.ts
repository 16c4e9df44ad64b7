// Test fixture for the runtime in the browser: test/models' tiny Llama, built in the page.
import { buildTinyModel } from '../models/tiny-models.ts';

export function tinyLlamaFiles(seed: number): Map<string, Uint8Array> {
  return buildTinyModel('llama', { seed });
}
