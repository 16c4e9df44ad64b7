import { readShared, sharedRoot } from '../tools/shared-files.ts';
import type { ReadShared } from './golden-core.ts';

export const hasShared = sharedRoot() !== null;

export const readSharedNode: ReadShared = async (relPath) => {
  const bytes = readShared(relPath);
  return bytes ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) : null;
};
