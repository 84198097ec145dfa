/**
 * The member devices of a campaign, kept in the campaign doc.
 *
 * Shape (top-level `Y.Map` named 'members', one plain-object value per device, last writer wins):
 *   members.get(deviceId) = {
 *     v: 1,
 *     deviceId: string,      // = deviceIdForPublicKey(publicKey): self-certifying
 *     deviceName: string,    // 1–60 characters, chosen by the member
 *     publicKey: string,     // base64url, 65-byte uncompressed ECDH P-256 point
 *     joinedAt: number,      // ms epoch
 *     removedAt?: number,    // set by the rotation that removed the device
 *     removedBy?: string,    // device id of whoever removed it
 *     clients?: number[],    // Yjs client ids of this device's recent sessions (newest last, ≤ 400),
 *                            // so its changes can be told apart wherever they came from (activity, undo)
 *     clientsSig?: string,   // the device's Ed25519 signature over `clients` (clients-claim.ts)
 *   }
 *
 * What must stay true: every member can write this map (it is in the shared doc), so a record is a
 * claim. `listMembers` drops records whose device id does not match their public key, so nobody can
 * put their own key under someone else's device id. `clients` counts only through
 * `verifiedClaims`: signed by the device itself and checked against the verified membership log,
 * because any member can rewrite another's record (an unsigned list would let them frame it).
 * For the same reason a device does not learn its own sessions from its record: the app keeps them
 * in its personal space and re-signs the whole list at every sync start (`own` in registerMember).
 */
import * as Y from 'yjs';
import { isValidDeviceId, isValidDeviceName } from '../wire/protocol';
import { type ClaimSigner, isClaimSignature, signClientsClaim, verifyClientsClaim } from './clients-claim';
import { deviceIdForPublicKey } from './rekey';

/** Top-level collection of member devices. */
export const MEMBERS_COLLECTION = 'members';
/** Top-level collection of key rotations (see rotation.ts). */
export const ROTATIONS_COLLECTION = 'rotations';
/** Top-level collection of signed membership ops (campaign-log.ts). */
export const MEMBERSHIP_COLLECTION = 'membership';
/** Collections sync itself keeps in a campaign doc (to be listed in the domain's KNOWN_COLLECTIONS). */
export const SYNC_COLLECTIONS = [MEMBERS_COLLECTION, ROTATIONS_COLLECTION, MEMBERSHIP_COLLECTION] as const;

/** A member device as stored. */
export interface MemberRecord {
  v: 1;
  deviceId: string;
  deviceName: string;
  publicKey: string;
  joinedAt: number;
  removedAt?: number;
  removedBy?: string;
  /** Yjs client ids of the device's recent sessions (a claim, like the rest of the record). */
  clients?: number[];
  /** The device's signature over `clients` (clients-claim.ts); without it `clients` claims nothing. */
  clientsSig?: string;
}

/** Client ids kept per member record (about 90 days of several unlocks a day). */
export const MAX_MEMBER_CLIENTS = 400;

/** Origin of member and rotation writes made by this module. */
export const MEMBERS_ORIGIN = { kind: 'members' } as const;

const PUBLIC_KEY_PATTERN = /^[A-Za-z0-9_-]{87}$/; // 65 bytes base64url

/** Parses an untrusted value into a member record, or `null`. */
export function parseMemberRecord(key: string, value: unknown): MemberRecord | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  if (v.v !== 1 || v.deviceId !== key || !isValidDeviceId(v.deviceId)) return null;
  if (!isValidDeviceName(v.deviceName)) return null;
  if (typeof v.publicKey !== 'string' || !PUBLIC_KEY_PATTERN.test(v.publicKey)) return null;
  if (typeof v.joinedAt !== 'number' || !Number.isFinite(v.joinedAt)) return null;
  const rec: MemberRecord = {
    v: 1,
    deviceId: v.deviceId,
    deviceName: v.deviceName,
    publicKey: v.publicKey,
    joinedAt: v.joinedAt,
  };
  if (v.removedAt !== undefined) {
    if (typeof v.removedAt !== 'number' || !Number.isFinite(v.removedAt)) return null;
    rec.removedAt = v.removedAt;
  }
  if (v.removedBy !== undefined) {
    if (!isValidDeviceId(v.removedBy)) return null;
    rec.removedBy = v.removedBy;
  }
  if (v.clients !== undefined) {
    if (!Array.isArray(v.clients) || v.clients.length > MAX_MEMBER_CLIENTS) return null;
    if (!v.clients.every((c) => Number.isSafeInteger(c) && c >= 0)) return null;
    rec.clients = [...v.clients];
  }
  // A malformed signature is dropped, not the record: it only makes the claim count for nothing.
  if (isClaimSignature(v.clientsSig)) rec.clientsSig = v.clientsSig;
  return rec;
}

/** Members of a doc: valid records, and the keys of records that were refused. */
export interface MemberList {
  members: MemberRecord[];
  invalid: string[];
}

/** Reads and checks every member record (including the self-certifying id). */
export async function listMembers(doc: Y.Doc): Promise<MemberList> {
  const out: MemberList = { members: [], invalid: [] };
  for (const [key, value] of doc.getMap<unknown>(MEMBERS_COLLECTION).entries()) {
    const rec = parseMemberRecord(key, value);
    if (rec && (await deviceIdForPublicKey(rec.publicKey)) === rec.deviceId) out.members.push(rec);
    else out.invalid.push(key.slice(0, 64));
  }
  return out;
}

