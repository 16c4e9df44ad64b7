// What the app serves of LLM-KICK's evaluation data (public/datasets/): which fixture files are
// copied from ../shared/datasets, how each is stored, and the manifest that names them.
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { BUILTIN_MANIFEST_ID, type BuiltinManifest } from '../../src/tasks/datasets/builtin-files.ts';
import { FIXTURE_FILES } from '../../src/tasks/datasets/sources.ts';

/**
 * Every file a loader reads: the evaluation splits the reference uses (FreebaseQA eval, MMLU dev
 * and test, TriviaQA rc validation closed-book, the CNN stories and Vicuna-bench tables, WikiText-2
 * test) and the C4 calibration sample. FreebaseQA dev and WikiText-2 valid are read by nothing.
 */
export const BUILTIN_FILES: readonly string[] = Object.values(FIXTURE_FILES);

/** Files above this size are stored gzipped; smaller ones stay readable as they are. */
export const GZIP_ABOVE_BYTES = 32 * 1024;

export interface StoredFile {
  path: string;
  stored: string;
  bytes: Uint8Array;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The stored form of one file: as it is, or gzipped (level 9, no name or time, so reruns give the same bytes). */
export function storeFile(path: string, content: Uint8Array): StoredFile {
  if (content.length <= GZIP_ABOVE_BYTES) return { path, stored: path, bytes: content };
  return { path, stored: `${path}.gz`, bytes: new Uint8Array(gzipSync(content, { level: 9 })) };
}

export function manifestOf(files: { path: string; content: Uint8Array; stored: StoredFile }[]): BuiltinManifest {
  return {
    schema: BUILTIN_MANIFEST_ID,
    version: 1,
    files: files.map((f) => ({ path: f.path, stored: f.stored.stored, sha256: sha256Hex(f.content), bytes: f.content.length, storedBytes: f.stored.bytes.length })),
  };
}
