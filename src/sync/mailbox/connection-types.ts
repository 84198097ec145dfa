/**
 * Types of the mailbox connection (connection.ts) and the checks it applies to every field the
 * server sends: the server is untrusted, so nothing reaches a handler unchecked.
 */
import { MAILBOX_ERROR_CODES, type MailboxErrorCode } from '../../wire/mailbox';

/** What the server said about a mailbox's snapshot in `opened`. */
export interface SnapshotInfo {
  covers: number;
  parts: number;
  bytes: number;
}

/** Pushed messages from the server. Handlers are called in arrival order. */
export interface MailboxHandlers {
  onEntry?(seq: number, sealed: Uint8Array): void;
  onSnapshotPart?(covers: number, index: number, count: number, sealed: Uint8Array): void;
  onCaughtUp?(head: number): void;
  /** The socket closed (after `opened`); `code` is the WebSocket close code. */
  onClose?(code: number): void;
}

/** What to open. */
export interface MailboxOpenRequest {
  mailboxId: string;
  /** The read or append capability (base64url). */
  cap: string;
  /** Create the mailbox when unknown (needs the append cap). */
  create?: { readVerifier: string };
  /** Readers: stream entries after this seq, then live ones. */
  since?: number;
  /** Readers: most body bytes the server may send before `consumed` says they were handled. */
  window?: number;
}

/** The parts of a WebSocket used here (browser WebSocket and `ws` both fit). */
export interface WebSocketLike {
  binaryType: string;
  readonly readyState: number;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  send(data: Uint8Array): void;
  close(code?: number): void;
}

/** A WebSocket constructor. */
export type WebSocketCtor = new (url: string) => WebSocketLike;

export interface MailboxConnectionOptions {
  /** Longest wait for the socket and `opened`; default 15,000 ms. */
  connectTimeoutMs?: number;
  /** Longest wait for a reply to a request; default 60,000 ms (then the socket is closed). */
  requestTimeoutMs?: number;
  /** Default: the global WebSocket. */
  WebSocketImpl?: WebSocketCtor;
  /** Messages per second sent at most (the server allows 50, burst 400); default 40. */
  sendRate?: number;
}

/** An open mailbox. */
export interface MailboxConnection {
  readonly role: 'read' | 'append';
  readonly head: number;
  readonly snapshot: SnapshotInfo | null;
  readonly retired: boolean;
  /** True once the socket closed. */
  readonly closed: boolean;
  /** Appends a sealed entry; resolves with its seq once the server stored it. */
  append(sealed: Uint8Array): Promise<number>;
  putBlob(sealed: Uint8Array): Promise<void>;
  /** The mailbox's blob, or null when it has none. */
  getBlob(): Promise<Uint8Array | null>;
  /** Deletes entries; resolves with how many were deleted. */
  delete(seqs: readonly number[]): Promise<number>;
  retire(): Promise<void>;
  /** Tells the server that `bytes` (cumulative) of what it sent were handled: it may send more. */
  consumed(bytes: number): Promise<void>;
  /** Uploads a snapshot covering `covers`; resolves with the covers the server installed. */
  uploadSnapshot(covers: number, parts: readonly Uint8Array[]): Promise<number>;
  close(): void;
}

export const MAX_SEQ = Number.MAX_SAFE_INTEGER;

/** A seq or count: a safe non-negative integer. */
export const isSeq = (v: unknown): v is number =>
  Number.isSafeInteger(v) && (v as number) >= 0 && (v as number) <= MAX_SEQ;
/** An integer in 1 … max. */
export const isCount = (v: unknown, max: number): v is number =>
  Number.isSafeInteger(v) && (v as number) >= 1 && (v as number) <= max;

/** A known server error code, or null. */
export function errorCode(v: unknown): MailboxErrorCode | null {
  return typeof v === 'string' && (MAILBOX_ERROR_CODES as readonly string[]).includes(v)
    ? (v as MailboxErrorCode)
    : null;
}

/** The bytes of a WebSocket message (ArrayBuffer or a view), or null. */
export function toBytes(data: unknown): Uint8Array | null {
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return null;
}

/** The `snapshot` of `opened`: null when absent, false when malformed. */
export function snapshotInfo(v: unknown): SnapshotInfo | null | false {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'object') return false;
  const s = v as Record<string, unknown>;
  if (!isSeq(s.covers) || !isCount(s.parts, 4096) || !isSeq(s.bytes)) return false;
  return { covers: s.covers, parts: s.parts, bytes: s.bytes };
}
