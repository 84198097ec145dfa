/**
 * Verified authorship on the mailbox path (docs/sync.md, "Verified authorship"): an entry is applied
 * as the device it names only when that device's key, as the membership log holds it, signed it.
 * A member writing under another member's device id, a wrong signature, an unsigned entry and a
 * device the log does not hold (never admitted, or removed) are refused and counted.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { signBytes } from '../../../src/crypto';
import type { Authorship } from '../../../src/sync/authorship';
import type { RejectReason } from '../../../src/sync/errors';
import { ENTRY_CHUNK_BYTES, encodeReceipt, encodeUpdateEntries } from '../../../src/sync/mailbox/entry';
import { signEntry, splitEntry } from '../../../src/sync/mailbox/entry-sign';
import { deriveMailboxKeys } from '../../../src/sync/mailbox/keys';
import { MailboxReceiver } from '../../../src/sync/mailbox/receive';
import { sealMailbox } from '../../../src/sync/mailbox/seal';
import { createDeviceIdentity, type DeviceSigner } from '../../../src/sync/members/log';
import type { GuardVerdict } from '../../../src/sync/wire/decode-guard';
import { isPeerOrigin, type PeerOrigin } from '../../../src/sync/wire/origin';

const READER = 'RRRRRRRRRRRRRRRRRRRRRR';
const ANA = 'AAAAAAAAAAAAAAAAAAAAAA';
const MAL = 'MMMMMMMMMMMMMMMMMMMMMM';
const GONE = 'GGGGGGGGGGGGGGGGGGGGGG';
const CONTEXT = 'room-1';

/** A device's signing half, and the readers' log: the keys it holds by device id. */
function authorship(signer: DeviceSigner, log: Map<string, Uint8Array> | 'no-log'): Authorship {
  return {
    context: CONTEXT,
    sign: (m) => signBytes(signer.privateKey, m),
    keyOf: async (id) => (log === 'no-log' ? 'no-log' : (log.get(id) ?? null)),
  };
}

async function setup(log: Map<string, Uint8Array> | 'no-log') {
  const keys = deriveMailboxKeys(new Uint8Array(32).fill(9));
  const reader = (await createDeviceIdentity()).signer;
  const doc = new Y.Doc();
  const rejected: RejectReason[] = [];
  const origins: PeerOrigin[] = [];
  doc.on('afterTransaction', (tr: Y.Transaction) => {
    if (isPeerOrigin(tr.origin)) origins.push(tr.origin);
  });
  const seen: string[] = [];
  const receiver = new MailboxReceiver(
    {
      doc,
      deviceId: READER,
      keys,
      authorship: authorship(reader, log),
      check: async () => ({ ok: true }) as GuardVerdict,
      reject: (r) => rejected.push(r),
      seen: (d) => seen.push(d),
      appliedOthers: () => {},
    },
    0,
  );
  const k = await keys;
  const seal = (plain: Uint8Array) => sealMailbox(k.sealKey, k.mailboxId, 'entry', plain);
  /** Entries as `writer` signs them, naming `named`. */
  const signed = async (writer: DeviceSigner, named: string, update: Uint8Array) =>
    Promise.all(
      encodeUpdateEntries(named, update).map(async (p) =>
        seal(await signEntry(authorship(writer, log), k.mailboxId, p)),
      ),
    );
  return { doc, receiver, rejected, origins, seen, seal, signed, mailboxId: k.mailboxId };
}

function update(key: string, value: unknown = 'v'): Uint8Array {
  const source = new Y.Doc();
  source.getMap('people').set(key, value);
  return Y.encodeStateAsUpdate(source);
}

async function devices() {
  const [ana, mal, gone] = await Promise.all(
    [1, 2, 3].map(async () => (await createDeviceIdentity()).signer),
  );
  const log = new Map<string, Uint8Array>([
    [ANA, (ana as DeviceSigner).publicKey],
    [MAL, (mal as DeviceSigner).publicKey],
  ]);
  return { ana: ana as DeviceSigner, mal: mal as DeviceSigner, gone: gone as DeviceSigner, log };
}

