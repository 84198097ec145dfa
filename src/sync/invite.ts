/**
 * Invite links: `https://host/path/#/join/<payload>`. Everything secret is in the fragment, which
 * browsers never send to a server (not in requests, not in the Referer).
 *
 * Payload: base64url of
 *   version(1) = 1
 *   len(1) ‖ spaceId (ASCII, 16–64)
 *   spaceKey (32)
 *   len(1) ‖ name (UTF-8, 0–200 bytes)
 *   crc32(4, big-endian) of everything before it
 * The checksum turns a mistyped or damaged link into an error instead of a wrong room; lengths make a
 * truncated link fail as 'truncated'. The link is a secret: whoever holds it can read and write the
 * campaign, so it is shown in person only (QR code or copy).
 */
import { fromBase64Url, fromUtf8, toBase64Url, utf8 } from '../crypto';
import { SyncError } from './errors';

/** What an invite carries. */
export interface Invite {
  spaceId: string;
  spaceKey: Uint8Array;
  /** Campaign name, for the join screen (never reaches a server). */
  name: string;
}

/** Why a link is not a usable invite. */
export type InviteErrorCode =
  | 'not-an-invite'
  | 'malformed'
  | 'truncated'
  | 'unsupported-version'
  | 'checksum-mismatch';

/** `{ok:true, value}` or `{ok:false, error}`. */
export type InviteResult = { ok: true; value: Invite } | { ok: false; error: InviteErrorCode };

/** Invite payload version. */
export const INVITE_VERSION = 1;
const ROUTE = '#/join/';
const SPACE_ID = /^[A-Za-z0-9_-]{16,64}$/;
const MAX_NAME_BYTES = 200;

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32 (IEEE), for catching damaged links (not a security measure). */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function truncateUtf8(name: string, maxBytes: number): Uint8Array {
  let bytes = utf8(name);
  let chars = [...name];
  while (bytes.length > maxBytes) {
    chars = chars.slice(0, -1);
    bytes = utf8(chars.join(''));
  }
  return bytes;
}

/**
 * Builds an invite link on `baseUrl` (the app's address; its query and fragment are dropped).
 * A name longer than 200 UTF-8 bytes is shortened.
 *
 * @throws SyncError('invalid-space-key') for a key that is not 32 bytes.
 * @example
 * createInviteLink(location.href, { spaceId, spaceKey, name: 'Warehouse 4' })
 * // → 'https://shopfloor.example/#/join/AR...'
 */
export function createInviteLink(baseUrl: string, invite: Invite): string {
  if (invite.spaceKey.length !== 32)
    throw new SyncError('invalid-space-key', { bytes: invite.spaceKey.length });
  if (!SPACE_ID.test(invite.spaceId)) throw new SyncError('invalid-space-key', { spaceId: 'invalid' });
  const id = utf8(invite.spaceId);
  const name = truncateUtf8(invite.name, MAX_NAME_BYTES);
  const body = new Uint8Array(1 + 1 + id.length + 32 + 1 + name.length);
  let at = 0;
  body[at++] = INVITE_VERSION;
  body[at++] = id.length;
  body.set(id, at);
  at += id.length;
  body.set(invite.spaceKey, at);
  at += 32;
  body[at++] = name.length;
  body.set(name, at);
  const out = new Uint8Array(body.length + 4);
  out.set(body);
  new DataView(out.buffer).setUint32(body.length, crc32(body));
  const url = new URL(baseUrl);
  return `${url.origin}${url.pathname}${ROUTE}${toBase64Url(out)}`;
}

/**
 * Parses an invite link, its fragment (`#/join/…`) or the bare payload.
 *
 * @example
 * const r = parseInvite(scannedText);
 * if (!r.ok) showError(t(`invite.${r.error}`));
 */
export function parseInvite(input: string): InviteResult {
  if (typeof input !== 'string') return { ok: false, error: 'not-an-invite' };
  const text = input.trim();
  const at = text.indexOf(ROUTE);
  let payload: string;
  if (at >= 0) payload = text.slice(at + ROUTE.length);
  else if (/^[A-Za-z0-9_-]+$/.test(text)) payload = text;
  else return { ok: false, error: 'not-an-invite' };
  let bytes: Uint8Array;
  // A base64url string of length 4n+1 cannot be whole: a cut-off link. Decode what is there.
  const usable = payload.length % 4 === 1 ? payload.slice(0, -1) : payload;
  try {
    bytes = fromBase64Url(usable);
  } catch {
    return { ok: false, error: 'malformed' };
  }
  if (bytes.length === 0) return { ok: false, error: 'truncated' };
  if (bytes[0] !== INVITE_VERSION) return { ok: false, error: 'unsupported-version' };
  const idLen = bytes[1];
  if (idLen === undefined) return { ok: false, error: 'truncated' };
  const nameLenAt = 2 + idLen + 32;
  const nameLen = bytes[nameLenAt];
  if (nameLen === undefined) return { ok: false, error: 'truncated' };
  const end = nameLenAt + 1 + nameLen;
  if (bytes.length < end + 4) return { ok: false, error: 'truncated' };
  if (bytes.length > end + 4) return { ok: false, error: 'malformed' };
  // Canonical encoding only: a changed spare bit in the last character is a damaged link too.
  if (toBase64Url(bytes) !== usable) return { ok: false, error: 'malformed' };
  const body = bytes.subarray(0, end);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(end) !== crc32(body)) return { ok: false, error: 'checksum-mismatch' };
  let spaceId: string;
  let name: string;
  try {
    spaceId = fromUtf8(bytes.subarray(2, 2 + idLen));
    name = fromUtf8(bytes.subarray(nameLenAt + 1, end));
  } catch {
    return { ok: false, error: 'malformed' };
  }
  if (!SPACE_ID.test(spaceId)) return { ok: false, error: 'malformed' };
  return { ok: true, value: { spaceId, spaceKey: bytes.slice(2 + idLen, nameLenAt), name } };
}
