// The layering rules in .dependency-cruiser.cjs, run through dependency-cruiser's API: a planted
// breach of each rule in a scratch tree is reported under that rule's name, the imports the
// layering allows are not, and the real src/ tree breaks no rule.
// First: dependency-cruiser must find the TypeScript 6 compiler API when it loads.
import './typescript-api/register.mjs';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cruise, type ICruiseOptions, type ICruiseResult } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const RUNTIME_PACKAGE = 'onnxruntime-web';

/** One import planted in the scratch tree, and the rule that must report it (none: allowed). */
interface PlantedImport {
  from: string;
  to: string;
  typeOnly?: boolean;
  rule?: string;
}

const PLANTED: PlantedImport[] = [
  { from: 'src/util/cycle-a.ts', to: 'src/util/cycle-b.ts', rule: 'no-circular' },
  // Closes the cycle above, which is reported once.
  { from: 'src/util/cycle-b.ts', to: 'src/util/cycle-a.ts' },
  { from: 'src/model/w.ts', to: 'test/q.ts', rule: 'src-not-to-test-or-tools' },
  { from: 'src/state/s.ts', to: 'tools/t.ts', rule: 'src-not-to-test-or-tools' },
  { from: 'src/util/u.ts', to: 'src/net/n.ts', rule: 'util-imports-no-layer' },
  { from: 'src/net/download.ts', to: 'src/model/load/errors.ts', rule: 'net-imports-no-layer' },
  { from: 'src/stats/st.ts', to: 'src/tasks/leaf.ts', typeOnly: true, rule: 'stats-imports-only-util' },
  { from: 'src/gpu/g.ts', to: 'src/compress/c.ts', rule: 'gpu-imports-only-util' },
  { from: 'src/compress/x.ts', to: 'src/model/y.ts', rule: 'compress-imports-only-gpu-util' },
  { from: 'src/compress/x.ts', to: RUNTIME_PACKAGE, rule: 'compress-no-model-runtime' },
  { from: 'src/model/breach.ts', to: 'src/state/s.ts', rule: 'model-imports-only-lower' },
  { from: 'src/model/breach.ts', to: 'src/tasks/record.ts', typeOnly: true, rule: 'model-imports-only-lower' },
  { from: 'src/model/v.ts', to: 'src/tasks/language-model.ts', rule: 'model-tasks-interface-type-only' },
  { from: 'src/tasks/m.ts', to: 'src/model/y.ts', rule: 'tasks-imports-only-lower' },
  { from: 'src/tasks/m.ts', to: 'src/compress/c.ts', typeOnly: true, rule: 'tasks-imports-only-lower' },
  { from: 'src/kickworld/k.ts', to: 'src/tasks/leaf.ts', rule: 'kickworld-imports-only-util' },
  { from: 'src/worker/wk.ts', to: 'src/state/s.ts', rule: 'worker-not-to-state-ui' },
  { from: 'src/state/s.ts', to: 'src/ui/page.tsx', typeOnly: true, rule: 'state-not-to-ui' },
  { from: 'src/ui/z.tsx', to: 'src/gpu/g.ts', rule: 'ui-no-kernels' },
  { from: 'src/ui/z.tsx', to: 'src/compress/registry.ts', rule: 'ui-no-kernels' },
  { from: 'src/ui/z.tsx', to: 'src/compress/methods/magnitude.ts', rule: 'ui-no-kernels' },
  { from: 'src/ui/z.tsx', to: 'src/model/y.ts', typeOnly: true, rule: 'ui-no-kernels' },
  { from: 'src/ui/z.tsx', to: RUNTIME_PACKAGE, rule: 'ui-no-kernels' },
  { from: 'src/ui/z.tsx', to: 'src/worker/wk.ts', typeOnly: true, rule: 'ui-worker-protocols-only' },
  { from: 'src/ui/page.tsx', to: 'src/worker/lab-protocol.ts', rule: 'ui-worker-protocols-type-only' },
  { from: 'src/interop/i.ts', to: 'src/state/s.ts', rule: 'interop-imports-only-pure' },
  { from: 'src/interop/i.ts', to: 'src/compress/registry.ts', typeOnly: true, rule: 'interop-imports-only-pure' },
  { from: 'src/interop/i.ts', to: 'src/model/y.ts', rule: 'interop-imports-only-pure' },
  // Allowed by the layering.
  { from: 'src/model/session.ts', to: 'src/tasks/language-model.ts', typeOnly: true },
  { from: 'src/model/session.ts', to: 'src/compress/c.ts' },
  { from: 'src/model/session.ts', to: 'src/gpu/g.ts' },
  { from: 'src/model/session.ts', to: 'src/net/n.ts' },
  { from: 'src/model/session.ts', to: 'src/util/u.ts' },
  { from: 'src/model/session.ts', to: RUNTIME_PACKAGE },
  { from: 'src/compress/kernel.ts', to: 'src/gpu/buffers.ts' },
  { from: 'src/tasks/record.ts', to: 'src/kickworld/k.ts' },
  { from: 'src/tasks/record.ts', to: 'src/net/n.ts' },
  { from: 'src/tasks/record.ts', to: 'src/stats/paired.ts' },
  { from: 'src/model/session.ts', to: 'src/stats/paired.ts', typeOnly: true },
  { from: 'src/stats/paired.ts', to: 'src/util/u.ts' },
  { from: 'src/ui/panel.tsx', to: 'src/worker/lab-protocol.ts', typeOnly: true },
  { from: 'src/ui/panel.tsx', to: 'src/compress/params.ts' },
  { from: 'src/ui/panel.tsx', to: 'src/state/store.ts' },
  { from: 'src/worker/wk.ts', to: 'src/model/y.ts' },
  { from: 'src/interop/i.ts', to: 'src/tasks/record.ts' },
  { from: 'src/interop/i.ts', to: 'src/compress/method-kinds.ts' },
  { from: 'src/state/other-tools.ts', to: 'src/interop/j.ts' },
  { from: 'src/ui/panel.tsx', to: 'src/interop/j.ts' },
  { from: 'src/compress/c.test.ts', to: 'test/q.ts' },
  { from: 'src/gpu/g.browser.test.ts', to: 'test/q.ts' },
  { from: 'src/ui/page.test.ts', to: 'src/gpu/g.ts' },
];

