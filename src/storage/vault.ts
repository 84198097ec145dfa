/**
 * The vault: one row holding the KDF parameters and the wrapped master key.
 * Creating, unlocking and changing the passphrase never touch the data rows: a passphrase change
 * re-wraps the same master key and replaces the vault row in one put, so an interrupted change
 * leaves either the old or the new passphrase working, never neither.
 */
import {
  CryptoError,
  KDF_ITERATIONS,
  newMasterKeyBytes,
  newSalt,
  unwrapMasterKey,
  wrapMasterKey,
} from '../crypto';
import type { ShopfloorDb, VaultRow } from './db';
import { decoyDuressCheck, isDuressPassphrase } from './duress';
import { StorageError } from './errors';
import { MasterKeyCipher, type RowCipher } from './row-cipher';

export interface VaultOptions {
  /** PBKDF2 iterations for a new vault; tests lower it, the app keeps the default. */
  iterations?: number;
}

/** An unlocked vault: the master key in memory as a non-extractable CryptoKey. */
export interface UnlockedVault {
  db: ShopfloorDb;
  cipher: RowCipher;
}

export async function hasVault(db: ShopfloorDb): Promise<boolean> {
  return (await db.vault.get('vault')) !== undefined;
}

export async function createVault(
  db: ShopfloorDb,
  passphrase: string,
  opts: VaultOptions = {},
): Promise<UnlockedVault> {
  const raw = newMasterKeyBytes();
  try {
    const { kdf, wrapped } = await wrapMasterKey(raw, passphrase, {
      alg: 'PBKDF2-SHA256',
      iterations: opts.iterations ?? KDF_ITERATIONS,
      salt: newSalt(),
    });
    const duress = await decoyDuressCheck(kdf.iterations);
    const row: VaultRow = { id: 'vault', formatVersion: 1, kdf, wrapped, createdAt: Date.now(), duress };
    await db.transaction('rw', db.vault, async () => {
      if (await db.vault.get('vault')) throw new StorageError('vault-exists');
      await db.vault.add(row);
    });
    await db.secondCopySettled();
    const { key, raw: again } = await unwrapMasterKey(row, passphrase);
    again.fill(0);
    return { db, cipher: new MasterKeyCipher(key) };
  } finally {
    raw.fill(0);
  }
}

async function readVault(db: ShopfloorDb): Promise<VaultRow> {
  const row = await db.vault.get('vault');
  if (!row) throw new StorageError('no-vault');
  if (row.formatVersion !== 1 || !(row.wrapped instanceof Uint8Array))
    throw new StorageError('corrupt-vault');
  return row;
}

async function unwrap(row: VaultRow, passphrase: string) {
  try {
    return await unwrapMasterKey(row, passphrase);
  } catch (err) {
    if (err instanceof CryptoError && err.code === 'decrypt-failed')
      throw new StorageError('wrong-passphrase');
    if (err instanceof CryptoError) throw new StorageError('corrupt-vault', { cause: err.code });
    throw err;
  }
}

/**
 * Unlocks the vault. A wrong passphrase throws `StorageError('wrong-passphrase')` and changes
 * nothing. The duress passphrase throws `StorageError('duress')`: the caller must wipe at once.
 */
export async function unlockVault(db: ShopfloorDb, passphrase: string): Promise<UnlockedVault> {
  const row = await readVault(db);
  try {
    const { key, raw } = await unwrap(row, passphrase);
    raw.fill(0);
    return { db, cipher: new MasterKeyCipher(key) };
  } catch (err) {
    if (
      err instanceof StorageError &&
      err.code === 'wrong-passphrase' &&
      (await isDuressPassphrase(row, passphrase))
    ) {
      throw new StorageError('duress');
    }
    throw err;
  }
}

/** Re-wraps the master key under a new passphrase (and fresh salt); the data is not re-encrypted. */
export async function changePassphrase(
  db: ShopfloorDb,
  oldPassphrase: string,
  newPassphrase: string,
  opts: VaultOptions = {},
): Promise<void> {
  const row = await readVault(db);
  const { raw } = await unwrap(row, oldPassphrase);
  try {
    const { kdf, wrapped } = await wrapMasterKey(raw, newPassphrase, {
      alg: 'PBKDF2-SHA256',
      iterations: opts.iterations ?? Math.max(row.kdf.iterations, KDF_ITERATIONS),
      salt: newSalt(),
    });
    await db.vault.put({ ...row, kdf, wrapped });
    await db.secondCopySettled();
  } finally {
    raw.fill(0);
  }
}
