// A local stand-in for the Hugging Face hub's file endpoints: the file listing
// (/api/models/{id}/revision/{rev}) and file downloads (/{id}/resolve/{rev}/{file}) with Range
// support, plus the failures the model resolver must survive: unknown ids (404), gated repos
// (401 without the token), and connections dropped part-way through a file.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { allowCrossOrigin, closeServer, listen, sendJson, type RunningServer } from './http.ts';

export interface HubRepo {
  id: string;
  /** Commit id the revisions resolve to (40 hex digits). */
  sha: string;
  /** Repo-relative path -> bytes. */
  files: Map<string, Uint8Array>;
  /** Revisions answered besides the sha itself. */
  revisions?: string[];
  /** Answer 401 unless the request carries "Authorization: Bearer <token>". */
  gatedToken?: string;
}

export interface DropRule {
  /** Repo-relative file name. */
  file: string;
  /** Bytes of the body sent before the connection is destroyed. */
  afterBytes: number;
  /** How many responses are cut (then the file is served whole). */
  times: number;
}

export interface HubServer extends RunningServer {
  /** Every request as "METHOD path [range]". */
  readonly log: string[];
  drop(rule: DropRule): void;
  /** Serve files without Range support (always 200 with the whole body). */
  setRangeSupport(on: boolean): void;
  fileRequests(): string[];
}

/** How long a cut answer's partial body is left to be read before the connection closes. */
const CUT_DELAY_MS = 300;

function parseRange(header: string | undefined, size: number): { start: number; end: number } | null | 'invalid' {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m) return 'invalid';
  let start: number;
  let end: number;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start >= size || start > end) return 'invalid';
  return { start, end };
}

export interface HubServerOptions {
  /** Answer pages of any origin (a browser test's page), preflights included. */
  crossOrigin?: boolean;
}

export async function startHubServer(repos: HubRepo[], options: HubServerOptions = {}): Promise<HubServer> {
  const byId = new Map(repos.map((r) => [r.id, r]));
  const log: string[] = [];
  const drops: DropRule[] = [];
  let rangeSupport = true;

  const authorised = (repo: HubRepo, req: IncomingMessage) => !repo.gatedToken || req.headers.authorization === `Bearer ${repo.gatedToken}`;
  const knows = (repo: HubRepo, rev: string) => rev === repo.sha || (repo.revisions ?? ['main']).includes(rev);

  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://hub.local');
    const path = decodeURIComponent(url.pathname);
    log.push(`${req.method} ${path}${req.headers.range ? ` ${req.headers.range}` : ''}`);

    if (path.startsWith('/api/models/')) {
      const m = /^\/api\/models\/(.+)\/revision\/([^/]+)$/.exec(path);
      const repo = m ? byId.get(m[1]) : undefined;
      if (!m || !repo || !knows(repo, m[2])) return sendJson(res, 404, { error: 'Repository not found' });
      if (!authorised(repo, req)) return sendJson(res, 401, { error: `Access to model ${repo.id} is restricted. You must have access to it and be authenticated to access it.` });
      return sendJson(res, 200, { id: repo.id, modelId: repo.id, sha: repo.sha, private: false, gated: repo.gatedToken ? 'auto' : false, siblings: [...repo.files.keys()].map((rfilename) => ({ rfilename })) });
    }

    const m = /^\/(.+?)\/resolve\/([^/]+)\/(.+)$/.exec(path);
    const repo = m ? byId.get(m[1]) : undefined;
    if (!m || !repo || !knows(repo, m[2])) return sendJson(res, 404, { error: 'Repository not found' });
    if (!authorised(repo, req)) return sendJson(res, 401, { error: 'Access restricted' });
    const file = m[3];
    const body = repo.files.get(file);
    if (!body) return sendJson(res, 404, { error: 'Entry not found' });

    const range = rangeSupport ? parseRange(req.headers.range, body.length) : null;
    if (range === 'invalid') {
      res.writeHead(416, { 'content-range': `bytes */${body.length}` });
      res.end();
      return;
    }
    const start = range ? range.start : 0;
    const end = range ? range.end : body.length - 1;
    const headers: Record<string, string> = {
      'content-type': 'application/octet-stream',
      'content-length': String(end - start + 1),
      etag: `"${repo.sha}-${file}"`,
      'x-repo-commit': repo.sha,
    };
    if (rangeSupport) headers['accept-ranges'] = 'bytes';
    if (range) headers['content-range'] = `bytes ${start}-${end}/${body.length}`;
    res.writeHead(range ? 206 : 200, headers);
    if (req.method === 'HEAD') return void res.end();
    const slice = body.subarray(start, end + 1);
    const rule = drops.find((d) => d.file === file && d.times > 0);
    if (rule && rule.afterBytes < slice.length) {
      rule.times--;
      // Send part of the body, then close the connection without finishing the response. The close
      // waits a moment: a browser's body stream that errors drops the chunks its reader has not
      // taken yet, so that how much arrived before the cut would vary from run to run.
      res.write(slice.subarray(0, rule.afterBytes), () => setTimeout(() => res.socket?.end(), CUT_DELAY_MS));
      return;
    }
    res.end(slice);
  };

  const { server, url } = await listen(options.crossOrigin ? allowCrossOrigin(handler) : handler);
  return {
    url,
    log,
    close: () => closeServer(server),
    drop: (rule) => drops.push({ ...rule }),
    setRangeSupport: (on) => {
      rangeSupport = on;
    },
    fileRequests: () => log.filter((l) => l.includes('/resolve/')),
  };
}
