/**
 * One WebSocket to one mailbox (docs/mailbox.md, "Wire"): open, then requests matched to their
 * replies by `rid`, and — for a reader that gave `since` — the catch-up and live entries pushed by
 * the server.
 *
 * What must stay true:
 * - One socket per mailbox, never shared: the server must not link two mailboxes by connection.
 * - Everything the server sends is untrusted: every message is decoded with the shared codec and
 *   every field checked before a handler sees it; anything outside the protocol closes the socket.
 * - Every request settles: with its reply, its error code, or — when the socket closes or the
 *   server stays silent — 'mailbox-unreachable' / 'mailbox-timeout'.
 * - Sending is paced below the server's per-socket rate limit, so a long push is never cut off.
 */
import {
  decodeMessage,
  encodeMessage,
  MAX_BLOB_BYTES,
  MAX_SEALED_BYTES,
  type WireMessage,
} from '../../wire/mailbox';
import { SyncError } from '../errors';
import {
  errorCode,
  isCount,
  isSeq,
  type MailboxConnection,
  type MailboxConnectionOptions,
  type MailboxHandlers,
  type MailboxOpenRequest,
  type SnapshotInfo,
  snapshotInfo,
  toBytes,
  type WebSocketCtor,
  type WebSocketLike,
} from './connection-types';

export type {
  MailboxConnection,
  MailboxConnectionOptions,
  MailboxHandlers,
  MailboxOpenRequest,
  SnapshotInfo,
  WebSocketCtor,
  WebSocketLike,
} from './connection-types';

const DEFAULT_CONNECT_TIMEOUT_MS = 15_000;
const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;
/** Close code used locally when the server broke the protocol. */
export const CLOSE_PROTOCOL = 4400;
/** Close code used locally when the server did not answer in time. */
export const CLOSE_TIMEOUT = 4408;
interface Pending {
  expect: string;
  resolve(msg: WireMessage): void;
  reject(e: SyncError): void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * Opens a mailbox; resolves after the server's `opened`.
 *
 * @throws SyncError(<server code> | 'mailbox-timeout' | 'mailbox-unreachable' | 'mailbox-protocol')
 * @example
 * const conn = await openMailboxConnection('ws://127.0.0.1:8787/mailbox',
 *   { mailboxId, cap: readCap, since: cursor }, { onEntry: (seq, sealed) => queue(seq, sealed) });
 */
export function openMailboxConnection(
  url: string,
  request: MailboxOpenRequest,
  handlers: MailboxHandlers,
  opts: MailboxConnectionOptions = {},
): Promise<MailboxConnection> {
  const Impl = opts.WebSocketImpl ?? (globalThis as { WebSocket?: WebSocketCtor }).WebSocket;
  if (!Impl) return Promise.reject(new SyncError('mailbox-unreachable', { reason: 'no WebSocket' }));
  const requestTimeoutMs = opts.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const interval = 1000 / (opts.sendRate ?? 40);

  return new Promise((resolveOpen, rejectOpen) => {
    let socket: WebSocketLike;
    try {
      socket = new Impl(url);
    } catch {
      rejectOpen(new SyncError('mailbox-unreachable'));
      return;
    }
    socket.binaryType = 'arraybuffer';
    let rid = 0;
    const pending = new Map<number, Pending>();
    let opened = false;
    let closed = false;
    let conn: (MailboxConnection & { head: number }) | null = null;
    // Pacing: a queue of encoded messages sent at most one per `interval` once past a small burst.
    const outQueue: Uint8Array[] = [];
    let tokens = 20;
    let lastRefill = Date.now();
    let pumpTimer: ReturnType<typeof setTimeout> | null = null;

    const pump = () => {
      pumpTimer = null;
      const now = Date.now();
      tokens = Math.min(20, tokens + (now - lastRefill) / interval);
      lastRefill = now;
      while (outQueue.length > 0 && tokens >= 1 && !closed) {
        tokens -= 1;
        try {
          socket.send(outQueue.shift() as Uint8Array);
        } catch {
          finish(1006);
          return;
        }
      }
      if (outQueue.length > 0 && !closed) pumpTimer = setTimeout(pump, Math.ceil(interval));
    };
    const send = (bytes: Uint8Array) => {
      outQueue.push(bytes);
      if (!pumpTimer) pump();
    };

    /** Closes for good; `openError` is what a still-pending open rejects with. */
    const finish = (code: number, openError?: SyncError) => {
      if (closed) return;
      closed = true;
      if (pumpTimer) clearTimeout(pumpTimer);
      clearTimeout(connectTimer);
      outQueue.length = 0;
      for (const p of pending.values()) {
        clearTimeout(p.timer);
        p.reject(new SyncError('mailbox-unreachable', { code }));
      }
      pending.clear();
      socket.onopen = socket.onmessage = socket.onerror = null;
      socket.onclose = null;
      try {
        socket.close(code >= 4000 ? code : 1000);
      } catch {
        // already closing
      }
      if (!opened) {
        rejectOpen(
          openError ??
            new SyncError(code === CLOSE_TIMEOUT ? 'mailbox-timeout' : 'mailbox-unreachable', { code }),
        );
      } else handlers.onClose?.(code);
    };
    const broken = (why: string) => finish(CLOSE_PROTOCOL, new SyncError('mailbox-protocol', { why }));

    const connectTimer = setTimeout(
      () => finish(CLOSE_TIMEOUT),
      opts.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    );

    const requestOp = (
      header: Record<string, unknown> & { op: string },
      body: Uint8Array | undefined,
      expect: string,
    ) =>
      new Promise<WireMessage>((resolve, reject) => {
        if (closed) {
          reject(new SyncError('mailbox-unreachable'));
          return;
        }
        rid = (rid + 1) >>> 0 || 1;
        const id = rid;
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new SyncError('mailbox-timeout'));
          finish(CLOSE_TIMEOUT);
        }, requestTimeoutMs);
        pending.set(id, { expect, resolve, reject, timer });
        send(encodeMessage({ ...header, rid: id }, body));
      });

