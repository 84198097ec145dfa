/**
 * Membership before content on the mailbox path, against the real server (docs/sync.md,
 * "Membership before content"): a device that was offline while an admin removed someone catches
 * up (reads) before it appends anything; when the catch-up brings the key change, nothing of this
 * device's goes into the old mailbox, so the removed member (who still reads it) never gets the
 * edits made offline. A retired mailbox still serves reads, so a device returning later still
 * learns of the key change there. Peer links: tests/integration/membership-first.test.ts.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { randomBytes } from '../../src/crypto';
import { retireMailbox, type SyncOptions, type SyncSession } from '../../src/sync';
import { type MailboxDevice, mailboxDevice, mailboxSync } from '../support/mailbox-sync';
import { waitFor } from '../support/server';

const { serve, start: startSession, stop } = mailboxSync();

interface Device extends MailboxDevice {
  verdicts: string[];
}
const device = (n: number): Device => ({ ...mailboxDevice(n), verdicts: [] });

/** The room was left once a rotation record is in the doc (the app's verified-log check, simplified). */
const gateOf = (d: Device): NonNullable<SyncOptions['membership']> => ({
  settle: async () => {
    const v = d.doc.getMap('rotations').size > 0 ? 'retired' : 'open';
    d.verdicts.push(v);
    return v;
  },
});

/** Mailbox-only sync for `d`, behind its membership gate unless `gated` is false. */
const start = (url: string, spaceKey: Uint8Array, d: Device, gated = true): SyncSession =>
  startSession(url, spaceKey, d, gated ? { membership: gateOf(d) } : {});
const person = (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>('people').get('p1');
const until = (check: () => boolean, ms = 30_000) => waitFor(check, ms);
const ROTATION = {
  v: 1,
  id: 'rotation-0123456789abcdef',
  spaceId: 'space-0123456789abcdef',
  by: 'device1'.padEnd(22, 'A'),
  at: 1,
  removed: ['device3'.padEnd(22, 'A')],
  envelopes: {},
};

describe('membership before content (mailbox)', () => {
  it('a returning device reads the key change first and appends nothing to the old mailbox; a retired one still serves reads', async () => {
    const url = await serve();
    const key = randomBytes(32);
    const [admin, returning, removed] = [device(1), device(2), device(3)];
    const sa = start(url, key, admin);
    let sb = start(url, key, returning);
    const sc = start(url, key, removed, false); // the removed member reads the mailbox, no gate
    await until(() => [sa, sb, sc].every((s) => s.status().mailbox.state === 'live'));
    const p = new Y.Map<unknown>();
    admin.doc.getMap('people').set('p1', p);
    p.set('name', 'Ana');
    await until(
      () => person(returning.doc)?.get('name') === 'Ana' && person(removed.doc)?.get('name') === 'Ana',
    );
    await until(() => sb.status().latest !== 'this-device');
    stop(sb);

    // Offline, the returning device edits; meanwhile the admin removes a member (the record reaches
    // the mailbox before the admin retires it).
    person(returning.doc)?.set('notes', 'written offline after the removal');
    admin.doc.getMap('rotations').set(ROTATION.id, ROTATION);
    await until(() => sa.status().latest !== 'this-device');
    await until(() => removed.doc.getMap('rotations').size === 1);

    returning.verdicts.length = 0;
    sb = start(url, key, returning);
    await until(() => returning.doc.getMap('rotations').size === 1 && returning.verdicts.includes('retired'));
    // The mailbox is live and this device's edit is still only here: nothing was appended.
    await until(() => sb.status().mailbox.state === 'live');
    expect(sb.status().latest).toBe('this-device');
    // A device reading the whole mailbox now gets the removal but not the offline edit.
    const reader = device(4);
    const sd = start(url, key, reader, false);
    await until(() => sd.status().mailbox.state === 'live' && reader.doc.getMap('rotations').size === 1);
    expect(person(reader.doc)?.get('name')).toBe('Ana');
    expect(person(reader.doc)?.get('notes')).toBeUndefined();
    expect(person(removed.doc)?.get('notes')).toBeUndefined();
    stop(sd);

    // The admin retires the old mailbox; a device returning later still learns there.
    await retireMailbox(key, [url]);
    const late = device(5);
    const sl = start(url, key, late);
    await until(() => late.doc.getMap('rotations').size === 1 && late.verdicts.includes('retired'));
    expect(sl.status().mailbox.error).toBe('retired');
  }, 90_000);

  it('without the key change, the returning device appends its offline edit once it has caught up', async () => {
    const url = await serve();
    const key = randomBytes(32);
    const [a, b] = [device(1), device(2)];
    const sa = start(url, key, a);
    let sb = start(url, key, b);
    await until(() => sa.status().mailbox.state === 'live' && sb.status().mailbox.state === 'live');
    a.doc.getMap('people').set('p1', new Y.Map());
    await until(() => person(b.doc) !== undefined);
    await until(() => sb.status().latest !== 'this-device');
    stop(sb);
    person(b.doc)?.set('notes', 'offline, no removal');
    sb = start(url, key, b);
    await until(() => person(a.doc)?.get('notes') === 'offline, no removal');
    expect(b.verdicts).toContain('open');
  }, 60_000);
});