/** Members not removed. */
export function activeMembers(list: MemberList): MemberRecord[] {
  return list.members.filter((m) => m.removedAt === undefined);
}

/**
 * Registers (or renames) this device as a member. The device id must be the one derived from the
 * public key. With `signer` the record's `clients` (this session's Yjs client id added) are signed
 * for `signer.context`. With `own` (this device's complete list of its sessions, from a source no
 * other member can write: the app keeps it in the personal space, src/app/own-clients.ts) that list
 * is signed whatever the record holds, which repairs a record another member tampered with.
 * Without it only the ids of the existing record's list that this device itself signed are kept
 * (`ownSignedClients`): ids another member slipped into this record are never signed over.
 *
 * @example
 * const publicKey = await exportPublicKey(keys.publicKey);
 * await registerMember(doc, {
 *   deviceId: await deviceIdForPublicKey(publicKey), deviceName, publicKey,
 *   signer: { context: campaignId, publicKey: signer.publicKey, privateKey: signer.privateKey },
 * });
 */
export async function registerMember(
  doc: Y.Doc,
  input: {
    deviceId: string;
    deviceName: string;
    publicKey: string;
    now?: number;
    signer?: ClaimSigner;
    own?: readonly number[];
  },
): Promise<MemberRecord | null> {
  const rec = parseMemberRecord(input.deviceId, {
    v: 1,
    deviceId: input.deviceId,
    deviceName: input.deviceName,
    publicKey: input.publicKey,
    joinedAt: input.now ?? Date.now(),
  });
  if (!rec || (await deviceIdForPublicKey(rec.publicKey)) !== rec.deviceId) return null;
  const members = doc.getMap<unknown>(MEMBERS_COLLECTION);
  const existing = parseMemberRecord(rec.deviceId, members.get(rec.deviceId));
  if (existing) rec.joinedAt = existing.joinedAt;
  // This session's client id, so every device can tell this device's changes from anyone's.
  const kept = input.own ?? (await ownSignedClients(existing, input.signer));
  const clients = kept.filter((c) => c !== doc.clientID);
  rec.clients = [...clients, doc.clientID].slice(-MAX_MEMBER_CLIENTS);
  if (input.signer) rec.clientsSig = await signClientsClaim(input.signer, rec.deviceId, rec.clients);
  doc.transact(() => members.set(rec.deviceId, rec), MEMBERS_ORIGIN);
  return rec;
}

/**
 * The client ids of `existing` (this device's record as the doc holds it) that this device may
 * carry on: all without a signer, else the list only when its signature verifies under
 * `signer.publicKey` for `signer.context` (none of it otherwise: one id another member added makes
 * the whole list unverifiable, and the ids cannot be told apart).
 */
export async function ownSignedClients(
  existing: MemberRecord | null,
  signer: ClaimSigner | undefined,
): Promise<number[]> {
  const earlier = existing?.clients ?? [];
  if (!signer || !existing || earlier.length === 0) return [...earlier];
  const own = await verifyClientsClaim(
    signer.publicKey,
    signer.context,
    existing.deviceId,
    earlier,
    existing.clientsSig,
  );
  return own ? [...earlier] : [];
}

/** The signing key the verified membership log holds for a device (null: none; 'no-log': no log). */
export type ClaimKeyOf = (deviceId: string) => Promise<Uint8Array | null | 'no-log'>;

/**
 * The list with every `clients` claim that does not verify removed: a claim counts only when the
 * record's `clientsSig` is its device's signature, for `context`, under the key `keyOf` gives (the
 * verified membership log's). Without a log ('no-log') or a key, no claim counts.
 */
export async function verifiedClaims(
  list: MemberList,
  context: string,
  keyOf: ClaimKeyOf,
): Promise<MemberList> {
  const members = await Promise.all(
    list.members.map(async (m) => {
      if (!m.clients || m.clients.length === 0) return m;
      const key = await keyOf(m.deviceId);
      const ok =
        key instanceof Uint8Array &&
        (await verifyClientsClaim(key, context, m.deviceId, m.clients, m.clientsSig));
      if (ok) return m;
      const { clients: _unverified, clientsSig: _sig, ...rest } = m;
      return rest;
    }),
  );
  return { members, invalid: list.invalid };
}

/**
 * Client id → device id, for client ids claimed by exactly one member of `list` (a client id two
 * members claim is left out: its changes then count for whoever delivered them). Pass the list
 * `verifiedClaims` returns: an unverified list is a claim any member can write into any record.
 */
export function clientOwners(list: MemberList): Map<number, string> {
  const owners = new Map<number, string>();
  const contested = new Set<number>();
  for (const m of list.members) {
    for (const c of m.clients ?? []) {
      const prev = owners.get(c);
      if (prev !== undefined && prev !== m.deviceId) contested.add(c);
      else owners.set(c, m.deviceId);
    }
  }
  for (const c of contested) owners.delete(c);
  return owners;
}

/** Marks devices removed (inside the caller's transaction or its own). */
export function markRemoved(doc: Y.Doc, removed: readonly MemberRecord[], by: string, at: number): void {
  const members = doc.getMap<unknown>(MEMBERS_COLLECTION);
  doc.transact(() => {
    for (const m of removed) members.set(m.deviceId, { ...m, removedAt: at, removedBy: by });
  }, MEMBERS_ORIGIN);
}

/** The full state of a doc, to start the rotated space with (every remaining device forks its own copy). */
export function forkState(doc: Y.Doc): Uint8Array {
  return Y.encodeStateAsUpdate(doc);
}
