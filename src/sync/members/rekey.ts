/**
 * Key-rotation envelopes: a new space key sealed to one member device's ECDH P-256 public key.
 *
 * Construction (authenticated, one-pass, like HPKE's Auth mode):
 *   eph          = fresh ECDH P-256 key pair (one per envelope)
 *   ikm          = ECDH(eph.private, R.public) ‖ ECDH(S.private, R.public)
 *   key          = HKDF-SHA256(ikm, info = 'shopfloor/rekey/v1' ‖ eph.pub ‖ S.pub ‖ R.pub) → AES-256-GCM
 *   aad          = version ‖ eph.pub ‖ JSON [rotationId, spaceId, senderDeviceId, recipientDeviceId]
 *   envelope     = version(1) ‖ eph.pub (65, uncompressed) ‖ seal(key, payload, aad)
 * where S is the sending device's static key pair and R the recipient's. The ephemeral half keeps
 * envelopes unlinkable and fresh; the static half lets the recipient check who sealed it (only a
 * holder of S.private, or of R.private, can derive the key). The context binds an envelope to its
 * rotation, old space and both devices, so it cannot be replayed elsewhere.
 *
 * Device ids are self-certifying: `deviceIdForPublicKey` hashes the public key, so a member record
 * in the (writable by every member) doc cannot swap another device's public key unnoticed.
 */
import {
  concatBytes,
  fromBase64Url,
  hkdfSha256,
  importAesKey,
  open,
  SEAL_OVERHEAD,
  seal,
  toBase64Url,
  utf8,
} from '../../crypto';
import { SyncError } from '../errors';

/** Envelope format version (byte 0). */
export const ENVELOPE_VERSION = 1;
/** HKDF label of envelope keys. */
export const REKEY_LABEL = 'shopfloor/rekey/v1';
const CURVE = { name: 'ECDH', namedCurve: 'P-256' } as const;
const PUBLIC_KEY_BYTES = 65;

/** What an envelope is bound to. */
export interface EnvelopeContext {
  rotationId: string;
  /** The space being left (where the envelope is published). */
  spaceId: string;
  senderDeviceId: string;
  recipientDeviceId: string;
}

/**
 * Creates a device's ECDH P-256 key pair. `extractable` only matters for the private key (public
 * keys are always exportable); keep it false when the key is stored as a CryptoKey in IndexedDB.
 */
export async function generateDeviceKeyPair(extractable = false): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey(CURVE, extractable, ['deriveBits']);
}

/** Exports a public key as base64url of its 65-byte uncompressed point. */
export async function exportPublicKey(key: CryptoKey): Promise<string> {
  return toBase64Url(new Uint8Array(await crypto.subtle.exportKey('raw', key)));
}

/** Imports a base64url public key (the point is validated by WebCrypto). */
export async function importPublicKey(text: string): Promise<CryptoKey> {
  try {
    const raw = fromBase64Url(text);
    if (raw.length !== PUBLIC_KEY_BYTES || raw[0] !== 4) throw new Error('not an uncompressed P-256 point');
    return await crypto.subtle.importKey('raw', raw, CURVE, true, []);
  } catch {
    throw new SyncError('invalid-public-key');
  }
}

/** The device id belonging to a public key: base64url of the first 16 bytes of SHA-256(raw key). */
export async function deviceIdForPublicKey(publicKey: string): Promise<string> {
  let raw: Uint8Array<ArrayBuffer>;
  try {
    raw = fromBase64Url(publicKey);
  } catch {
    throw new SyncError('invalid-public-key');
  }
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', raw));
  return toBase64Url(digest.subarray(0, 16));
}

async function rawPublic(key: CryptoKey): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await crypto.subtle.exportKey('raw', key));
}

async function ecdh(privateKey: CryptoKey, publicKey: CryptoKey): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await crypto.subtle.deriveBits({ name: 'ECDH', public: publicKey }, privateKey, 256));
}

async function envelopeKey(
  dh1: Uint8Array,
  dh2: Uint8Array,
  eph: Uint8Array,
  sender: Uint8Array,
  recipient: Uint8Array,
): Promise<CryptoKey> {
  const info = concatBytes(utf8(REKEY_LABEL), eph, sender, recipient);
  return importAesKey(await hkdfSha256(concatBytes(dh1, dh2), info, 32));
}

function additionalData(eph: Uint8Array, ctx: EnvelopeContext): Uint8Array<ArrayBuffer> {
  const bound = JSON.stringify([ctx.rotationId, ctx.spaceId, ctx.senderDeviceId, ctx.recipientDeviceId]);
  return concatBytes(Uint8Array.of(ENVELOPE_VERSION), eph, utf8(bound));
}

/**
 * Seals `payload` to one recipient device, authenticated as `sender`.
 *
 * @example
 * const env = await sealEnvelope({ payload, sender: myKeys, recipientPublicKey, context });
 */
export async function sealEnvelope(args: {
  payload: Uint8Array;
  sender: CryptoKeyPair;
  recipientPublicKey: CryptoKey;
  context: EnvelopeContext;
}): Promise<Uint8Array<ArrayBuffer>> {
  const eph = await crypto.subtle.generateKey(CURVE, false, ['deriveBits']);
  const ephRaw = await rawPublic(eph.publicKey);
  const [senderRaw, recipientRaw, dh1, dh2] = await Promise.all([
    rawPublic(args.sender.publicKey),
    rawPublic(args.recipientPublicKey),
    ecdh(eph.privateKey, args.recipientPublicKey),
    ecdh(args.sender.privateKey, args.recipientPublicKey),
  ]);
  const key = await envelopeKey(dh1, dh2, ephRaw, senderRaw, recipientRaw);
  const sealed = await seal(key, args.payload, additionalData(ephRaw, args.context));
  return concatBytes(Uint8Array.of(ENVELOPE_VERSION), ephRaw, sealed);
}

/**
 * Opens an envelope sealed to `recipient` by the holder of `senderPublicKey`.
 *
 * @throws SyncError('envelope-version') for an unknown format, SyncError('envelope-invalid') when
 * it is malformed, tampered with, bound to another context, not for this recipient, or not sealed
 * by that sender.
 */
export async function openEnvelope(args: {
  envelope: Uint8Array;
  recipient: CryptoKeyPair;
  senderPublicKey: CryptoKey;
  context: EnvelopeContext;
}): Promise<Uint8Array<ArrayBuffer>> {
  const env = args.envelope;
  if (!(env instanceof Uint8Array) || env.length < 1 + PUBLIC_KEY_BYTES + SEAL_OVERHEAD) {
    throw new SyncError('envelope-invalid');
  }
  if (env[0] !== ENVELOPE_VERSION) throw new SyncError('envelope-version', { version: env[0] });
  const ephRaw = env.slice(1, 1 + PUBLIC_KEY_BYTES);
  try {
    const ephPublic = await crypto.subtle.importKey('raw', ephRaw, CURVE, true, []);
    const [senderRaw, recipientRaw, dh1, dh2] = await Promise.all([
      rawPublic(args.senderPublicKey),
      rawPublic(args.recipient.publicKey),
      ecdh(args.recipient.privateKey, ephPublic),
      ecdh(args.recipient.privateKey, args.senderPublicKey),
    ]);
    const key = await envelopeKey(dh1, dh2, ephRaw, senderRaw, recipientRaw);
    return await open(key, env.subarray(1 + PUBLIC_KEY_BYTES), additionalData(ephRaw, args.context));
  } catch {
    throw new SyncError('envelope-invalid');
  }
}
