/**
 * The contract every {@link MailboxStore} must meet (docs/mailbox.md), run against each backend:
 * LMDB in tests/unit/server/mailbox-store.test.ts, Redis where its test file calls it too.
 *
 * @example
 * runMailboxStoreContract('lmdb', async () => { const dir = …; return { store: openLmdbStore(dir), cleanup } });
 */
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { MailboxStore, Quota } from '../../../src/server/mailbox/store';

const BIG: Quota = { maxBytes: 1 << 30, maxEntries: 1_000_000 };

function newMeta(day = 100) {
  return {
    id: randomBytes(32).toString('base64url'),
    appendVerifier: randomBytes(32).toString('base64url'),
    readVerifier: randomBytes(32).toString('base64url'),
    lastOpenDay: day,
  };
}

function bytes(n: number, fill: number): Uint8Array {
  return new Uint8Array(n).fill(fill);
}

/** Registers the contract suite for one store implementation. */
export function runMailboxStoreContract(
  name: string,
  open: () => Promise<{ store: MailboxStore; cleanup: () => Promise<void> }>,
): void {
  describe(`MailboxStore contract: ${name}`, () => {
    const cleanups: (() => Promise<void>)[] = [];
    afterEach(async () => {
      for (const c of cleanups.splice(0)) await c();
    });
    const fresh = async () => {
      const { store, cleanup } = await open();
      cleanups.push(cleanup);
      return store;
    };

    it('creates once; a second create returns the stored meta unchanged', async () => {
      const store = await fresh();
      const meta = newMeta();
      expect(await store.get(meta.id)).toBeNull();
      const created = await store.create(meta);
      expect(created).toMatchObject({
        ...meta,
        head: 0,
        bytes: 0,
        entries: 0,
        snapshot: null,
        retiredDay: null,
      });
      const again = await store.create({ ...meta, readVerifier: randomBytes(32).toString('base64url') });
      expect(again.readVerifier).toBe(meta.readVerifier);
      expect(await store.get(meta.id)).toEqual(created);
    });

    it('appends with increasing seqs and reads them back in pages, bytes intact', async () => {
      const store = await fresh();
      const meta = newMeta();
      await store.create(meta);
      const seqs: number[] = [];
      for (let i = 1; i <= 25; i++) {
        const r = await store.append(meta.id, bytes(10 + i, i), BIG);
        expect(r.ok).toBe(true);
        if (r.ok) seqs.push(r.seq);
      }
      expect(seqs).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
      const page = await store.readEntries(meta.id, 5, 10);
      expect(page.map((e) => e.seq)).toEqual([6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
      expect([...(page[0]?.bytes ?? [])]).toEqual([...bytes(16, 6)]);
      expect(await store.readEntries(meta.id, 25, 10)).toEqual([]);
      const stored = await store.get(meta.id);
      expect(stored).toMatchObject({ head: 25, entries: 25 });
      expect(stored?.bytes).toBe(seqs.reduce((n, s) => n + 10 + s, 0));
    });

    it('assigns distinct seqs to concurrent appends', async () => {
      const store = await fresh();
      const meta = newMeta();
      await store.create(meta);
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) => store.append(meta.id, bytes(8, i), BIG)),
      );
      const seqs = results.map((r) => (r.ok ? r.seq : -1)).sort((a, b) => a - b);
      expect(seqs).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    });

    it('refuses an append over the byte or entry quota and stores nothing', async () => {
      const store = await fresh();
      const meta = newMeta();
      await store.create(meta);
      const quota = { maxBytes: 100, maxEntries: 3 };
      expect((await store.append(meta.id, bytes(60, 1), quota)).ok).toBe(true);
      expect(await store.append(meta.id, bytes(41, 2), quota)).toEqual({ ok: false, code: 'quota' });
      expect((await store.append(meta.id, bytes(10, 3), quota)).ok).toBe(true);
      expect((await store.append(meta.id, bytes(10, 4), quota)).ok).toBe(true);
      expect(await store.append(meta.id, bytes(1, 5), quota)).toEqual({ ok: false, code: 'quota' });
      expect(await store.get(meta.id)).toMatchObject({ head: 3, entries: 3, bytes: 80 });
      expect((await store.readEntries(meta.id, 0, 10)).map((e) => e.seq)).toEqual([1, 2, 3]);
    });

    it('refuses appends to unknown and retired mailboxes; retire keeps the first day', async () => {
      const store = await fresh();
      const meta = newMeta();
      expect(await store.append(meta.id, bytes(4, 1), BIG)).toEqual({ ok: false, code: 'unknown-mailbox' });
      await store.create(meta);
      await store.retire(meta.id, 120);
      await store.retire(meta.id, 130);
      expect((await store.get(meta.id))?.retiredDay).toBe(120);
      expect(await store.append(meta.id, bytes(4, 1), BIG)).toEqual({ ok: false, code: 'retired' });
      expect((await store.get(meta.id))?.head).toBe(0);
    });

    it('a retired log stays as it was left: no snapshot replaces it, no entry is deleted', async () => {
      const store = await fresh();
      const meta = newMeta();
      await store.create(meta);
      for (let i = 1; i <= 3; i++) await store.append(meta.id, bytes(10, i), BIG);
      await store.retire(meta.id, 120);
      expect(await store.installSnapshot(meta.id, 3, [bytes(5, 0)], BIG)).toEqual({
        ok: false,
        code: 'retired',
      });
      expect(await store.deleteEntries(meta.id, [1, 2])).toBe(0);
      expect((await store.readEntries(meta.id, 0, 10)).map((e) => e.seq)).toEqual([1, 2, 3]);
      expect((await store.get(meta.id))?.snapshot).toBeNull();
    });

    it('installs a snapshot: deletes covered entries, replaces the old one, refuses stale ones', async () => {
      const store = await fresh();
      const meta = newMeta();
      await store.create(meta);
      for (let i = 1; i <= 10; i++) await store.append(meta.id, bytes(10, i), BIG);
      expect(await store.installSnapshot(meta.id, 11, [bytes(5, 0)], BIG)).toEqual({
        ok: false,
        code: 'stale-snapshot',
      });
      expect(await store.installSnapshot(meta.id, 6, [bytes(30, 7), bytes(20, 8)], BIG)).toEqual({
        ok: true,
      });
      let stored = await store.get(meta.id);
      expect(stored).toMatchObject({
        head: 10,
        entries: 4,
        bytes: 40 + 50,
        snapshot: { covers: 6, parts: 2, bytes: 50 },
      });
      expect((await store.readEntries(meta.id, 0, 100)).map((e) => e.seq)).toEqual([7, 8, 9, 10]);
      const parts = await store.readSnapshot(meta.id);
      expect(parts.map((p) => p.length)).toEqual([30, 20]);
      expect(await store.installSnapshot(meta.id, 5, [bytes(5, 0)], BIG)).toEqual({
        ok: false,
        code: 'stale-snapshot',
      });
      expect(await store.installSnapshot(meta.id, 8, [bytes(12, 9)], BIG)).toEqual({ ok: true });
      stored = await store.get(meta.id);
      expect(stored).toMatchObject({
        entries: 2,
        bytes: 20 + 12,
        snapshot: { covers: 8, parts: 1, bytes: 12 },
      });
      expect((await store.readSnapshot(meta.id)).length).toBe(1);
    });

    it('keeps the newest covered entries within the keep bounds, and none when they do not fit', async () => {
      const store = await fresh();
      const meta = newMeta();
      await store.create(meta);
      for (let i = 1; i <= 10; i++) await store.append(meta.id, bytes(10, i), BIG);
      // Bounds of 3 entries / 25 bytes: entries 5 and 6 (20 bytes) stay; 4 would make 30.
      const keep = { ...BIG, keepEntries: 3, keepBytes: 25 };
      expect(await store.installSnapshot(meta.id, 6, [bytes(8, 0)], keep)).toEqual({ ok: true });
      expect(await store.get(meta.id)).toMatchObject({ entries: 6, bytes: 60 + 8 });
      expect((await store.readEntries(meta.id, 0, 100)).map((e) => e.seq)).toEqual([5, 6, 7, 8, 9, 10]);
      // The entry bound: 2 of the newest covered entries.
      expect(await store.installSnapshot(meta.id, 9, [bytes(8, 0)], { ...keep, keepEntries: 2 })).toEqual({
        ok: true,
      });
      expect((await store.readEntries(meta.id, 0, 100)).map((e) => e.seq)).toEqual([8, 9, 10]);
      // Keeping them would not fit the quota: every covered entry goes, as without keep bounds.
      const tight = { maxBytes: 8 + 8 + 10, maxEntries: 100, keepEntries: 3, keepBytes: 100 };
      expect(await store.installSnapshot(meta.id, 10, [bytes(8, 0)], tight)).toEqual({ ok: true });
      expect(await store.get(meta.id)).toMatchObject({ entries: 0, bytes: 8 });
      expect(await store.readEntries(meta.id, 0, 100)).toEqual([]);
    });

    it('refuses a snapshot over the byte quota and changes nothing', async () => {
      const store = await fresh();
      const meta = newMeta();
      await store.create(meta);
      for (let i = 1; i <= 3; i++) await store.append(meta.id, bytes(10, i), BIG);
      const before = await store.get(meta.id);
      expect(
        await store.installSnapshot(meta.id, 2, [bytes(200, 1)], { maxBytes: 100, maxEntries: 10 }),
      ).toEqual({
        ok: false,
        code: 'quota',
      });
      expect(await store.get(meta.id)).toEqual(before);
      expect((await store.readEntries(meta.id, 0, 10)).length).toBe(3);
    });

    it('deletes given entries, ignoring missing ones, and accounts for them', async () => {
      const store = await fresh();
      const meta = newMeta();
      await store.create(meta);
      for (let i = 1; i <= 5; i++) await store.append(meta.id, bytes(10, i), BIG);
      expect(await store.deleteEntries(meta.id, [2, 4, 4, 99])).toBe(2);
      expect((await store.readEntries(meta.id, 0, 10)).map((e) => e.seq)).toEqual([1, 3, 5]);
      expect(await store.get(meta.id)).toMatchObject({ head: 5, entries: 3, bytes: 30 });
      const next = await store.append(meta.id, bytes(1, 1), BIG);
      expect(next).toEqual({ ok: true, seq: 6 });
    });

    it('stores one blob per mailbox within the quota', async () => {
      const store = await fresh();
      const meta = newMeta();
      await store.create(meta);
      expect(await store.getBlob(meta.id)).toBeNull();
      expect(await store.putBlob(meta.id, bytes(50, 3), { maxBytes: 60, maxEntries: 10 })).toEqual({
        ok: true,
      });
      expect(await store.putBlob(meta.id, bytes(70, 3), { maxBytes: 60, maxEntries: 10 })).toEqual({
        ok: false,
        code: 'quota',
      });
      expect(await store.putBlob(meta.id, bytes(40, 4), { maxBytes: 60, maxEntries: 10 })).toEqual({
        ok: true,
      });
      expect([...((await store.getBlob(meta.id)) ?? [])]).toEqual([...bytes(40, 4)]);
      expect((await store.get(meta.id))?.bytes).toBe(40);
    });

    it('sweeps idle and expired retired mailboxes whole, keeping the others', async () => {
      const store = await fresh();
      const idle = newMeta(10);
      const active = newMeta(200);
      const retiredOld = newMeta(200);
      const retiredNew = newMeta(200);
      for (const m of [idle, active, retiredOld, retiredNew]) {
        await store.create(m);
        await store.append(m.id, bytes(10, 1), BIG);
      }
      await store.putBlob(idle.id, bytes(5, 1), BIG);
      await store.retire(retiredOld.id, 150);
      await store.retire(retiredNew.id, 190);
      await store.touch(idle.id, 5);
      expect((await store.get(idle.id))?.lastOpenDay).toBe(10);
      expect(await store.sweep(20, 170)).toBe(2);
      expect(await store.get(idle.id)).toBeNull();
      expect(await store.get(retiredOld.id)).toBeNull();
      expect(await store.readEntries(idle.id, 0, 10)).toEqual([]);
      expect(await store.getBlob(idle.id)).toBeNull();
      expect(await store.get(active.id)).not.toBeNull();
      expect(await store.get(retiredNew.id)).not.toBeNull();
      await store.touch(active.id, 210);
      expect((await store.get(active.id))?.lastOpenDay).toBe(210);
    });
  });
}
