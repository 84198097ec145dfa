/**
 * The mailbox requests (docs/mailbox.md "Client → server"), one function per op. Each validates
 * everything it reads from the untrusted header and body before it touches the store, and returns
 * the reply; a refused request changes nothing.
 */
import type { MailboxErrorCode, WireMessage } from '../../wire/mailbox';
import { MailboxClose, type MailboxContext, type Reply } from './context';
import { dayOf, mailboxIdFor, sameVerifier, tokenBytes, verifierOf } from './ids';
import type { AppendResult } from './store';

/** The per-socket state the ops read and change. */
export interface SessionState {
  /** Identity of the socket, for snapshot uploads. */
  readonly owner: object;
  id: string | null;
  role: 'read' | 'append' | null;
  /** Starts the catch-up and live feed (after `opened` is sent); `window`: see `open`. */
  startFeed(since: number, window: number | null): void;
  /** The reader has handled `bytes` (cumulative) of what its feed sent. */
  consumed(bytes: number): void;
  /** Tracks an append in flight so the feed can skip this socket's own entries. */
  trackAppend(result: Promise<AppendResult>): void;
}

const MAX_SNAPSHOT_PARTS = 4096;
/** Bounds of a reader's `window` (bytes its feed may have sent that it has not said it handled). */
export const MIN_WINDOW_BYTES = 64 * 1024;
export const MAX_WINDOW_BYTES = 256 * 1024 * 1024;
const MAX_DELETE = 1000;

/** An `error` reply. */
export function errorReply(rid: number | undefined, code: MailboxErrorCode, close?: number): Reply {
  return {
    header: rid === undefined ? { op: 'error', code } : { op: 'error', rid, code },
    ...(close ? { close } : {}),
  };
}

