/**
 * The master key encrypts everything this device stores. Its 32 raw bytes exist only briefly:
 * when created (to be wrapped) and when the passphrase changes (to be re-wrapped). In use it is a
 * non-extractable CryptoKey, so even code running in the page cannot read it out.
 */

import { importAesKey, open, seal } from './aead';
import { utf8 } from './bytes';
import { deriveKeyEncryptionKey, type KdfParams } from './kdf';
import { randomBytes } from './random';

const WRAP_AAD = utf8('shopfloor/master-key/v1');

export interface WrappedMasterKey {
  kdf: KdfParams;
  wrapped: Uint8Array;
}

/** Wraps raw master key bytes under a key derived from `passphrase`. */
export async function wrapMasterKey(
  raw: Uint8Array,
  passphrase: string,
  kdf: KdfParams,
): Promise<WrappedMasterKey> {
  const kek = await deriveKeyEncryptionKey(passphrase, kdf);
  return { kdf, wrapped: await seal(kek, raw, WRAP_AAD) };
}

/**
 * Opens the wrapped master key. Throws `CryptoError('decrypt-failed')` for a wrong passphrase.
 * Also returns the raw bytes, for re-wrapping under a new passphrase; callers zero them
 * (`raw.fill(0)`) as soon as they are done.
 */
export async function unwrapMasterKey(
  stored: WrappedMasterKey,
  passphrase: string,
): Promise<{ key: CryptoKey; raw: Uint8Array }> {
  const kek = await deriveKeyEncryptionKey(passphrase, stored.kdf);
  const raw = await open(kek, stored.wrapped, WRAP_AAD);
  return { key: await importAesKey(raw), raw };
}

export function newMasterKeyBytes(): Uint8Array<ArrayBuffer> {
  return randomBytes(32);
}

export function newSalt(): Uint8Array<ArrayBuffer> {
  return randomBytes(16);
}
