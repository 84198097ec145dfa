/**
 * Signed membership as the screens and the sync start use it (docs/membership.md): the verified
 * member list with safety words, and the admin actions (invite, change a role, remove a person with
 * all their devices, change the key). Only what the log vouches for counts: the writable 'members'
 * map names devices for the activity view, nothing more.
 */
import {
  activityIdOf,
  legacyInviteSecret,
  sealSignedRotation,
  writeLogEntries,
} from '../sync/members/campaign-log';
import { forkState, listMembers, markRemoved } from '../sync/members/devices';
import { createInviteLink } from '../sync/members/invite';
import {
  fingerprintWords,
  issueInvite,
  type MembershipView,
  removePerson,
  rotateKey,
  type SignedOp,
} from '../sync/members/log';
import { joinRefusal } from './membership-join';
import { type Ensured, ensureMembership, verifiedView, writeLocalMembership } from './membership-store';
import type {
  CampaignMembership,
  InviteOptions,
  MemberPerson,
  MemberRole,
  MembershipErrorCode,
  MembershipResult,
  OpenInvite,
} from './membership-types';
import { inviteServers, ownServer } from './reach';
import { type Session, settingsOf } from './session';

const DAY_MS = 86_400_000;
const words = new Map<string, readonly string[]>();

async function wordsOf(key: Uint8Array): Promise<readonly string[]> {
  const id = Array.from(key, (b) => b.toString(16).padStart(2, '0')).join('');
  let w = words.get(id);
  if (!w) {
    w = await fingerprintWords(key);
    words.set(id, w);
  }
  return w;
}

/** A person's name: a current member's, else the name a removal recorded, else ''. */
export function personName(view: MembershipView, personId: string): string {
  return view.members.get(personId)?.name ?? view.removals.find((r) => r.personId === personId)?.name ?? '';
}

/** Who invited each person (the author of the invite they joined through), by person id. */
function invitedBy(ens: Ensured, view: MembershipView): Map<string, string> {
  const ops = ens.log?.all() ?? [];
  const inviter = new Map<string, string>();
  for (const o of ops) if (o.op.kind === 'invite') inviter.set(o.op.inviteId, o.hash);
  const byHash = new Map(ops.map((o) => [o.hash, o]));
  const out = new Map<string, string>();
  for (const o of ops) {
    if (o.op.kind !== 'join') continue;
    const inviteOp = byHash.get(inviter.get(o.op.inviteId) ?? '');
    const author = inviteOp
      ? [...view.devices.values()].find((d) => same(d.publicKey, inviteOp.op.author))
      : null;
    for (const [pid, m] of view.members) {
      if (author && m.devices.some((d) => same(view.devices.get(d)?.publicKey, o.op.author)))
        out.set(pid, personName(view, author.personId));
    }
  }
  return out;
}

const same = (a: Uint8Array | undefined, b: Uint8Array) =>
  !!a && a.length === b.length && a.every((x, i) => x === b[i]);

async function peopleOf(session: Session, ens: Ensured, view: MembershipView): Promise<MemberPerson[]> {
  const inviters = invitedBy(ens, view);
  const founder = ens.log?.all().find((o) => o.op.kind === 'genesis');
  const people: MemberPerson[] = [];
  for (const m of view.members.values()) {
    const devices = [];
    for (const id of m.devices) {
      const d = view.devices.get(id);
      if (!d) continue;
      devices.push({
        id,
        activityId: await activityIdOf(d.ecdhPublicKey),
        name: d.name,
        words: await wordsOf(d.publicKey),
        thisDevice: id === session.signer.deviceId,
      });
    }
    const me = m.personId === ens.personId;
    people.push({
      personId: m.personId,
      name: m.name,
      role: m.role,
      devices,
      me,
      invitedBy: inviters.get(m.personId) ?? null,
    });
  }
  const isFounder = (p: MemberPerson) =>
    !!founder && p.devices.some((d) => same(view.devices.get(d.id)?.publicKey, founder.op.author));
  return people.sort((a, b) => Number(isFounder(b)) - Number(isFounder(a)) || a.name.localeCompare(b.name));
}

/** Before a campaign has a log: each active member record as a member with one device. */
async function unsignedPeople(session: Session): Promise<MemberPerson[]> {
  const { members } = await listMembers(session.campaign.doc);
  return members
    .filter((m) => m.removedAt === undefined)
    .map((m) => ({
      personId: m.deviceId,
      name: m.deviceName,
      role: 'member' as const,
      devices: [
        {
          id: m.deviceId,
          activityId: m.deviceId,
          name: m.deviceName,
          words: [],
          thisDevice: m.deviceId === session.deviceId,
        },
      ],
      me: m.deviceId === session.deviceId,
      invitedBy: null,
    }));
}

