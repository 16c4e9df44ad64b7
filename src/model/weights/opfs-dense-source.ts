// The dense weights in the origin-private file system (OPFS), out of the JS heap. In a dedicated
// worker (the lab's) files are read and written through sync access handles, which also lock
// them: a file whose run is alive cannot be removed, so the stale files of tabs that closed
// mid-run are swept when the next run opens its own. Elsewhere (a page) through File and
// writable streams. Every file of a run carries the run's unique name.
import { checkRange, memoryDenseSource, type DenseSource, type WeightSpill } from './dense-source.ts';

const FOLDER = 'kick-weights';
/** Copies in pieces, so that no second full-size buffer is ever made for a write or a read. */
const CHUNK_BYTES = 64 << 20;

/** One OPFS file written once (or a few times) and read by range. */
interface OpfsFile {
  write(bytes: Uint8Array, at: number): Promise<void>;
  readInto(target: Uint8Array, at: number): Promise<void>;
  /** Closes and removes the file. */
  remove(): Promise<void>;
}

function syncHandlesHere(): boolean {
  return typeof FileSystemFileHandle !== 'undefined' && 'createSyncAccessHandle' in FileSystemFileHandle.prototype && typeof WorkerGlobalScope !== 'undefined' && globalThis instanceof WorkerGlobalScope;
}

async function folder(): Promise<FileSystemDirectoryHandle> {
  if (typeof navigator === 'undefined' || !navigator.storage?.getDirectory) throw new Error('this browser has no origin-private file system');
  return (await navigator.storage.getDirectory()).getDirectoryHandle(FOLDER, { create: true });
}

async function openFile(dir: FileSystemDirectoryHandle, name: string): Promise<OpfsFile> {
  const handle = await dir.getFileHandle(name, { create: true });
  const remove = async () => {
    await dir.removeEntry(name).catch(() => undefined);
  };
  if (syncHandlesHere()) {
    const access = await handle.createSyncAccessHandle();
    access.truncate(0);
    let closed = false;
    return {
      async write(bytes, at) {
        for (let o = 0; o < bytes.byteLength; o += CHUNK_BYTES) {
          const piece = bytes.subarray(o, Math.min(o + CHUNK_BYTES, bytes.byteLength));
          if (access.write(piece, { at: at + o }) !== piece.byteLength) throw new Error(`${name}: short write at ${at + o}`);
        }
        access.flush();
      },
      async readInto(target, at) {
        for (let o = 0; o < target.byteLength; o += CHUNK_BYTES) {
          const piece = target.subarray(o, Math.min(o + CHUNK_BYTES, target.byteLength));
          if (access.read(piece, { at: at + o }) !== piece.byteLength) throw new Error(`${name}: short read at ${at + o}`);
        }
      },
      async remove() {
        if (!closed) access.close();
        closed = true;
        await remove();
      },
    };
  }
  let snapshot: File | null = null;
  return {
    async write(bytes, at) {
      const writable = await handle.createWritable({ keepExistingData: at > 0 });
      try {
        for (let o = 0; o < bytes.byteLength; o += CHUNK_BYTES) {
          await writable.write({ type: 'write', position: at + o, data: bytes.subarray(o, Math.min(o + CHUNK_BYTES, bytes.byteLength)) as Uint8Array<ArrayBuffer> });
        }
      } finally {
        await writable.close();
      }
      snapshot = null;
    },
    async readInto(target, at) {
      snapshot ??= await handle.getFile();
      for (let o = 0; o < target.byteLength; o += CHUNK_BYTES) {
        const end = Math.min(o + CHUNK_BYTES, target.byteLength);
        const piece = new Uint8Array(await snapshot.slice(at + o, at + end).arrayBuffer());
        if (piece.byteLength !== end - o) throw new Error(`${name}: short read at ${at + o}`);
        target.set(piece, o);
      }
    },
    remove,
  };
}

/** Removes the files of runs that ended without removing theirs (live runs' files are locked). */
async function sweepStale(dir: FileSystemDirectoryHandle): Promise<void> {
  if (!syncHandlesHere()) return;
  const names: string[] = [];
  for await (const name of (dir as unknown as { keys(): AsyncIterable<string> }).keys()) names.push(name);
  for (const name of names) await dir.removeEntry(name).catch(() => undefined);
}

function quotaMessage(error: unknown, bytes: number): string {
  const why = error instanceof Error ? error.message : String(error);
  const mb = (bytes / 2 ** 20).toFixed(0);
  return error instanceof DOMException && error.name === 'QuotaExceededError'
    ? `the origin-private file system refused ${mb} MB (storage quota exceeded; free disk space or clear this site's data)`
    : `the origin-private file system could not hold ${mb} MB: ${why}`;
}

let runs = 0;

function runName(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}-${runs++}`;
}

/** A spill of one file per module, in the same OPFS folder. */
function opfsSpill(dir: FileSystemDirectoryHandle, base: string): WeightSpill {
  const files = new Map<string, { file: OpfsFile | null; bytes: Uint8Array | null; length: number }>();
  let next = 0;
  return {
    storage: 'opfs',
    async put(module, bytes) {
      const file = await openFile(dir, `${base}-spill-${next++}`);
      try {
        await file.write(bytes, 0);
        files.set(module, { file, bytes: null, length: bytes.byteLength });
      } catch {
        // Out of quota (or any write failure): this weight waits in memory instead.
        await file.remove();
        files.set(module, { file: null, bytes, length: bytes.byteLength });
      }
    },
    async take(module) {
      const held = files.get(module);
      if (!held) throw new Error(`${module} was not held aside`);
      files.delete(module);
      if (!held.file) return held.bytes!;
      const bytes = new Uint8Array(held.length);
      await held.file.readInto(bytes, 0);
      await held.file.remove();
      return bytes;
    },
    get modules() {
      return [...files.keys()];
    },
    async release() {
      for (const { file } of files.values()) await file?.remove();
      files.clear();
    },
  };
}

/**
 * Writes `bytes` to a new OPFS file and returns a source that reads from it; the caller may then
 * drop its own reference to `bytes`. Throws (with the reason in words) where OPFS is absent or
 * refuses the size.
 */
export async function opfsDenseSource(bytes: Uint8Array): Promise<DenseSource> {
  const dir = await folder();
  await sweepStale(dir);
  const base = runName();
  const file = await openFile(dir, `${base}-dense`);
  try {
    await file.write(bytes, 0);
  } catch (error) {
    await file.remove();
    throw new Error(quotaMessage(error, bytes.byteLength));
  }
  const byteLength = bytes.byteLength;
  let released = false;
  return {
    storage: 'opfs',
    reason: `in the origin-private file system (${syncHandlesHere() ? 'sync access handles' : 'File reads'})`,
    byteLength,
    inMemory: null,
    async readInto(target, at) {
      if (released) throw new Error('the dense weights were released');
      checkRange(at, target.byteLength, byteLength);
      await file.readInto(target, at);
    },
    async openSpill() {
      return opfsSpill(dir, base);
    },
    async release() {
      released = true;
      await file.remove();
    },
  };
}

/** OPFS where it is here and takes the bytes, else memory, with the reason. */
export async function keepDenseBytes(bytes: Uint8Array, storage: 'auto' | 'memory' = 'auto'): Promise<DenseSource> {
  if (storage === 'memory') return memoryDenseSource(bytes, 'kept in memory as asked');
  try {
    return await opfsDenseSource(bytes);
  } catch (error) {
    return memoryDenseSource(bytes, `kept in memory: ${error instanceof Error ? error.message : String(error)}`);
  }
}
