// Layout assertions run inside the page: they measure boxes, not pixels, so that they hold on any
// font and any machine. Each returns the problems it found as sentences (an empty list passes).
import type { Page } from '@playwright/test';

export interface ViewSize {
  name: string;
  width: number;
  height: number;
  projector: boolean;
}

export const VIEW_SIZES: ViewSize[] = [
  { name: '1440x900', width: 1440, height: 900, projector: false },
  { name: '1024x768', width: 1024, height: 768, projector: false },
  { name: '1440x900-projector', width: 1440, height: 900, projector: true },
  { name: '1024x768-projector', width: 1024, height: 768, projector: true },
];

/** Names an element for a problem report: its test id, or its tag and first words. */
const DESCRIBE = `
  window.__krDescribe = (el) => {
    const id = el.closest('[data-testid]')?.getAttribute('data-testid') ?? '';
    const text = (el.textContent ?? '').trim().replace(/\\s+/g, ' ').slice(0, 40);
    return \`\${el.tagName.toLowerCase()}\${id ? \` in [\${id}]\` : ''} "\${text}"\`;
  };
`;

async function withDescribe(page: Page): Promise<void> {
  await page.evaluate(DESCRIBE);
}

/** No element reaches past the viewport's right edge, except inside a container that scrolls. */
export async function overflowingElements(page: Page): Promise<string[]> {
  await withDescribe(page);
  return page.evaluate(() => {
    const describe = (window as unknown as { __krDescribe: (e: Element) => string }).__krDescribe;
    const vw = document.documentElement.clientWidth;
    const problems: string[] = [];
    if (document.documentElement.scrollWidth > vw) problems.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} > ${vw}`);
    const scrolls = (e: Element) => ['auto', 'scroll'].includes(getComputedStyle(e).overflowX);
    for (const el of document.querySelectorAll('main *')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.right <= vw + 0.5) continue;
      let inScroller = false;
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) if (scrolls(a)) inScroller = true;
      if (!inScroller) problems.push(`${describe(el)} ends at ${Math.round(r.right)} px, past the ${vw} px viewport`);
    }
    return problems.slice(0, 10);
  });
}

/**
 * Every table column is wholly inside its scroll container, or the container scrolls and the
 * table's action column (the last, `.kr-actions` or `[data-sticky]`) stays in view (sticky).
 */
export async function clippedColumns(page: Page): Promise<string[]> {
  await withDescribe(page);
  return page.evaluate(() => {
    const describe = (window as unknown as { __krDescribe: (e: Element) => string }).__krDescribe;
    const problems: string[] = [];
    for (const table of document.querySelectorAll('main table')) {
      if (table.closest('details:not([open])')) continue;
      const box = table.parentElement!;
      const boxRect = box.getBoundingClientRect();
      const overflows = box.scrollWidth > box.clientWidth + 1;
      if (!overflows) {
        for (const cell of table.querySelectorAll('thead th')) {
          const r = cell.getBoundingClientRect();
          if (r.right > boxRect.right + 1) problems.push(`column ${describe(cell)} ends at ${Math.round(r.right)}, past its table's box at ${Math.round(boxRect.right)}`);
        }
        continue;
      }
      const scrolls = ['auto', 'scroll'].includes(getComputedStyle(box).overflowX);
      const action = table.querySelector('tbody tr > :last-child');
      const sticky = action && getComputedStyle(action).position === 'sticky' && action.querySelector('button');
      if (!scrolls) problems.push(`${describe(table)} is wider than its box (${box.scrollWidth} > ${box.clientWidth}) and the box does not scroll`);
      else if (!sticky) problems.push(`${describe(table)} needs a sideways scroll (${box.scrollWidth} > ${box.clientWidth}) and has no sticky action column`);
    }
    return problems;
  });
}

