// The results a teacher projects: the headline, the example browser's expected answers, reasons and
// filters, the states around them (not found, reopened after a reload, empty run) and the setup's
// task counts, at 1440x900, 1024x768 and in projector mode, with screenshots for review.
import { expect, test, type Page } from '@playwright/test';
import { filterReviews, reviewExamples } from '../src/state/example-review.ts';
import { headlines } from '../src/state/headline.ts';
import { recordedExample } from './results-fixtures.ts';
import { PAPER_PRESET_SAMPLES } from '../src/state/setup-store.ts';

const paper = recordedExample('paper').sweep;
const POINT = 'magnitude|s=0.7';

const SIZES = [
  { name: '1440', width: 1440, height: 900, projector: false },
  { name: '1024', width: 1024, height: 768, projector: false },
  { name: 'projector', width: 1440, height: 900, projector: true },
] as const;

function guard(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  return problems;
}

async function openPaperExample(page: Page): Promise<void> {
  await page.goto('/#results');
  await page.getByTestId('example-paper').click();
  await expect(page.getByTestId('results-title')).toHaveText(paper.name);
}

/** Nothing wider than the window: no sideways scroll bar hides part of the page. */
async function expectNoSidewaysScroll(page: Page, width: number): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
}

test.describe('a result that teaches', () => {
  test('opens with a headline sentence per compressed point, from the recorded numbers', async ({ page }) => {
    const problems = guard(page);
    await openPaperExample(page);
    const lines = page.getByTestId('headline-line');
    const expected = headlines(paper, 'kick');
    await expect(lines).toHaveCount(paper.points.length - 1);
    for (const h of expected) await expect(page.locator(`[data-testid="headline-line"][data-point="${h.pointKey}"]`)).toHaveAttribute('aria-label', h.sentence);
    await expect(page.locator('[data-testid="headline-line"][data-point="wanda|s=0.5"]')).toHaveAttribute('aria-label', 'wanda 50%: factoid QA \u221220 points, open book \u00b10, perplexity +2%');
    // The verdict travels with each number, as a colour and a symbol.
    await expect(page.locator(`[data-testid="headline-line"][data-point="${POINT}"] [data-verdict="does-not-match"]`).first()).toContainText('\u2717');
    // The headline sits above the charts.
    const headlineBox = (await page.getByTestId('headline').boundingBox())!;
    const chartBox = (await page.getByTestId('chart-factoid-sparsity').boundingBox())!;
    expect(headlineBox.y).toBeLessThan(chartBox.y);
    // Under the strict rule the sentence follows.
    await page.getByTestId('rule-strict').check();
    const strict = headlines(paper, 'strict').find((h) => h.pointKey === POINT)!;
    await expect(page.locator(`[data-testid="headline-line"][data-point="${POINT}"]`)).toHaveAttribute('aria-label', strict.sentence);
    expect(problems).toEqual([]);
  });

  test('shows each example\u2019s expected answers and why each rule scored it, with filters', async ({ page }) => {
    const problems = guard(page);
    await openPaperExample(page);
    const browser = page.getByTestId('example-browser');
    await browser.getByTestId('example-point').selectOption(POINT);
    await browser.getByTestId('example-task').selectOption('factoid');
    const reviews = reviewExamples(paper, POINT, 'factoid');
    await expect(browser.getByTestId('example-count')).toHaveText(`${reviews.length} of ${reviews.length} examples`);

    // Expected answers and the reasons, as the rules explain them.
    for (const r of reviews.slice(0, 5)) {
      const item = browser.locator(`[data-testid="example"][data-id="${r.id}"]`);
      await expect(item.locator('[data-col="target"]')).toHaveText(r.targets!);
      await expect(item.getByTestId('compressed-verdict-kick').locator('[data-col="reason"]')).toHaveText(r.compressed.kick.reason);
      await expect(item.getByTestId('compressed-verdict-strict').locator('[data-col="reason"]')).toHaveText(r.compressed.strict.reason);
      await expect(item.getByTestId('dense-verdict-kick').locator('[data-col="reason"]')).toHaveText(r.dense!.kick.reason);
    }
    // A reason names what matched, or that nothing did.
    const right = reviews.find((r) => r.compressed.strict.score === 1);
    if (right) await expect(browser.locator(`[data-testid="example"][data-id="${right.id}"]`).getByTestId('compressed-verdict-strict')).toContainText('the output contains \u201c');
    const wrong = reviews.find((r) => r.compressed.strict.score === 0)!;
    await expect(browser.locator(`[data-testid="example"][data-id="${wrong.id}"]`).getByTestId('compressed-verdict-strict')).toContainText('does not contain');

    // The kick rule's extra question, explained in one sentence where it appears.
    const loop = reviews.find((r) => r.extraLoop !== null)!;
    await expect(browser.getByTestId('example-loop')).toHaveCount(1);
    await expect(browser.locator(`[data-testid="example"][data-id="${loop.id}"]`).getByTestId('example-loop')).toHaveText(/^Question 21 of 20: LLM-KICK\u2019s factoid loop runs one question past the number asked/);

    // Filters: right to wrong, wrong to right, changed only.
    const lost = filterReviews(reviews, 'lost', 'kick');
    const gained = filterReviews(reviews, 'gained', 'kick');
    expect(lost.length).toBeGreaterThan(0);
    await browser.getByTestId('example-filter-lost').check();
    await expect(browser.getByTestId('example-count')).toHaveText(`${lost.length} of ${reviews.length} examples`);
    await expect(browser.getByTestId('example')).toHaveCount(lost.length);
    for (const item of await browser.getByTestId('example').all()) {
      await expect(item).toHaveAttribute('data-change', 'lost');
      await expect(item.locator('[data-col="dense-score"]')).toHaveText('1.00');
      await expect(item.locator('[data-col="score"]')).toHaveText('0.00');
    }
    await page.screenshot({ path: 'test-results/teach-examples-lost.png', fullPage: false });
    await browser.getByTestId('example-filter-gained').check();
    await expect(browser.getByTestId('example')).toHaveCount(gained.length);
    await browser.getByTestId('example-filter-changed').check();
    await expect(browser.getByTestId('example')).toHaveCount(lost.length + gained.length);
    await browser.getByTestId('example-filter-all').check();
    await expect(browser.getByTestId('example')).toHaveCount(reviews.length);

    // Open book: gold answers and the normalised comparison.
    await browser.getByTestId('example-task').selectOption('icr_open');
    const open = reviewExamples(paper, POINT, 'icr_open');
    const first = browser.locator(`[data-testid="example"][data-id="${open[0].id}"]`);
    await expect(first.locator('[data-col="target"]')).toHaveText(open[0].targets!);
    await expect(first.getByTestId('compressed-verdict-kick').locator('[data-col="reason"]')).toHaveText(open[0].compressed.kick.reason);
    // The question of a long open-book prompt stands apart; the evidence folds away.
    await expect(first.locator('[data-col="question"]')).toHaveText(open[0].question!);
    await expect(first.locator('[data-col="prompt"]')).toBeHidden();
    await first.scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'test-results/teach-examples-open-book.png' });
    // Perplexity has nothing to explain, and is not offered.
    await expect(browser.getByTestId('example-task').locator('option')).toHaveText(['Factoid QA', 'In-context retrieval (open book)']);
    expect(problems).toEqual([]);
  });

  test('reopens the results last viewed after a reload', async ({ page }) => {
    await openPaperExample(page);
    await page.reload();
    await expect(page.getByTestId('results-title')).toHaveText(paper.name);
    await page.getByTestId('results-close').click();
    await page.reload();
    await expect(page.getByTestId('results-empty')).toBeVisible();
  });
});

