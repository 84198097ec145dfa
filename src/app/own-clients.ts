/**
 * This device's own sessions in a campaign (docs/membership.md, "Verified authorship"): the Yjs
 * client ids it wrote under, kept where no other member can write, so its signed claim in its
 * member record can be rebuilt whole whatever another member did to that record.
 *
 * Kept in the personal space (sealed at rest, never synced, not even to this person's other
 * devices: each device claims only its own sessions), one list per room:
 *   settings['clients:<spaceId>'] = number[]   // newest last, at most MAX_MEMBER_CLIENTS
 *
 * What must stay true: at every sync start the device signs this list, this session's id added,
 * never the record's list, so a record another member tampered with (an id added, ids dropped, an
 * older signed list written back) is repaired then and every earlier session is claimed again. A
 * device that has no list yet (made before this copy existed) seeds it once from its record's list,
 * and only when that list still verifies under its own key: ids another member slipped in are never
 * taken as its own.
 */
import type * as Y from 'yjs';
import {
  MAX_MEMBER_CLIENTS,
  MEMBERS_COLLECTION,
  type MemberRecord,
  ownSignedClients,
  parseMemberRecord,
  registerMember,
} from '../sync/members/devices';
import { type Session, settingsOf } from './session';

const recordKey = (spaceId: string) => `clients:${spaceId}`;

/** The device's own client ids in room `spaceId`, or null when it keeps none yet (or it is unreadable). */
export function readOwnClients(settings: Y.Map<unknown>, spaceId: string): number[] | null {
  const v = settings.get(recordKey(spaceId));
  if (!Array.isArray(v)) return null;
  return v.filter((c): c is number => Number.isSafeInteger(c) && c >= 0).slice(-MAX_MEMBER_CLIENTS);
}

/**
 * Carries this device's own sessions of room `from` into room `to`, ahead of any list `to` has: a
 * key change forks the campaign, so the items they wrote keep their client ids in the new room,
 * and a change of theirs relayed there later still counts for this device. The caller flushes.
 */
export function carryOwnClients(settings: Y.Map<unknown>, from: string, to: string): void {
  const before = readOwnClients(settings, from) ?? [];
  if (before.length === 0) return;
  const there = readOwnClients(settings, to) ?? [];
  const merged = [...before.filter((c) => !there.includes(c)), ...there].slice(-MAX_MEMBER_CLIENTS);
  settings.set(recordKey(to), merged);
}

/**
 * Writes this device's member record under `deviceName` with the complete list of its own sessions
 * in the campaign (this one's added) signed by its device key, and keeps that list in the personal
 * space. Called at every sync start; the caller flushes both spaces.
 */
export async function claimOwnClients(session: Session, deviceName: string): Promise<MemberRecord | null> {
  const doc = session.campaign.doc;
  const spaceId = session.campaignMeta.id;
  const settings = settingsOf(session);
  const { publicKey, privateKey } = session.signer;
  const signer = { context: spaceId, publicKey, privateKey };
  let own = readOwnClients(settings, spaceId);
  if (own === null) {
    // Migration: the record's list, only if it is still this device's own signed list.
    const existing = parseMemberRecord(
      session.deviceId,
      doc.getMap(MEMBERS_COLLECTION).get(session.deviceId),
    );
    own = await ownSignedClients(existing, signer);
  }
  const clients = [...own.filter((c) => c !== doc.clientID), doc.clientID].slice(-MAX_MEMBER_CLIENTS);
  // Remembered before it is claimed: a session the record names is always one this list holds.
  settings.set(recordKey(spaceId), clients);
  return registerMember(doc, {
    deviceId: session.deviceId,
    deviceName,
    publicKey: session.device.publicKey,
    signer,
    own: clients,
  });
}
