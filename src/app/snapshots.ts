/**
 * The campaign's local restore points as the Snapshots screen uses them: list them, take one now,
 * and prepare a restore from one (applied with `applyRevert`, like a member undo).
 */
import * as Y from 'yjs';
import { type PreparedRevert, prepareSnapshotRestore } from '../domain';
import type { SnapshotInfo } from '../storage';
import type { Session } from './session';

export type { SnapshotInfo } from '../storage';

/** A restore ready to confirm: the snapshot, the prepared revert and the snapshot's doc. */
export interface PreparedRestore {
  readonly info: SnapshotInfo;
  readonly prepared: PreparedRevert;
  readonly doc: Y.Doc;
}

/** The campaign's snapshots, newest first. */
export function listCampaignSnapshots(session: Session): Promise<SnapshotInfo[]> {
  return session.campaign.listSnapshots();
}

/** Takes a manual snapshot of the campaign now (after flushing what is pending). */
export async function takeManualSnapshot(session: Session): Promise<void> {
  await session.campaign.takeSnapshot('manual');
}

/** Reads one snapshot and prepares the changes that bring the campaign back to it. */
export async function prepareRestore(session: Session, info: SnapshotInfo): Promise<PreparedRestore> {
  const store = session.campaign;
  const doc = new Y.Doc();
  Y.applyUpdate(doc, await store.readSnapshot(info.seq));
  return { info, doc, prepared: prepareSnapshotRestore(store.doc, doc, { by: session.deviceId }) };
}
