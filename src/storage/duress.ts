/**
 * The duress passphrase: typed at the lock screen under pressure, it silently performs the panic
 * wipe. Every vault carries a duress check, sealed under a random key when none is set, so its
 * presence says nothing about whether a duress passphrase exists. It is only tried after the real
 * passphrase failed, so a normal unlock pays no extra key derivation.
 */
import {
  deriveKeyEncryptionKey,
  importAesKey,
  KDF_ITERATIONS,
  newSalt,
  open,
  randomBytes,
  seal,
  utf8,
} from '../crypto';
import type { ShopfloorDb, VaultRow } from './db';

const AAD = utf8('shopfloor/duress/v1');
const TOKEN = utf8('duress');

export interface DuressCheck {
  salt: Uint8Array;
  iterations: number;
  check: Uint8Array;
}

async function sealCheck(key: CryptoKey, salt: Uint8Array, iterations: number): Promise<DuressCheck> {
  return { salt, iterations, check: await seal(key, TOKEN, AAD) };
}

/** A decoy check that no passphrase opens (the key is random and thrown away). */
export async function decoyDuressCheck(iterations = KDF_ITERATIONS): Promise<DuressCheck> {
  return sealCheck(await importAesKey(randomBytes(32)), newSalt(), iterations);
}

export async function setDuressPassphrase(
  db: ShopfloorDb,
  passphrase: string | null,
  iterations?: number,
): Promise<void> {
  const row = await db.vault.get('vault');
  if (!row) return;
  const n = iterations ?? row.kdf.iterations;
  const salt = newSalt();
  const duress = passphrase
    ? await sealCheck(
        await deriveKeyEncryptionKey(passphrase, { alg: 'PBKDF2-SHA256', iterations: n, salt }),
        salt,
        n,
      )
    : await decoyDuressCheck(n);
  await db.vault.put({ ...row, duress });
  await db.secondCopySettled();
}

/** True when `passphrase` is the duress passphrase of this vault. */
export async function isDuressPassphrase(row: VaultRow, passphrase: string): Promise<boolean> {
  if (!row.duress) return false;
  try {
    const key = await deriveKeyEncryptionKey(passphrase, {
      alg: 'PBKDF2-SHA256',
      iterations: row.duress.iterations,
      salt: row.duress.salt,
    });
    await open(key, row.duress.check, AAD);
    return true;
  } catch {
    return false;
  }
}
