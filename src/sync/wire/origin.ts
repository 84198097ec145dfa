/**
 * Transaction origins of remote updates. Every update a peer sends is applied with that peer's
 * `PeerOrigin` (one object per connection, the same object for all its updates), so a member's
 * changes can be listed and undone, e.g. with `new Y.UndoManager(type, { trackedOrigins })`.
 *
 * What must stay true: `deviceId` is what the peer said in its hello (or the mailbox entry names);
 * every member holds the space key and can claim any device id, so it is a claim unless `verified`
 * is set, which only a check against the verified membership log sets (authorship.ts).
 */

/** The origin of an update received from a peer. */
export interface PeerOrigin {
  readonly kind: 'peer';
  /** y-webrtc's id of the remote peer (random per provider; only meaningful while connected). */
  readonly peerId: string;
  /** The device id the peer introduced itself with; set once its hello arrives. */
  deviceId?: string;
  /**
   * True when `deviceId` was proven: the change's signature (mailbox entries) verified under the key
   * the campaign's verified membership log holds for that device (authorship.ts). Unset: a claim.
   */
  verified?: boolean;
}

/** Creates the origin for one connection. */
export function createPeerOrigin(peerId: string): PeerOrigin {
  return { kind: 'peer', peerId };
}

/** True when a transaction origin is a peer (a remote update), false for local edits. */
export function isPeerOrigin(origin: unknown): origin is PeerOrigin {
  return (
    typeof origin === 'object' &&
    origin !== null &&
    (origin as { kind?: unknown }).kind === 'peer' &&
    typeof (origin as { peerId?: unknown }).peerId === 'string'
  );
}
