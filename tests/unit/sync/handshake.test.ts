/**
 * The handshake retry policy (handshake-retry.ts): backoff, bounds, reset on success, cancel; and,
 * against y-webrtc itself (a real WebrtcConn over @roamhq/wrtc, a real signaling server), that a
 * peer that never answers is dropped after the timeout, the room is announced again and a new
 * connection is offered. How a link applies the policy is tested with a fake simple-peer in
 * sync-peer-link.test.ts.
 */
import wrtc from '@roamhq/wrtc';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { randomBytes, utf8 } from '../../../src/crypto';
import { type RunningServer, startServer } from '../../../src/server/server';
import { deriveRoom, type SyncSession, startSync } from '../../../src/sync';
import { DEFAULT_HANDSHAKE, HandshakeRetry, handshakeOptions } from '../../../src/sync/handshake-retry';
import { waitFor } from '../../support/server';

(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;

let server: RunningServer | undefined;
const cleanup: (() => void)[] = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const fn of cleanup.splice(0).reverse()) fn();
  await server?.close();
  server = undefined;
});

function stalledLink(remotePeerId: string) {
  const link = { conn: { remotePeerId }, announced: 0, announce: () => link.announced++ };
  return link;
}

describe('HandshakeRetry', () => {
  it('backs off exponentially per peer, up to the longest delay, then stops re-announcing', async () => {
    vi.useFakeTimers();
    const retry = new HandshakeRetry(
      { retryBaseMs: 1_000, retryMaxMs: 5_000, maxRetries: 4 },
      undefined,
      () => 0.5,
    );
    const link = stalledLink('p');
    const delays = [1, 2, 3, 4, 5].map(() => retry.stalled(link));
    expect(delays).toEqual([1_000, 2_000, 4_000, 5_000, null]);
    expect(retry.stallCount('p')).toBe(5);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(link.announced).toBe(4);
  });

  it('jitters each delay within ±25 % and never past the longest delay', () => {
    const low = new HandshakeRetry({ retryBaseMs: 1_000, retryMaxMs: 1_800 }, undefined, () => 0);
    const high = new HandshakeRetry({ retryBaseMs: 1_000, retryMaxMs: 1_800 }, undefined, () => 0.999);
    expect(low.stalled(stalledLink('p'))).toBe(750);
    expect(high.stalled(stalledLink('p'))).toBe(1_250);
    expect(high.stalled(stalledLink('p'))).toBe(1_800);
    low.cancel();
    high.cancel();
  });

  it('counts each peer on its own and starts a peer afresh once a handshake with it completed', () => {
    const retry = new HandshakeRetry({ maxRetries: 1 }, undefined, () => 0.5);
    expect(retry.stalled(stalledLink('a'))).toBe(1_000);
    expect(retry.stalled(stalledLink('a'))).toBeNull();
    expect(retry.stalled(stalledLink('b'))).toBe(1_000);
    retry.handshaken('a');
    expect(retry.stallCount('a')).toBe(0);
    expect(retry.stalled(stalledLink('a'))).toBe(1_000);
    retry.cancel();
  });

  it('announces nothing once cancelled or once the room stopped looking for peers', async () => {
    vi.useFakeTimers();
    let active = true;
    const retry = new HandshakeRetry({}, () => active);
    const a = stalledLink('a');
    retry.stalled(a);
    retry.cancel();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(a.announced).toBe(0);
    const b = stalledLink('b');
    retry.stalled(b);
    active = false;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(b.announced).toBe(0);
    expect(retry.stalled(stalledLink('c'))).toBeNull();
  });

  it('remembers a bounded number of peers', () => {
    const retry = new HandshakeRetry({ maxRetries: 0 });
    for (let i = 0; i < 1_000; i++) retry.stalled(stalledLink(`peer-${i}`));
    expect(retry.stallCount('peer-999')).toBe(1);
    expect(retry.stallCount('peer-0')).toBe(0); // forgotten: the oldest go first
  });

  it('defaults to a 15 s timeout and ignores unusable values', () => {
    expect(DEFAULT_HANDSHAKE.timeoutMs).toBe(15_000);
    expect(handshakeOptions()).toEqual(DEFAULT_HANDSHAKE);
    expect(handshakeOptions({ timeoutMs: 500, maxRetries: 0 })).toEqual({
      ...DEFAULT_HANDSHAKE,
      timeoutMs: 500,
      maxRetries: 0,
    });
    expect(
      handshakeOptions({ timeoutMs: -1, maxRetries: 1.5, retryBaseMs: Number.NaN, retryMaxMs: Infinity }),
    ).toEqual(DEFAULT_HANDSHAKE);
  });
});

