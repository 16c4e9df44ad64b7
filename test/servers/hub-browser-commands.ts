// Browser-test commands (vitest runs them in Node for the page) around one local hub server: a
// page starts it with the files it built, cuts its connections part-way, and reads what was asked.
import type { BrowserCommand } from 'vitest/node';
import { startHubServer, type DropRule, type HubServer } from './hub-server.ts';

/** A repo as the page sends it: repo-relative path -> base64 of the bytes. */
export interface PageRepo {
  id: string;
  files: Record<string, string>;
}

let hub: HubServer | null = null;

function running(): HubServer {
  if (!hub) throw new Error('no hub server: call startHub first');
  return hub;
}

const startHub: BrowserCommand<[repos: PageRepo[]]> = async (_ctx, repos) => {
  await hub?.close();
  hub = await startHubServer(
    repos.map((r) => ({ id: r.id, sha: 'a'.repeat(40), files: new Map(Object.entries(r.files).map(([path, b64]) => [path, new Uint8Array(Buffer.from(b64, 'base64'))])) })),
    { crossOrigin: true },
  );
  return hub.url;
};

/** Cuts the next `times` answers for the file after `afterBytes` bytes of their body. */
const dropHubConnection: BrowserCommand<[rule: DropRule]> = (_ctx, rule) => {
  running().drop(rule);
};

/** Every file request so far, as "GET path [range]". */
const hubFileRequests: BrowserCommand<[]> = () => running().fileRequests();

const stopHub: BrowserCommand<[]> = async () => {
  await hub?.close();
  hub = null;
};

export const hubBrowserCommands = { startHub, dropHubConnection, hubFileRequests, stopHub };
