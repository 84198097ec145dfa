/**
 * One member device's activity and undo for the Sharing screen (docs/threat-model.md, "A planted
 * member's changes can be seen"): the activity log read with client-id claims checked against the
 * session's verified membership log (src/app/authorship.ts), so a change counts for a device only
 * when that device delivered it proven or its own signed claim lists the change's client id.
 *
 * Kept apart from activity.ts, which the session imports: the authorship it needs imports the session.
 */
import { type ActivityGroup, memberActivity, type PreparedRevert, prepareMemberUndo } from '../domain';
import { listMembers } from '../sync/members/devices';
import { type ClaimCheck, loadChangeLog } from './activity';
import { campaignAuthorship } from './authorship';
import type { Session } from './session-types';

/** Runs `run` with claims checked against the session's verified membership log. */
export async function withSessionClaims<T>(
  session: Session,
  run: (claims: ClaimCheck) => Promise<T>,
): Promise<T> {
  const { authorship, stop } = campaignAuthorship(session);
  try {
    return await run({ context: authorship.context, keyOf: (id) => authorship.keyOf(id) });
  } finally {
    stop();
  }
}

/** A member device's name as the campaign lists it, or null when it is not listed. */
export async function memberDeviceName(session: Session, deviceId: string): Promise<string | null> {
  const { members } = await listMembers(session.campaign.doc);
  return members.find((m) => m.deviceId === deviceId)?.deviceName ?? null;
}

/** What one member device changed since `from` (ms epoch), and how many log entries were unreadable. */
export async function loadMemberActivity(
  session: Session,
  deviceId: string,
  from: number,
): Promise<{ groups: ActivityGroup[]; unreadable: number }> {
  const loaded = await withSessionClaims(session, (claims) => loadChangeLog(session.campaign, claims));
  const groups = memberActivity(loaded.log, deviceId, from, loaded.owners);
  return { groups, unreadable: loaded.unreadable };
}

/** Prepares undoing what one member device changed since `since` (ms epoch), as this device. */
export async function prepareMemberUndoSince(
  session: Session,
  deviceId: string,
  since: number,
): Promise<PreparedRevert> {
  const store = session.campaign;
  const { log, owners } = await withSessionClaims(session, (claims) => loadChangeLog(store, claims));
  return prepareMemberUndo(store.doc, log, deviceId, since, owners, { by: session.deviceId });
}
