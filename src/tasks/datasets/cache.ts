// Downloads are kept after the first load: Cache Storage in browsers, a Map where it is missing (Node).

export interface TextCache {
  get(url: string): Promise<string | null>;
  put(url: string, text: string): Promise<void>;
}

export class MemoryTextCache implements TextCache {
  private readonly map = new Map<string, string>();
  async get(url: string): Promise<string | null> {
    return this.map.get(url) ?? null;
  }
  async put(url: string, text: string): Promise<void> {
    this.map.set(url, text);
  }
  get size(): number {
    return this.map.size;
  }
}

export class CacheStorageTextCache implements TextCache {
  constructor(
    private readonly storage: CacheStorage,
    private readonly name = 'kick-datasets-v1',
  ) {}
  async get(url: string): Promise<string | null> {
    const cache = await this.storage.open(this.name);
    const hit = await cache.match(url);
    return hit ? hit.text() : null;
  }
  async put(url: string, text: string): Promise<void> {
    const cache = await this.storage.open(this.name);
    await cache.put(url, new Response(text, { headers: { 'content-type': 'text/plain; charset=utf-8' } }));
  }
}

export function defaultTextCache(): TextCache {
  const storage = (globalThis as { caches?: CacheStorage }).caches;
  return storage ? new CacheStorageTextCache(storage) : new MemoryTextCache();
}
