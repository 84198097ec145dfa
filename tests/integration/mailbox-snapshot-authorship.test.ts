/**
 * Signed compaction snapshots against the real mailbox server (docs/sync.md, "Verified
 * authorship"; docs/threat-model.md). Anyone with the campaign key holds the mailbox's read
 * capability and may upload a snapshot, which every phone that joins later reads first: a removed
 * member before the rekey, or a member signing in another's name. A fresh phone must refuse such a
 * snapshot with a coded reason, apply none of it, read the tail after it, and take the campaign from
 * the next honest snapshot.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { randomBytes, signBytes } from '../../src/crypto';
import type { Authorship } from '../../src/sync/authorship';
import { uploadSnapshot } from '../../src/sync/mailbox/compact';
import { openMailboxConnection } from '../../src/sync/mailbox/connection';
import { campaignMailboxRoot, deriveMailboxKeys } from '../../src/sync/mailbox/keys';
import { createDeviceIdentity, type DeviceSigner } from '../../src/sync/members/log';
import { isPeerOrigin } from '../../src/sync/wire/origin';
import { type MailboxDevice, mailboxDevice, mailboxSync } from '../support/mailbox-sync';
import { waitFor } from '../support/server';

const { serve, start, stop } = mailboxSync();
const people = (doc: Y.Doc) => doc.getMap('people');
const until = (check: () => boolean, ms = 30_000) => waitFor(check, ms);
const ROOM = 'campaign-room';

/** The verified log as every honest reader holds it: Ana and the fresh phones, not Mal. */
type Log = Map<string, Uint8Array> | 'no-log';

function authorship(signer: DeviceSigner, log: Log): Authorship {
  return {
    context: ROOM,
    sign: (m) => signBytes(signer.privateKey, m),
    keyOf: async (id) => (log === 'no-log' ? 'no-log' : (log.get(id) ?? null)),
  };
}

async function cast() {
  const ids = await Promise.all([1, 2, 3, 4].map(async () => (await createDeviceIdentity()).signer));
  const [ana, fresh, later, mal] = ids as [DeviceSigner, DeviceSigner, DeviceSigner, DeviceSigner];
  const devices = {
    ana: mailboxDevice(1),
    fresh: mailboxDevice(2),
    later: mailboxDevice(3),
    mal: mailboxDevice(9),
  };
  const log: Log = new Map([
    [devices.ana.deviceId, ana.publicKey],
    [devices.fresh.deviceId, fresh.publicKey],
    [devices.later.deviceId, later.publicKey],
  ]);
  return { signers: { ana, fresh, later, mal }, devices, log };
}

/** Uploads `doc` as the snapshot covering the head, the way compaction does, signed as `signer` says. */
async function plantSnapshot(
  url: string,
  key: Uint8Array,
  doc: Y.Doc,
  signer: { authorship: Authorship; deviceId: string } | null,
): Promise<number> {
  const keys = await deriveMailboxKeys(await campaignMailboxRoot(key));
  const conn = await openMailboxConnection(url, { mailboxId: keys.mailboxId, cap: keys.readCap }, {});
  try {
    return await uploadSnapshot(conn, keys, doc, {}, conn.head, signer);
  } finally {
    conn.close();
  }
}

/** Ana writes the campaign into the mailbox, signed, and goes offline. */
async function anaWrites(url: string, key: Uint8Array, ana: MailboxDevice, a: Authorship, n: number) {
  const s = start(url, key, ana, { authorship: a });
  await until(() => s.status().mailbox.state === 'live');
  for (let i = 0; i < n; i++) people(ana.doc).set(`p${i}`, `Person ${i}`);
  await until(() => s.status().latest === 'mailbox');
  return s;
}

/** Mal's doc: Ana's campaign rewritten, plus someone planted. */
function forgedDoc(): Y.Doc {
  const doc = new Y.Doc();
  people(doc).set('p0', 'Mallory rewrote this');
  people(doc).set('planted', 'A person nobody added');
  return doc;
}

