// The upstream vocabulary the exported folder is checked against: field names read from the
// llm-compressor, compressed-tensors and lm-evaluation-harness sources at the commits named in the
// file (regenerate with tools/interop/extract_upstream_fields.py).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface UpstreamFields {
  'llm-compressor': { repository: string; commit: string; modifiers: Record<string, string[]> };
  'compressed-tensors': { repository: string; commit: string; QuantizationScheme: string[]; QuantizationArgs: string[] };
  'lm-evaluation-harness': { repository: string; commit: string; TaskConfig: string[]; FewshotConfig: string[]; GroupConfig: string[]; AggMetricConfig: string[] };
}

export function fixturePath(name: string): string {
  return fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
}

export function upstreamFields(): UpstreamFields {
  return JSON.parse(readFileSync(fixturePath('upstream-fields.json'), 'utf8')) as UpstreamFields;
}
