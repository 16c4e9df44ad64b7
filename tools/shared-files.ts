// Locates the workplace's shared test data (golden outputs, data sets) beside the checkout.
// Tests that need it skip with a clear message when it is absent, so a clone elsewhere still passes.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export function sharedRoot(): string | null {
  const candidates = [process.env.KICK_SHARED, join(repoRoot, '..', 'shared'), join(repoRoot, 'shared')];
  for (const dir of candidates) {
    if (dir && existsSync(join(dir, 'golden', 'index.json'))) return dir;
  }
  return null;
}

/** Reads a file below the shared folder, or returns null when the folder or file is absent. */
export function readShared(relPath: string): Buffer | null {
  const root = sharedRoot();
  if (!root) return null;
  const path = join(root, relPath);
  if (!path.startsWith(root) || !existsSync(path)) return null;
  return readFileSync(path);
}
