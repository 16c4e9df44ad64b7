// The results, history and compare views at 1440x900, 1024x768 and in projector mode: nothing
// wider than the screen, no table column cut off, chart cards aligned, every button in view.
// Screenshots of each view at each size go to test-results/layout/ for a person to look at.
import { expect, test, type Page } from '@playwright/test';
import { clippedColumns, coveredCells, crowdedAxisTitles, hiddenButtons, misalignedCharts, overflowingElements, toolbarRows, VIEW_SIZES, type ViewSize } from './layout-checks.ts';
import { paperFindingSweep, shareHash } from './results-fixtures.ts';

const LONG_HUB_ID = 'an-organisation-with-a-long-name/a-language-model-with-an-even-longer-name-v2-instruct-GGUF-export';

function longIdSweep() {
  const s = paperFindingSweep();
  s.id = 'fixture-long-hub-id';
  s.name = 'A sweep of a hub model with a long id';
  s.config.model.id = LONG_HUB_ID;
  return s;
}

/** The paper sweep with its methods and points in the other order: wanda's curve comes first. */
function reorderedSweep() {
  const s = paperFindingSweep();
  s.id = 'fixture-reordered';
  s.name = 'kick-tiny: wanda vs magnitude (listed the other way round)';
  s.config.methods.reverse();
  s.points = [s.points[0], ...s.points.slice(1).reverse()];
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
  expect(await crowdedAxisTitles(page), 'axis titles on tick labels').toEqual([]);
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
      // The exports sit in a menu: open, every item in view; Escape closes it.
      const menu = page.getByTestId('export-menu');
      await menu.locator('summary').click();
      for (const id of ['export-records-json', 'export-records-csv', 'export-sweep-json', 'export-other-tools']) await expect(page.getByTestId(id)).toBeInViewport({ ratio: 1 });
      expect(await overflowingElements(page)).toEqual([]);
      await page.keyboard.press('Escape');
      await expect(page.getByTestId('export-records-csv')).toBeHidden();
    });

    test('recorded example: per-layer chart and examples fit', async ({ page }) => {
      await page.goto('/#results');
      await page.getByTestId('example-quant').click();
      await expect(page.getByTestId('results-view')).toBeVisible();
      await setSize(page, size);
      await screenshots(page, 'example-quant', size, ['chart-factoid-bits', 'drop-table', 'layer-chart']);
      await expectLayoutHolds(page);
      // Round ticks on the per-layer axis: 0, 0.005, 0.01, not 0, 0.0035, 0.007.
      const ticks = await page.getByTestId('layer-chart').locator('.recharts-yAxis-tick-labels .recharts-cartesian-axis-tick-value').allTextContents();
      expect(ticks.length).toBeGreaterThanOrEqual(3);
      const step = Number(ticks[1]) - Number(ticks[0]);
      expect([1, 2, 2.5, 5]).toContain(Number((step / 10 ** Math.floor(Math.log10(step))).toPrecision(6)));
    });

    test('compare: two runs on the same charts and one table that fits', async ({ page }) => {
      await saveToHistory(page, await shareHash(paperFindingSweep()));
      await saveToHistory(page, await shareHash(reorderedSweep()));
      await page.getByTestId('tab-history').click();
      await expect(page.getByTestId('history-row')).toHaveCount(2);
      for (const box of await page.getByTestId('history-row').getByRole('checkbox').all()) await box.check();
      await page.getByTestId('history-compare').click();
      await expect(page.getByTestId('compare-chart-factoid-sparsity').locator('.kr-run-line')).toHaveCount(4);
      await setSize(page, size);
      await screenshots(page, 'compare', size, ['compare-summary', 'compare-chart-factoid-sparsity', 'compare-drop']);
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
      // Status and points (the 4th and 5th columns) show, not hidden under the sticky actions.
      expect(await coveredCells(page, '[data-testid="history-row"] > :nth-child(4), [data-testid="history-row"] > :nth-child(5)')).toEqual([]);
    });
  });
}

test('the compare overlay names run and method in its legend and draws each run in its own line style', async ({ page }) => {
  await saveToHistory(page, await shareHash(paperFindingSweep()));
  await saveToHistory(page, await shareHash(reorderedSweep()));
  await page.getByTestId('tab-history').click();
  for (const box of await page.getByTestId('history-row').getByRole('checkbox').all()) await box.check();
  await page.getByTestId('history-compare').click();
  const chart = page.getByTestId('compare-chart-factoid-sparsity');
  const legend = page.getByTestId('compare-chart-factoid-sparsity-legend');
  for (const run of ['A', 'B']) for (const method of ['magnitude', 'wanda']) await expect(legend).toContainText(`${run}: ${method}`);
  const dashes = async (run: number) => chart.locator(`.kr-run-${run} path.recharts-line-curve, path.kr-run-${run}`).evaluateAll((ps) => [...new Set(ps.map((p) => p.getAttribute('stroke-dasharray') ?? 'solid'))]);
  const [a, b] = [await dashes(0), await dashes(1)];
  expect(a).toHaveLength(1);
  expect(b).toHaveLength(1);
  expect(a[0]).not.toBe(b[0]);
  // The same method keeps its colour in both runs.
  const strokes = async (run: number) => chart.locator(`.kr-run-${run} path.recharts-line-curve, path.kr-run-${run}`).evaluateAll((ps) => ps.map((p) => p.getAttribute('stroke')).sort());
  expect(await strokes(0)).toEqual(await strokes(1));
  await expect(page.getByTestId('compare-summary')).toContainText('Same model in both: kick-tiny @ main (fp32).');
  await expect(page.getByTestId('compare-row')).toHaveCount(2 * 6 * 3);
});

test('a method keeps its colour whatever order a sweep lists it in', async ({ page }) => {
  const colours = async () =>
    page.getByTestId('chart-factoid-sparsity-legend').locator('li').evaluateAll((items) =>
      Object.fromEntries(items.map((li) => [li.textContent!.trim().split(' ')[0], li.querySelector('line, rect')!.getAttribute('stroke')])),
    );
  const lines = async () => page.getByTestId('chart-factoid-sparsity').locator('path.recharts-line-curve').evaluateAll((ps) => ps.map((p) => p.getAttribute('stroke')));
  await page.goto(`/${await shareHash(paperFindingSweep())}`);
  await expect(page.getByTestId('chart-factoid-sparsity').locator('.recharts-line')).toHaveCount(2);
  const first = await colours();
  const firstLines = await lines();
  await page.goto('/#results');
  await page.goto(`/${await shareHash(reorderedSweep())}`);
  await expect(page.getByTestId('results-title')).toContainText('other way round');
  await expect(page.getByTestId('chart-factoid-sparsity').locator('.recharts-line')).toHaveCount(2);
  const second = await colours();
  expect(second.wanda).toBe(first.wanda);
  expect(second.magnitude).toBe(first.magnitude);
  expect(first.wanda).not.toBe(first.magnitude);
  // The curves are drawn in the legend's colours, in the other order.
  expect(firstLines).toEqual([first.magnitude, first.wanda]);
  expect(await lines()).toEqual([first.wanda, first.magnitude]);
});
