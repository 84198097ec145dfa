/**
 * Anonymous issue surveys: shapes and limits. This module imports nothing (the respondent page
 * uses it too and must stay small).
 */

/** Kinds of question a survey can ask. */
export const QUESTION_KINDS = ['single', 'multiple', 'scale', 'ranking', 'text'] as const;
/** One of `QUESTION_KINDS`. */
export type QuestionKind = (typeof QUESTION_KINDS)[number];

/** Limits for survey definitions and responses (commands refuse more, parsers quarantine more). */
export const SURVEY_LIMITS = {
  title: 200,
  intro: 2000,
  questions: 40,
  questionText: 500,
  options: 20,
  optionText: 200,
  /** A free-text answer, in characters. */
  textAnswer: 2000,
  /** Smallest and largest k (the minimum group size before anything is shown). */
  minK: 3,
  maxK: 100,
  defaultK: 5,
  /** Units or shifts offered for the breakdown. */
  groups: 200,
  groupName: 200,
  /** Answer codes per survey. */
  codes: 5000,
  /** Responses kept per survey. */
  responses: 20_000,
  /** Largest sealed response accepted, in bytes. */
  sealedBytes: 64 * 1024,
  /** Largest response plaintext, in bytes (before sealing). */
  plaintextBytes: 48 * 1024,
} as const;

/** Scale questions are answered 1 (lowest) … 5 (highest). */
export const SCALE_POINTS = 5;

/** One question. `options` is empty for scale and text questions. */
export interface SurveyQuestion {
  /** Short random id, unique within the survey (4–32 base64url characters). */
  readonly id: string;
  readonly kind: QuestionKind;
  readonly text: string;
  readonly options: readonly string[];
  readonly required: boolean;
}

/** Who the survey is for; the units/shifts respondents may pick for the breakdown. */
export interface SurveyAudience {
  /** True: everyone, and every live unit/shift is offered. False: only the chosen ones. */
  readonly all: boolean;
  readonly unitIds: readonly string[];
  readonly shiftIds: readonly string[];
}

/** A unit or shift as a respondent sees it. */
export interface SurveyGroup {
  readonly id: string;
  readonly name: string;
}

/**
 * What a respondent sees, frozen at publishing: it travels inside the link, so it holds nothing
 * the committee would not show a coworker (no keys but the public one, no code hashes, no people).
 */
export interface PublicSurvey {
  readonly v: 1;
  readonly id: string;
  readonly title: string;
  readonly intro: string;
  readonly questions: readonly SurveyQuestion[];
  /** Units offered for the breakdown (empty: not asked). */
  readonly units: readonly SurveyGroup[];
  /** Shifts offered for the breakdown (empty: not asked). */
  readonly shifts: readonly SurveyGroup[];
  readonly k: number;
  /** ISO date the survey opens (inclusive), if any. */
  readonly opensOn?: string;
  /** ISO date the survey closes (inclusive: answers are accepted through that day), if any. */
  readonly closesOn?: string;
  /** True when each respondent needs a single-use answer code. */
  readonly codes: boolean;
}

/** Draft → published (link handed out) → closed (no more answers collected; final results). */
export type SurveyStatus = 'draft' | 'published' | 'closed';

/** One answer: an option index (single), indices (multiple), 1–5 (scale), indices in order
 *  of preference (ranking; may be partial), or text. */
export type AnswerValue = number | readonly number[] | string;

/** A decrypted response. Holds nothing about who sent it. */
export interface SurveyResponse {
  /** Answers by question id; unanswered questions are absent. */
  readonly answers: Readonly<Record<string, AnswerValue>>;
  /** Unit id the respondent picked, or null (not asked / preferred not to say). */
  readonly unit: string | null;
  /** Shift id the respondent picked, or null. */
  readonly shift: string | null;
  /** The answer code typed in, normalized, or null. */
  readonly code: string | null;
}

/** A sealed response as kept in the campaign space. */
export interface StoredResponse {
  /** Random id chosen by the respondent's page (128 bits); nothing else. */
  readonly id: string;
  readonly sealed: Uint8Array;
  /** Hash of the answer code it used (surveys with codes), for the single-use check. */
  readonly code?: string;
}

/**
 * The survey keys, base64url. Surveys published since the mailbox (docs/surveys.md) carry
 * `linkSecret` (16 bytes: the only thing in the respondent link; the survey mailbox's id, append
 * capability and seal key come from it) and `readSecret` (32 bytes: the organizers' read
 * capability, never derivable from the link). Earlier surveys carry `inboxKey` instead (their link
 * holds it and `publicKey`; delivered over the WebRTC inbox). The link never carries `privateKey`
 * or `readSecret`.
 */
export interface SurveyKeys {
  readonly publicKey: string;
  readonly privateKey: string;
  readonly inboxKey?: string;
  readonly linkSecret?: string;
  readonly readSecret?: string;
}

/** Which state of a survey's definition the server's mailbox holds (docs/surveys.md). */
export type SurveyLiveAs = 'published' | 'closed';
