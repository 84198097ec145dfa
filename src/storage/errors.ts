/** Coded storage errors; the UI maps each code to words in every language. */
export type StorageErrorCode =
  | 'no-vault'
  | 'vault-exists'
  | 'wrong-passphrase'
  | 'duress'
  | 'corrupt-vault'
  | 'corrupt-space'
  | 'unknown-space'
  | 'quota-exceeded'
  | 'locked'
  | 'blocked-by-other-tab';

export class StorageError extends Error {
  constructor(
    readonly code: StorageErrorCode,
    readonly detail?: Record<string, unknown>,
  ) {
    super(`storage: ${code}`);
    this.name = 'StorageError';
  }
}

/** True for the error IndexedDB raises when the origin's quota is used up. */
export function isQuotaError(err: unknown): boolean {
  const e = err as { name?: string; inner?: { name?: string } } | null;
  return e?.name === 'QuotaExceededError' || e?.inner?.name === 'QuotaExceededError';
}
