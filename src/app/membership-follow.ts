/**
 * Acting on key changes in the active room: the signed path (membership-move.ts) once the campaign
 * has a membership log, and the unsigned rotations of before only while it has none (a campaign
 * made before the log whose creator has not opened it since; docs/membership.md).
 */
import { forkState } from '../sync/members/devices';
import { checkRotations } from '../sync/members/rotation';
import { membershipMove } from './membership-move';
import { carryOwnClients } from './own-clients';
import { type Session, settingsOf } from './session';

/** What the Sharing screen says about the last key change. */
export type RotationNotice =
  | { kind: 'removed'; by: string | null }
  | { kind: 'moved'; by: string; removed: string[] }
  | { kind: 'conflict' }
  | null;

/** Moves this device to the new room; the returned promise settles once it is there. */
export type OnMove = (newSpaceId: string, newSpaceKey: Uint8Array, state: Uint8Array) => void | Promise<void>;

/**
 * One look at the room's key changes; true when this device moved (the caller stops watching).
 * The new room's membership record is saved before moving, so the move survives a relaunch.
 */
export async function followKeyChange(
  session: Session,
  onMove: OnMove,
  notify: (n: RotationNotice) => void,
): Promise<boolean> {
  const move = await membershipMove(session);
  if (move.kind === 'legacy') return followUnsigned(session, onMove, notify);
  if (move.kind === 'removed') notify({ kind: 'removed', by: move.by });
  if (move.kind !== 'moved') return false;
  carryOwnClients(settingsOf(session), session.campaignMeta.id, move.newSpaceId);
  await session.personal.flush();
  moveThenNotify(onMove(move.newSpaceId, move.newSpaceKey, move.state), notify, {
    kind: 'moved',
    by: move.by,
    removed: move.removed,
  });
  return true;
}

/** The unsigned rotations of before (rotation.ts), for a campaign that has no log yet. */
async function followUnsigned(
  session: Session,
  onMove: OnMove,
  notify: (n: RotationNotice) => void,
): Promise<boolean> {
  const doc = session.campaign.doc;
  const r = await checkRotations({ doc, spaceId: session.campaignMeta.id, self: session.device });
  if (r.kind === 'removed') notify({ kind: 'removed', by: null });
  else if (r.kind === 'conflict') notify({ kind: 'conflict' });
  else if (r.kind === 'moved') {
    carryOwnClients(settingsOf(session), session.campaignMeta.id, r.newSpaceId);
    await session.personal.flush();
    moveThenNotify(onMove(r.newSpaceId, r.newSpaceKey, forkState(doc)), notify, {
      kind: 'moved',
      by: r.by.deviceName,
      removed: [],
    });
    return true;
  }
  return false;
}

/**
 * Says `notice` once the device is in the new room (not awaited by the caller: the room's gate
 * must not wait on the move), so the Sharing screen never shows it beside the old room's peers.
 * A failed move still tells who removed whom.
 */
function moveThenNotify(
  moving: void | Promise<void>,
  notify: (n: RotationNotice) => void,
  notice: RotationNotice,
): void {
  void Promise.resolve(moving).then(
    () => notify(notice),
    () => notify(notice),
  );
}