test.describe('states that tell the truth', () => {
  test('an unknown view or a malformed share link says so, with the way back', async ({ page }) => {
    const problems = guard(page);
    await page.goto('/#nosuchview');
    await expect(page.getByTestId('not-found')).toContainText('There is no such page');
    await expect(page.getByTestId('not-found-hash')).toHaveText('#nosuchview');
    await expect(page.getByTestId('tasks-editor')).toHaveCount(0);
    await page.screenshot({ path: 'test-results/teach-not-found.png' });
    await page.getByTestId('not-found-back').click();
    await expect(page.getByTestId('tasks-editor')).toBeVisible();

    await page.goto('/#/share/garbage');
    await expect(page.getByTestId('not-found')).toContainText('This share link is not complete');
    await expect(page.getByTestId('not-found')).toContainText('#share=');
    await page.screenshot({ path: 'test-results/teach-bad-share.png' });
    expect(problems).toEqual([]);
  });

  test('the Run view has one empty state', async ({ page }) => {
    await page.goto('/#run');
    await expect(page.getByTestId('run-empty')).toHaveText('No run in this tab yet. Set one up.');
    await expect(page.getByText('No run yet.')).toHaveCount(0);
  });

  test('Save to history is offered once, then the results say they are saved', async ({ page }) => {
    await openPaperExample(page);
    await page.getByTestId('save-history').click();
    await expect(page.getByTestId('save-history-done')).toHaveText('Saved to history.');
    await expect(page.getByTestId('save-history')).toHaveCount(0);
    await page.getByTestId('tab-history').click();
    await page.locator(`[data-testid="history-row"][data-id="${paper.id}"]`).getByRole('button', { name: 'Open' }).click();
    await expect(page.getByTestId('results-title')).toHaveText(paper.name);
    await expect(page.getByTestId('save-history')).toHaveCount(0);
  });
});

