/**
 * The Node server: y-webrtc signaling protocol and its limits, statelessness, static serving with
 * security headers, path traversal, SPA fallback, and environment configuration.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { configFromEnv } from '../../../src/server/config';
import { type RunningServer, type ServerOptions, startServer } from '../../../src/server/server';
import { DEFAULT_LIMITS, resolveLimits } from '../../../src/server/signaling';
import { contentSecurityPolicy } from '../../../src/server/static';
import { WebSocket } from '../../../src/server/ws';
import { connect, rawRequest, type TestClient, waitFor } from '../../support/server';

const running: RunningServer[] = [];
const sockets: TestClient[] = [];

async function start(opts: ServerOptions = {}): Promise<RunningServer & { ws: string }> {
  const server = await startServer({
    port: 0,
    host: '127.0.0.1',
    root: join(tmpdir(), 'shopfloor-no-dist'),
    ...opts,
  });
  running.push(server);
  return { ...server, ws: `${server.url.replace('http', 'ws')}signal` };
}

async function client(url: string, opts: { autoPong?: boolean } = {}): Promise<TestClient> {
  const c = await connect(url, opts);
  sockets.push(c);
  return c;
}

afterEach(async () => {
  for (const c of sockets.splice(0)) c.ws.terminate();
  await Promise.all(running.splice(0).map((s) => s.close()));
});

describe('signaling protocol (y-webrtc bin/server.js compatible)', () => {
  it('answers ping with pong', async () => {
    const s = await start();
    const a = await client(s.ws);
    a.send({ type: 'ping' });
    expect(await a.next()).toEqual({ type: 'pong' });
  });

  it('relays a publish to every subscriber, the sender included, without the subscriber count', async () => {
    const s = await start();
    const a = await client(s.ws);
    const b = await client(s.ws);
    const c = await client(s.ws);
    a.send({ type: 'subscribe', topics: ['room-1'] });
    b.send({ type: 'subscribe', topics: ['room-1'] });
    c.send({ type: 'subscribe', topics: ['room-2'] });
    await Promise.all([a.sync(), b.sync(), c.sync()]);
    expect(s.signaling.stats()).toEqual({ connections: 3, topics: 2, subscriptions: 3 });

    const msg = { type: 'publish', topic: 'room-1', data: { type: 'announce', from: 'peer-a' } };
    a.send(msg);
    const expected = msg; // the stock server adds `clients: 2`; that would tell any subscriber the room size
    expect(await a.next()).toEqual(expected);
    expect(await b.next()).toEqual(expected);
    expect(b.raw.at(-1)).toBe(JSON.stringify(expected));
    // c is on another topic: by the time it gets its pong, a relay to it would already be queued.
    await c.sync();
    expect(c.pending()).toEqual([]);
    expect(c.raw).not.toContain(JSON.stringify(expected));
  });

  it('drops publishes from a socket not subscribed to the topic, and to empty topics', async () => {
    const s = await start();
    const a = await client(s.ws);
    const b = await client(s.ws);
    a.send({ type: 'subscribe', topics: ['t'] });
    await a.sync();
    b.send({ type: 'publish', topic: 'nobody-here', data: 'x' });
    b.send({ type: 'publish', topic: 't', data: 'y' });
    await b.sync();
    await a.sync();
    expect(a.pending()).toEqual([]);
    expect(b.pending()).toEqual([]);
    expect(s.signaling.counters().publishesUnsubscribed).toBe(2);
    // Once subscribed, the same publish goes through.
    b.send({ type: 'subscribe', topics: ['t'] });
    b.send({ type: 'publish', topic: 't', data: 'y' });
    expect(await a.next()).toEqual({ type: 'publish', topic: 't', data: 'y' });
    expect(await b.next()).toEqual({ type: 'publish', topic: 't', data: 'y' });
    expect(s.signaling.topicCount()).toBe(1);
  });

  it('strips a clients count the sender put in', async () => {
    const s = await start();
    const a = await client(s.ws);
    a.send({ type: 'subscribe', topics: ['t'] });
    a.send({ type: 'publish', topic: 't', data: 'd', clients: 99 });
    expect(await a.next()).toEqual({ type: 'publish', topic: 't', data: 'd' });
    expect(a.raw.at(-1)).toBe('{"type":"publish","topic":"t","data":"d"}');
  });

  it('unsubscribe stops delivery and forgets empty topics', async () => {
    const s = await start();
    const a = await client(s.ws);
    const b = await client(s.ws);
    a.send({ type: 'subscribe', topics: ['t', 'u'] });
    b.send({ type: 'subscribe', topics: ['t'] });
    await Promise.all([a.sync(), b.sync()]);
    b.send({ type: 'unsubscribe', topics: ['t'] });
    await b.sync();
    a.send({ type: 'unsubscribe', topics: ['u'] });
    await a.sync();
    expect(s.signaling.stats()).toEqual({ connections: 2, topics: 1, subscriptions: 1 });
    a.send({ type: 'publish', topic: 't', data: 1 });
    expect(await a.next()).toEqual({ type: 'publish', topic: 't', data: 1 });
    await b.sync();
    expect(b.pending()).toEqual([]);
  });

  it('subscribing twice to a topic counts once', async () => {
    const s = await start();
    const a = await client(s.ws);
    a.send({ type: 'subscribe', topics: ['t', 't'] });
    a.send({ type: 'subscribe', topics: ['t'] });
    a.send({ type: 'publish', topic: 't' });
    expect(await a.next()).toEqual({ type: 'publish', topic: 't' });
  });

  it('ignores malformed messages without closing the connection', async () => {
    const s = await start();
    const a = await client(s.ws);
    for (const junk of ['not json', '[1,2]', 'null', '42', '{"type":"subscribe","topics":"t"}']) a.send(junk);
    a.send({ type: 'subscribe', topics: [1, null, { x: 1 }, 't'] });
    a.send({ type: 'publish', topic: 7 });
    a.send({ type: 'publish', topic: '' });
    a.send({ type: 'nonsense' });
    a.ws.send(Buffer.from(JSON.stringify({ type: 'publish', topic: 't', data: 'bin' })), { binary: true });
    await a.sync();
    expect(a.ws.readyState).toBe(WebSocket.OPEN);
    expect(s.signaling.stats()).toEqual({ connections: 1, topics: 1, subscriptions: 1 });
    // Binary frames are parsed like text, as the stock server does.
    expect(a.pending()).toEqual([{ type: 'publish', topic: 't', data: 'bin' }]);
  });

  it('accepts upgrades on / as well as /signal, and refuses other paths', async () => {
    const s = await start();
    const a = await client(s.url.replace('http', 'ws'));
    a.send({ type: 'ping' });
    expect(await a.next()).toEqual({ type: 'pong' });
    const q = await client(`${s.ws}?room=x`);
    q.send({ type: 'ping' });
    expect(await q.next()).toEqual({ type: 'pong' });
    await expect(connect(`${s.url.replace('http', 'ws')}other`)).rejects.toThrow(/404/);
  });

  it('shows every received frame to onFrame, verbatim', async () => {
    const frames: string[] = [];
    const s = await start({ onFrame: (raw) => frames.push(raw) });
    const a = await client(s.ws);
    const sent = [
      '{"type":"subscribe","topics":["t"]}',
      'garbage',
      '{"type":"publish","topic":"t","data":"ZZ"}',
    ];
    for (const f of sent) a.send(f);
    await a.sync();
    expect(frames).toEqual([...sent, '{"type":"ping"}']);
  });

  it('forgets everything once all sockets close', async () => {
    const s = await start();
    const clients = await Promise.all([client(s.ws), client(s.ws), client(s.ws)]);
    clients.forEach((c, i) => {
      c.send({ type: 'subscribe', topics: ['shared', `own-${i}`] });
    });
    await Promise.all(clients.map((c) => c.sync()));
    expect(s.signaling.stats()).toEqual({ connections: 3, topics: 4, subscriptions: 6 });
    await clients[0]?.close();
    await waitFor(() => s.signaling.connectionCount() === 2);
    expect(s.signaling.stats()).toEqual({ connections: 2, topics: 3, subscriptions: 4 });
    clients[1]?.ws.terminate(); // abrupt drop
    await clients[2]?.close();
    await waitFor(() => s.signaling.connectionCount() === 0);
    expect(s.signaling.stats()).toEqual({ connections: 0, topics: 0, subscriptions: 0 });
  });

  it('close() closes every socket with 1001 and forgets every topic', async () => {
    const s = await start();
    const a = await client(s.ws);
    a.send({ type: 'subscribe', topics: ['t'] });
    await a.sync();
    await s.signaling.close();
    expect((await a.closed).code).toBe(1001);
    expect(s.signaling.stats()).toEqual({ connections: 0, topics: 0, subscriptions: 0 });
  });
});

describe('signaling limits', () => {
  it('has the documented defaults and rejects nonsense overrides', () => {
    expect(DEFAULT_LIMITS.maxMessageBytes).toBe(65536);
    expect(DEFAULT_LIMITS.maxTopicsPerConnection).toBe(64);
    expect(DEFAULT_LIMITS.messagesPerSecond).toBe(50);
    expect(DEFAULT_LIMITS.messageBurst).toBe(200);
    expect(DEFAULT_LIMITS.pingIntervalMs).toBe(30_000);
    expect(DEFAULT_LIMITS.maxConnectionsPerAddress).toBe(32);
    expect(DEFAULT_LIMITS.fanoutBytesPerSecond).toBe(8 * 1024 * 1024);
    expect(DEFAULT_LIMITS.fanoutBurstBytes).toBe(32 * 1024 * 1024);
    expect(resolveLimits({ maxTopicsPerConnection: 3 }).maxTopicsPerConnection).toBe(3);
    expect(() => resolveLimits({ maxMessageBytes: 0 })).toThrow(RangeError);
    expect(() => resolveLimits({ messagesPerSecond: Number.NaN })).toThrow(RangeError);
  });

  it('closes the socket with 1009 on a message over the default 64 KiB, and accepts one at the limit', async () => {
    const s = await start();
    const a = await client(s.ws);
    a.send({ type: 'subscribe', topics: ['t'] });
    const head = '{"type":"publish","topic":"t","data":"';
    const tail = '"}';
    const atLimit = head + 'x'.repeat(65536 - head.length - tail.length) + tail;
    expect(Buffer.byteLength(atLimit)).toBe(65536);
    a.send(atLimit);
    const relayed = await a.next();
    expect(relayed.topic).toBe('t');
    expect((relayed.data as string).length).toBe(65536 - head.length - tail.length);

    const b = await client(s.ws);
    b.send(`${head}${'x'.repeat(65536)}${tail}`);
    expect((await b.closed).code).toBe(1009);
    expect(a.ws.readyState).toBe(WebSocket.OPEN);
  });

  it('honours a configured maximum message size', async () => {
    const frames: string[] = [];
    const s = await start({ maxMessageBytes: 100, onFrame: (f) => frames.push(f) });
    const a = await client(s.ws);
    a.send({ type: 'publish', topic: 't', data: 'y'.repeat(60) });
    await a.sync();
    a.send({ type: 'publish', topic: 't', data: 'y'.repeat(101) });
    expect((await a.closed).code).toBe(1009);
    expect(frames).toHaveLength(2); // the oversized one was never buffered or parsed
    await waitFor(() => s.signaling.connectionCount() === 0);
  });

  it('closes the socket with 1008 when the message rate is exceeded', async () => {
    const lines: string[] = [];
    const s = await start({ messagesPerSecond: 10, messageBurst: 20, log: (l) => lines.push(l) });
    const a = await client(s.ws);
    const b = await client(s.ws);
    for (let i = 0; i < 20; i++) a.send({ type: 'ping' });
    for (let i = 0; i < 20; i++) expect(await a.next()).toEqual({ type: 'pong' });
    expect(a.ws.readyState).toBe(WebSocket.OPEN);
    for (let i = 0; i < 40; i++) a.send({ type: 'ping' });
    const closed = await a.closed;
    expect(closed.code).toBe(1008);
    // The other connection has its own bucket.
    await b.sync();
    expect(lines.some((l) => /rate limit/.test(l))).toBe(true);
  });

  it('refills the bucket over time, so a steady client under the rate stays connected', async () => {
    const s = await start({ messagesPerSecond: 100, messageBurst: 5 });
    const a = await client(s.ws);
    for (let round = 0; round < 4; round++) {
      for (let i = 0; i < 5; i++) a.send({ type: 'ping' });
      for (let i = 0; i < 5; i++) expect(await a.next()).toEqual({ type: 'pong' });
      await new Promise((r) => setTimeout(r, 80));
    }
    expect(a.ws.readyState).toBe(WebSocket.OPEN);
  });

  it('ignores subscriptions past the per-connection topic cap, and frees slots on unsubscribe', async () => {
    const s = await start({ maxTopicsPerConnection: 3 });
    const a = await client(s.ws);
    const b = await client(s.ws);
    a.send({ type: 'subscribe', topics: ['t1', 't2'] });
    a.send({ type: 'subscribe', topics: ['t3', 't4', 't5'] });
    await a.sync();
    expect(s.signaling.stats()).toEqual({ connections: 2, topics: 3, subscriptions: 3 });
    b.send({ type: 'subscribe', topics: ['t3', 't4'] });
    await b.sync();
    b.send({ type: 'publish', topic: 't4', data: 'x' });
    b.send({ type: 'publish', topic: 't3', data: 'y' });
    expect(await a.next()).toEqual({ type: 'publish', topic: 't3', data: 'y' });
    await a.sync();
    expect(a.pending()).toEqual([]);

    a.send({ type: 'unsubscribe', topics: ['t1'] });
    a.send({ type: 'subscribe', topics: ['t4'] });
    await a.sync();
    b.send({ type: 'publish', topic: 't4', data: 'z' });
    expect(await a.next()).toEqual({ type: 'publish', topic: 't4', data: 'z' });
    expect(a.ws.readyState).toBe(WebSocket.OPEN);
  });

  it('ignores topic names over the length limit', async () => {
    const s = await start({ maxTopicLength: 8 });
    const a = await client(s.ws);
    a.send({ type: 'subscribe', topics: ['123456789', '12345678'] });
    await a.sync();
    expect(s.signaling.stats().subscriptions).toBe(1);
  });

  it('refuses connections over the total with 503', async () => {
    const s = await start({ maxConnections: 2 });
    const a = await client(s.ws);
    await client(s.ws);
    await expect(connect(s.ws)).rejects.toThrow(/503/);
    await a.close();
    await waitFor(() => s.signaling.connectionCount() === 1);
    await client(s.ws);
    expect(s.signaling.connectionCount()).toBe(2);
  });

  it('terminates sockets that stop answering WebSocket pings, and keeps live ones', async () => {
    const s = await start({ pingIntervalMs: 40 });
    const live = await client(s.ws);
    const dead = await client(s.ws, { autoPong: false });
    dead.send({ type: 'subscribe', topics: ['t'] });
    const closed = await dead.closed;
    expect(closed.code).toBe(1006); // terminated: no closing handshake
    await new Promise((r) => setTimeout(r, 150));
    expect(live.ws.readyState).toBe(WebSocket.OPEN);
    expect(s.signaling.stats()).toEqual({ connections: 1, topics: 0, subscriptions: 0 });
  });

  it('logs counts only: never a topic, a payload or an address', async () => {
    const lines: string[] = [];
    const s = await start({
      messagesPerSecond: 1,
      messageBurst: 3,
      maxConnections: 2,
      log: (l) => lines.push(l),
    });
    const a = await client(s.ws);
    const b = await client(s.ws);
    await expect(connect(s.ws)).rejects.toThrow(/503/);
    a.send({ type: 'subscribe', topics: ['SECRET-TOPIC'] });
    a.send({ type: 'publish', topic: 'SECRET-TOPIC', data: 'SECRET-PAYLOAD' });
    for (let i = 0; i < 5; i++) a.send({ type: 'publish', topic: 'SECRET-TOPIC', data: 'SECRET-PAYLOAD' });
    await a.closed;
    await b.close();
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const line of lines) {
      expect(line).not.toMatch(/SECRET|127\.0\.0\.1|::1/);
      expect(line).toMatch(/\(\d+ open\)$/);
    }
  });
});

describe('static serving', () => {
  let dir: string;
  let root: string;
  let base: string;
  let server: RunningServer;
  const INDEX = '<!doctype html><title>Shopfloor test</title>';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'shopfloor-static-'));
    root = join(dir, 'dist');
    mkdirSync(join(root, 'assets'), { recursive: true });
    writeFileSync(join(dir, 'package.json'), '{"secret":"OUTSIDE-ROOT"}');
    writeFileSync(join(root, 'index.html'), INDEX);
    writeFileSync(join(root, 'sw.js'), 'self.addEventListener("fetch", () => {});');
    writeFileSync(join(root, 'assets', 'index-4f3a9c.js'), 'console.log(1);');
    writeFileSync(join(root, 'assets', 'index-4f3a9c.css'), 'body{}');
    writeFileSync(join(root, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    writeFileSync(join(root, 'icon.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    writeFileSync(join(root, 'manifest.webmanifest'), '{"name":"Shopfloor"}');
    writeFileSync(join(root, 'data.json'), '{}');
    writeFileSync(join(root, 'favicon.ico'), Buffer.from([0, 0, 1, 0]));
    writeFileSync(join(root, 'robots.txt'), 'User-agent: *');
    writeFileSync(join(root, 'blob.bin'), 'raw');
    writeFileSync(join(root, '.env'), 'DOTFILE-SECRET');
    symlinkSync(join(dir, 'package.json'), join(root, 'leak.json'));
    server = await startServer({
      port: 0,
      host: '127.0.0.1',
      root,
      signalingOrigins: ['wss://signal.example.org'],
    });
    base = server.url;
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const CSP_TAIL =
    "worker-src 'self'; manifest-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

  it('serves index.html at / with the full set of security headers', async () => {
    const res = await fetch(base);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(INDEX);
    const h = res.headers;
    const host = new URL(base).host;
    expect(h.get('content-type')).toBe('text/html; charset=utf-8');
    expect(h.get('cache-control')).toBe('no-cache');
    expect(h.get('content-security-policy')).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; " +
        `connect-src 'self' ws://${host} wss://${host} wss://signal.example.org; ${CSP_TAIL}`,
    );
    expect(h.get('x-content-type-options')).toBe('nosniff');
    expect(h.get('referrer-policy')).toBe('no-referrer');
    expect(h.get('permissions-policy')).toBe('camera=(self), microphone=(), geolocation=()');
    expect(h.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(h.get('set-cookie')).toBeNull();
  });

  it.each([
    ['/sw.js', 'text/javascript; charset=utf-8', 'no-cache'],
    ['/assets/index-4f3a9c.js', 'text/javascript; charset=utf-8', 'public, max-age=31536000, immutable'],
    ['/assets/index-4f3a9c.css', 'text/css; charset=utf-8', 'public, max-age=31536000, immutable'],
    ['/favicon.svg', 'image/svg+xml', 'no-cache'],
    ['/icon.png', 'image/png', 'no-cache'],
    ['/manifest.webmanifest', 'application/manifest+json', 'no-cache'],
    ['/data.json', 'application/json', 'no-cache'],
    ['/favicon.ico', 'image/x-icon', 'no-cache'],
    ['/robots.txt', 'text/plain; charset=utf-8', 'no-cache'],
    ['/blob.bin', 'application/octet-stream', 'no-cache'],
    ['/index.html', 'text/html; charset=utf-8', 'no-cache'],
  ])('%s → %s, Cache-Control %s', async (path, type, cache) => {
    const res = await fetch(new URL(path, base));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(type);
    expect(res.headers.get('cache-control')).toBe(cache);
    expect(res.headers.get('content-security-policy')).toMatch(/^default-src 'self'; /);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    await res.arrayBuffer();
  });

  it('falls back to index.html for extension-less navigation paths only', async () => {
    for (const path of ['/people', '/people/42', '/map/zone-a/']) {
      const res = await fetch(new URL(path, base));
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(await res.text()).toBe(INDEX);
    }
    for (const path of ['/missing.js', '/assets/missing-123.js', '/assets/chunk', '/people/photo.png']) {
      const res = await fetch(new URL(path, base));
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-security-policy'), path).toContain("frame-ancestors 'none'");
      expect(await res.text()).not.toContain('Shopfloor test');
    }
  });

  it.each([
    '/../package.json',
    '/../../package.json',
    '/assets/../../package.json',
    '/%2e%2e/package.json',
    '/%2E%2E/package.json',
    '/%2e%2e%2fpackage.json',
    '/..%2fpackage.json',
    '/assets/..%2f..%2fpackage.json',
    '/..%5cpackage.json',
    '/..\\package.json',
    '/%252e%252e/package.json',
    '/index.html%00.png',
    '/%E0%A4%A',
    '/leak.json',
    '/.env',
  ])('refuses %s', async (path) => {
    const res = await rawRequest(base, path);
    expect([400, 404]).toContain(res.status);
    expect(res.body).not.toContain('OUTSIDE-ROOT');
    expect(res.body).not.toContain('DOTFILE-SECRET');
    expect(res.headers['content-security-policy']).toMatch(/^default-src 'self'; /);
  });

  it('serves HEAD without a body, answers 304 to a matching ETag, and refuses other methods', async () => {
    const head = await rawRequest(base, '/index.html', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    expect(head.headers['content-length']).toBe(String(INDEX.length));

    const first = await fetch(new URL('/sw.js', base));
    const etag = first.headers.get('etag');
    await first.text();
    expect(etag).toMatch(/^W\/"/);
    const again = await rawRequest(base, '/sw.js', { headers: { 'If-None-Match': etag ?? '' } });
    expect(again.status).toBe(304);
    expect(again.body).toBe('');

    const post = await rawRequest(base, '/index.html', { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
    expect(post.headers['content-security-policy']).toMatch(/^default-src 'self'; /);
  });

  it('answers /healthz and a plain GET on /signal without touching files', async () => {
    const health = await rawRequest(base, '/healthz');
    expect(health.status).toBe(200);
    expect(health.body).toBe('ok\n');
    const signal = await rawRequest(base, '/signal');
    expect(signal.status).toBe(426);
    for (const res of [health, signal]) {
      expect(res.headers['content-security-policy']).toMatch(/^default-src 'self'; /);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it('answers requests Node cannot parse with 400 and the security headers', async () => {
    const res = await rawRequest(base, 'package.json');
    expect(res.status).toBe(400);
    expect(res.body).toBe('');
    expect(res.headers['content-security-policy']).toMatch(/^default-src 'self'; /);
    expect(res.headers['referrer-policy']).toBe('no-referrer');
  });

  it('serves signaling next to the app on the same origin', async () => {
    const a = await connect(`${base.replace('http', 'ws')}signal`);
    a.send({ type: 'ping' });
    expect(await a.next()).toEqual({ type: 'pong' });
    await a.close();
  });

  it('drops a Host header that could inject CSP directives', async () => {
    const res = await rawRequest(base, '/', {
      headers: { Host: "evil.example; script-src 'unsafe-inline'" },
    });
    const csp = String(res.headers['content-security-policy']);
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("connect-src 'self' wss://signal.example.org;");
  });
});

describe('contentSecurityPolicy', () => {
  it('defaults to self only', () => {
    expect(contentSecurityPolicy()).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; " +
        "connect-src 'self'; worker-src 'self'; manifest-src 'self'; object-src 'none'; base-uri 'none'; " +
        "frame-ancestors 'none'; form-action 'self'",
    );
  });

  it('adds the same host over ws and wss, then the configured signaling origins', () => {
    const csp = contentSecurityPolicy({
      host: 'shop.example.org:8443',
      signalingOrigins: ['wss://a.example.org', 'wss://b.example.org/signal'],
    });
    expect(csp).toContain(
      "connect-src 'self' ws://shop.example.org:8443 wss://shop.example.org:8443 wss://a.example.org wss://b.example.org/signal;",
    );
    expect(contentSecurityPolicy({ host: '[::1]:8787' })).toContain(
      "connect-src 'self' ws://[::1]:8787 wss://[::1]:8787;",
    );
  });

  it('rejects signaling origins that are not plain ws/wss/http/https URLs', () => {
    for (const bad of [
      "wss://x.org; script-src 'unsafe-inline'",
      '*',
      'javascript:alert(1)',
      'wss://a.org,b',
    ]) {
      expect(() => contentSecurityPolicy({ signalingOrigins: [bad] }), bad).toThrow(TypeError);
    }
  });
});

describe('startServer', () => {
  it('binds a random free port with port 0 and reports it', async () => {
    const a = await start();
    const b = await start();
    expect(a.port).toBeGreaterThan(0);
    expect(a.port).not.toBe(b.port);
    expect(a.url).toBe(`http://127.0.0.1:${a.port}/`);
  });

  it('works for signaling when the app is not built, answering 404 for pages', async () => {
    const s = await start({ root: join(tmpdir(), 'shopfloor-definitely-missing') });
    const res = await fetch(s.url);
    expect(res.status).toBe(404);
    await res.text();
    const a = await client(s.ws);
    a.send({ type: 'ping' });
    expect(await a.next()).toEqual({ type: 'pong' });
  });

  it('close() ends open sockets and frees the port', async () => {
    const s = await startServer({ port: 0, host: '127.0.0.1' });
    const a = await connect(`${s.url.replace('http', 'ws')}signal`);
    await s.close();
    expect((await a.closed).code).toBe(1001);
    await expect(fetch(s.url)).rejects.toThrow();
  });
});

describe('configFromEnv', () => {
  it('has the documented defaults', () => {
    expect(configFromEnv({})).toEqual({ port: 8787, host: '127.0.0.1', root: 'dist' });
  });

  it('reads PORT, HOST, SHOPFLOOR_DIST, limits and signaling origins', () => {
    expect(
      configFromEnv({
        PORT: '9000',
        HOST: '0.0.0.0',
        SHOPFLOOR_DIST: '/srv/shopfloor',
        SHOPFLOOR_MAX_MESSAGE_BYTES: '32768',
        SHOPFLOOR_MAX_TOPICS_PER_CONNECTION: '16',
        SHOPFLOOR_MESSAGES_PER_SECOND: '20',
        SHOPFLOOR_MESSAGE_BURST: '80',
        SHOPFLOOR_MAX_CONNECTIONS: '500',
        SHOPFLOOR_MAX_CONNECTIONS_PER_ADDRESS: '8',
        SHOPFLOOR_FANOUT_BYTES_PER_SECOND: '1048576',
        SHOPFLOOR_FANOUT_BURST_BYTES: '4194304',
        SHOPFLOOR_SIGNALING_ORIGINS: 'wss://a.example.org, wss://b.example.org',
      }),
    ).toEqual({
      port: 9000,
      host: '0.0.0.0',
      root: '/srv/shopfloor',
      maxMessageBytes: 32768,
      maxTopicsPerConnection: 16,
      messagesPerSecond: 20,
      messageBurst: 80,
      maxConnections: 500,
      maxConnectionsPerAddress: 8,
      fanoutBytesPerSecond: 1048576,
      fanoutBurstBytes: 4194304,
      signalingOrigins: ['wss://a.example.org', 'wss://b.example.org'],
    });
  });

  it('rejects invalid values, naming each variable', () => {
    expect(() =>
      configFromEnv({ PORT: '80a', SHOPFLOOR_MAX_CONNECTIONS: '-1', SHOPFLOOR_SIGNALING_ORIGINS: 'ftp://x' }),
    ).toThrow(/PORT[\s\S]*SHOPFLOOR_MAX_CONNECTIONS[\s\S]*SHOPFLOOR_SIGNALING_ORIGINS/);
    expect(() => configFromEnv({ PORT: '70000' })).toThrow(/PORT/);
    expect(() => configFromEnv({ SHOPFLOOR_MAX_MESSAGE_BYTES: '0' })).toThrow(/SHOPFLOOR_MAX_MESSAGE_BYTES/);
  });
});
