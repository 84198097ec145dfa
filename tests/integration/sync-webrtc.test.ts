/**
 * Sync over real WebRTC between Node peers (@roamhq/wrtc), one peer per process, inside a private
 * network namespace with only loopback (see sync-harness.ts). Runs as root (CI); skips otherwise.
 *
 * The signaling server (src/server) records every frame it receives; the last test checks that no
 * campaign name, person name, note text, device name or key material is in any of them.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { deriveRoom } from '../../src/sync';
import { until } from '../support/wait';
import { type Child, Netns, namespaceSupport, SignalingRoom } from './sync-harness';

const unsupported = namespaceSupport();
if (unsupported) console.warn(`[sync-webrtc] skipped: ${unsupported}`);

interface Digest {
  hash: string;
  people: number;
  sv: string;
}
interface Status {
  state: string;
  peers: { deviceName: string }[];
  unsentLocalChanges: boolean;
  rejected: { count: number; lastReason: string | null };
}

const newSpace = () => ({
  spaceKey: randomBytes(32).toString('base64url'),
  spaceId: randomBytes(16).toString('base64url'),
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Secrets used in this file (keys, device names, every name and note text), for the frame check. */
const secrets = new Set<string>();

describe.skipIf(unsupported !== null)('sync over real WebRTC (Node peers, loopback-only namespace)', () => {
  let room: SignalingRoom;
  let server: Child;
  let spawned: Child[] = [];

  beforeAll(async () => {
    room = await SignalingRoom.create();
    server = room.server;
  }, 60_000);

  afterAll(() => room?.close());
  afterEach(() => {
    for (const c of spawned) c.kill();
    spawned = [];
  });

  async function peers(names: string[], space: { spaceKey: string; spaceId: string }) {
    const started = await Promise.all(names.map((n) => room.ns.node(n, 'sync-peer.ts')));
    for (const [i, s] of started.entries()) {
      spawned.push(s.child);
      const name = names[i] as string;
      secrets.add(name);
      await s.child.call('init', { ...space, deviceName: name });
    }
    secrets.add(space.spaceKey);
    secrets.add((await deriveRoom(Buffer.from(space.spaceKey, 'base64url'))).password);
    return started.map((s) => s.child) as [Child, Child, Child];
  }

  const subscribes = () => room.subscribes();

  /** Starts peers one at a time, each after the previous one subscribed. */
  async function join(list: Child[], extra: Record<string, unknown> = {}) {
    for (const p of list) await room.start(p, extra);
  }

  it('two peers sync edits both ways, and local changes are confirmed delivered', async () => {
    const [a, b] = await peers(['Ana phone', 'Ben phone'], newSpace());
    await a.call('edit', { id: 'p1', field: 'name', value: 'Written on A' });
    await join([a, b]);
    const sa = await a.call<Status>('waitStatus', { state: 'connected', peers: 1 });
    expect(sa.peers.map((p) => p.deviceName)).toEqual(['Ben phone']);
    await b.call('waitValue', { id: 'p1', field: 'name', value: 'Written on A' });
    await b.call('edit', { id: 'p2', field: 'name', value: 'Written on B' });
    await a.call('waitValue', { id: 'p2', field: 'name', value: 'Written on B' });
    // Edit-to-visible latency, both directions.
    const latencies: number[] = [];
    for (let i = 0; i < 30; i++) {
      const [from, to] = i % 2 === 0 ? [a, b] : [b, a];
      const seen = to.call<{ at: number }>('waitValue', { id: 'latency', field: 'n', value: i });
      const edit = await from.call<{ at: number }>('edit', { id: 'latency', field: 'n', value: i });
      latencies.push((await seen).at - edit.at);
    }
    latencies.sort((x, y) => x - y);
    const median = latencies[Math.floor(latencies.length / 2)] as number;
    const p95 = latencies[Math.floor(latencies.length * 0.95)] as number;
    console.info(
      `[sync-webrtc] edit-to-visible latency: median ${median.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms`,
    );
    expect(p95).toBeLessThan(1000);
    await a.call('waitStatus', { unsent: false });
    await b.call('waitStatus', { unsent: false });
    expect(await a.call<Digest>('digest')).toEqual(await b.call<Digest>('digest'));
    expect((await a.call<Status>('status')).rejected.count).toBe(0);
  }, 60_000);

  it('edits made offline on both sides converge when they reconnect', async () => {
    const [a, b] = await peers(['Ana laptop', 'Ben tablet'], newSpace());
    await join([a, b]);
    await a.call('edit', { id: 'shared', field: 'name', value: 'Original' });
    await b.call('waitValue', { id: 'shared', field: 'name', value: 'Original' });
    await a.call('stop');
    await b.call('stop');
    await a.call('edit', { id: 'shared', field: 'notes', value: 'offline note from A' });
    await a.call('edit', { id: 'onlyA', field: 'name', value: 'Added on A offline' });
    await b.call('edit', { id: 'shared', field: 'unit', value: 'Loading dock' });
    await b.call('edit', { id: 'onlyB', field: 'name', value: 'Added on B offline' });
    await a.call('edit', { id: 'shared', field: 'name', value: 'A rename' });
    await b.call('edit', { id: 'shared', field: 'name', value: 'B rename' });
    expect(await a.call<Status>('status')).toBeNull();
    await join([a, b]);
    const [da, db] = await until(
      'convergence',
      () => Promise.all([a.call<Digest>('digest'), b.call<Digest>('digest')]),
      ([x, y]) => x.hash === y.hash && x.people === 3,
    );
    expect(da).toEqual(db);
    const shared = await a.call<Record<string, unknown>>('get', { id: 'shared' });
    expect(shared).toMatchObject({ notes: 'offline note from A', unit: 'Loading dock' });
    expect(['A rename', 'B rename']).toContain(shared.name);
    expect(await b.call('get', { id: 'onlyA' })).toEqual({ name: 'Added on A offline' });
    expect(await a.call('get', { id: 'onlyB' })).toEqual({ name: 'Added on B offline' });
  }, 60_000);

  it('a fresh peer receives an 8,000-person campaign with notes completely', async () => {
    const [a, b] = await peers(['Organizer', 'Newcomer'], newSpace());
    const gen = await a.call<{ bytes: number }>('generate', { people: 8000, conversations: 2000, seed: 7 });
    expect(gen.bytes).toBeGreaterThan(5_000_000);
    for (const text of await a.call<string[]>('contentStrings')) {
      // Short strings of base64 characters could occur in ciphertext by chance; names with a space cannot.
      if (/[^A-Za-z0-9+/=_-]/.test(text) || text.length >= 10) secrets.add(text);
    }
    await join([a]);
    const t0 = Date.now();
    await join([b]);
    const got = await b.call<Digest & { ms: number }>(
      'waitPeople',
      { count: 8000, timeoutMs: 45_000 },
      50_000,
    );
    const total = Date.now() - t0;
    console.info(
      `[sync-webrtc] 8,000 people + 2,000 conversations (${(gen.bytes / 1e6).toFixed(1)} MB) reached a fresh peer ${total} ms after it started (${got.ms.toFixed(0)} ms after the command)`,
    );
    const expected = await a.call<Digest>('digest');
    await until(
      'full state',
      () => b.call<Digest>('digest'),
      (d) => d.hash === expected.hash && d.sv === expected.sv,
      20_000,
    );
    expect(new Set(await b.call<string[]>('contentStrings'))).toEqual(
      new Set(await a.call<string[]>('contentStrings')),
    );
    expect((await b.call<Status>('status')).rejected.count).toBe(0);
  }, 90_000);

  it('a fresh peer receives a campaign larger than the per-update limit, in parts, and converges', async () => {
    const [a, b] = await peers(['Big Organizer', 'Big Newcomer'], newSpace());
    const limit = 512 * 1024;
    const gen = await a.call<{ bytes: number }>('generate', { people: 2000, conversations: 500, seed: 11 });
    expect(gen.bytes).toBeGreaterThan(3 * limit); // one step 2 would be refused as oversized
    const opts = { maxUpdateBytes: limit, statePartBytes: 128 * 1024 };
    await join([a], opts);
    await join([b], opts);
    await b.call('waitPeople', { count: 2000, timeoutMs: 30_000 }, 35_000);
    const expected = await a.call<Digest>('digest');
    await until(
      'full state',
      () => b.call<Digest>('digest'),
      (d) => d.hash === expected.hash && d.sv === expected.sv,
      20_000,
    );
    expect((await b.call<Status>('status')).rejected).toEqual({ count: 0, lastReason: null });
    // Every part was acknowledged: the organizer's campaign counts as delivered.
    await a.call('waitStatus', { unsent: false });
  }, 90_000);

  it('a local edit goes out only once it is stored (persist, then announce)', async () => {
    const [a, b] = await peers(['Careful Ana', 'Waiting Ben'], newSpace());
    await join([a, b]);
    await a.call('waitStatus', { state: 'connected', peers: 1 });
    await b.call('waitStatus', { state: 'connected', peers: 1 });
    await a.call('edit', { id: 'warmup', field: 'name', value: 'both connected' });
    await b.call('waitValue', { id: 'warmup', field: 'name', value: 'both connected' });
    await a.call('holdStore');
    await a.call('edit', { id: 'held', field: 'name', value: 'not stored yet' });
    await sleep(600);
    expect(await b.call('get', { id: 'held' })).toBeNull();
    expect((await a.call<Status>('status')).unsentLocalChanges).toBe(true);
    await a.call('store');
    await b.call('waitValue', { id: 'held', field: 'name', value: 'not stored yet' });
    await a.call('waitStatus', { unsent: false });
  }, 60_000);

  it('refuses a peer’s update that touches an unknown collection; the space is unchanged', async () => {
    const [victim, attacker] = await peers(['Victim', 'Attacker'], newSpace());
    await victim.call('edit', { id: 'p1', field: 'name', value: 'Kept by the victim' });
    await join([victim]);
    await join([attacker], { knownCollections: ['people', 'meta', 'backdoor'] });
    await victim.call('waitStatus', { state: 'connected', peers: 1 });
    await attacker.call('waitValue', { id: 'p1', field: 'name', value: 'Kept by the victim' });
    const before = await victim.call<Digest>('digest');
    await attacker.call('write', { collection: 'backdoor', key: 'x', value: 'backdoor payload' });
    const s = await victim.call<Status>('waitStatus', { rejectedAtLeast: 1 });
    expect(s.rejected.lastReason).toBe('unknown-collection');
    expect(await victim.call('topLevel')).not.toContain('backdoor');
    expect(await victim.call<Digest>('digest')).toEqual(before);
    // The attacker's update was never acknowledged, so it still counts as unsent there.
    expect((await attacker.call<Status>('status')).unsentLocalChanges).toBe(true);
  }, 60_000);

  it('removing a member moves the others to a new room; the removed device gets nothing new', async () => {
    const space = newSpace();
    const [a, b, c] = await peers(['Rotating Ana', 'Remaining Ben', 'Removed Cyrus'], space);
    await join([a, b, c]);
    for (const p of [a, b, c]) await p.call('waitStatus', { state: 'connected', peers: 2 });
    for (const p of [a, b, c]) await p.call('register');
    for (const p of [a, b, c])
      await until(
        'members',
        () => p.call<{ active: number }>('members'),
        (m) => m.active === 3,
      );
    const cyId = (await c.call<{ deviceId: string }>('whoami')).deviceId;
    const rotated = await a.call<{ newSpaceId: string; newSpaceKey: string }>('rotate', { remove: [cyId] });
    secrets.add(rotated.newSpaceKey);
    const forB = await until(
      'rotation reaches B',
      () => b.call<{ kind: string; newSpaceId?: string; newSpaceKey?: string }>('checkRotation'),
      (r) => r.kind === 'moved',
    );
    expect(forB).toMatchObject({ newSpaceId: rotated.newSpaceId, newSpaceKey: rotated.newSpaceKey });
    await until(
      'rotation reaches C',
      () => c.call<{ kind: string }>('checkRotation'),
      (r) => r.kind !== 'none',
    );
    expect(await c.call('checkRotation')).toEqual({ kind: 'removed' });
    const before = await subscribes();
    await a.call('move', rotated);
    await until('A subscribed to the new room', subscribes, (n) => n > before, 10_000);
    await b.call('move', rotated);
    await a.call('waitStatus', { state: 'connected', peers: 1 });
    await a.call('edit', { id: 'after', field: 'name', value: 'Only for the remaining members' });
    await b.call('waitValue', { id: 'after', field: 'name', value: 'Only for the remaining members' });
    await sleep(1000);
    expect(await c.call('get', { id: 'after' })).toBeNull();
    expect((await c.call<Status>('status')).peers).toEqual([]);
  }, 90_000);

  it('the signaling server never saw a campaign name, person name, note text, device name or key', async () => {
    const frames = await server.call<string[]>('frames');
    expect(frames.length).toBeGreaterThan(10);
    expect(frames.some((f) => f.includes('"subscribe"'))).toBe(true);
    const all = frames.join('\n');
    expect(secrets.size).toBeGreaterThan(4000); // the distinct names and notes of the 8,000-person campaign
    const leaks: string[] = [];
    for (const s of secrets) if (all.includes(s)) leaks.push(s);
    for (const word of [
      'Written on',
      'offline note',
      'Kept by the victim',
      'backdoor payload',
      'Only for the remaining',
    ]) {
      if (all.includes(word)) leaks.push(word);
    }
    expect(leaks).toEqual([]);
    // Everything the server could read: message types, the opaque topic, and ciphertext.
    for (const f of frames) {
      const m = JSON.parse(f) as { type: string; topic?: string; topics?: string[]; data?: unknown };
      expect(['subscribe', 'unsubscribe', 'publish', 'ping']).toContain(m.type);
      if (m.type === 'publish') expect(typeof m.data).toBe('string');
    }
  });
});

describe.skipIf(unsupported !== null)('sync against y-webrtc’s stock signaling server', () => {
  it('two peers sync edits both ways', async () => {
    const ns = await Netns.create();
    try {
      const url = await ns.stockServer(14444);
      const space = newSpace();
      const [a, b] = await Promise.all([ns.node('a', 'sync-peer.ts'), ns.node('b', 'sync-peer.ts')]);
      await a.child.call('init', { ...space, deviceName: 'Stock A' });
      await b.child.call('init', { ...space, deviceName: 'Stock B' });
      await a.child.call('start', { signaling: [url] });
      await sleep(500); // no frame recorder here: give A time to subscribe
      await b.child.call('start', { signaling: [url] });
      await a.child.call('edit', { id: 'x', field: 'name', value: 'from A' });
      await b.child.call('waitValue', { id: 'x', field: 'name', value: 'from A' });
      await b.child.call('edit', { id: 'y', field: 'name', value: 'from B' });
      await a.child.call('waitValue', { id: 'y', field: 'name', value: 'from B' });
      expect(await a.child.call<Digest>('digest')).toEqual(await b.child.call<Digest>('digest'));
    } finally {
      ns.close();
    }
  }, 60_000);
});
