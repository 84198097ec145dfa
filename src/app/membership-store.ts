/**
 * This device's side of a campaign's signed membership log (docs/membership.md, "Carried in the
 * campaign"): the root it trusts, its own copy of every op it accepted, and the steps that put it
 * in the log (founding, joining with an invite, joining a campaign made before the log).
 *
 * Kept in the personal space (sealed at rest, never synced), one record per room:
 *   settings['membership:<spaceId>'] = { v: 1, root?, ops: base64url[], epoch, invite?, personId?, pairings? }
 * - root: hex hash of the genesis op. From the invite (version 3 links), from founding, or for a
 *   campaign made before the log: the genesis signed by the device that created the campaign
 *   (`meta.createdBy`), the only device that makes one.
 * - ops: every op this device accepted. The campaign doc's copy can lose entries (any member can
 *   delete them); this copy cannot, and what the doc misses is put back.
 * - epoch: the key epoch this room belongs to (0 for the room the campaign started in).
 * - invite: the invite (or pairing, with `pairWith`) secret this device was opened with.
 * - pairings: the pairings this device made for its person's new phones, until answered or expired.
 */
import type * as Y from 'yjs';
import { fromBase64Url } from '../crypto';
import { readCampaignMeta } from '../domain';
import {
  activityIdOf,
  docLogEntries,
  legacyInviteSecret,
  opText,
  writeLogEntries,
} from '../sync/members/campaign-log';
import { activeMembers, listMembers } from '../sync/members/devices';
import {
  createGenesis,
  inviteKeyOf,
  joinWithInvite,
  MembershipLog,
  type MembershipView,
  readSignedOp,
  type SignedOp,
  verifyLog,
} from '../sync/members/log';
import {
  answerPairings,
  closedInvite,
  type HeldInvite,
  type HeldPairing,
  parseHeldInvite,
  parseHeldPairings,
  requestPairing,
} from './membership-join';
import { type Session, settingsOf } from './session';

/** What this device keeps of one room's membership. */
export interface LocalMembership {
  v: 1;
  root?: string;
  ops: string[];
  epoch: number;
  invite?: HeldInvite;
  personId?: string;
  pairings?: HeldPairing[];
}

/** How long the invite that brings a pre-log campaign's members into the log stays valid. */
export const LEGACY_INVITE_DAYS = 30;
const DAY_MS = 86_400_000;
const recordKey = (spaceId: string) => `membership:${spaceId}`;

/** Reads the record of a room (a malformed one reads as empty: its ops come back from the doc). */
export function readLocalMembership(settings: Y.Map<unknown>, spaceId: string): LocalMembership {
  const v = settings.get(recordKey(spaceId)) as Partial<LocalMembership> | undefined;
  const out: LocalMembership = { v: 1, ops: [], epoch: 0 };
  if (!v || typeof v !== 'object') return out;
  if (typeof v.root === 'string' && /^[0-9a-f]{64}$/.test(v.root)) out.root = v.root;
  if (Array.isArray(v.ops)) out.ops = v.ops.filter((o): o is string => typeof o === 'string');
  if (Number.isSafeInteger(v.epoch) && (v.epoch as number) >= 0) out.epoch = v.epoch as number;
  const invite = parseHeldInvite(v.invite);
  if (invite) out.invite = invite;
  if (typeof v.personId === 'string') out.personId = v.personId;
  const pairings = parseHeldPairings(v.pairings);
  if (pairings.length > 0) out.pairings = pairings;
  return out;
}

export function writeLocalMembership(settings: Y.Map<unknown>, spaceId: string, rec: LocalMembership): void {
  settings.set(recordKey(spaceId), { ...rec, ops: [...rec.ops] });
}

/** The membership of the session's room as this device verified it. */
export interface Ensured {
  record: LocalMembership;
  log: MembershipLog | null;
  view: MembershipView | null;
  /** Entries of the doc refused before verification (wrong hash, bad bytes) plus ops verifyLog refused. */
  refused: number;
  /** This device's person in the log (now, or before it was removed), or null. */
  personId: string | null;
}

