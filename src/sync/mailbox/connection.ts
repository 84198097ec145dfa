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
 *
 * The parts: pacing (connection-pacer.ts), requests and replies (connection-requests.ts), the
 * checked pushes and the requests an open connection offers (connection-ops.ts); here, the
 * socket's life from open to close.
 */
import { decodeMessage, encodeMessage, type WireMessage } from '../../wire/mailbox';
import { SyncError } from '../errors';
import { connectionOps, type MailboxPush, PUSH_OPS, readPush } from './connection-ops';
import { SendPacer } from './connection-pacer';
import { type RequestHeader, type RequestSocket, RequestTable } from './connection-requests';
import {
  errorCode,
  isSeq,
  type MailboxConnection,
  type MailboxConnectionOptions,
  type MailboxHandlers,
  type MailboxOpenRequest,
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
  return new Promise((resolve, reject) => {
    let socket: WebSocketLike;
    try {
      socket = new Impl(url);
    } catch {
      reject(new SyncError('mailbox-unreachable'));
      return;
    }
    new MailboxSocket(socket, request, handlers, opts, { resolve, reject });
  });
}

/** One socket's life: open, `opened`, replies and pushes, close. */
class MailboxSocket implements RequestSocket {
  closed = false;
  private opened = false;
  private conn: (MailboxConnection & { head: number }) | null = null;
  private readonly pacer: SendPacer;
  private readonly requests: RequestTable;
  private readonly connectTimer: ReturnType<typeof setTimeout>;

  constructor(
    private readonly socket: WebSocketLike,
    private readonly request: MailboxOpenRequest,
    private readonly handlers: MailboxHandlers,
    opts: MailboxConnectionOptions,
    private readonly open: { resolve(c: MailboxConnection): void; reject(e: SyncError): void },
  ) {
    socket.binaryType = 'arraybuffer';
    this.pacer = new SendPacer(
      1000 / (opts.sendRate ?? 40),
      (bytes) => socket.send(bytes),
      () => this.finish(1006),
    );
    this.requests = new RequestTable(this, opts.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS);
    this.connectTimer = setTimeout(
      () => this.finish(CLOSE_TIMEOUT),
      opts.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    );
    socket.onopen = () => this.sendOpen();
    socket.onerror = () => {}; // the close event that follows reports it
    socket.onclose = (ev) => this.finish(typeof ev?.code === 'number' ? ev.code : 1006);
    socket.onmessage = (ev) => this.onMessage(ev.data);
  }

  send(bytes: Uint8Array): void {
    this.pacer.send(bytes);
  }

  timedOut(): void {
    this.finish(CLOSE_TIMEOUT);
  }

  broken(why?: string): void {
    this.finish(CLOSE_PROTOCOL, why === undefined ? undefined : new SyncError('mailbox-protocol', { why }));
  }

  /** Closes for good; `openError` is what a still-pending open rejects with. */
  finish(code: number, openError?: SyncError): void {
    if (this.closed) return;
    this.closed = true;
    this.pacer.stop();
    clearTimeout(this.connectTimer);
    this.requests.failAll(code);
    const socket = this.socket;
    socket.onopen = socket.onmessage = socket.onerror = null;
    socket.onclose = null;
    try {
      socket.close(code >= 4000 ? code : 1000);
    } catch {
      // already closing
    }
    if (!this.opened) {
      this.open.reject(
        openError ??
          new SyncError(code === CLOSE_TIMEOUT ? 'mailbox-timeout' : 'mailbox-unreachable', { code }),
      );
    } else this.handlers.onClose?.(code);
  }

  private sendOpen(): void {
    const request = this.request;
    const header: RequestHeader = { op: 'open', rid: 0, mailbox: request.mailboxId, cap: request.cap };
    if (request.since !== undefined) header.since = request.since;
    if (request.window !== undefined) header.window = request.window;
    if (request.create) header.create = { readVerifier: request.create.readVerifier };
    this.send(encodeMessage(header));
  }

  private onMessage(data: unknown): void {
    if (this.closed) return;
    const bytes = toBytes(data);
    const msg = bytes ? decodeMessage(bytes) : null;
    if (!msg) {
      this.broken('undecodable');
      return;
    }
    const op = msg.header.op;
    if (!this.opened) {
      if (op === 'opened') this.onOpened(msg);
      else if (op === 'error')
        this.finish(1000, new SyncError(errorCode(msg.header.code) ?? 'mailbox-protocol'));
      else this.broken('not opened');
      return;
    }
    if (typeof op === 'string' && PUSH_OPS.has(op)) {
      const push = this.conn?.role === 'read' ? readPush(msg) : null;
      if (push) this.onPush(push);
      else this.broken(`bad ${op}`);
      return;
    }
    this.requests.reply(msg);
  }

  private onOpened(msg: WireMessage): void {
    const h = msg.header;
    const snapshot = snapshotInfo(h.snapshot);
    if (
      (h.role !== 'read' && h.role !== 'append') ||
      !isSeq(h.head) ||
      snapshot === false ||
      typeof h.retired !== 'boolean'
    ) {
      this.broken('bad opened');
      return;
    }
    clearTimeout(this.connectTimer);
    this.opened = true;
    const info = { role: h.role, head: h.head, snapshot, retired: h.retired } as const;
    this.conn = connectionOps(info, this.requests, this);
    this.open.resolve(this.conn);
  }

  private onPush(push: MailboxPush): void {
    const handlers = this.handlers;
    if (push.op === 'entry') handlers.onEntry?.(push.seq, push.sealed);
    else if (push.op === 'snapshot-part')
      handlers.onSnapshotPart?.(push.covers, push.index, push.count, push.sealed);
    else {
      if (this.conn) this.conn.head = Math.max(this.conn.head, push.head);
      handlers.onCaughtUp?.(push.head);
    }
  }

  close(): void {
    this.finish(1000);
  }
}
