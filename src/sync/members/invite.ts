/**
 * Invite links: `https://host/path/#/join/<payload>`. Everything secret is in the fragment, which
 * browsers never send to a server (not in requests, not in the Referer).
 *
 * Payload: base64url of
 *   version(1) = 1, 2 or 3
 *   len(1) ‖ spaceId (ASCII, 16–64)
 *   spaceKey (32)
 *   len(1) ‖ name (UTF-8, 0–200 bytes)
 *   version 2 and 3: count(1) ‖ (len(1) ‖ server URL (UTF-8, 1–200 bytes))*   — at most 4 servers
 *   version 3 and 4: root (32) ‖ inviteId (16) ‖ invite seed (32)
 *   version 4 only (pairing one's own new device): adding device's signing key (32) ‖ expiry (u48 ms)
 *   crc32(4, big-endian) of everything before it
 * The checksum turns a mistyped or damaged link into an error instead of a wrong room; lengths make a
 * truncated link fail as 'truncated'. The link is a secret: whoever holds it can read and write the
 * campaign, so it is shown in person only (QR code or copy).
 *
 * Servers: the campaign's http(s) base URLs (signaling and mailbox), so that a phone that opens the
 * link from a QR code reaches the same servers as the members who invited it. They are untrusted
 * input like the rest of the link: only `http:`/`https:`, no user name or password, no fragment, and
 * in canonical form (`new URL(s).href`), else the link is 'malformed'. A link without servers is
 * written as version 1, so that older app versions still read it.
 *
 * Membership (version 3, docs/membership.md): the campaign's root of trust (the hash of its
 * membership log's genesis op) and the invite's secret half (its id and the seed of the invite
 * key). The joiner believes only a log whose genesis hashes to this root, and proves with the seed
 * that it holds the link the admin signed for.
 *
 * Pairing (version 4, docs/membership.md "Adding one's own device"): the same fields, where the id
 * and seed are a pairing's, plus the signing key of the device that made the link (the new device
 * is added to that device's person) and when the pairing stops working.
 */
import { fromBase64Url, fromHex, fromUtf8, toBase64Url, toHex, utf8 } from '../../crypto';
import { SyncError } from '../errors';

/** What an invite carries. */
export interface Invite {
  spaceId: string;
  spaceKey: Uint8Array;
  /** Campaign name, for the join screen (never reaches a server). */
  name: string;
  /** The campaign's server base URLs (http/https, canonical, at most 4); empty for a version 1 link. */
  servers: string[];
  /** Version 3: the membership log's root and the invite's secret half. */
  membership?: InviteMembership;
}

/** What a version 3 invite carries of the membership log. */
export interface InviteMembership {
  /** Hex SHA-256 of the genesis op's body: the campaign's root of trust. */
  root: string;
  /** base64url, 16 bytes. */
  inviteId: string;
  /** base64url, 32 bytes: the seed of the invite key. */
  seed: string;
  /** Version 4 (pairing): base64url of the adding device's 32-byte Ed25519 key. */
  pairWith?: string;
  /** Version 4: when the pairing stops working (ms since 1970). */
  pairUntil?: number;
}

/** What {@link createInviteLink} takes: an invite whose server list may be left out. */
export type InviteInput = Omit<Invite, 'servers'> & { servers?: readonly string[] };

/** Why a link is not a usable invite. */
export type InviteErrorCode =
  | 'not-an-invite'
  | 'malformed'
  | 'truncated'
  | 'unsupported-version'
  | 'checksum-mismatch';

/** `{ok:true, value}` or `{ok:false, error}`. */
export type InviteResult = { ok: true; value: Invite } | { ok: false; error: InviteErrorCode };

/** Invite payload version written when the invite carries servers (version 1 has none). */
export const INVITE_VERSION = 2;
/** Invite payload version written when the invite carries membership (root and invite secret). */
export const INVITE_MEMBERSHIP_VERSION = 3;
/** Invite payload version of a pairing link (membership plus the adding device and an expiry). */
export const INVITE_PAIRING_VERSION = 4;
const MEMBERSHIP_BYTES = 32 + 16 + 32;
const PAIRING_BYTES = 32 + 6;
const MAX_VERSION = INVITE_PAIRING_VERSION;
/** Most server URLs one invite carries. */
export const MAX_INVITE_SERVERS = 4;
/** Longest server URL in an invite, in UTF-8 bytes. */
export const MAX_INVITE_SERVER_BYTES = 200;
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
 * The canonical form of a server base URL fit for an invite, or `null`: `http:` or `https:` only,
 * no user name or password, no fragment, at most {@link MAX_INVITE_SERVER_BYTES} UTF-8 bytes.
 *
 * @example
 * inviteServerUrl('https://Shopfloor.example') // → 'https://shopfloor.example/'
 * inviteServerUrl('https://user:pw@shopfloor.example/') // → null
 */
