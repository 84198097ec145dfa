/**
 * HKDF-SHA256 (RFC 5869). Sync derives a space's room name and room password from the space key
 * under distinct labels, so neither reveals the other nor the key.
 */
import { utf8 } from './bytes';

export async function hkdfSha256(
  ikm: Uint8Array,
  info: string | Uint8Array,
  bytes: number,
  salt: Uint8Array = new Uint8Array(32),
): Promise<Uint8Array<ArrayBuffer>> {
  const base = await crypto.subtle.importKey('raw', new Uint8Array(ikm), 'HKDF', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits(
    {
      name: 'HKDF',
      hash: 'SHA-256',
      salt: new Uint8Array(salt),
      info: typeof info === 'string' ? utf8(info) : new Uint8Array(info),
    },
    base,
    bytes * 8,
  );
  return new Uint8Array(bits);
}
