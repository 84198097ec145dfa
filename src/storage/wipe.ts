/**
 * Panic wipe. Crypto-shredding first: the vault row (the wrapped master key) is deleted before
 * anything else, so even if the rest is interrupted, what remains cannot be decrypted by anyone,
 * passphrase or not. Then the whole database is deleted.
 */
import Dexie from 'dexie';
import type { ShopfloorDb } from './db';

export async function wipeDatabase(db: ShopfloorDb): Promise<void> {
  try {
    if (!db.isOpen()) await db.open();
    await db.vault.clear();
    await db.spaces.clear();
  } finally {
    db.close();
    await Dexie.delete(db.name);
  }
}
