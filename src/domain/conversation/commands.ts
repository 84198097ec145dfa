/**
 * Conversation commands: log a conversation, save a private note, delete and restore.
 *
 * What must stay true:
 * - A private conversation or note is written ONLY to the personal space (`notes`); the campaign
 *   doc never holds its text. What it changes about the person (assessment, next step) is campaign
 *   data by nature and is written there — the form says so.
 * - Everything is checked before the first write (Yjs cannot roll back). A shared conversation,
 *   with the person, issues, assessment and follow-up it creates or changes, is one campaign
 *   transaction; a private one is one campaign transaction (only if the person changes) and one
 *   personal transaction.
 * - Records are plain objects replaced whole (last writer wins per record); soft delete replaces
 *   the record with a copy flagged `deleted`.
 */
import type * as Y from 'yjs';
import { type CommandContext, commit, idFor, run, timestamp } from '../context';
import { DomainError } from '../errors';
import { isPlainObject } from '../formats';
import { isId } from '../ids';
import { createPerson, updatePerson } from '../people/commands';
import { rateAssessment } from '../people/status';
import type { Result } from '../result';
import { collection } from '../schema';
import { checkText } from '../validate';
import { createIssue } from '../workplace/issues';
import type { ConversationInput, ConversationPlan } from './input';
import { checkPastTime, checkPerson, planConversation } from './input';
import { CONVERSATION_LIMITS, type Visibility } from './record';

/** The spaces conversation commands work on; `personal` is needed for private entries. */
export interface ConversationSpaces {
  readonly campaign: Y.Doc;
  readonly personal?: Y.Doc;
}

/** What `logConversation` did. */
export interface LoggedConversation {
  readonly id: string;
  /** The person talked with (new when `newPersonName` was given). */
  readonly personId: string;
  /** Every issue raised, including ones created now. */
  readonly issueIds: readonly string[];
  readonly visibility: Visibility;
}

/** The collection a record of this visibility lives in. */
export function conversationStore(spaces: ConversationSpaces, visibility: Visibility): Y.Map<unknown> {
  if (visibility === 'shared') return collection(spaces.campaign, 'conversations');
  if (!spaces.personal) throw new DomainError('invalid-value', { field: 'visibility' });
  return collection(spaces.personal, 'notes');
}

/** Unwraps a nested command's result; after validation it cannot fail, so a failure is a bug. */
function must<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`conversation: nested command failed after validation: ${r.error.code}`);
  return r.value;
}

/** The stored record: only keys with a value, in a fixed order. */
function recordOf(plan: ConversationPlan, personId: string, issueIds: string[], by: string) {
  const rec: Record<string, unknown> = { personId, kind: plan.kind, at: plan.at, by };
  if (plan.loggedAt !== plan.at) rec.loggedAt = plan.loggedAt;
  if (plan.channel) rec.channel = plan.channel;
  if (plan.place) rec.place = plan.place;
  if (issueIds.length > 0) rec.issueIds = issueIds;
  Object.assign(rec, plan.texts);
  if (plan.answer) rec.answer = plan.answer;
  if (plan.assessment !== null) rec.assessment = plan.assessment;
  if (plan.nextStep) rec.nextStep = plan.nextStep;
  return rec;
}

/**
 * Logs a conversation. A new person (`newPersonName`) and new issues are created with it; the
 * assessment after the conversation rates the person (appending to the history) and the next
 * step becomes the person's follow-up. Refused, with nothing written: `unknown-person`,
 * `name-required` (field `newPersonName`), `date-in-future`/`invalid-date` (field `at`),
 * `text-too-long` (field = the text), `unknown-issue`, `invalid-assessment`, `invalid-date`
 * (field `nextFollowUp`).
 * @example
 * const r = logConversation({ campaign: doc, personal }, { personId, ask: 'Sign a card', answer: 'yes',
 *   assessment: 2, nextStep: { text: 'Bring the card', due: '2025-03-20' } }, { by: deviceId });
 * if (r.ok) await Promise.all([campaignStore.flush(), personalStore.flush()]);
 */
