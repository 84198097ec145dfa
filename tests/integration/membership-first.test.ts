/**
 * Membership before content over real WebRTC (Node peers, loopback-only namespace; see
 * sync-harness.ts): a device that was offline while an admin removed a member comes back to the
 * old room, where the removed member still is. The links exchange only membership records first;
 * the returning device learns of the key change, follows it, and sends its offline edit to nobody
 * there. Runs as root (CI); skips otherwise. Mailbox path: membership-first-mailbox.test.ts.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { until } from '../support/wait';
import { type Child, namespaceSupport, SignalingRoom } from './sync-harness';

const unsupported = namespaceSupport();
if (unsupported) console.warn(`[membership-first] skipped: ${unsupported}`);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(unsupported !== null)('membership before content (real WebRTC)', () => {
  let room: SignalingRoom;
  let spawned: Child[] = [];

  beforeAll(async () => {
    room = await SignalingRoom.create();
  }, 60_000);
  afterAll(() => room?.close());
  afterEach(() => {
    for (const c of spawned) c.kill();
    spawned = [];
  });

  const startOne = (p: Child, gate: string) => room.start(p, { gate });

  it('the removed member gets none of the returning device’s offline edits; it follows the key change', async () => {
    const space = {
      spaceKey: randomBytes(32).toString('base64url'),
      spaceId: randomBytes(16).toString('base64url'),
    };
    const names = ['Admin Ana', 'Returning Ben', 'Removed Cyrus'];
    const started = await Promise.all(names.map((n) => room.ns.node(n, 'sync-peer.ts')));
    const [a, b, c] = started.map((s) => s.child) as [Child, Child, Child];
    spawned.push(a, b, c);
    for (const [i, p] of [a, b, c].entries()) await p.call('init', { ...space, deviceName: names[i] });
    await startOne(a, 'follow');
    await startOne(b, 'follow');
    await startOne(c, 'open'); // a removed member who wants content, following the protocol
    for (const p of [a, b, c])
      await p.call('waitStatus', { state: 'connected', peers: 2, timeoutMs: 30_000 });
    for (const p of [a, b, c]) await p.call('register');
    for (const p of [a, b, c])
      await until(
        'members',
        () => p.call<{ active: number }>('members'),
        (m) => m.active === 3,
      );
    await a.call('edit', { id: 'p1', field: 'name', value: 'Before the removal' });
    await c.call('waitValue', { id: 'p1', field: 'name', value: 'Before the removal' });
    await b.call('waitValue', { id: 'p1', field: 'name', value: 'Before the removal' });

    // Ben goes offline and edits; meanwhile Ana removes Cyrus (the record is written in the old room).
    await b.call('stop');
    await b.call('edit', { id: 'p1', field: 'notes', value: 'Written offline after the removal' });
    const cyId = (await c.call<{ deviceId: string }>('whoami')).deviceId;
    await a.call('rotate', { remove: [cyId] });
    await until(
      'Cyrus got the removal',
      () => c.call<{ kind: string }>('checkRotation'),
      (r) => r.kind === 'removed',
    );

    // Ben comes back to the old room, where Cyrus (and Ana) still are.
    await startOne(b, 'follow');
    await b.call('waitStatus', { state: 'connected', peers: 1, timeoutMs: 30_000 });
    await until(
      'Ben follows the key change',
      () => b.call<string>('followed'),
      (k) => k === 'moved',
    );
    expect(await b.call<{ kind: string }>('checkRotation')).toMatchObject({ kind: 'moved' });
    await sleep(1500); // anything Ben would send (a step 2 answers at once) would have arrived by now
    expect(await c.call('get', { id: 'p1' })).toEqual({ name: 'Before the removal' });
    expect(await a.call('get', { id: 'p1' })).toEqual({ name: 'Before the removal' });
  }, 120_000);
});
