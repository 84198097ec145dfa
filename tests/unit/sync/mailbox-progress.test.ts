/**
 * "Receiving the campaign" progress is what has arrived of what is coming: it follows what the
 * server actually sends (the snapshot, or the entries it still keeps instead), never counts a
 * snapshot sent again from its start twice, and reaches its total exactly when the last piece came.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { MailboxLink } from '../../../src/sync/mailbox/link';
import { emptyMailboxState, encodeMailboxState } from '../../../src/sync/mailbox/state';
import { waitFor } from '../../support/server';
import { FakeMailboxServer, fakeLink, mailboxSealer, updateFor } from './mailbox-fake-server';

const links: MailboxLink[] = [];
afterEach(() => {
  for (const l of links.splice(0)) l.stop();
});

/** Bytes that do not compress (a snapshot part is at most ~1 MiB). */
function bigValue(n: number): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = (i * 2654435761) >>> 24;
  return b;
}

const receiving = (link: MailboxLink) => link.status().mailbox.receiving;

describe('catch-up progress', () => {
  it('counts the kept entries a reader behind the snapshot gets instead of it', async () => {
    const sealer = await mailboxSealer();
    const server = new FakeMailboxServer();
    // The device read up to 10; the snapshot covers 50; the server still keeps 11…100.
    server.opened = { head: 100, snapshot: { covers: 50, parts: 3, bytes: 3 * 1024 * 1024 } };
    const state = { ...emptyMailboxState(), cursor: 10 };
    const f = fakeLink(server, sealer.spaceKey, { state: encodeMailboxState(state) });
    links.push(f.link);
    await f.link.start();
    await waitFor(() => server.sockets.length === 1 && receiving(f.link) !== null, 10_000);
    for (let seq = 11; seq <= 55; seq++)
      server.last.push({ op: 'entry', seq }, await sealer.entry(updateFor(`k${seq}`)));
    await waitFor(() => f.doc.getMap('people').size === 45, 10_000);
    // 45 of the 90 entries arrived: half, not the 0 % that snapshot bytes in the total would say.
    expect(receiving(f.link)).toEqual({ received: 45, total: 90 });
    for (let seq = 56; seq <= 100; seq++)
      server.last.push({ op: 'entry', seq }, await sealer.entry(updateFor(`k${seq}`)));
    await waitFor(() => f.doc.getMap('people').size === 90, 10_000);
    expect(receiving(f.link)).toEqual({ received: 90, total: 90 });
  });

  it('starts over when a newer snapshot replaces the one being sent, and counts its parts once', async () => {
    const sealer = await mailboxSealer();
    const server = new FakeMailboxServer();
    // Each snapshot is two parts: its big value does not fit one sealed part.
    const big = bigValue(1_200_000);
    const first = await sealer.snapshot([updateFor('a', big), updateFor('b')]);
    const newer = await sealer.snapshot([updateFor('a', big), updateFor('b'), updateFor('c')]);
    expect([first.length, newer.length]).toEqual([2, 2]);
    const bytes = (parts: Uint8Array[]) => parts.reduce((n, p) => n + p.length, 0);
    server.opened = { head: 40, snapshot: { covers: 30, parts: first.length, bytes: bytes(first) } };
    const f = fakeLink(server, sealer.spaceKey);
    links.push(f.link);
    await f.link.start();
    await waitFor(() => server.sockets.length === 1, 10_000);
    const sock = server.last;
    // Part 0 of the announced snapshot, then the server starts over with a newer one (covers 35).
    sock.push({ op: 'snapshot-part', covers: 30, index: 0, count: first.length }, first[0]);
    await waitFor(() => (receiving(f.link)?.received ?? 0) > 0, 10_000);
    for (const [index, part] of newer.entries())
      sock.push({ op: 'snapshot-part', covers: 35, index, count: newer.length }, part);
    await waitFor(() => f.doc.getMap('people').size === 3, 10_000);
    const r = receiving(f.link);
    // All of the newer snapshot's bytes, of those bytes plus five entries to come: nothing twice.
    expect(r).toEqual({ received: bytes(newer), total: bytes(newer) + 5 });
    expect(f.rejected).toEqual([]);
    for (let seq = 36; seq <= 40; seq++)
      sock.push({ op: 'entry', seq }, await sealer.entry(updateFor(`t${seq}`)));
    await waitFor(() => f.doc.getMap('people').size === 8, 10_000);
    expect(receiving(f.link)).toEqual({ received: bytes(newer) + 5, total: bytes(newer) + 5 });
  });
});
