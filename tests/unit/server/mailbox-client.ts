/**
 * A test client for the mailbox WebSocket: capabilities and ids as docs/mailbox.md derives them
 * (random root material instead of HKDF: the server only sees caps and verifiers), requests
 * matched to replies by rid, and a queue of everything else the server pushes.
 */
import { createHash, randomBytes } from 'node:crypto';
import { WebSocket } from '../../../src/server/ws';
import { decodeMessage, encodeMessage, type WireMessage } from '../../../src/wire/mailbox';

/** A mailbox's capabilities and what the server derives from them. */
export interface Caps {
  id: string;
  appendCap: string;
  readCap: string;
  readVerifier: string;
}

/** Fresh random capabilities and the mailbox id they name. */
export function newCaps(): Caps {
  const append = randomBytes(32);
  const read = randomBytes(32);
  const appendVerifier = createHash('sha256').update(append).digest();
  const id = createHash('sha256')
    .update('shopfloor/mailbox/id/v1')
    .update(appendVerifier)
    .digest('base64url');
  return {
    id,
    appendCap: append.toString('base64url'),
    readCap: read.toString('base64url'),
    readVerifier: createHash('sha256').update(read).digest('base64url'),
  };
}

export interface MailboxClient {
  ws: WebSocket;
  /** Sends a request (rid added) and resolves with its reply. */
  request(
    header: { op: string; [k: string]: unknown },
    body?: Uint8Array,
    timeoutMs?: number,
  ): Promise<WireMessage>;
  /** Sends raw bytes or text. */
  sendRaw(data: Uint8Array | string): void;
  /** Next pushed message (entry, snapshot-part, caught-up, error without rid). */
  next(timeoutMs?: number): Promise<WireMessage>;
  /** Pushed messages not yet taken. */
  pending(): WireMessage[];
  /** Every message received, in order. */
  all: WireMessage[];
  closed: Promise<{ code: number }>;
  isClosed(): boolean;
}

/** Opens a WebSocket to the mailbox path of `base` (an http:// URL). */
export async function connectMailbox(base: string): Promise<MailboxClient> {
  const ws = new WebSocket(`${base.replace(/^http/, 'ws')}mailbox`);
  let rid = 0;
  const waiting = new Map<number, (m: WireMessage) => void>();
  const queue: WireMessage[] = [];
  const waiters: ((m: WireMessage) => void)[] = [];
  const all: WireMessage[] = [];
  let isClosed = false;
  ws.on('message', (data: Buffer) => {
    const msg = decodeMessage(new Uint8Array(data));
    if (!msg) throw new Error('server sent an undecodable message');
    all.push(msg);
    const r = msg.header.rid;
    const w = typeof r === 'number' ? waiting.get(r) : undefined;
    if (w && typeof r === 'number') {
      waiting.delete(r);
      w(msg);
      return;
    }
    const next = waiters.shift();
    if (next) next(msg);
    else queue.push(msg);
  });
  ws.on('error', () => {});
  const closed = new Promise<{ code: number }>((resolve) =>
    ws.on('close', (code) => {
      isClosed = true;
      resolve({ code });
    }),
  );
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
  const timed = <T>(p: Promise<T>, ms: number, what: string) =>
    Promise.race([
      p,
      new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`timed out: ${what}`)), ms)),
    ]);
  return {
    ws,
    all,
    closed,
    isClosed: () => isClosed,
    sendRaw: (data) => ws.send(data),
    request: (header, body, timeoutMs = 10_000) => {
      rid += 1;
      const id = rid;
      const reply = new Promise<WireMessage>((resolve) => waiting.set(id, resolve));
      ws.send(encodeMessage({ ...header, rid: id }, body));
      return timed(reply, timeoutMs, `reply to ${header.op}`);
    },
    next: (timeoutMs = 10_000) => {
      const m = queue.shift();
      if (m) return Promise.resolve(m);
      return timed(
        new Promise<WireMessage>((resolve) => waiters.push(resolve)),
        timeoutMs,
        'a pushed message',
      );
    },
    pending: () => [...queue],
  };
}

/** Opens a client and sends `open`; resolves with the client and the reply. */
export async function openMailbox(
  base: string,
  caps: Caps,
  opts: { role?: 'read' | 'append'; since?: number; create?: boolean } = {},
): Promise<{ client: MailboxClient; reply: WireMessage }> {
  const client = await connectMailbox(base);
  const reply = await client.request({
    op: 'open',
    mailbox: caps.id,
    cap:
      opts.role === 'append'
        ? caps.appendCap
        : (opts.role ?? 'read') === 'read'
          ? caps.readCap
          : caps.appendCap,
    ...(opts.since !== undefined ? { since: opts.since } : {}),
    ...(opts.create ? { create: { readVerifier: caps.readVerifier } } : {}),
  });
  return { client, reply };
}

/** Creates a mailbox (with its append cap) and closes that socket. */
export async function createMailbox(base: string, caps: Caps): Promise<void> {
  const { client, reply } = await openMailbox(base, caps, { role: 'append', create: true });
  if (reply.header.op !== 'opened') throw new Error(`create failed: ${JSON.stringify(reply.header)}`);
  client.ws.close();
  await client.closed;
}

/** A sealed-looking entry of `n` bytes filled with `fill`. */
export function sealed(n: number, fill: number): Uint8Array {
  return new Uint8Array(n).fill(fill & 0xff);
}
