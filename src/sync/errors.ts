/**
 * Coded sync errors and rejection reasons. The UI maps each code to words in every language; a
 * rejection reason also appears as `SyncStatus.rejected.lastReason`.
 */

import type { MailboxErrorCode } from '../wire/mailbox';

/** Why a frame (a chunk of a data-channel message) was dropped by the reassembler. */
export type FrameDropReason =
  | 'frame-not-binary'
  | 'frame-too-short'
  | 'frame-version'
  | 'frame-header'
  | 'frame-inconsistent'
  | 'frame-duplicate'
  | 'frame-length-mismatch'
  | 'message-too-large'
  | 'too-many-in-flight'
  | 'reassembly-memory'
  | 'message-stale';

/** Why a whole message (after reassembly) or a remote update was refused. */
export type RejectReason =
  | FrameDropReason
  | 'undecodable-message'
  | 'unknown-message'
  | 'oversized-update'
  | 'undecodable-update'
  | 'unknown-collection'
  | 'unsupported-content'
  | 'invalid-reference'
  | 'apply-failed'
  | 'invalid-state-vector'
  | 'invalid-awareness'
  | 'invalid-hello'
  | 'invalid-ack'
  /** Checking the update took longer than the decode guard's time budget (see decode-guard.ts). */
  | 'decode-timeout'
  /** The decode worker could not be started or crashed while checking the update. */
  | 'decode-worker-failed'
  /** A peer sent more than the link holds waiting for checks; the connection is dropped. */
  | 'decode-backlog'
  /** The update carries more items than one update may apply on the main thread (apply-budget.ts). */
  | 'apply-budget'
  /** The update would take the space past its total byte or item cap (apply-budget.ts). */
  | 'space-full'
  /** A membership message that is malformed, past a bound, a second one, or carries a record that is
   *  not what its key says (members/membership-phase.ts). */
  | 'invalid-membership'
  /** A peer sent more content than a link holds while the membership phase runs; dropped. */
  | 'membership-backlog'
  /** Content from a peer in a room this device's log says was left: never applied. */
  | 'room-retired'
  /** A change that is not signed by its sender (authorship.ts). */
  | 'unsigned-change'
  /** A change whose signature does not verify under the key the log holds for the device it names. */
  | 'forged-author'
  /** A change signed as a device the verified membership log does not hold (unknown or removed). */
  | 'unknown-author'
  /** A peer's device proof (challenge or proof message) that is malformed or a second one (peer-proof.ts). */
  | 'invalid-proof';

/** Codes of errors thrown by the sync API (programming or setup errors, not peer misbehaviour). */
export type SyncErrorCode =
  | 'invalid-space-key'
  | 'unsyncable-space'
  | 'invalid-device'
  | 'no-signaling'
  | 'envelope-invalid'
  | 'envelope-version'
  | 'invalid-public-key'
  | 'not-a-member'
  /** A server URL an invite cannot carry (invite.ts `inviteServerUrl`). */
  | 'invalid-server-url'
  /** An invite's membership part (root, invite id, seed) of the wrong size or encoding. */
  | 'invalid-invite-secret'
  /** The mailbox server answered with this error code (docs/mailbox.md). */
  | MailboxErrorCode
  /** The mailbox did not answer in time. */
  | 'mailbox-timeout'
  /** The mailbox socket could not be opened or closed before the answer. */
  | 'mailbox-unreachable'
  /** The mailbox server sent something outside the protocol. */
  | 'mailbox-protocol';

/** A coded sync error, e.g. `new SyncError('invalid-space-key', { bytes: 16 })`. */
export class SyncError extends Error {
  constructor(
    readonly code: SyncErrorCode,
    readonly detail?: Record<string, unknown>,
  ) {
    super(`sync: ${code}`);
    this.name = 'SyncError';
  }
}
