/**
 * Restore points and the activity log are found by key and description; their bodies are read
 * only when used. The schema-3 upgrade moves a real schema-2 database (tests/fixtures/storage-v2,
 * written by the code before the split) without losing a restore point or the activity log.
 */
import { readFileSync } from 'node:fs';
import Dexie, { type DBCore, type Middleware } from 'dexie';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { randomId } from '../../../src/crypto';
import {
  createSpace,
  createVault,
  DAILY_MS,
  dailySnapshotDue,
  listSnapshots,
  readSnapshot,
  replayActivity,
  ShopfloorDb,
  SpaceStore,
  unlockVault,
  writeSnapshot,
} from '../../../src/storage';
import { FAST, testDatabases } from '../../support/test-dbs';

const newDb = testDatabases('snapshot-layout');

interface Fixture {
  schema: number;
  passphrase: string;
  spaceId: string;
  now: number;
  tables: Record<string, Record<string, unknown>[]>;
}

function loadFixture(): Fixture {
  const text = readFileSync(new URL('../../fixtures/storage-v2/shopfloor-v2.json', import.meta.url), 'utf8');
  return JSON.parse(text, (_k, v: unknown) =>
    v && typeof v === 'object' && '$b64' in v
      ? new Uint8Array(Buffer.from((v as { $b64: string }).$b64, 'base64'))
      : v,
  ) as Fixture;
}

/** Writes the fixture's rows into a database declared exactly as schema 2 was. */
async function oldDatabase(fixture: Fixture): Promise<string> {
  const name = `snapshot-layout-old-${randomId()}`;
  const old = new Dexie(name);
  old.version(1).stores({ vault: 'id', spaces: 'id', updates: '[spaceId+seq]' });
  old.version(2).stores({ activity: '[spaceId+seq]', snapshots: '[spaceId+seq]' });
  await old.open();
  for (const [table, rows] of Object.entries(fixture.tables)) await old.table(table).bulkPut(rows);
  old.close();
  return name;
}

/** Records every read of a row's value, per table (`keys only` reads are not values). */
function valueReads(seen: string[]): Middleware<DBCore> {
  return {
    stack: 'dbcore',
    name: 'value-reads',
    create: (down) => ({
      ...down,
      table: (name) => {
        const t = down.table(name);
        const read = (values: boolean | undefined) => {
          if (values !== false) seen.push(name);
        };
        return {
          ...t,
          get: (req) => {
            read(true);
            return t.get(req);
          },
          getMany: (req) => {
            read(true);
            return t.getMany(req);
          },
          query: (req) => {
            read(req.values);
            return t.query(req);
          },
          openCursor: (req) => {
            read(req.values);
            return t.openCursor(req);
          },
        };
      },
    }),
  };
}

const people = (doc: Y.Doc) => [...doc.getMap('people').keys()].sort();
const docOf = (update: Uint8Array) => {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, update);
  return doc;
};
const activity = (now: () => number) => ({
  attribute: () => ({ kind: 'local' as const, deviceId: 'dev-test' }),
  describe: (doc: Y.Doc) => ({ people: doc.getMap('people').size }),
  now,
});

describe('schema 2 → 3 upgrade', () => {
  it('keeps every restore point and the activity log of a schema-2 database', async () => {
    const fixture = loadFixture();
    expect(fixture.schema).toBe(2);
    const name = await oldDatabase(fixture);
    const db = new ShopfloorDb(name);
    try {
      const vault = await unlockVault(db, fixture.passphrase);
      expect(db.verno).toBe(3);
      // The states moved out of the description rows, bytes unchanged.
      const oldRows = fixture.tables.snapshots!;
      const descriptions = await db.snapshots.toArray();
      expect(descriptions.map((r) => Object.keys(r).sort())).toEqual(
        oldRows.map(() => ['meta', 'seq', 'spaceId']),
      );
      const states = await db.snapshotStates.toArray();
      expect(states.map((r) => r.data)).toEqual(oldRows.map((r) => r.data));

      const { spaceId, now } = fixture;
      const store = await SpaceStore.open(db, vault.cipher, spaceId, { activity: activity(() => now) });
      expect(people(store.doc)).toEqual(['p-ana', 'p-ben', 'p-cy', 'p-dee', 'p-eve']);
      const list = await listSnapshots(db, vault.cipher, spaceId);
      expect(list.map((s) => [s.seq, s.reason, s.counts.people])).toEqual([
        [2, 'manual', 3],
        [1, 'daily', 2],
      ]);
      expect(list.map((s) => s.bytes)).toEqual(
        [...oldRows].reverse().map((r) => (r.data as Uint8Array).length),
      );
      expect(people(docOf(await readSnapshot(db, vault.cipher, spaceId, 1)))).toEqual(['p-ana', 'p-ben']);
      expect(people(docOf(await readSnapshot(db, vault.cipher, spaceId, 2)))).toEqual([
        'p-ana',
        'p-ben',
        'p-cy',
      ]);
      // The activity log still rebuilds the space, and new changes go after it.
      const log = await store.readActivity();
      expect(log.unreadable).toEqual([]);
      expect(people(replayActivity(log))).toEqual(people(store.doc));
      store.doc.getMap('people').set('p-fay', new Y.Map());
      await store.flush();
      expect((await store.readActivity()).entries.at(-1)!.seq).toBe(fixture.tables.activity!.length);
      // The daily check and a new daily restore point work on the moved rows.
      expect(await dailySnapshotDue(db, vault.cipher, spaceId, now)).toBe(false);
      expect((await store.maintain(now + DAILY_MS)).snapshot).toBe(true);
      expect((await store.listSnapshots()).map((s) => s.seq)).toEqual([3, 2, 1]);
      await store.close();
    } finally {
      db.close();
      await Dexie.delete(name);
    }
  });

  it('learns a moved restore point’s size once: the next list reads no state', async () => {
    const fixture = loadFixture();
    const name = await oldDatabase(fixture);
    const seen: string[] = [];
    const db = new ShopfloorDb(name);
    db.use(valueReads(seen));
    try {
      const vault = await unlockVault(db, fixture.passphrase);
      await listSnapshots(db, vault.cipher, fixture.spaceId);
      expect(seen).toContain('snapshotStates');
      seen.length = 0;
      const again = await listSnapshots(db, vault.cipher, fixture.spaceId);
      expect(again.every((s) => s.bytes > 0)).toBe(true);
      expect(seen).not.toContain('snapshotStates');
    } finally {
      db.close();
      await Dexie.delete(name);
    }
  });
});

