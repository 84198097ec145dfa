/**
 * Pairing one's own new phone (docs/membership.md, "Adding one's own device"): the request a new
 * device writes into the campaign doc so that the device that made the pairing link signs its
 * `add-device` op.
 *
 * The log's `add-device` is signed by a device of the person and carries the NEW device's consent
 * (its signature over the adding device's key), so the two phones need one round trip:
 *   1. the adding device makes a pairing key (id + Ed25519 seed, like an invite's) and shows a
 *      version 4 link: room, root, pairing id and seed, its own signing key, an expiry. It keeps
 *      the pairing's public key and expiry in its personal space (never in the doc);
 *   2. the new device writes a request under `pair:<pairingId>` in the doc's 'membership' map: its
 *      keys, its consent, and the pairing key's signature over them;
 *   3. the adding device, seeing a request for a pairing it holds that has not expired, checks the
 *      pairing signature and signs `add-device`; the pairing is then used up.
 * Any member can write the map, so a request is a claim: only a holder of the link can make the
 * pairing signature, and it binds the request to the new device's keys (nobody can slip their
 * own device in under a request they read).
 */
import type * as Y from 'yjs';
import { fromBase64Url, signBytes, toBase64Url, verifyBytes } from '../../crypto';
import { MEMBERS_ORIGIN, MEMBERSHIP_COLLECTION } from './devices';
import { addDeviceProof, type DeviceSigner, type InviteSecret, inviteKeyOf, joinProofMessage } from './log';

/** Key prefix of pairing requests in the 'membership' map (op entries are 64 hex digits). */
export const PAIRING_PREFIX = 'pair:';

/** What a new device asks the device that paired it to sign. */
export interface PairingRequest {
  pairingId: string;
  /** The new device's Ed25519 key (raw). */
  device: Uint8Array;
  deviceName: string;
  ecdhPublicKey: Uint8Array;
  /** The new device's consent (the add-device proof). */
  proof: Uint8Array;
  /** The pairing key's signature over (root, pairing id, device key, envelope key). */
  pairingProof: Uint8Array;
}

const B64 = /^[A-Za-z0-9_-]{1,400}$/;

/** Builds the request of `device`, holding the pairing `secret` from a link made by `pairWith`. */
export async function makePairingRequest(args: {
  root: string;
  secret: InviteSecret;
  pairWith: Uint8Array;
  device: DeviceSigner;
  deviceName: string;
  ecdhPublicKey: Uint8Array;
}): Promise<PairingRequest> {
  const { root, secret, device, ecdhPublicKey } = args;
  const proof = await addDeviceProof(device, { root, by: args.pairWith, ecdhPublicKey });
  const key = await inviteKeyOf(secret);
  const pairingProof = await signBytes(
    key.privateKey,
    joinProofMessage({ root, inviteId: secret.inviteId, device: device.publicKey, ecdhPublicKey }),
  );
  return {
    pairingId: secret.inviteId,
    device: device.publicKey,
    deviceName: args.deviceName,
    ecdhPublicKey,
    proof,
    pairingProof,
  };
}

/** True when the request was made by a holder of the pairing whose public key is `pairingKey`. */
export function checkPairingRequest(
  req: PairingRequest,
  args: { root: string; pairingKey: Uint8Array },
): Promise<boolean> {
  const message = joinProofMessage({
    root: args.root,
    inviteId: req.pairingId,
    device: req.device,
    ecdhPublicKey: req.ecdhPublicKey,
  });
  return verifyBytes(args.pairingKey, req.pairingProof, message).catch(() => false);
}

function encode(req: PairingRequest): Record<string, unknown> {
  return {
    v: 1,
    device: toBase64Url(req.device),
    deviceName: req.deviceName,
    ecdh: toBase64Url(req.ecdhPublicKey),
    proof: toBase64Url(req.proof),
    pairingProof: toBase64Url(req.pairingProof),
  };
}

/** Writes (or rewrites, when a member changed it) this device's request; true when it wrote. */
export function writePairingRequest(doc: Y.Doc, req: PairingRequest): boolean {
  const map = doc.getMap<unknown>(MEMBERSHIP_COLLECTION);
  const key = PAIRING_PREFIX + req.pairingId;
  const value = encode(req);
  if (JSON.stringify(map.get(key)) === JSON.stringify(value)) return false;
  doc.transact(() => map.set(key, value), MEMBERS_ORIGIN);
  return true;
}

/** The request under `pairingId`, or null when there is none or it does not parse. */
export function readPairingRequest(doc: Y.Doc, pairingId: string): PairingRequest | null {
  return parsePairingRequest(
    pairingId,
    doc.getMap<unknown>(MEMBERSHIP_COLLECTION).get(PAIRING_PREFIX + pairingId),
  );
}

const PAIRING_KEY = /^pair:[A-Za-z0-9_-]{16,64}$/;
/** Most pairing requests taken from one peer or change. */
const MAX_CARRIED_REQUESTS = 16;

/**
 * The pairing requests (`pair:` entries) `doc` holds, as [key, value], for a device that is not in
 * the log yet to carry with its proof (peer-proof.ts): its request must reach the device that
 * paired it before anyone accepts its content.
 */
export function pairingEntries(doc: Y.Doc): [string, unknown][] {
  const out: [string, unknown][] = [];
  for (const [key, value] of doc.getMap<unknown>(MEMBERSHIP_COLLECTION).entries()) {
    if (out.length < MAX_CARRIED_REQUESTS && PAIRING_KEY.test(key)) out.push([key, value]);
  }
  return out;
}

/**
 * Puts carried pairing requests into `doc` (with `origin`) where they parse and differ from what it
 * holds; returns how many it wrote. A request is a claim either way: the device that made the
 * pairing checks the pairing signature before it signs anything.
 */
export function adoptPairingRequests(
  doc: Y.Doc,
  entries: readonly [string, unknown][],
  origin: unknown,
): number {
  const map = doc.getMap<unknown>(MEMBERSHIP_COLLECTION);
  const fresh = entries
    .slice(0, MAX_CARRIED_REQUESTS)
    .filter(
      ([key, value]) => PAIRING_KEY.test(key) && parsePairingRequest(key.slice(PAIRING_PREFIX.length), value),
    )
    .filter(([key, value]) => JSON.stringify(map.get(key)) !== JSON.stringify(value));
  if (fresh.length > 0) {
    doc.transact(() => {
      for (const [key, value] of fresh) map.set(key, value);
    }, origin);
  }
  return fresh.length;
}

/** A pairing request's value (untrusted), or null when it does not parse. */
function parsePairingRequest(pairingId: string, v: unknown): PairingRequest | null {
  if (typeof v !== 'object' || v === null) return null;
  const r = v as Record<string, unknown>;
  const fields = [r.device, r.ecdh, r.proof, r.pairingProof];
  if (r.v !== 1 || typeof r.deviceName !== 'string' || r.deviceName.length > 200) return null;
  if (!fields.every((f) => typeof f === 'string' && B64.test(f))) return null;
  try {
    const [device, ecdhPublicKey, proof, pairingProof] = (fields as string[]).map((f) => fromBase64Url(f));
    if (device?.length !== 32 || proof?.length !== 64 || pairingProof?.length !== 64) return null;
    if (!ecdhPublicKey || ecdhPublicKey.length === 0 || ecdhPublicKey.length > 133) return null;
    return { pairingId, device, deviceName: r.deviceName, ecdhPublicKey, proof, pairingProof };
  } catch {
    return null;
  }
}
