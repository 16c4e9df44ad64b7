// The results, history and compare views at 1440x900, 1024x768 and in projector mode: nothing
// wider than the screen, no table column cut off, chart cards aligned, every button in view.
// Screenshots of each view at each size go to test-results/layout/ for a person to look at.
import { expect, test, type Page } from '@playwright/test';
import { clippedColumns, hiddenButtons, misalignedCharts, overflowingElements, toolbarRows, VIEW_SIZES, type ViewSize } from './layout-checks.ts';
import { paperFindingSweep, shareHash } from './results-fixtures.ts';

const LONG_HUB_ID = 'an-organisation-with-a-long-name/a-language-model-with-an-even-longer-name-v2-instruct-GGUF-export';

function longIdSweep() {
  const s = paperFindingSweep();
  s.id = 'fixture-long-hub-id';
  s.name = 'A sweep of a hub model with a long id';
  s.config.model.id = LONG_HUB_ID;
  return s;
}

async function setSize(page: Page, size: ViewSize): Promise<void> {
  await page.setViewportSize({ width: size.width, height: size.height });
  const on = (await page.getByTestId('projector').getAttribute('aria-pressed')) === 'true';
  if (on !== size.projector) await page.getByTestId('projector').click();
  // Charts resize on the next frames after the viewport or the font size changes.
  await page.waitForTimeout(400);
}

/** The whole page, and each named part on its own (easier to look at than one long picture). */
async function screenshots(page: Page, view: string, size: ViewSize, parts: string[] = []): Promise<void> {
  await page.screenshot({ path: `test-results/layout/${view}-${size.name}.png`, fullPage: true });
  for (const id of parts) await page.getByTestId(id).first().screenshot({ path: `test-results/layout/${view}-${size.name}-${id}.png` });
}

async function expectLayoutHolds(page: Page): Promise<void> {
  expect(await overflowingElements(page), 'elements wider than the viewport').toEqual([]);
  expect(await clippedColumns(page), 'table columns cut off').toEqual([]);
  expect(await misalignedCharts(page), 'chart cards out of line').toEqual([]);
  expect(await hiddenButtons(page), 'buttons out of view').toEqual([]);
}

async function saveToHistory(page: Page, hash: string): Promise<void> {
  await page.goto(`/${hash}`);
  await page.getByTestId('save-history').click();
  await expect(page.getByText('Saved to history.')).toBeVisible();
}

for (const size of VIEW_SIZES) {
  test.describe(`layout at ${size.name}`, () => {
    test('results: charts aligned, tables whole, toolbar on one row', async ({ page }) => {
      await page.goto(`/${await shareHash(paperFindingSweep())}`);
      await expect(page.getByTestId('results-view')).toBeVisible();
      await setSize(page, size);
      await expect(page.getByTestId('chart-factoid-sparsity').locator('.recharts-line')).toHaveCount(2);
      await screenshots(page, 'results', size, ['results-toolbar', 'chart-factoid-sparsity', 'drop-table', 'layer-view']);
      await expectLayoutHolds(page);
      expect(await toolbarRows(page, '.kr-toolbar')).toBe(1);
    });

    test('recorded example: per-layer chart and examples fit', async ({ page }) => {
      await page.goto('/#results');
      await page.getByTestId('example-quant').click();
      await expect(page.getByTestId('results-view')).toBeVisible();
      await setSize(page, size);
      await screenshots(page, 'example-quant', size, ['chart-factoid-bits', 'drop-table']);
      await expectLayoutHolds(page);
    });

    test('history: a long hub id keeps status, points and the actions in view', async ({ page }) => {
      await saveToHistory(page, await shareHash(longIdSweep()));
      await saveToHistory(page, await shareHash(paperFindingSweep()));
      await page.getByTestId('tab-history').click();
      await expect(page.getByTestId('history-row')).toHaveCount(2);
      await setSize(page, size);
      await screenshots(page, 'history', size, ['history-table']);
      await expectLayoutHolds(page);
      const row = page.locator('[data-testid="history-row"][data-id="fixture-long-hub-id"]');
      for (const name of ['Open', /Delete/]) await expect(row.getByRole('button', { name })).toBeInViewport();
    });
  });
}
