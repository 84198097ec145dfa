import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  BackupError,
  createSpace,
  createVault,
  exportBackup,
  importBackup,
  listSpaces,
  SpaceStore,
  wipeDatabase,
} from '../../../src/storage';
import { FAST, testDatabases } from '../../support/test-dbs';

const newDb = testDatabases('backup');

async function device() {
  const db = newDb();
  const vault = await createVault(db, 'device pass', FAST);
  const personal = await createSpace(vault, { kind: 'personal', name: 'personal' });
  const campaign = await createSpace(vault, { kind: 'campaign', name: 'Riverside' });
  const p = await SpaceStore.open(db, vault.cipher, personal.id);
  const c = await SpaceStore.open(db, vault.cipher, campaign.id);
  p.doc.getMap('settings').set('deviceName', 'blue phone');
  const people = c.doc.getMap<Y.Map<unknown>>('people');
  for (let i = 0; i < 50; i++) {
    const m = new Y.Map<unknown>();
    m.set('name', `Persona ${i} Núñez`);
    people.set(`p${i}`, m);
  }
  await Promise.all([p.flush(), c.flush()]);
  return { db, vault, personal, campaign, p, c };
}

describe('encrypted backup', () => {
  it('export → wipe → import on a new device restores every space exactly', async () => {
    const a = await device();
    const file = await exportBackup(a.vault, 'backup words here', { openStores: [a.p, a.c], ...FAST });
    expect(new TextDecoder().decode(file)).not.toContain('Núñez');
    expect(new TextDecoder().decode(file)).not.toContain('Riverside');
    const before = a.c.doc.getMap('people').toJSON();
    await wipeDatabase(a.db);
    expect((await Dexie.getDatabaseNames()).includes(a.db.name)).toBe(false);

    const db2 = newDb();
    const vault2 = await createVault(db2, 'new phone pass', FAST);
    await importBackup(vault2, file, 'backup words here');
    const { spaces } = await listSpaces(vault2);
    const campaign = spaces.find((s) => s.kind === 'campaign')!;
    expect(campaign).toMatchObject({ id: a.campaign.id, name: 'Riverside' });
    expect([...campaign.key]).toEqual([...a.campaign.key]);
    const restored = await SpaceStore.open(db2, vault2.cipher, campaign.id);
    expect(restored.doc.getMap('people').toJSON()).toEqual(before);
    const personal = spaces.find((s) => s.kind === 'personal')!;
    const p2 = await SpaceStore.open(db2, vault2.cipher, personal.id);
    expect(p2.doc.getMap('settings').get('deviceName')).toBe('blue phone');
  });

  it('refuses a wrong passphrase and a flipped byte, writing nothing', async () => {
    const a = await device();
    const file = await exportBackup(a.vault, 'backup words here', { openStores: [a.p, a.c], ...FAST });
    const db2 = newDb();
    const vault2 = await createVault(db2, 'x pass', FAST);
    await expect(importBackup(vault2, file, 'wrong words')).rejects.toMatchObject({
      code: 'wrong-passphrase-or-damaged',
    });
    const text = new TextDecoder().decode(file);
    const at = text.indexOf('"data":"') + 20;
    const flipped = text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1);
    await expect(
      importBackup(vault2, new TextEncoder().encode(flipped), 'backup words here'),
    ).rejects.toBeInstanceOf(BackupError);
    await expect(importBackup(vault2, new TextEncoder().encode('hello'), 'x')).rejects.toMatchObject({
      code: 'not-a-backup',
    });
    expect(await db2.spaces.count()).toBe(0);
    expect(await db2.updates.count()).toBe(0);
  });
});
