/**
 * The signaling server against y-webrtc's own client code and message shapes: what a client sends
 * arrives at every subscriber exactly as sent, like y-webrtc's bin/server.js minus the `clients`
 * count (which the client never reads); and with a room password, no frame the server receives
 * carries the peer's plaintext.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type SignalingConn, WebrtcProvider } from 'y-webrtc';
import * as Y from 'yjs';
import { type RunningServer, startServer } from '../../src/server/server';
import { WebSocket } from '../../src/server/ws';
import { connect, type TestClient, waitFor } from '../support/server';

const opened: { close(): unknown }[] = [];
let server: RunningServer | undefined;

afterEach(async () => {
  for (const o of opened.splice(0).reverse()) await o.close();
  await server?.close();
  server = undefined;
});

async function startRecording(): Promise<{ signalUrl: string; frames: string[] }> {
  const frames: string[] = [];
  server = await startServer({
    port: 0,
    host: '127.0.0.1',
    root: 'does-not-exist',
    onFrame: (f) => frames.push(f),
  });
  return { signalUrl: `${server.url.replace('http', 'ws')}signal`, frames };
}

async function client(url: string): Promise<TestClient> {
  const c = await connect(url);
  opened.push({ close: () => c.close() });
  return c;
}

describe('y-webrtc message shapes over plain WebSockets', () => {
  it('relays subscribe/publish exactly as y-webrtc sends them, without a clients count', async () => {
    const { signalUrl, frames } = await startRecording();
    const room = 'shopfloor:6f1c2a9e-room';
    const a = await client(signalUrl);
    const b = await client(signalUrl);
    // SignalingConn on connect: { type: 'subscribe', topics: [...rooms] }
    a.send({ type: 'subscribe', topics: [room] });
    b.send({ type: 'subscribe', topics: [room] });
    await Promise.all([a.sync(), b.sync()]);

    // publishSignalingMessage with a room key: { type: 'publish', topic, data: base64(ciphertext) }
    const encrypted = { type: 'publish', topic: room, data: 'BkFFUy1HQ00MnJ3o0w0i5b1j7Pq3RHkz8Q==' };
    // ... and without a key: the signal object itself.
    const plain = {
      type: 'publish',
      topic: room,
      data: {
        to: 'peer-b',
        from: 'peer-a',
        type: 'signal',
        token: 0.42,
        signal: { type: 'offer', sdp: 'v=0' },
      },
    };
    a.send(encrypted);
    b.send(plain);
    for (const c of [a, b]) {
      expect(await c.next()).toEqual(encrypted);
      expect(await c.next()).toEqual(plain);
      // Byte for byte what the stock server sends, without the `clients` it appends.
      expect(c.raw.filter((r) => r !== '{"type":"pong"}')).toEqual([
        JSON.stringify(encrypted),
        JSON.stringify(plain),
      ]);
    }
    // lib0's WebsocketClient keepalive: { type: 'ping' } → { type: 'pong' }
    a.send({ type: 'ping' });
    expect(await a.next()).toEqual({ type: 'pong' });
    // Provider.disconnect(): { type: 'unsubscribe', topics: [room] }
    a.send({ type: 'unsubscribe', topics: [room] });
    await a.sync();
    expect(server?.signaling.stats()).toEqual({ connections: 2, topics: 1, subscriptions: 1 });
    expect(frames).toContain(JSON.stringify(encrypted));
  });
});

describe('y-webrtc client code', () => {
  it('a real WebrtcProvider with a room password subscribes and publishes only ciphertext', async () => {
    const { signalUrl, frames } = await startRecording();
    const g = globalThis as { WebSocket?: unknown };
    const hadWebSocket = 'WebSocket' in g;
    const previous = g.WebSocket;
    // lib0's WebsocketClient uses the global WebSocket, which Node 20 lacks.
    g.WebSocket = WebSocket;
    opened.push({
      close: () => {
        if (hadWebSocket) g.WebSocket = previous;
        else delete g.WebSocket;
      },
    });

    const room = `shopfloor-it-${Date.now()}`;
    const observer = await client(signalUrl);
    observer.send({ type: 'subscribe', topics: [room] });
    await observer.sync();

    const doc = new Y.Doc();
    doc.getMap('campaign').set('name', 'PLAINTEXT-CAMPAIGN-NAME');
    const provider = new WebrtcProvider(room, doc, {
      signaling: [signalUrl],
      password: 'copper kettle river lantern',
    });
    opened.push({
      close: () => {
        provider.disconnect(); // also closes its SignalingConn, so nothing reconnects later
        provider.destroy();
        doc.destroy();
      },
    });

    // The provider's announce reaches the observer: the stock shape, with opaque data.
    const announce = await observer.next(10_000);
    expect(announce.type).toBe('publish');
    expect(announce.topic).toBe(room);
    expect(announce.clients).toBeUndefined(); // no room size for whoever subscribes
    expect(typeof announce.data).toBe('string');
    const peerId = provider.room?.peerId;
    expect(peerId).toMatch(/^[0-9a-f-]{36}$/);
    expect(announce.data as string).not.toContain(peerId);
    expect(Buffer.from(announce.data as string, 'base64').toString('latin1')).not.toContain('announce');

    // The other direction: what the observer publishes reaches the provider's SignalingConn as sent
    // (a replay of its own announce, which it decrypts and then ignores as coming from itself).
    const conn = provider.signalingConns[0] as SignalingConn;
    const received: unknown[] = [];
    conn.on('message', (m: unknown) => {
      received.push(m);
    });
    const replay = announce;
    observer.send(replay);
    await waitFor(() => received.some((m) => JSON.stringify(m) === JSON.stringify(replay)), 5000);

    // Everything the server received was y-webrtc protocol around opaque room ids and ciphertext.
    expect(frames.length).toBeGreaterThanOrEqual(3);
    for (const f of frames) {
      expect(f).not.toContain('PLAINTEXT-CAMPAIGN-NAME');
      expect(f).not.toContain(peerId);
      const m = JSON.parse(f) as { type: string };
      expect(['subscribe', 'unsubscribe', 'publish', 'ping']).toContain(m.type);
    }
    expect(frames.map((f) => JSON.parse(f) as { type: string; topics?: string[] })).toContainEqual({
      type: 'subscribe',
      topics: [room],
    });
    await waitFor(() => (server?.signaling.stats().subscriptions ?? 0) === 2);
  });
});

/** Starts y-webrtc's own bin/server.js on a free port; resolves once it accepts connections. */
async function startStockServer(): Promise<{ url: string; stop(): void }> {
  const { createServer } = await import('node:net');
  const { spawn } = await import('node:child_process');
  const port = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const p = (probe.address() as { port: number }).port;
      probe.close(() => resolve(p));
    });
  });
  const child = spawn(process.execPath, ['node_modules/y-webrtc/bin/server.js'], {
    env: { ...process.env, PORT: String(port) },
    stdio: 'ignore',
  });
  const url = `ws://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      const c = await connect(url);
      await c.close();
      break;
    } catch (err) {
      if (Date.now() > deadline) {
        child.kill();
        throw err;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return { url, stop: () => child.kill() };
}

/** One fixed conversation of three clients; returns what each received, raw, in order. */
async function conversation(url: string): Promise<string[][]> {
  const a = await client(url);
  const b = await client(url);
  const c = await client(url);
  const step = async (who: TestClient, msg: unknown) => {
    who.send(msg);
    await who.sync();
  };
  await step(a, { type: 'subscribe', topics: ['r1', 'r2'] });
  await step(b, { type: 'subscribe', topics: ['r1', 7, 'r1', 'r2'] });
  await step(c, { type: 'subscribe', topics: ['r2'] });
  await step(a, { type: 'publish', topic: 'r1', data: 'QUJD' });
  await step(b, { type: 'publish', topic: 'r2', data: { type: 'announce', from: 'b' }, clients: 99 });
  await step(c, { type: 'publish', topic: 'r3', data: 'nobody' });
  await step(c, { type: 'publish', topic: 'r1', data: 'from-outside' });
  await step(a, { type: 'ping' });
  await step(b, { type: 'unsubscribe', topics: ['r1'] });
  await step(a, { type: 'publish', topic: 'r1', data: 'after-unsubscribe' });
  await step(c, { type: 'whatever' });
  await Promise.all([a.sync(), b.sync(), c.sync()]);
  return [a.raw, b.raw, c.raw];
}

/**
 * The stock server's frames as this server sends them: the two deliberate differences removed (no
 * `clients` count; no relay of a publish from a socket not subscribed to its topic). y-webrtc's
 * client reads neither: it never looks at `clients` and always subscribes before it publishes.
 */
function withoutDeliberateDifferences(frames: string[]): string[] {
  return frames
    .filter((f) => !f.includes('"from-outside"'))
    .map((f) => {
      const m = JSON.parse(f) as Record<string, unknown>;
      if (m.type !== 'publish') return f;
      delete m.clients;
      return JSON.stringify(m);
    });
}

describe('interchangeable with y-webrtc bin/server.js', () => {
  it('every client receives byte-identical frames from both servers for the same conversation, but for the deliberate differences', async () => {
    const stock = await startStockServer();
    opened.push({ close: () => stock.stop() });
    const { signalUrl } = await startRecording();
    const fromStock = await conversation(stock.url);
    const fromOurs = await conversation(signalUrl);
    expect(fromOurs).toEqual(fromStock.map(withoutDeliberateDifferences));
    // The differences are real (the stock server does send them) ...
    expect(fromStock[0]?.some((f) => f.includes('"from-outside"'))).toBe(true);
    expect(fromStock[1]).toContain('{"type":"publish","topic":"r1","data":"QUJD","clients":2}');
    // ... and the conversation did exercise relaying (not just pongs).
    expect(fromOurs[1]).toContain('{"type":"publish","topic":"r1","data":"QUJD"}');
    expect(fromOurs[2]).toContain('{"type":"publish","topic":"r2","data":{"type":"announce","from":"b"}}');
    expect(fromOurs.flat().some((f) => f.includes('clients') || f.includes('from-outside'))).toBe(false);
  });
});
