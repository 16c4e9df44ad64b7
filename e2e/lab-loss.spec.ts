import { expect, test, type Page, type Worker } from '@playwright/test';

// The GPU device lost in the middle of a real run of kick-tiny in the app: the lab worker's first
// compression kernel finds its device destroyed. No hook in the app: the test wraps WebGPU in the
// worker (Playwright evaluates in it) before the worker asks for a device.

/** Dense, magnitude 30% and 50% on the WebGPU kernels; factoid and perplexity, 2 examples each. */
async function composeSweep(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.getByTestId('setup-view')).toBeVisible();
  await page.getByTestId('method-wanda').uncheck();
  await page.getByTestId('sparsity-70').uncheck();
  await page.getByTestId('task-icr_open').uncheck();
  await page.getByTestId('samples-factoid').fill('2');
  await page.getByTestId('samples-perplexity').fill('2');
  // Without a hardware GPU 'auto' compresses with the CPU twins: this run asks for the kernels.
  await page.getByTestId('kernels').selectOption('webgpu');
  await expect(page.getByTestId('start-run')).toHaveText('Start sweep (3 points)');
}

/** Destroys the first GPU device the worker creates, at its first queue submission. */
function loseFirstDeviceAtFirstSubmit(worker: Worker): Promise<void> {
  return worker.evaluate(() => {
    const state = { lost: false };
    const owners = new WeakMap<GPUQueue, GPUDevice>();
    const requestDevice = GPUAdapter.prototype.requestDevice;
    GPUAdapter.prototype.requestDevice = async function (this: GPUAdapter, ...args: Parameters<GPUAdapter['requestDevice']>) {
      const device = await requestDevice.apply(this, args);
      owners.set(device.queue, device);
      return device;
    };
    const submit = GPUQueue.prototype.submit;
    GPUQueue.prototype.submit = function (this: GPUQueue, buffers: Iterable<GPUCommandBuffer>) {
      submit.call(this, buffers);
      if (!state.lost) {
        state.lost = true;
        owners.get(this)?.destroy();
      }
    };
  });
}

const donePoints = (page: Page) => page.locator('[data-testid="plan-point"][data-done="true"]');

test('a GPU device lost while a point is compressed fails that point; the retry runs only it, on a new device', async ({ page }) => {
  test.setTimeout(480_000);
  await composeSweep(page);
  const labWorker = page.waitForEvent('worker');
  await page.getByTestId('start-run').click();
  await loseFirstDeviceAtFirstSubmit(await labWorker);

  await expect(page.getByTestId('run-phase')).toHaveAttribute('data-phase', 'failed', { timeout: 300_000 });
  const errors = page.getByTestId('run-error');
  await expect(errors).toHaveCount(1);
  await expect(errors).toContainText('magnitude 30%, stage compress at model.layers.0.');
  await expect(errors).toContainText('the GPU device was lost (destroyed while work was still using it)');
  // Dense and the point after the lost one finished, on a new device.
  await expect(donePoints(page)).toHaveCount(2);
  await page.screenshot({ path: 'test-results/lab-device-lost.png', fullPage: true });

  const retry = page.getByTestId('retry-missing');
  await expect(retry).toHaveText('Retry the missing point');
  await retry.click();
  await expect(page.getByTestId('run-phase')).toHaveAttribute('data-phase', 'finished', { timeout: 300_000 });
  // Only the lost point ran again.
  await expect(page.getByTestId('run-count')).toHaveText('1 of 1 points');
  await expect(page.getByTestId('run-errors')).toHaveCount(0);
  await page.getByTestId('open-results').click();
  for (const s of ['0.3', '0.5']) await expect(page.locator(`[data-testid="drop-row"][data-point="magnitude|s=${s}"][data-task="factoid"]`)).toHaveCount(1);
});
