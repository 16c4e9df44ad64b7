// Server-side renders of the results views: numbers, reproduction marks and escaping, without a browser.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { hostileSweep, paperFindingSweep } from '../../../test/state/sweep-fixtures.ts';
import { compareSweeps } from '../../state/reproduce.ts';
import { useResults } from '../../state/results-store.ts';
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
