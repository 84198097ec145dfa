/**
 * "Undo this member's changes since …" and "restore from a snapshot", on top of the revert engine.
 *
 * Undo: the space is rebuilt from the activity log without the changes that hold the member's
 * work since the moment chosen (`rebuildWithout`), then every record and field whose live value
 * the member wrote goes back to the rebuilt value, and what the member deleted comes back; edits by
 * everyone else stay (see revert.ts). Restore: the same engine against a snapshot, setting back
 * every field that changed since and bringing back every record deleted since, while keeping
 * records added since.
 */
import type * as Y from 'yjs';
import type { CommandContext } from '../context';
import type { Result } from '../result';
import { type ChangeLog, type ClientOwners, memberChanges, rebuildWithout } from './authorship';
import { applyRevert, planRevert, type RevertPlan, type RevertRules } from './revert';

/** A prepared undo or restore: show `plan`, then `apply()` after the user confirmed. */
export interface PreparedRevert {
  readonly plan: RevertPlan;
  /** Plans again on the live doc and applies it as one transaction. */
  apply(): Result<RevertPlan>;
  /** Frees the rebuilt doc. */
  dispose(): void;
}

function prepared(doc: Y.Doc, target: Y.Doc, rules: RevertRules, ctx: CommandContext): PreparedRevert {
  return {
    plan: planRevert(doc, target, rules, ctx),
    apply: () => applyRevert(doc, target, rules, ctx),
    dispose: () => target.destroy(),
  };
}

/**
 * Prepares undoing everything `deviceId` changed since `since` (ms epoch).
 * @example
 * const undo = prepareMemberUndo(doc, log, badDevice, since, owners, { by: myDeviceId });
 * if (confirm(undo.plan.counts)) undo.apply();
 * undo.dispose();
 */
export function prepareMemberUndo(
  doc: Y.Doc,
  log: ChangeLog,
  deviceId: string,
  since: number,
  owners: ClientOwners,
  ctx: CommandContext,
): PreparedRevert {
  const theirs = memberChanges(log.changes, deviceId, since, owners);
  const target = rebuildWithout(log, theirs.touched);
  const rules: RevertRules = {
    undo: (item) => theirs.inserted(item.id),
    undelete: (id) => theirs.deleted(id),
    removeNew: true,
    lists: true,
  };
  return prepared(doc, target, rules, ctx);
}

/** Rules of a snapshot restore: every difference goes back, records added since stay. */
export const SNAPSHOT_RULES: RevertRules = {
  undo: () => true,
  undelete: () => true,
  removeNew: false,
  lists: false,
};

/**
 * Prepares restoring the records of a snapshot (`snapshot`: the doc decoded from it).
 * The caller keeps ownership of `snapshot` until `dispose()`.
 */
export function prepareSnapshotRestore(doc: Y.Doc, snapshot: Y.Doc, ctx: CommandContext): PreparedRevert {
  return prepared(doc, snapshot, SNAPSHOT_RULES, ctx);
}
