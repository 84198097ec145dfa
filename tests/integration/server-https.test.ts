/**
 * `HTTPS=1`: the server makes a self-signed certificate once (kept under the data directory),
 * serves the app over https and signaling and the mailbox over wss, on loopback. The client trusts
 * exactly that certificate (as a phone does once the organizer accepts it), so host-name
 * verification against the certificate's IP address runs for real.
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { precompressDir } from '../../src/server/precompress';
import { type RunningServer, startServer } from '../../src/server/server';
import { loadServerCertificate, type ServerCertificate } from '../../src/server/tls';
import { decodeMessage, encodeMessage } from '../../src/wire/mailbox';
import { newTestMailbox } from '../support/mailbox-client';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function httpsGet(url: string, ca: string | undefined, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca, headers, timeout: 20_000 }, (res) => {
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

async function openSocket(url: string, ca: string): Promise<WebSocket> {
  const ws = new WebSocket(url, { ca, perMessageDeflate: false });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return ws;
}

function nextMessage(ws: WebSocket): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no message within 20 s')), 20_000);
    ws.once('message', (data: Buffer) => {
      clearTimeout(timer);
      resolve(data);
    });
  });
}

describe('HTTPS on the local network', () => {
  let dataDir: string;
  let root: string;
  let cert: ServerCertificate;
  let server: RunningServer;
  const sockets: WebSocket[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'shopfloor-https-data-'));
    root = mkdtempSync(join(tmpdir(), 'shopfloor-https-dist-'));
    writeFileSync(
      join(root, 'index.html'),
      `<!doctype html><title>Shopfloor</title>${'<p>x</p>'.repeat(100)}`,
    );
    await precompressDir(root);
    cert = loadServerCertificate({ mode: 'self-signed', dataDir }, ['localhost', '127.0.0.1', '::1']);
    server = await startServer({
      port: 0,
      host: '127.0.0.1',
      root,
      tls: { cert: cert.cert, key: cert.key },
    });
  });
  afterAll(async () => {
    for (const ws of sockets) ws.terminate();
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(root, { recursive: true, force: true });
  });

  it('makes the certificate once and keeps it, the key readable by its owner only', () => {
    expect(cert.created).toBe(true);
    expect(cert.selfSigned).toBe(true);
    expect(cert.fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(statSync(join(dataDir, 'tls', 'key.pem')).mode & 0o077).toBe(0);
    const again = loadServerCertificate({ mode: 'self-signed', dataDir }, ['localhost', '127.0.0.1']);
    expect(again.created).toBe(false);
    expect(again.fingerprint).toBe(cert.fingerprint);
  });

  it('makes a new one when this machine has an address the certificate lacks', () => {
    const other = mkdtempSync(join(tmpdir(), 'shopfloor-https-data-'));
    try {
      const first = loadServerCertificate({ mode: 'self-signed', dataDir: other }, ['127.0.0.1']);
      const moved = loadServerCertificate({ mode: 'self-signed', dataDir: other }, ['127.0.0.1', '10.9.8.7']);
      expect(moved.created).toBe(true);
      expect(moved.fingerprint).not.toBe(first.fingerprint);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('serves the app over https, compressed, to a client that trusts the certificate', async () => {
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await httpsGet(server.url, cert.cert, { 'Accept-Encoding': 'br' });
    expect(page.status).toBe(200);
    expect(page.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(page.body).toString()).toContain('<title>Shopfloor</title>');
    expect(page.headers['content-security-policy']).toContain(`wss://127.0.0.1:${server.port}`);
    const health = await httpsGet(`${server.url}healthz`, cert.cert);
    expect(health.body.toString()).toBe('ok\n');
  });

  it('is refused by a client that does not trust the certificate (no silent downgrade)', async () => {
    await expect(httpsGet(server.url, undefined)).rejects.toThrow(/self[- ]signed|certificate/i);
  });

  it('relays signaling over wss', async () => {
    const wss = `${server.url.replace(/^https/, 'wss')}signal`;
    const a = await openSocket(wss, cert.cert);
    const b = await openSocket(wss, cert.cert);
    sockets.push(a, b);
    a.send(JSON.stringify({ type: 'subscribe', topics: ['room-https'] }));
    b.send(JSON.stringify({ type: 'subscribe', topics: ['room-https'] }));
    // A ping answered means the subscribe before it was handled (messages are processed in order).
    for (const ws of [a, b]) {
      const pong = nextMessage(ws);
      ws.send(JSON.stringify({ type: 'ping' }));
      expect(JSON.parse((await pong).toString())).toEqual({ type: 'pong' });
    }
    const got = nextMessage(b);
    a.send(JSON.stringify({ type: 'publish', topic: 'room-https', data: 'hello' }));
    expect(JSON.parse((await got).toString())).toMatchObject({
      type: 'publish',
      topic: 'room-https',
      data: 'hello',
    });
  });

  it('opens a mailbox over wss and appends to it', async () => {
    const box = newTestMailbox();
    const ws = await openSocket(`${server.url.replace(/^https/, 'wss')}mailbox`, cert.cert);
    sockets.push(ws);
    const send = async (header: { op: string; [k: string]: unknown }, body?: Uint8Array) => {
      const reply = nextMessage(ws);
      ws.send(encodeMessage(header, body));
      return decodeMessage(new Uint8Array(await reply));
    };
    const opened = await send({
      op: 'open',
      rid: 1,
      mailbox: box.id,
      cap: box.appendCap,
      create: { readVerifier: box.readVerifier },
    });
    expect(opened?.header.op).toBe('opened');
    const appended = await send({ op: 'append', rid: 2 }, new Uint8Array(64).fill(5));
    expect(appended?.header.op).toBe('appended');
  });
});
