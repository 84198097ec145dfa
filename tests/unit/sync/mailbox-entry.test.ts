import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { concatBytes, randomBytes, toHex, utf8 } from '../../../src/crypto';
import {
  decodeEntry,
  ENTRY_CHUNK_BYTES,
  EntryAssembler,
  encodeReceipt,
  encodeSnapshot,
  encodeUpdateEntries,
} from '../../../src/sync/mailbox/entry';
import { MAX_SEALED_PLAINTEXT } from '../../../src/sync/mailbox/seal';
import {
  decodeMailboxState,
  deleteSetDigest,
  emptyMailboxState,
  encodeMailboxState,
  hasStructsBeyond,
} from '../../../src/sync/mailbox/state';
import { decodeSnapshot } from '../../support/snapshot-oracle';

const DEVICE = 'deviceAAAAAAAAAAAAAAAA';

describe('mailbox entries', () => {
  it('round-trips updates, cut in parts that each fit one sealed entry, and receipts', () => {
    const big = randomBytes(ENTRY_CHUNK_BYTES * 2 + 10);
    const plains = encodeUpdateEntries(DEVICE, big);
    expect(plains.length).toBe(3);
    for (const p of plains) expect(p.length).toBeLessThanOrEqual(MAX_SEALED_PLAINTEXT);
    const asm = new EntryAssembler(64 << 20);
    const results = plains.map((p) => {
      const e = decodeEntry(p);
      if (e?.type !== 'update') throw new Error('not an update');
      expect(e.deviceId).toBe(DEVICE);
      return asm.push(e);
    });
    expect(results.slice(0, 2)).toEqual(['pending', 'pending']);
    expect(toHex(results[2] as Uint8Array)).toBe(toHex(big));
    expect(decodeEntry(encodeReceipt(DEVICE, 42))).toEqual({ type: 'receipt', deviceId: DEVICE, seq: 42 });
  });

  it('refuses malformed plaintexts and out-of-order parts', () => {
    expect(decodeEntry(utf8('not an entry'))).toBeNull();
    expect(decodeEntry(new Uint8Array(0))).toBeNull();
    const [one] = encodeUpdateEntries(DEVICE, utf8('x'));
    expect(decodeEntry((one as Uint8Array).subarray(0, 10))).toBeNull();
    expect(decodeEntry(encodeReceipt('bad id', 1))).toBeNull();
    const parts = encodeUpdateEntries(DEVICE, randomBytes(ENTRY_CHUNK_BYTES + 1)).map(decodeEntry);
    const asm = new EntryAssembler(64 << 20);
    expect(asm.push(parts[1] as never)).toBeNull(); // its start never seen
  });

  it('round-trips a snapshot and drops invalid receipts in it', () => {
    const updates = [randomBytes(100), randomBytes(MAX_SEALED_PLAINTEXT)];
    const parts = encodeSnapshot({ seen: { [DEVICE]: 7 }, updates });
    expect(parts.length).toBe(2);
    const all = concatBytes(...parts);
    const back = decodeSnapshot(all);
    expect(back?.seen).toEqual({ [DEVICE]: 7 });
    expect(back?.updates.map(toHex)).toEqual(updates.map(toHex));
    expect(decodeSnapshot(all.subarray(0, all.length - 1))).toBeNull();
  });
});

describe('mailbox state', () => {
  it('round-trips, and reads anything unreadable as a fresh start', async () => {
    const doc = new Y.Doc();
    doc.getMap('people').set('a', 1);
    const s = {
      ...emptyMailboxState(),
      cursor: 9,
      sv: Y.encodeStateVector(doc),
      ds: await deleteSetDigest(doc),
      lastLocalSeq: 4,
      seen: { [DEVICE]: 3 },
    };
    const back = decodeMailboxState(encodeMailboxState(s));
    expect({ ...back, sv: toHex(back.sv) }).toEqual({ ...s, sv: toHex(s.sv) });
    expect(back.lacks).toBeUndefined();
    // "This device refused part of the log" survives a relaunch (it never compacts that mailbox).
    expect(decodeMailboxState(encodeMailboxState({ ...s, lacks: true })).lacks).toBe(true);
    expect(decodeMailboxState(utf8('{'))).toEqual(emptyMailboxState());
    expect(decodeMailboxState(null).cursor).toBe(0);
    expect(hasStructsBeyond(doc, s.sv)).toBe(false);
    doc.getMap('people').set('b', 2);
    expect(hasStructsBeyond(doc, s.sv)).toBe(true);
  });

  it('notices a deletion that the state vector does not show', async () => {
    const doc = new Y.Doc();
    const arr = doc.getArray('people');
    arr.push([1, 2, 3]);
    const before = await deleteSetDigest(doc);
    const sv = Y.encodeStateVector(doc);
    arr.delete(0, 1);
    expect(hasStructsBeyond(doc, sv)).toBe(false);
    expect(await deleteSetDigest(doc)).not.toBe(before);
  });
});
