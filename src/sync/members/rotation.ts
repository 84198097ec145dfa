/**
 * Removing a member rotates the space: a new space id and key, sealed to every remaining member
 * device and published in the OLD space, which the remaining devices then leave for the new room.
 *
 * Shape (top-level `Y.Map` named 'rotations', one plain-object value per rotation):
 *   rotations.get(rotationId) = {
 *     v: 1, id: rotationId,
 *     spaceId: string,                     // the old space (also bound into every envelope)
 *     by: string,                          // device id of the member who rotated
 *     at: number,                          // ms epoch
 *     removed: string[],                   // device ids removed
 *     envelopes: { [deviceId]: string },   // base64url envelope (rekey.ts) per remaining device
 *   }
 * The new space id and key are only inside the envelopes. The removed device sees the record but
 * holds no envelope and cannot open anyone else's.
 *
 * What must stay true: a device follows a rotation only if its envelope opens under the rotating
 * device's registered public key (self-certifying id, see members.ts). Limits, stated plainly: a
 * removed member keeps everything it already had; and a removed member who is the only peer a
 * returning device meets in the old room can withhold the real rotation and publish its own (signed
 * as itself): `checkRotations` then reports who rotated, and several rotations as a conflict.
 */
import type * as Y from 'yjs';
import { fromBase64Url, fromUtf8, randomBytes, randomId, toBase64Url, utf8 } from '../../crypto';
import { SyncError } from '../errors';
import { isValidDeviceId } from '../wire/protocol';
import {
  activeMembers,
  forkState,
  listMembers,
  MEMBERS_ORIGIN,
  type MemberRecord,
  markRemoved,
  ROTATIONS_COLLECTION,
} from './devices';
import { importPublicKey, openEnvelope, sealEnvelope } from './rekey';

/** A rotation record as stored. */
export interface RotationRecord {
  v: 1;
  id: string;
  spaceId: string;
  by: string;
  at: number;
  removed: string[];
  envelopes: Record<string, string>;
}

/** This device, as rotation needs it. */
export interface DeviceKeys {
  deviceId: string;
  keyPair: CryptoKeyPair;
}

const ID = /^[A-Za-z0-9_-]{16,64}$/;

/** Parses an untrusted value into a rotation record, or `null`. */
export function parseRotationRecord(key: string, value: unknown): RotationRecord | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  if (v.v !== 1 || v.id !== key || !ID.test(key) || typeof v.spaceId !== 'string' || !ID.test(v.spaceId))
    return null;
  if (!isValidDeviceId(v.by) || typeof v.at !== 'number' || !Array.isArray(v.removed)) return null;
  if (!v.removed.every(isValidDeviceId) || typeof v.envelopes !== 'object' || v.envelopes === null)
    return null;
  const envelopes: Record<string, string> = {};
  for (const [device, env] of Object.entries(v.envelopes as Record<string, unknown>)) {
    if (!isValidDeviceId(device) || typeof env !== 'string' || env.length > 4096) return null;
    envelopes[device] = env;
  }
  return { v: 1, id: key, spaceId: v.spaceId, by: v.by, at: v.at, removed: [...v.removed], envelopes };
}

/** The result of rotating. */
export interface Rotated {
  rotation: RotationRecord;
  newSpaceId: string;
  newSpaceKey: Uint8Array;
  /** Full state of the old doc after the rotation record was written: the new space's first update. */
  newState: Uint8Array;
}

/**
 * Removes `remove` from the space: writes their removal and a rotation record with one envelope per
 * remaining active member (this device included) into `doc` (the old space), and returns the new
 * space's id, key and initial state. The caller stores the new space and starts syncing it, and
 * stops syncing the old one once the other devices had a chance to see the rotation.
 *
 * @throws SyncError('not-a-member') when this device is not an active member.
 */
