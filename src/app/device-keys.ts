/**
 * This device's identity for sync: an ECDH P-256 key pair whose public key names the device
 * (device id = first 16 bytes of SHA-256 of the public key, so no one can claim another's id).
 * The private key is kept as a JWK in the personal space — encrypted at rest like everything
 * else, never synced — and used in memory as a non-extractable CryptoKey.
 */
import type * as Y from 'yjs';
import {
  createDeviceIdentity,
  type DeviceSigner,
  loadDeviceIdentity as loadSigner,
} from '../sync/members/log';
import { deviceIdForPublicKey, exportPublicKey, generateDeviceKeyPair } from '../sync/members/rekey';
import type { DeviceKeys } from '../sync/members/rotation';

const CURVE = { name: 'ECDH', namedCurve: 'P-256' } as const;

export interface DeviceIdentity extends DeviceKeys {
  publicKey: string;
}

/** Loads the device key pair from the personal space's settings, creating it on first use. */
export async function loadDeviceIdentity(settings: Y.Map<unknown>): Promise<DeviceIdentity> {
  const stored = settings.get('deviceKey') as { privateJwk?: JsonWebKey; publicKey?: string } | undefined;
  if (stored?.privateJwk && typeof stored.publicKey === 'string') {
    const privateKey = await crypto.subtle.importKey('jwk', stored.privateJwk, CURVE, false, ['deriveBits']);
    const publicJwk = { ...stored.privateJwk, d: undefined, key_ops: [] };
    delete publicJwk.d;
    const publicKey = await crypto.subtle.importKey('jwk', publicJwk, CURVE, true, []);
    const deviceId = await deviceIdForPublicKey(stored.publicKey);
    return { deviceId, publicKey: stored.publicKey, keyPair: { privateKey, publicKey } };
  }
  const pair = await generateDeviceKeyPair(true);
  const privateJwk = await crypto.subtle.exportKey('jwk', pair.privateKey);
  const publicKey = await exportPublicKey(pair.publicKey);
  const deviceId = await deviceIdForPublicKey(publicKey);
  settings.doc?.transact(() => {
    settings.set('deviceKey', { privateJwk, publicKey });
    settings.set('deviceId', deviceId);
  });
  const privateKey = await crypto.subtle.importKey('jwk', privateJwk, CURVE, false, ['deriveBits']);
  return { deviceId, publicKey, keyPair: { privateKey, publicKey: pair.publicKey } };
}

/** Where the personal space keeps this device's signing seed (docs/membership.md). */
const SIGNING_KEY = 'signingKey';

/**
 * Loads this device's signing identity (Ed25519, for the membership log) from the personal
 * space's settings, creating it on first use. A stored value that is not an identity is an error,
 * never silently replaced: replacing it would orphan the device's place in every campaign's log.
 */
export async function loadDeviceSigner(settings: Y.Map<unknown>): Promise<DeviceSigner> {
  const stored = settings.get(SIGNING_KEY);
  if (stored !== undefined) return loadSigner(stored);
  const created = await createDeviceIdentity();
  settings.set(SIGNING_KEY, created.stored);
  return created.signer;
}
