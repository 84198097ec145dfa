/**
 * One mailbox WebSocket: decodes messages, enforces the rate limit, runs requests in order and
 * sends their replies in request order, and owns the socket's feed and snapshot upload.
 *
 * What must stay true:
 * - `open` is the first message; anything else first, or a second `open`, closes with 1008.
 * - Replies go out in request order. A request starts once the previous one has queued its store
 *   write (an append) or finished (everything else), so a socket's appends pipeline into one group
 *   commit, and a later request always sees the effect of an earlier one.
 * - Unread requests are bounded: past a budget the socket is paused (TCP backpressure), so a fast
 *   client cannot make the server hold more than that for it.
 * - Nothing about a message is logged.
 */
import { decodeMessage, encodeMessage } from '../../wire/mailbox';
import type { RawData, WebSocket } from '../ws';
import { MailboxClose, type MailboxContext, type Reply } from './context';
import { Feed } from './feed';
import { errorReply, runOp, type SessionState } from './ops';
import type { AppendResult } from './store';

const MAX_QUEUED_BYTES = 8 * 1024 * 1024;
const MAX_QUEUED = 512;

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return data;
}

function isRid(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 0xffffffff;
}

/** A connected mailbox socket. */
export class Session implements SessionState {
  readonly owner = {};
  id: string | null = null;
  role: 'read' | 'append' | null = null;
  alive = true;
  private stage: 'new' | 'opening' | 'open' | 'closed' = 'new';
  private tokens: number;
  private refilledAt = performance.now();
  private gate: Promise<void> = Promise.resolve();
  private tail: Promise<void> = Promise.resolve();
  private queued = 0;
  private queuedBytes = 0;
  private feed: Feed | null = null;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly own = new Set<number>();

  constructor(
    private readonly ctx: MailboxContext,
    readonly socket: WebSocket,
    private readonly onFrame?: (bytes: Uint8Array) => void,
  ) {
    this.tokens = ctx.limits.messageBurst;
  }

  /** Handles one received WebSocket message. */
  receive(data: RawData, isBinary: boolean): void {
    if (this.stage === 'closed') return;
    const bytes = toBytes(data);
    this.onFrame?.(bytes);
    if (!this.takeToken()) {
      this.ctx.log('mailbox: closed a connection over the message rate limit');
      this.sendNow(errorReply(undefined, 'rate-limited'));
      this.close(MailboxClose.policyViolation, 'rate limit');
      return;
    }
    const msg = isBinary ? decodeMessage(bytes) : null;
    const rid = msg?.header.rid;
    if (this.stage === 'new') {
      if (msg?.header.op !== 'open' || !isRid(rid)) {
        this.sendNow(errorReply(isRid(rid) ? rid : undefined, 'bad-message'));
        this.close(MailboxClose.policyViolation, 'open first');
        return;
      }
      this.stage = 'opening';
    } else if (msg?.header.op === 'open') {
      this.close(MailboxClose.policyViolation, 'second open');
      return;
    }
    if (!msg || !isRid(rid)) {
      this.enqueue(async () => errorReply(isRid(rid) ? rid : undefined, 'bad-message'), 0);
      return;
    }
    this.enqueue((issued) => runOp(this.ctx, this, msg, rid, issued), bytes.length);
  }

  /** Releases everything the socket holds (feed, upload); called once it has closed. */
  dispose(): void {
    this.stage = 'closed';
    this.feed?.stop();
    this.feed = null;
    this.ctx.staging.dropOwner(this.owner);
  }

  startFeed(since: number, window: number | null): void {
    if (this.stage === 'closed' || this.feed) return;
    this.feed = new Feed(this.ctx, this.id as string, since, window, {
      send: (header, body) => this.sendNow({ header, ...(body ? { body } : {}) }),
      bufferedAmount: () => this.socket.bufferedAmount,
      isOpen: () => this.stage !== 'closed' && this.socket.readyState === this.socket.OPEN,
      appendsSettled: async () => {
        await Promise.all([...this.inFlight]);
      },
      takeOwn: (seq) => {
        const mine = this.own.has(seq);
        for (const s of this.own) if (s <= seq) this.own.delete(s);
        return mine;
      },
      fail: (code, reason) => this.close(code, reason),
    });
  }

  consumed(bytes: number): void {
    this.feed?.consumed(bytes);
  }

  trackAppend(result: Promise<AppendResult>): void {
    const settled: Promise<void> = result.then(
      (r) => {
        // Only a reading socket with a feed gets entries pushed, so only it needs to remember.
        if (r.ok && this.feed && r.seq > this.feed.position) this.own.add(r.seq);
      },
      () => {},
    );
    this.inFlight.add(settled);
    void settled.then(() => this.inFlight.delete(settled));
  }

  private enqueue(run: (issued: () => void) => Promise<Reply>, bytes: number): void {
    let issued!: () => void;
    const next = new Promise<void>((resolve) => {
      issued = resolve;
    });
    const result = this.gate.then(() => run(issued)).catch(() => errorReply(undefined, 'unavailable'));
    void result.then(issued);
    this.gate = next;
    this.queued += 1;
    this.queuedBytes += bytes;
    if ((this.queued > MAX_QUEUED || this.queuedBytes > MAX_QUEUED_BYTES) && !this.socket.isPaused)
      this.socket.pause();
    this.tail = this.tail.then(async () => {
      const reply = await result;
      this.queued -= 1;
      this.queuedBytes -= bytes;
      if (this.socket.isPaused && this.queued <= MAX_QUEUED / 2 && this.queuedBytes <= MAX_QUEUED_BYTES / 2) {
        this.socket.resume();
      }
      if (this.stage === 'closed') return;
      if (reply.header.op === 'opened') this.stage = 'open';
      this.sendNow(reply);
      if (reply.close) this.close(reply.close, reply.header.op === 'error' ? String(reply.header.code) : '');
      else reply.after?.();
    });
  }

  private sendNow(reply: Reply): void {
    if (this.socket.readyState !== this.socket.OPEN) return;
    try {
      this.socket.send(encodeMessage(reply.header, reply.body));
    } catch {
      this.socket.terminate();
    }
  }

  private close(code: number, reason: string): void {
    if (this.stage === 'closed') return;
    this.dispose();
    this.socket.close(code, reason);
  }

  /** Token bucket: true when the socket may send one more message now. */
  private takeToken(): boolean {
    const now = performance.now();
    const { messagesPerSecond, messageBurst } = this.ctx.limits;
    this.tokens = Math.min(messageBurst, this.tokens + ((now - this.refilledAt) / 1000) * messagesPerSecond);
    this.refilledAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
