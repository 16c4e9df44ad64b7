import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { builtinManifestSchema } from '../../src/tasks/datasets/builtin-files.ts';
import { GZIP_ABOVE_BYTES, manifestOf, sha256Hex, storeFile } from './built-in-copy.ts';

const text = (n: number) => new TextEncoder().encode('{"text":"a line of text"}\n'.repeat(Math.ceil(n / 26)).slice(0, n));

describe('the built-in copy of the data sets', () => {
  it('keeps small files as they are and gzips large ones, the same bytes on every run', () => {
    const small = text(GZIP_ABOVE_BYTES);
    expect(storeFile('x/small.jsonl', small)).toEqual({ path: 'x/small.jsonl', stored: 'x/small.jsonl', bytes: small });
    const large = text(GZIP_ABOVE_BYTES + 1);
    const stored = storeFile('x/large.jsonl', large);
    expect(stored.stored).toBe('x/large.jsonl.gz');
    expect(stored.bytes.length).toBeLessThan(large.length / 10);
    expect(new Uint8Array(gunzipSync(stored.bytes))).toEqual(large);
    expect(storeFile('x/large.jsonl', large).bytes).toEqual(stored.bytes);
  });

  it('writes a manifest the app accepts, hashing the uncompressed bytes', () => {
    const content = text(40_000);
    const manifest = manifestOf([{ path: 'c4/sample.jsonl', content, stored: storeFile('c4/sample.jsonl', content) }]);
    expect(builtinManifestSchema.parse(manifest)).toEqual(manifest);
    expect(manifest.files[0]).toMatchObject({ path: 'c4/sample.jsonl', stored: 'c4/sample.jsonl.gz', sha256: sha256Hex(content), bytes: 40_000 });
  });
});
