// Downloaded model files are kept so a second run starts at once: Cache Storage in browsers (it
// holds gigabytes and survives reloads), a Map where it is missing (Node tests).

export interface ModelFileCache {
  get(key: string): Promise<Uint8Array | null>;
  put(key: string, bytes: Uint8Array): Promise<void>;
  delete(key: string): Promise<void>;
}

export class MemoryFileCache implements ModelFileCache {
  private readonly map = new Map<string, Uint8Array>();
  async get(key: string): Promise<Uint8Array | null> {
    return this.map.get(key) ?? null;
  }
  async put(key: string, bytes: Uint8Array): Promise<void> {
    this.map.set(key, bytes);
  }
  async delete(key: string): Promise<void> {
    this.map.delete(key);
  }
  get size(): number {
    return this.map.size;
  }
}

export class CacheStorageFileCache implements ModelFileCache {
  constructor(
    private readonly storage: CacheStorage,
    private readonly name = 'kick-models-v1',
  ) {}
  async get(key: string): Promise<Uint8Array | null> {
    const cache = await this.storage.open(this.name);
    const hit = await cache.match(key);
    return hit ? new Uint8Array(await hit.arrayBuffer()) : null;
  }
  async put(key: string, bytes: Uint8Array): Promise<void> {
    const cache = await this.storage.open(this.name);
    // Downloads are backed by plain ArrayBuffers, never shared memory.
    await cache.put(key, new Response(bytes as Uint8Array<ArrayBuffer>, { headers: { 'content-type': 'application/octet-stream', 'content-length': String(bytes.length) } }));
  }
  async delete(key: string): Promise<void> {
    const cache = await this.storage.open(this.name);
    await cache.delete(key);
  }
}

let shared: ModelFileCache | null = null;

/** Cache Storage where it exists, else one in-memory cache for the process. */
export function defaultFileCache(): ModelFileCache {
  if (shared) return shared;
  const storage = (globalThis as { caches?: CacheStorage }).caches;
  shared = storage ? new CacheStorageFileCache(storage) : new MemoryFileCache();
  return shared;
}