/** The campaign's membership as this device verified it, for the Sharing screen. */
export async function campaignMembership(session: Session): Promise<CampaignMembership> {
  const ens = await ensureMembership(session);
  const deviceWords = await wordsOf(session.signer.publicKey);
  const base = {
    deviceWords,
    me: null,
    people: [],
    removals: [],
    removedBy: null,
    rekeyNeeded: false,
    invites: [],
    joinRefused: null,
    pairing: !!ens.record.invite?.pairWith && !ens.personId,
  };
  const view = ens.view;
  if (!view) {
    const untrusted = !!ens.log && (ens.log.size > 0 || ens.refused > 0) && !ens.log.has(ens.log.root);
    // No log yet (made before it): the member records name the devices, with no roles or powers.
    const people = ens.log ? [] : await unsignedPeople(session);
    return { ...base, people, state: untrusted ? 'untrusted' : 'joining', refusedOps: ens.refused };
  }
  const removals = view.removals.map((r) => ({ personName: r.name, byName: personName(view, r.by) }));
  const mine = view.devices.get(session.signer.deviceId);
  const removal = ens.personId ? view.removals.find((r) => r.personId === ens.personId) : undefined;
  const role = mine ? (view.members.get(mine.personId)?.role ?? null) : null;
  return {
    state: mine ? 'ready' : removal ? 'removed' : 'joining',
    deviceWords,
    me: mine && role ? { personId: mine.personId, role } : null,
    people: await peopleOf(session, ens, view),
    removals,
    removedBy: removal ? personName(view, removal.by) : null,
    // Devices that joined with a link already hold the key, so only an unsafe or missing epoch
    // (concurrent removals, a key that reached someone removed) asks an admin to change it.
    rekeyNeeded: view.rekeyNeeded && (!view.epoch || view.latestEpoch > view.epoch.epoch),
    refusedOps: ens.refused,
    invites: await openInvites(session, view),
    joinRefused:
      ens.log && !removal ? joinRefusal(session, ens.log, view, ens.record.invite, Date.now()) : null,
    pairing: !mine && !removal && !!ens.record.invite?.pairWith,
  };
}

/** The invites that still let someone in, oldest first. */
async function openInvites(session: Session, view: MembershipView): Promise<OpenInvite[]> {
  const now = Date.now();
  const legacy = (await legacyInviteSecret(session.campaignMeta.key)).inviteId;
  return view.invites
    .filter((i) => !i.revoked && i.expiresAt >= now && !(i.singleUse && i.used > 0))
    .sort((a, b) => a.at - b.at || (a.opHash < b.opHash ? -1 : 1))
    .map((i) => ({
      id: i.inviteId,
      byName: personName(view, i.by),
      madeAt: i.at,
      expiresAt: i.expiresAt,
      role: i.role,
      singleUse: i.singleUse,
      used: i.used,
      legacy: i.inviteId === legacy,
    }));
}

export type Admin = {
  ok: true;
  ens: Ensured & { log: NonNullable<Ensured['log']> };
  view: MembershipView;
  me: string;
};

/** The verified log when this device's person is an admin, else why not. */
export async function asAdmin(session: Session): Promise<Admin | { ok: false; error: MembershipErrorCode }> {
  const ens = await ensureMembership(session);
  const view = ens.view;
  const mine = view?.devices.get(session.signer.deviceId);
  if (!view || !ens.log || !mine) return { ok: false, error: 'not-ready' };
  if (view.members.get(mine.personId)?.role !== 'admin') return { ok: false, error: 'not-admin' };
  return { ok: true, ens: ens as Admin['ens'], view, me: mine.personId };
}

/** Appends `op` (already in the log) to the doc and this device's copy, if the log accepted it. */
export async function commit(session: Session, admin: Admin, op: SignedOp): Promise<MembershipView | null> {
  const view = await verifiedView(admin.ens.log);
  if (!view.accepted.includes(op.hash)) return null;
  writeLogEntries(session.campaign.doc, admin.ens.log.all());
  await ensureMembership(session);
  return view;
}

