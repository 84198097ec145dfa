/**
 * A small in-memory Cache Storage (the `caches` global) for Node, enough for the second copy's
 * Cache Storage backend: named caches whose entries are URL → response body, kept as bytes.
 * Like the browser, a URL is normalised through `Request`, and `match` hands out a fresh response.
 */
export class FakeCacheStorage {
  readonly caches = new Map<string, FakeCache>();

  async open(name: string): Promise<FakeCache> {
    let cache = this.caches.get(name);
    if (!cache) {
      cache = new FakeCache();
      this.caches.set(name, cache);
    }
    return cache;
  }

  async has(name: string): Promise<boolean> {
    return this.caches.has(name);
  }

  async delete(name: string): Promise<boolean> {
    return this.caches.delete(name);
  }

  async keys(): Promise<string[]> {
    return [...this.caches.keys()];
  }
}

export class FakeCache {
  readonly bodies = new Map<string, Uint8Array>();

  async keys(): Promise<Request[]> {
    return [...this.bodies.keys()].map((url) => new Request(url));
  }

  async match(url: string): Promise<Response | undefined> {
    const body = this.bodies.get(new Request(url).url);
    return body ? new Response(body.slice()) : undefined;
  }

  async put(url: string, response: Response): Promise<void> {
    this.bodies.set(new Request(url).url, new Uint8Array(await response.arrayBuffer()));
  }

  async delete(url: string): Promise<boolean> {
    return this.bodies.delete(new Request(url).url);
  }
}
