/**
 * Survey commands: build and edit a draft, publish it (freezing what respondents see), close,
 * delete. Answer codes and collected responses: survey-responses.ts. Stored shape: survey-record.ts.
 *
 * What must stay true: a published definition never changes (answers refer to its question ids
 * and option positions).
 */
import * as Y from 'yjs';
import { type CommandContext, commit, run, timestamp } from '../context';
import { DomainError } from '../errors';
import { newId } from '../ids';
import {
  addRecord,
  applyWrites,
  type Changes,
  checkRef,
  type FieldWrite,
  flagDeleted,
  flagRestored,
  planWrites,
  updateFields,
} from '../records';
import type { Result } from '../result';
import { collection } from '../schema';
import { checkDate, checkName, checkText } from '../validate';
import { listShifts } from '../workplace/shifts';
import { listUnits } from '../workplace/unit-tree';
import { writeCloseMarker } from './close';
import { hasOptions, isQuestionId } from './public';
import { parseSurvey, type Survey } from './record';
import {
  type PublicSurvey,
  QUESTION_KINDS,
  type QuestionKind,
  SURVEY_LIMITS,
  type SurveyAudience,
  type SurveyKeys,
  type SurveyLiveAs,
  type SurveyQuestion,
} from './types';

/** A question as the editor sends it; `id` is kept when valid, else a new one is made. */
export interface QuestionInput {
  id?: string;
  kind: QuestionKind;
  text: string;
  options?: readonly string[];
  required?: boolean;
}

/** What the survey editor sends (every editable field, every time). */
export interface SurveyInput {
  title: string;
  intro?: string | null;
  questions: readonly QuestionInput[];
  opensOn?: string | null;
  closesOn?: string | null;
  k?: number;
  audience?: SurveyAudience;
  requireCodes?: boolean;
}

/** Shape of stored keys and hashes (base64url). */
export const KEY_B64 = /^[A-Za-z0-9_-]{16,400}$/;

function questionId(): string {
  return newId().slice(0, 8);
}

function checkQuestions(input: unknown): SurveyQuestion[] {
  if (!Array.isArray(input)) throw new DomainError('invalid-value', { field: 'questions' });
  if (input.length > SURVEY_LIMITS.questions) {
    throw new DomainError('too-many', { field: 'questions', max: SURVEY_LIMITS.questions });
  }
  const ids = new Set<string>();
  return input.map((q: QuestionInput, index) => {
    const field = `questions.${index}`;
    if (!(QUESTION_KINDS as readonly unknown[]).includes(q?.kind)) {
      throw new DomainError('invalid-value', { field: `${field}.kind`, index });
    }
    const text = checkName(q.text, SURVEY_LIMITS.questionText, `${field}.text`);
    const options: string[] = [];
    if (hasOptions(q.kind)) {
      const raw = Array.isArray(q.options) ? q.options : [];
      for (const [i, o] of raw.entries()) {
        if (typeof o === 'string' && o.trim() === '') continue;
        options.push(checkName(o, SURVEY_LIMITS.optionText, `${field}.options.${i}`));
      }
      if (options.length < 2) throw new DomainError('too-many', { field: `${field}.options`, min: 2 });
      if (options.length > SURVEY_LIMITS.options) {
        throw new DomainError('too-many', { field: `${field}.options`, max: SURVEY_LIMITS.options });
      }
    }
    if (q.required !== undefined && typeof q.required !== 'boolean') {
      throw new DomainError('invalid-value', { field: `${field}.required` });
    }
    let id = isQuestionId(q.id) && !ids.has(q.id) ? q.id : questionId();
    while (ids.has(id)) id = questionId();
    ids.add(id);
    return { id, kind: q.kind, text, options, required: q.required ?? false };
  });
}

function checkK(value: unknown): number {
  const k = value ?? SURVEY_LIMITS.defaultK;
  if (typeof k !== 'number' || !Number.isInteger(k) || k < SURVEY_LIMITS.minK || k > SURVEY_LIMITS.maxK) {
    throw new DomainError('invalid-number', { field: 'k', min: SURVEY_LIMITS.minK, max: SURVEY_LIMITS.maxK });
  }
  return k;
}

