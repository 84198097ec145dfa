/**
 * A bare mailbox client for server tests and the load test: raw WebSocket + the wire codec, no
 * sealing (the server never looks inside entries, so random bytes stand in for sealed ones).
 */
import { createHash, randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import { decodeMessage, encodeMessage, type WireMessage } from '../../src/wire/mailbox';

/** A mailbox's capabilities and id, as a client derives them (here from random bytes). */
export interface TestMailbox {
  id: string;
  appendCap: string;
  readCap: string;
  readVerifier: string;
}

/** A fresh mailbox identity (docs/mailbox.md "Keys and ids"). */
export function newTestMailbox(): TestMailbox {
  const appendCap = randomBytes(32);
  const readCap = randomBytes(32);
  const appendVerifier = createHash('sha256').update(appendCap).digest();
  const id = createHash('sha256')
    .update(Buffer.from('shopfloor/mailbox/id/v1', 'utf8'))
    .update(appendVerifier)
    .digest('base64url');
  return {
    id,
    appendCap: appendCap.toString('base64url'),
    readCap: readCap.toString('base64url'),
    readVerifier: createHash('sha256').update(readCap).digest('base64url'),
  };
}

/** One received entry and when it arrived (performance.now()). */
export interface ReceivedEntry {
  seq: number;
  bytes: Uint8Array;
  at: number;
}

/** One open mailbox socket. */
export class TestMailboxClient {
  readonly entries: ReceivedEntry[] = [];
  readonly errors: string[] = [];
  /** Whether received entries are kept in `entries` (the load test only counts them). */
  keepEntries = true;
  /** Called for every received entry. */
  onEntry: ((entry: ReceivedEntry) => void) | null = null;
  caughtUp = false;
  closed = false;
  private nextRid = 1;
  private readonly waiting = new Map<number, (msg: WireMessage) => void>();
  private readonly watchers = new Set<() => void>();

  private constructor(readonly socket: WebSocket) {
    socket.binaryType = 'nodebuffer';
    socket.on('message', (data: Buffer, isBinary: boolean) => {
      const msg = isBinary ? decodeMessage(new Uint8Array(data.buffer, data.byteOffset, data.length)) : null;
      if (!msg) {
        this.errors.push('undecodable message');
        return;
      }
      const { op, rid } = msg.header;
      if (op === 'entry') {
        const entry = { seq: Number(msg.header.seq), bytes: msg.body, at: performance.now() };
        this.onEntry?.(entry);
        if (this.keepEntries) this.entries.push({ ...entry, bytes: entry.bytes.slice() });
      } else if (op === 'caught-up') {
        this.caughtUp = true;
      } else if (op === 'error' && typeof rid !== 'number') {
        this.errors.push(`error ${String(msg.header.code)}`);
      }
      if (typeof rid === 'number') {
        const resolve = this.waiting.get(rid);
        this.waiting.delete(rid);
        resolve?.(msg);
      }
      for (const fn of [...this.watchers]) fn();
    });
    socket.on('close', () => {
      this.closed = true;
      for (const resolve of this.waiting.values())
        resolve({ header: { op: 'closed' }, body: new Uint8Array() });
      this.waiting.clear();
      for (const fn of [...this.watchers]) fn();
    });
    socket.on('error', (err) => this.errors.push(`socket ${err.message}`));
  }

  /**
   * Connects to `<base>/mailbox` and opens `box` as a reader (`since` given: catch-up then live)
   * or an appender. Creates the mailbox when `create` is set.
   */
  static async open(
    base: string,
    box: TestMailbox,
    opts: { role: 'read' | 'append'; since?: number; create?: boolean },
  ): Promise<{ client: TestMailboxClient; opened: WireMessage['header'] }> {
    const url = `${base.replace(/^http/, 'ws').replace(/\/$/, '')}/mailbox`;
    const socket = new WebSocket(url, { perMessageDeflate: false });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
      socket.once('unexpected-response', (_req, res) =>
        reject(new Error(`upgrade refused: ${res.statusCode}`)),
      );
    });
    const client = new TestMailboxClient(socket);
    const cap = opts.role === 'read' ? box.readCap : box.appendCap;
    const header: Record<string, unknown> = { mailbox: box.id, cap };
    if (opts.since !== undefined) header.since = opts.since;
    if (opts.create) header.create = { readVerifier: box.readVerifier };
    const reply = await client.request('open', header);
    if (reply.header.op !== 'opened') {
      socket.close();
      throw new Error(`open failed: ${JSON.stringify(reply.header)}`);
    }
    return { client, opened: reply.header };
  }

  /** Sends one request and resolves with its reply. */
  request(op: string, fields: Record<string, unknown> = {}, body?: Uint8Array): Promise<WireMessage> {
    const rid = this.nextRid++;
    return new Promise((resolve) => {
      if (this.closed) {
        resolve({ header: { op: 'closed' }, body: new Uint8Array() });
        return;
      }
      this.waiting.set(rid, resolve);
      this.socket.send(encodeMessage({ op, rid, ...fields }, body));
    });
  }

  /** Appends one entry; resolves with its seq, or throws with the error code. */
  async append(bytes: Uint8Array): Promise<number> {
    const reply = await this.request('append', {}, bytes);
    if (reply.header.op !== 'appended')
      throw new Error(`append: ${String(reply.header.code ?? reply.header.op)}`);
    return Number(reply.header.seq);
  }

  /** Resolves once `done()` holds (checked on every message), or rejects after `timeoutMs`. */
  until(done: () => boolean, timeoutMs = 30_000, what = 'condition'): Promise<void> {
    if (done()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!done()) return;
        clearTimeout(timer);
        this.watchers.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.watchers.delete(check);
        reject(new Error(`timed out waiting for ${what}`));
      }, timeoutMs);
      this.watchers.add(check);
    });
  }

  /** Closes the socket and waits for the close. */
  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.close();
    });
  }
}
