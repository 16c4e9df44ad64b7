// Writes a model's files to a folder (Node only; the builders stay importable in the browser).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { RepoFiles } from './tiny-models.ts';

export function writeRepo(dir: string, files: RepoFiles): void {
  for (const [rel, bytes] of files) {
    const path = join(dir, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, bytes);
  }
}
