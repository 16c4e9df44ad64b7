/**
 * Copies LLM-KICK's evaluation data from the shared fixture folder into public/datasets/, where
 * the app serves it: byte for byte (the loaders read the fixture layout), large files gzipped,
 * and a manifest with each file's SHA-256. The licences and provenance are in public/datasets/README.md.
 *
 *   npx tsx tools/datasets/copy-datasets.ts [--from DIR] [--to DIR]
 *
 * --from: the fixture folder (default: ../shared/datasets beside the checkout, or $KICK_SHARED/datasets)
 * --to:   where to write (default: public/datasets)
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sharedRoot } from '../shared-files.ts';
import { BUILTIN_FILES, manifestOf, storeFile } from './built-in-copy.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function parseArgs(argv: string[]): { from: string; to: string } {
  let from: string | null = null;
  let to = join(repoRoot, 'public', 'datasets');
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (flag === '--from') from = resolve(value);
    else if (flag === '--to') to = resolve(value);
    else throw new Error(`unknown option ${flag} (use --from DIR, --to DIR)`);
  }
  if (from === null) {
    const shared = sharedRoot();
    if (!shared) throw new Error('no shared fixture folder found beside the checkout (../shared) or in $KICK_SHARED; give one with --from DIR');
    from = join(shared, 'datasets');
  }
  return { from, to };
}

function main(): void {
  const { from, to } = parseArgs(process.argv.slice(2));
  const files = BUILTIN_FILES.map((path) => {
    const source = join(from, path);
    if (!existsSync(source)) throw new Error(`${source} is missing`);
    const content = new Uint8Array(readFileSync(source));
    return { path, content, stored: storeFile(path, content) };
  });
  for (const f of files) {
    const out = join(to, f.stored.stored);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, f.stored.bytes);
    process.stdout.write(`${f.stored.stored}: ${f.content.length} -> ${f.stored.bytes.length} bytes\n`);
  }
  const manifest = manifestOf(files);
  writeFileSync(join(to, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const total = manifest.files.reduce((n, f) => n + f.storedBytes, 0);
  process.stdout.write(`${manifest.files.length} files, ${total} bytes stored, manifest at ${join(to, 'manifest.json')}\n`);
}

try {
  main();
} catch (err) {
  process.stderr.write(`error: ${(err as Error).message}\n`);
  process.exit(1);
}
