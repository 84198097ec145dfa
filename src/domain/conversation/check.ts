/**
 * Every problem with a conversation input at once, so a form can mark all of them in one go
 * instead of one per tap. The per-field checks are the very ones `planConversation` runs; when
 * they all pass, `planConversation` itself runs last, so a rule added there is never missed here.
 */
import type * as Y from 'yjs';
import type { CommandContext } from '../context';
import { DomainError } from '../errors';
import { LIMITS } from '../limits';
import { checkFollowUp, checkName, checkText } from '../validate';
import { type ConversationInput, checkPastTime, checkPerson, planConversation } from './input';
import { CONVERSATION_LIMITS, CONVERSATION_TEXTS } from './record';

/**
 * The refusals `logConversation` would give for `input`, in form order (who, when, where, texts,
 * next step, then anything else); empty when it would be accepted. Writes nothing.
 * @example checkConversation(campaign, { personId, notes }, { by }).map((e) => e.detail.field)
 */
export function checkConversation(
  campaign: Y.Doc,
  input: ConversationInput,
  ctx: CommandContext,
): DomainError[] {
  const problems: DomainError[] = [];
  const attempt = (check: () => unknown) => {
    try {
      check();
    } catch (e) {
      if (e instanceof DomainError) problems.push(e);
      else throw e;
    }
  };
  attempt(() =>
    input.personId !== undefined
      ? checkPerson(campaign, input.personId)
      : checkName(input.newPersonName, LIMITS.name, 'newPersonName'),
  );
  attempt(() => checkPastTime(input.at, ctx));
  if (input.place !== undefined) attempt(() => checkText(input.place, 'place', CONVERSATION_LIMITS.place));
  for (const field of CONVERSATION_TEXTS) {
    const value = input[field];
    if (value !== undefined) attempt(() => checkText(value, field, CONVERSATION_LIMITS.text));
  }
  if (input.nextStep !== undefined) attempt(() => checkFollowUp(input.nextStep));
  if (problems.length === 0) attempt(() => planConversation(campaign, input, ctx));
  return problems;
}
