/**
 * A device that refuses part of a snapshot (validation, or its own apply budget) does not retry that
 * snapshot forever: it counts the refusal, keeps the rest, moves its cursor past the snapshot, goes
 * on with the tail, and never compacts the log (its doc lacks what it refused).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { MailboxLink } from '../../../src/sync/mailbox/link';
import { decodeMailboxState } from '../../../src/sync/mailbox/state';
import type { GuardVerdict } from '../../../src/sync/wire/decode-guard';
import { waitFor } from '../../support/server';
import { FakeMailboxServer, fakeLink, mailboxSealer, updateFor } from './mailbox-fake-server';

const links: MailboxLink[] = [];
afterEach(() => {
  for (const l of links.splice(0)) l.stop();
});

const same = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

describe('a snapshot refused in part', () => {
  for (const reason of ['apply-budget', 'invalid-update'] as const) {
    it(`keeps the rest and goes on with the tail (${reason})`, async () => {
      const sealer = await mailboxSealer();
      const server = new FakeMailboxServer();
      const refused = updateFor('refused');
      const parts = await sealer.snapshot([updateFor('a'), refused, updateFor('b')]);
      server.opened = { head: 12, snapshot: { covers: 10, parts: parts.length, bytes: 4096 } };
      const check = async (u: Uint8Array): Promise<GuardVerdict> =>
        (same(u, refused) ? { ok: false, reason, detail: 'test' } : { ok: true }) as GuardVerdict;
      const f = fakeLink(server, sealer.spaceKey, { check });
      links.push(f.link);
      await f.link.start();
      await waitFor(() => server.sockets.length === 1, 10_000);
      for (const [index, part] of parts.entries())
        server.last.push({ op: 'snapshot-part', covers: 10, index, count: parts.length }, part);
      for (const seq of [11, 12])
        server.last.push({ op: 'entry', seq }, await sealer.entry(updateFor(`t${seq}`)));
      server.last.push({ op: 'caught-up', head: 12 });
      const people = f.doc.getMap('people');
      await waitFor(() => people.has('t12') && f.link.status().mailbox.state === 'live', 10_000);
      expect([...people.keys()].sort()).toEqual(['a', 'b', 't11', 't12']);
      expect(f.rejected).toEqual([reason]);
      await waitFor(
        () => f.saved.length > 0 && decodeMailboxState(f.saved.at(-1) ?? null).cursor === 12,
        10_000,
      );
      const saved = decodeMailboxState(f.saved.at(-1) ?? null);
      expect(saved.lacks).toBe(true);
      expect(f.link.status().mailbox.error).toBeNull();
      // No retry of the same snapshot: the first connection is still the only one.
      await new Promise((r) => setTimeout(r, 300));
      expect(server.sockets.length).toBe(1);
      expect(server.last.closed).toBe(false);
    });
  }
});
