// Server-side renders of the results views: numbers, reproduction marks and escaping, without a browser.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { hostileSweep, paperFindingSweep } from '../../../test/state/sweep-fixtures.ts';
import { asVersion1 } from '../../../test/state/version1.ts';
import { compareSweeps } from '../../state/reproduce.ts';
import { useResults } from '../../state/results-store.ts';
import { validateSweep } from '../../state/sweep.ts';
import { DropTableView } from './drop-table-view.tsx';
import { ExampleBrowser } from './example-browser.tsx';
import { ResultsView } from './results-view.tsx';

describe('results views rendered', () => {
  it('marks each drop-table number reproduced or not against a re-run', () => {
    const rerun = paperFindingSweep();
    rerun.points.find((p) => p.key === 'magnitude|s=0.5')!.record.scores[0].kick.value = 0.1;
    const report = compareSweeps(paperFindingSweep(), rerun);
    const html = renderToStaticMarkup(createElement(DropTableView, { sweep: paperFindingSweep(), rule: 'kick', reproduction: report }));
    expect(html.match(/✗ no/g)).toHaveLength(1);
    // 6 compressed points x 2 tasks + 6 perplexity rows, one of them off.
    expect(html.match(/✓ yes/g)).toHaveLength(6 * 2 + 6 - 1);
    expect(html).toContain('10.00 ±5.00');
  });

  it('shows intervals, the paired drop, its p-value and a worded verdict in the drop table', () => {
    const html = renderToStaticMarkup(createElement(DropTableView, { sweep: paperFindingSweep(), rule: 'kick' }));
    const row = (key: string, task: string) => html.slice(html.indexOf(`data-point="${key}" data-task="${task}"`)).split('</tr>')[0];
    // magnitude 50%: 6 of 20 against 12 of 20, all six lost.
    const m50 = row('magnitude|s=0.5', 'factoid');
    expect(m50).toContain('>30.00</td>');
    expect(m50).toContain('[14.5, 51.9]');
    expect(m50).toContain('[38.7, 78.1]');
    expect(m50).toContain('0.031');
    expect(m50).toContain('✗ does not match');
    expect(row('wanda|s=0.3', 'factoid')).toContain('✓ matches');
    expect(row('wanda|s=0.5', 'factoid')).toMatch(/\? undecided<\/span> <span class="kr-nowrap">\(n = 20\)/);
    expect(html).toContain('McNemar');
    // Perplexity: compared on windows, the verdict of the paired interval.
    expect(html.slice(html.indexOf('data-testid="ppl-row" data-point="wanda|s=0.3"')).split('</tr>')[0]).toContain('✓ matches');
  });

  it('shows the intervals of a version 1 record computed from its examples, and says why perplexity has none', () => {
    const file = validateSweep(asVersion1(validateSweep(JSON.parse(readFileSync(new URL('../../../public/examples/paper-finding.json', import.meta.url), 'utf8')))));
    const html = renderToStaticMarkup(createElement(DropTableView, { sweep: file, rule: 'strict' }));
    expect(html).toContain('✗ does not match');
    expect(html).toMatch(/data-col="score-ci"[^>]*>\[\d/);
    expect(html).toContain('(point estimate)');
    expect(html).toMatch(/title="the record keeps no per-window losses[^"]*"[^>]*>—/);
  });

  it('explains the intervals in one line and names the band and n in the legends', () => {
    const s = paperFindingSweep();
    useResults.getState().show(s, 'share');
    const html = renderToStaticMarkup(createElement(ResultsView, { sweep: s }));
    expect(html).toContain('Bars show 95% intervals: with 20 examples a score can move by up to ±20 points by chance.');
    expect(html.match(/data-testid="interval-explainer"/g)).toHaveLength(1);
    expect(html).toContain('matching: within 5% below dense');
    expect(html).toContain('matching: within 5% above dense');
    expect(html).toContain('magnitude (n = 20)');
    expect(html).toContain('dense: 95% interval');
  });

  it('prints markup from a sweep as text', () => {
    const s = hostileSweep();
    useResults.getState().show(s, 'share');
    const html = renderToStaticMarkup(createElement(ResultsView, { sweep: s })) + renderToStaticMarkup(createElement(ExampleBrowser, { sweep: s, rule: 'kick' }));
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toMatch(/href="javascript:/i);
    expect(html).toContain('&lt;script&gt;window.__pwned = 1&lt;/script&gt;');
    expect(html).toContain('&lt;a href=&quot;javascript:window.__pwned=4&quot;&gt;click&lt;/a&gt;');
  });
});
