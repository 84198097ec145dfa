/**
 * The membership log inside a campaign doc, and key rotations bound to it (docs/membership.md,
 * "Carried in the campaign").
 *
 * Shape (top-level `Y.Map` named 'membership'): key = hex hash of an op's body, value = base64url of
 * the op's wire bytes (body ‖ signature). Every member can write this map, so an entry is only a
 * claim: `receive` checks the hash, the signature and the root; what the ops mean is decided by
 * `verifyLog`. A member can also DELETE entries, so every device keeps its own copy of every op it
 * accepted (in its personal space) and puts back what is missing.
 *
 * Signed rotations (version 2 rotation records, same 'rotations' map as version 1): written by the
 * admin whose `remove` or `rotate` op named the new epoch. One envelope per recipient the op lists,
 * sealed to the ECDH key the LOG holds for that device (never a key from the writable 'members'
 * map), bound to the op's key id. A device follows only the rotation the log says is current.
 */
import * as Y from 'yjs';
import { fromBase64Url, fromUtf8, hkdfSha256, randomBytes, randomId, toBase64Url, utf8 } from '../../crypto';
import { SyncError } from '../errors';
import { MEMBERS_ORIGIN, MEMBERSHIP_COLLECTION, ROTATIONS_COLLECTION } from './devices';
import {
  deviceIdForSigningKey,
  encodeSignedOp,
  type InviteSecret,
  type MembershipLog,
  type MembershipView,
  readSignedOp,
  type SignedOp,
} from './log';
import { deviceIdForPublicKey, importPublicKey, openEnvelope, sealEnvelope } from './rekey';
import type { DeviceKeys } from './rotation';

export { MEMBERSHIP_COLLECTION };

const HASH = /^[0-9a-f]{64}$/;
/** Longest op (wire bytes) taken from a doc: a removal listing many recipients stays far below. */
const MAX_OP_BYTES = 64 * 1024;

/** The ops a doc carries, as wire bytes; entries whose key is not their op's hash are left out. */
export async function docLogEntries(doc: Y.Doc): Promise<{ ops: Uint8Array[]; refused: number }> {
  const ops: Uint8Array[] = [];
  let refused = 0;
  for (const [key, value] of doc.getMap<unknown>(MEMBERSHIP_COLLECTION).entries()) {
    // Pairing requests (pairing.ts) share the map; they are not ops.
    if (key.startsWith('pair:')) continue;
    const bytes = decodeEntry(value);
    if (
      bytes &&
      HASH.test(key) &&
      (await readSignedOp(bytes).then(
        (op) => op.hash === key,
        () => false,
      ))
    ) {
      ops.push(bytes);
    } else refused++;
  }
  return { ops, refused };
}

function decodeEntry(value: unknown): Uint8Array | null {
  if (typeof value !== 'string' || value.length > (MAX_OP_BYTES * 4) / 3 + 4) return null;
  try {
    return fromBase64Url(value);
  } catch {
    return null;
  }
}

/** Most ops taken from one change (the log's own cap). */
const MAX_OPS_IN_UPDATE = 2000;

/**
 * The membership ops a Yjs update writes into the `membership` map, as wire bytes (not yet checked:
 * the verified log decides what they mean). For a change whose author the log does not hold yet: a
 * joiner's first change carries its own join (authorship.ts). Never throws on hostile bytes.
 */
export function logEntriesInUpdate(update: Uint8Array): Uint8Array[] {
  return membershipEntriesInUpdate(update).ops;
}

/**
 * The entries a Yjs update writes into the `membership` map: ops (as above) and pairing requests
 * (`pair:` keys, values as written), each first written there (a rewrite of a key names no
 * parent). Never throws on hostile bytes.
 */