describe('verified authorship of mailbox entries', () => {
  it('applies an honest member’s signed entries as theirs, verified', async () => {
    const { ana, log } = await devices();
    const { receiver, doc, rejected, origins, signed } = await setup(log);
    let seq = 0;
    for (const sealed of await signed(ana, ANA, update('a'))) receiver.entry(++seq, sealed);
    await receiver.settled;
    expect(rejected).toEqual([]);
    expect(doc.getMap('people').get('a')).toBe('v');
    expect(origins.map((o) => [o.deviceId, o.verified])).toEqual([[ANA, true]]);
    expect(receiver.applied).toBe(seq);
  });

  it('refuses a member writing under another member’s device id, and counts it', async () => {
    const { mal, log } = await devices();
    const { receiver, doc, rejected, signed } = await setup(log);
    // Mal holds the campaign key and signs with her own key, but names Ana.
    for (const sealed of await signed(mal, ANA, update('forged'))) receiver.entry(1, sealed);
    await receiver.settled;
    expect(rejected).toEqual(['forged-author']);
    expect(doc.getMap('people').has('forged')).toBe(false);
    expect(receiver.applied).toBe(1); // refused for good: the cursor moves on
  });

  it('refuses an unsigned entry, a changed signature and a changed body', async () => {
    const { ana, log } = await devices();
    const { receiver, doc, rejected, seal, mailboxId } = await setup(log);
    const plain = encodeUpdateEntries(ANA, update('unsigned'))[0] as Uint8Array;
    receiver.entry(1, await seal(plain));
    const good = await signEntry(
      authorship(ana, log),
      mailboxId,
      encodeUpdateEntries(ANA, update('sig'))[0] as Uint8Array,
    );
    const badSig = good.slice();
    badSig[badSig.length - 1] = (badSig.at(-1) ?? 0) ^ 1;
    receiver.entry(2, await seal(badSig));
    // The same signature over another body (Ana's device id kept, the update swapped).
    const split = splitEntry(good);
    const other = await signEntry(
      authorship(ana, log),
      mailboxId,
      encodeUpdateEntries(ANA, update('body'))[0] as Uint8Array,
    );
    const swapped = other.slice(0, other.length - 64);
    const forgedBody = new Uint8Array([...swapped, ...(split?.signature ?? [])]);
    receiver.entry(3, await seal(forgedBody));
    // A signature made for another mailbox does not verify here.
    receiver.entry(4, await seal(await signEntry(authorship(ana, log), 'another-mailbox', plain)));
    await receiver.settled;
    expect(rejected).toEqual(['unsigned-change', 'forged-author', 'forged-author', 'forged-author']);
    expect([...doc.getMap('people').keys()]).toEqual([]);
    expect(receiver.refusedAny).toBe(false); // garbage: nothing another device could hold
  });

  it('refuses a device the log does not hold (never admitted, or removed), and counts it', async () => {
    const { gone, ana, log } = await devices();
    const { receiver, doc, rejected, signed } = await setup(log);
    for (const sealed of await signed(gone, GONE, update('gone'))) receiver.entry(1, sealed);
    for (const sealed of await signed(ana, ANA, update('ana'))) receiver.entry(2, sealed);
    await receiver.settled;
    expect(rejected).toEqual(['unknown-author']);
    expect(doc.getMap('people').has('gone')).toBe(false);
    expect(doc.getMap('people').get('ana')).toBe('v');
    // Not a reason to stop compacting: anyone could write under an id no log holds.
    expect(receiver.refusedAny).toBe(false);
  });

  it('refuses forged receipts and checks every part of a large message', async () => {
    const { ana, mal, log } = await devices();
    const { receiver, doc, rejected, seen, seal, signed, mailboxId } = await setup(log);
    receiver.entry(1, await seal(await signEntry(authorship(mal, log), mailboxId, encodeReceipt(ANA, 1))));
    receiver.entry(2, await seal(await signEntry(authorship(ana, log), mailboxId, encodeReceipt(ANA, 1))));
    const big = new Uint8Array(ENTRY_CHUNK_BYTES + 1000).fill(3);
    const parts = await signed(ana, ANA, update('big', big));
    expect(parts.length).toBe(2);
    let seq = 2;
    for (const sealed of parts) receiver.entry(++seq, sealed);
    await receiver.settled;
    expect(seen).toEqual([ANA]);
    expect(rejected).toEqual(['forged-author']);
    expect((doc.getMap('people').get('big') as Uint8Array).length).toBe(big.length);
    expect(receiver.applied).toBe(seq);
  });

  it('applies a signed entry unattributed when this device has no log to ask; still refuses unsigned', async () => {
    const { ana } = await devices();
    const { receiver, doc, rejected, origins, signed, seal } = await setup('no-log');
    for (const sealed of await signed(ana, ANA, update('a'))) receiver.entry(1, sealed);
    receiver.entry(2, await seal(encodeUpdateEntries(ANA, update('b'))[0] as Uint8Array));
    await receiver.settled;
    expect(doc.getMap('people').get('a')).toBe('v');
    expect(doc.getMap('people').has('b')).toBe(false);
    expect(rejected).toEqual(['unsigned-change']);
    expect(origins.map((o) => o.verified ?? false)).toEqual([false]);
  });
});