/** y-webrtc's signaling encryption (its src/crypto.js, not exported): PBKDF2 → AES-GCM, lib0 framing. */
const roomKey = async (password: string, roomName: string) =>
  crypto.subtle.deriveKey(
    { name: 'PBKDF2', salt: utf8(roomName), iterations: 100_000, hash: 'SHA-256' },
    await crypto.subtle.importKey('raw', utf8(password), 'PBKDF2', false, ['deriveKey']),
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );

async function sealJson(data: unknown, key: CryptoKey): Promise<string> {
  const plain = encoding.createEncoder();
  encoding.writeAny(plain, data as never);
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const cipher = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, encoding.toUint8Array(plain));
  const e = encoding.createEncoder();
  encoding.writeVarString(e, 'AES-GCM');
  encoding.writeVarUint8Array(e, iv);
  encoding.writeVarUint8Array(e, new Uint8Array(cipher));
  // y-webrtc reads it with lib0's buffer.fromBase64: standard base64 with padding.
  return Buffer.from(encoding.toUint8Array(e)).toString('base64');
}

async function openJson(data: string, key: CryptoKey): Promise<Record<string, unknown>> {
  const d = decoding.createDecoder(Buffer.from(data, 'base64'));
  decoding.readVarString(d);
  const iv = decoding.readVarUint8Array(d);
  const cipher = decoding.readVarUint8Array(d);
  const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv }, key, cipher);
  return decoding.readAny(decoding.createDecoder(new Uint8Array(plain))) as Record<string, unknown>;
}

describe('against y-webrtc 10.3.0', () => {
  it('drops a connection to a peer that never answers, announces again, and offers a new connection', async () => {
    server = await startServer({ port: 0, host: '127.0.0.1', root: 'does-not-exist', mailbox: false });
    const url = `${server.url.replace('http', 'ws')}signal`;
    const spaceKey = randomBytes(32);
    const { roomName, password } = await deriveRoom(spaceKey);
    const key = await roomKey(password, roomName);
    const session: SyncSession = startSync({
      doc: new Y.Doc(),
      spaceKey,
      spaceKind: 'campaign',
      signaling: [url],
      deviceName: 'Test phone',
      deviceId: 'AAAAAAAAAAAAAAAAAAAAAA',
      peerOpts: { wrtc },
      handshake: { timeoutMs: 500, retryBaseMs: 100, retryMaxMs: 200, maxRetries: 3 },
    });
    cleanup.push(() => session.stop());
    await waitFor(() => server?.signaling.stats().subscriptions === 1, 20_000);

    // The silent peer: on signaling only; it never answers an offer.
    const silent = new WebSocket(url);
    cleanup.push(() => silent.close());
    await new Promise((r) => silent.once('open', r));
    const publish = async (data: unknown) =>
      silent.send(JSON.stringify({ type: 'publish', topic: roomName, data: await sealJson(data, key) }));
    const offers = new Set<number>(); // glare tokens: one per WebrtcConn that offered
    let announcesAfterOffer = 0;
    let replyToAnnounces = false;
    silent.on('message', async (raw) => {
      const m = JSON.parse(String(raw)) as { type?: string; topic?: string; data?: string };
      if (m.type !== 'publish' || m.topic !== roomName || typeof m.data !== 'string') return;
      const data = await openJson(m.data, key);
      if (data.from === 'silent-peer') return;
      const signal = data.signal as { type?: string } | undefined;
      if (data.type === 'signal' && data.to === 'silent-peer' && signal?.type === 'offer') {
        offers.add(data.token as number);
      }
      if (data.type === 'announce' && offers.size > 0) {
        announcesAfterOffer++;
        if (replyToAnnounces) await publish({ type: 'announce', from: 'silent-peer' });
      }
    });
    silent.send(JSON.stringify({ type: 'subscribe', topics: [roomName] }));
    await waitFor(() => server?.signaling.stats().subscriptions === 2, 20_000);
    await publish({ type: 'announce', from: 'silent-peer' });
    await waitFor(() => offers.size === 1, 20_000);

    // Unanswered: after the timeout y-webrtc announces on close, then the retry announces again
    // (through the connection's 'error' listener).
    await waitFor(() => announcesAfterOffer >= 2, 20_000);
    expect(offers.size).toBe(1);

    // Once the peer shows up again, a fresh connection is offered to it.
    replyToAnnounces = true;
    await publish({ type: 'announce', from: 'silent-peer' });
    await waitFor(() => offers.size >= 2, 20_000);
    expect(session.status().peers).toEqual([]);
  }, 60_000);
});
