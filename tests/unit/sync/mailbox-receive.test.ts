/**
 * The mailbox receiver's cursor never passes an entry whose content is not in the doc: not a
 * message still being reassembled (a dropped connection re-sends it from its first part), and not
 * an update the decode guard could not check in time (a busy phone is not a bad update).
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { RejectReason } from '../../../src/sync/errors';
import { ENTRY_CHUNK_BYTES, encodeUpdateEntries } from '../../../src/sync/mailbox/entry';
import { deriveMailboxKeys } from '../../../src/sync/mailbox/keys';
import { MailboxReceiver } from '../../../src/sync/mailbox/receive';
import { sealMailbox } from '../../../src/sync/mailbox/seal';
import type { GuardVerdict } from '../../../src/sync/wire/decode-guard';
import { waitFor } from '../../support/wait';

const DEVICE = 'AAAAAAAAAAAAAAAAAAAAAA';
const OTHER = 'BBBBBBBBBBBBBBBBBBBBBB';

async function setup(check: (u: Uint8Array, o?: { budgetScale?: number }) => Promise<GuardVerdict>) {
  const keys = deriveMailboxKeys(new Uint8Array(32).fill(7));
  const doc = new Y.Doc();
  const rejected: RejectReason[] = [];
  const receiver = new MailboxReceiver(
    {
      doc,
      deviceId: DEVICE,
      keys,
      check,
      reject: (r) => rejected.push(r),
      seen: () => {},
      appliedOthers: () => {},
    },
    0,
  );
  const seal = async (plain: Uint8Array) => {
    const k = await keys;
    return sealMailbox(k.sealKey, k.mailboxId, 'entry', plain);
  };
  return { doc, receiver, rejected, seal };
}

/** An update of one map entry holding `bytes` random-ish bytes (incompressible enough to split). */
function bigUpdate(bytes: number): Uint8Array {
  const source = new Y.Doc();
  const blob = new Uint8Array(bytes);
  for (let i = 0; i < bytes; i++) blob[i] = (i * 2654435761) >>> 24;
  source.getMap('people').set('x', blob);
  return Y.encodeStateAsUpdate(source);
}

function smallUpdate(key: string): Uint8Array {
  const source = new Y.Doc();
  source.getMap('people').set(key, 'v');
  return Y.encodeStateAsUpdate(source);
}

const accept = async (): Promise<GuardVerdict> => ({ ok: true }) as GuardVerdict;

describe('mailbox receiver cursor', () => {
  it('does not move past the first part of a message still being reassembled', async () => {
    const { receiver, seal, doc } = await setup(accept);
    receiver.entry(1, await seal(encodeUpdateEntries(OTHER, smallUpdate('a'))[0] as Uint8Array));
    const parts = encodeUpdateEntries(OTHER, bigUpdate(ENTRY_CHUNK_BYTES + 1000));
    expect(parts.length).toBe(2);
    receiver.entry(2, await seal(parts[0] as Uint8Array));
    receiver.entry(3, await seal(encodeUpdateEntries(OTHER, smallUpdate('b'))[0] as Uint8Array));
    await receiver.settled;
    // Entries 1 and 3 are applied, but the cursor stops before the message that began at 2.
    expect(doc.getMap('people').has('b')).toBe(true);
    expect(receiver.applied).toBe(1);
    receiver.entry(4, await seal(parts[1] as Uint8Array));
    await receiver.settled;
    expect(doc.getMap('people').has('x')).toBe(true);
    expect(receiver.applied).toBe(4);
  });

  it('holds the cursor before an update the guard could not check in time, and retries the check', async () => {
    let calls = 0;
    const scales: (number | undefined)[] = [];
    const busy = async (_u: Uint8Array, o?: { budgetScale?: number }): Promise<GuardVerdict> => {
      calls++;
      scales.push(o?.budgetScale);
      return { ok: false, reason: 'decode-timeout' } as GuardVerdict;
    };
    const { receiver, seal, doc, rejected } = await setup(busy);
    receiver.entry(1, await seal(encodeUpdateEntries(OTHER, smallUpdate('a'))[0] as Uint8Array));
    await receiver.settled;
    expect(calls).toBe(3);
    // Each retry gives the busy phone longer; then the connection is dropped as busy (retried
    // soon, from this entry), not as a bad snapshot.
    expect(scales).toEqual([undefined, 2, 4]);
    expect(receiver.busy).toBe(true);
    expect(rejected).toEqual(['decode-timeout']);
    expect(doc.getMap('people').has('a')).toBe(false);
    expect(receiver.failed).toBe(true);
    expect(receiver.applied).toBe(0);
  });

  it('a busy check that succeeds on retry is applied and the cursor moves', async () => {
    let calls = 0;
    const flaky = async (): Promise<GuardVerdict> =>
      ++calls === 1
        ? ({ ok: false, reason: 'decode-timeout' } as GuardVerdict)
        : ({ ok: true } as GuardVerdict);
    const { receiver, seal, doc } = await setup(flaky);
    receiver.entry(1, await seal(encodeUpdateEntries(OTHER, smallUpdate('a'))[0] as Uint8Array));
    await receiver.settled;
    expect(doc.getMap('people').has('a')).toBe(true);
    expect(receiver.applied).toBe(1);
    expect(receiver.failed).toBe(false);
  });

  it('skips a bad update for good (it is counted) and moves on', async () => {
    const refuse = async (): Promise<GuardVerdict> =>
      ({ ok: false, reason: 'unknown-collection' }) as GuardVerdict;
    const { receiver, seal, rejected } = await setup(refuse);
    receiver.entry(1, await seal(encodeUpdateEntries(OTHER, smallUpdate('a'))[0] as Uint8Array));
    await receiver.settled;
    expect(rejected).toEqual(['unknown-collection']);
    expect(receiver.applied).toBe(1);
    expect(receiver.failed).toBe(false);
  });
});

