import { toBase64Url } from './bytes';

/** Cryptographically random bytes from the platform CSPRNG. */
export function randomBytes(n: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(n);
  // getRandomValues is limited to 65,536 bytes per call.
  for (let i = 0; i < n; i += 65536) crypto.getRandomValues(out.subarray(i, Math.min(n, i + 65536)));
  return out;
}

/** A random opaque id: 128 bits, base64url (22 characters). */
export function randomId(bytes = 16): string {
  return toBase64Url(randomBytes(bytes));
}
