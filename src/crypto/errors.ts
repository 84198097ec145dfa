/** Codes for every way a cryptographic operation can fail; the UI maps them to words. */
export type CryptoErrorCode =
  | 'decrypt-failed'
  | 'malformed-ciphertext'
  | 'unsupported-version'
  | 'weak-kdf-params'
  | 'invalid-key';

export class CryptoError extends Error {
  constructor(
    readonly code: CryptoErrorCode,
    readonly detail?: Record<string, unknown>,
  ) {
    super(`crypto: ${code}`);
    this.name = 'CryptoError';
  }
}
