/**
 * Managing the ways into a campaign (docs/membership.md): an admin revokes an open invite in one
 * signed step, and any member makes a pairing link that adds their own other phone under them.
 */
import { toBase64Url } from '../crypto';
import { createInviteLink } from '../sync/members/invite';
import { MAX_DEVICES_PER_PERSON, newInviteKey } from '../sync/members/log';
import { asAdmin, commit } from './membership';
import { heldPairing } from './membership-join';
import { ensureMembership, readLocalMembership, writeLocalMembership } from './membership-store';
import type { MembershipErrorCode, MembershipResult } from './membership-types';
import { inviteServers, ownServer } from './reach';
import { type Session, settingsOf } from './session';

/** How long a pairing link works: long enough to reach the other phone through the mailbox. */
export const PAIRING_HOURS = 24;
const HOUR_MS = 3_600_000;

/**
 * Revokes an invite (admins only): a signed `revoke-invite` op, so every device refuses a join
 * with it from then on, and a join racing the revocation loses (docs/membership.md, rule 4).
 */
export async function revokeMemberInvite(session: Session, inviteId: string): Promise<MembershipResult> {
  const admin = await asAdmin(session);
  if (!admin.ok) return admin;
  const invite = admin.view.invites.find((i) => i.inviteId === inviteId);
  if (!invite) return { ok: false, error: 'unknown-invite' };
  if (invite.revoked) return { ok: true };
  const op = await admin.ens.log.append(session.signer, { kind: 'revoke-invite', inviteId });
  return (await commit(session, admin, op)) ? { ok: true } : { ok: false, error: 'not-admin' };
}

/**
 * A pairing link for this person's other phone: whoever opens it with a new phone is added under
 * this person (signed by this device once the phone's request arrives; membership-join.ts). The
 * link works once, for {@link PAIRING_HOURS} hours, and is a secret like an invite.
 */
export async function createPairingLink(
  session: Session,
  baseUrl = `${location.origin}${location.pathname}`,
  now = Date.now(),
): Promise<{ ok: true; link: string; until: number } | { ok: false; error: MembershipErrorCode }> {
  const ens = await ensureMembership(session);
  const mine = ens.view?.devices.get(session.signer.deviceId);
  if (!ens.log || !ens.view || !mine) return { ok: false, error: 'not-ready' };
  const person = ens.view.members.get(mine.personId);
  if ((person?.devices.length ?? 0) >= MAX_DEVICES_PER_PERSON)
    return { ok: false, error: 'too-many-devices' };
  const { secret, key } = await newInviteKey();
  const until = now + PAIRING_HOURS * HOUR_MS;
  const settings = settingsOf(session);
  const { campaignMeta } = session;
  const rec = readLocalMembership(settings, campaignMeta.id);
  const pairings = [...(rec.pairings ?? []), heldPairing(secret.inviteId, key.publicKey, until)];
  writeLocalMembership(settings, campaignMeta.id, { ...rec, pairings });
  await session.personal.flush();
  const link = createInviteLink(baseUrl, {
    spaceId: campaignMeta.id,
    spaceKey: campaignMeta.key,
    name: campaignMeta.name,
    servers: inviteServers(settings, campaignMeta.id, ownServer(new URL(baseUrl))),
    membership: {
      root: ens.log.root,
      ...secret,
      pairWith: toBase64Url(session.signer.publicKey),
      pairUntil: until,
    },
  });
  return { ok: true, link, until };
}
