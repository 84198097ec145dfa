/**
 * The organizers' side of a survey mailbox (survey-mailbox.ts): keep the survey's definition on
 * the server, and move answers from the mailbox into the campaign.
 *
 * While the app is unlocked, one reading connection per published (or closed) survey: it creates
 * the mailbox if the server does not know it yet (append cap + the read verifier), uploads the
 * sealed definition whenever the campaign says the server holds an older state of it, and reads
 * every entry (catch-up from seq 0, then live). Entries are gathered for a short while
 * (`gatherMs`) so a catch-up or a burst forms one batch; each batch is opened, shuffled (CSPRNG) and
 * handed to `collect` at once (checks, codes, storing in the campaign in ONE transaction), then
 * `flush` makes the campaign durable, and only then are the batch's seqs deleted from the mailbox.
 * The campaign therefore never holds responses in the order they reached the server.
 *
 * What must stay true: an entry is never deleted before what it carried is durable in the campaign
 * (a crash in between leaves it for the next pass, where it is a duplicate and deleted); an entry
 * that does not open or does not parse is deleted without breaking the others; a `collect` that
 * returns null (the survey is not readable right now) leaves the entry on the server.
 */

import { cryptoShuffle } from '../../domain/survey/responses';
import type { SurveyLiveAs } from '../../domain/survey/types';
import { SyncError } from '../errors';
import {
  type MailboxConnection,
  type MailboxConnectionOptions,
  openMailboxConnection,
} from '../mailbox/connection';
import { rerunGuard } from '../rerun-guard';
import { openSurveyEntry, type SurveyReaderKeys, sealSurveyDefinition } from './mailbox';

/**
 * Collects a batch of responses (store them in one transaction); one result per entry in order, a
 * null result leaves that entry for a later pass.
 */
export type CollectBatch = (
  entries: { id: string; sealed: Uint8Array }[],
) => Promise<({ outcome: string } | null)[]>;

/** Where a collector stands (for status lines and tests). */
export type CollectorState = 'connecting' | 'reading' | 'offline' | 'forbidden' | 'stopped';

export interface SurveyMailboxCollectorOptions {
  /** The mailbox WebSocket URL (`mailboxUrl()`). */
  url: string;
  keys: SurveyReaderKeys;
  /**
   * The definition the server should hold, or null when the campaign says it already does (its
   * `liveAs` equals the survey's status). Asked after every (re)connection and on `refresh()`.
   */
  pendingDefinition(): Promise<{ encoded: Uint8Array; liveAs: SurveyLiveAs } | null>;
  /** Called once the server acknowledged a definition upload (record it in the campaign). */
  onLive(liveAs: SurveyLiveAs): Promise<void> | void;
  collect: CollectBatch;
  /** Makes everything `collect` wrote durable. */
  flush(): Promise<void>;
  onState?(state: CollectorState): void;
  /** How long entries are gathered into one batch after the first arrives. Default 500 ms. */
  gatherMs?: number;
  /** First delay before reconnecting; doubles up to 60 s. Default 2,000 ms. */
  retryMs?: number;
  connection?: MailboxConnectionOptions;
}

/** A running collector. */
export interface SurveyMailboxCollector {
  /** Checks the definition again (the survey was closed, for example). */
  refresh(): void;
  /** Resolves once the current batch of entries is collected (tests). */
  idle(): Promise<void>;
  stop(): void;
}

const DELETE_CHUNK = 1000;

/** An entry read from the mailbox, waiting in the current batch. */
interface QueuedEntry {
  seq: number;
  sealed: Uint8Array;
}

/**
 * Starts collecting one survey mailbox; reconnects until stopped.
 *
 * @example
 * const c = collectSurveyMailbox({ url: mailboxUrl(), keys, pendingDefinition, onLive, collect, flush });
 * // on lock: c.stop();
 */
export function collectSurveyMailbox(opts: SurveyMailboxCollectorOptions): SurveyMailboxCollector {
  const collector = new Collector(opts);
  void collector.connect();
  return {
    refresh: () => collector.refresh(),
    idle: () => collector.idle(),
    stop: () => collector.stop(),
  };
}