function isSeq(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** What one op reads: the context, the socket's state, its open mailbox and the request. */
interface OpArgs {
  ctx: MailboxContext;
  s: SessionState;
  id: string;
  msg: WireMessage;
  rid: number;
}

/** `forbidden` unless the socket holds the read capability. */
function readOnly({ s, rid }: OpArgs): Reply | null {
  return s.role === 'read' ? null : errorReply(rid, 'forbidden');
}

/**
 * Runs one request (after `open` has succeeded, except for `open` itself).
 *
 * @param issued - Called once the request's store write has been queued, so the next request may
 *   start (appends pipeline into one group commit while their replies stay in order).
 */
export async function runOp(
  ctx: MailboxContext,
  s: SessionState,
  msg: WireMessage,
  rid: number,
  issued: () => void,
): Promise<Reply> {
  if (msg.header.op === 'open') return open(ctx, s, msg, rid);
  const id = s.id;
  if (id === null) return errorReply(rid, 'bad-message', MailboxClose.policyViolation);
  const a: OpArgs = { ctx, s, id, msg, rid };
  switch (msg.header.op) {
    case 'append':
      return append(a, issued);
    case 'snapshot-begin':
      return readOnly(a) ?? snapshotBegin(a);
    case 'snapshot-part':
      return readOnly(a) ?? snapshotPart(a);
    case 'snapshot-commit':
      return readOnly(a) ?? snapshotCommit(a);
    case 'delete':
      return readOnly(a) ?? deleteEntries(a);
    case 'put-blob':
      return readOnly(a) ?? putBlob(a);
    case 'get-blob':
      return getBlob(a);
    case 'retire':
      return readOnly(a) ?? retire(a);
    case 'consumed':
      return readOnly(a) ?? consumed(a);
    default:
      return errorReply(rid, 'bad-message');
  }
}

/** `append`: one sealed entry, announced live once stored. */
async function append({ ctx, s, id, msg, rid }: OpArgs, issued: () => void): Promise<Reply> {
  const { body } = msg;
  if (body.length === 0) return errorReply(rid, 'bad-message');
  if (body.length > ctx.limits.maxEntryBytes) return errorReply(rid, 'oversize');
  const pending = ctx.store.append(id, body, ctx.quota);
  s.trackAppend(pending);
  issued();
  const result = await pending;
  if (!result.ok) return errorReply(rid, result.code);
  ctx.bus.publish(id, { seq: result.seq, bytes: body }).catch(() => {
    ctx.log('mailbox: a live announcement failed');
  });
  return { header: { op: 'appended', rid, seq: result.seq } };
}

/** `snapshot-begin`: reserves staging for a snapshot of `parts` parts and `bytes` bytes. */
async function snapshotBegin({ ctx, s, id, msg, rid }: OpArgs): Promise<Reply> {
  const { limits, quota } = ctx;
  const { covers, parts, bytes } = msg.header;
  if (
    !isSeq(covers) ||
    !isSeq(parts) ||
    !isSeq(bytes) ||
    parts < 1 ||
    parts > MAX_SNAPSHOT_PARTS ||
    bytes < parts
  ) {
    return errorReply(rid, 'bad-message');
  }
  if (bytes > parts * limits.maxEntryBytes) return errorReply(rid, 'oversize');
  if (bytes > quota.maxBytes) return errorReply(rid, 'quota');
  const meta = await ctx.store.get(id);
  if (!meta) return errorReply(rid, 'unknown-mailbox');
  // A retired log stays as it was left: members who were away read the key change there, and a
  // removed device (it still derives the capabilities) must not replace or thin it.
  if (meta.retiredDay !== null) return errorReply(rid, 'retired');
  if (covers > meta.head || covers < (meta.snapshot?.covers ?? 0)) return errorReply(rid, 'stale-snapshot');
  const upload = ctx.staging.begin(s.owner, id, covers, parts, bytes);
  if (!upload) return errorReply(rid, 'busy');
  return { header: { op: 'ok', rid, upload: upload.id } };
}

/** `snapshot-part`: one part of a staged snapshot (a resent part replaces the earlier one). */
async function snapshotPart({ ctx, s, msg, rid }: OpArgs): Promise<Reply> {
  const { header, body } = msg;
  const upload = ctx.staging.find(s.owner, header.upload);
  if (!upload) return errorReply(rid, 'not-found');
  const index = header.index;
  if (!isSeq(index) || index >= upload.parts.length || body.length === 0)
    return errorReply(rid, 'bad-message');
  if (body.length > ctx.limits.maxEntryBytes) return errorReply(rid, 'oversize');
  const old = upload.parts[index];
  const total = upload.receivedBytes - (old?.length ?? 0) + body.length;
  if (total > upload.declaredBytes) return errorReply(rid, 'oversize');
  // A copy, so the upload does not pin the whole received frame.
  upload.parts[index] = new Uint8Array(body);
  upload.receivedBytes = total;
  if (!old) upload.received += 1;
  return { header: { op: 'ok', rid } };
}

/** `snapshot-commit`: installs a complete staged snapshot. */
async function snapshotCommit({ ctx, s, id, msg, rid }: OpArgs): Promise<Reply> {
  const upload = ctx.staging.find(s.owner, msg.header.upload);
  if (!upload) return errorReply(rid, 'not-found');
  if (upload.received < upload.parts.length) return errorReply(rid, 'bad-message');
  ctx.staging.drop(upload);
  const result = await ctx.store.installSnapshot(id, upload.covers, upload.parts as Uint8Array[], ctx.quota);
  if (!result.ok) return errorReply(rid, result.code);
  return { header: { op: 'snapshot-done', rid, covers: upload.covers } };
}

/** `delete`: removes entries by seq (not from a retired log, see `snapshotBegin`). */
async function deleteEntries({ ctx, id, msg, rid }: OpArgs): Promise<Reply> {
  const seqs = msg.header.seqs;
  if (
    !Array.isArray(seqs) ||
    seqs.length === 0 ||
    seqs.length > MAX_DELETE ||
    !seqs.every((q) => isSeq(q) && q > 0)
  ) {
    return errorReply(rid, 'bad-message');
  }
  if ((await ctx.store.get(id))?.retiredDay != null) return errorReply(rid, 'retired');
  const deleted = await ctx.store.deleteEntries(id, seqs as number[]);
  return { header: { op: 'ok', rid, deleted } };
}

/** `put-blob`: stores (or replaces) the mailbox's one blob. */
async function putBlob({ ctx, id, msg, rid }: OpArgs): Promise<Reply> {
  const { body } = msg;
  if (body.length === 0) return errorReply(rid, 'bad-message');
  if (body.length > ctx.limits.maxBlobBytes) return errorReply(rid, 'oversize');
  const result = await ctx.store.putBlob(id, new Uint8Array(body), ctx.quota);
  if (!result.ok) return errorReply(rid, result.code);
  return { header: { op: 'ok', rid } };
}

/** `get-blob`: the mailbox's blob. */
async function getBlob({ ctx, id, rid }: OpArgs): Promise<Reply> {
  const blob = await ctx.store.getBlob(id);
  if (!blob) return errorReply(rid, 'not-found');
  return { header: { op: 'blob', rid }, body: blob };
}

/** `retire`: marks the mailbox retired as of today. */
async function retire({ ctx, id, rid }: OpArgs): Promise<Reply> {
  await ctx.store.retire(id, dayOf(ctx.now()));
  return { header: { op: 'ok', rid } };
}

/** `consumed`: the reader handled `bytes` (cumulative) of its feed; more may be sent. */
async function consumed({ s, msg, rid }: OpArgs): Promise<Reply> {
  if (!isSeq(msg.header.bytes)) return errorReply(rid, 'bad-message');
  s.consumed(msg.header.bytes);
  return { header: { op: 'ok', rid } };
}

/** A reader's `window`: null when absent (no bound but the socket's), undefined when malformed. */
function windowOf(value: unknown): number | null | undefined {
  if (value === undefined) return null;
  if (!isSeq(value)) return undefined;
  return Math.min(MAX_WINDOW_BYTES, Math.max(MIN_WINDOW_BYTES, value));
}

/** `open`: checks the capability, creates the mailbox when asked to with its append cap. */
async function open(ctx: MailboxContext, s: SessionState, msg: WireMessage, rid: number): Promise<Reply> {
  const { mailbox, cap: capToken, since, create } = msg.header;
  const window = windowOf(msg.header.window);
  const cap = tokenBytes(capToken);
  const createWith =
    create === undefined
      ? null
      : typeof create === 'object' &&
          create !== null &&
          tokenBytes((create as { readVerifier?: unknown }).readVerifier)
        ? ((create as { readVerifier: string }).readVerifier as string)
        : undefined;
  if (
    !cap ||
    typeof mailbox !== 'string' ||
    !tokenBytes(mailbox) ||
    (since !== undefined && !isSeq(since)) ||
    createWith === undefined ||
    window === undefined
  ) {
    return errorReply(rid, 'bad-message', MailboxClose.policyViolation);
  }
  const { store } = ctx;
  const today = dayOf(ctx.now());
  const verifier = verifierOf(cap);
  let meta = await store.get(mailbox);
  if (!meta) {
    if (createWith === null) return errorReply(rid, 'unknown-mailbox', MailboxClose.normal);
    if (mailboxIdFor(verifier) !== mailbox) return errorReply(rid, 'forbidden', MailboxClose.policyViolation);
    meta = await store.create({
      id: mailbox,
      appendVerifier: verifier,
      readVerifier: createWith,
      lastOpenDay: today,
    });
  }
  const role = sameVerifier(verifier, meta.readVerifier)
    ? 'read'
    : sameVerifier(verifier, meta.appendVerifier)
      ? 'append'
      : null;
  if (!role) return errorReply(rid, 'forbidden', MailboxClose.policyViolation);
  if (meta.lastOpenDay < today) await store.touch(mailbox, today);
  s.id = mailbox;
  s.role = role;
  const header: Reply['header'] = {
    op: 'opened',
    rid,
    role,
    head: meta.head,
    retired: meta.retiredDay !== null,
  };
  if (meta.snapshot) header.snapshot = { ...meta.snapshot };
  return {
    header,
    ...(role === 'read' && since !== undefined ? { after: () => s.startFeed(since as number, window) } : {}),
  };
}
