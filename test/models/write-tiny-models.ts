// Writes the random tiny model of every layout into a folder, one repo per layout
// (DIR/tiny-llama, DIR/tiny-gpt2, ...): npx tsx test/models/write-tiny-models.ts DIR [seed]
import { join, resolve } from 'node:path';
import { buildTinyModel, LAYOUT_NAMES } from './tiny-models.ts';
import { writeRepo } from './write-repo.ts';

const [dir, seedText] = process.argv.slice(2);
if (!dir) {
  console.error('usage: tsx test/models/write-tiny-models.ts DIR [seed]');
  process.exit(2);
}
const seed = seedText ? Number(seedText) : 1;
for (const layout of LAYOUT_NAMES) {
  const out = join(resolve(dir), `tiny-${layout}`);
  const files = buildTinyModel(layout, { seed });
  writeRepo(out, files);
  const bytes = [...files.values()].reduce((s, b) => s + b.length, 0);
  console.log(`${out}  ${files.size} files, ${bytes} bytes`);
}
