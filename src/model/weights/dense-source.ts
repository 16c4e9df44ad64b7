// Where the dense weight bytes live while a run patches its one working copy. A run keeps at most
// one full copy in the JS heap (the patched bytes sessions are built from); the dense bytes they
// are restored from sit in the origin-private file system where the browser has one, else in
// memory (Node, tests, browsers without OPFS: then the run holds two copies, as it used to).

export type DenseStorage = 'opfs' | 'memory';

/** The dense external-data bytes, read by range. */
export interface DenseSource {
  readonly storage: DenseStorage;
  /** Why this storage was used (the other one failed, or was not available here). */
  readonly reason: string;
  readonly byteLength: number;
  /** The bytes themselves when the source holds them in memory; null when they live elsewhere. */
  readonly inMemory: Uint8Array | null;
  /** Fills `target` with the dense bytes from `at` on. */
  readInto(target: Uint8Array, at: number): Promise<void>;
  /** Somewhere of the same kind to hold compressed weights aside while the patched copy must stay dense. */
  openSpill(): Promise<WeightSpill>;
  /** Frees what the source holds (removes its file); reads fail afterwards. */
  release(): Promise<void>;
}

/** Compressed weights, in their stored layout and dtype, held aside by module until written in. */
export interface WeightSpill {
  readonly storage: DenseStorage;
  put(module: string, bytes: Uint8Array): Promise<void>;
  /** The bytes put under `module`; each is taken once. */
  take(module: string): Promise<Uint8Array>;
  /** Modules put and not yet taken, in the order they were put. */
  readonly modules: string[];
  release(): Promise<void>;
}

export function memorySpill(): WeightSpill {
  const held = new Map<string, Uint8Array>();
  return {
    storage: 'memory',
    async put(module, bytes) {
      held.set(module, bytes);
    },
    async take(module) {
      const bytes = held.get(module);
      if (!bytes) throw new Error(`${module} was not held aside`);
      held.delete(module);
      return bytes;
    },
    get modules() {
      return [...held.keys()];
    },
    async release() {
      held.clear();
    },
  };
}

/** The dense bytes kept as they are, in memory. */
export function memoryDenseSource(bytes: Uint8Array, reason = 'kept in memory'): DenseSource {
  return {
    storage: 'memory',
    reason,
    byteLength: bytes.byteLength,
    inMemory: bytes,
    async readInto(target, at) {
      checkRange(at, target.byteLength, bytes.byteLength);
      target.set(bytes.subarray(at, at + target.byteLength));
    },
    openSpill: async () => memorySpill(),
    async release() {
      // The bytes belong to the caller; nothing else is held.
    },
  };
}

export function checkRange(at: number, length: number, byteLength: number): void {
  if (!(Number.isInteger(at) && at >= 0 && at + length <= byteLength)) throw new RangeError(`bytes ${at}..${at + length} lie beyond the dense weights (${byteLength} bytes)`);
}
