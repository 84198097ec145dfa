/**
 * Sealed boxes to a survey's P-256 public key (ECIES): each response is sealed with a fresh
 * ephemeral key pair, so respondents cannot read each other's answers, relays cannot read any,
 * and two responses share nothing but the recipient.
 *
 * Blob layout: `version(1) ‖ ephemeral public key, raw uncompressed (65) ‖ aead seal (see aead.ts)`.
 *   shared  = ECDH(ephemeral private, recipient public)        (32 bytes, the x coordinate)
 *   salt    = ephemeral public raw ‖ recipient public raw
 *   key     = HKDF-SHA256(shared, salt, 'shopfloor/survey-seal/v1')      → AES-256-GCM
 *   receipt = HKDF-SHA256(shared, salt, 'shopfloor/survey-receipt/v1')   → 32 bytes
 *   aad     = version ‖ salt   (so the ephemeral key and the recipient are bound to the ciphertext)
 *
 * The receipt secret is known only to the sender and to holders of the survey private key: an
 * organizer proves a response was stored by publishing a tag derived from it (survey-inbox.ts), and
 * no other respondent can forge that tag. It is independent of the AES key (another HKDF label), so
 * keeping it does not let anyone decrypt.
 *
 * What must stay true: any change to a blob (any byte, any length past the minimum) fails with
 * `CryptoError('decrypt-failed')`; a blob shorter than the minimum fails with 'malformed-ciphertext'.
 * The ephemeral private key never leaves this module and is dropped after one use.
 */
import { open, SEAL_OVERHEAD, seal } from './aead';
import { concatBytes, fromBase64Url, toBase64Url } from './bytes';
import { CryptoError } from './errors';
import { hkdfSha256 } from './hkdf';

/** Version byte of a sealed box. */
export const SEALED_BOX_VERSION = 1;
/** Bytes of a raw uncompressed P-256 public key. */
export const P256_PUBLIC_BYTES = 65;
/** Bytes a sealed box adds to its plaintext. */
export const SEALED_BOX_OVERHEAD = 1 + P256_PUBLIC_BYTES + SEAL_OVERHEAD;

const SEAL_LABEL = 'shopfloor/survey-seal/v1';
const RECEIPT_LABEL = 'shopfloor/survey-receipt/v1';
const EC = { name: 'ECDH', namedCurve: 'P-256' } as const;

/** A survey key pair as stored: raw public key (65 bytes) and PKCS#8 private key. */
export interface SurveyKeyPair {
  publicKey: Uint8Array<ArrayBuffer>;
  privateKey: Uint8Array<ArrayBuffer>;
}

/** An imported survey private key, with its public half (needed for the key schedule). */
export interface SurveyPrivateKey {
  key: CryptoKey;
  publicRaw: Uint8Array<ArrayBuffer>;
}

/** A public key as raw bytes, base64url of raw bytes, or a JWK. */
export type SurveyPublicKeyInput = Uint8Array | string | JsonWebKey;

/** A sealed response and the sender's receipt secret. */
export interface SealedWithReceipt {
  sealed: Uint8Array<ArrayBuffer>;
  receipt: Uint8Array<ArrayBuffer>;
}

/**
 * Generates a survey key pair (P-256 ECDH).
 *
 * @example
 * const { publicKey, privateKey } = await generateSurveyKeyPair();
 */
export async function generateSurveyKeyPair(): Promise<SurveyKeyPair> {
  const pair = (await crypto.subtle.generateKey(EC, true, ['deriveBits'])) as CryptoKeyPair;
  const [pub, priv] = await Promise.all([
    crypto.subtle.exportKey('raw', pair.publicKey),
    crypto.subtle.exportKey('pkcs8', pair.privateKey),
  ]);
  return { publicKey: new Uint8Array(pub), privateKey: new Uint8Array(priv) };
}

async function publicKeyOf(input: SurveyPublicKeyInput): Promise<{ key: CryptoKey; raw: Uint8Array }> {
  try {
    if (input instanceof Uint8Array || typeof input === 'string') {
      const raw = typeof input === 'string' ? fromBase64Url(input) : new Uint8Array(input);
      if (raw.length !== P256_PUBLIC_BYTES || raw[0] !== 4) throw new Error('not a raw P-256 key');
      return { key: await crypto.subtle.importKey('raw', raw, EC, true, []), raw };
    }
    const key = await crypto.subtle.importKey('jwk', input, EC, true, []);
    return { key, raw: new Uint8Array(await crypto.subtle.exportKey('raw', key)) };
  } catch {
    throw new CryptoError('invalid-key');
  }
}

/**
 * Imports a PKCS#8 survey private key as a non-extractable key, with its public half.
 *
 * @throws CryptoError('invalid-key') when the bytes are not a P-256 private key.
 */
export async function importSurveyPrivateKey(pkcs8: Uint8Array | string): Promise<SurveyPrivateKey> {
  try {
    const bytes = typeof pkcs8 === 'string' ? fromBase64Url(pkcs8) : new Uint8Array(pkcs8);
    const extractable = await crypto.subtle.importKey('pkcs8', bytes, EC, true, ['deriveBits']);
    const jwk = await crypto.subtle.exportKey('jwk', extractable);
    const x = fromBase64Url(jwk.x ?? '');
    const y = fromBase64Url(jwk.y ?? '');
    if (x.length !== 32 || y.length !== 32) throw new Error('bad point');
    const key = await crypto.subtle.importKey('pkcs8', bytes, EC, false, ['deriveBits']);
    return { key, publicRaw: concatBytes(Uint8Array.of(4), x, y) };
  } catch {
    throw new CryptoError('invalid-key');
  }
}

