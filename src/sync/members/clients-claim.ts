/**
 * Signed client-id claims (docs/membership.md, "Verified authorship"). A member record lists the
 * Yjs client ids of its device's sessions (`clients`) so a change counts for its author even when
 * another member relays it. Every member can write every record, so the list alone proves nothing:
 * the device signs it with its Ed25519 signing key, and a reader credits a client id to a device
 * only when the record's signature verifies under the key the verified membership log holds for it.
 *
 *   signature = Ed25519(device signing key, 'shopfloor/member-clients/v1' ‖ 0x00 ‖ context ‖ 0x00
 *               ‖ deviceId ‖ 0x00 ‖ varUint count ‖ varUint client…)
 *
 * where `context` is the campaign (room) id and `deviceId` the device's sync id (the record's key).
 *
 * What must stay true: a claim that is unsigned, wrongly signed, signed for another campaign or
 * another device id claims nothing. A member replaying an older signed list of another device can
 * only make that device's newer sessions unclaimed (their changes then count for whoever delivered
 * them); it cannot credit that device with a client id it never signed.
 */
import * as encoding from 'lib0/encoding';
import {
  concatBytes,
  fromBase64Url,
  SIGNATURE_BYTES,
  signBytes,
  toBase64Url,
  utf8,
  verifyBytes,
} from '../../crypto';

const LABEL = utf8('shopfloor/member-clients/v1');
const ZERO = new Uint8Array([0]);
const SIGNATURE_PATTERN = /^[A-Za-z0-9_-]{86}$/; // 64 bytes base64url

/** What signs a device's own claim: its signing key, and the campaign the claim is for. */
export interface ClaimSigner {
  /** The campaign (room) id, named in every claim so none serves another campaign. */
  readonly context: string;
  /** This device's Ed25519 public key (to keep only its own earlier, validly signed ids). */
  readonly publicKey: Uint8Array;
  /** This device's Ed25519 signing key. */
  readonly privateKey: CryptoKey;
}

function claimMessage(context: string, deviceId: string, clients: readonly number[]): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, clients.length);
  for (const c of clients) encoding.writeVarUint(e, c);
  return concatBytes(LABEL, ZERO, utf8(context), ZERO, utf8(deviceId), ZERO, encoding.toUint8Array(e));
}

/** True when `value` has the shape of a stored claim signature (64 bytes, base64url). */
export function isClaimSignature(value: unknown): value is string {
  return typeof value === 'string' && SIGNATURE_PATTERN.test(value);
}

/** Signs `clients` as `deviceId`'s claim in `signer.context`; the signature as stored (base64url). */
export async function signClientsClaim(
  signer: ClaimSigner,
  deviceId: string,
  clients: readonly number[],
): Promise<string> {
  return toBase64Url(await signBytes(signer.privateKey, claimMessage(signer.context, deviceId, clients)));
}

/**
 * True when `signature` is `deviceId`'s signature over `clients` in `context` under `publicKey`.
 * Never throws: a malformed signature or key is simply not valid.
 */
export async function verifyClientsClaim(
  publicKey: Uint8Array,
  context: string,
  deviceId: string,
  clients: readonly number[],
  signature: string | undefined,
): Promise<boolean> {
  if (!isClaimSignature(signature)) return false;
  let raw: Uint8Array;
  try {
    raw = fromBase64Url(signature);
  } catch {
    return false;
  }
  if (raw.length !== SIGNATURE_BYTES) return false;
  return verifyBytes(publicKey, raw, claimMessage(context, deviceId, clients));
}
