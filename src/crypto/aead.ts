/**
 * AES-256-GCM sealing. A sealed blob is `version(1) ‖ iv(12) ‖ ciphertext+tag(16)`.
 * The version byte is also authenticated (it is part of the additional data), and callers bind
 * each blob to where it belongs (space id, row number) through `aad`, so a row copied to another
 * place fails to open. A fresh random IV per message: never reuse one under the same key.
 */
import { concatBytes } from './bytes';
import { CryptoError } from './errors';
import { randomBytes } from './random';

export const SEAL_VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const SEAL_OVERHEAD = 1 + IV_BYTES + TAG_BYTES;

const EMPTY = new Uint8Array(0);

function additionalData(aad: Uint8Array): Uint8Array<ArrayBuffer> {
  return concatBytes(Uint8Array.of(SEAL_VERSION), aad);
}

/** Imports 32 raw bytes as a non-extractable AES-GCM key. */
export async function importAesKey(raw: Uint8Array, extractable = false): Promise<CryptoKey> {
  if (raw.length !== 32) throw new CryptoError('invalid-key', { bytes: raw.length });
  return crypto.subtle.importKey('raw', new Uint8Array(raw), { name: 'AES-GCM' }, extractable, [
    'encrypt',
    'decrypt',
  ]);
}

/** Encrypts and authenticates `plaintext`; `aad` is authenticated but not stored. */
export async function seal(
  key: CryptoKey,
  plaintext: Uint8Array,
  aad: Uint8Array = EMPTY,
): Promise<Uint8Array<ArrayBuffer>> {
  const iv = randomBytes(IV_BYTES);
  const ct = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: additionalData(aad) },
    key,
    new Uint8Array(plaintext),
  );
  return concatBytes(Uint8Array.of(SEAL_VERSION), iv, new Uint8Array(ct));
}

/**
 * Opens a blob made by {@link seal}. Any change to the blob, the key or the `aad` fails with
 * `CryptoError('decrypt-failed')`; a blob too short or of another version fails before decrypting.
 */
export async function open(
  key: CryptoKey,
  sealed: Uint8Array,
  aad: Uint8Array = EMPTY,
): Promise<Uint8Array<ArrayBuffer>> {
  if (!(sealed instanceof Uint8Array) || sealed.length < SEAL_OVERHEAD) {
    throw new CryptoError('malformed-ciphertext', { bytes: sealed?.length });
  }
  if (sealed[0] !== SEAL_VERSION) throw new CryptoError('unsupported-version', { version: sealed[0] });
  const iv = sealed.slice(1, 1 + IV_BYTES);
  const ct = sealed.slice(1 + IV_BYTES);
  try {
    const pt = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv, additionalData: additionalData(aad) },
      key,
      ct,
    );
    return new Uint8Array(pt);
  } catch {
    throw new CryptoError('decrypt-failed');
  }
}