/** One survey mailbox's reading connection, its batches of entries and its reconnects. */
class Collector {
  private stopped = false;
  private conn: MailboxConnection | null = null;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private delay: number;
  private queue: QueuedEntry[] = [];
  /** Gathers and drains in progress (`idle` waits for none). */
  private busy = 0;
  private gathering: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly opts: SurveyMailboxCollectorOptions) {
    this.delay = opts.retryMs ?? 2_000;
  }

  private state(s: CollectorState): void {
    this.opts.onState?.(s);
  }

  // --- Batches: open, collect (shuffled), make durable, then delete from the mailbox.

  private readonly drain = rerunGuard(async () => {
    const c = this.conn;
    if (this.stopped || !c || c.closed) return this.stopped;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return false;
    const done = await this.collectBatch(batch);
    if (done === null) return true;
    if (done.length === 0 || this.stopped) return this.stopped;
    // Durable in the campaign first; a failed flush keeps every entry on the server.
    await this.opts.flush();
    for (let i = 0; i < done.length; i += DELETE_CHUNK) {
      if (c.closed) return false; // the next connection reads them again: duplicates, then deleted
      await c.delete(done.slice(i, i + DELETE_CHUNK));
    }
    return this.stopped;
  });

  /** The seqs of a batch that can leave the mailbox (collected, or unreadable); null once stopped. */
  private async collectBatch(batch: QueuedEntry[]): Promise<number[] | null> {
    const done: number[] = [];
    const readable: { seq: number; id: string; sealed: Uint8Array }[] = [];
    for (const { seq, sealed } of batch) {
      if (this.stopped) return null;
      const entry = await openSurveyEntry(this.opts.keys, sealed);
      if (entry) readable.push({ seq, ...entry });
      else done.push(seq); // garbled or not ours: dropped
    }
    if (this.stopped) return null;
    // Arrival (server seq) order goes no further than this: the batch is stored shuffled, at once.
    const shuffled = cryptoShuffle(readable);
    if (shuffled.length > 0) {
      const results = await this.opts
        .collect(shuffled.map(({ id, sealed }) => ({ id, sealed })))
        .catch(() => [] as null[]);
      for (const [i, e] of shuffled.entries()) if (results[i]) done.push(e.seq);
    }
    return done;
  }

  /** The first entry starts a short wait; everything arriving meanwhile joins the same batch. */
  private gather(): void {
    if (this.gathering || this.stopped) return;
    this.busy += 1;
    this.gathering = setTimeout(() => {
      this.gathering = undefined;
      this.busy -= 1;
      this.runDrain();
    }, this.opts.gatherMs ?? 500);
  }

  private runDrain(): void {
    this.busy += 1;
    void this.drain()
      .catch(() => {})
      .finally(() => {
        this.busy -= 1;
      });
  }

  // --- The survey's definition on the server.

  private readonly upload = rerunGuard(async () => {
    const c = this.conn;
    if (this.stopped || !c || c.closed) return this.stopped;
    const pending = await this.opts.pendingDefinition();
    if (!pending || this.stopped) return this.stopped;
    await c.putBlob(await sealSurveyDefinition(this.opts.keys, pending.encoded));
    await this.opts.onLive(pending.liveAs);
    return this.stopped;
  });

  refresh(): void {
    void this.upload().catch(() => {});
  }

  // --- The connection: open (creating the mailbox the first time), read, reconnect.

  private readonly handlers = {
    onEntry: (seq: number, sealed: Uint8Array) => {
      this.queue.push({ seq, sealed });
      this.gather();
    },
    onClose: () => {
      this.conn = null;
      this.schedule();
    },
  };

  private openReading(): Promise<MailboxConnection> {
    const { opts } = this;
    return openMailboxConnection(
      opts.url,
      { mailboxId: opts.keys.mailboxId, cap: opts.keys.readCap, since: 0 },
      this.handlers,
      opts.connection,
    );
  }

  /** A reading connection; the first time anyone reaches the server for this survey, creates it. */
  private async openOrCreate(): Promise<MailboxConnection> {
    const { opts } = this;
    try {
      return await this.openReading();
    } catch (e) {
      if ((e as SyncError).code !== 'unknown-mailbox') throw e;
      const creator = await openMailboxConnection(
        opts.url,
        {
          mailboxId: opts.keys.mailboxId,
          cap: opts.keys.appendCap,
          create: { readVerifier: opts.keys.readVerifier },
        },
        {},
        opts.connection,
      );
      creator.close();
      return await this.openReading();
    }
  }

  async connect(): Promise<void> {
    if (this.stopped) return;
    this.state('connecting');
    try {
      const c = await this.openOrCreate();
      if (this.stopped) {
        c.close();
        return;
      }
      this.conn = c;
      this.delay = this.opts.retryMs ?? 2_000;
      this.state('reading');
      await this.upload().catch(() => {});
      this.runDrain();
    } catch (e) {
      if (e instanceof SyncError && e.code === 'forbidden') {
        this.state('forbidden'); // another read secret holds this mailbox: nothing to retry
        return;
      }
      this.schedule();
    }
  }

  private schedule(): void {
    if (this.stopped || this.retry) return;
    this.state('offline');
    this.retry = setTimeout(() => {
      this.retry = undefined;
      void this.connect();
    }, this.delay);
    this.delay = Math.min(this.delay * 2, 60_000);
  }

  async idle(): Promise<void> {
    while (this.busy > 0 || (this.queue.length > 0 && this.conn && !this.conn.closed)) {
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    clearTimeout(this.retry);
    if (this.gathering) this.busy -= 1;
    clearTimeout(this.gathering);
    this.gathering = undefined;
    this.conn?.close();
    this.conn = null;
    this.state('stopped');
  }
}
