/**
 * Conversation records: what an organizer logs after talking with a coworker, and its parser.
 *
 * Storage (see docs/conversations.md): one plain JSON object per record, never a nested `Y.Map`.
 * A conversation is written once by the organizer who had it, so last-writer-wins per record is
 * enough and loading 10k+ of them costs a fraction of nested maps.
 * - shared conversations live in the campaign space, collection `conversations`;
 * - private ones, and private notes, live only in the personal space, collection `notes`
 *   (never synced). Visibility is where a record was read from, never a stored flag: a peer
 *   cannot make a shared record look private, or the other way round.
 *
 * What must stay true: `parseConversation` is the only way a stored value becomes a
 * `Conversation`; it never throws and never copies unknown keys. Only keys listed here are read.
 */

import { own } from '../formats';
import { isId } from '../ids';
import { LIMITS } from '../limits';
import { actor, type Fields, fieldsOf, guarded, isoDate, list, plain, reject, stamp } from '../parse-fields';
import { type Assessment, isAssessment } from '../people/assessment';
import type { Result } from '../result';
import type { FollowUp, ParseIssue } from '../types';

/** What kind of entry: a one-on-one, a completed follow-up, or a short note about the person. */
export const CONVERSATION_KINDS = ['one-on-one', 'follow-up', 'note'] as const;
/** One of `CONVERSATION_KINDS`. */
export type ConversationKind = (typeof CONVERSATION_KINDS)[number];

/** How the conversation happened. */
export const CHANNELS = ['in-person', 'phone', 'video', 'message', 'other'] as const;
/** One of `CHANNELS`. */
export type Channel = (typeof CHANNELS)[number];

/** Their answer to the ask. */
export const ANSWERS = ['yes', 'maybe', 'no'] as const;
/** One of `ANSWERS`. */
export type Answer = (typeof ANSWERS)[number];

/** Shared with the committee (campaign space) or kept on this device (personal space). */
export type Visibility = 'shared' | 'private';

/**
 * Free-text fields, in the order of an organizing conversation: what's at stake (the issue and
 * why it matters to them), the vision (what winning looks like), inoculation (what the boss will
 * do), the ask, notes on their answer, and general notes.
 */
export const CONVERSATION_TEXTS = ['stake', 'vision', 'inoculation', 'ask', 'answerNote', 'notes'] as const;
/** One of `CONVERSATION_TEXTS`. */
export type ConversationText = (typeof CONVERSATION_TEXTS)[number];

/** Size limits for conversations (string lengths in UTF-16 code units). */
export const CONVERSATION_LIMITS = {
  /** Each free-text field. */
  text: 10_000,
  place: 200,
  issues: 50,
  /** A logged time may be at most this far ahead of the device clock (clock rounding). */
  futureGraceMs: 60_000,
} as const;

/** A logged conversation (or note), as the parser returns it. */
export interface Conversation {
  readonly id: string;
  readonly personId: string;
  readonly kind: ConversationKind;
  /** Derived from the space the record was read from; never stored. */
  readonly visibility: Visibility;
  /** When it happened (ISO timestamp). */
  readonly at: string;
  /** Who logged it (member/device id). */
  readonly by: string;
  /** When it was logged, if different from `at`. */
  readonly loggedAt: string | undefined;
  readonly channel: Channel | undefined;
  readonly place: string | undefined;
  readonly issueIds: readonly string[];
  readonly stake: string | undefined;
  readonly vision: string | undefined;
  readonly inoculation: string | undefined;
  readonly ask: string | undefined;
  readonly answer: Answer | undefined;
  readonly answerNote: string | undefined;
  readonly notes: string | undefined;
  /** Assessment given after the conversation (also applied to the person). */
  readonly assessment: Assessment | null;
  /** The next step agreed (also set as the person's follow-up). */
  readonly nextStep: FollowUp | undefined;
  /** For `follow-up` entries: the follow-up that was done. */
  readonly completed: FollowUp | undefined;
  readonly deleted: boolean;
  readonly deletedAt: string | undefined;
  readonly deletedBy: string | undefined;
}

/** Untrusted conversation data; only `parseConversation` turns it into a `Conversation`. */
export type RemoteConversation = unknown;

function oneOf<T extends string>(f: Fields, field: string, values: readonly T[]): T | undefined {
  const v = f(field);
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') return reject('wrong-type', field);
  if (!(values as readonly string[]).includes(v)) return reject('invalid-value', field);
  return v as T;
}

function text(f: Fields, field: string, max: number): string | undefined {
  const v = f(field);
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') return reject('wrong-type', field);
  if (v.length > max) return reject('too-long', field);
  return v.length === 0 ? undefined : v;
}

function followUp(f: Fields, field: string): FollowUp | undefined {
  const v = f(field);
  if (v === undefined || v === null) return undefined;
  const o = plain(v, field);
  const t = own(o, 'text') ?? '';
  if (typeof t !== 'string') return reject('wrong-type', field);
  if (t.length > LIMITS.followUpText) return reject('too-long', field);
  return { text: t, due: isoDate(own(o, 'due'), field) };
}

function issueIds(f: Fields): string[] {
  return list(f, 'issueIds', CONVERSATION_LIMITS.issues).map((id) =>
    isId(id) ? id : reject('invalid-value', 'issueIds'),
  );
}

function assessment(f: Fields): Assessment | null {
  const v = f('assessment');
  if (v === undefined || v === null) return null;
  return isAssessment(v) ? v : reject('invalid-value', 'assessment');
}

/**
 * Parses one stored conversation. Never throws: a bad record comes back as a `ParseIssue`.
 * @example
 * const r = parseConversation(id, doc.getMap('conversations').get(id), 'shared');
 */
export function parseConversation(
  id: string,
  raw: RemoteConversation,
  visibility: Visibility,
): Result<Conversation, ParseIssue> {
  const collection = visibility === 'shared' ? 'conversations' : 'notes';
  return guarded(id, collection, () => {
    const f = fieldsOf(raw);
    const personId = f('personId');
    if (!isId(personId)) reject(personId === undefined ? 'missing' : 'invalid-value', 'personId');
    const kind = oneOf(f, 'kind', CONVERSATION_KINDS);
    if (kind === undefined) reject('missing', 'kind');
    const deleted = f('deleted');
    if (deleted !== undefined && typeof deleted !== 'boolean') reject('wrong-type', 'deleted');
    const conversation: Conversation = {
      id,
      personId: personId as string,
      kind: kind as ConversationKind,
      visibility,
      at: stamp(f, 'at'),
      by: actor(f, 'by'),
      loggedAt: stamp(f, 'loggedAt', true),
      channel: oneOf(f, 'channel', CHANNELS),
      place: text(f, 'place', CONVERSATION_LIMITS.place),
      issueIds: issueIds(f),
      stake: text(f, 'stake', CONVERSATION_LIMITS.text),
      vision: text(f, 'vision', CONVERSATION_LIMITS.text),
      inoculation: text(f, 'inoculation', CONVERSATION_LIMITS.text),
      ask: text(f, 'ask', CONVERSATION_LIMITS.text),
      answer: oneOf(f, 'answer', ANSWERS),
      answerNote: text(f, 'answerNote', CONVERSATION_LIMITS.text),
      notes: text(f, 'notes', CONVERSATION_LIMITS.text),
      assessment: assessment(f),
      nextStep: followUp(f, 'nextStep'),
      completed: followUp(f, 'completed'),
      deleted: deleted === true,
      deletedAt: stamp(f, 'deletedAt', true),
      deletedBy: actor(f, 'deletedBy', true),
    };
    return conversation;
  });
}