export function inviteServerUrl(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.username !== '' || url.password !== '') return null;
  const href = url.href;
  // `https://x/#` has an empty `hash` but still a fragment in its href.
  if (href.includes('#')) return null;
  if (utf8(href).length > MAX_INVITE_SERVER_BYTES) return null;
  return href;
}

/**
 * The 80 bytes of a version 3 invite's membership part.
 *
 * @throws SyncError('invalid-invite-secret') when a field has the wrong size or encoding.
 */
function membershipBytes(m: InviteMembership): Uint8Array {
  try {
    const root = fromHex(m.root);
    const inviteId = fromBase64Url(m.inviteId);
    const seed = fromBase64Url(m.seed);
    const pairWith = m.pairWith === undefined ? null : fromBase64Url(m.pairWith);
    const until = m.pairUntil ?? 0;
    const pairOk =
      pairWith === null
        ? m.pairUntil === undefined
        : pairWith.length === 32 && Number.isSafeInteger(until) && until > 0 && until < 2 ** 48;
    if (
      root.length === 32 &&
      inviteId.length === 16 &&
      seed.length === 32 &&
      toHex(root) === m.root &&
      pairOk
    ) {
      const out = new Uint8Array(MEMBERSHIP_BYTES + (pairWith ? PAIRING_BYTES : 0));
      out.set(root, 0);
      out.set(inviteId, 32);
      out.set(seed, 48);
      if (pairWith) {
        out.set(pairWith, 80);
        const view = new DataView(out.buffer);
        view.setUint16(112, Math.floor(until / 2 ** 32));
        view.setUint32(114, until % 2 ** 32);
      }
      return out;
    }
  } catch {
    // reported below
  }
  throw new SyncError('invalid-invite-secret');
}

/**
 * Builds an invite link on `baseUrl` (the app's address; its query and fragment are dropped).
 * A name longer than 200 UTF-8 bytes is shortened. Servers are written in canonical form, duplicates
 * once, the first {@link MAX_INVITE_SERVERS} only; without servers the link is version 1.
 *
 * @throws SyncError('invalid-space-key') for a key that is not 32 bytes or a bad space id;
 *   SyncError('invalid-server-url') for a server that {@link inviteServerUrl} refuses.
 * @example
 * createInviteLink(location.href, { spaceId, spaceKey, name: 'Warehouse 4',
 *   servers: ['https://shopfloor.example/'] })
 * // → 'https://shopfloor.example/#/join/Ag...'
 */
export function createInviteLink(baseUrl: string, invite: InviteInput): string {
  if (invite.spaceKey.length !== 32)
    throw new SyncError('invalid-space-key', { bytes: invite.spaceKey.length });
  if (!SPACE_ID.test(invite.spaceId)) throw new SyncError('invalid-space-key', { spaceId: 'invalid' });
  const servers: string[] = [];
  for (const text of invite.servers ?? []) {
    const href = inviteServerUrl(text);
    if (href === null) throw new SyncError('invalid-server-url');
    if (!servers.includes(href)) servers.push(href);
  }
  const serverBytes = servers.slice(0, MAX_INVITE_SERVERS).map(utf8);
  const id = utf8(invite.spaceId);
  const name = truncateUtf8(invite.name, MAX_NAME_BYTES);
  const membership = invite.membership ? membershipBytes(invite.membership) : null;
  const version = membership
    ? invite.membership?.pairWith
      ? INVITE_PAIRING_VERSION
      : INVITE_MEMBERSHIP_VERSION
    : serverBytes.length > 0
      ? 2
      : 1;
  const parts: Uint8Array[] = [
    Uint8Array.of(version, id.length),
    id,
    invite.spaceKey,
    Uint8Array.of(name.length),
    name,
  ];
  if (version >= 2) {
    parts.push(Uint8Array.of(serverBytes.length));
    for (const s of serverBytes) parts.push(Uint8Array.of(s.length), s);
  }
  if (membership) parts.push(membership);
  const bodyLength = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(bodyLength + 4);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  new DataView(out.buffer).setUint32(bodyLength, crc32(out.subarray(0, bodyLength)));
  const url = new URL(baseUrl);
  return `${url.origin}${url.pathname}${ROUTE}${toBase64Url(out)}`;
}

