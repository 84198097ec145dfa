/**
 * The public side of a survey, shared by the respondent page and the organizers' devices: reading
 * a survey definition from a link, checking answers, and the response plaintext format.
 *
 * Response plaintext: UTF-8 JSON `{"v":1,"a":{<questionId>: answer},"u":unit?,"s":shift?,"c":code?}`
 * padded with spaces to a multiple of `PAD_BYTES`, so the sealed size says little about how much
 * free text was written. It holds answers only: no time, no device, no name.
 *
 * What must stay true: everything read here may come from a hostile link or a hostile respondent.
 * Readers return `null` (or a list of problems) and never throw. This module imports no Yjs.
 */
import { isIsoDate, isPlainObject, own } from '../formats';
import { isId } from '../ids';
import {
  type AnswerValue,
  type PublicSurvey,
  QUESTION_KINDS,
  type QuestionKind,
  SCALE_POINTS,
  SURVEY_LIMITS,
  type SurveyGroup,
  type SurveyQuestion,
  type SurveyResponse,
} from './types';

/** Response plaintexts are padded to a multiple of this many bytes. */
export const PAD_BYTES = 512;

const QUESTION_ID = /^[A-Za-z0-9_-]{4,32}$/;

/** True for a question id. */
export function isQuestionId(v: unknown): v is string {
  return typeof v === 'string' && QUESTION_ID.test(v) && !Object.hasOwn(Object.prototype, v);
}

/** True when this kind of question offers options. */
export function hasOptions(kind: QuestionKind): boolean {
  return kind === 'single' || kind === 'multiple' || kind === 'ranking';
}

function str(v: unknown, max: number, allowEmpty = false): string | null {
  if (typeof v !== 'string' || v.length > max) return null;
  if (!allowEmpty && v.trim().length === 0) return null;
  return v;
}

/** Reads one question from untrusted data, or null. */
export function readQuestion(raw: unknown): SurveyQuestion | null {
  if (!isPlainObject(raw)) return null;
  const id = own(raw, 'id');
  const kind = own(raw, 'kind');
  const text = str(own(raw, 'text'), SURVEY_LIMITS.questionText);
  const required = own(raw, 'required') ?? false;
  const rawOptions = own(raw, 'options') ?? [];
  if (!isQuestionId(id) || !(QUESTION_KINDS as readonly unknown[]).includes(kind) || text === null)
    return null;
  if (typeof required !== 'boolean' || !Array.isArray(rawOptions)) return null;
  const k = kind as QuestionKind;
  if (!hasOptions(k) && rawOptions.length > 0) return null;
  if (hasOptions(k) && (rawOptions.length < 2 || rawOptions.length > SURVEY_LIMITS.options)) return null;
  const options: string[] = [];
  for (const o of rawOptions) {
    const s = str(o, SURVEY_LIMITS.optionText);
    if (s === null) return null;
    options.push(s);
  }
  return { id, kind: k, text, options, required };
}

function readGroups(raw: unknown): SurveyGroup[] | null {
  if (raw === undefined) return [];
  if (!Array.isArray(raw) || raw.length > SURVEY_LIMITS.groups) return null;
  const out: SurveyGroup[] = [];
  const seen = new Set<string>();
  for (const g of raw) {
    if (!isPlainObject(g)) return null;
    const id = own(g, 'id');
    const name = str(own(g, 'name'), SURVEY_LIMITS.groupName);
    if (!isId(id) || name === null || seen.has(id)) return null;
    seen.add(id);
    out.push({ id, name });
  }
  return out;
}

/**
 * Reads a public survey definition (from a link or the campaign doc); null when anything is off.
 *
 * @example
 * const survey = readPublicSurvey(JSON.parse(text));
 * if (!survey) showBrokenLink();
 */
