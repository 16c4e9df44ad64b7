import 'vitest/browser';

declare module 'vitest/browser' {
  interface BrowserCommands {
    /** Base64 of a file below ../shared, or null when the shared folder or the file is absent. */
    readSharedFile(relPath: string): Promise<string | null>;
  }
}
