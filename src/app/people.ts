/**
 * People operations the People list, the person page and the map call: the campaign's members to
 * assign people to, adding, editing, rating, placing and deleting a person, and bulk edits. Each
 * takes the session and a typed input and returns the domain's result; the app supplies the doc
 * and the author. The UI never touches the member log or the store itself.
 */
import {
  type Assessment,
  type BulkEdit,
  type CardStatus,
  type Changes,
  createPerson,
  deletePerson,
  movePerson,
  type PersonInput,
  type PersonPatch,
  type Placement,
  type Result,
  rateAssessment,
  restorePerson,
  setCardSigned,
  setCommittee,
  setLeader,
  type UndoableBulk,
  undoableBulkEdit,
  updatePerson,
} from '../domain';
import { activeMembers, listMembers } from '../sync/members/devices';
import { campaignMembership } from './membership';
import type { Session } from './session';

/** A current member of the campaign (a device that may be assigned people). */
export interface CampaignMember {
  readonly deviceId: string;
  readonly deviceName: string;
}

/**
 * The campaign's current members' devices: those the signed membership log vouches for once the
 * campaign has one (a bare `removedAt` or a copied name changes nothing there); before that, the
 * member records (each id must match its key), removed ones left out.
 */
export async function listCampaignMembers(session: Session): Promise<CampaignMember[]> {
  const membership = await campaignMembership(session);
  if (membership.people.length > 0) {
    return membership.people.flatMap((p) =>
      p.devices.map((d) => ({ deviceId: d.activityId, deviceName: d.name })),
    );
  }
  const list = await listMembers(session.campaign.doc);
  return activeMembers(list).map((m) => ({ deviceId: m.deviceId, deviceName: m.deviceName }));
}

/** The author of every change this session makes. */
const author = (session: Session) => ({ by: session.deviceId });

/** Adds a person as this device; the result carries the new person's id. */
export function addPerson(session: Session, input: PersonInput): Result<string> {
  return createPerson(session.campaign.doc, input, author(session));
}

/** Writes `patch` to one person as this device; only the fields in the patch are touched. */
export function editPerson(session: Session, personId: string, patch: PersonPatch): Result<Changes> {
  return updatePerson(session.campaign.doc, personId, patch, author(session));
}

/** Deletes a person (kept as deleted, so it can be undone with `undeletePersonRecord`). */
export function deletePersonRecord(session: Session, personId: string): Result<void> {
  return deletePerson(session.campaign.doc, personId, author(session));
}

/** Brings a deleted person back. */
export function undeletePersonRecord(session: Session, personId: string): Result<void> {
  return restorePerson(session.campaign.doc, personId, author(session));
}

/** Rates a person on the 1–5 scale (`null` clears it); the rating's history keeps every entry. */
export function ratePerson(session: Session, personId: string, value: Assessment | null): Result<void> {
  return rateAssessment(session.campaign.doc, personId, value, author(session));
}

/** Records a person's union card as signed (with its date) or not. */
export function markCard(session: Session, personId: string, card: CardStatus): Result<void> {
  return setCardSigned(session.campaign.doc, personId, card, author(session));
}

/** Marks a person as a leader, or not. */
export function markLeader(session: Session, personId: string, on: boolean): Result<Changes> {
  return setLeader(session.campaign.doc, personId, on, author(session));
}

/** Marks a person as on the committee, or not. */
export function markCommittee(session: Session, personId: string, on: boolean): Result<Changes> {
  return setCommittee(session.campaign.doc, personId, on, author(session));
}

/** Places a person in a unit and shift (either may be null: not placed). */
export function placePerson(session: Session, personId: string, to: Placement): Result<Changes> {
  return movePerson(session.campaign.doc, personId, to, author(session));
}

/** Applies one bulk edit to the people `ids`, with an undo of exactly what it changed. */
export function editPeopleInBulk(
  session: Session,
  ids: readonly string[],
  edit: BulkEdit,
): Result<UndoableBulk> {
  return undoableBulkEdit(session.campaign.doc, ids, edit, author(session));
}

/** Puts the campaign's pending changes on disk. */
export function saveCampaign(session: Session): Promise<void> {
  return session.campaign.flush();
}