/** Decodes every distinct op among `texts` and `bytes`; what does not decode is counted. */
async function collect(texts: readonly string[], bytes: readonly Uint8Array[]) {
  const ops = new Map<string, SignedOp>();
  let bad = 0;
  for (const b of [...bytes, ...texts.map((t) => safeBytes(t))]) {
    if (!b) {
      bad++;
      continue;
    }
    try {
      const op = await readSignedOp(b);
      ops.set(op.hash, op);
    } catch {
      bad++;
    }
  }
  return { ops: [...ops.values()], bad };
}

function safeBytes(text: string): Uint8Array | null {
  try {
    return fromBase64Url(text);
  } catch {
    return null;
  }
}

/**
 * The root of a campaign made before the log: the genesis whose device is the campaign's creator
 * (`meta.createdBy`, an ECDH device id). Several such (two tabs at once): the lowest hash, which
 * every device picks alike.
 */
export async function creatorRoot(
  ops: readonly SignedOp[],
  createdBy: string | undefined,
): Promise<string | null> {
  if (!createdBy) return null;
  const found: string[] = [];
  for (const o of ops) {
    if (o.op.kind === 'genesis' && (await activityIdOf(o.op.ecdhPublicKey)) === createdBy) found.push(o.hash);
  }
  return found.sort()[0] ?? null;
}

/** The name this device goes by in the log (its device name). */
const nameOf = (session: Session) => String(settingsOf(session).get('deviceName') ?? '').trim();

/**
 * Founds the log when this device created the campaign and no genesis exists yet (new campaigns,
 * and campaigns made before the log). When the campaign already has other members, it also issues
 * the invite only holders of the space key can use, so they join as before (multi-use, expiring).
 */
async function found(session: Session): Promise<SignedOp[]> {
  const name = nameOf(session);
  const { log, genesis } = await createGenesis(session.signer, {
    campaignId: session.campaignMeta.id,
    personName: name,
    deviceName: name,
    ecdhPublicKey: fromBase64Url(session.device.publicKey),
  });
  const others = activeMembers(await listMembers(session.campaign.doc)).filter(
    (m) => m.deviceId !== session.deviceId,
  );
  if (others.length === 0) return [genesis];
  const secret = await legacyInviteSecret(session.campaignMeta.key);
  const key = await inviteKeyOf(secret);
  const invite = await log.append(session.signer, {
    kind: 'invite',
    inviteId: secret.inviteId,
    role: 'member',
    expiresAt: Date.now() + LEGACY_INVITE_DAYS * DAY_MS,
    singleUse: false,
    inviteKey: key.publicKey,
  });
  return [genesis, invite];
}

/** The invite this device may join with: the one from its link, else the legacy one. */
async function usableInvite(session: Session, rec: LocalMembership, log: MembershipLog) {
  const invites = new Set(log.all().flatMap((o) => (o.op.kind === 'invite' ? [o.op.inviteId] : [])));
  if (rec.invite && invites.has(rec.invite.inviteId)) return rec.invite;
  const legacy = await legacyInviteSecret(session.campaignMeta.key);
  return invites.has(legacy.inviteId) ? legacy : null;
}

/**
 * Puts this device in the log: a pairing link asks the device that made it, an invite signs a
 * join, unless the log already says the invite is revoked, expired or used (the joiner is told
 * why instead; a join would only be refused). True when it signed something.
 */
async function enter(session: Session, rec: LocalMembership, log: MembershipLog, view: MembershipView) {
  const invite = rec.invite;
  if (invite?.pairWith) {
    await requestPairing(session, log, { ...invite, pairWith: invite.pairWith }, nameOf(session));
    return false;
  }
  const secret = await usableInvite(session, rec, log);
  if (!secret || closedInvite(view, secret.inviteId, Date.now())) return false;
  await joinWithInvite(log, session.signer, {
    secret,
    personName: nameOf(session),
    deviceName: nameOf(session),
    ecdhPublicKey: fromBase64Url(session.device.publicKey),
  });
  return true;
}

