/**
 * Device signing identities: one Ed25519 key pair per device, named by a self-certifying device id
 * and shown to people as six safety words.
 *
 * At rest the private key is its 32-byte seed inside the personal space, which the storage layer
 * seals (AES-256-GCM under the vault's master key) and never syncs; in memory it is a
 * non-extractable CryptoKey. Why not a non-extractable CryptoKey in IndexedDB directly: it would sit
 * outside the passphrase (anyone with the browser profile could sign with it), outside backups, and
 * outside the panic wipe's single sealed store.
 */
import {
  concatBytes,
  fromBase64Url,
  newSigningSeed,
  sha256,
  signingKeyFromSeed,
  toBase64Url,
  utf8,
} from '../../../crypto';
import { MembershipError } from './errors';
import { SAFETY_WORDS } from './words';

/** This device's signing identity, ready to sign ops. */
export interface DeviceSigner {
  /** Self-certifying id: {@link deviceIdForSigningKey} of `publicKey`. */
  deviceId: string;
  /** Raw 32-byte Ed25519 public key. */
  publicKey: Uint8Array<ArrayBuffer>;
  /** Non-extractable signing key. */
  privateKey: CryptoKey;
}

/** What the personal space stores (sealed at rest by the storage layer; never synced). */
export interface StoredDeviceIdentity {
  v: 1;
  alg: 'Ed25519';
  /** base64url of the 32-byte private key seed. */
  seed: string;
}

/** Number of safety words: 6 words × 8 bits = 48 bits. */
export const SAFETY_WORD_COUNT = 6;
const FINGERPRINT_LABEL = 'shopfloor/safety-words/v1';

/** The device id of a signing public key: base64url of the first 16 bytes of SHA-256(key). */
export async function deviceIdForSigningKey(publicKey: Uint8Array): Promise<string> {
  return toBase64Url((await sha256(publicKey)).subarray(0, 16));
}

/** Creates a new device identity and the form to keep in the personal space. */
export async function createDeviceIdentity(): Promise<{
  signer: DeviceSigner;
  stored: StoredDeviceIdentity;
}> {
  const seed = newSigningSeed();
  const stored: StoredDeviceIdentity = { v: 1, alg: 'Ed25519', seed: toBase64Url(seed) };
  return { signer: await loadDeviceIdentity(stored), stored };
}

/**
 * Loads a stored identity (untrusted shape: it comes out of a synced-format store).
 *
 * @throws MembershipError('invalid-input') when the stored value is not an identity.
 */
export async function loadDeviceIdentity(stored: unknown): Promise<DeviceSigner> {
  const s = stored as Partial<StoredDeviceIdentity> | null;
  if (typeof s !== 'object' || s === null || s.v !== 1 || s.alg !== 'Ed25519' || typeof s.seed !== 'string') {
    throw new MembershipError('invalid-input', { what: 'stored identity' });
  }
  let seed: Uint8Array;
  try {
    seed = fromBase64Url(s.seed);
  } catch {
    throw new MembershipError('invalid-input', { what: 'seed' });
  }
  const pair = await signingKeyFromSeed(seed);
  return { deviceId: await deviceIdForSigningKey(pair.publicKey), ...pair };
}

/**
 * Six safety words for a signing public key, for two people to compare in person ("does your phone
 * say cedar lamp otter …?"). Deterministic: the first 6 bytes of SHA-256(label ‖ key), one word per
 * byte. 48 bits: an impostor must find a key matching a given device's words, about 2^47 tries.
 *
 * @example
 * (await fingerprintWords(signer.publicKey)).join(' ') // → e.g. 'cedar lamp otter piano sugar moon'
 */
export async function fingerprintWords(publicKey: Uint8Array): Promise<string[]> {
  const digest = await sha256(concatBytes(utf8(FINGERPRINT_LABEL), publicKey));
  return Array.from(digest.subarray(0, SAFETY_WORD_COUNT), (b) => SAFETY_WORDS[b] as string);
}
