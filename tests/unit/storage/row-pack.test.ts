/**
 * Rows compressed before sealing (src/storage/row-pack.ts): big rows are stored deflated and open
 * back to the same bytes, small and incompressible ones are sealed as before, the flag is bound to
 * the seal, rows of earlier versions stay readable, and a base stored unpacked by an earlier
 * version is stored again packed after a load.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CryptoError } from '../../../src/crypto';
import { createSpace, createVault, SpaceStore } from '../../../src/storage';
import { type PackRequest, type PackResponse, transform } from '../../../src/storage/pack-codec';
import {
  deflate,
  inflate,
  openPacked,
  PACK_MIN_BYTES,
  type PackWorkerLike,
  sealPacked,
  setPackWorkerFactory,
  WORKER_MIN_BYTES,
} from '../../../src/storage/row-pack';
import { updateContext } from '../../../src/storage/space-store-load';
import { encodeStateAsUpdates } from '../../../src/sync';
import { FAST, testDatabases } from '../../support/test-dbs';
import { until } from '../../support/wait';

const newDb = testDatabases('row-pack');
const text = (n: number) => new TextEncoder().encode('Talked about the night shift schedule. '.repeat(n));
/** Random bytes (they do not compress), in steps of the 64 KiB `getRandomValues` gives at once. */
const noise = (n: number) => {
  const out = new Uint8Array(n);
  for (let at = 0; at < n; at += 65536) crypto.getRandomValues(out.subarray(at, Math.min(n, at + 65536)));
  return out;
};

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

/** A pack worker that answers in this thread, as pack-worker.ts does; `broken` answers nothing but fails. */
function fakeWorker(seen: PackRequest[], broken = false): () => PackWorkerLike {
  return () => {
    const w: PackWorkerLike = {
      onmessage: null,
      onerror: null,
      terminate() {},
      postMessage(req: PackRequest) {
        seen.push(req);
        setTimeout(async () => {
          if (broken) return w.onerror?.(new Error('worker died'));
          let answer: PackResponse;
          try {
            answer = { id: req.id, bytes: await transform(req.op, req.bytes) };
          } catch (err) {
            answer = { id: req.id, error: String(err) };
          }
          w.onmessage?.({ data: answer } as MessageEvent<PackResponse>);
        }, 0);
      },
    };
    return w;
  };
}

describe('the pack worker', () => {
  afterEach(() => {
    setPackWorkerFactory(null);
  });

  it('takes the big rows, leaves the small ones in this thread, and gives the same bytes', async () => {
    const seen: PackRequest[] = [];
    setPackWorkerFactory(fakeWorker(seen));
    const c = await cipher();
    const big = text(Math.ceil(WORKER_MIN_BYTES / 39) + 1);
    const small = text(100);
    expect(big.length).toBeGreaterThanOrEqual(WORKER_MIN_BYTES);
    const bigRow = await sealPacked(c, big, 'ctx/w');
    const smallRow = await sealPacked(c, small, 'ctx/w');
    expect(seen.map((r) => r.op)).toEqual(['deflate']);
    expect(await openPacked(c, bigRow, 'ctx/w')).toEqual(big);
    expect(await openPacked(c, smallRow, 'ctx/w')).toEqual(small);
    // `big` deflates to far less than the worker's size, so its row inflated here; random bytes do not.
    expect(seen.filter((r) => r.op === 'inflate').length).toBe(0);
    const random = noise(WORKER_MIN_BYTES + 4096);
    expect(await inflate(await deflate(random))).toEqual(random);
    expect(seen.map((r) => r.op)).toEqual(['deflate', 'deflate', 'inflate']);
  });

  it('falls back to this thread when the worker fails, and still refuses bytes that are not a stream', async () => {
    const seen: PackRequest[] = [];
    setPackWorkerFactory(fakeWorker(seen, true));
    const big = text(Math.ceil(WORKER_MIN_BYTES / 39) + 1);
    const packed = await deflate(big);
    expect(seen.length).toBe(1);
    expect(await inflate(packed)).toEqual(big);
    setPackWorkerFactory(fakeWorker(seen));
    await expect(inflate(noise(WORKER_MIN_BYTES))).rejects.toThrow();
    expect(seen.at(-1)?.op).toBe('inflate');
  });
});
