/** The LMDB mailbox store against the store contract, plus what survives reopening. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { openLmdbStore } from '../../../src/server/mailbox/lmdb-store';
import { runMailboxStoreContract } from './mailbox-store-contract';

runMailboxStoreContract('lmdb', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'shopfloor-store-'));
  const store = openLmdbStore(dir);
  return {
    store,
    cleanup: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

it('lmdb: everything acknowledged is there after closing and reopening', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'shopfloor-store-'));
  try {
    const quota = { maxBytes: 1 << 20, maxEntries: 100 };
    const store = openLmdbStore(dir);
    const id = 'a'.repeat(43);
    await store.create({ id, appendVerifier: 'b'.repeat(43), readVerifier: 'c'.repeat(43), lastOpenDay: 1 });
    await Promise.all([1, 2, 3].map((i) => store.append(id, new Uint8Array([i, i]), quota)));
    await store.installSnapshot(id, 1, [new Uint8Array([9])], quota);
    await store.close();
    const again = openLmdbStore(dir);
    expect(await again.get(id)).toMatchObject({
      head: 3,
      entries: 2,
      snapshot: { covers: 1, parts: 1, bytes: 1 },
    });
    expect((await again.readEntries(id, 0, 10)).map((e) => [e.seq, ...e.bytes])).toEqual([
      [2, 2, 2],
      [3, 3, 3],
    ]);
    await again.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
