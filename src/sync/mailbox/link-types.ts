/** Types of the mailbox path of a sync session (link.ts). */
import type * as Y from 'yjs';
import type { Authorship } from '../authorship';
import type { RejectReason } from '../errors';
import type { GuardVerdict } from '../wire/decode-guard';
import type { WebSocketCtor } from './connection';

/** The mailbox part of `SyncStatus`. */
export interface MailboxView {
  /** 'off': no mailbox; 'catching-up': applying what arrived while away; 'live': caught up and
   *  receiving; 'offline': unreachable, retrying; 'error': the server refused (see `error`). */
  state: 'off' | 'connecting' | 'catching-up' | 'live' | 'offline' | 'error';
  /** The server's error code ('quota', 'retired', 'forbidden', …) or 'bad-snapshot'. */
  error: string | null;
  /** Progress of a long catch-up (snapshot bytes + entries), null otherwise. */
  receiving: { received: number; total: number } | null;
}

/** What the mailbox path needs from its session. */
export interface MailboxLinkContext {
  readonly doc: Y.Doc;
  readonly spaceKey: Uint8Array;
  readonly deviceId: string;
  /** Signs this device's entries and checks others' (authorship.ts); absent: unsigned, claims. */
  readonly authorship?: Authorship | null;
  check(update: Uint8Array, opts?: { budgetScale?: number }): Promise<GuardVerdict>;
  readonly whenDurable: (() => Promise<void>) | null;
  reject(reason: RejectReason, detail?: string): void;
  /** Status may have changed. */
  changed(): void;
  /** Caught up with the mailbox. */
  synced(): void;
  /**
   * Membership first: after each catch-up, whether this device may append to this mailbox ('open'),
   * or the room was left ('retired': nothing of this device's goes in). Null: append at once.
   */
  readonly settle?: (() => Promise<'open' | 'retired'>) | null;
}

/** The mailbox option of `startSync`, with tuning knobs for tests. */
export interface MailboxLinkOptions {
  /** Mailbox WebSocket URLs (`wss://host/mailbox`), tried one after another. */
  urls: readonly string[];
  /** The state saved last time (state.ts), or null. */
  load(): Promise<Uint8Array | null>;
  /** Saves the state (the caller encrypts and stores it, e.g. in the personal space). */
  save(state: Uint8Array): Promise<void>;
  WebSocketImpl?: WebSocketCtor;
  /** Reconnect backoff, ms (min, max); default [1,000, 60,000], jittered. */
  backoffMs?: readonly [number, number];
  /** Delay before a seen receipt; default 3,000 ms. */
  receiptDelayMs?: number;
  /** Random delay before compacting, ms (min, max); default [5,000, 30,000]. */
  compactDelayMs?: readonly [number, number];
  /** Retry after 'quota' (or a bad snapshot); default 60,000 ms. */
  quotaRetryMs?: number;
  /**
   * Most sealed bytes the server may send before this device has handled them: what a catch-up
   * holds in memory at once (plus one message). Default 8 MiB.
   */
  windowBytes?: number;
}
