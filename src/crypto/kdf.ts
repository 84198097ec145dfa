/**
 * Passphrase key derivation: PBKDF2-HMAC-SHA256 (WebCrypto has no Argon2). OWASP's 2023 floor for
 * PBKDF2-SHA256 is 600,000 iterations; vaults record their parameters so the count can rise later.
 * Passphrases are NFKC-normalized so the same words typed on two keyboards give the same key.
 */
import { utf8 } from './bytes';
import { CryptoError } from './errors';

export const KDF_ITERATIONS = 600_000;
/** Lowest count accepted when opening a stored vault; tests may create vaults with fewer. */
export const MIN_KDF_ITERATIONS = 1_000;

export interface KdfParams {
  alg: 'PBKDF2-SHA256';
  iterations: number;
  salt: Uint8Array;
}

export function checkKdfParams(params: KdfParams): void {
  if (
    params.alg !== 'PBKDF2-SHA256' ||
    !Number.isInteger(params.iterations) ||
    params.iterations < MIN_KDF_ITERATIONS ||
    params.iterations > 100_000_000 ||
    !(params.salt instanceof Uint8Array) ||
    params.salt.length < 16
  ) {
    throw new CryptoError('weak-kdf-params');
  }
}

async function passphraseKey(passphrase: string): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', utf8(passphrase.normalize('NFKC')), 'PBKDF2', false, [
    'deriveBits',
    'deriveKey',
  ]);
}

/** Raw PBKDF2-HMAC-SHA256 output (used by tests against published vectors). */
export async function pbkdf2Sha256(
  passphrase: string,
  salt: Uint8Array,
  iterations: number,
  bytes: number,
): Promise<Uint8Array<ArrayBuffer>> {
  const base = await passphraseKey(passphrase);
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt: new Uint8Array(salt), iterations },
    base,
    bytes * 8,
  );
  return new Uint8Array(bits);
}

/** Derives the non-extractable AES-GCM key-encryption key that wraps the master key. */
export async function deriveKeyEncryptionKey(passphrase: string, params: KdfParams): Promise<CryptoKey> {
  checkKdfParams(params);
  const base = await passphraseKey(passphrase);
  return crypto.subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt: new Uint8Array(params.salt), iterations: params.iterations },
    base,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}