export function readPublicSurvey(raw: unknown): PublicSurvey | null {
  if (!isPlainObject(raw) || own(raw, 'v') !== 1) return null;
  const id = own(raw, 'id');
  const title = str(own(raw, 'title'), SURVEY_LIMITS.title);
  const intro = str(own(raw, 'intro') ?? '', SURVEY_LIMITS.intro, true);
  const k = own(raw, 'k');
  const codes = own(raw, 'codes') ?? false;
  const opensOn = own(raw, 'opensOn');
  const closesOn = own(raw, 'closesOn');
  const rawQuestions = own(raw, 'questions');
  if (!isId(id) || title === null || intro === null || typeof codes !== 'boolean') return null;
  if (typeof k !== 'number' || !Number.isInteger(k) || k < SURVEY_LIMITS.minK || k > SURVEY_LIMITS.maxK) {
    return null;
  }
  if (opensOn !== undefined && !isIsoDate(opensOn)) return null;
  if (closesOn !== undefined && !isIsoDate(closesOn)) return null;
  if (!Array.isArray(rawQuestions) || rawQuestions.length === 0) return null;
  if (rawQuestions.length > SURVEY_LIMITS.questions) return null;
  const questions: SurveyQuestion[] = [];
  const ids = new Set<string>();
  for (const q of rawQuestions) {
    const question = readQuestion(q);
    if (!question || ids.has(question.id)) return null;
    ids.add(question.id);
    questions.push(question);
  }
  const units = readGroups(own(raw, 'units'));
  const shifts = readGroups(own(raw, 'shifts'));
  if (!units || !shifts) return null;
  const survey: PublicSurvey = { v: 1, id, title, intro, questions, units, shifts, k, codes };
  return {
    ...survey,
    ...(opensOn !== undefined ? { opensOn: opensOn as string } : {}),
    ...(closesOn !== undefined ? { closesOn: closesOn as string } : {}),
  };
}

/** Where a survey stands on a given day (`today` as an ISO date, in the viewer's time zone). */
export function surveyWindow(survey: Pick<PublicSurvey, 'opensOn' | 'closesOn'>, today: string) {
  if (survey.opensOn && today < survey.opensOn) return 'not-yet' as const;
  if (survey.closesOn && today > survey.closesOn) return 'closed' as const;
  return 'open' as const;
}

/** Today's date as `YYYY-MM-DD` in local time. */
export function localIsoDate(now: Date = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}

function isIndex(v: unknown, n: number): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < n;
}

/**
 * Reads one answer to `q`; `undefined` when it is not a valid answer. Empty answers (no option
 * ticked, blank text) are not answers: callers leave them out.
 */
export function readAnswer(q: SurveyQuestion, v: unknown): AnswerValue | undefined {
  const n = q.options.length;
  switch (q.kind) {
    case 'single':
      return isIndex(v, n) ? v : undefined;
    case 'scale':
      return typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= SCALE_POINTS ? v : undefined;
    case 'multiple':
    case 'ranking': {
      if (!Array.isArray(v) || v.length === 0 || v.length > n) return undefined;
      if (!v.every((x) => isIndex(x, n)) || new Set(v).size !== v.length) return undefined;
      return q.kind === 'multiple' ? [...(v as number[])].sort((a, b) => a - b) : [...(v as number[])];
    }
    case 'text': {
      if (typeof v !== 'string') return undefined;
      const text = v.trim();
      return text.length > 0 && text.length <= SURVEY_LIMITS.textAnswer ? text : undefined;
    }
  }
}

/** A problem with a respondent's answers, for the form to show. */
export interface AnswerProblem {
  /** Question id, or 'unit' / 'shift' / 'code'. */
  readonly field: string;
  readonly code: 'required' | 'invalid' | 'too-long';
}

/** What a respondent fills in (before it becomes a sealed response). */
export interface AnswerDraft {
  answers: Record<string, unknown>;
  unit: string | null;
  shift: string | null;
  code: string | null;
}

/**
 * Checks a respondent's draft: required questions answered, every value valid, unit/shift among
 * the offered ones, a well-formed code when the survey needs one. Returns the clean response or the
 * problems.
 */
