/**
 * What the membership screens need from the app, as plain callbacks (so the screens can be drawn
 * and tested with any membership data), and the words they share: roles, admins, errors.
 */
import type {
  CampaignMembership,
  InviteOptions,
  MemberRole,
  MembershipErrorCode,
  MembershipResult,
} from '../../app/membership-types';
import { t } from '../kit/i18n';

export type InviteResult = { ok: true; link: string } | { ok: false; error: MembershipErrorCode };

/** The membership actions a screen can ask for; each resolves to what happened. */
export interface MembershipActions {
  removePerson(personId: string): Promise<MembershipResult>;
  setRole(personId: string, role: MemberRole): Promise<MembershipResult>;
  rotateKey(): Promise<MembershipResult>;
  createInvite(options: InviteOptions): Promise<InviteResult>;
  revokeInvite(inviteId: string): Promise<MembershipResult>;
  /** A pairing link for this person's other phone. */
  pairDevice(): Promise<InviteResult>;
}

export function roleLabel(role: MemberRole): string {
  return role === 'admin' ? t('members.admin') : t('members.member');
}

/** The admins' names, in the list's order, for "ask an admin". */
export function adminNames(membership: CampaignMembership): string {
  return membership.people
    .filter((p) => p.role === 'admin')
    .map((p) => p.name)
    .join(', ');
}

export function isAdmin(membership: CampaignMembership): boolean {
  return membership.state === 'ready' && membership.me?.role === 'admin';
}

const ERRORS: Record<MembershipErrorCode, () => string> = {
  'not-admin': () => t('members.error.not-admin'),
  'not-ready': () => t('members.error.not-ready'),
  'unknown-person': () => t('members.error.unknown-person'),
  'last-admin': () => t('members.error.last-admin'),
  self: () => t('members.error.self'),
  'offline-key': () => t('members.error.offline-key'),
  'unknown-invite': () => t('invites.none'),
  'too-many-devices': () => t('pair.error.too-many-devices'),
};

/** Words for why an action did not happen; a code this screen does not know is shown as it is. */
export function membershipErrorText(code: string): string {
  const known = ERRORS[code as MembershipErrorCode];
  return known ? known() : t('error.generic', { code });
}

/**
 * Runs one action, turning a thrown error into a result, so a screen always learns what happened
 * and never loses what the user chose.
 */
export async function settle<R extends { ok: boolean }>(
  action: () => Promise<R>,
): Promise<R | { ok: false; error: string }> {
  try {
    return await action();
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message || e.name : String(e) };
  }
}
