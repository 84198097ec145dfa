/**
 * The "Log a conversation" form state: one Solid store holding exactly what the organizer typed
 * (never trimmed or cut, so nothing is lost), its draft mapping, client-side checks that can show
 * every problem at once, and the conversion to a domain `ConversationInput`.
 */
import { createStore, type SetStoreFunction } from 'solid-js/store';
import {
  ANSWERS,
  type Answer,
  type Assessment,
  CHANNELS,
  type Channel,
  CONVERSATION_LIMITS,
  type ConversationInput,
  type DraftFields,
  isAssessment,
  isIsoDate,
  LIMITS,
  type Visibility,
} from '../../../domain';
import { t } from '../../i18n';
import { fromLocalInput, toLocalInput } from './format';

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

const tooLong = (n: number, max: number) =>
  t('error.text-too-long', {
    n: new Intl.NumberFormat().format(n),
    max: new Intl.NumberFormat().format(max),
  });

/** Every problem at once, keyed by form field (`who`, `at`, a text field, `nextDue`, …). */
export function checkForm(form: LogForm, now = new Date()): Record<string, string> {
  const errors: Record<string, string> = {};
  if (form.personId === null && (form.newPersonName ?? '').trim() === '')
    errors.who = t('error.unknown-person');
  if ((form.newPersonName ?? '').length > LIMITS.name) errors.who = t('error.name-too-long');
  const at = fromLocalInput(form.at);
  if (at === null) errors.at = t('error.invalid-date');
  else if (Date.parse(at) - now.getTime() > CONVERSATION_LIMITS.futureGraceMs)
    errors.at = t('error.date-in-future');
  if (form.place.trim().length > CONVERSATION_LIMITS.place)
    errors.place = tooLong(form.place.length, CONVERSATION_LIMITS.place);
  for (const f of TEXT_FIELDS) {
    const n = form[f].trim().length;
    if (n > CONVERSATION_LIMITS.text) errors[f] = tooLong(form[f].length, CONVERSATION_LIMITS.text);
  }
  if (form.nextText.trim().length > LIMITS.followUpText)
    errors.nextText = tooLong(form.nextText.length, LIMITS.followUpText);
  if ((form.nextText.trim() || form.nextDue) && !isIsoDate(form.nextDue))
    errors.nextDue = t('error.invalid-date');
  return errors;
}

/** The domain input for a checked form. */
export function toInput(form: LogForm): ConversationInput {
  const input: ConversationInput = {
    at: fromLocalInput(form.at) ?? undefined,
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
