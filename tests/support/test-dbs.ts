/**
 * Throwaway Dexie databases for storage tests (over fake-indexeddb): each test file calls
 * `testDatabases(prefix)` once and gets a `newDb()` whose databases are closed and deleted after
 * every test.
 */
import Dexie from 'dexie';
import { afterEach } from 'vitest';
import { randomId } from '../../src/crypto';
import { ShopfloorDb } from '../../src/storage';

/** PBKDF2 iterations low enough for tests (the vault enforces a floor of 1,000). */
export const FAST = { iterations: 2_000 };

export function testDatabases(prefix: string): () => ShopfloorDb {
  const dbs: ShopfloorDb[] = [];
  afterEach(async () => {
    for (const db of dbs.splice(0)) {
      db.close();
      await Dexie.delete(db.name);
    }
  });
  return () => {
    const db = new ShopfloorDb(`${prefix}-${randomId()}`);
    dbs.push(db);
    return db;
  };
}