let viewCache: { key: string; view: MembershipView } | null = null;

/** verifyLog, remembered for the last set of ops (it is quadratic; screens ask often). */
export async function verifiedView(log: MembershipLog): Promise<MembershipView> {
  const key = `${log.root}:${log
    .all()
    .map((o) => o.hash)
    .join(',')}`;
  if (viewCache?.key === key) return viewCache.view;
  const view = await verifyLog(log.all(), { root: log.root });
  viewCache = { key, view };
  return view;
}

/**
 * Brings this device's membership of the session's room up to date: reads the doc's ops and its
 * own, settles the root, founds or joins where it should, puts back what the doc lost, and saves
 * its record. Needs the device's name (the log shows it); without one nothing is written.
 */
export function ensureMembership(session: Session): Promise<Ensured> {
  // One at a time: two at once could both found the log (two genesis ops) or both join.
  const run = ensuring.then(() => ensureOnce(session));
  ensuring = run.catch(() => undefined);
  return run;
}
let ensuring: Promise<unknown> = Promise.resolve();

async function ensureOnce(session: Session): Promise<Ensured> {
  const settings = settingsOf(session);
  const spaceId = session.campaignMeta.id;
  const doc = session.campaign.doc;
  const rec = readLocalMembership(settings, spaceId);
  const fromDoc = await docLogEntries(doc);
  const { ops, bad } = await collect(rec.ops, fromDoc.ops);
  let root = rec.root ?? (await creatorRoot(ops, readCampaignMeta(doc).createdBy));
  if (!root && readCampaignMeta(doc).createdBy === session.deviceId && nameOf(session)) {
    const founded = await found(session);
    ops.push(...founded);
    root = (founded[0] as SignedOp).hash;
  }
  const empty: Ensured = {
    record: rec,
    log: null,
    view: null,
    refused: fromDoc.refused + bad,
    personId: null,
  };
  if (!root) return empty;
  const log = new MembershipLog(root);
  let refused = fromDoc.refused + bad;
  for (const op of ops) if ((await log.receive(op)) === 'refused') refused++;
  if (!log.has(root)) return { ...empty, record: { ...rec, root }, log, refused };
  let view = await verifiedView(log);
  if (!view.devices.has(session.signer.deviceId) && !rec.personId && nameOf(session)) {
    if (await enter(session, rec, log, view)) view = await verifiedView(log);
  }
  let pairings = rec.pairings;
  if (pairings && view.devices.has(session.signer.deviceId)) {
    pairings = await answerPairings(session, log, pairings, Date.now());
    if (pairings.length !== rec.pairings?.length) view = await verifiedView(log);
  }
  const personId = view.devices.get(session.signer.deviceId)?.personId ?? rec.personId ?? null;
  const next: LocalMembership = { ...rec, root, ops: log.all().map(opText) };
  if (personId) next.personId = personId;
  if (pairings?.length) next.pairings = pairings;
  else delete next.pairings;
  if (JSON.stringify(next) !== JSON.stringify(rec)) writeLocalMembership(settings, spaceId, next);
  writeLogEntries(doc, log.all());
  return { record: next, log, view, refused: refused + view.refused.length, personId };
}

/** Keeps what a version 3 invite says about the campaign's membership, for when its log arrives. */
export function rememberInviteMembership(
  settings: Y.Map<unknown>,
  spaceId: string,
  membership: { root: string } & HeldInvite,
): void {
  const rec = readLocalMembership(settings, spaceId);
  const invite = parseHeldInvite(membership);
  writeLocalMembership(settings, spaceId, { ...rec, root: membership.root, ...(invite ? { invite } : {}) });
}
