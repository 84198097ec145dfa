/**
 * Membership before content (docs/sync.md, docs/membership.md): the gate a campaign's sync session
 * asks, once a peer's membership records (or a mailbox catch-up) are in the doc, whether content
 * may flow in this room. It follows a valid key change first (one follow at a time, shared with
 * the rotation watcher); the room is 'retired' when this device moved, was removed, or its verified
 * log names a newer key than this room's, and then nothing of this device's is sent there again.
 *
 * What must stay true: the answer is never 'open' for a room the log says was left, and a room
 * once retired stays retired (a parked, rotated-away session keeps the gate: `retire()`).
 */

import { checkRotations } from '../sync/members/rotation';
import type { MembershipGate, RoomVerdict } from '../sync/peer-link-gate';
import { followKeyChange, type OnMove, type RotationNotice } from './membership-follow';
import { ensureMembership } from './membership-store';
import type { Session } from './session';

/** A campaign room's gate, and the one follow of key changes its watcher and its gate share. */
export interface RoomGate extends MembershipGate {
  /** Follows a key change now (coalesced: calls while one waits share it); true once moved. */
  follow(): Promise<boolean>;
  /** This room was left: every later verdict is 'retired'. */
  retire(): void;
}

/**
 * The gate of `session`'s room. `session` keeps pointing at this room after a move (the app opens
 * the new room as a new session), so the checks below always look at this room's doc and log.
 */
export function roomGate(session: Session, onMove: OnMove, notify: (n: RotationNotice) => void): RoomGate {
  let retired = false;
  let moved = false;
  let chain: Promise<unknown> = Promise.resolve();
  let queued: Promise<boolean> | null = null;
  const follow = (): Promise<boolean> => {
    if (queued) return queued;
    const run = chain.then(async () => {
      queued = null;
      if (!moved && !retired) moved = await followKeyChange(session, onMove, notify);
      return moved;
    });
    queued = run.catch(() => moved);
    chain = queued;
    return queued;
  };
  return {
    follow,
    retire() {
      retired = true;
    },
    async settle(): Promise<RoomVerdict> {
      if (retired || (await follow()) || retired) return 'retired';
      if (await leftByLog(session)) {
        retired = true;
        return 'retired';
      }
      return 'open';
    },
  };
}

/**
 * True when this room was left by the log's account even though this device did not move: it was
 * removed, or a newer key exists whose record or envelope has not arrived (content waits for it).
 * A campaign without a log: when an unsigned rotation removed this device or conflicts.
 */
async function leftByLog(session: Session): Promise<boolean> {
  const ens = await ensureMembership(session);
  if (!ens.log) {
    const r = await checkRotations({
      doc: session.campaign.doc,
      spaceId: session.campaignMeta.id,
      self: session.device,
    });
    return r.kind !== 'none';
  }
  const view = ens.view;
  if (!view) return false;
  if (ens.personId && !view.devices.has(session.signer.deviceId)) return true; // removed
  return (view.epoch?.epoch ?? 0) > ens.record.epoch;
}
