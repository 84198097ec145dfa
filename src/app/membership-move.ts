/**
 * Following a key change (docs/membership.md, "Removal and rotation"): a device moves to a new room
 * only when the verified log says a newer epoch is current, lists this device among its recipients,
 * and this device's envelope opens under the key the log holds for the admin who signed it. A
 * rotation record nobody signed, or signed by someone the log does not make an admin, moves nobody.
 * Checked before sync starts, and again whenever the log or the rotations change.
 */
import { openSignedRotation } from '../sync/members/campaign-log';
import { forkState } from '../sync/members/devices';
import { personName } from './membership';
import { ensureMembership, writeLocalMembership } from './membership-store';
import { type Session, settingsOf } from './session';

export type MembershipMove =
  /** The campaign has no log yet (made before it, and its creator has not opened it since). */
  | { kind: 'legacy' }
  | { kind: 'none' }
  /** This device's person was removed, by whom (null when the remover is not known by name). */
  | { kind: 'removed'; by: string | null }
  | {
      kind: 'moved';
      newSpaceId: string;
      newSpaceKey: Uint8Array;
      /** The room's full state, to start the new room with. */
      state: Uint8Array;
      /** Who signed the key change, and whom it removed. */
      by: string;
      removed: string[];
    };

/** What the log says this device should do about key changes in the session's room. */
export async function membershipMove(session: Session): Promise<MembershipMove> {
  const ens = await ensureMembership(session);
  if (!ens.log) return { kind: 'legacy' };
  const view = ens.view;
  if (!view) return { kind: 'none' };
  const removal = ens.personId ? view.removals.find((r) => r.personId === ens.personId) : undefined;
  if (removal && !view.devices.has(session.signer.deviceId)) {
    return { kind: 'removed', by: personName(view, removal.by) || null };
  }
  const epoch = view.epoch;
  if (!epoch || epoch.epoch <= ens.record.epoch || !epoch.recipients.includes(session.signer.deviceId)) {
    return { kind: 'none' };
  }
  const doc = session.campaign.doc;
  const target = await openSignedRotation({
    doc,
    spaceId: session.campaignMeta.id,
    self: session.device,
    log: ens.log,
    view,
  });
  if (!target) return { kind: 'none' };
  writeLocalMembership(settingsOf(session), target.newSpaceId, { ...ens.record, epoch: epoch.epoch });
  const removed = view.removals.filter((r) => r.opHash === epoch.opHash).map((r) => r.name);
  return { kind: 'moved', ...target, state: forkState(doc), by: personName(view, epoch.by), removed };
}
