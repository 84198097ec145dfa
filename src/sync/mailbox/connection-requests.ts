/**
 * Requests on one mailbox socket matched to their replies by `rid` (docs/mailbox.md, "Wire").
 *
 * What must stay true: every request settles — with its reply, the server's error code, or
 * 'mailbox-timeout' (the server stayed silent; the socket is then closed) / 'mailbox-unreachable'
 * (the socket closed first). A reply that matches no request, or the wrong kind of reply, breaks
 * the protocol and closes the socket.
 */
import { encodeMessage, type WireMessage } from '../../wire/mailbox';
import { SyncError } from '../errors';
import { errorCode } from './connection-types';

/** A request's header (`rid` is added here). */
export type RequestHeader = Record<string, unknown> & { op: string };

/** What the table needs from its socket. */
export interface RequestSocket {
  readonly closed: boolean;
  send(bytes: Uint8Array): void;
  /** A request got no reply in time: close the socket. */
  timedOut(): void;
  /** The server broke the protocol (`why` for the error): close the socket. */
  broken(why?: string): void;
}

interface Pending {
  expect: string;
  resolve(msg: WireMessage): void;
  reject(e: SyncError): void;
  timer: ReturnType<typeof setTimeout>;
}

/** The requests in flight on one socket. */
export class RequestTable {
  private rid = 0;
  private readonly pending = new Map<number, Pending>();

  constructor(
    private readonly socket: RequestSocket,
    private readonly timeoutMs: number,
  ) {}

  /** Sends a request; resolves with the reply whose op is `expect`. */
  request(header: RequestHeader, body: Uint8Array | undefined, expect: string): Promise<WireMessage> {
    return new Promise<WireMessage>((resolve, reject) => {
      if (this.socket.closed) {
        reject(new SyncError('mailbox-unreachable'));
        return;
      }
      this.rid = (this.rid + 1) >>> 0 || 1;
      const id = this.rid;
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new SyncError('mailbox-timeout'));
        this.socket.timedOut();
      }, this.timeoutMs);
      this.pending.set(id, { expect, resolve, reject, timer });
      this.socket.send(encodeMessage({ ...header, rid: id }, body));
    });
  }

  /** Settles the request a reply answers. */
  reply(msg: WireMessage): void {
    const h = msg.header;
    const id = h.rid;
    if (!Number.isSafeInteger(id)) {
      // An error for no request (rate limit, connection cap): the server closes next.
      if (h.op === 'error') this.socket.broken();
      else this.socket.broken(`no rid on ${h.op}`);
      return;
    }
    const p = this.pending.get(id as number);
    if (!p) {
      this.socket.broken('unknown rid');
      return;
    }
    this.pending.delete(id as number);
    clearTimeout(p.timer);
    if (h.op === 'error') {
      const code = errorCode(h.code);
      if (!code) {
        p.reject(new SyncError('mailbox-protocol'));
        this.socket.broken('unknown error code');
      } else p.reject(new SyncError(code));
      return;
    }
    if (h.op !== p.expect) {
      p.reject(new SyncError('mailbox-protocol'));
      this.socket.broken(`unexpected ${h.op}`);
      return;
    }
    p.resolve(msg);
  }

  /** The socket closed with `code`: every request in flight fails as unreachable. */
  failAll(code: number): void {
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(new SyncError('mailbox-unreachable', { code }));
    }
    this.pending.clear();
  }
}
