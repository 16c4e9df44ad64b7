import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { parseCsv } from '../src/tasks/record.ts';
import { bulkySweep, compressedCount, factoidKickCount, hostileSweep, paperFindingSweep, recordedExample, shareHash, shownInterval, shownPerplexity, shownScore } from './results-fixtures.ts';

const sweep = paperFindingSweep();
const paper = recordedExample('paper');
const quant = recordedExample('quant');

/** Fails the test on any dialog, page error or script the link might have smuggled in. */
function guard(page: Page): string[] {
  const problems: string[] = [];
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  return problems;
}

async function pwned(page: Page): Promise<unknown> {
  return page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned ?? null);
}

test.describe('results from a share link', () => {
  test('a fresh browser opens the link and shows the same numbers in charts and tables', async ({ browser }) => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems = guard(page);
    await page.goto(`/${await shareHash(sweep)}`);

    await expect(page.getByTestId('results-view')).toBeVisible();
    await expect(page.getByTestId('results-title')).toHaveText(sweep.name);
    await expect(page.getByTestId('results-model')).toHaveText('kick-tiny @ main (fp32)');
    await expect(page.getByTestId('share-dropped')).toHaveCount(0);

    // Factoid chart: a line per method, and its numbers table equal to the records.
    const factoid = page.getByTestId('chart-factoid-sparsity');
    await expect(factoid.locator('.recharts-line')).toHaveCount(2);
    // An interval bar at every compressed point; dense's interval shaded around its line; the band.
    await expect(factoid.locator('.kr-error-bar')).toHaveCount(compressedCount(sweep));
    await expect(factoid.locator('.kr-dense-interval')).toHaveCount(1);
    await expect(factoid.locator('.kr-matching-band')).toHaveCount(1);
    await expect(page.getByTestId('chart-factoid-sparsity-legend')).toContainText('matching: within 5% below dense');
    await expect(page.getByTestId('chart-factoid-sparsity-legend')).toContainText('wanda (n = 20)');
    await expect(page.getByTestId('chart-perplexity-sparsity-legend')).toContainText('matching: within 5% above dense');
    await expect(page.getByTestId('chart-perplexity-sparsity').locator('.kr-error-bar')).toHaveCount(compressedCount(sweep));
    await expect(page.getByTestId('interval-explainer')).toHaveText(/^Bars show 95% intervals: with 20 examples a score can move by up to ±\d+ points by chance\. A compressed point matches dense only when/);
    await expect(page.getByTestId('chart-factoid-sparsity-dense')).toHaveText(shownScore(sweep, 'dense', 'factoid', 'kick'));
    for (const key of ['magnitude|s=0.5', 'wanda|s=0.7']) {
      await expect(factoid.locator(`td[data-point="${key}"]`)).toHaveText(shownScore(sweep, key, 'factoid', 'kick'));
    }
    const icr = page.getByTestId('chart-icr_open-sparsity');
    await expect(icr.locator('td[data-point="wanda|s=0.5"]')).toHaveText(shownScore(sweep, 'wanda|s=0.5', 'icr_open', 'kick'));
    await expect(page.getByTestId('chart-perplexity-sparsity').locator('td[data-point="magnitude|s=0.7"]')).toHaveText('96.30');

    // Drop table: score and dense with intervals, the paired drop with its interval and p, the verdict.
    const row = (key: string, task: string) => page.locator(`[data-testid="drop-row"][data-point="${key}"][data-task="${task}"]`);
    await expect(page.getByTestId('drop-row')).toHaveCount(12);
    const m50 = row('magnitude|s=0.5', 'factoid');
    await expect(m50.locator('[data-col="score"]')).toHaveText(shownScore(sweep, 'magnitude|s=0.5', 'factoid', 'kick'));
    await expect(m50.locator('[data-col="score-ci"]')).toHaveText(shownInterval(sweep, 'magnitude|s=0.5', 'factoid', 'kick'));
    await expect(m50.locator('[data-col="dense"]')).toHaveText('60.00');
    await expect(m50.locator('[data-col="dense-ci"]')).toHaveText(shownInterval(sweep, 'dense', 'factoid', 'kick'));
    await expect(m50.locator('[data-col="drop-points"]')).toHaveText('30.00');
    await expect(m50.locator('[data-col="drop-points-ci"]')).toHaveText(/^\[\d+\.\d, \d+\.\d\]$/);
    await expect(m50.locator('[data-col="p"]')).toHaveText('0.031');
    await expect(m50.locator('[data-col="verdict"]')).toHaveText('✗ does not match');
    await expect(row('wanda|s=0.3', 'factoid').locator('[data-col="verdict"]')).toHaveText('✓ matches');
    await expect(row('wanda|s=0.5', 'factoid').locator('[data-col="verdict"]')).toHaveText('? undecided (n = 20)');
    await expect(page.locator('[data-testid="ppl-row"][data-point="wanda|s=0.5"] [data-col="perplexity"]')).toHaveText('10.20');

    // The strict rule switches every number.
    await page.getByTestId('rule-strict').check();
    await expect(row('wanda|s=0.5', 'icr_open').locator('[data-col="score"]')).toHaveText(shownScore(sweep, 'wanda|s=0.5', 'icr_open', 'strict'));
    await expect(icr.locator('td[data-point="wanda|s=0.5"]')).toHaveText(shownScore(sweep, 'wanda|s=0.5', 'icr_open', 'strict'));

    // Layers and examples travel in the link.
    await expect(page.getByTestId('layer-table').locator('tbody tr')).toHaveCount(28);
    await expect(page.getByTestId('example-count')).toHaveText('20 of 20 examples');
    const ex = page.getByTestId('example').first();
    await expect(ex.locator('[data-col="dense-output"]')).toHaveText(' answer 0');

    await page.screenshot({ path: 'test-results/results-share.png', fullPage: true });
    expect(problems).toEqual([]);
    await context.close();
  });

  test('exports each chart as SVG and PNG, and the records as CSV', async ({ page }) => {
    await page.goto(`/${await shareHash(sweep)}`);
    const chart = page.getByTestId('chart-factoid-sparsity');
    await expect(chart.locator('.recharts-line')).toHaveCount(2);

    const [svg] = await Promise.all([page.waitForEvent('download'), chart.getByRole('button', { name: /as SVG/ }).click()]);
    expect(svg.suggestedFilename()).toBe('factoid-qa-kick-vs-sparsity.svg');
    const svgText = readFileSync((await svg.path())!, 'utf8');
    expect(svgText.startsWith('<svg')).toBe(true);
    expect(svgText).toContain('Factoid QA (kick) vs sparsity');
    expect(svgText).toContain('recharts-line');
    // The interval bars and the band travel into the file, with the band's legend entry.
    expect(svgText.match(/class="kr-error-bar"/g)).toHaveLength(compressedCount(sweep));
    expect(svgText).toContain('kr-matching-band');
    expect(svgText).toContain('matching: within 5% below dense');

    const [png] = await Promise.all([page.waitForEvent('download'), chart.getByRole('button', { name: /as PNG/ }).click()]);
    const pngBytes = readFileSync((await png.path())!);
    expect([...pngBytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(pngBytes.readUInt32BE(16)).toBeGreaterThan(400); // width, at 2x

    await page.getByTestId('export-menu').locator('summary').click();
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-records-csv').click()]);
    const rows = parseCsv(readFileSync((await csv.path())!, 'utf8'));
    expect(rows).toHaveLength(1 + 7 * 3);
    expect(rows[0][0]).toBe('model_id');
  });

  test('a link over the size budget drops per-example records and says so', async ({ page }) => {
    const bulky = bulkySweep();
    const hash = await shareHash(bulky);
    expect(hash.length).toBeLessThan(24_100);
    await page.goto(`/${hash}`);
    await expect(page.getByTestId('share-dropped')).toContainText('per-example records');
    await expect(page.getByTestId('results-view')).toContainText('No per-example records in these results.');
    await expect(page.locator('[data-testid="drop-row"][data-point="magnitude|s=0.5"][data-task="factoid"] [data-col="score"]')).toHaveText('30.00');
    // The intervals and paired drops stay in the records, and so on the page.
    await expect(page.locator('[data-testid="drop-row"][data-point="magnitude|s=0.5"][data-task="factoid"] [data-col="score-ci"]')).toHaveText(shownInterval(bulky, 'magnitude|s=0.5', 'factoid', 'kick'));
    await expect(page.locator('[data-testid="drop-row"][data-point="magnitude|s=0.5"][data-task="factoid"] [data-col="verdict"]')).toHaveText('✗ does not match');
    await expect(page.getByTestId('chart-factoid-sparsity').locator('.kr-error-bar')).toHaveCount(compressedCount(bulky));
  });

  test('makes a share link from a recorded example that opens to the same numbers', async ({ page }) => {
    await page.goto('/#results');
    await page.getByTestId('example-paper').click();
    await expect(page.getByTestId('results-title')).toHaveText(paper.sweep.name);
    await page.getByTestId('share-make').click();
    const link = await page.getByTestId('share-link').inputValue();
    expect(link).toMatch(/#share=v1\.[0-9a-f]{8}\./);
    await page.goto('about:blank');
    await page.goto(link);
    await expect(page.getByTestId('results-view')).toBeVisible();
    await expect(page.getByTestId('results-title')).toHaveText(paper.sweep.name);
    for (const [key, task] of [['wanda|s=0.7', 'icr_open'], ['magnitude|s=0.5', 'factoid']] as const) {
      await expect(page.locator(`[data-testid="drop-row"][data-point="${key}"][data-task="${task}"] [data-col="score"]`)).toHaveText(shownScore(paper.sweep, key, task, 'kick'));
    }
  });
});

test.describe('recorded examples', () => {
  test('the paper-finding example shows the numbers of its recorded file', async ({ page }) => {
    const problems = guard(page);
    const s = paper.sweep;
    await page.goto('/#results');
    await page.getByTestId('example-paper').click();
    await expect(page.getByTestId('results-title')).toHaveText(s.name);
    await expect(page.getByTestId('results-view')).toContainText('recorded with the app');
    await expect(page.getByTestId('chart-factoid-sparsity-dense')).toHaveText(shownScore(s, 'dense', 'factoid', 'kick'));
    await expect(page.getByTestId('chart-icr_open-sparsity-dense')).toHaveText(shownScore(s, 'dense', 'icr_open', 'kick'));
    const factoid = page.getByTestId('chart-factoid-sparsity');
    await expect(factoid.locator('.recharts-line')).toHaveCount(2);
    // A version 2 file: the intervals and paired drops it recorded.
    await expect(factoid.locator('.kr-error-bar')).toHaveCount(compressedCount(s));
    await expect(page.getByTestId('chart-factoid-sparsity-legend')).toContainText('matching: within 5% below dense');
    await expect(page.getByTestId('chart-factoid-sparsity-legend')).toContainText(`magnitude (n = ${factoidKickCount(s)})`);
    await expect(page.getByTestId('interval-explainer')).toContainText('Bars show 95% intervals: with 20 examples a score can move by up to ±');
    const verdicts = await page.locator('[data-testid="drop-row"] [data-col="verdict"]').allTextContents();
    expect(verdicts).toHaveLength((s.points.length - 1) * 2);
    for (const v of verdicts) expect(v).toMatch(/^(✓ matches|✗ does not match|\? undecided \(n = \d+\))$/);
    expect(verdicts).toContain('✓ matches');
    expect(verdicts).toContain('✗ does not match');
    // Perplexity is paired on the same windows, with its interval on the chart.
    const pplVerdict = page.locator('[data-testid="ppl-row"][data-point="magnitude|s=0.7"] [data-col="verdict"]');
    await expect(pplVerdict).toHaveText('✗ does not match');
    await expect(pplVerdict).toHaveAttribute('data-basis', 'paired');
    await expect(page.getByTestId('chart-perplexity-sparsity').locator('.kr-error-bar')).toHaveCount(compressedCount(s));
    for (const p of s.points.filter((x) => x.spec.method !== 'dense')) {
      await expect(factoid.locator(`td[data-point="${p.key}"]`)).toHaveText(shownScore(s, p.key, 'factoid', 'kick'));
      await expect(page.locator(`[data-testid="ppl-row"][data-point="${p.key}"] [data-col="perplexity"]`)).toHaveText(shownPerplexity(s, p.key));
    }
    await expect(page.getByTestId('drop-row')).toHaveCount((s.points.length - 1) * 2);
    await page.getByTestId('rule-strict').check();
    await expect(page.locator('[data-testid="drop-row"][data-point="magnitude|s=0.7"][data-task="factoid"] [data-col="score"]')).toHaveText(shownScore(s, 'magnitude|s=0.7', 'factoid', 'strict'));
    // Per-example records and per-layer reports as the run made them.
    const denseFactoid = s.points[0].examples.find((e) => e.task === 'factoid')!.examples;
    await expect(page.getByTestId('example-count')).toContainText(`of ${denseFactoid.length} examples`);
    await expect(page.getByTestId('layer-table').locator('tbody tr')).toHaveCount(s.points[1].layers.length);
    expect(problems).toEqual([]);
  });

  test('a version 1 file still opens: intervals and drops from its per-example records, perplexity by point estimate', async ({ page }) => {
    // The paper-finding example as it was recorded before records carried intervals (version 1).
    const v1 = readFileSync(new URL('../test/records/paper-finding-v1.json', import.meta.url), 'utf8');
    await page.route('**/examples/paper-finding.json', (route) => route.fulfill({ contentType: 'application/json', body: v1 }));
    const problems = guard(page);
    await page.goto('/#results');
    await page.getByTestId('example-paper').click();
    await expect(page.getByTestId('results-title')).toHaveText(paper.sweep.name);
    const factoid = page.getByTestId('chart-factoid-sparsity');
    await expect(factoid.locator('.kr-error-bar')).toHaveCount(compressedCount(paper.sweep));
    const verdicts = await page.locator('[data-testid="drop-row"] [data-col="verdict"]').allTextContents();
    for (const v of verdicts) expect(v).toMatch(/^(✓ matches|✗ does not match|\? undecided \(n = \d+\))$/);
    // No per-window losses in a version 1 record: the point estimates only, and the page says so.
    const pplVerdict = page.locator('[data-testid="ppl-row"][data-point="magnitude|s=0.7"] [data-col="verdict"]');
    await expect(pplVerdict).toHaveText('✗ does not match (point estimate)');
    await expect(pplVerdict).toHaveAttribute('title', /no paired drop/);
    await expect(page.getByTestId('chart-perplexity-sparsity').locator('.kr-error-bar')).toHaveCount(0);
    expect(problems).toEqual([]);
  });

  test('the quantization example shows its recorded file against bit width', async ({ page }) => {
    const s = quant.sweep;
    await page.goto('/#results');
    await page.getByTestId('example-quant').click();
    await expect(page.getByTestId('results-title')).toHaveText(s.name);
    const factoid = page.getByTestId('chart-factoid-bits');
    await expect(page.getByTestId('chart-factoid-bits-dense')).toHaveText(shownScore(s, 'dense', 'factoid', 'kick'));
    await expect(factoid.locator('.kr-error-bar')).toHaveCount(compressedCount(s, 'bits'));
    await expect(page.getByTestId('chart-factoid-sparsity').locator('.kr-error-bar')).toHaveCount(compressedCount(s, 'sparsity'));
    await expect(page.getByTestId('chart-factoid-bits-legend')).toContainText('matching: within 5% below dense');
    await expect(page.locator('[data-testid="drop-row"][data-point="gptq|b=3"][data-task="factoid"] [data-col="verdict"]')).toHaveText('✗ does not match');
    await expect(page.locator('[data-testid="drop-row"][data-point="gptq|b=4"][data-task="factoid"] [data-col="verdict"]')).toHaveText('✓ matches');
    for (const key of ['rtn|b=3', 'gptq|b=4', 'gptq|b=3']) await expect(factoid.locator(`td[data-point="${key}"]`)).toHaveText(shownScore(s, key, 'factoid', 'kick'));
    await expect(page.locator('[data-testid="drop-row"][data-point="wanda|nm=2:4"][data-task="factoid"] [data-col="score"]')).toHaveText(shownScore(s, 'wanda|nm=2:4', 'factoid', 'kick'));
    await expect(page.locator('[data-testid="ppl-row"][data-point="rtn|b=3"] [data-col="perplexity"]')).toHaveText(shownPerplexity(s, 'rtn|b=3'));
  });

  test('an example that cannot be fetched says which and why, and shows no results', async ({ page }) => {
    await page.route(`**/${quant.example.file}`, (route) => route.fulfill({ status: 404, body: 'not here' }));
    await page.route(`**/${paper.example.file}`, (route) => route.fulfill({ status: 200, contentType: 'application/json', body: '{"schema":"kick-lab/sweep","version":1}' }));
    await page.goto('/#results');
    await page.getByTestId('example-quant').click();
    await expect(page.getByTestId('example-error')).toHaveText(`could not load the example ${quant.example.file}: HTTP 404 Not Found`);
    await page.getByTestId('example-paper').click();
    await expect(page.getByTestId('example-error')).toContainText(`the example ${paper.example.file} is not a sweep this app reads: sweep is malformed at`);
    await expect(page.getByTestId('results-view')).toHaveCount(0);
    await expect(page.getByTestId('example-paper')).toBeEnabled();
  });
});

test.describe('bad share links', () => {
  test('a tampered link shows a clear error and no results', async ({ page }) => {
    const problems = guard(page);
    const hash = await shareHash(sweep);
    const i = Math.floor(hash.length * 0.6);
    const tampered = hash.slice(0, i) + (hash[i] === 'A' ? 'B' : 'A') + hash.slice(i + 1);
    await page.goto(`/${tampered}`);
    await expect(page.getByTestId('share-error')).toBeVisible();
    await expect(page.getByTestId('share-error-message')).toHaveText('the link is damaged or was altered: its checksum does not match');
    await expect(page.getByTestId('results-view')).toHaveCount(0);
    await page.screenshot({ path: 'test-results/results-share-tampered.png' });
    expect(problems).toEqual([]);
  });

  test('malformed links carrying markup or script URLs show the error and run nothing', async ({ page }) => {
    const problems = guard(page);
    for (const bad of ['#share=<script>window.__pwned=1</script>', '#share=javascript:window.__pwned=2', '#share=v1.0000.%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E', '#share=v9.00000000.AAAA']) {
      await page.goto(`/${bad}`);
      await expect(page.getByTestId('share-error')).toBeVisible();
      await expect(page.getByTestId('share-error-message')).not.toBeEmpty();
      expect(await page.locator('script:not([src]), img[src="x"]').count()).toBe(0);
      expect(await pwned(page)).toBeNull();
    }
    await expect(page.getByTestId('share-error-message')).toHaveText('this share link has version 9; this app opens version 1');
    expect(problems).toEqual([]);
  });

  test('a valid link whose texts hold markup renders them as text', async ({ page }) => {
    const problems = guard(page);
    await page.goto(`/${await shareHash(hostileSweep())}`);
    await expect(page.getByTestId('results-title')).toContainText('<script>window.__pwned = 1</script>');
    await expect(page.getByTestId('results-model')).toContainText('<img src=x onerror=');
    const first = page.getByTestId('example').first();
    await expect(first.locator('[data-col="prompt"]')).toContainText('javascript:window.__pwned=3');
    await expect(first.locator('[data-col="output"]')).toContainText('<a href="javascript:window.__pwned=4">click</a>');
    expect(await page.locator('a[href^="javascript:"], img[src="x"], script:not([src])').count()).toBe(0);
    expect(await pwned(page)).toBeNull();
    expect(problems).toEqual([]);
  });
});

test.describe('results layout and history', () => {
  test('reads at phone width, switches rule by keyboard, and has a projector mode', async ({ browser }) => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`/${await shareHash(sweep)}`);
    await expect(page.getByTestId('results-view')).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.getByTestId('rule-kick').focus();
    await page.keyboard.press('ArrowRight');
    await expect(page.getByTestId('rule-strict')).toBeChecked();
    await page.getByTestId('projector').focus();
    await page.keyboard.press('Enter');
    await expect(page.locator('html')).toHaveClass(/projector/);
    await expect(page.getByTestId('projector')).toHaveAttribute('aria-pressed', 'true');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: 'test-results/results-phone-projector.png', fullPage: true });
    await context.close();
  });

  test('saves shared results to the history, compares two, opens and deletes', async ({ page }) => {
    await page.goto(`/${await shareHash(sweep)}`);
    await page.getByTestId('save-history').click();
    await expect(page.getByText('Saved to history.')).toBeVisible();
    await page.getByTestId('results-close').click();
    await page.getByTestId('example-quant').click();
    await page.getByTestId('save-history').click();
    await expect(page.getByText('Saved to history.')).toBeVisible();

    await page.getByTestId('tab-history').click();
    await expect(page.getByTestId('history-row')).toHaveCount(2);
    await expect(page.locator(`[data-testid="history-row"][data-id="${quant.sweep.id}"]`)).toContainText(quant.sweep.name);
    for (const box of await page.getByTestId('history-row').getByRole('checkbox').all()) await box.check();
    await page.getByTestId('history-compare').click();
    const compared = page.getByTestId('history-compare-view');
    // One table, a row per point and run: the same numbers as each run's own records.
    await expect(compared.locator('[data-testid="compare-row"][data-point="magnitude|s=0.5"][data-task="factoid"] [data-col="score"]')).toHaveText(shownScore(sweep, 'magnitude|s=0.5', 'factoid', 'kick'));
    await expect(compared.locator('[data-testid="compare-row"][data-point="gptq|b=3"][data-task="factoid"] [data-col="score"]')).toHaveText(shownScore(quant.sweep, 'gptq|b=3', 'factoid', 'kick'));
    await page.screenshot({ path: 'test-results/results-history-compare.png', fullPage: true });

    await page.locator(`[data-testid="history-row"][data-id="${sweep.id}"]`).getByRole('button', { name: 'Open' }).click();
    await expect(page.getByTestId('results-title')).toHaveText(sweep.name);
    await page.getByTestId('tab-history').click();
    await page.locator(`[data-testid="history-row"][data-id="${sweep.id}"]`).getByRole('button', { name: /Delete/ }).click();
    await expect(page.getByTestId('history-row')).toHaveCount(1);
    await page.reload();
    await expect(page.getByTestId('history-row')).toHaveCount(1);
  });
});