function checkAudience(doc: Y.Doc, value: SurveyAudience | undefined): SurveyAudience {
  if (value === undefined) return { all: true, unitIds: [], shiftIds: [] };
  if (typeof value !== 'object' || value === null || typeof value.all !== 'boolean') {
    throw new DomainError('invalid-value', { field: 'audience' });
  }
  if (value.all) return { all: true, unitIds: [], shiftIds: [] };
  const unitIds = [...new Set(Array.isArray(value.unitIds) ? value.unitIds : [])];
  const shiftIds = [...new Set(Array.isArray(value.shiftIds) ? value.shiftIds : [])];
  if (unitIds.length > SURVEY_LIMITS.groups || shiftIds.length > SURVEY_LIMITS.groups) {
    throw new DomainError('too-many', { field: 'audience', max: SURVEY_LIMITS.groups });
  }
  for (const id of unitIds) checkRef(doc, 'units', id, 'unknown-unit', 'audience');
  for (const id of shiftIds) checkRef(doc, 'shifts', id, 'unknown-shift', 'audience');
  return { all: false, unitIds, shiftIds };
}

function definitionWrites(doc: Y.Doc, input: SurveyInput): FieldWrite[] {
  if (typeof input !== 'object' || input === null) throw new DomainError('invalid-value');
  const title = checkName(input.title, SURVEY_LIMITS.title, 'title');
  const intro = input.intro === undefined ? null : checkText(input.intro, 'intro', SURVEY_LIMITS.intro);
  const opensOn = input.opensOn ? checkDate(input.opensOn, 'opensOn') : null;
  const closesOn = input.closesOn ? checkDate(input.closesOn, 'closesOn') : null;
  if (opensOn && closesOn && closesOn < opensOn) throw new DomainError('invalid-date', { field: 'closesOn' });
  if (input.requireCodes !== undefined && typeof input.requireCodes !== 'boolean') {
    throw new DomainError('invalid-value', { field: 'requireCodes' });
  }
  return [
    ['title', title],
    ['intro', intro],
    ['questions', checkQuestions(input.questions)],
    ['opensOn', opensOn],
    ['closesOn', closesOn],
    ['k', checkK(input.k)],
    ['audience', checkAudience(doc, input.audience)],
    ['requireCodes', input.requireCodes ?? false],
  ];
}

function surveyMap(doc: Y.Doc, id: string): Y.Map<unknown> {
  const raw = typeof id === 'string' ? collection(doc, 'surveys').get(id) : undefined;
  if (raw === undefined) throw new DomainError('not-found', { id });
  if (!(raw instanceof Y.Map)) throw new DomainError('corrupt-record', { id });
  return raw as Y.Map<unknown>;
}

/** The survey's map and parsed record; refuses absent, unreadable and deleted surveys. */
export function liveSurvey(doc: Y.Doc, id: string): { map: Y.Map<unknown>; survey: Survey } {
  const map = surveyMap(doc, id);
  const parsed = parseSurvey(id, map);
  if (!parsed.ok) throw new DomainError('corrupt-record', { id });
  if (parsed.value.deleted) throw new DomainError('deleted', { id });
  return { map, survey: parsed.value };
}

/**
 * Creates a draft survey; returns its id.
 *
 * @example
 * const r = createSurvey(doc, { title: 'Heat on the line', questions: [
 *   { kind: 'scale', text: 'How bad is the heat?' }] }, { by: deviceId });
 */
export function createSurvey(doc: Y.Doc, input: SurveyInput, ctx: CommandContext): Result<string> {
  return run(doc, ctx, () => {
    const writes = definitionWrites(doc, input);
    return addRecord(doc, 'surveys', ctx, [...writes, ['status', 'draft']], (map) => {
      map.set('codeHashes', new Y.Array<string>());
      map.set('responses', new Y.Array<unknown>());
    });
  });
}

/** Replaces a draft's definition (title, questions, dates, k, audience, codes). Drafts only. */
export function updateSurvey(
  doc: Y.Doc,
  id: string,
  input: SurveyInput,
  ctx: CommandContext,
): Result<Changes> {
  return run(doc, ctx, () => {
    const { map, survey } = liveSurvey(doc, id);
    if (survey.status !== 'draft') throw new DomainError('invalid-value', { field: 'status' });
    return updateFields(doc, map, definitionWrites(doc, input), ctx);
  });
}

/**
 * Publishes a draft: freezes what respondents see (with the unit and shift names offered for the
 * breakdown) and stores the keys. Returns the frozen definition.
 */
