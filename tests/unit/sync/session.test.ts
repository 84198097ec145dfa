import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { randomBytes } from '../../../src/crypto';
import {
  type SyncOptions,
  type SyncSession,
  type SyncStatus,
  simplePeerOptions,
  startSync,
} from '../../../src/sync';

(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;

const base = (): SyncOptions => ({
  doc: new Y.Doc(),
  spaceKey: randomBytes(32),
  spaceKind: 'campaign',
  signaling: ['ws://127.0.0.1:9/signal'], // discard port: nothing listens
  deviceName: 'Test phone',
  deviceId: 'AAAAAAAAAAAAAAAAAAAAAA',
});

let sessions: SyncSession[] = [];
afterEach(() => {
  for (const s of sessions) s.stop();
  sessions = [];
});

describe('startSync', () => {
  it('refuses bad options with coded errors', () => {
    expect(() => startSync({ ...base(), spaceKey: randomBytes(16) })).toThrow(
      expect.objectContaining({ code: 'invalid-space-key' }),
    );
    expect(() => startSync({ ...base(), spaceKind: 'personal' })).toThrow(
      expect.objectContaining({ code: 'unsyncable-space' }),
    );
    expect(() => startSync({ ...base(), deviceName: 'x'.repeat(61) })).toThrow(
      expect.objectContaining({ code: 'invalid-device' }),
    );
    expect(() => startSync({ ...base(), deviceId: 'short' })).toThrow(
      expect.objectContaining({ code: 'invalid-device' }),
    );
    expect(() => startSync({ ...base(), signaling: [] })).toThrow(
      expect.objectContaining({ code: 'no-signaling' }),
    );
    expect(() => startSync({ ...base(), signaling: ['https://example.org'] })).toThrow(
      expect.objectContaining({ code: 'no-signaling' }),
    );
  });

  it('never lets simple-peer fall back to its public STUN servers', () => {
    expect(simplePeerOptions(undefined, undefined)).toEqual({ config: { iceServers: [] } });
    const wrtc = {};
    expect(
      simplePeerOptions(
        { wrtc, config: { iceServers: [{ urls: 'stun:stun.l.google.com:19302' }], x: 1 } },
        undefined,
      ),
    ).toEqual({
      wrtc,
      config: { iceServers: [], x: 1 },
    });
    const turn = [{ urls: 'turn:turn.example.org', username: 'u', credential: 'c' }];
    expect(simplePeerOptions({}, turn)).toEqual({ config: { iceServers: turn } });
  });

  it('reports status without peers, tracks local edits, and goes offline on stop', async () => {
    const opts = base();
    const session = startSync(opts);
    sessions.push(session);
    const seen: SyncStatus[] = [];
    session.onStatus((s) => seen.push(s));
    expect(session.status()).toMatchObject({
      state: 'connecting',
      peers: [],
      lastSyncedAt: null,
      unsentLocalChanges: true,
      rejected: { count: 0, lastReason: null },
    });
    await session.ready;
    opts.doc.getMap('people').set('p', 1);
    expect(session.status().unsentLocalChanges).toBe(true);
    session.resume();
    session.reconnect();
    await session.ready;
    session.stop();
    expect(session.status().state).toBe('offline');
    expect(seen.at(-1)?.state).toBe('offline');
    // After stop, local edits are no longer observed.
    const n = seen.length;
    opts.doc.getMap('people').set('q', 2);
    await Promise.resolve();
    expect(seen.length).toBe(n);
  });

  it('starts with nothing unsent when told the state was delivered before', () => {
    const session = startSync({ ...base(), initialUnsent: false });
    sessions.push(session);
    expect(session.status().unsentLocalChanges).toBe(false);
  });
});