export function membershipEntriesInUpdate(update: Uint8Array): {
  ops: Uint8Array[];
  pairs: [string, unknown][];
} {
  const ops: Uint8Array[] = [];
  const pairs: [string, unknown][] = [];
  try {
    for (const s of Y.decodeUpdate(update).structs) {
      if (ops.length + pairs.length >= MAX_OPS_IN_UPDATE) break;
      // A decoded (not integrated) item names a top-level parent by its name.
      if (!(s instanceof Y.Item) || (s.parent as unknown) !== MEMBERSHIP_COLLECTION) continue;
      if (typeof s.parentSub !== 'string') continue;
      const value = s.content.getContent()[0];
      if (s.parentSub.startsWith('pair:')) pairs.push([s.parentSub, value]);
      const bytes = HASH.test(s.parentSub) ? decodeEntry(value) : null;
      if (bytes) ops.push(bytes);
    }
  } catch {
    return { ops, pairs };
  }
  return { ops, pairs };
}

/** Puts the ops the doc is missing into it (one transaction); returns how many were written. */
export function writeLogEntries(doc: Y.Doc, ops: readonly SignedOp[]): number {
  const map = doc.getMap<unknown>(MEMBERSHIP_COLLECTION);
  const missing = ops.filter((op) => typeof map.get(op.hash) !== 'string');
  if (missing.length === 0) return 0;
  doc.transact(() => {
    for (const op of missing) map.set(op.hash, toBase64Url(encodeSignedOp(op)));
  }, MEMBERS_ORIGIN);
  return missing.length;
}

/** Wire bytes of an op as the personal space keeps it (base64url). */
export const opText = (op: SignedOp): string => toBase64Url(encodeSignedOp(op));

/**
 * The invite that brings the members of a campaign made before signed membership into its log:
 * its secret is derived from the space key, so exactly the devices that hold the key today (the
 * members the campaign had) can use it, as before. It is issued by the founder, multi-use, and
 * expires (docs/membership.md, "Campaigns made before the log").
 */
export async function legacyInviteSecret(spaceKey: Uint8Array): Promise<InviteSecret> {
  const bytes = await hkdfSha256(spaceKey, utf8('shopfloor/legacy-invite/v1'), 48);
  return { inviteId: toBase64Url(bytes.subarray(0, 16)), seed: toBase64Url(bytes.subarray(16, 48)) };
}

/** The device id a log device is attributed under elsewhere (activity, undo): its ECDH key's id. */
export function activityIdOf(ecdhPublicKey: Uint8Array): Promise<string> {
  return deviceIdForPublicKey(toBase64Url(ecdhPublicKey));
}

/** A version 2 rotation record: bound to a signed op of the membership log. */
export interface SignedRotationRecord {
  v: 2;
  /** = keyId of the op. */
  id: string;
  /** Hash of the `remove` or `rotate` op. */
  op: string;
  spaceId: string;
  /** Activity id (ECDH device id) of the sealing device: the op's author device. */
  by: string;
  at: number;
  /** Activity ids of the recipients, each with its envelope. */
  envelopes: Record<string, string>;
}

const ID = /^[A-Za-z0-9_-]{16,64}$/;

/** Parses an untrusted value into a signed rotation record, or `null`. */
export function parseSignedRotation(key: string, value: unknown): SignedRotationRecord | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  if (v.v !== 2 || v.id !== key || !ID.test(key) || typeof v.op !== 'string' || !HASH.test(v.op)) return null;
  if (typeof v.spaceId !== 'string' || !ID.test(v.spaceId) || typeof v.by !== 'string' || !ID.test(v.by))
    return null;
  if (typeof v.at !== 'number' || typeof v.envelopes !== 'object' || v.envelopes === null) return null;
  const envelopes: Record<string, string> = {};
  for (const [device, env] of Object.entries(v.envelopes as Record<string, unknown>)) {
    if (!ID.test(device) || typeof env !== 'string' || env.length > 4096) return null;
    envelopes[device] = env;
  }
  return { v: 2, id: key, op: v.op, spaceId: v.spaceId, by: v.by, at: v.at, envelopes };
}

/** The new room a signed rotation leads to. */
export interface RotationTarget {
  newSpaceId: string;
  newSpaceKey: Uint8Array;
}

const envelopeContext = (keyId: string, spaceId: string, by: string, to: string) => ({
  rotationId: keyId,
  spaceId,
  senderDeviceId: by,
  recipientDeviceId: to,
});

