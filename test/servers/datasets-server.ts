// A local stand-in for both ways the lab reads data: static files under /static/ (a folder of the
// fixture layout, or files a test writes itself) and the datasets-server JSON API at /rows.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, normalize, sep } from 'node:path';
import { closeServer, listen, sendJson, type RunningServer } from './http.ts';
import { hubKey, type HubTables, type Row } from './hub-layout.ts';

export interface DatasetsServerOptions {
  /** Folder served under /static/ (e.g. ../shared/datasets); null = none. */
  staticDir?: string | null;
  /** In-memory files served under /static/<path>, taking precedence over staticDir. */
  files?: Record<string, string>;
  hubTables?: HubTables;
  /** Paths (pathname) that answer HTTP 500, to test failures. */
  failingPaths?: string[];
  /** Paths that answer HTTP 429 this many times before they succeed. */
  rateLimitedPaths?: Record<string, number>;
}

export interface DatasetsServer extends RunningServer {
  /** Every request's path and query, in order. */
  requests: string[];
}

const MAX_PAGE = 100;

export async function startDatasetsServer(opts: DatasetsServerOptions): Promise<DatasetsServer> {
  const requests: string[] = [];
  const { server, url } = await listen((req, res) => {
    const u = new URL(req.url ?? '/', 'http://localhost');
    requests.push(u.pathname + u.search);
    if (opts.failingPaths?.includes(u.pathname)) return sendJson(res, 500, { error: 'injected failure' });
    const limited = opts.rateLimitedPaths?.[u.pathname] ?? 0;
    if (limited > 0 && opts.rateLimitedPaths) {
      opts.rateLimitedPaths[u.pathname] = limited - 1;
      return sendJson(res, 429, { error: 'Too Many Requests' });
    }
    if (u.pathname === '/rows') {
      const q = u.searchParams;
      const dataset = q.get('dataset');
      const config = q.get('config');
      const split = q.get('split');
      if (!dataset || !config || !split) return sendJson(res, 422, { error: 'Parameters dataset, config and split are required' });
      const offset = Number(q.get('offset') ?? '0');
      const length = Number(q.get('length') ?? String(MAX_PAGE));
      if (!Number.isInteger(offset) || offset < 0) return sendJson(res, 422, { error: 'Parameter offset must be a non-negative integer' });
      if (!Number.isInteger(length) || length < 0 || length > MAX_PAGE) return sendJson(res, 422, { error: `Parameter length must be between 0 and ${MAX_PAGE}` });
      const table = opts.hubTables?.get(hubKey(dataset, config, split));
      if (!table) return sendJson(res, 404, { error: 'The dataset does not exist, or is not accessible without authentication' });
      const all = table();
      const rows = all.slice(offset, offset + length).map((row: Row, i: number) => ({ row_idx: offset + i, row, truncated_cells: [] }));
      const features = Object.keys(all[0] ?? {}).map((name, i) => ({ feature_idx: i, name, type: { _type: 'Value' } }));
      return sendJson(res, 200, { features, rows, num_rows_total: all.length, num_rows_per_page: MAX_PAGE, partial: false });
    }
    if (u.pathname.startsWith('/static/')) {
      const rel = decodeURIComponent(u.pathname.slice('/static/'.length));
      const inMemory = opts.files?.[rel];
      if (inMemory !== undefined) {
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
        return void res.end(inMemory);
      }
      if (opts.staticDir) {
        const path = normalize(join(opts.staticDir, rel));
        if (path.startsWith(opts.staticDir + sep) && existsSync(path) && statSync(path).isFile()) {
          res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
          return void res.end(readFileSync(path));
        }
      }
    }
    sendJson(res, 404, { error: 'not found' });
  });
  return { url, requests, close: () => closeServer(server) };
}
