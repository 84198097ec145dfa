/**
 * Verified authorship (docs/sync.md, "Verified authorship"): every change a device sends through
 * the mailbox is signed with its device signing key, and checked on receipt against the key the
 * campaign's verified membership log holds for the device it names. The app supplies both halves
 * (it holds the signing key and the log); the sync layer only asks.
 *
 * What must stay true: a change is attributed to a device (`PeerOrigin.verified`) only when its
 * signature verified under the key the log holds for that device; an unsigned change, a wrong
 * signature and a device the log does not hold (never admitted, or removed) are refused.
 */
import type { RejectReason } from './errors';

/** What a sync session needs to sign its changes and check others'. */
export interface Authorship {
  /** Named in every signature: the campaign room (space) id, so no signature serves another room. */
  readonly context: string;
  /** Signs `message` with this device's signing key (Ed25519, 64 bytes). */
  sign(message: Uint8Array): Promise<Uint8Array>;
  /**
   * The Ed25519 public key the verified membership log holds for the device whose sync id is
   * `deviceId`: null when the log does not hold it (never admitted, or removed); 'no-log' when this
   * device has no verified log to ask (a campaign made before the log): the change is then applied
   * but attributed to nobody. `update`: the change itself (a Yjs update), asked about only when the
   * log does not hold the device: a joiner's first changes carry its own join, which the log may not
   * hold yet, and the membership ops the update writes are weighed with the log's.
   */
  keyOf(deviceId: string, update?: Uint8Array): Promise<Uint8Array | null | 'no-log'>;
}

/** The result of checking who sent a change. */
export type AuthorVerdict = { ok: true; verified: boolean } | { ok: false; reason: RejectReason };
