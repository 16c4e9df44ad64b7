// Reads a split through the Hugging Face datasets-server JSON API (/rows), 100 rows per page.
import { z } from 'zod';
import { DatasetLoadError } from './errors.ts';
import { fetchTextCached, type FetchContext } from './fetch-text.ts';
import { validate } from './jsonl.ts';

export const HUB_ROWS_ENDPOINT = 'https://datasets-server.huggingface.co';
export const HUB_PAGE_SIZE = 100;

const rowsPage = z.object({
  rows: z.array(
    z.object({
      row_idx: z.number().int(),
      row: z.record(z.string(), z.unknown()),
      truncated_cells: z.array(z.string()).default([]),
    }),
  ),
  num_rows_total: z.number().int().nonnegative(),
});

export interface HubSplit {
  dataset: string;
  config: string;
  split: string;
}

export interface HubRow {
  rowIdx: number;
  row: Record<string, unknown>;
  /** Cells the server cut short because the row was too large; their values are not usable. */
  truncatedCells: string[];
}

export function rowsUrl(endpoint: string, s: HubSplit, offset: number, length: number): string {
  const q = new URLSearchParams({ dataset: s.dataset, config: s.config, split: s.split, offset: String(offset), length: String(length) });
  return `${endpoint.replace(/\/+$/, '')}/rows?${q.toString()}`;
}

/** All rows of a split (or the first maxRows), page by page. */
export async function fetchHubRows(name: string, endpoint: string, s: HubSplit, ctx: FetchContext, maxRows = Infinity): Promise<HubRow[]> {
  const out: HubRow[] = [];
  let offset = 0;
  let total = Infinity;
  while (offset < total && out.length < maxRows) {
    const length = Math.min(HUB_PAGE_SIZE, maxRows - out.length);
    const url = rowsUrl(endpoint, s, offset, length);
    const text = await fetchTextCached(name, url, ctx);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new DatasetLoadError(name, `${url} did not return JSON`);
    }
    const page = validate(name, `${s.dataset}/${s.config}/${s.split} rows page at offset ${offset}`, json, rowsPage);
    total = page.num_rows_total;
    if (page.rows.length === 0) break;
    for (const r of page.rows) out.push({ rowIdx: r.row_idx, row: r.row, truncatedCells: r.truncated_cells });
    offset += page.rows.length;
  }
  return out;
}
