/**
 * Writes KICK-world for the training tool and the app.
 *
 *   npx tsx tools/kickworld-export.ts --out tools/train-kick-tiny/data [--public public/kickworld] [--seed S]
 *
 * --out:    suite.json, world.json, tasks/<task>.jsonl, corpus/<part>.jsonl, manifest.json
 * --public: suite.json only (what the lab serves and evaluates by default)
 */
import { createHash } from 'node:crypto';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import {
  buildSuite,
  CORPUS_PARTS,
  corpusPart,
  DEFAULT_CORPUS_CONFIG,
  DEFAULT_WORLD_CONFIG,
  type CorpusPart,
  type Suite,
  type World,
} from '../src/kickworld/index.ts';

export interface ExportOptions {
  out?: string;
  publicDir?: string;
  seed: string;
}

export function parseExportArgs(argv: readonly string[]): ExportOptions {
  const opts: ExportOptions = { seed: DEFAULT_WORLD_CONFIG.seed };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (value === undefined || value.startsWith('--')) throw new Error(`${flag} needs a value`);
    if (flag === '--out') opts.out = value;
    else if (flag === '--public') opts.publicDir = value;
    else if (flag === '--seed') opts.seed = value;
    else throw new Error(`unknown option ${flag} (use --out DIR, --public DIR, --seed S)`);
    i++;
  }
  if (!opts.out && !opts.publicDir) throw new Error('give --out DIR and/or --public DIR');
  return opts;
}

const json = (v: unknown): string => `${JSON.stringify(v, null, 1)}\n`;

async function writeJsonl(path: string, rows: Iterable<unknown>, hash?: ReturnType<typeof createHash>): Promise<number> {
  const stream = createWriteStream(path);
  let n = 0;
  for (const row of rows) {
    const line = `${JSON.stringify(row)}\n`;
    hash?.update(line);
    if (!stream.write(line)) await once(stream, 'drain');
    n++;
  }
  stream.end();
  await once(stream, 'finish');
  return n;
}

async function exportTraining(dir: string, world: World, suite: Suite): Promise<void> {
  mkdirSync(join(dir, 'tasks'), { recursive: true });
  mkdirSync(join(dir, 'corpus'), { recursive: true });
  writeFileSync(join(dir, 'suite.json'), json(suite));
  writeFileSync(join(dir, 'world.json'), json({ config: world.config, pools: world.pools, givenNames: world.givenNames, entities: world.entities }));
  const taskCounts: Record<string, number> = {};
  for (const [name, items] of Object.entries(suite.tasks)) taskCounts[name] = await writeJsonl(join(dir, 'tasks', `${name}.jsonl`), items);
  const corpusCounts: Record<string, number> = {};
  const hash = createHash('sha256');
  for (const part of Object.keys(CORPUS_PARTS) as CorpusPart[]) {
    corpusCounts[part] = await writeJsonl(join(dir, 'corpus', `${part}.jsonl`), corpusPart(world, part), hash);
  }
  writeFileSync(
    join(dir, 'manifest.json'),
    json({ suiteVersion: suite.version, corpusSha256: hash.digest('hex'), corpusConfig: DEFAULT_CORPUS_CONFIG, taskCounts, corpusCounts }),
  );
}

export async function runExport(opts: ExportOptions): Promise<Suite> {
  const { world, suite } = await buildSuite({ ...DEFAULT_WORLD_CONFIG, seed: opts.seed });
  if (opts.out) await exportTraining(opts.out, world, suite);
  if (opts.publicDir) {
    mkdirSync(opts.publicDir, { recursive: true });
    writeFileSync(join(opts.publicDir, 'suite.json'), `${JSON.stringify(suite)}\n`);
  }
  return suite;
}

const isMain = process.argv[1]?.endsWith('kickworld-export.ts');
if (isMain) {
  try {
    const suite = await runExport(parseExportArgs(process.argv.slice(2)));
    console.log(`KICK-world suite ${suite.version}`);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}