export async function rotateSpaceKey(args: {
  doc: Y.Doc;
  spaceId: string;
  self: DeviceKeys;
  remove: readonly string[];
  now?: number;
}): Promise<Rotated> {
  const at = args.now ?? Date.now();
  const active = activeMembers(await listMembers(args.doc));
  if (!active.some((m) => m.deviceId === args.self.deviceId) || args.remove.includes(args.self.deviceId)) {
    throw new SyncError('not-a-member');
  }
  const removed = active.filter((m) => args.remove.includes(m.deviceId));
  const remaining = active.filter((m) => !args.remove.includes(m.deviceId));
  const rotationId = randomId();
  const newSpaceId = randomId();
  const newSpaceKey = randomBytes(32);
  const payload = utf8(JSON.stringify({ v: 1, newSpaceId, newSpaceKey: toBase64Url(newSpaceKey) }));
  const envelopes: Record<string, string> = {};
  for (const m of remaining) {
    const env = await sealEnvelope({
      payload,
      sender: args.self.keyPair,
      recipientPublicKey: await importPublicKey(m.publicKey),
      context: {
        rotationId,
        spaceId: args.spaceId,
        senderDeviceId: args.self.deviceId,
        recipientDeviceId: m.deviceId,
      },
    });
    envelopes[m.deviceId] = toBase64Url(env);
  }
  const rotation: RotationRecord = {
    v: 1,
    id: rotationId,
    spaceId: args.spaceId,
    by: args.self.deviceId,
    at,
    removed: removed.map((m) => m.deviceId),
    envelopes,
  };
  args.doc.transact(() => {
    markRemoved(args.doc, removed, args.self.deviceId, at);
    args.doc.getMap<unknown>(ROTATIONS_COLLECTION).set(rotationId, rotation);
  }, MEMBERS_ORIGIN);
  return { rotation, newSpaceId, newSpaceKey, newState: forkState(args.doc) };
}

/** What the rotations in a space mean for this device. */
export type RotationCheck =
  | { kind: 'none' }
  /** Follow: one rotation addressed to this device, sealed by the member `by`. */
  | { kind: 'moved'; rotation: RotationRecord; by: MemberRecord; newSpaceId: string; newSpaceKey: Uint8Array }
  /** This device was removed: nothing new will reach it here. */
  | { kind: 'removed'; rotation: RotationRecord }
  /** Several rotations lead to different spaces: a person must decide. */
  | {
      kind: 'conflict';
      options: { rotation: RotationRecord; by: MemberRecord; newSpaceId: string; newSpaceKey: Uint8Array }[];
    };

/**
 * Looks for rotations of `spaceId` that concern this device. Envelopes that fail to open (tampered,
 * not sealed by the claimed member, bound elsewhere) are ignored.
 *
 * @example
 * const r = await checkRotations({ doc, spaceId, self });
 * if (r.kind === 'moved') await moveToSpace(r.newSpaceId, r.newSpaceKey, forkState(doc));
 */
export async function checkRotations(args: {
  doc: Y.Doc;
  spaceId: string;
  self: DeviceKeys;
}): Promise<RotationCheck> {
  const members = new Map((await listMembers(args.doc)).members.map((m) => [m.deviceId, m]));
  const found = new Map<
    string,
    { rotation: RotationRecord; by: MemberRecord; newSpaceId: string; newSpaceKey: Uint8Array }
  >();
  let removedBy: RotationRecord | null = null;
  for (const [key, value] of args.doc.getMap<unknown>(ROTATIONS_COLLECTION).entries()) {
    const rotation = parseRotationRecord(key, value);
    if (!rotation || rotation.spaceId !== args.spaceId) continue;
    if (rotation.removed.includes(args.self.deviceId)) removedBy ??= rotation;
    const env = rotation.envelopes[args.self.deviceId];
    const by = members.get(rotation.by);
    if (!env || !by) continue;
    try {
      const payload = await openEnvelope({
        envelope: fromBase64Url(env),
        recipient: args.self.keyPair,
        senderPublicKey: await importPublicKey(by.publicKey),
        context: {
          rotationId: rotation.id,
          spaceId: args.spaceId,
          senderDeviceId: by.deviceId,
          recipientDeviceId: args.self.deviceId,
        },
      });
      const p = JSON.parse(fromUtf8(payload)) as { v?: unknown; newSpaceId?: unknown; newSpaceKey?: unknown };
      if (
        p.v !== 1 ||
        typeof p.newSpaceId !== 'string' ||
        !ID.test(p.newSpaceId) ||
        typeof p.newSpaceKey !== 'string'
      )
        continue;
      const newSpaceKey = fromBase64Url(p.newSpaceKey);
      if (newSpaceKey.length !== 32) continue;
      if (!found.has(p.newSpaceId))
        found.set(p.newSpaceId, { rotation, by, newSpaceId: p.newSpaceId, newSpaceKey });
    } catch {
      // not for us, tampered, or not sealed by `by`: ignored
    }
  }
  const options = [...found.values()];
  if (options.length === 1) return { kind: 'moved', ...(options[0] as (typeof options)[number]) };
  if (options.length > 1) return { kind: 'conflict', options };
  if (removedBy) return { kind: 'removed', rotation: removedBy };
  return { kind: 'none' };
}
