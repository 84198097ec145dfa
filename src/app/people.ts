/**
 * People operations the People list and the person page call: the campaign's members to assign
 * people to, and saving edits of a person's fields. Typed inputs and results; the UI never touches
 * the member log or the store itself.
 */
import { type Changes, type PersonPatch, type Result, updatePerson } from '../domain';
import { activeMembers, listMembers } from '../sync/members/devices';
import type { Session } from './session';

/** A current member of the campaign (a device that may be assigned people). */
export interface CampaignMember {
  readonly deviceId: string;
  readonly deviceName: string;
}

/**
 * The campaign's current members, as checked by the member log (each id must match its key);
 * removed members are left out.
 */
export async function listCampaignMembers(session: Session): Promise<CampaignMember[]> {
  const list = await listMembers(session.campaign.doc);
  return activeMembers(list).map((m) => ({ deviceId: m.deviceId, deviceName: m.deviceName }));
}

/** Writes `patch` to one person as this device; only the fields in the patch are touched. */
export function editPerson(session: Session, personId: string, patch: PersonPatch): Result<Changes> {
  return updatePerson(session.campaign.doc, personId, patch, { by: session.deviceId });
}

/** Puts the campaign's pending changes on disk. */
export function saveCampaign(session: Session): Promise<void> {
  return session.campaign.flush();
}
