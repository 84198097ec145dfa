/**
 * Rows compressed before sealing (src/storage/row-pack.ts): big rows are stored deflated and open
 * back to the same bytes, small and incompressible ones are sealed as before, the flag is bound to
 * the seal, rows of earlier versions stay readable, and a base stored unpacked by an earlier
 * version is stored again packed after a load.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CryptoError } from '../../../src/crypto';
import { createSpace, createVault, SpaceStore } from '../../../src/storage';
import { openPacked, PACK_MIN_BYTES, sealPacked } from '../../../src/storage/row-pack';
import { updateContext } from '../../../src/storage/space-store-load';
import { encodeStateAsUpdates } from '../../../src/sync';
import { FAST, testDatabases } from '../../support/test-dbs';
import { until } from '../../support/wait';

const newDb = testDatabases('row-pack');
const text = (n: number) => new TextEncoder().encode('Talked about the night shift schedule. '.repeat(n));
const noise = (n: number) => crypto.getRandomValues(new Uint8Array(n));

async function cipher() {
  return (await createVault(newDb(), 'pw', FAST)).cipher;
}

describe('a packed row', () => {
  it('is stored deflated when big and compressible, and opens to the same bytes', async () => {
    const c = await cipher();
    const plain = text(400);
    const row = await sealPacked(c, plain, 'ctx/1');
    expect(row.z).toBe(1);
    expect(row.data.length).toBeLessThan(plain.length / 4);
    expect(await openPacked(c, row, 'ctx/1')).toEqual(plain);
  });

  it('is sealed as before when small or incompressible', async () => {
    const c = await cipher();
    for (const plain of [text(1).subarray(0, PACK_MIN_BYTES - 1), noise(64 * 1024)]) {
      const row = await sealPacked(c, plain, 'ctx/2');
      expect(row.z).toBeUndefined();
      expect(await c.open(row.data, 'ctx/2')).toEqual(plain);
      expect(await openPacked(c, row, 'ctx/2')).toEqual(plain);
    }
  });

  it('fails to open when its flag is flipped either way, or under another context', async () => {
    const c = await cipher();
    const packed = await sealPacked(c, text(400), 'ctx/3');
    const plain = await sealPacked(c, noise(4096), 'ctx/3');
    await expect(openPacked(c, { data: packed.data }, 'ctx/3')).rejects.toBeInstanceOf(CryptoError);
    await expect(openPacked(c, { data: plain.data, z: 1 }, 'ctx/3')).rejects.toBeInstanceOf(CryptoError);
    await expect(openPacked(c, packed, 'ctx/4')).rejects.toBeInstanceOf(CryptoError);
  });
});

describe('a campaign stored by an earlier version (rows not packed)', () => {
  it('loads as before, then its base is stored again packed, same doc, a fraction of the bytes', async () => {
    const db = newDb();
    const vault = await createVault(db, 'pw', FAST);
    const space = await createSpace(vault, { kind: 'campaign', name: 'c' });
    const doc = new Y.Doc();
    const people = doc.getMap<Y.Map<unknown>>('people');
    for (let i = 0; i < 1500; i++) {
      const p = new Y.Map<unknown>();
      p.set('name', `Person ${i}`);
      p.set('notes', `Worried about overtime on line ${i % 7}; will talk to the day shift.`);
      people.set(`p${i}`, p);
    }
    const parts = encodeStateAsUpdates(doc, undefined, 8 * 1024);
    await db.updates.bulkAdd(
      await Promise.all(
        parts.map(async (part, i) => ({
          spaceId: space.id,
          seq: i + 1,
          kind: 's' as const,
          data: await vault.cipher.seal(part, updateContext(space.id, i + 1)),
        })),
      ),
    );
    const before = (await db.updates.toArray()).reduce((n, r) => n + r.data.length, 0);
    const splitState = (d: Y.Doc) => encodeStateAsUpdates(d, undefined, 8 * 1024);
    const store = await SpaceStore.open(db, vault.cipher, space.id, { splitState });
    expect(store.doc.getMap('people').toJSON()).toEqual(people.toJSON());
    expect(before).toBeGreaterThan(64 * 1024); // past the size at which a base is packed again
    const stored = async () => (await db.updates.toArray()).map((r) => ({ z: r.z, bytes: r.data.length }));
    const rows = await until('the base stored again, packed', stored, (rs) => rs.every((r) => r.z === 1));
    expect(rows.reduce((n, r) => n + r.bytes, 0)).toBeLessThan(before / 2);
    await store.close();
    const again = await SpaceStore.open(db, vault.cipher, space.id, { splitState });
    expect(again.doc.getMap('people').toJSON()).toEqual(people.toJSON());
    expect(Y.equalSnapshots(Y.snapshot(again.doc), Y.snapshot(doc))).toBe(true);
    await again.close();
  });
});