test.describe('setup', () => {
  test('keeps each task\u2019s name apart from its count, and shows the loop example apart', async ({ page }) => {
    await page.goto('/');
    const editor = page.getByTestId('tasks-editor');
    await expect(editor.getByTestId('factoid-loop-note')).toHaveText('+ 1 loop example');
    for (const task of ['factoid', 'icr_open', 'perplexity']) {
      const row = editor.locator('li.ls-task').filter({ has: page.getByTestId(`samples-${task}`) });
      const name = (await row.locator('.ls-task-name').boundingBox())!;
      const count = (await row.locator('.ls-task-count').boundingBox())!;
      // Side by side with a gap, or one under the other: never overlapping.
      const apart = name.x + name.width <= count.x - 4 || name.y + name.height <= count.y;
      expect(apart, task).toBe(true);
    }
    await page.getByTestId('samples-icr_open').fill('7');
    await expect(page.getByTestId('samples-icr_open')).toHaveValue('7');
    await expect(page.getByTestId('samples-factoid')).toHaveValue(String(PAPER_PRESET_SAMPLES));
  });
});

for (const size of SIZES) {
  test(`screens at ${size.name}: results, examples, setup`, async ({ page }) => {
    await page.setViewportSize({ width: size.width, height: size.height });
    await openPaperExample(page);
    if (size.projector) {
      await page.getByTestId('projector').click();
      await expect(page.locator('html')).toHaveClass(/projector/);
    }
    await expectNoSidewaysScroll(page, size.width);
    await page.getByTestId('headline').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `test-results/teach-${size.name}-headline.png` });
    const browser = page.getByTestId('example-browser');
    await browser.getByTestId('example-point').selectOption(POINT);
    await browser.getByTestId('example-filter-lost').check();
    await browser.getByTestId('example').first().scrollIntoViewIfNeeded();
    await expectNoSidewaysScroll(page, size.width);
    await page.screenshot({ path: `test-results/teach-${size.name}-examples.png` });
    await page.getByTestId('tab-lab').click();
    await expect(page.getByTestId('tasks-editor')).toBeVisible();
    await expectNoSidewaysScroll(page, size.width);
    await page.getByTestId('tasks-editor').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `test-results/teach-${size.name}-setup.png` });
    await page.screenshot({ path: `test-results/teach-${size.name}-setup-full.png`, fullPage: true });
  });
}