export function checkAnswers(
  survey: PublicSurvey,
  draft: AnswerDraft,
): { ok: true; value: SurveyResponse } | { ok: false; problems: AnswerProblem[] } {
  const problems: AnswerProblem[] = [];
  const answers: Record<string, AnswerValue> = {};
  for (const q of survey.questions) {
    const raw = Object.hasOwn(draft.answers, q.id) ? draft.answers[q.id] : undefined;
    const empty =
      raw === undefined ||
      raw === null ||
      (Array.isArray(raw) && raw.length === 0) ||
      (typeof raw === 'string' && raw.trim() === '');
    if (empty) {
      if (q.required) problems.push({ field: q.id, code: 'required' });
      continue;
    }
    if (q.kind === 'text' && typeof raw === 'string' && raw.trim().length > SURVEY_LIMITS.textAnswer) {
      problems.push({ field: q.id, code: 'too-long' });
      continue;
    }
    const value = readAnswer(q, raw);
    if (value === undefined) problems.push({ field: q.id, code: 'invalid' });
    else answers[q.id] = value;
  }
  const unit = draft.unit ?? null;
  const shift = draft.shift ?? null;
  if (unit !== null && !survey.units.some((u) => u.id === unit))
    problems.push({ field: 'unit', code: 'invalid' });
  if (shift !== null && !survey.shifts.some((s) => s.id === shift)) {
    problems.push({ field: 'shift', code: 'invalid' });
  }
  let code: string | null = null;
  if (survey.codes) {
    code = normalizeAnswerCode(draft.code ?? '');
    if (!draft.code?.trim()) problems.push({ field: 'code', code: 'required' });
    else if (code === null) problems.push({ field: 'code', code: 'invalid' });
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, value: { answers, unit, shift, code } };
}

/** Characters of answer codes: no 0/O, 1/I, so they survive being read aloud or copied by hand. */
export const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
/** Characters in an answer code (50 bits). */
export const CODE_LENGTH = 10;

/** Uppercases and strips spaces/dashes; null unless the result is a well-formed code. */
export function normalizeAnswerCode(input: string): string | null {
  if (typeof input !== 'string' || input.length > 64) return null;
  const code = input.toUpperCase().replace(/[\s-]/g, '');
  if (code.length !== CODE_LENGTH) return null;
  for (const ch of code) if (!CODE_ALPHABET.includes(ch)) return null;
  return code;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** The padded plaintext of a response (what gets sealed). */
export function encodeResponse(response: SurveyResponse): Uint8Array {
  const body: Record<string, unknown> = { v: 1, a: response.answers };
  if (response.unit !== null) body.u = response.unit;
  if (response.shift !== null) body.s = response.shift;
  if (response.code !== null) body.c = response.code;
  const json = encoder.encode(JSON.stringify(body));
  const padded = new Uint8Array(Math.ceil((json.length + 1) / PAD_BYTES) * PAD_BYTES).fill(0x20);
  padded.set(json);
  return padded;
}

/**
 * Reads a decrypted response against the survey: null when it is not a valid response (wrong
 * shape, unknown unit, a value that is not an answer to its question, too large). Answers to
 * questions the survey does not have are ignored.
 */
export function decodeResponse(survey: PublicSurvey, bytes: Uint8Array): SurveyResponse | null {
  if (!(bytes instanceof Uint8Array) || bytes.length > SURVEY_LIMITS.plaintextBytes) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(decoder.decode(bytes));
  } catch {
    return null;
  }
  if (!isPlainObject(raw) || own(raw, 'v') !== 1) return null;
  const a = own(raw, 'a');
  if (!isPlainObject(a)) return null;
  const answers: Record<string, AnswerValue> = {};
  for (const q of survey.questions) {
    const v = own(a, q.id);
    if (v === undefined) continue;
    const value = readAnswer(q, v);
    if (value === undefined) return null;
    answers[q.id] = value;
  }
  const u = own(raw, 'u') ?? null;
  const s = own(raw, 's') ?? null;
  const c = own(raw, 'c') ?? null;
  if (u !== null && !survey.units.some((x) => x.id === u)) return null;
  if (s !== null && !survey.shifts.some((x) => x.id === s)) return null;
  let code: string | null = null;
  if (c !== null) {
    code = typeof c === 'string' ? normalizeAnswerCode(c) : null;
    if (code === null) return null;
  }
  return { answers, unit: u as string | null, shift: s as string | null, code };
}