export function publishSurvey(
  doc: Y.Doc,
  id: string,
  keys: SurveyKeys,
  ctx: CommandContext,
): Result<PublicSurvey> {
  return run(doc, ctx, () => {
    const { map, survey } = liveSurvey(doc, id);
    if (survey.status !== 'draft') throw new DomainError('invalid-value', { field: 'status' });
    if (survey.questions.length === 0) throw new DomainError('too-many', { field: 'questions', min: 1 });
    // Either the mailbox pair (every new survey) or an inbox key (earlier surveys, kept for tests
    // and imports of old campaigns).
    const mailbox = keys?.linkSecret !== undefined || keys?.readSecret !== undefined;
    const fields = mailbox
      ? (['publicKey', 'privateKey', 'linkSecret', 'readSecret'] as const)
      : (['publicKey', 'privateKey', 'inboxKey'] as const);
    for (const field of fields) {
      const v = keys?.[field];
      if (typeof v !== 'string' || !KEY_B64.test(v)) throw new DomainError('invalid-value', { field });
    }
    const a = survey.audience;
    const units = listUnits(doc)
      .filter((u) => a.all || a.unitIds.includes(u.id))
      .map((u) => ({ id: u.id, name: u.path.slice(0, SURVEY_LIMITS.groupName) }));
    const shifts = listShifts(doc)
      .filter((s) => a.all || a.shiftIds.includes(s.id))
      .map((s) => ({ id: s.id, name: s.name }));
    const published: PublicSurvey = {
      v: 1,
      id,
      title: survey.title,
      intro: survey.intro,
      questions: survey.questions,
      units,
      shifts,
      k: survey.k,
      codes: survey.requireCodes,
      ...(survey.opensOn ? { opensOn: survey.opensOn } : {}),
      ...(survey.closesOn ? { closesOn: survey.closesOn } : {}),
    };
    const at = timestamp(ctx);
    commit(doc, ctx, () =>
      applyWrites(
        map,
        [
          ['status', 'published'],
          ['published', published],
          ['publicKey', keys.publicKey],
          ['privateKey', keys.privateKey],
          ...(mailbox
            ? ([
                ['linkSecret', keys.linkSecret],
                ['readSecret', keys.readSecret],
              ] as FieldWrite[])
            : ([['inboxKey', keys.inboxKey]] as FieldWrite[])),
          ['publishedAt', at],
          ['publishedBy', ctx.by],
        ],
        at,
        ctx.by,
      ),
    );
    return published;
  });
}

/**
 * Closes a published survey for good: no more responses are collected; results are final. Writes
 * the close marker (survey-close.ts) that no restore, undo or later edit removes.
 */
export function closeSurvey(doc: Y.Doc, id: string, ctx: CommandContext): Result<void> {
  return run(doc, ctx, () => {
    const { map, survey } = liveSurvey(doc, id);
    if (survey.status === 'closed') return;
    if (survey.status !== 'published') throw new DomainError('invalid-value', { field: 'status' });
    const at = timestamp(ctx);
    const writes = planWrites(map, [
      ['status', 'closed'],
      ['closedAt', at],
      ['closedBy', ctx.by],
    ]);
    commit(doc, ctx, () => {
      // The marker, not `status`, is what keeps the survey closed and fixes its final set.
      writeCloseMarker(doc, id);
      applyWrites(map, writes, at, ctx.by);
    });
  });
}

/**
 * Records that the survey mailbox now holds the definition in state `liveAs` (after the server
 * acknowledged the upload), so every member's app can say the link is live. Does nothing when the
 * record already says so; refuses drafts.
 */
export function markSurveyLive(
  doc: Y.Doc,
  id: string,
  liveAs: SurveyLiveAs,
  ctx: CommandContext,
): Result<void> {
  return run(doc, ctx, () => {
    const { map, survey } = liveSurvey(doc, id);
    if (survey.status === 'draft') throw new DomainError('invalid-value', { field: 'status' });
    if (survey.liveAs === liveAs) return;
    const at = timestamp(ctx);
    const writes = planWrites(map, [['liveAs', liveAs]]);
    commit(doc, ctx, () => applyWrites(map, writes, at, ctx.by));
  });
}

/** Soft-deletes a survey (kept for restore, like every record). */
export function deleteSurvey(doc: Y.Doc, id: string, ctx: CommandContext): Result<void> {
  return run(doc, ctx, () => flagDeleted(doc, surveyMap(doc, id), ctx));
}

/** Restores a soft-deleted survey. */
export function restoreSurvey(doc: Y.Doc, id: string, ctx: CommandContext): Result<void> {
  return run(doc, ctx, () => flagRestored(doc, surveyMap(doc, id), ctx));
}
