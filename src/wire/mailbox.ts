/**
 * The mailbox wire format, shared by the server (src/server/mailbox) and the client
 * (src/sync/mailbox): one binary WebSocket message = u32 BE header length ‖ UTF-8 JSON header ‖
 * body. docs/mailbox.md is the contract.
 *
 * What must stay true: this file imports nothing (both the browser bundle and the Node server use
 * it); `decodeMessage` never throws on hostile bytes, it returns null.
 */

/** Largest JSON header accepted, in bytes. */
export const MAX_HEADER_BYTES = 4096;

/** Sealed sizes an entry, snapshot part or blob is padded to (docs/mailbox.md). */
export const SEALED_BUCKETS: readonly number[] = [1024, 4096, 16384, 65536, 262144, 1048576];

/** Largest sealed entry or snapshot part. */
export const MAX_SEALED_BYTES = 1048576;

/** Largest sealed blob (a survey definition). */
export const MAX_BLOB_BYTES = 65536;

/** Length of a mailbox id and of a base64url-encoded 32-byte capability. */
export const MAILBOX_ID_LENGTH = 43;

/** Every error code the server may send. */
export type MailboxErrorCode =
  | 'bad-message'
  | 'unknown-mailbox'
  | 'forbidden'
  | 'oversize'
  | 'quota'
  | 'retired'
  | 'rate-limited'
  | 'too-many-connections'
  | 'stale-snapshot'
  | 'not-found'
  | 'busy'
  | 'unavailable';

export const MAILBOX_ERROR_CODES: readonly MailboxErrorCode[] = [
  'bad-message',
  'unknown-mailbox',
  'forbidden',
  'oversize',
  'quota',
  'retired',
  'rate-limited',
  'too-many-connections',
  'stale-snapshot',
  'not-found',
  'busy',
  'unavailable',
];

/** A decoded message: its header (always an object with a string `op`) and its body. */
export interface WireMessage {
  header: { op: string; [key: string]: unknown };
  body: Uint8Array;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Encodes one message.
 *
 * @example
 * socket.send(encodeMessage({ op: 'append', rid: 7 }, sealedEntry));
 */
export function encodeMessage(header: { op: string; [key: string]: unknown }, body?: Uint8Array): Uint8Array {
  const head = encoder.encode(JSON.stringify(header));
  if (head.length > MAX_HEADER_BYTES) throw new RangeError('mailbox header too large');
  const out = new Uint8Array(4 + head.length + (body?.length ?? 0));
  new DataView(out.buffer).setUint32(0, head.length, false);
  out.set(head, 4);
  if (body) out.set(body, 4 + head.length);
  return out;
}

/** Decodes one message; null for anything malformed (short, bad length, bad UTF-8/JSON, no `op`). */
export function decodeMessage(bytes: Uint8Array): WireMessage | null {
  if (!(bytes instanceof Uint8Array) || bytes.length < 4) return null;
  const length = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0, false);
  if (length < 2 || length > MAX_HEADER_BYTES || 4 + length > bytes.length) return null;
  let header: unknown;
  try {
    header = JSON.parse(decoder.decode(bytes.subarray(4, 4 + length)));
  } catch {
    return null;
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) return null;
  const op = (header as { op?: unknown }).op;
  if (typeof op !== 'string' || op.length === 0 || op.length > 32) return null;
  return { header: header as WireMessage['header'], body: bytes.subarray(4 + length) };
}

/** The smallest bucket a sealed size fits in, or null when it exceeds the largest. */
export function bucketFor(sealedBytes: number): number | null {
  for (const b of SEALED_BUCKETS) if (sealedBytes <= b) return b;
  return null;
}

/** True for a base64url string of exactly 43 characters (32 bytes): mailbox ids and capabilities. */
export function isMailboxToken(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9_-]{43}$/.test(value);
}