    const onReply = (msg: WireMessage): void => {
      const h = msg.header;
      const id = h.rid;
      if (!Number.isSafeInteger(id)) {
        if (h.op === 'error') {
          // An error for no request (rate limit, connection cap): the server closes next.
          finish(CLOSE_PROTOCOL);
          return;
        }
        broken(`no rid on ${h.op}`);
        return;
      }
      const p = pending.get(id as number);
      if (!p) {
        broken('unknown rid');
        return;
      }
      pending.delete(id as number);
      clearTimeout(p.timer);
      if (h.op === 'error') {
        const code = errorCode(h.code);
        if (!code) {
          p.reject(new SyncError('mailbox-protocol'));
          broken('unknown error code');
        } else p.reject(new SyncError(code));
        return;
      }
      if (h.op !== p.expect) {
        p.reject(new SyncError('mailbox-protocol'));
        broken(`unexpected ${h.op}`);
        return;
      }
      p.resolve(msg);
    };

    const onOpened = (msg: WireMessage): void => {
      const h = msg.header;
      const snapshot = snapshotInfo(h.snapshot);
      if (
        (h.role !== 'read' && h.role !== 'append') ||
        !isSeq(h.head) ||
        snapshot === false ||
        typeof h.retired !== 'boolean'
      ) {
        broken('bad opened');
        return;
      }
      clearTimeout(connectTimer);
      opened = true;
      conn = makeConnection(h.role, h.head, snapshot, h.retired);
      resolveOpen(conn);
    };

    const onPush = (msg: WireMessage): boolean => {
      const h = msg.header;
      const sealedOk = msg.body.length > 0 && msg.body.length <= MAX_SEALED_BYTES;
      switch (h.op) {
        case 'entry':
          if (!isSeq(h.seq) || h.seq < 1 || !sealedOk) return false;
          handlers.onEntry?.(h.seq, msg.body.slice());
          return true;
        case 'snapshot-part':
          if (
            !isSeq(h.covers) ||
            !isCount(h.count, 4096) ||
            !isSeq(h.index) ||
            h.index >= h.count ||
            !sealedOk
          )
            return false;
          handlers.onSnapshotPart?.(h.covers, h.index, h.count, msg.body.slice());
          return true;
        case 'caught-up':
          if (!isSeq(h.head)) return false;
          if (conn) conn.head = Math.max(conn.head, h.head);
          handlers.onCaughtUp?.(h.head);
          return true;
        default:
          return false;
      }
    };