/** Chart cards side by side in a grid share one height, and each card's title shares a line with its buttons. */
export async function misalignedCharts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    for (const grid of document.querySelectorAll('.kr-chart-grid')) {
      const rows = new Map<number, DOMRect[]>();
      for (const card of grid.querySelectorAll(':scope > .kr-chart')) {
        const r = card.getBoundingClientRect();
        const top = Math.round(r.top);
        rows.set(top, [...(rows.get(top) ?? []), r]);
      }
      for (const [top, cards] of rows) {
        const hs = cards.map((c) => Math.round(c.height));
        if (Math.max(...hs) - Math.min(...hs) > 1) problems.push(`chart cards in the row at ${top} px differ in height: ${hs.join(', ')}`);
      }
    }
    for (const head of document.querySelectorAll('.kr-chart-head')) {
      const buttons = [...head.querySelectorAll('button')].map((b) => b.getBoundingClientRect());
      const title = head.querySelector('.kr-chart-title')!.getBoundingClientRect();
      for (const b of buttons) if (b.top >= title.bottom - 1) problems.push(`the buttons of chart "${head.textContent}" sit below its title`);
    }
    return problems;
  });
}

/** Every button is inside the viewport sideways and not cut off by a container that clips. */
export async function hiddenButtons(page: Page): Promise<string[]> {
  await withDescribe(page);
  return page.evaluate(() => {
    const describe = (window as unknown as { __krDescribe: (e: Element) => string }).__krDescribe;
    const vw = document.documentElement.clientWidth;
    const problems: string[] = [];
    for (const b of document.querySelectorAll('main button, main summary')) {
      if (b.closest('details:not([open])') && b.tagName !== 'SUMMARY') continue;
      const r = b.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      if (r.left < -0.5 || r.right > vw + 0.5) {
        problems.push(`${describe(b)} is outside the viewport (${Math.round(r.left)}..${Math.round(r.right)})`);
        continue;
      }
      for (let a = b.parentElement; a && a !== document.body; a = a.parentElement) {
        if (getComputedStyle(a).overflowX === 'visible') continue;
        const c = a.getBoundingClientRect();
        if (r.left < c.left - 0.5 || r.right > c.right + 0.5) {
          problems.push(`${describe(b)} is cut off by ${describe(a)} (${Math.round(r.left)}..${Math.round(r.right)} in ${Math.round(c.left)}..${Math.round(c.right)})`);
          break;
        }
      }
    }
    return problems;
  });
}

/** How many rows the children of a toolbar take (children that overlap vertically share a row). */
export async function toolbarRows(page: Page, selector: string): Promise<number> {
  return page.locator(selector).evaluate((bar) => {
    const boxes = [...bar.children].map((c) => c.getBoundingClientRect()).filter((r) => r.height > 0).sort((a, b) => a.top - b.top);
    let rows = 0;
    let bottom = -Infinity;
    for (const r of boxes) {
      if (r.top >= bottom - 1) rows++;
      bottom = Math.max(bottom, r.bottom);
    }
    return rows;
  });
}

/** Axis titles that touch a tick label in their chart. */
export async function crowdedAxisTitles(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const meets = (a: DOMRect, b: DOMRect) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    for (const svg of document.querySelectorAll('main svg.recharts-surface')) {
      const ticks = [...svg.querySelectorAll('.recharts-cartesian-axis-tick-value')];
      for (const title of svg.querySelectorAll('.recharts-label')) {
        const box = title.getBoundingClientRect();
        for (const t of ticks) {
          if (!meets(box, t.getBoundingClientRect())) continue;
          const chart = svg.closest('[data-testid]')?.getAttribute('data-testid');
          problems.push(`in ${chart}, the axis title "${title.textContent}" sits on the tick "${t.textContent}"`);
        }
      }
    }
    return problems;
  });
}

/** The cells of `selector` that a person cannot see: covered by another element (a sticky column) or scrolled away. */
export async function coveredCells(page: Page, selector: string): Promise<string[]> {
  return page.locator(selector).evaluateAll((cells) =>
    cells.flatMap((cell) => {
      const r = cell.getBoundingClientRect();
      const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      return top && (top === cell || cell.contains(top)) ? [] : [`"${cell.textContent}" is hidden under ${top ? top.tagName.toLowerCase() + (top.className ? `.${String(top.className)}` : '') : 'nothing (off screen)'}`];
    }),
  );
}
