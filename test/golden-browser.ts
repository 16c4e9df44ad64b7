import { commands } from 'vitest/browser';
import type { ReadShared } from './golden-core.ts';

export const readSharedBrowser: ReadShared = async (relPath) => {
  const base64 = await commands.readSharedFile(relPath);
  if (base64 === null) return null;
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
};
