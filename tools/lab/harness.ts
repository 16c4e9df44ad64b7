// Runs project code outside the app: in Node through Vite's SSR loader (so WGSL ?raw imports work)
// and in headless Chromium with WebGPU on a page served by the same Vite server. Input files are
// streamed to the page and results posted back over HTTP, so 100 MB layers never pass through
// page.evaluate.
import { createReadStream, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright';
import { createServer, type Plugin, type ViteDevServer } from 'vite';
import { CHROMIUM_ARGS, chromiumPath } from '../chromium.ts';
import { CROSS_ORIGIN_ISOLATION_HEADERS } from '../cross-origin-isolation.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * KICK_OFFLINE=1: the page resolves no host but this machine's, as on a network without the hub
 * (how the tests check that `npm run kick` needs nothing from outside).
 */
const OFFLINE_ARGS = ['--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'];

type Route = { kind: 'in'; path: string } | { kind: 'out'; path: string } | { kind: 'folder'; path: string };

export interface HarnessOptions {
  /**
   * A browser profile on disk (removed on close) instead of an in-memory one: storage (Cache
   * Storage, the origin-private file system) then has a disk's quota, as in a user's browser.
   */
  diskProfile?: boolean;
}

export class LabHarness {
  private routes = new Map<string, Route>();
  private nextId = 0;
  private browser: Browser | BrowserContext | null = null;
  private pageP: Promise<Page> | null = null;
  private profile: string | null = null;

  private constructor(
    private server: ViteDevServer,
    private readonly options: HarnessOptions,
  ) {}

  static async start(options: HarnessOptions = {}): Promise<LabHarness> {
    let harness: LabHarness | null = null;
    const files: Plugin = {
      name: 'kick-lab-files',
      configureServer(server) {
        server.middlewares.use('/__kick/', (req: IncomingMessage, res: ServerResponse) => {
          harness?.handle(req, res);
        });
      },
    };
    const server = await createServer({
      root,
      configFile: false,
      logLevel: 'error',
      appType: 'mpa',
      plugins: [files],
      // Cross-origin isolated, as the app is served: ORT's wasm EP then runs on several threads.
      server: { host: '127.0.0.1', port: 0, hmr: false, watch: null, headers: { ...CROSS_ORIGIN_ISOLATION_HEADERS } },
      optimizeDeps: { noDiscovery: true, include: [] },
    });
    await server.listen();
    harness = new LabHarness(server, options);
    return harness;
  }

  /** Loads a project module in Node, with Vite's transforms. */
  ssr<T>(path: string): Promise<T> {
    return this.server.ssrLoadModule(path) as Promise<T>;
  }

  /** A URL path from which the page can fetch `file`. */
  input(file: string): string {
    const id = `in-${this.nextId++}`;
    this.routes.set(id, { kind: 'in', path: file });
    return `/__kick/${id}`;
  }

  /** A folder URL (ending in /) under which the page can fetch every file of `dir`, as a model repo. */
  folder(dir: string): string {
    const id = `dir-${this.nextId++}`;
    this.routes.set(id, { kind: 'folder', path: dir });
    return `/__kick/${id}/`;
  }

  /** A URL path to which the page can POST bytes that land in `file`. */
  output(file: string): string {
    const id = `out-${this.nextId++}`;
    this.routes.set(id, { kind: 'out', path: file });
    return `/__kick/${id}`;
  }

  /** The browser profile's folder when it is on disk (HarnessOptions.diskProfile), once the page has started. */
  get profileDir(): string | null {
    return this.profile;
  }

  /** The runner page in headless Chromium with WebGPU, started on first use. */
  page(): Promise<Page> {
    this.pageP ??= this.openPage();
    return this.pageP;
  }

  private async openPage(): Promise<Page> {
    const launch = {
      executablePath: chromiumPath(),
      args: [...CHROMIUM_ARGS, '--enable-precise-memory-info', ...(process.env.KICK_OFFLINE === '1' ? OFFLINE_ARGS : [])],
      headless: true,
    };
    let page: Page;
    if (this.options.diskProfile) {
      this.profile = mkdtempSync(join(tmpdir(), 'kick-harness-profile-'));
      const context = await chromium.launchPersistentContext(this.profile, launch);
      this.browser = context;
      page = context.pages()[0] ?? (await context.newPage());
    } else {
      const browser = await chromium.launch(launch);
      this.browser = browser;
      page = await browser.newPage();
    }
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const { port } = this.server.httpServer?.address() as AddressInfo;
    await page.goto(`http://127.0.0.1:${port}/tools/lab/runner.html`);
    await page.waitForFunction(() => 'kickRunner' in window, null, { timeout: 120_000 }).catch(() => {
      throw new Error(`the runner page did not start: ${errors.join('; ') || 'no error reported'}`);
    });
    return page;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = (req.url ?? '').replace(/^\//, '').split('?')[0];
    const slash = url.indexOf('/');
    const route = this.routes.get(slash < 0 ? url : url.slice(0, slash));
    const inFolder = route?.kind === 'folder' ? resolve(route.path, decodeURIComponent(url.slice(slash + 1))) : null;
    if (!route || (inFolder !== null && (!inFolder.startsWith(`${resolve(route.path)}/`) || !existsSync(inFolder)))) {
      res.statusCode = 404;
      res.end('unknown file');
      return;
    }
    if (route.kind === 'in' || inFolder !== null) {
      const path = inFolder ?? route.path;
      res.setHeader('content-length', String(statSync(path).size));
      res.setHeader('content-type', 'application/octet-stream');
      if (req.method === 'HEAD') res.end();
      else createReadStream(path).pipe(res);
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      writeFileSync(route.path, Buffer.concat(chunks));
      res.statusCode = 204;
      res.end();
    });
  }

  async close(): Promise<void> {
    await this.browser?.close();
    await this.server.close();
    if (this.profile) rmSync(this.profile, { recursive: true, force: true });
  }
}
