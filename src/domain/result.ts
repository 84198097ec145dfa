/**
 * The outcome of a command, parser or query that can fail in an expected way. Expected failures
 * are values, never exceptions, so one bad record or one rejected input cannot break a screen.
 */
import { DomainError, type DomainErrorCode, type DomainErrorDetail } from './errors';

/** Success: carries the value. */
export interface Ok<T> {
  readonly ok: true;
  readonly value: T;
}

/** Failure: carries a coded error. */
export interface Err<E> {
  readonly ok: false;
  readonly error: E;
}

/** `{ok:true, value} | {ok:false, error}`; commands use `DomainError`, parsers `ParseIssue`. */
export type Result<T, E = DomainError> = Ok<T> | Err<E>;

/** Wraps a value as a success. */
export function ok<T>(value: T): Ok<T> {
  return { ok: true, value };
}

/** Wraps an error as a failure. */
export function err<E>(error: E): Err<E> {
  return { ok: false, error };
}

/** A failure carrying a new `DomainError`. */
export function fail(code: DomainErrorCode, detail?: DomainErrorDetail): Err<DomainError> {
  return err(new DomainError(code, detail));
}
