/**
 * What the screens see of a campaign's signed membership (docs/membership.md): people with their
 * roles and devices, each device's safety words, who removed whom. Plain data, no keys.
 */

/** A person's role in the campaign. Only admins invite, remove, change roles and rotate the key. */
export type MemberRole = 'admin' | 'member';

/** One device of a member, as the signed log vouches for it. */
export interface MemberDevice {
  /** The device's signing id (the log's). */
  readonly id: string;
  /** The id its changes are attributed under (activity view, member undo, assignment). */
  readonly activityId: string;
  readonly name: string;
  /** Six safety words of the device's signing key, for comparing in person. */
  readonly words: readonly string[];
  /** True for the device this app runs on. */
  readonly thisDevice: boolean;
}

/** One member (a person, with all their devices). */
export interface MemberPerson {
  readonly personId: string;
  readonly name: string;
  readonly role: MemberRole;
  readonly devices: readonly MemberDevice[];
  /** True when this is the person using this device. */
  readonly me: boolean;
  /** Whoever's invite brought them in (null for the founder). */
  readonly invitedBy: string | null;
}

/** An invite that still lets someone in (not revoked, not expired, not used up). */
export interface OpenInvite {
  readonly id: string;
  /** Name of the admin who made it. */
  readonly byName: string;
  /** When it was made and when it stops working (ms since 1970). */
  readonly madeAt: number;
  readonly expiresAt: number;
  readonly role: MemberRole;
  readonly singleUse: boolean;
  /** How many phones joined with it so far. */
  readonly used: number;
  /** The invite that brings in the members a campaign had before signed membership. */
  readonly legacy: boolean;
}

/**
 * Why the link this phone was opened with did not bring it in: the invite was revoked, expired or
 * already used, or the pairing with one's other phone expired.
 */
export type JoinRefusalCode = 'invite-revoked' | 'invite-expired' | 'invite-used' | 'pairing-expired';

/** A removal the log holds: who removed whom. */
export interface MemberRemoval {
  readonly personName: string;
  readonly byName: string;
}

/**
 * The campaign's membership as this device verified it.
 * - `ready`: the log verified against the campaign's root, and this device is in it.
 * - `joining`: this device joined with an invite and waits for the campaign's log to arrive (or
 *   for its own join to be written); nothing is decided on its word yet.
 * - `removed`: the log says this device's person was removed (`removedBy` says by whom).
 * - `untrusted`: the log that arrived does not match the campaign's root (a forged or foreign
 *   campaign); nothing from it is believed.
 */
export interface CampaignMembership {
  readonly state: 'ready' | 'joining' | 'removed' | 'untrusted';
  /** This device's safety words (always known). */
  readonly deviceWords: readonly string[];
  /** This person, when the log holds them. */
  readonly me: { readonly personId: string; readonly role: MemberRole } | null;
  /** Current members, the founder first, then by name. */
  readonly people: readonly MemberPerson[];
  /** Removals, oldest first. */
  readonly removals: readonly MemberRemoval[];
  /** Set when who removed this device's person is known. */
  readonly removedBy: string | null;
  /** True when an admin should rotate the key (e.g. someone joined while a removal happened). */
  readonly rekeyNeeded: boolean;
  /** Ops that arrived and were refused (forged, unsigned, by a non-admin…). */
  readonly refusedOps: number;
  /** Invites still open, oldest first (every member sees them; only admins can revoke). */
  readonly invites: readonly OpenInvite[];
  /** Set when this phone's link can no longer bring it in (it stays out of the log). */
  readonly joinRefused: JoinRefusalCode | null;
  /** True while this phone, opened with a pairing link, waits for the phone that made it. */
  readonly pairing: boolean;
}

/** Why a membership action did not happen. */
export type MembershipErrorCode =
  | 'not-admin'
  | 'not-ready'
  | 'unknown-person'
  | 'last-admin'
  | 'self'
  | 'offline-key'
  | 'unknown-invite'
  | 'too-many-devices';

export type MembershipResult = { ok: true } | { ok: false; error: MembershipErrorCode };

/** What an admin chooses when making an invite. */
export interface InviteOptions {
  readonly role: MemberRole;
  /** A single-use link works for one phone only (the default to offer). */
  readonly singleUse: boolean;
  /** Days until the link stops working. */
  readonly expiresInDays: 1 | 7 | 30;
}

/** The default invite: one phone, a member, valid a week. */
export const DEFAULT_INVITE: InviteOptions = { role: 'member', singleUse: true, expiresInDays: 7 };
