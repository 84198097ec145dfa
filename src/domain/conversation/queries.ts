/**
 * Conversation queries: pure reads over the campaign space (shared) and, when given, the personal
 * space (private). Every record goes through `parseConversation`; bad ones are reported, never thrown.
 */
import type * as Y from 'yjs';
import { collection } from '../schema';
import type { ParseIssue } from '../types';
import type { ListOptions } from '../workplace/unit-tree';
import type { ConversationSpaces } from './commands';
import { type Conversation, parseConversation, type Visibility } from './record';

/** Conversations that parsed (newest first), and the records that did not. */
export interface ConversationList {
  readonly conversations: Conversation[];
  readonly quarantined: ParseIssue[];
}

function read(
  doc: Y.Doc,
  visibility: Visibility,
  into: ConversationList,
  options: ListOptions,
  personId?: string,
): void {
  collection(doc, visibility === 'shared' ? 'conversations' : 'notes').forEach((raw, id) => {
    const r = parseConversation(id, raw, visibility);
    if (!r.ok) into.quarantined.push(r.error);
    else if (
      (options.includeDeleted || !r.value.deleted) &&
      (personId === undefined || r.value.personId === personId)
    )
      into.conversations.push(r.value);
  });
}

/** Newest first by `at`, then by id (the same order on every device). */
export function byNewest(a: Conversation, b: Conversation): number {
  return a.at < b.at ? 1 : a.at > b.at ? -1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Every shared conversation, plus this device's private ones when `personal` is given, newest first.
 * @example const { conversations } = listConversations({ campaign: doc, personal: personalDoc });
 */
export function listConversations(spaces: ConversationSpaces, options: ListOptions = {}): ConversationList {
  return collect(spaces, options);
}

function collect(spaces: ConversationSpaces, options: ListOptions, personId?: string): ConversationList {
  const out: ConversationList = { conversations: [], quarantined: [] };
  read(spaces.campaign, 'shared', out, options, personId);
  if (spaces.personal) read(spaces.personal, 'private', out, options, personId);
  out.conversations.sort(byNewest);
  return out;
}

/** One person's timeline: their shared and (when `personal` is given) private entries, newest first. */
export function conversationsOf(
  spaces: ConversationSpaces,
  personId: string,
  options: ListOptions = {},
): Conversation[] {
  return collect(spaces, options, personId).conversations;
}