describe('mailbox receiver: what blocks compaction', () => {
  it('an update refused for a reason of this device marks the doc as lacking; garbage does not', async () => {
    const verdicts: GuardVerdict[] = [
      { ok: false, reason: 'undecodable-update' } as GuardVerdict,
      { ok: true } as GuardVerdict,
      { ok: false, reason: 'unknown-collection' } as GuardVerdict,
    ];
    const { receiver, seal } = await setup(async () => verdicts.shift() as GuardVerdict);
    receiver.entry(1, new Uint8Array(1024)); // cannot be opened: nobody's data
    receiver.entry(2, await seal(encodeUpdateEntries(OTHER, smallUpdate('a'))[0] as Uint8Array));
    receiver.entry(3, await seal(encodeUpdateEntries(OTHER, smallUpdate('b'))[0] as Uint8Array));
    await receiver.settled;
    expect(receiver.refusedAny).toBe(false);
    receiver.entry(4, await seal(encodeUpdateEntries(OTHER, smallUpdate('c'))[0] as Uint8Array));
    await receiver.settled;
    // A newer app version's collection: another member keeps it; this device must not compact.
    expect(receiver.refusedAny).toBe(true);
    expect(receiver.applied).toBe(4);
  });
});

describe('mailbox receiver: reading ahead', () => {
  it('after the first update, hands the next ones to the guard while one awaits its verdict, a few ahead, and applies them in order', async () => {
    const pending: { update: Uint8Array; ok: () => void }[] = [];
    const applied: string[] = [];
    let calls = 0;
    let mostAhead = 0;
    const held = (update: Uint8Array): Promise<GuardVerdict> =>
      new Promise((resolve) => {
        calls++;
        mostAhead = Math.max(mostAhead, calls - applied.length);
        pending.push({ update, ok: () => resolve({ ok: true } as GuardVerdict) });
      });
    const { receiver, seal, doc } = await setup(held);
    doc.getMap('people').observe((e) => applied.push(...e.keysChanged));
    const keys = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
    for (const [i, key] of keys.entries())
      receiver.entry(i + 1, await seal(encodeUpdateEntries(OTHER, smallUpdate(key))[0] as Uint8Array));
    // The first update is checked and applied alone (its people painted without competition)...
    await waitFor(() => pending.length >= 1, 10_000, 'first check');
    (pending.shift() as { ok: () => void }).ok();
    await waitFor(() => applied.length === 1, 10_000, 'first applied');
    // ...then, before the next verdict, the entries after it are opened, decoded and being checked.
    await waitFor(() => pending.length >= 4, 10_000, `checks started: ${pending.length}`);
    expect(applied).toEqual(['a']);
    // Verdicts given last first: nothing is applied before the entries before it.
    while (applied.length < keys.length) {
      for (const p of pending.splice(0).reverse()) p.ok();
      await waitFor(() => pending.length > 0 || applied.length === keys.length, 10_000, `applied ${applied}`);
    }
    await receiver.settled;
    expect(applied).toEqual(keys);
    expect(receiver.applied).toBe(keys.length);
    expect(mostAhead).toBeLessThanOrEqual(6); // the one in turn, and at most 5 prepared behind it
  });
});
