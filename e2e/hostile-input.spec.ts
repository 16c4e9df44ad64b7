import { expect, test, type Page } from '@playwright/test';
import { manyLayers, manyPlannedPoints, manyTaskEntries, packSweep } from '../test/state/hostile-links.ts';
import { startCountingServer, type CountingServer } from '../test/servers/counting-server.ts';
import { HISTORY_DB } from '../src/state/history.ts';
import { paperFindingSweep, shareHash } from './results-fixtures.ts';

/** Every entry of the app's history database, as stored (none when it was never created). */
async function storedSweeps(page: Page): Promise<number> {
  return page.evaluate(async (name) => {
    const names = (await indexedDB.databases()).map((d) => d.name);
    if (!names.includes(name)) return 0;
    return new Promise<number>((resolve, reject) => {
      const open = indexedDB.open(name);
      open.onsuccess = () => {
        const db = open.result;
        if (!db.objectStoreNames.contains('sweeps')) return resolve(0);
        const req = db.transaction('sweeps').objectStore('sweeps').count();
        req.onsuccess = () => {
          db.close();
          resolve(req.result);
        };
        req.onerror = () => reject(req.error);
      };
      open.onerror = () => reject(open.error);
    });
  }, HISTORY_DB);
}

test.describe('a judge endpoint named by a link', () => {
  let server: CountingServer;
  test.beforeEach(async () => {
    server = await startCountingServer();
  });
  test.afterEach(async () => {
    await server.close();
  });

  test('a crafted link plus Reproduce sends nothing to the link\u2019s host without a yes', async ({ page }) => {
    // The reader has their own judge and key in this tab.
    await page.goto('/');
    // Credentials typed into the endpoint are named at once and removed when the field is left.
    await page.getByTestId('judge-url').fill('https://bob:hunter2@my-judge.example/v1?api_key=SECRET1');
    await expect(page.getByTestId('judge-url-credentials')).toContainText('user name, password, api_key');
    await page.getByTestId('judge-model').fill('gpt-4o');
    await expect(page.getByTestId('judge-url')).toHaveValue('https://my-judge.example/v1');
    await expect(page.getByTestId('judge-url-credentials')).toContainText('Removed from the endpoint: user name, password, api_key');
    await page.getByTestId('judge-key').fill('sk-reader-secret');
    await expect(page.getByTestId('judge-key-binding')).toContainText('sent to https://my-judge.example only');
    // Another endpoint in the field does not take the key along; the way back is offered.
    await page.getByTestId('judge-url').fill('https://other.example/v1');
    await expect(page.getByTestId('judge-key-binding')).toContainText('typed for https://my-judge.example and is sent there only');
    await expect(page.getByTestId('judge-key-rebind')).toHaveText('Send my key to https://other.example');
    await page.getByTestId('judge-key-mine').click();
    await expect(page.getByTestId('judge-url')).toHaveValue('https://my-judge.example/v1');
    await expect(page.getByTestId('judge-key-binding')).toContainText('sent to https://my-judge.example only');

    // The link's author names their own server as the judge.
    const crafted = paperFindingSweep();
    crafted.config.judge = { url: `${server.url}/v1`, model: 'judge-1' };
    const host = new URL(server.url).host;
    const hash = await shareHash(crafted);
    await page.evaluate((h) => {
      window.location.hash = h;
    }, hash.slice(1));
    await expect(page.getByTestId('results-view')).toBeVisible();
    await expect(page.getByTestId('share-judge-host')).toContainText(host);

    await page.getByTestId('reproduce').click();
    const dialog = page.getByTestId('judge-consent');
    await expect(dialog).toBeVisible();
    await expect(dialog.getByTestId('judge-consent-host')).toHaveText(host);
    await expect(dialog.getByTestId('judge-consent-key')).toContainText('not sent there');
    await expect(dialog.getByTestId('judge-consent-mine')).toContainText('https://my-judge.example/v1');
    // While the question is open, nothing reaches the link's host.
    await page.waitForTimeout(1500);
    expect(server.requests).toEqual([]);

    await dialog.getByTestId('judge-consent-stop').click();
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId('reproduce').locator('..').getByRole('alert')).toContainText(`the judge endpoint ${host} was not approved`);
    // Escape is no yes either.
    await page.getByTestId('reproduce').click();
    await expect(dialog).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await page.waitForTimeout(1000);
    expect(server.requests).toEqual([]);
    // And nothing of the link was kept.
    expect(await storedSweeps(page)).toBe(0);
  });
});

test.describe('oversized input', () => {
  for (const [name, make] of [
    ['63 M planned points', manyPlannedPoints],
    ['100,000 task entries', manyTaskEntries],
    ['100,000 layers', () => manyLayers(100_000)],
    ['10,000 layers', () => manyLayers(10_000)],
  ] as const) {
    test(`a link with ${name} is refused at once, in one short line, and nothing is kept`, async ({ page }) => {
      const text = await packSweep(make());
      await page.goto('/');
      const t0 = Date.now();
      await page.evaluate((t) => {
        window.location.hash = `share=${t}`;
      }, text);
      await expect(page.getByTestId('share-error')).toBeVisible({ timeout: 10_000 });
      console.info(`link with ${name} (${text.length} characters): refused on screen after ${Date.now() - t0} ms`);
      const message = (await page.getByTestId('share-error-message').textContent()) ?? '';
      expect(message.length).toBeGreaterThan(10);
      expect(message.length).toBeLessThanOrEqual(400);
      await expect(page.getByTestId('results-view')).toHaveCount(0);
      expect(await storedSweeps(page)).toBe(0);
    });
  }

  test('a huge sweep stored as running is refused on load: the Lab tab neither blocks nor offers it', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByTestId('setup-view')).toBeVisible();
    const huge = [
      { ...manyPlannedPoints(), status: 'running' },
      { ...manyTaskEntries(), status: 'running' },
    ];
    // Written straight into the database, as an older app version kept a link's sweep.
    await page.evaluate(
      async ({ name, values }) =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open(name);
          open.onsuccess = () => {
            const tx = open.result.transaction('sweeps', 'readwrite');
            for (const v of values) tx.objectStore('sweeps').put(v);
            tx.oncomplete = () => {
              open.result.close();
              resolve();
            };
            tx.onerror = () => reject(tx.error);
          };
          open.onerror = () => reject(open.error);
        }),
      { name: HISTORY_DB, values: huge },
    );
    const t0 = Date.now();
    await page.reload();
    await expect(page.getByTestId('setup-view')).toBeVisible();
    // The resume check has run once the start button answers; it offers nothing.
    await expect(page.getByTestId('start-run')).toBeEnabled();
    await page.waitForTimeout(500);
    await expect(page.getByTestId('resume-offer')).toHaveCount(0);
    console.info(`Lab tab with two oversized running sweeps stored: ready after ${Date.now() - t0} ms`);
    await page.getByTestId('tab-history').click();
    const rows = page.getByTestId('history-row');
    await expect(rows).toHaveCount(2);
    for (const s of huge) await expect(page.locator(`[data-testid="history-row"][data-id="${s.id}"]`)).toContainText('unreadable');
  });
});
