/**
 * Conversation operations for "Log a conversation": the form's draft in the personal space
 * (never synced) and logging the conversation itself, durably in both spaces; marking a follow-up
 * done and keeping a private note, as the person page and the follow-ups list do.
 */
import {
  type CompleteFollowUpInput,
  type ConversationInput,
  clearDraft,
  completeFollowUp,
  type Draft,
  type DraftFields,
  type LoggedConversation,
  logConversation,
  type Result,
  readDraft,
  saveDraft,
  savePrivateNote,
} from '../domain';
import type { Session } from './session';

/** The personal-space draft slot of the "Log a conversation" form. */
export const LOG_DRAFT_SLOT = 'conversation';

/** The kept draft of the form, if there is one. */
export function readLogDraft(session: Session): Draft | undefined {
  return readDraft(session.personal.doc, LOG_DRAFT_SLOT);
}

/**
 * Keeps `fields` as the form's draft, or drops the draft when `fields` is null (nothing worth
 * keeping). Over the draft limit the write is refused: the form still holds everything typed.
 */
export function writeLogDraft(session: Session, fields: DraftFields | null): void {
  const ctx = { by: session.deviceId };
  if (fields) saveDraft(session.personal.doc, LOG_DRAFT_SLOT, fields, ctx);
  else clearDraft(session.personal.doc, LOG_DRAFT_SLOT, ctx);
}

/** Deletes the form's draft and puts that on disk. */
export async function clearLogDraft(session: Session): Promise<void> {
  writeLogDraft(session, null);
  await session.personal.flush();
}

/** Puts the personal space's pending changes (draft, device settings) on disk. */
export function savePersonal(session: Session): Promise<void> {
  return session.personal.flush();
}

/** Logs a conversation as this device (checked by the domain first; nothing is written if refused). */
export function recordConversation(session: Session, input: ConversationInput): Result<LoggedConversation> {
  return logConversation({ campaign: session.campaign.doc, personal: session.personal.doc }, input, {
    by: session.deviceId,
  });
}

/** Puts a logged conversation on disk in both spaces (a private one lives in the personal space). */
export async function saveConversation(session: Session): Promise<void> {
  await Promise.all([session.campaign.flush(), session.personal.flush()]);
}

/**
 * Marks a person's follow-up done as this device: clears it (or sets `input.next`) and logs it on
 * their timeline. Refused with `no-follow-up` when someone else completed it first.
 */
export function markFollowUpDone(
  session: Session,
  personId: string,
  input: CompleteFollowUpInput = {},
): Result<string> {
  return completeFollowUp({ campaign: session.campaign.doc }, personId, input, { by: session.deviceId });
}

/** Keeps a private note on a person, in the personal space only (never synced). */
export function writePrivateNote(
  session: Session,
  input: { personId: string; text: string },
): Result<string> {
  const spaces = { campaign: session.campaign.doc, personal: session.personal.doc };
  return savePrivateNote(spaces, input, { by: session.deviceId });
}
