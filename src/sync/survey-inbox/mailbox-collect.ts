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

/**
 * Starts collecting one survey mailbox; reconnects until stopped.
 *
 * @example
 * const c = collectSurveyMailbox({ url: mailboxUrl(), keys, pendingDefinition, onLive, collect, flush });
 * // on lock: c.stop();
 */
export function collectSurveyMailbox(opts: SurveyMailboxCollectorOptions): SurveyMailboxCollector {
  let stopped = false;
  let conn: MailboxConnection | null = null;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let delay = opts.retryMs ?? 2_000;
  let queue: { seq: number; sealed: Uint8Array }[] = [];
  let busy = 0;
  const state = (s: CollectorState) => opts.onState?.(s);

  const drain = rerunGuard(async () => {
    const c = conn;
    if (stopped || !c || c.closed) return stopped;
    const batch = queue;
    queue = [];
    if (batch.length === 0) return false;
    const done: number[] = [];
    const readable: { seq: number; id: string; sealed: Uint8Array }[] = [];
    for (const { seq, sealed } of batch) {
      if (stopped) return true;
      const entry = await openSurveyEntry(opts.keys, sealed);
      if (entry) readable.push({ seq, ...entry });
      else done.push(seq); // garbled or not ours: dropped
    }
    if (stopped) return true;
    // Arrival (server seq) order goes no further than this: the batch is stored shuffled, at once.
    const shuffled = cryptoShuffle(readable);
    if (shuffled.length > 0) {
      const results = await opts
        .collect(shuffled.map(({ id, sealed }) => ({ id, sealed })))
        .catch(() => [] as null[]);
      for (const [i, e] of shuffled.entries()) if (results[i]) done.push(e.seq);
    }
    if (done.length === 0 || stopped) return stopped;
    // Durable in the campaign first; a failed flush keeps every entry on the server.
    await opts.flush();
    for (let i = 0; i < done.length; i += DELETE_CHUNK) {
      if (c.closed) return false; // the next connection reads them again: duplicates, then deleted
      await c.delete(done.slice(i, i + DELETE_CHUNK));
    }
    return stopped;
  });
  // The first entry starts a short wait; everything arriving meanwhile joins the same batch.
  let gathering: ReturnType<typeof setTimeout> | undefined;
  const gather = () => {
    if (gathering || stopped) return;
    busy += 1;
    gathering = setTimeout(() => {
      gathering = undefined;
      busy -= 1;
      runDrain();
    }, opts.gatherMs ?? 500);
  };
  const runDrain = () => {
    busy += 1;
    void drain()
      .catch(() => {})
      .finally(() => {
        busy -= 1;
      });
  };

  const upload = rerunGuard(async () => {
    const c = conn;
    if (stopped || !c || c.closed) return stopped;
    const pending = await opts.pendingDefinition();
    if (!pending || stopped) return stopped;
    await c.putBlob(await sealSurveyDefinition(opts.keys, pending.encoded));
    await opts.onLive(pending.liveAs);
    return stopped;
  });

  const handlers = {
    onEntry(seq: number, sealed: Uint8Array) {
      queue.push({ seq, sealed });
      gather();
    },
    onClose() {
      conn = null;
      schedule();
    },
  };

  const openReading = () =>
    openMailboxConnection(
      opts.url,
      { mailboxId: opts.keys.mailboxId, cap: opts.keys.readCap, since: 0 },
      handlers,
      opts.connection,
    );

  const connect = async () => {
    if (stopped) return;
    state('connecting');
    try {
      let c: MailboxConnection;
      try {
        c = await openReading();
      } catch (e) {
        if ((e as SyncError).code !== 'unknown-mailbox') throw e;
        // First time anyone reaches the server for this survey: create it, then read.
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
        c = await openReading();
      }
      if (stopped) {
        c.close();
        return;
      }
      conn = c;
      delay = opts.retryMs ?? 2_000;
      state('reading');
      await upload().catch(() => {});
      runDrain();
    } catch (e) {
      if (e instanceof SyncError && e.code === 'forbidden') {
        state('forbidden'); // another read secret holds this mailbox: nothing to retry
        return;
      }
      schedule();
    }
  };

  function schedule() {
    if (stopped || retry) return;
    state('offline');
    retry = setTimeout(() => {
      retry = undefined;
      void connect();
    }, delay);
    delay = Math.min(delay * 2, 60_000);
  }

  void connect();
  return {
    refresh() {
      void upload().catch(() => {});
    },
    async idle() {
      while (busy > 0 || (queue.length > 0 && conn && !conn.closed)) {
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    stop() {
      if (stopped) return;
      stopped = true;
      clearTimeout(retry);
      if (gathering) busy -= 1;
      clearTimeout(gathering);
      gathering = undefined;
      conn?.close();
      conn = null;
      state('stopped');
    },
  };
}
