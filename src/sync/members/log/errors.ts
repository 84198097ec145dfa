/**
 * Coded errors and refusal reasons of the membership log. The UI maps each code to words.
 */

/** Why an op of the membership log was refused (see docs/membership.md, "Validity"). */
export type RefusalReason =
  /** The bytes do not decode as a canonical op. */
  | 'malformed'
  /** The signature does not verify under the author key the op names. */
  | 'bad-signature'
  /** A genesis that is not the campaign's root of trust (the one the invite carried). */
  | 'foreign-genesis'
  /** The op names another campaign's root. */
  | 'wrong-root'
  /** A parent op is not in the log (the op may become valid once it arrives). */
  | 'missing-parent'
  /** The author key is not a device of a current member, as far as the op's causal past shows. */
  | 'unknown-author'
  /** The op needs an admin and its author's person is a member. */
  | 'not-admin'
  /** The invite is unknown (never issued, or its issuing was voided). */
  | 'unknown-invite'
  | 'invite-expired'
  | 'invite-revoked'
  /** A single-use invite that another join already used. */
  | 'invite-used'
  /** The join's proof does not verify under the invite's key. */
  | 'bad-invite-proof'
  /** The invite id is already taken by another invite. */
  | 'duplicate-invite'
  /** The device key is already in the log (as anyone's device, removed or not). */
  | 'device-known'
  /** The added device did not sign that it joins this person. */
  | 'bad-device-proof'
  /** A person has at most MAX_DEVICES_PER_PERSON devices. */
  | 'too-many-devices'
  /** The person the op targets is not a current member. */
  | 'unknown-person'
  /** The op would leave the campaign without an admin. */
  | 'last-admin'
  /** A role change to the role the person already has. */
  | 'no-change'
  /** The rotation's epoch is not one more than the newest epoch in its causal past. */
  | 'bad-epoch'
  /** The rotation's recipients are not exactly the devices the log vouched for when it was signed. */
  | 'recipients-mismatch'
  /** The author was removed (or, for admin ops, demoted) by a concurrent op that prevailed. */
  | 'voided-by-removal'
  /** The join used an invite whose issuer was removed, or which was revoked, concurrently. */
  | 'voided-invite';

/** Codes of errors thrown by the membership API (caller errors, not peer misbehaviour). */
export type MembershipErrorCode = 'malformed' | 'invalid-input' | 'too-many-ops' | 'no-genesis';

/** An error of the membership API, with a code. */
export class MembershipError extends Error {
  constructor(
    readonly code: MembershipErrorCode,
    readonly detail?: Record<string, unknown>,
  ) {
    super(`membership: ${code}`);
    this.name = 'MembershipError';
  }
}
