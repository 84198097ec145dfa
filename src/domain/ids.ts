/**
 * Record ids: 128 random bits from the platform CSPRNG, base64url (22 characters).
 *
 * What must stay true: an id is 16–64 characters of the base64url alphabet and never the name of
 * an Object.prototype member (`__proto__`, `constructor`, and also `__defineGetter__` or
 * `propertyIsEnumerable`, which do fit the alphabet), so an id read from a peer is safe even as
 * a plain-object key.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Number of random bytes in a new id. */
export const ID_BYTES = 16;

/** Shape every record id must have (what parsers accept). */
export const ID_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;

/**
 * Decodes unpadded base64url; throws on any character outside the alphabet or an impossible
 * length (callers parsing peer data catch it and treat the record as malformed).
 */
export function decodeBase64Url(text: string): Uint8Array {
  if (text.length % 4 === 1) throw new RangeError('invalid base64url length');
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let bits = 0;
  let value = 0;
  let at = 0;
  for (const ch of text) {
    const v = ALPHABET.indexOf(ch);
    if (v < 0) throw new RangeError('invalid base64url character');
    value = (value << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[at++] = (value >> bits) & 0xff;
    }
  }
  return out;
}

/** Encodes bytes as unpadded base64url. */
export function encodeBase64Url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const b0 = bytes[i] ?? 0;
    const b1 = bytes[i + 1];
    const b2 = bytes[i + 2];
    out += ALPHABET.charAt(b0 >> 2);
    out += ALPHABET.charAt(((b0 & 3) << 4) | ((b1 ?? 0) >> 4));
    if (b1 !== undefined) out += ALPHABET.charAt(((b1 & 15) << 2) | ((b2 ?? 0) >> 6));
    if (b2 !== undefined) out += ALPHABET.charAt(b2 & 63);
  }
  return out;
}

/**
 * A new random record id.
 * @example newId() // 'x3Jf0c1V2kq9-TzQp_4bAw'
 */
export function newId(): string {
  const bytes = new Uint8Array(ID_BYTES);
  globalThis.crypto.getRandomValues(bytes);
  return encodeBase64Url(bytes);
}

/** True when `value` has the shape of a record id. */
export function isId(value: unknown): value is string {
  return typeof value === 'string' && ID_PATTERN.test(value) && !Object.hasOwn(Object.prototype, value);
}
