/**
 * What a "Log a conversation" form may say, and how it is checked before anything is written.
 * Every check throws `DomainError` (with the input `field`, so the form can put the message next
 * to it); `logConversation` runs all of them before its first write.
 */
import * as Y from 'yjs';
import { type CommandContext, timestamp } from '../context';
import { DomainError } from '../errors';
import { isIsoTimestamp } from '../formats';
import { isId } from '../ids';
import { LIMITS } from '../limits';
import type { Assessment } from '../people/assessment';
import { collection } from '../schema';
import { normalizeSearch } from '../search-key';
import type { FollowUp } from '../types';
import { checkAssessment, checkFollowUp, checkName, checkText } from '../validate';
import {
  ANSWERS,
  type Answer,
  CHANNELS,
  type Channel,
  CONVERSATION_LIMITS,
  CONVERSATION_TEXTS,
  type ConversationText,
  type Visibility,
} from './record';

/** A conversation to log. Give `personId` (someone in the campaign) or `newPersonName`. */
export interface ConversationInput {
  personId?: string;
  /** Creates the person in the same transaction ("create on the fly"). */
  newPersonName?: string;
  /** When it happened (ISO timestamp); defaults to now; never in the future. */
  at?: string;
  /** `one-on-one` (default) or `note`. Follow-ups are logged by `completeFollowUp`. */
  kind?: 'one-on-one' | 'note';
  channel?: Channel | null;
  place?: string | null;
  /** Existing workplace issues raised. */
  issueIds?: readonly string[];
  /** New workplace issues raised: created with the conversation (an existing name is reused). */
  newIssueNames?: readonly string[];
  stake?: string | null;
  vision?: string | null;
  inoculation?: string | null;
  ask?: string | null;
  answer?: Answer | null;
  answerNote?: string | null;
  notes?: string | null;
  /** Assessment after the conversation: rates the person (history kept). Omit or null: no rating. */
  assessment?: Assessment | null;
  /** Next step: becomes the person's follow-up. Omit to leave the follow-up as it is. */
  nextStep?: FollowUp | null;
  /** `shared` (default): the committee sees it. `private`: only in this device's personal space. */
  visibility?: Visibility;
}

/** A checked input: everything `logConversation` needs to write. */
export interface ConversationPlan {
  personId: string | null;
  newPersonName: string | null;
  at: string;
  loggedAt: string;
  kind: 'one-on-one' | 'note';
  channel: Channel | null;
  place: string | null;
  issueIds: string[];
  /** New issue names not matching an existing issue (deduplicated). */
  newIssueNames: string[];
  texts: Partial<Record<ConversationText, string>>;
  answer: Answer | null;
  assessment: Assessment | null;
  nextStep: FollowUp | null | undefined;
  visibility: Visibility;
}

/** A live person of the campaign, or `unknown-person`. */
export function checkPerson(campaign: Y.Doc, id: unknown, field = 'personId'): string {
  const raw = isId(id) ? collection(campaign, 'people').get(id) : undefined;
  if (!(raw instanceof Y.Map) || raw.get('deleted') === true) {
    throw new DomainError('unknown-person', { field });
  }
  return id as string;
}

/** A past (or present) ISO timestamp; defaults to the command's time. */
export function checkPastTime(value: unknown, ctx: CommandContext, field = 'at'): string {
  const now = timestamp(ctx);
  if (value === undefined) return now;
  if (!isIsoTimestamp(value)) throw new DomainError('invalid-date', { field });
  if (Date.parse(value) - Date.parse(now) > CONVERSATION_LIMITS.futureGraceMs) {
    throw new DomainError('date-in-future', { field });
  }
  return value;
}

function checkOneOf<T extends string>(value: unknown, values: readonly T[], field: string): T | null {
  if (value === undefined || value === null) return null;
  if (!(values as readonly unknown[]).includes(value)) throw new DomainError('invalid-value', { field });
  return value as T;
}

function checkIssueIds(campaign: Y.Doc, value: unknown): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new DomainError('invalid-value', { field: 'issueIds' });
  const issues = collection(campaign, 'issues');
  const out = new Set<string>();
  for (const id of value) {
    const raw = isId(id) ? issues.get(id) : undefined;
    if (!(raw instanceof Y.Map) || raw.get('deleted') === true) {
      throw new DomainError('unknown-issue', { field: 'issueIds' });
    }
    out.add(id);
  }
  return [...out];
}

/** Splits new issue names into existing ids (same name, accent/case-insensitive) and really new names. */
function checkNewIssues(campaign: Y.Doc, value: unknown, ids: Set<string>): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new DomainError('invalid-value', { field: 'newIssueNames' });
  const existing = new Map<string, string>();
  collection(campaign, 'issues').forEach((raw, id) => {
    if (!(raw instanceof Y.Map) || raw.get('deleted') === true) return;
    const name = raw.get('name');
    if (typeof name === 'string') existing.set(normalizeSearch(name), id);
  });
  const fresh = new Map<string, string>();
  for (const v of value) {
    const name = checkName(v, LIMITS.issueName, 'newIssueNames');
    const key = normalizeSearch(name);
    const id = existing.get(key);
    if (id !== undefined) ids.add(id);
    else if (!fresh.has(key)) fresh.set(key, name);
  }
  return [...fresh.values()];
}

/**
 * Checks a conversation input against the campaign; throws `DomainError` on the first problem.
 * Who comes first, then when, then the texts in form order, so the first message is the topmost.
 */
export function planConversation(
  campaign: Y.Doc,
  input: ConversationInput,
  ctx: CommandContext,
): ConversationPlan {
  if (typeof input !== 'object' || input === null) throw new DomainError('invalid-value');
  let personId: string | null = null;
  let newPersonName: string | null = null;
  if (input.personId !== undefined) personId = checkPerson(campaign, input.personId);
  else newPersonName = checkName(input.newPersonName, LIMITS.name, 'newPersonName');
  const loggedAt = timestamp(ctx);
  const at = checkPastTime(input.at, ctx);
  const kind = checkOneOf(input.kind, ['one-on-one', 'note'] as const, 'kind') ?? 'one-on-one';
  const channel = checkOneOf(input.channel, CHANNELS, 'channel');
  const place = input.place === undefined ? null : checkText(input.place, 'place', CONVERSATION_LIMITS.place);
  const issueIds = new Set(checkIssueIds(campaign, input.issueIds));
  const newIssueNames = checkNewIssues(campaign, input.newIssueNames, issueIds);
  if (issueIds.size + newIssueNames.length > CONVERSATION_LIMITS.issues) {
    throw new DomainError('too-many', { field: 'issueIds', max: CONVERSATION_LIMITS.issues });
  }
  const texts: Partial<Record<ConversationText, string>> = {};
  for (const field of CONVERSATION_TEXTS) {
    const value = input[field];
    if (value === undefined) continue;
    const clean = checkText(value, field, CONVERSATION_LIMITS.text);
    if (clean !== null) texts[field] = clean;
  }
  const answer = checkOneOf(input.answer, ANSWERS, 'answer');
  const assessment = input.assessment === undefined ? null : checkAssessment(input.assessment);
  const nextStep = input.nextStep === undefined ? undefined : checkFollowUp(input.nextStep);
  const visibility = checkOneOf(input.visibility, ['shared', 'private'] as const, 'visibility') ?? 'shared';
  return {
    personId,
    newPersonName,
    at,
    loggedAt,
    kind,
    channel,
    place,
    issueIds: [...issueIds],
    newIssueNames,
    texts,
    answer,
    assessment,
    nextStep,
    visibility,
  };
}
