/**
 * The campaign's activity log and snapshots as the app uses them: who made each change (this
 * device, or the peer device that delivered it, with the member name known then — only when that
 * device proved it, `PeerOrigin.verified`: a signed mailbox entry or a peer link's device proof,
 * checked against the verified membership log; a claimed device id is not used), when a change
 * from another device deletes so many records that a snapshot is taken first, and how the log is
 * read into the domain's terms.
 *
 * Who owns which Yjs client id (so a relayed change counts for its author) comes only from member
 * records whose `clients` list its own device signed, checked here against the key the verified
 * membership log holds for that device; the domain gets the checked map and stays synchronous.
 */
import {
  addsSurveyResponses,
  type ChangeLog,
  deletionsIn,
  type PreparedRevert,
  recordCounts,
} from '../domain';
import type { ActivityOptions, SpaceStore } from '../storage';
import {
  type ClaimKeyOf,
  clientOwners,
  listMembers,
  MEMBERS_COLLECTION,
  parseMemberRecord,
  verifiedClaims,
} from '../sync/members/devices';
import { isPeerOrigin } from '../sync/wire/origin';

/** Records one change from another device must delete for a snapshot to be taken before it. */
export const MASS_DELETION = 10;

/** Attribution and snapshot description for a campaign store. */
export function campaignActivity(deviceId: () => string): ActivityOptions {
  return {
    attribute(origin, tr) {
      if (origin === 'fork' || origin === 'backup') return { kind: 'import' };
      // A change that stores survey responses keeps only its day (survey-responses.ts).
      const dayOnly = tr ? addsSurveyResponses(tr) : false;
      if (!isPeerOrigin(origin)) return { kind: 'local', deviceId: deviceId(), dayOnly };
      // Only a proven sender: an unverified device id is a claim any member can make.
      const id = origin.verified ? origin.deviceId : undefined;
      const rec = id && tr ? parseMemberRecord(id, tr.doc.getMap(MEMBERS_COLLECTION).get(id)) : null;
      return {
        kind: 'peer',
        ...(id ? { deviceId: id } : {}),
        ...(rec ? { name: rec.deviceName } : {}),
        massDeletion: tr ? deletionsIn(tr) >= MASS_DELETION : false,
        dayOnly,
      };
    },
    describe: recordCounts,
  };
}

/** How client-id claims are checked: the campaign id they are signed for, and the log's keys. */
export interface ClaimCheck {
  readonly context: string;
  readonly keyOf: ClaimKeyOf;
}

/**
 * The store's activity log in the domain's terms, and who owns which Yjs client id: only ids a
 * device's own signed claim lists (`claims`); an unsigned or badly signed list claims nothing.
 */
export async function loadChangeLog(store: SpaceStore, claims: ClaimCheck) {
  const content = await store.readActivity();
  const log: ChangeLog = {
    base: content.base,
    changes: content.entries.map((e) => ({
      at: e.at,
      update: e.update,
      by: e.author.kind === 'import' ? null : (e.author.deviceId ?? null),
    })),
  };
  const members = await verifiedClaims(await listMembers(store.doc), claims.context, claims.keyOf);
  const owners = clientOwners(members);
  return { log, owners, unreadable: content.unreadable.length };
}

/**
 * Applies a prepared undo or restore as one local transaction, and resolves once it is durable
 * (before the screen says it is done). Returns how many changes it made. The transaction runs
 * before this returns its promise, so the caller may dispose `prepared` right after the call.
 * @throws Error(code) when the revert is refused; the store's write error when saving fails.
 */
export async function applyRevert(prepared: PreparedRevert, store: SpaceStore): Promise<number> {
  const r = prepared.apply();
  if (!r.ok) throw new Error(r.error.code);
  await store.flush();
  return r.value.steps.length;
}