describe('reading by key and description', () => {
  async function campaign() {
    const seen: string[] = [];
    const db = newDb();
    db.use(valueReads(seen));
    const vault = await createVault(db, 'correct horse battery staple', FAST);
    const meta = await createSpace(vault, { kind: 'campaign', name: 'Layout' });
    const clock = { now: Date.parse('2026-03-01T08:00:00Z') };
    const opts = { activity: activity(() => clock.now) };
    return { seen, db, vault, spaceId: meta.id, clock, opts };
  }

  it('opening the log and the daily check read no activity row or restore-point state', async () => {
    const c = await campaign();
    let store = await SpaceStore.open(c.db, c.vault.cipher, c.spaceId, c.opts);
    for (let day = 0; day < 3; day++) {
      store.doc.getMap('people').set(`p${day}`, new Y.Map());
      await store.flush();
      await store.maintain(c.clock.now);
      c.clock.now += DAILY_MS;
    }
    await store.close();
    c.seen.length = 0;
    store = await SpaceStore.open(c.db, c.vault.cipher, c.spaceId, c.opts);
    expect((await store.maintain(c.clock.now - DAILY_MS / 2)).snapshot).toBe(false);
    expect((await store.listSnapshots()).length).toBe(3);
    expect(c.seen.filter((t) => t === 'activity' || t === 'snapshotStates')).toEqual([]);
    // Writing goes on after the last row all the same.
    store.doc.getMap('people').set('later', new Y.Map());
    await store.flush();
    expect(people(replayActivity(await store.readActivity()))).toEqual(people(store.doc));
    await store.close();
  });

  it('encodes the whole state only when no kept restore point can be built on', async () => {
    const c = await campaign();
    const { db, vault, spaceId } = c;
    const doc = new Y.Doc();
    let encodes = 0;
    const daily = (at: number) => {
      const sv = Y.encodeStateVector(doc);
      return writeSnapshot(db, vault.cipher, spaceId, {
        state: () => {
          encodes++;
          return Y.encodeStateAsUpdate(doc);
        },
        sv,
        ds: Y.encodeStateAsUpdate(doc, sv),
        since: (before) => Y.encodeStateAsUpdate(doc, before),
        reason: 'daily',
        counts: {},
        at,
      });
    };
    doc.getMap('people').set('a', 'Ana');
    await daily(1);
    expect(encodes).toBe(1); // the first: nothing to build on
    await daily(2); // the same state: shared, by its vector and delete set
    doc.getMap('people').set('b', 'Ben');
    doc.getMap('people').delete('a');
    await daily(3); // the day's changes only
    doc.getMap('people').set('a', 'Ana again');
    await daily(4);
    expect(encodes).toBe(1);
    expect((await db.snapshotStates.toArray()).map((r) => r.seq)).toEqual([1, 3, 4]);
    for (const [seq, names] of [
      [2, ['a']],
      [3, ['b']],
      [4, ['a', 'b']],
    ] as const)
      expect(people(docOf(await readSnapshot(db, vault.cipher, spaceId, seq)))).toEqual(names);
  });

  it('stores a state once when a restore point repeats the one before, and keeps it while used', async () => {
    const c = await campaign();
    const { db, vault, spaceId } = c;
    const doc = new Y.Doc();
    doc.getMap('people').set('a', 'Ana');
    const state = Y.encodeStateAsUpdate(doc);
    const first = await writeSnapshot(db, vault.cipher, spaceId, {
      state,
      reason: 'daily',
      counts: {},
      at: 1,
    });
    // Nothing changed: the next seven days point at the first state.
    for (let day = 2; day <= 8; day++)
      await writeSnapshot(db, vault.cipher, spaceId, { state, reason: 'daily', counts: {}, at: day });
    const list = await listSnapshots(db, vault.cipher, spaceId);
    expect(list.map((s) => s.seq)).toEqual([8, 7, 6, 5, 4, 3, 2]);
    expect(list.every((s) => s.bytes === first.bytes)).toBe(true);
    // The first description was pruned; its state stays, as the kept ones point at it.
    expect(await db.snapshotStates.count()).toBe(1);
    expect(people(docOf(await readSnapshot(db, vault.cipher, spaceId, 8)))).toEqual(['a']);
    // A different state is stored as the change since the shared one.
    doc.getMap('people').set('b', 'Ben');
    const next = Y.encodeStateAsUpdate(doc);
    for (let day = 9; day <= 15; day++)
      await writeSnapshot(db, vault.cipher, spaceId, { state: next, reason: 'daily', counts: {}, at: day });
    // Day 9 stored only its change since day 8 (on the first state); the others share it.
    expect((await db.snapshotStates.toArray()).map((r) => r.seq)).toEqual([1, 9]);
    expect(people(docOf(await readSnapshot(db, vault.cipher, spaceId, 15)))).toEqual(['a', 'b']);
  });

  it('stores the changes since the newest one, and the whole state again past MAX_CHAIN', async () => {
    const c = await campaign();
    const { db, vault, spaceId } = c;
    const doc = new Y.Doc();
    const names: string[] = [];
    for (let day = 1; day <= 20; day++) {
      names.push(`p${String(day).padStart(2, '0')}`);
      // Incompressible content, so the sizes compare what is stored, not how well it deflates.
      const noise = Buffer.from(crypto.getRandomValues(new Uint8Array(150))).toString('base64');
      doc.getMap('people').set(names.at(-1)!, noise);
      doc.getMap('people').delete(names[0]!);
      doc.getMap('people').set(names[0]!, 'back');
      const state = Y.encodeStateAsUpdate(doc);
      await writeSnapshot(db, vault.cipher, spaceId, { state, reason: 'daily', counts: {}, at: day });
      expect(people(docOf(await readSnapshot(db, vault.cipher, spaceId, day)))).toEqual(names);
    }
    const list = await listSnapshots(db, vault.cipher, spaceId);
    expect(list.map((s) => s.seq)).toEqual([20, 19, 18, 17, 16, 15, 14]);
    for (const s of list)
      expect(people(docOf(await readSnapshot(db, vault.cipher, spaceId, s.seq)))).toEqual(
        names.slice(0, s.seq),
      );
    // Days 8 and 15 hold whole states, the others their day's changes; days 1–7 are gone.
    const rows = await db.snapshotStates.toArray();
    expect(rows.map((r) => r.seq)).toEqual([8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
    const size = (seq: number) => rows.find((r) => r.seq === seq)!.data.length;
    expect(size(16)).toBeLessThan(size(15) / 4);
    expect(list[0]!.bytes).toBe(size(15) + size(16) + size(17) + size(18) + size(19) + size(20));
  });

  it('stores a state whole when it lacks something the newest one holds', async () => {
    const c = await campaign();
    const { db, vault, spaceId } = c;
    const a = new Y.Doc();
    a.getMap('people').set('a', 1);
    const b = new Y.Doc();
    b.getMap('people').set('b', 1);
    await writeSnapshot(db, vault.cipher, spaceId, {
      state: Y.encodeStateAsUpdate(a),
      reason: 'daily',
      counts: {},
      at: 1,
    });
    await writeSnapshot(db, vault.cipher, spaceId, {
      state: Y.encodeStateAsUpdate(b),
      reason: 'pre-deletion',
      counts: {},
      at: 2,
    });
    expect((await db.snapshotStates.toArray()).map((r) => r.seq)).toEqual([1, 2]);
    expect(people(docOf(await readSnapshot(db, vault.cipher, spaceId, 2)))).toEqual(['b']);
  });

  it('keeps the state of a description that cannot be opened', async () => {
    const c = await campaign();
    const { db, vault, spaceId } = c;
    const write = (i: number) => {
      const doc = new Y.Doc();
      doc.getMap('people').set('n', i);
      return writeSnapshot(db, vault.cipher, spaceId, {
        state: Y.encodeStateAsUpdate(doc),
        reason: 'daily',
        counts: {},
        at: i,
      });
    };
    await write(1);
    await db.snapshots.update([spaceId, 1], { meta: new Uint8Array(40) });
    for (let i = 2; i <= 9; i++) await write(i);
    expect((await listSnapshots(db, vault.cipher, spaceId)).length).toBe(7);
    expect(await db.snapshotStates.get([spaceId, 1])).toBeDefined();
  });
});