/** Where the fields of a payload lie (offsets into it), read from its length bytes only. */
interface Layout {
  idLen: number;
  nameAt: number;
  /** [offset, length] of each server URL. */
  servers: [number, number][];
  /** Offset of the membership part (versions 3 and 4), or -1. */
  membershipAt: number;
  /** Offset of the checksum (= length of the checked body). */
  end: number;
}

/** Reads the layout of a version `version` payload; null when a length points past the bytes. */
function readLayout(bytes: Uint8Array, version: number): Layout | null {
  const idLen = bytes[1];
  if (idLen === undefined) return null;
  const nameLenAt = 2 + idLen + 32;
  const nameLen = bytes[nameLenAt];
  if (nameLen === undefined) return null;
  let end = nameLenAt + 1 + nameLen;
  const servers: [number, number][] = [];
  if (version >= 2) {
    const count = bytes[end];
    if (count === undefined) return null;
    end += 1;
    for (let i = 0; i < count; i++) {
      const len = bytes[end];
      if (len === undefined) return null;
      servers.push([end + 1, len]);
      end += 1 + len;
    }
  }
  const membershipAt = version >= INVITE_MEMBERSHIP_VERSION ? end : -1;
  if (membershipAt >= 0) end += MEMBERSHIP_BYTES;
  if (version === INVITE_PAIRING_VERSION) end += PAIRING_BYTES;
  return { idLen, nameAt: nameLenAt + 1, servers, membershipAt, end };
}

/**
 * Parses an invite link, its fragment (`#/join/…`) or the bare payload. Version 1 links (no
 * servers) still parse, with `servers: []`.
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
  const version = bytes[0] as number;
  if (version < 1 || version > MAX_VERSION) return { ok: false, error: 'unsupported-version' };
  const layout = readLayout(bytes, version);
  if (!layout || bytes.length < layout.end + 4) return { ok: false, error: 'truncated' };
  const { idLen, nameAt, end } = layout;
  if (bytes.length > end + 4) return { ok: false, error: 'malformed' };
  // Canonical encoding only: a changed spare bit in the last character is a damaged link too.
  if (toBase64Url(bytes) !== usable) return { ok: false, error: 'malformed' };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(end) !== crc32(bytes.subarray(0, end))) return { ok: false, error: 'checksum-mismatch' };
  if (layout.servers.length > MAX_INVITE_SERVERS) return { ok: false, error: 'malformed' };
  let spaceId: string;
  let name: string;
  const servers: string[] = [];
  try {
    spaceId = fromUtf8(bytes.subarray(2, 2 + idLen));
    name = fromUtf8(bytes.subarray(nameAt, nameAt + (bytes[nameAt - 1] as number)));
    for (const [offset, length] of layout.servers) {
      const server = fromUtf8(bytes.subarray(offset, offset + length));
      // Only the canonical form: whatever the checksum let through is still untrusted.
      if (inviteServerUrl(server) !== server) return { ok: false, error: 'malformed' };
      servers.push(server);
    }
  } catch {
    return { ok: false, error: 'malformed' };
  }
  if (!SPACE_ID.test(spaceId)) return { ok: false, error: 'malformed' };
  const value: Invite = { spaceId, spaceKey: bytes.slice(2 + idLen, 2 + idLen + 32), name, servers };
  const m = layout.membershipAt;
  if (m >= 0) {
    value.membership = {
      root: toHex(bytes.subarray(m, m + 32)),
      inviteId: toBase64Url(bytes.subarray(m + 32, m + 48)),
      seed: toBase64Url(bytes.subarray(m + 48, m + 80)),
    };
    if (version === INVITE_PAIRING_VERSION) {
      value.membership.pairWith = toBase64Url(bytes.subarray(m + 80, m + 112));
      value.membership.pairUntil = view.getUint16(m + 112) * 2 ** 32 + view.getUint32(m + 114);
    }
  }
  return { ok: true, value };
}
