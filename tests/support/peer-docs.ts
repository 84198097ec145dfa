/**
 * Docs that exchange updates as sync applies them, for attribution and activity tests: a member
 * device's identity, and delivery under the peer origin sync would give the sender.
 */
import * as Y from 'yjs';
import type { ClaimCheck } from '../../src/app/activity';
import type { ClaimSigner } from '../../src/sync/members/clients-claim';
import { createDeviceIdentity, type DeviceSigner } from '../../src/sync/members/log';
import { deviceIdForPublicKey, exportPublicKey, generateDeviceKeyPair } from '../../src/sync/members/rekey';
import { createPeerOrigin, type PeerOrigin } from '../../src/sync/wire/origin';

/** A member device: a fresh key pair's public key, the device id it names, and a device name. */
export async function memberDevice(deviceName: string) {
  const publicKey = await exportPublicKey((await generateDeviceKeyPair()).publicKey);
  return { deviceName, deviceId: await deviceIdForPublicKey(publicKey), publicKey };
}

/** A member device that also has a signing key (as every app device has), for signed claims. */
export async function signingMemberDevice(deviceName: string) {
  return { ...(await memberDevice(deviceName)), signing: (await createDeviceIdentity()).signer };
}

/** `device`'s registerMember input with its client-id claim signed for campaign `context`. */
export function signedMember(
  device: { deviceName: string; deviceId: string; publicKey: string; signing: DeviceSigner },
  context: string,
): { deviceName: string; deviceId: string; publicKey: string; signer: ClaimSigner } {
  const { deviceName, deviceId, publicKey, signing } = device;
  return { deviceName, deviceId, publicKey, signer: { context, ...signing } };
}

/**
 * Claims checked as the app checks them, with `devices` standing in for the verified membership
 * log (device id → its signing key).
 */
export function claimsOf(
  context: string,
  devices: readonly { deviceId: string; signing: DeviceSigner }[],
): ClaimCheck {
  const keys = new Map(devices.map((d) => [d.deviceId, d.signing.publicKey] as const));
  return { context, keyOf: async (id) => keys.get(id) ?? null };
}

/**
 * The origin of a change `deviceId` sent; `verified` as when a signed entry or a peer link's
 * device proof proved the sender (src/sync/authorship.ts).
 */
export function peerOriginOf(deviceId: string, verified = false): PeerOrigin {
  const origin = createPeerOrigin(`peer-${deviceId.slice(0, 6)}`);
  origin.deviceId = deviceId;
  if (verified) origin.verified = true;
  return origin;
}

/** Sends everything `from` has that `to` lacks, applied under `fromDevice`'s peer origin. */
export function deliver(from: Y.Doc, to: Y.Doc, fromDevice: string, opts: { verified?: boolean } = {}): void {
  Y.applyUpdate(
    to,
    Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)),
    peerOriginOf(fromDevice, opts.verified),
  );
}
