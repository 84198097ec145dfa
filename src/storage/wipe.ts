/**
 * Panic wipe. Crypto-shredding first: the wrapped master key goes before anything else — the
 * second copy (which holds a copy of the vault row) is removed, then the vault row — so even if
 * the rest is interrupted, what remains cannot be decrypted by anyone, passphrase or not. Then the
 * whole database is deleted.
 */
import Dexie from 'dexie';
import type { ShopfloorDb } from './db';

export async function wipeDatabase(db: ShopfloorDb): Promise<void> {
  try {
    if (db.secondCopy) {
      // Nothing written from here on is copied: the database is going away.
      db.secondCopy.paused = true;
      await db.secondCopy.clear().catch(() => {});
    }
    if (!db.isOpen()) await db.open();
    await db.vault.clear();
    await db.spaces.clear();
  } finally {
    db.close();
    await Dexie.delete(db.name);
  }
}
