/**
 * Ed25519 signatures (RFC 8032) over WebCrypto, for device identities and the membership log.
 *
 * Why Ed25519 and not ECDSA P-256 (docs/membership.md has the measurements): signatures are
 * deterministic (no per-signature nonce, so a weak random source cannot leak the key), public keys
 * are 32 bytes and signatures 64, and a signature cannot be altered into another valid one for the
 * same message (WebCrypto's ECDSA accepts both `s` and `n − s`).
 *
 * A private key is kept at rest as its 32-byte seed (PKCS#8 has a fixed 16-byte prefix for Ed25519)
 * and used as a non-extractable CryptoKey.
 */
import { concatBytes, fromBase64Url } from './bytes';
import { CryptoError } from './errors';

const ALG = { name: 'Ed25519' } as const;
/** PKCS#8 header of an Ed25519 private key; the 32-byte seed follows it. */
const PKCS8_PREFIX = Uint8Array.from([
  0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
]);
/** Bytes of an Ed25519 public key. */
export const SIGNING_PUBLIC_KEY_BYTES = 32;
/** Bytes of an Ed25519 signature. */
export const SIGNATURE_BYTES = 64;
/** Bytes of an Ed25519 private key seed. */
export const SIGNING_SEED_BYTES = 32;

/** A signing key pair with its raw public key. */
export interface SigningKeyPair {
  privateKey: CryptoKey;
  /** Raw 32-byte public key. */
  publicKey: Uint8Array<ArrayBuffer>;
}

/**
 * Imports a 32-byte seed as a signing key pair. The private key is non-extractable unless asked.
 *
 * @throws CryptoError('invalid-key') for a seed of the wrong length or a platform without Ed25519.
 */
export async function signingKeyFromSeed(seed: Uint8Array, extractable = false): Promise<SigningKeyPair> {
  if (seed.length !== SIGNING_SEED_BYTES) throw new CryptoError('invalid-key', { bytes: seed.length });
  try {
    const pkcs8 = concatBytes(PKCS8_PREFIX, seed);
    // The public key can only be read from an extractable import (as the JWK `x`).
    const tmp = await crypto.subtle.importKey('pkcs8', pkcs8, ALG, true, ['sign']);
    const jwk = await crypto.subtle.exportKey('jwk', tmp);
    const publicKey = fromBase64Url(jwk.x ?? '');
    if (publicKey.length !== SIGNING_PUBLIC_KEY_BYTES) throw new Error('no public key');
    const privateKey = extractable
      ? tmp
      : await crypto.subtle.importKey('pkcs8', pkcs8, ALG, false, ['sign']);
    return { privateKey, publicKey };
  } catch (e) {
    if (e instanceof CryptoError) throw e;
    throw new CryptoError('invalid-key');
  }
}

/** A fresh random seed for {@link signingKeyFromSeed}. */
export function newSigningSeed(): Uint8Array<ArrayBuffer> {
  return crypto.getRandomValues(new Uint8Array(SIGNING_SEED_BYTES));
}

/** Signs `message` (64-byte signature). */
export async function signBytes(
  privateKey: CryptoKey,
  message: Uint8Array,
): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await crypto.subtle.sign(ALG, privateKey, new Uint8Array(message)));
}

const publicKeys = new Map<string, Promise<CryptoKey>>();
const MAX_CACHED_KEYS = 4096;

function importPublic(raw: Uint8Array): Promise<CryptoKey> {
  const id = Array.from(raw, (b) => b.toString(16).padStart(2, '0')).join('');
  let key = publicKeys.get(id);
  if (!key) {
    if (publicKeys.size >= MAX_CACHED_KEYS) publicKeys.clear();
    key = crypto.subtle.importKey('raw', new Uint8Array(raw), ALG, false, ['verify']);
    publicKeys.set(id, key);
    // A refused key must not stay cached as a rejected promise.
    key.catch(() => publicKeys.delete(id));
  }
  return key;
}

/**
 * Checks an Ed25519 signature. Never throws: a malformed key or signature is simply not valid.
 */
export async function verifyBytes(
  publicKey: Uint8Array,
  signature: Uint8Array,
  message: Uint8Array,
): Promise<boolean> {
  if (publicKey.length !== SIGNING_PUBLIC_KEY_BYTES || signature.length !== SIGNATURE_BYTES) return false;
  try {
    const key = await importPublic(publicKey);
    return await crypto.subtle.verify(ALG, key, new Uint8Array(signature), new Uint8Array(message));
  } catch {
    return false;
  }
}

/** SHA-256 of `bytes`. */
export async function sha256(bytes: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', new Uint8Array(bytes)));
}