/** Makes a person an admin or a member (admins only; never the last admin). */
export async function setMemberRole(
  session: Session,
  personId: string,
  role: MemberRole,
): Promise<MembershipResult> {
  const admin = await asAdmin(session);
  if (!admin.ok) return admin;
  const person = admin.view.members.get(personId);
  if (!person) return { ok: false, error: 'unknown-person' };
  if (person.role === role) return { ok: true };
  const admins = [...admin.view.members.values()].filter((m) => m.role === 'admin').length;
  if (role === 'member' && admins <= 1) return { ok: false, error: 'last-admin' };
  const op = await admin.ens.log.append(session.signer, { kind: 'set-role', personId, role });
  return (await commit(session, admin, op)) ? { ok: true } : { ok: false, error: 'not-admin' };
}

/** An invite link signed into the log by an admin: role, single use and expiry as chosen. */
export async function createMemberInvite(
  session: Session,
  options: InviteOptions,
  baseUrl = `${location.origin}${location.pathname}`,
): Promise<{ ok: true; link: string } | { ok: false; error: MembershipErrorCode }> {
  const admin = await asAdmin(session);
  if (!admin.ok) return admin;
  const { op, secret } = await issueInvite(admin.ens.log, session.signer, {
    role: options.role,
    singleUse: options.singleUse,
    expiresAt: Date.now() + options.expiresInDays * DAY_MS,
  });
  if (!(await commit(session, admin, op))) return { ok: false, error: 'not-admin' };
  const { campaignMeta } = session;
  const link = createInviteLink(baseUrl, {
    spaceId: campaignMeta.id,
    spaceKey: campaignMeta.key,
    name: campaignMeta.name,
    servers: inviteServers(settingsOf(session), campaignMeta.id, ownServer(new URL(baseUrl))),
    membership: { root: admin.ens.log.root, ...secret },
  });
  return { ok: true, link };
}

/** What a key change gives the caller: the new room to move to. */
export interface Rekeyed {
  newSpaceId: string;
  newSpaceKey: Uint8Array;
  state: Uint8Array;
}

/** Revokes the invite that brought a pre-log campaign's members in, if it is still open. */
async function closeLegacyInvite(session: Session, admin: Admin): Promise<void> {
  const legacy = await legacyInviteSecret(session.campaignMeta.key);
  const ops = admin.ens.log.all();
  const issued = ops.some((o) => o.op.kind === 'invite' && o.op.inviteId === legacy.inviteId);
  const revoked = ops.some((o) => o.op.kind === 'revoke-invite' && o.op.inviteId === legacy.inviteId);
  if (!issued || revoked) return;
  await admin.ens.log.append(session.signer, { kind: 'revoke-invite', inviteId: legacy.inviteId });
}

/**
 * Removes a person with all their devices (or, with `null`, only changes the key) in one signed
 * step, seals the new room to exactly the devices the log vouches for, and returns the room to
 * move to. The removed devices keep what they had and get nothing new.
 */
export async function rekeyCampaign(
  session: Session,
  personId: string | null,
): Promise<{ ok: true; rekeyed: Rekeyed } | { ok: false; error: MembershipErrorCode }> {
  const admin = await asAdmin(session);
  if (!admin.ok) return admin;
  if (personId !== null && personId === admin.me) return { ok: false, error: 'self' };
  if (personId !== null && !admin.view.members.has(personId)) return { ok: false, error: 'unknown-person' };
  await closeLegacyInvite(session, admin);
  const gone = personId ? (admin.view.members.get(personId)?.devices ?? []) : [];
  const op = personId
    ? await removePerson(admin.ens.log, session.signer, personId)
    : await rotateKey(admin.ens.log, session.signer);
  const view = await commit(session, admin, op);
  if (!view || (op.op.kind !== 'remove' && op.op.kind !== 'rotate')) return { ok: false, error: 'not-admin' };
  const doc = session.campaign.doc;
  const sealed = await sealSignedRotation({
    doc,
    spaceId: session.campaignMeta.id,
    self: session.device,
    op,
    view,
  });
  const goneIds = new Set(
    await Promise.all(
      gone.map((d) => activityIdOf(admin.view.devices.get(d)?.ecdhPublicKey ?? new Uint8Array())),
    ),
  );
  const removed = (await listMembers(doc)).members.filter(
    (m) => goneIds.has(m.deviceId) && m.removedAt === undefined,
  );
  markRemoved(doc, removed, session.deviceId, Date.now());
  const ens = await ensureMembership(session);
  writeLocalMembership(settingsOf(session), sealed.newSpaceId, { ...ens.record, epoch: op.op.epoch });
  return {
    ok: true,
    rekeyed: { newSpaceId: sealed.newSpaceId, newSpaceKey: sealed.newSpaceKey, state: forkState(doc) },
  };
}
