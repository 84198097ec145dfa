/** Codes for every way a domain command can be refused; the UI maps each code to words. */
export type DomainErrorCode =
  | 'name-required'
  | 'name-too-long'
  | 'name-taken'
  | 'text-too-long'
  | 'too-many'
  | 'invalid-value'
  | 'invalid-assessment'
  | 'invalid-date'
  | 'invalid-contact'
  | 'invalid-number'
  | 'invalid-actor'
  | 'unknown-unit'
  | 'unknown-shift'
  | 'not-found'
  | 'deleted'
  | 'corrupt-record'
  | 'cycle'
  | 'has-children'
  | 'already-initialized'
  | 'schema-too-new'
  | 'schema-invalid'
  | 'migration-failed'
  | 'unknown-person'
  | 'unknown-issue'
  | 'date-in-future'
  | 'no-follow-up';

/** Extra facts about a refusal: which input field, limits, counts. */
export interface DomainErrorDetail {
  field?: string;
  [key: string]: unknown;
}

/**
 * A coded, expected refusal. Commands return it inside a `Result`; it is only thrown internally
 * between validation and the command boundary (see `run` in context.ts).
 */
export class DomainError extends Error {
  /** The input field at fault, when there is one. */
  readonly field: string | undefined;

  constructor(
    readonly code: DomainErrorCode,
    readonly detail: DomainErrorDetail = {},
  ) {
    super(detail.field ? `domain: ${code} (${detail.field})` : `domain: ${code}`);
    this.name = 'DomainError';
    this.field = detail.field;
  }
}