async function schedule(
  shared: ArrayBuffer,
  ephemeralRaw: Uint8Array,
  recipientRaw: Uint8Array,
): Promise<{ key: CryptoKey; receipt: Uint8Array<ArrayBuffer>; aad: Uint8Array }> {
  const salt = concatBytes(ephemeralRaw, recipientRaw);
  const ikm = new Uint8Array(shared);
  const [keyBytes, receipt] = await Promise.all([
    hkdfSha256(ikm, SEAL_LABEL, 32, salt),
    hkdfSha256(ikm, RECEIPT_LABEL, 32, salt),
  ]);
  ikm.fill(0);
  const key = await crypto.subtle.importKey('raw', keyBytes, { name: 'AES-GCM' }, false, [
    'encrypt',
    'decrypt',
  ]);
  keyBytes.fill(0);
  return { key, receipt, aad: concatBytes(Uint8Array.of(SEALED_BOX_VERSION), salt) };
}

/**
 * Seals `plaintext` to a survey public key and also returns the sender's receipt secret.
 *
 * @throws CryptoError('invalid-key') when the public key is not a P-256 key.
 */
export async function sealWithReceipt(
  publicKey: SurveyPublicKeyInput,
  plaintext: Uint8Array,
): Promise<SealedWithReceipt> {
  const recipient = await publicKeyOf(publicKey);
  const eph = (await crypto.subtle.generateKey(EC, false, ['deriveBits'])) as CryptoKeyPair;
  const ephRaw = new Uint8Array(await crypto.subtle.exportKey('raw', eph.publicKey));
  const shared = await crypto.subtle.deriveBits({ name: 'ECDH', public: recipient.key }, eph.privateKey, 256);
  const { key, receipt, aad } = await schedule(shared, ephRaw, recipient.raw);
  const box = await seal(key, plaintext, aad);
  return { sealed: concatBytes(Uint8Array.of(SEALED_BOX_VERSION), ephRaw, box), receipt };
}

/**
 * Seals `plaintext` to a survey public key with a fresh ephemeral key.
 *
 * @example
 * const blob = await sealToPublicKey(survey.publicKey, utf8(JSON.stringify(answers)));
 */
export async function sealToPublicKey(
  publicKey: SurveyPublicKeyInput,
  plaintext: Uint8Array,
): Promise<Uint8Array<ArrayBuffer>> {
  return (await sealWithReceipt(publicKey, plaintext)).sealed;
}

async function privateKeyOf(input: SurveyPrivateKey | Uint8Array | string): Promise<SurveyPrivateKey> {
  return input instanceof Uint8Array || typeof input === 'string' ? importSurveyPrivateKey(input) : input;
}

/**
 * Opens a sealed box and returns the plaintext and the receipt secret.
 *
 * @throws CryptoError('malformed-ciphertext') when the blob is too short,
 *   CryptoError('decrypt-failed') for any other change to the blob or a different key.
 */
export async function openSealedWithReceipt(
  privateKey: SurveyPrivateKey | Uint8Array | string,
  blob: Uint8Array,
): Promise<{ plaintext: Uint8Array<ArrayBuffer>; receipt: Uint8Array<ArrayBuffer> }> {
  if (!(blob instanceof Uint8Array) || blob.length < SEALED_BOX_OVERHEAD) {
    throw new CryptoError('malformed-ciphertext', { bytes: blob?.length });
  }
  const priv = await privateKeyOf(privateKey);
  try {
    if (blob[0] !== SEALED_BOX_VERSION) throw new Error('version');
    const ephRaw = blob.slice(1, 1 + P256_PUBLIC_BYTES);
    const ephKey = await crypto.subtle.importKey('raw', ephRaw, EC, false, []);
    const shared = await crypto.subtle.deriveBits({ name: 'ECDH', public: ephKey }, priv.key, 256);
    const { key, receipt, aad } = await schedule(shared, ephRaw, priv.publicRaw);
    const plaintext = await open(key, blob.subarray(1 + P256_PUBLIC_BYTES), aad);
    return { plaintext, receipt };
  } catch {
    throw new CryptoError('decrypt-failed');
  }
}

/**
 * Opens a sealed box made by {@link sealToPublicKey}.
 *
 * @throws CryptoError('decrypt-failed') when the blob was changed or sealed to another key.
 */
export async function openSealed(
  privateKey: SurveyPrivateKey | Uint8Array | string,
  blob: Uint8Array,
): Promise<Uint8Array<ArrayBuffer>> {
  return (await openSealedWithReceipt(privateKey, blob)).plaintext;
}

/** Tag published in an inbox to confirm a response (see survey-inbox.ts); `status` picks the meaning. */
export async function receiptTag(receipt: Uint8Array, status: string): Promise<string> {
  return toBase64Url(await hkdfSha256(receipt, `shopfloor/survey-receipt-tag/${status}`, 16));
}
