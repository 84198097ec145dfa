/**
 * The standard organizing assessment scale, as codes only: the UI translates them.
 * 1 is the most supportive, 5 the most hostile; `null` means not yet assessed.
 */

/** An assessment value on the 1–5 scale. */
export type Assessment = 1 | 2 | 3 | 4 | 5;

/** Named constants for the scale. */
export const ASSESSMENT = {
  ACTIVE_SUPPORTER: 1,
  SUPPORTER: 2,
  UNDECIDED: 3,
  OPPOSED: 4,
  HOSTILE: 5,
} as const satisfies Record<string, Assessment>;

/** Every value on the scale, most supportive first. */
export const ASSESSMENTS: readonly Assessment[] = [1, 2, 3, 4, 5];

/** Label-free code per value (an i18n key suffix for the UI). */
export const ASSESSMENT_CODES = {
  1: 'active-supporter',
  2: 'supporter',
  3: 'undecided',
  4: 'opposed',
  5: 'hostile',
} as const satisfies Record<Assessment, string>;

/** Code of one assessment value. */
export type AssessmentCode = (typeof ASSESSMENT_CODES)[Assessment];

/** True for exactly the integers 1..5 (not '1', not 1.5, not NaN). */
export function isAssessment(value: unknown): value is Assessment {
  return value === 1 || value === 2 || value === 3 || value === 4 || value === 5;
}
