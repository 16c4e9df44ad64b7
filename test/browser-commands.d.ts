import 'vitest/browser';
import type { PageRepo } from './servers/hub-browser-commands.ts';
import type { DropRule } from './servers/hub-server.ts';

declare module 'vitest/browser' {
  interface BrowserCommands {
    /** Base64 of a file below ../shared, or null when the shared folder or the file is absent. */
    readSharedFile(relPath: string): Promise<string | null>;
    /** Starts (or restarts) a local hub server holding these repos, open to the page; its URL. */
    startHub(repos: PageRepo[]): Promise<string>;
    /** Cuts the next `times` answers for a file after `afterBytes` bytes of their body. */
    dropHubConnection(rule: DropRule): Promise<void>;
    /** Every file request the hub server has had, as "GET path [range]". */
    hubFileRequests(): Promise<string[]>;
    stopHub(): Promise<void>;
  }
}