    socket.onopen = () => {
      const header: Record<string, unknown> & { op: string } = {
        op: 'open',
        rid: 0,
        mailbox: request.mailboxId,
        cap: request.cap,
      };
      if (request.since !== undefined) header.since = request.since;
      if (request.create) header.create = { readVerifier: request.create.readVerifier };
      send(encodeMessage(header));
    };
    socket.onerror = () => {}; // the close event that follows reports it
    socket.onclose = (ev) => finish(typeof ev?.code === 'number' ? ev.code : 1006);
    socket.onmessage = (ev) => {
      if (closed) return;
      const bytes = toBytes(ev.data);
      const msg = bytes ? decodeMessage(bytes) : null;
      if (!msg) {
        broken('undecodable');
        return;
      }
      if (!opened) {
        if (msg.header.op === 'opened') onOpened(msg);
        else if (msg.header.op === 'error') {
          finish(1000, new SyncError(errorCode(msg.header.code) ?? 'mailbox-protocol'));
        } else broken('not opened');
        return;
      }
      if (msg.header.op === 'entry' || msg.header.op === 'snapshot-part' || msg.header.op === 'caught-up') {
        if (conn?.role !== 'read' || !onPush(msg)) broken(`bad ${msg.header.op}`);
        return;
      }
      onReply(msg);
    };

    function makeConnection(
      role: 'read' | 'append',
      head: number,
      snapshot: SnapshotInfo | null,
      retired: boolean,
    ): MailboxConnection & { head: number } {
      return {
        role,
        head,
        snapshot,
        retired,
        get closed() {
          return closed;
        },
        async append(sealed) {
          const r = await requestOp({ op: 'append' }, sealed, 'appended');
          if (!isSeq(r.header.seq) || r.header.seq < 1) throw new SyncError('mailbox-protocol');
          if (conn) conn.head = Math.max(conn.head, r.header.seq);
          return r.header.seq;
        },
        async putBlob(sealed) {
          if (sealed.length > MAX_BLOB_BYTES) throw new SyncError('oversize');
          await requestOp({ op: 'put-blob' }, sealed, 'ok');
        },
        async getBlob() {
          try {
            const r = await requestOp({ op: 'get-blob' }, undefined, 'blob');
            if (r.body.length === 0 || r.body.length > MAX_BLOB_BYTES)
              throw new SyncError('mailbox-protocol');
            return r.body.slice();
          } catch (e) {
            if (e instanceof SyncError && e.code === 'not-found') return null;
            throw e;
          }
        },
        async delete(seqs) {
          const r = await requestOp({ op: 'delete', seqs: [...seqs] }, undefined, 'ok');
          return isSeq(r.header.deleted) ? r.header.deleted : 0;
        },
        async retire() {
          await requestOp({ op: 'retire' }, undefined, 'ok');
        },
        async uploadSnapshot(covers, parts) {
          const bytes = parts.reduce((n, p) => n + p.length, 0);
          const begin = await requestOp(
            { op: 'snapshot-begin', covers, parts: parts.length, bytes },
            undefined,
            'ok',
          );
          const upload = begin.header.upload;
          if (typeof upload !== 'string' && !Number.isSafeInteger(upload))
            throw new SyncError('mailbox-protocol');
          // Pipelined: replies come in request order, so every part's `ok` is awaited together.
          await Promise.all(
            parts.map((part, index) => requestOp({ op: 'snapshot-part', upload, index }, part, 'ok')),
          );
          const done = await requestOp({ op: 'snapshot-commit', upload }, undefined, 'snapshot-done');
          if (!isSeq(done.header.covers)) throw new SyncError('mailbox-protocol');
          return done.header.covers;
        },
        close() {
          finish(1000);
        },
      };
    }
  });
}