/**
 * Seals a new room to exactly the recipients of `op` (a `remove` or `rotate` this device just
 * signed) and writes the rotation record into `doc` (the room being left).
 *
 * @throws SyncError('not-a-member') when `op` is not a rotation or a recipient is unknown to the log.
 */
export async function sealSignedRotation(args: {
  doc: Y.Doc;
  spaceId: string;
  self: DeviceKeys;
  op: SignedOp;
  view: MembershipView;
  now?: number;
}): Promise<RotationTarget & { record: SignedRotationRecord }> {
  const op = args.op.op;
  if (op.kind !== 'remove' && op.kind !== 'rotate') throw new SyncError('not-a-member');
  const target = { newSpaceId: randomId(), newSpaceKey: randomBytes(32) };
  const payload = utf8(
    JSON.stringify({
      v: 2,
      keyId: op.keyId,
      newSpaceId: target.newSpaceId,
      newSpaceKey: toBase64Url(target.newSpaceKey),
    }),
  );
  const envelopes: Record<string, string> = {};
  for (const recipient of op.recipients) {
    const device = args.view.devices.get(recipient);
    if (!device) throw new SyncError('not-a-member');
    const to = await activityIdOf(device.ecdhPublicKey);
    const env = await sealEnvelope({
      payload,
      sender: args.self.keyPair,
      recipientPublicKey: await importPublicKey(toBase64Url(device.ecdhPublicKey)),
      context: envelopeContext(op.keyId, args.spaceId, args.self.deviceId, to),
    });
    envelopes[to] = toBase64Url(env);
  }
  const record: SignedRotationRecord = {
    v: 2,
    id: op.keyId,
    op: args.op.hash,
    spaceId: args.spaceId,
    by: args.self.deviceId,
    at: args.now ?? Date.now(),
    envelopes,
  };
  args.doc.transact(
    () => args.doc.getMap<unknown>(ROTATIONS_COLLECTION).set(record.id, record),
    MEMBERS_ORIGIN,
  );
  return { ...target, record };
}

/**
 * Opens this device's envelope of the rotation the log says is current, or returns null when the
 * doc has no such record yet, it is not addressed to this device, or it does not open under the
 * key the log holds for the op's author (forged, tampered, or sealed by someone else).
 */
export async function openSignedRotation(args: {
  doc: Y.Doc;
  spaceId: string;
  self: DeviceKeys;
  log: MembershipLog;
  view: MembershipView;
}): Promise<RotationTarget | null> {
  const epoch = args.view.epoch;
  if (!epoch || epoch.keyId === '') return null;
  const record = parseSignedRotation(
    epoch.keyId,
    args.doc.getMap<unknown>(ROTATIONS_COLLECTION).get(epoch.keyId),
  );
  const signed = args.log.all().find((o) => o.hash === epoch.opHash);
  if (!record || record.op !== epoch.opHash || record.spaceId !== args.spaceId || !signed) return null;
  const author = args.view.devices.get(await deviceIdForSigningKey(signed.op.author));
  const env = record.envelopes[args.self.deviceId];
  if (!author || !env || (await activityIdOf(author.ecdhPublicKey)) !== record.by) return null;
  try {
    const payload = await openEnvelope({
      envelope: fromBase64Url(env),
      recipient: args.self.keyPair,
      senderPublicKey: await importPublicKey(toBase64Url(author.ecdhPublicKey)),
      context: envelopeContext(epoch.keyId, args.spaceId, record.by, args.self.deviceId),
    });
    const p = JSON.parse(fromUtf8(payload)) as Record<string, unknown>;
    if (p.v !== 2 || p.keyId !== epoch.keyId || typeof p.newSpaceId !== 'string' || !ID.test(p.newSpaceId))
      return null;
    const newSpaceKey = typeof p.newSpaceKey === 'string' ? fromBase64Url(p.newSpaceKey) : null;
    return newSpaceKey?.length === 32 ? { newSpaceId: p.newSpaceId, newSpaceKey } : null;
  } catch {
    return null;
  }
}
