/**
 * A scripted mailbox server behind a fake WebSocket, for tests of the mailbox path (link.ts): the
 * test decides what `opened` says and pushes entries and snapshot parts itself, in whatever order
 * and size the case needs; appends are stored and answered with the next seq.
 */
import * as Y from 'yjs';
import { randomBytes } from '../../../src/crypto';
import type { WebSocketCtor, WebSocketLike } from '../../../src/sync/mailbox/connection-types';
import { encodeSnapshot, encodeUpdateEntries } from '../../../src/sync/mailbox/entry';
import { campaignMailboxRoot, deriveMailboxKeys, type MailboxKeys } from '../../../src/sync/mailbox/keys';
import { MailboxLink } from '../../../src/sync/mailbox/link';
import { sealMailbox } from '../../../src/sync/mailbox/seal';
import type { GuardVerdict } from '../../../src/sync/wire/decode-guard';
import { decodeMessage, encodeMessage } from '../../../src/wire/mailbox';

export interface OpenedScript {
  head: number;
  snapshot?: { covers: number; parts: number; bytes: number } | null;
  retired?: boolean;
}

/** One fake socket as the client sees it, and the server side the test drives. */
export class FakeSocket implements WebSocketLike {
  binaryType = 'arraybuffer';
  readyState = 0;
  onopen: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: ((ev: { code: number }) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  /** The `since` the client opened with. */
  since: number | undefined;
  closed = false;
  constructor(private readonly server: FakeMailboxServer) {
    setTimeout(() => {
      this.readyState = 1;
      this.onopen?.({});
    }, 0);
  }
  send(data: Uint8Array): void {
    const msg = decodeMessage(data);
    if (!msg) throw new Error('client sent garbage');
    const h = msg.header;
    if (h.op === 'open') {
      this.since = h.since as number | undefined;
      const o = this.server.opened;
      this.push({
        op: 'opened',
        rid: 0,
        role: 'read',
        head: o.head,
        snapshot: o.snapshot ?? null,
        retired: !!o.retired,
      });
      this.server.sockets.push(this);
      return;
    }
    if (h.op === 'append') {
      this.server.appended.push(msg.body.slice());
      this.push({ op: 'appended', rid: h.rid, seq: ++this.server.opened.head });
      return;
    }
    this.push({ op: 'error', rid: h.rid, code: 'forbidden' });
  }
  close(code?: number): void {
    if (this.closed) return;
    this.closed = true;
    this.readyState = 3;
    setTimeout(() => this.onclose?.({ code: code ?? 1000 }), 0);
  }
  /** Sends a message from the server. */
  push(header: { op: string; [k: string]: unknown }, body?: Uint8Array): void {
    if (this.closed) return;
    const bytes = encodeMessage(header, body);
    this.onmessage?.({ data: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) });
  }
}

/** The scripted server: what `opened` says, the sockets opened so far, what was appended. */
export class FakeMailboxServer {
  opened: OpenedScript = { head: 0 };
  readonly sockets: FakeSocket[] = [];
  readonly appended: Uint8Array[] = [];
  readonly Impl: WebSocketCtor;
  constructor() {
    const server = this;
    this.Impl = class extends FakeSocket {
      constructor(_url: string) {
        super(server);
      }
    };
  }
  get last(): FakeSocket {
    const s = this.sockets.at(-1);
    if (!s) throw new Error('no socket opened');
    return s;
  }
}

/** An update setting `people[key]`, from a doc of its own. */
export function updateFor(key: string, value: unknown = 'v'): Uint8Array {
  const d = new Y.Doc();
  d.getMap('people').set(key, value);
  return Y.encodeStateAsUpdate(d);
}

/** Sealed entries and snapshot parts under one space's mailbox keys. */
export async function mailboxSealer(spaceKey = randomBytes(32)) {
  const keys: MailboxKeys = await deriveMailboxKeys(await campaignMailboxRoot(spaceKey));
  return {
    spaceKey,
    keys,
    /** The one sealed entry of a small update by `device`. */
    entry: async (update: Uint8Array, device = 'BBBBBBBBBBBBBBBBBBBBBB') =>
      sealMailbox(
        keys.sealKey,
        keys.mailboxId,
        'entry',
        encodeUpdateEntries(device, update)[0] as Uint8Array,
      ),
    /** The sealed parts of a snapshot holding `updates`. */
    snapshot: async (updates: Uint8Array[]) =>
      Promise.all(
        encodeSnapshot({ seen: {}, updates }).map((p) =>
          sealMailbox(keys.sealKey, keys.mailboxId, 'snapshot', p),
        ),
      ),
  };
}

const accept = async (): Promise<GuardVerdict> => ({ ok: true }) as GuardVerdict;

/** A mailbox link over the fake server, with what it refused and saved. */
export function fakeLink(
  server: FakeMailboxServer,
  spaceKey: Uint8Array,
  opts: { check?: (u: Uint8Array) => Promise<GuardVerdict>; state?: Uint8Array | null } = {},
) {
  const doc = new Y.Doc();
  const rejected: string[] = [];
  const saved: Uint8Array[] = [];
  const link = new MailboxLink(
    {
      doc,
      spaceKey,
      deviceId: 'AAAAAAAAAAAAAAAAAAAAAA',
      check: opts.check ?? accept,
      whenDurable: null,
      reject: (r) => rejected.push(r),
      changed: () => {},
      synced: () => {},
    },
    {
      urls: ['ws://fake/mailbox'],
      load: async () => opts.state ?? null,
      save: async (s) => {
        saved.push(s);
      },
      WebSocketImpl: server.Impl,
      backoffMs: [20, 40],
      quotaRetryMs: 50,
      receiptDelayMs: 60_000,
      compactDelayMs: [60_000, 60_000],
    },
  );
  return { doc, link, rejected, saved };
}
