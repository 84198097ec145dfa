/**
 * A snapshot is applied part by part as it arrives (snapshot-reader.ts, receive.ts): the reader
 * accepts exactly what `decodeSnapshot` (tests/support/snapshot-oracle.ts) accepts, however the bytes are cut; a joining phone shows
 * the first updates before the last part is there, and the cursor moves only once all of it was read.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { concatBytes } from '../../../src/crypto';
import { encodeSnapshot } from '../../../src/sync/mailbox/entry';
import type { MailboxLink } from '../../../src/sync/mailbox/link';
import { SnapshotReader } from '../../../src/sync/mailbox/snapshot-reader';
import { decodeMailboxState } from '../../../src/sync/mailbox/state';
import { Rng } from '../../fuzz/rng';
import { waitFor } from '../../support/server';
import { decodeSnapshot } from '../../support/snapshot-oracle';
import { FakeMailboxServer, fakeLink, mailboxSealer, updateFor } from './mailbox-fake-server';

const DEVICE = 'BBBBBBBBBBBBBBBBBBBBBB';

/** `bytes` cut at random places (some cuts one byte apart). */
function cut(bytes: Uint8Array, rng: Rng): Uint8Array[] {
  const parts: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; ) {
    const n = Math.min(bytes.length - at, rng.chance(0.3) ? 1 : 1 + rng.int(400));
    parts.push(bytes.subarray(at, at + n));
    at += n;
  }
  return parts;
}

/** What the reader makes of `parts`: its updates and seen map, or null where it refuses them. */
function read(parts: Uint8Array[]) {
  const r = new SnapshotReader();
  const updates = parts.flatMap((p) => r.push(p));
  return r.finish() ? { seen: r.seen, updates } : null;
}

describe('SnapshotReader', () => {
  it('reads what decodeSnapshot reads, however the parts are cut', () => {
    const rng = new Rng(5);
    for (let round = 0; round < 30; round++) {
      const updates = Array.from({ length: rng.int(6) }, (_, i) =>
        updateFor(`p${round}-${i}`, 'x'.repeat(rng.int(900))),
      );
      const all = concatBytes(...encodeSnapshot({ seen: { [DEVICE]: round }, updates }));
      const got = read(cut(all, rng));
      expect(got).toEqual(decodeSnapshot(all));
      for (const u of got?.updates ?? []) expect(u.buffer.byteLength).toBe(u.length); // its own bytes
    }
  });

  it('refuses what decodeSnapshot refuses: cut short, a byte too many, another version, garbage', () => {
    const rng = new Rng(9);
    const all = concatBytes(...encodeSnapshot({ seen: {}, updates: [updateFor('a'), updateFor('b')] }));
    const bad = [
      all.subarray(0, all.length - 1),
      concatBytes(all, Uint8Array.of(0)),
      concatBytes(Uint8Array.of(2), all.subarray(1)),
      Uint8Array.of(1, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff),
      Uint8Array.of(1, 3, 0x7b, 0x7b, 0x7b, 0),
    ];
    for (const bytes of bad) {
      expect(decodeSnapshot(bytes)).toBeNull();
      expect(read(cut(bytes, rng))).toBeNull();
    }
  });
});

const links: MailboxLink[] = [];
afterEach(() => {
  for (const l of links.splice(0)) l.stop();
});

/** An update of about `bytes`, setting `people[key]`. */
const bigUpdate = (key: string, bytes: number) => {
  const d = new Y.Doc();
  d.getMap('people').set(key, 'x'.repeat(bytes));
  return Y.encodeStateAsUpdate(d);
};

describe('a snapshot in several parts', () => {
  it('is applied as its parts arrive; the cursor moves only after the last', async () => {
    const sealer = await mailboxSealer();
    const server = new FakeMailboxServer();
    const updates = [bigUpdate('a', 300_000), bigUpdate('b', 900_000), bigUpdate('c', 900_000)];
    const parts = await sealer.snapshot(updates);
    expect(parts.length).toBeGreaterThanOrEqual(2);
    server.opened = { head: 10, snapshot: { covers: 10, parts: parts.length, bytes: 4096 } };
    const f = fakeLink(server, sealer.spaceKey);
    links.push(f.link);
    await f.link.start();
    await waitFor(() => server.sockets.length === 1, 10_000);
    const people = f.doc.getMap('people');

    server.last.push(
      { op: 'snapshot-part', covers: 10, index: 0, count: parts.length },
      parts[0] as Uint8Array,
    );
    await waitFor(() => people.has('a'), 10_000);
    expect(people.has('c')).toBe(false);
    expect(f.saved.map((s) => decodeMailboxState(s).cursor).filter((c) => c > 0)).toEqual([]);

    for (let index = 1; index < parts.length; index++)
      server.last.push(
        { op: 'snapshot-part', covers: 10, index, count: parts.length },
        parts[index] as Uint8Array,
      );
    server.last.push({ op: 'caught-up', head: 10 });
    await waitFor(() => f.link.status().mailbox.state === 'live', 10_000);
    expect([...people.keys()].sort()).toEqual(['a', 'b', 'c']);
    await waitFor(() => f.saved.some((s) => decodeMailboxState(s).cursor === 10), 10_000);
    expect(f.rejected).toEqual([]);
  });
});
