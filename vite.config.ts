import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { playwright } from '@vitest/browser-playwright';
import type { BrowserCommand } from 'vitest/node';
import { CHROMIUM_ARGS, chromiumPath } from './tools/chromium.ts';
import { readShared } from './tools/shared-files.ts';
import { CROSS_ORIGIN_ISOLATION_HEADERS } from './tools/cross-origin-isolation.ts';
import { hubBrowserCommands } from './test/servers/hub-browser-commands.ts';

/** Browser tests read golden data through the test server: base64 of the file, or null if absent. */
const readSharedFile: BrowserCommand<[relPath: string]> = (_ctx, relPath) => {
  const bytes = readShared(relPath);
  return bytes ? bytes.toString('base64') : null;
};

const browserProject = () => ({
  enabled: true,
  headless: true,
  provider: playwright({
    launchOptions: { executablePath: chromiumPath(), args: CHROMIUM_ARGS },
  }),
  instances: [{ browser: 'chromium' as const }],
  commands: { readSharedFile, ...hubBrowserCommands },
});

export default defineConfig({
  plugins: [react()],
  build: { target: 'es2022', sourcemap: true },
  worker: { format: 'es' },
  // Cross-origin isolated pages (tools/cross-origin-isolation.ts say why): the vitest browser
  // project serves its pages through `server` too.
  server: { headers: { ...CROSS_ORIGIN_ISOLATION_HEADERS } },
  preview: { headers: { ...CROSS_ORIGIN_ISOLATION_HEADERS } },
  // Pre-bundled up front: discovered mid-run, they make Vite reload the page under a running test.
  optimizeDeps: { include: ['onnxruntime-web/webgpu', 'onnxruntime-web', '@huggingface/transformers', 'comlink', 'zod', 'react', 'react-dom/client', 'recharts', 'zustand', 'idb'] },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'node',
          include: ['src/**/*.test.ts', 'tools/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: ['**/*.browser.test.ts', 'node_modules/**'],
          testTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['src/**/*.browser.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 60_000,
          fileParallelism: false,
          browser: browserProject(),
        },
      },
    ],
  },
});