const isPackage = (to: string) => !to.includes('/');

/** Where the resolved import lands, as dependency-cruiser names it. */
const resolvedPath = (to: string) => (isPackage(to) ? `node_modules/${to}/index.js` : to);

/** Source of a module that makes the given imports (one per line). */
function moduleSource(from: string, imports: PlantedImport[]): string {
  const lines = imports.map(({ to, typeOnly }, i) => {
    const relative = posix.relative(posix.dirname(from), to);
    const specifier = isPackage(to) ? to : relative.startsWith('.') ? relative : `./${relative}`;
    return typeOnly
      ? `import type * as Imported${i} from '${specifier}';\nexport type Uses${i} = typeof Imported${i};`
      : `import * as imported${i} from '${specifier}';\nexport const uses${i} = imported${i};`;
  });
  return `${lines.join('\n')}\nexport const here = '${from}';\n`;
}

function writeTree(root: string): void {
  const files = new Set(PLANTED.flatMap(({ from, to }) => (isPackage(to) ? [from] : [from, to])));
  for (const file of files) {
    const path = join(root, file);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, moduleSource(file, PLANTED.filter((planted) => planted.from === file)));
  }
  const runtime = join(root, 'node_modules', RUNTIME_PACKAGE);
  mkdirSync(runtime, { recursive: true });
  writeFileSync(join(runtime, 'package.json'), JSON.stringify({ name: RUNTIME_PACKAGE, main: 'index.js' }));
  writeFileSync(join(runtime, 'index.js'), 'export const InferenceSession = {};\n');
}

/** Every violation in baseDir/src as `rule: from → to`, sorted. */
async function violations(baseDir: string, options: ICruiseOptions): Promise<string[]> {
  const { output } = await cruise(['src'], { ...options, baseDir, outputType: 'json' });
  const result = (typeof output === 'string' ? JSON.parse(output) : output) as ICruiseResult;
  return result.summary.violations.map(({ rule, from, to }) => `${rule.name}: ${from} → ${to}`).sort();
}

describe('layering rules', () => {
  let options: ICruiseOptions;
  let scratch: string;

  beforeAll(async () => {
    options = await extractDepcruiseOptions(join(REPO_ROOT, '.dependency-cruiser.cjs'));
    scratch = mkdtempSync(join(tmpdir(), 'kick-layers-'));
    writeTree(scratch);
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('reports each planted breach under its rule and nothing the layering allows', async () => {
    const expected = PLANTED.filter(({ rule }) => rule)
      .map(({ rule, from, to }) => `${rule}: ${from} → ${resolvedPath(to)}`)
      .sort();
    expect(await violations(scratch, options)).toEqual(expected);
  });

  it('finds no breach in the real src tree', async () => {
    expect(await violations(REPO_ROOT, options)).toEqual([]);
    // A parser that reads nothing would also find no breach: the tree must have been read.
    const { output } = await cruise(['src'], { ...options, baseDir: REPO_ROOT, outputType: 'json' });
    const result = (typeof output === 'string' ? JSON.parse(output) : output) as ICruiseResult;
    expect(result.summary.totalCruised).toBeGreaterThan(300);
  });
});
