/**
 * One signaling socket per session, carrying that session's room only (signaling-urls.ts): after a
 * key rotation the old and the new room must never share a connection the server could link.
 * Every message each client socket sends is recorded, which is exactly what the server sees per
 * connection.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WebrtcProvider } from 'y-webrtc';
import * as Y from 'yjs';
import { randomBytes } from '../../../src/crypto';
import { type RunningServer, startServer } from '../../../src/server/server';
import { deriveRoom, type SyncSession, startSync } from '../../../src/sync';
import { scopeSignalingMessage, sessionSignalingUrls } from '../../../src/sync/signaling-urls';
import { waitFor } from '../../support/server';

/** Client sockets opened so far, with the topics each one named in what it sent. */
const sockets: { url: string; topics: Set<string> }[] = [];

class RecordingWebSocket extends WebSocket {
  private readonly record: { url: string; topics: Set<string> };
  constructor(url: string) {
    super(url);
    this.record = { url, topics: new Set() };
    sockets.push(this.record);
  }
  override send(data: unknown, ...rest: never[]): void {
    const m = JSON.parse(String(data)) as { topic?: string; topics?: string[] };
    if (typeof m.topic === 'string') this.record.topics.add(m.topic);
    for (const t of m.topics ?? []) this.record.topics.add(t);
    (super.send as (d: unknown, ...r: never[]) => void)(data, ...rest);
  }
}

const previous = (globalThis as { WebSocket?: unknown }).WebSocket;
beforeAll(() => {
  (globalThis as { WebSocket?: unknown }).WebSocket = RecordingWebSocket;
});
afterAll(() => {
  (globalThis as { WebSocket?: unknown }).WebSocket = previous;
});

let server: RunningServer | undefined;
const cleanup: (() => void)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) fn();
  await server?.close();
  server = undefined;
  sockets.length = 0;
});

async function signalUrl(): Promise<string> {
  server = await startServer({ port: 0, host: '127.0.0.1', root: 'does-not-exist', mailbox: false });
  return `${server.url.replace('http', 'ws')}signal`;
}

function session(spaceKey: Uint8Array, signaling: string): SyncSession {
  const s = startSync({
    doc: new Y.Doc(),
    spaceKey,
    spaceKind: 'campaign',
    signaling: [signaling],
    deviceName: 'Test phone',
    deviceId: 'AAAAAAAAAAAAAAAAAAAAAA',
  });
  cleanup.push(() => s.stop());
  return s;
}

describe('signaling sockets', () => {
  it('y-webrtc alone puts two rooms on one socket (what this guards against)', async () => {
    const url = await signalUrl();
    const a = new WebrtcProvider('control-room-a', new Y.Doc(), { signaling: [url], filterBcConns: false });
    const b = new WebrtcProvider('control-room-b', new Y.Doc(), { signaling: [url], filterBcConns: false });
    for (const p of [a, b])
      cleanup.push(() => {
        p.disconnect(); // closes the shared socket once no provider uses it
        p.destroy();
      });
    await waitFor(() => server?.signaling.stats().subscriptions === 2, 10_000);
    expect(server?.signaling.stats().connections).toBe(1);
    expect(sockets).toHaveLength(1);
    expect([...(sockets[0]?.topics ?? [])].sort()).toEqual(['control-room-a', 'control-room-b']);
  });

  it('gives a session after a key rotation its own connection, and no connection both rooms', async () => {
    const url = await signalUrl();
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);
    const [oldRoom, newRoom] = await Promise.all([deriveRoom(oldKey), deriveRoom(newKey)]);
    session(oldKey, url);
    await waitFor(() => server?.signaling.stats().subscriptions === 1, 10_000);
    // The rotation: the new room opens while the old one is still there.
    session(newKey, url);
    await waitFor(() => server?.signaling.stats().topics === 2, 10_000);
    expect(server?.signaling.stats()).toMatchObject({ connections: 2, topics: 2, subscriptions: 2 });
    // Sockets to this server (a socket of an earlier test may still be retrying its closed server).
    const here = sockets.filter((s) => new URL(s.url).port === String(server?.port));
    expect(here).toHaveLength(2);
    expect(new Set(here.map((s) => s.url)).size).toBe(2);
    for (const s of here) expect(new URL(s.url).pathname).toBe('/signal');
    const named = here.map((s) => [...s.topics]);
    expect(named).toEqual([[oldRoom.roomName], [newRoom.roomName]]);
  });

  it('makes URLs distinct per call and per URL, keeping their path', () => {
    const urls = ['wss://a.example/signal', 'ws://127.0.0.1:8787/signal?x=1'];
    const one = sessionSignalingUrls(urls);
    const two = sessionSignalingUrls(urls);
    expect(one[0]).toMatch(/^wss:\/\/a\.example\/signal\?c=[A-Za-z0-9_-]{16}$/);
    expect(one[1]).toMatch(/^ws:\/\/127\.0\.0\.1:8787\/signal\?x=1&c=[A-Za-z0-9_-]{16}$/);
    expect(new Set([...one, ...two]).size).toBe(4);
    const token = (u: string | undefined) => new URL(u ?? '').searchParams.get('c');
    expect(token(one[0])).not.toBe(token(one[1])); // two servers cannot match connections by it
  });

  it('narrows signaling messages to the socket’s own rooms', () => {
    const mine = new Set(['mine']);
    expect(scopeSignalingMessage({ type: 'subscribe', topics: ['other', 'mine'] }, mine)).toEqual({
      type: 'subscribe',
      topics: ['mine'],
    });
    expect(scopeSignalingMessage({ type: 'subscribe', topics: ['other'] }, mine)).toBeNull();
    expect(scopeSignalingMessage({ type: 'unsubscribe', topics: ['other'] }, mine)).toBeNull();
    expect(scopeSignalingMessage({ type: 'publish', topic: 'other', data: 'x' }, mine)).toBeNull();
    const publish = { type: 'publish', topic: 'mine', data: 'x' };
    expect(scopeSignalingMessage(publish, mine)).toBe(publish);
    expect(scopeSignalingMessage({ type: 'ping' }, mine)).toEqual({ type: 'ping' });
  });
});
