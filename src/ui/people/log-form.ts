/**
 * The "Log a conversation" form state: one Solid store holding exactly what the organizer typed
 * (never trimmed or cut, so nothing is lost), its draft mapping, every problem at once (from the
 * domain's own checks), and the conversion to a domain `ConversationInput`.
 */
import { createStore, type SetStoreFunction } from 'solid-js/store';
import type * as Y from 'yjs';
import {
  ANSWERS,
  type Answer,
  type Assessment,
  CHANNELS,
  type Channel,
  type CommandContext,
  type ConversationInput,
  checkConversation,
  type DomainError,
  type DraftFields,
  isAssessment,
  type Visibility,
} from '../../domain';
import { t } from '../kit/i18n';
import { domainErrorText, fromLocalInput, localToday, toLocalInput } from './format';

export const TEXT_FIELDS = ['stake', 'vision', 'inoculation', 'ask', 'answerNote', 'notes'] as const;
export type TextField = (typeof TEXT_FIELDS)[number];

export interface LogForm {
  personId: string | null;
  personQuery: string;
  newPersonName: string | null;
  at: string;
  channel: Channel | '';
  place: string;
  issueIds: string[];
  newIssueNames: string[];
  issueInput: string;
  stake: string;
  vision: string;
  inoculation: string;
  ask: string;
  answer: Answer | '';
  answerNote: string;
  notes: string;
  assessment: Assessment | null;
  nextText: string;
  nextDue: string;
  visibility: Visibility;
}

export function emptyForm(personId: string | null = null): LogForm {
  return {
    personId,
    personQuery: '',
    newPersonName: null,
    at: toLocalInput(),
    channel: '',
    place: '',
    issueIds: [],
    newIssueNames: [],
    issueInput: '',
    stake: '',
    vision: '',
    inoculation: '',
    ask: '',
    answer: '',
    answerNote: '',
    notes: '',
    assessment: null,
    nextText: '',
    nextDue: '',
    visibility: 'shared',
  };
}

export function createLogForm(personId: string | null): [LogForm, SetStoreFunction<LogForm>] {
  return createStore(emptyForm(personId));
}

/** The form as draft fields (every value as typed). */
export function toDraft(form: LogForm): DraftFields {
  return { ...form, issueIds: [...form.issueIds], newIssueNames: [...form.newIssueNames] };
}

const str = (v: unknown, fallback = '') => (typeof v === 'string' ? v : fallback);
const strs = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** A form from draft fields; anything missing or of the wrong type takes its default. */
export function fromDraft(fields: DraftFields): LogForm {
  const base = emptyForm();
  const channel = str(fields.channel);
  const answer = str(fields.answer);
  return {
    personId: typeof fields.personId === 'string' ? fields.personId : null,
    personQuery: str(fields.personQuery),
    newPersonName: typeof fields.newPersonName === 'string' ? fields.newPersonName : null,
    at: str(fields.at, base.at),
    channel: (CHANNELS as readonly string[]).includes(channel) ? (channel as Channel) : '',
    place: str(fields.place),
    issueIds: strs(fields.issueIds),
    newIssueNames: strs(fields.newIssueNames),
    issueInput: str(fields.issueInput),
    stake: str(fields.stake),
    vision: str(fields.vision),
    inoculation: str(fields.inoculation),
    ask: str(fields.ask),
    answer: (ANSWERS as readonly string[]).includes(answer) ? (answer as Answer) : '',
    answerNote: str(fields.answerNote),
    notes: str(fields.notes),
    assessment: isAssessment(fields.assessment) ? fields.assessment : null,
    nextText: str(fields.nextText),
    nextDue: str(fields.nextDue),
    visibility: fields.visibility === 'private' ? 'private' : 'shared',
  };
}

/** True once the organizer has typed or chosen anything worth keeping. */
export function hasContent(form: LogForm): boolean {
  return (
    form.personId !== null ||
    form.newPersonName !== null ||
    form.personQuery.trim() !== '' ||
    form.channel !== '' ||
    form.place.trim() !== '' ||
    form.issueIds.length > 0 ||
    form.newIssueNames.length > 0 ||
    TEXT_FIELDS.some((f) => form[f].trim() !== '') ||
    form.answer !== '' ||
    form.assessment !== null ||
    form.nextText.trim() !== '' ||
    form.nextDue !== ''
  );
}

/** True when something behind "More detail" holds a value (so it opens on a restored draft). */
export function hasDetail(form: LogForm): boolean {
  return (
    form.issueIds.length > 0 ||
    form.newIssueNames.length > 0 ||
    form.issueInput.trim() !== '' ||
    [form.stake, form.vision, form.inoculation, form.ask, form.answerNote, form.place].some(
      (v) => v.trim() !== '',
    )
  );
}

/** Seven days after today, the default "by when" of a next step. */
export function inAWeek(now = new Date()): string {
  return localToday(new Date(now.getFullYear(), now.getMonth(), now.getDate() + 7));
}

/** Where a domain refusal shows on the form: the field key the form uses. */
function fieldKeyOf(error: DomainError): string {
  const field = error.detail.field;
  if (field === 'nextFollowUp') return error.code === 'text-too-long' ? 'nextText' : 'nextDue';
  return formFieldOf(field);
}

/** Words for a refusal on the form (with the typed length where the limit matters). */
function textOf(error: DomainError, key: string, form: LogForm): string {
  // Nobody chosen reads better as "choose someone" than as a missing name.
  if (key === 'who' && error.code === 'name-required' && form.newPersonName === null)
    return t('error.unknown-person');
  const typed = (form as unknown as Record<string, unknown>)[key];
  return domainErrorText(error, typeof typed === 'string' ? typed.length : undefined);
}

/**
 * Every problem at once, keyed by form field (`who`, `at`, a text field, `nextDue`, …), from the
 * domain's own checks (`checkConversation`): the form has no rules of its own to drift apart.
 */
export function checkForm(campaign: Y.Doc, form: LogForm, ctx: CommandContext): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const problem of checkConversation(campaign, toInput(form), ctx)) {
    const key = fieldKeyOf(problem);
    errors[key] ??= textOf(problem, key, form);
  }
  return errors;
}

/** The domain input for a checked form. */
export function toInput(form: LogForm): ConversationInput {
  const input: ConversationInput = {
    // An unreadable time is passed on as typed, so the domain refuses it instead of using "now".
    at: fromLocalInput(form.at) ?? form.at,
    issueIds: form.issueIds,
    newIssueNames: form.newIssueNames,
    visibility: form.visibility,
  };
  if (form.personId !== null) input.personId = form.personId;
  else input.newPersonName = form.newPersonName ?? '';
  if (form.channel) input.channel = form.channel;
  if (form.place.trim()) input.place = form.place;
  for (const f of TEXT_FIELDS) if (form[f].trim()) input[f] = form[f];
  if (form.answer) input.answer = form.answer;
  if (form.assessment !== null) input.assessment = form.assessment;
  if (form.nextText.trim() || form.nextDue) input.nextStep = { text: form.nextText, due: form.nextDue };
  return input;
}

/** Maps a domain error's field to the form field that shows it. */
export function formFieldOf(field: string | undefined): string {
  switch (field) {
    case 'personId':
    case 'newPersonName':
      return 'who';
    case 'nextFollowUp':
      return 'nextDue';
    case 'issueIds':
    case 'newIssueNames':
      return 'issues';
    default:
      return field ?? 'form';
  }
}
