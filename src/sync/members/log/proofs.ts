/**
 * The two possession proofs inside ops, and invite keys.
 *
 * - A join carries a signature by the invite key (whose seed is the invite secret in the link and
 *   whose public half is in the admin-signed invite op) over the joining device's keys. Everyone can
 *   check it; only a holder of the link can make it; and it is bound to the joining device, so a
 *   member who reads the join cannot reuse it for a device of their own.
 * - An add-device carries a signature by the NEW device over the adding device's key, so a member
 *   cannot list someone else's key as their own device.
 */
import {
  concatBytes,
  fromBase64Url,
  newSigningSeed,
  randomBytes,
  type SigningKeyPair,
  signingKeyFromSeed,
  toBase64Url,
  utf8,
} from '../../../crypto';

const JOIN_LABEL = 'shopfloor/membership/join/v1';
const ADD_DEVICE_LABEL = 'shopfloor/membership/add-device/v1';

function hexBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** What the invite key signs in a join. */
export function joinProofMessage(args: {
  root: string;
  inviteId: string;
  device: Uint8Array;
  ecdhPublicKey: Uint8Array;
}): Uint8Array<ArrayBuffer> {
  return concatBytes(
    utf8(JOIN_LABEL),
    Uint8Array.of(0),
    hexBytes(args.root),
    fromBase64Url(args.inviteId),
    args.device,
    args.ecdhPublicKey,
  );
}

/** What a new device signs to be added to the person of `by`. */
export function addDeviceProofMessage(args: {
  root: string;
  by: Uint8Array;
  ecdhPublicKey: Uint8Array;
}): Uint8Array<ArrayBuffer> {
  return concatBytes(
    utf8(ADD_DEVICE_LABEL),
    Uint8Array.of(0),
    hexBytes(args.root),
    args.by,
    args.ecdhPublicKey,
  );
}

/** The secret half of an invite, which travels in the invite link with the campaign's root hash. */
export interface InviteSecret {
  /** base64url, 16 bytes. */
  inviteId: string;
  /** base64url, the invite key's 32-byte seed. */
  seed: string;
}

/** A fresh invite id and key. */
export async function newInviteKey(): Promise<{ secret: InviteSecret; key: SigningKeyPair }> {
  const seed = newSigningSeed();
  const secret = { inviteId: toBase64Url(randomBytes(16)), seed: toBase64Url(seed) };
  return { secret, key: await signingKeyFromSeed(seed) };
}

/** The invite key of a secret from a link. */
export function inviteKeyOf(secret: InviteSecret): Promise<SigningKeyPair> {
  return signingKeyFromSeed(fromBase64Url(secret.seed));
}
