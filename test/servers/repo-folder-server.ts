// Serves model repos as plain folders (GET /<name>/<repo-relative file>), with or without the CORS
// header a page on another origin needs: for the broken-model and CORS cases of npm run kick.
import type { RepoFiles } from '../models/tiny-models.ts';
import { closeServer, listen, type RunningServer } from './http.ts';

export interface RepoFolderServer extends RunningServer {
  /** The folder URL of a repo, as --model takes it. */
  folder(name: string): string;
}

export async function startRepoFolderServer(repos: ReadonlyMap<string, RepoFiles>, options: { cors: boolean }): Promise<RepoFolderServer> {
  const { server, url } = await listen((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname).slice(1);
    const slash = path.indexOf('/');
    const body = slash > 0 ? repos.get(path.slice(0, slash))?.get(path.slice(slash + 1)) : undefined;
    const cors: Record<string, string> = options.cors ? { 'access-control-allow-origin': '*' } : {};
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { ...cors, 'access-control-allow-headers': '*' });
      res.end();
      return;
    }
    if (!body) {
      res.writeHead(404, cors);
      res.end();
      return;
    }
    res.writeHead(200, { ...cors, 'content-type': 'application/octet-stream', 'content-length': String(body.length) });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  return { url, folder: (name) => `${url}/${name}/`, close: () => closeServer(server) };
}
