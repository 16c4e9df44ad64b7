import { expect, test } from '@playwright/test';

// The app is served cross-origin isolated (tools/cross-origin-isolation.ts): without it ONNX
// Runtime's wasm EP has no SharedArrayBuffer and evaluates on one thread.
test.describe('cross-origin isolation', () => {
  test('the page and the workers it starts are cross-origin isolated', async ({ page }) => {
    const started = page.waitForEvent('worker');
    const response = await page.goto('/#playground');
    expect(response?.headers()['cross-origin-opener-policy']).toBe('same-origin');
    expect(response?.headers()['cross-origin-embedder-policy']).toBe('require-corp');
    expect(await page.evaluate(() => [globalThis.crossOriginIsolated, typeof SharedArrayBuffer])).toEqual([true, 'function']);
    // The playground's worker is a separate script the server sends with its own headers.
    const worker = await started;
    expect(await worker.evaluate(() => [globalThis.crossOriginIsolated, typeof SharedArrayBuffer])).toEqual([true, 'function']);
    await expect(page.getByTestId('adapter')).toContainText('WebGPU adapter');
  });
});