describe('signed compaction snapshots through the real mailbox', () => {
  it('a fresh phone refuses snapshots from a stranger, in another’s name or unsigned; keeps the tail; takes the next honest one', async () => {
    const url = await serve();
    const key = randomBytes(32);
    const { signers, devices, log } = await cast();
    const sa = await anaWrites(url, key, devices.ana, authorship(signers.ana, log), 3);
    stop(sa);

    // 1. Mal, not in the log (a removed member still holding the key), signs as herself.
    const malAs = (deviceId: string) => ({ authorship: authorship(signers.mal, log), deviceId });
    expect(await plantSnapshot(url, key, forgedDoc(), malAs(devices.mal.deviceId))).toBeGreaterThan(0);
    const sf = start(url, key, devices.fresh, { authorship: authorship(signers.fresh, log) });
    const origins: unknown[] = [];
    devices.fresh.doc.on('afterTransaction', (tr: Y.Transaction) => {
      if (isPeerOrigin(tr.origin)) origins.push(tr.origin);
    });
    await until(() => sf.status().mailbox.state === 'live');
    expect(sf.status().rejected).toMatchObject({ count: 1, lastReason: 'unknown-author' });
    expect(people(devices.fresh.doc).has('planted')).toBe(false);
    expect(people(devices.fresh.doc).has('p0')).toBe(false);
    expect(origins).toEqual([]);
    stop(sf);

    // 2. Mal signs with her own key in Ana's name; 3. an unsigned snapshot (an older app, or a tool).
    for (const [signer, reason] of [
      [malAs(devices.ana.deviceId), 'forged-author'],
      [null, 'unsigned-change'],
    ] as const) {
      const fresh: MailboxDevice = { ...mailboxDevice(5), deviceId: devices.later.deviceId };
      expect(await plantSnapshot(url, key, forgedDoc(), signer)).toBeGreaterThan(0);
      const s = start(url, key, fresh, { authorship: authorship(signers.later, log) });
      await until(() => s.status().mailbox.state === 'live');
      expect(s.status().rejected).toMatchObject({ count: 1, lastReason: reason });
      expect(people(fresh.doc).size).toBe(0);
      stop(s);
    }

    // Refused, not lost: Ana's next change (an entry after the forged snapshot) reaches the phone
    // that refused it, which read the tail; it builds on what the snapshot covered, so it waits in
    // Yjs for it. Once Ana's log is long again her device compacts with a signed snapshot: the
    // phone that refused (its cursor stayed before the forgery), and a phone joining then, get all
    // of Ana's campaign and nothing of Mal's.
    const sa2 = start(url, key, devices.ana, { authorship: authorship(signers.ana, log) });
    await until(() => sa2.status().mailbox.state === 'live');
    people(devices.ana.doc).set('after', 'Written after the forgery');
    await until(() => sa2.status().latest === 'mailbox');
    let sf2 = start(url, key, devices.fresh, { authorship: authorship(signers.fresh, log) });
    await until(() => devices.fresh.doc.store.pendingStructs !== null);
    expect(people(devices.fresh.doc).has('planted')).toBe(false);
    stop(sf2);
    for (let i = 0; i < 210; i++) people(devices.ana.doc).set(`extra${i}`, i);
    await until(() => sa2.status().latest === 'mailbox', 60_000);
    expect(await honestSnapshot(url, key, () => sa2.reconnect())).toBeGreaterThan(0);
    const everything = people(devices.ana.doc).size;
    sf2 = start(url, key, devices.fresh, { authorship: authorship(signers.fresh, log) });
    await until(() => people(devices.fresh.doc).size === everything, 60_000);
    expect(people(devices.fresh.doc).get('after')).toBe('Written after the forgery');
    const late: MailboxDevice = { ...mailboxDevice(6), deviceId: devices.later.deviceId };
    const sl = start(url, key, late, { authorship: authorship(signers.later, log) });
    await until(() => people(late.doc).size === everything, 60_000);
    for (const doc of [late.doc, devices.fresh.doc]) {
      expect(people(doc).get('p0')).toBe('Person 0');
      expect(people(doc).has('planted')).toBe(false);
    }
    expect(sl.status().rejected.count).toBe(0);
  }, 180_000);

  it('a campaign without a log: a signed snapshot is read, unattributed; an unsigned one is refused', async () => {
    const url = await serve();
    const key = randomBytes(32);
    const { signers, devices } = await cast();
    const sa = await anaWrites(url, key, devices.ana, authorship(signers.ana, 'no-log'), 2);
    stop(sa);
    await plantSnapshot(url, key, devices.ana.doc, {
      authorship: authorship(signers.ana, 'no-log'),
      deviceId: devices.ana.deviceId,
    });
    const sf = start(url, key, devices.fresh, { authorship: authorship(signers.fresh, 'no-log') });
    await until(() => sf.status().mailbox.state === 'live' && people(devices.fresh.doc).size === 2);
    expect(sf.status().rejected.count).toBe(0);
    stop(sf);
    await plantSnapshot(url, key, forgedDoc(), null);
    const other: MailboxDevice = mailboxDevice(7);
    const so = start(url, key, other, { authorship: authorship(signers.later, 'no-log') });
    await until(() => so.status().mailbox.state === 'live');
    expect(so.status().rejected).toMatchObject({ count: 1, lastReason: 'unsigned-change' });
    expect(people(other.doc).has('planted')).toBe(false);
  }, 120_000);
});

/** Waits until the mailbox holds a snapshot newer than the one there now (`kick` starts a catch-up). */
async function honestSnapshot(url: string, key: Uint8Array, kick: () => void): Promise<number> {
  const keys = await deriveMailboxKeys(await campaignMailboxRoot(key));
  const covers = async () => {
    const c = await openMailboxConnection(url, { mailboxId: keys.mailboxId, cap: keys.readCap }, {});
    c.close();
    return c.snapshot?.covers ?? 0;
  };
  const before = await covers();
  kick();
  const deadline = Date.now() + 60_000;
  for (;;) {
    const now = await covers();
    if (now > before) return now;
    if (Date.now() > deadline) throw new Error(`no new snapshot past ${before}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
