/**
 * Compression of the built app: Accept-Encoding negotiation (q-values, `*`, refusals), the build's
 * precompressed copies, and what the static server sends (Content-Encoding, Vary, Content-Length,
 * per-coding ETags, stale copies ignored, binary types never compressed).
 */
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isCompressible, negotiateEncoding, parseAcceptEncoding } from '../../../src/server/compression';
import { precompressDir } from '../../../src/server/precompress';
import { type RunningServer, startServer } from '../../../src/server/server';

describe('negotiateEncoding', () => {
  const both = ['br', 'gzip'] as const;
  it('prefers brotli, then gzip, then identity', () => {
    expect(negotiateEncoding('gzip, deflate, br, zstd', both)).toBe('br');
    expect(negotiateEncoding('gzip, deflate', both)).toBe('gzip');
    expect(negotiateEncoding('deflate', both)).toBe('identity');
    expect(negotiateEncoding('gzip, br', ['gzip'])).toBe('gzip');
    expect(negotiateEncoding('gzip, br', [])).toBe('identity');
  });
  it('sends identity without the header or with an empty one', () => {
    expect(negotiateEncoding(undefined, both)).toBe('identity');
    expect(negotiateEncoding('', both)).toBe('identity');
    expect(negotiateEncoding('identity', both)).toBe('identity');
  });
  it('honours q-values, refusals and the wildcard', () => {
    expect(negotiateEncoding('br;q=0.5, gzip;q=0.8', both)).toBe('gzip');
    expect(negotiateEncoding('br;q=0, gzip', both)).toBe('gzip');
    expect(negotiateEncoding('br;q=0, gzip;q=0', both)).toBe('identity');
    expect(negotiateEncoding('*', both)).toBe('br');
    expect(negotiateEncoding('*;q=0.1, br;q=0', both)).toBe('gzip');
    expect(negotiateEncoding('BR;Q=1', both)).toBe('br');
    expect(negotiateEncoding('x-gzip', both)).toBe('gzip');
    expect(negotiateEncoding('br;q=2', both)).toBe('identity'); // invalid q counts as a refusal
  });
  it('parses the header leniently', () => {
    expect([...parseAcceptEncoding(' gzip ;q=0.5 ,, br')]).toEqual([
      ['gzip', 0.5],
      ['br', 1],
    ]);
  });
  it('compresses text types only', () => {
    for (const p of ['a.html', 'a.js', 'a.css', 'a.json', 'manifest.webmanifest', 'a.svg', 'f.ics', 'A.JS'])
      expect(isCompressible(p), p).toBe(true);
    for (const p of ['a.png', 'a.webp', 'a.woff2', 'a.ico', 'a.zip', 'a.js.br', 'a.gz', 'README'])
      expect(isCompressible(p), p).toBe(false);
  });
});

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function get(base: string, path: string, headers: Record<string, string> = {}, method = 'GET') {
  const { hostname, port } = new URL(base);
  return new Promise<Reply>((resolve, reject) => {
    const req = request({ hostname, port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

describe('static server compression', () => {
  let dir: string;
  let server: RunningServer;
  const js = `export const words = ${JSON.stringify(Array.from({ length: 400 }, (_, i) => `word ${i % 37}`))};\n`;
  const png = Buffer.alloc(4000, 7); // compressible bytes, but a type that is never compressed

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'shopfloor-compress-'));
    writeFileSync(join(dir, 'index.html'), `<!doctype html><title>t</title>${'<p>hello</p>'.repeat(200)}`);
    writeFileSync(join(dir, 'app.js'), js);
    writeFileSync(join(dir, 'tiny.json'), '{}');
    writeFileSync(join(dir, 'icon.png'), png);
    writeFileSync(join(dir, 'stale.css'), `body{color:red}${' '.repeat(2000)}`);
    const report = await precompressDir(dir);
    expect(report.files).toBe(4); // html, js, json, css; not the png
    expect(report.br).toBeLessThan(report.bytes);
    // stale.css edited by hand after the build: its copies are older and must be ignored.
    writeFileSync(join(dir, 'stale.css'), `body{color:blue}${' '.repeat(2000)}`);
    const old = new Date(Date.now() - 60_000);
    utimesSync(join(dir, 'stale.css.br'), old, old);
    utimesSync(join(dir, 'stale.css.gz'), old, old);
    server = await startServer({ port: 0, host: '127.0.0.1', root: dir, mailbox: false });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes no copy that would be larger than the original', () => {
    expect(() => readFileSync(join(dir, 'tiny.json.br'))).toThrow();
    expect(() => readFileSync(join(dir, 'icon.png.gz'))).toThrow();
  });

  it('sends brotli to a browser, with Vary, the compressed length and its own ETag', async () => {
    const plain = await get(server.url, '/app.js');
    const br = await get(server.url, '/app.js', { 'Accept-Encoding': 'gzip, deflate, br' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toBe('Accept-Encoding');
    expect(plain.body.toString()).toBe(js);
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toBe('Accept-Encoding');
    expect(br.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(Number(br.headers['content-length'])).toBe(br.body.length);
    expect(br.body.length).toBeLessThan(js.length / 4);
    expect(brotliDecompressSync(br.body).toString()).toBe(js);
    expect(br.headers.etag).not.toBe(plain.headers.etag);
    // Security headers are still on every representation.
    expect(br.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it('sends gzip when brotli is refused, identity when nothing fits', async () => {
    const gz = await get(server.url, '/index.html', { 'Accept-Encoding': 'br;q=0, gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(Number(gz.headers['content-length'])).toBe(gz.body.length);
    expect(gunzipSync(gz.body).toString()).toContain('<p>hello</p>');
    const none = await get(server.url, '/index.html', { 'Accept-Encoding': 'deflate' });
    expect(none.headers['content-encoding']).toBeUndefined();
    expect(none.body.toString()).toContain('<p>hello</p>');
  });

  it('answers 304 per coding and HEAD with the compressed length', async () => {
    const ae = { 'Accept-Encoding': 'br' };
    const first = await get(server.url, '/app.js', ae);
    const again = await get(server.url, '/app.js', { ...ae, 'If-None-Match': String(first.headers.etag) });
    expect(again.status).toBe(304);
    expect(again.headers['content-encoding']).toBe('br');
    // The brotli ETag does not validate the gzip representation.
    const other = await get(server.url, '/app.js', {
      'Accept-Encoding': 'gzip',
      'If-None-Match': String(first.headers.etag),
    });
    expect(other.status).toBe(200);
    const head = await get(server.url, '/app.js', ae, 'HEAD');
    expect(head.body.length).toBe(0);
    expect(head.headers['content-length']).toBe(first.headers['content-length']);
  });

  it('never compresses binary types, nor serves a copy older than its original', async () => {
    const image = await get(server.url, '/icon.png', { 'Accept-Encoding': 'br, gzip' });
    expect(image.headers['content-encoding']).toBeUndefined();
    expect(image.headers.vary).toBeUndefined();
    expect(image.body.equals(png)).toBe(true);
    const css = await get(server.url, '/stale.css', { 'Accept-Encoding': 'br, gzip' });
    expect(css.headers['content-encoding']).toBeUndefined();
    expect(css.body.toString()).toContain('blue');
  });

  it('the SPA fallback is compressed like index.html', async () => {
    const page = await get(server.url, '/people', { 'Accept-Encoding': 'gzip' });
    expect(page.status).toBe(200);
    expect(page.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(page.body).toString()).toContain('<title>t</title>');
  });
});