export function logConversation(
  spaces: ConversationSpaces,
  input: ConversationInput,
  ctx: CommandContext,
): Result<LoggedConversation> {
  return run(spaces.campaign, ctx, () => {
    const plan = planConversation(spaces.campaign, input, ctx);
    const target = conversationStore(spaces, plan.visibility);
    const id = idFor(ctx);
    let personId = plan.personId ?? '';
    const issueIds = [...plan.issueIds];
    const personChanges =
      plan.personId === null ||
      plan.newIssueNames.length > 0 ||
      plan.assessment !== null ||
      plan.nextStep !== undefined;
    const writeRecord = () => target.set(id, recordOf(plan, personId, issueIds, ctx.by));
    const writeCampaign = () => {
      for (const name of plan.newIssueNames) issueIds.push(must(createIssue(spaces.campaign, { name }, ctx)));
      if (plan.personId === null) {
        personId = must(
          createPerson(
            spaces.campaign,
            {
              name: plan.newPersonName ?? '',
              assessment: plan.assessment,
              ...(plan.nextStep ? { nextFollowUp: plan.nextStep } : {}),
            },
            ctx,
          ),
        );
        return;
      }
      if (plan.assessment !== null) must(rateAssessment(spaces.campaign, personId, plan.assessment, ctx));
      if (plan.nextStep !== undefined) {
        must(updatePerson(spaces.campaign, personId, { nextFollowUp: plan.nextStep }, ctx));
      }
    };
    if (plan.visibility === 'shared') {
      commit(spaces.campaign, ctx, () => {
        writeCampaign();
        writeRecord();
      });
    } else {
      if (personChanges) commit(spaces.campaign, ctx, writeCampaign);
      commit(spaces.personal as Y.Doc, ctx, writeRecord);
    }
    return { id, personId, issueIds, visibility: plan.visibility };
  });
}

/**
 * Saves a private note about a person: only in the personal space, never synced.
 * @example savePrivateNote({ campaign, personal }, { personId, text: 'Sister works in HR' }, ctx)
 */
export function savePrivateNote(
  spaces: Required<ConversationSpaces>,
  input: { personId: string; text: string; at?: string },
  ctx: CommandContext,
): Result<string> {
  return run(spaces.personal, ctx, () => {
    const personId = checkPerson(spaces.campaign, input?.personId);
    const text = checkText(input.text, 'notes', CONVERSATION_LIMITS.text);
    if (text === null) throw new DomainError('name-required', { field: 'notes' });
    const at = checkPastTime(input.at, ctx);
    const id = idFor(ctx);
    commit(spaces.personal, ctx, () =>
      collection(spaces.personal, 'notes').set(id, { personId, kind: 'note', at, by: ctx.by, notes: text }),
    );
    return id;
  });
}

/** Finds a record and which space holds it. */
function locate(spaces: ConversationSpaces, id: string): { map: Y.Map<unknown>; doc: Y.Doc; rec: object } {
  if (isId(id)) {
    for (const visibility of ['shared', 'private'] as const) {
      if (visibility === 'private' && !spaces.personal) continue;
      const map = conversationStore(spaces, visibility);
      const rec = map.get(id);
      if (rec === undefined) continue;
      if (!isPlainObject(rec)) throw new DomainError('corrupt-record', { id });
      return { map, doc: visibility === 'shared' ? spaces.campaign : (spaces.personal as Y.Doc), rec };
    }
  }
  throw new DomainError('not-found', { id });
}

/** Rewrites one conversation or note as `next` returns it; nothing is written when it returns nothing. */
function rewriteRecord(
  spaces: ConversationSpaces,
  id: string,
  ctx: CommandContext,
  next: (rec: Record<string, unknown>) => Record<string, unknown> | undefined,
): Result<void> {
  return run(spaces.campaign, ctx, () => {
    const { map, doc, rec } = locate(spaces, id);
    const value = next(rec as Record<string, unknown>);
    if (value !== undefined) commit(doc, ctx, () => map.set(id, value));
  });
}

/** Soft-deletes a conversation or private note (kept, flagged, so it can be restored). Idempotent. */
export function deleteConversation(
  spaces: ConversationSpaces,
  id: string,
  ctx: CommandContext,
): Result<void> {
  return rewriteRecord(spaces, id, ctx, (rec) =>
    rec.deleted === true
      ? undefined
      : { ...rec, deleted: true, deletedAt: timestamp(ctx), deletedBy: ctx.by },
  );
}

/** Restores a soft-deleted conversation or private note. Idempotent. */
export function restoreConversation(
  spaces: ConversationSpaces,
  id: string,
  ctx: CommandContext,
): Result<void> {
  return rewriteRecord(spaces, id, ctx, (rec) => {
    if (rec.deleted !== true) return undefined;
    const { deleted: _d, deletedAt: _a, deletedBy: _b, ...rest } = rec;
    return rest;
  });
}
