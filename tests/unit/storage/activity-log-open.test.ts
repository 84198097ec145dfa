/**
 * Opening one campaign space twice at once (a device following its own key rotation while it makes
 * it, or two tabs) must not fail: both stores start from the same activity log and keep writing.
 */
import { describe, expect, it } from 'vitest';
import { createSpace, createVault, SpaceStore } from '../../../src/storage';
import { FAST, testDatabases } from '../../support/test-dbs';

const newDb = testDatabases('activity-open');

describe('activity log', () => {
  it('opens the same space twice concurrently without a constraint error', async () => {
    const db = newDb();
    const vault = await createVault(db, 'correct horse battery staple', FAST);
    const meta = await createSpace(vault, { kind: 'campaign', name: 'Twice' });
    const activity = { attribute: () => ({ kind: 'local' as const, deviceId: 'dev-a' }) };
    const [a, b] = await Promise.all([
      SpaceStore.open(db, vault.cipher, meta.id, { activity }),
      SpaceStore.open(db, vault.cipher, meta.id, { activity }),
    ]);
    a.doc.getMap('people').set('x', 1);
    await a.flush();
    b.doc.getMap('people').set('y', 2);
    await b.flush();
    const bases = await db.activity
      .where('[spaceId+seq]')
      .between([meta.id, 0], [meta.id, 0], true, true)
      .count();
    expect(bases).toBe(1);
    await a.close();
    await b.close();
    const again = await SpaceStore.open(db, vault.cipher, meta.id, { activity });
    expect(again.doc.getMap('people').toJSON()).toEqual({ x: 1, y: 2 });
    await again.close();
  });
});
