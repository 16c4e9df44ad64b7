// The layering of src/: dependencies point down the pipeline util, net, stats <- gpu <- compress <- model;
// model may take the LanguageModel type from tasks; worker, state and ui sit above.
// `npm run lint:layers` checks it; tools/layers/layers.test.ts plants a breach of the rules.

const TEST_FILE = '\\.test\\.tsx?$';
const MODEL_RUNTIME = '(^|/)(onnxruntime-[a-z]+|@huggingface/transformers)(/|$)';
const TASKS_INTERFACE = '^src/tasks/language-model\\.ts$';

/** Forbids product (non-test) files under `from` to import what `to` matches. */
const rule = (name, from, to) => ({ name, severity: 'error', from: { path: from, pathNot: TEST_FILE }, to });
/** Forbids `from` to import any part of src outside itself and the `allowed` folders. */
const onlyImports = (name, from, allowed) => rule(name, `^src/${from}/`, { path: '^src/', pathNot: `^src/(${[from, ...allowed].join('|')})/` });

module.exports = {
  forbidden: [
    // No module in src imports itself through a chain of others.
    { name: 'no-circular', severity: 'error', from: { path: '^src/' }, to: { circular: true } },
    // Product code in src imports nothing from test/ or tools/.
    rule('src-not-to-test-or-tools', '^src/', { path: '^(test|tools)/' }),
    // util imports no other part of src.
    onlyImports('util-imports-no-layer', 'util', []),
    // net imports no other part of src.
    onlyImports('net-imports-no-layer', 'net', []),
    // stats (intervals, paired tests) imports only util.
    onlyImports('stats-imports-only-util', 'stats', ['util']),
    // gpu imports only util.
    onlyImports('gpu-imports-only-util', 'gpu', ['util']),
    // compress imports only gpu and util.
    onlyImports('compress-imports-only-gpu-util', 'compress', ['gpu', 'util']),
    // compress loads no model runtime (ONNX Runtime, transformers.js).
    rule('compress-no-model-runtime', '^src/compress/', { path: MODEL_RUNTIME }),
    // model imports only compress, gpu, net, stats, util and, of tasks, only src/tasks/language-model.ts.
    rule('model-imports-only-lower', '^src/model/', { path: '^src/', pathNot: ['^src/(model|compress|gpu|net|stats|util)/', TASKS_INTERFACE] }),
    // model imports src/tasks/language-model.ts type-only, never a value.
    rule('model-tasks-interface-type-only', '^src/model/', { path: TASKS_INTERFACE, dependencyTypesNot: ['type-only'] }),
    // tasks import only kickworld, net, stats and util (no model, compress, gpu, worker, state, ui).
    onlyImports('tasks-imports-only-lower', 'tasks', ['kickworld', 'net', 'stats', 'util']),
    // kickworld imports only util.
    onlyImports('kickworld-imports-only-util', 'kickworld', ['util']),
    // interop (export to and import from other tools' formats) imports only tasks, stats, util and compress's kernel-free method-kinds, recipe-label and params.
    rule('interop-imports-only-pure', '^src/interop/', { path: '^src/', pathNot: ['^src/(interop|tasks|stats|util)/', '^src/compress/(method-kinds|recipe-label|params)\\.ts$'] }),
    // worker imports nothing from state or ui.
    rule('worker-not-to-state-ui', '^src/worker/', { path: '^src/(state|ui)/' }),
    // state imports nothing from ui.
    rule('state-not-to-ui', '^src/state/', { path: '^src/ui/' }),
    // ui imports no gpu, compress kernel (gpu, methods, registry), model or model runtime: the page bundle holds no kernel.
    rule('ui-no-kernels', '^src/ui/', { path: ['^src/(gpu|model)/', '^src/compress/(gpu/|methods/|registry\\.ts$)', MODEL_RUNTIME] }),
    // ui imports from worker only the *-protocol.ts files.
    rule('ui-worker-protocols-only', '^src/ui/', { path: '^src/worker/', pathNot: '^src/worker/[a-z-]+-protocol\\.ts$' }),
    // ...and those protocol imports are type-only: no worker code enters the page bundle.
    rule('ui-worker-protocols-type-only', '^src/ui/', { path: '^src/worker/', dependencyTypesNot: ['type-only'] }),
  ],
  options: {
    // Type-only imports count as dependencies (the LanguageModel and worker-protocol rules read them).
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    // Resolve package subpaths such as onnxruntime-web/webgpu through their exports maps.
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'browser', 'default'] },
  },
};
