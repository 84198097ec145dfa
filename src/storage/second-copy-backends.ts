/**
 * Where the second copy (second-copy.ts) lives: Cache Storage in the browser (Chromium keeps it in
 * its disk cache, one file per entry, not in LevelDB, so the two copies do not fail together); a
 * Map in tests.
 */

/** Where the copy lives: string keys to bytes. */
export interface SecondCopyBackend {
  /** Every key, in no particular order. */
  keys(): Promise<string[]>;
  get(key: string): Promise<Uint8Array | undefined>;
  put(key: string, value: Uint8Array): Promise<void>;
  delete(keys: string[]): Promise<void>;
  /** Removes the whole copy. */
  clear(): Promise<void>;
}

/** Test backend: a Map. */
export class MemoryBackend implements SecondCopyBackend {
  readonly entries = new Map<string, Uint8Array>();
  /** Set to make every write fail with this error name (quota tests). */
  failWith: string | null = null;

  async keys(): Promise<string[]> {
    return [...this.entries.keys()];
  }
  async get(key: string): Promise<Uint8Array | undefined> {
    return this.entries.get(key)?.slice();
  }
  async put(key: string, value: Uint8Array): Promise<void> {
    if (this.failWith) throw new DOMException('copy write refused', this.failWith);
    this.entries.set(key, value.slice());
  }
  async delete(keys: string[]): Promise<void> {
    if (this.failWith) throw new DOMException('copy write refused', this.failWith);
    for (const k of keys) this.entries.delete(k);
  }
  async clear(): Promise<void> {
    this.entries.clear();
  }
}

/** The Cache Storage cache that holds the copy (removed by a panic wipe with every other cache). */
export const SECOND_COPY_CACHE = 'shopfloor-second-copy';
const PREFIX = '/__shopfloor-second-copy__/';

/** Browser backend: one Cache Storage entry per row, under a URL that is never fetched. */
export class CacheStorageBackend implements SecondCopyBackend {
  private cache: Promise<Cache> | null = null;

  private open(): Promise<Cache> {
    this.cache ??= caches.open(SECOND_COPY_CACHE);
    return this.cache;
  }

  private url(key: string): string {
    return new URL(PREFIX + encodeURIComponent(key), globalThis.location.origin).href;
  }

  async keys(): Promise<string[]> {
    const requests = await (await this.open()).keys();
    const out: string[] = [];
    for (const r of requests) {
      const path = new URL(r.url).pathname;
      if (path.startsWith(PREFIX)) out.push(decodeURIComponent(path.slice(PREFIX.length)));
    }
    return out;
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    const response = await (await this.open()).match(this.url(key));
    return response ? new Uint8Array(await response.arrayBuffer()) : undefined;
  }

  async put(key: string, value: Uint8Array): Promise<void> {
    const body = new Blob([value as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' });
    await (await this.open()).put(this.url(key), new Response(body));
  }

  async delete(keys: string[]): Promise<void> {
    const cache = await this.open();
    await Promise.all(keys.map((k) => cache.delete(this.url(k))));
  }

  async clear(): Promise<void> {
    this.cache = null;
    await caches.delete(SECOND_COPY_CACHE);
  }
}

/** The browser's backend, or null where Cache Storage is missing (then there is no second copy). */
export function browserSecondCopyBackend(): SecondCopyBackend | null {
  return typeof caches !== 'undefined' && typeof globalThis.location !== 'undefined'
    ? new CacheStorageBackend()
    : null;
}
