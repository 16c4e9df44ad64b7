// One place for how the project launches Debian's Chromium headless with WebGPU, shared by the
// vitest browser project, the Playwright e2e suite, the CLI and the benchmarks.
import { existsSync } from 'node:fs';

export const CHROMIUM_ARGS = [
  '--enable-unsafe-webgpu',
  '--enable-features=Vulkan',
  '--no-sandbox',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Debian's Chromium, or the one named by CHROMIUM_PATH; never a browser downloaded by a tool. */
export function chromiumPath(): string {
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(path)) {
    throw new Error(
      `Chromium not found at ${path}. Install Debian's package (apt-get install chromium) or set CHROMIUM_PATH.`,
    );
  }
  return path;
}
