// Downloaded files are kept so a second run starts at once: Cache Storage in browsers (it holds
// gigabytes and survives reloads), a Map where it is missing (Node). Each caller names its own
// cache, so clearing one kind of download leaves the others.

export interface FileCache {
  get(key: string): Promise<Uint8Array | null>;
  put(key: string, bytes: Uint8Array): Promise<void>;
  delete(key: string): Promise<void>;
}

export class MemoryFileCache implements FileCache {
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

export class CacheStorageFileCache implements FileCache {
  constructor(
    private readonly storage: CacheStorage,
    readonly name: string,
  ) {}
  async get(key: string): Promise<Uint8Array | null> {
    const cache = await this.storage.open(this.name);
    const hit = await cache.match(key);
    // Any stored Response reads back as its bytes, text ones (UTF-8) included.
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

const shared = new Map<string, FileCache>();

/** The cache called `name`: in Cache Storage where it exists, else one in-memory cache per name for the process. */
export function defaultFileCache(name: string): FileCache {
  let cache = shared.get(name);
  if (!cache) {
    const storage = (globalThis as { caches?: CacheStorage }).caches;
    cache = storage ? new CacheStorageFileCache(storage, name) : new MemoryFileCache();
    shared.set(name, cache);
  }
  return cache;
}
