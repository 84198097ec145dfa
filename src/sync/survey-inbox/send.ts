/**
 * The respondent's side of a survey inbox (see survey-inbox.ts): one sealed response written from a
 * fresh Y.Doc, kept in the room until an organizer's receipt for it appears.
 */
import * as Y from 'yjs';
import { receiptTag } from '../../crypto';
import {
  INBOX_RECEIPTS,
  INBOX_RESPONSES,
  type InboxConnection,
  type InboxOptions,
  joinInbox,
  type OutgoingResponse,
  RECEIPT_STATUSES,
  type ReceiptStatus,
} from './inbox';

/**
 * Where a delivery stands: 'delaying' (the deliberate random delay before sending, see
 * {@link randomSendDelay}), 'connecting' (looking for an organizer's phone), 'sending' (one is
 * connected), 'waiting' (none reachable for a while: kept on this phone and tried again), then
 * the receipt's status.
 */
export type DeliveryState = 'delaying' | 'connecting' | 'waiting' | 'sending' | ReceiptStatus;

/** A random send delay in [minMs, maxMs), from the platform CSPRNG. */
export function randomSendDelay(minMs = 3_000, maxMs = 30_000): number {
  const b = new Uint32Array(1);
  crypto.getRandomValues(b);
  return minMs + Math.floor(((b[0] ?? 0) / 2 ** 32) * (maxMs - minMs));
}

/**
 * The respondent's doc for one response: a fresh Y.Doc (new random clientID) holding one entry,
 * `responses[id] = sealed`, and nothing else. Exported so tests can inspect exactly what is sent.
 */
export function newResponseDoc(response: Pick<OutgoingResponse, 'id' | 'sealed'>): Y.Doc {
  const doc = new Y.Doc();
  doc.getMap<Uint8Array>(INBOX_RESPONSES).set(response.id, new Uint8Array(response.sealed));
  return doc;
}

/**
 * Watches `doc` for the receipt of one response; calls `onReceipt` once with its status.
 * Returns the function that stops watching.
 */
export function watchReceipt(
  doc: Y.Doc,
  receipt: Uint8Array,
  onReceipt: (status: ReceiptStatus) => void,
): () => void {
  const receipts = doc.getMap<unknown>(INBOX_RECEIPTS);
  let tags: Map<string, ReceiptStatus> | null = null;
  let done = false;
  const stop = () => {
    if (done) return;
    done = true;
    receipts.unobserve(check);
  };
  function check() {
    if (done || !tags) return;
    for (const [tag, status] of tags) {
      if (receipts.get(tag) === true) {
        stop();
        // Not from inside the doc's transaction: the caller may destroy the doc.
        queueMicrotask(() => onReceipt(status));
        return;
      }
    }
  }
  void Promise.all(RECEIPT_STATUSES.map(async (s) => [await receiptTag(receipt, s), s] as const)).then(
    (t) => {
      tags = new Map(t);
      check();
    },
  );
  receipts.observe(check);
  return stop;
}

/** Without a receipt after this long, the connection is rebuilt (a stuck ICE attempt or a lost
 *  signaling socket otherwise waits for browser timeouts). */
export const RESEND_AFTER_MS = 20_000;

/** How long 'connecting' lasts without a peer before it becomes 'waiting' (nobody reachable): a
 *  peer that is online usually connects within a few seconds. */
export const NO_PEER_GRACE_MS = 10_000;

/**
 * Delivers one sealed response: waits `delayMs`, then writes it from a fresh Y.Doc
 * (`newResponseDoc`) and stays in the room until an organizer's receipt for it appears, trying
 * again every `RESEND_AFTER_MS` until then, each time from a new fresh doc. `onState` reports
 * 'delaying' during the delay, 'connecting' once in the room, 'sending' while a peer is connected,
 * 'waiting' when no peer came within `noPeerGraceMs`, and finally the receipt's status. Resolves
 * with that status; `stop()` gives up (the caller keeps the sealed blob queued) and resolves null.
 */
export function sendSealedResponse(
  opts: InboxOptions & {
    response: OutgoingResponse;
    delayMs?: number;
    resendAfterMs?: number;
    noPeerGraceMs?: number;
    onState?: (s: DeliveryState) => void;
  },
): { done: Promise<ReceiptStatus | null>; stop(): void } {
  let finished = false;
  let doc: Y.Doc | null = null;
  let conn: InboxConnection | null = null;
  let unwatch = () => {};
  let timer: ReturnType<typeof setTimeout> | undefined;
  let grace: ReturnType<typeof setTimeout> | undefined;
  let graceOver = false;
  let peers = 0;
  let finish: (s: ReceiptStatus | null) => void = () => {};
  const done = new Promise<ReceiptStatus | null>((resolve) => {
    finish = resolve;
  });
  const end = (status: ReceiptStatus | null) => {
    if (finished) return;
    finished = true;
    clearTimeout(timer);
    clearTimeout(grace);
    unwatch();
    const d = doc;
    void conn?.stop().then(() => d?.destroy());
    if (status) opts.onState?.(status);
    finish(status);
  };
  // Each attempt writes from a new fresh doc: another link holder may have deleted the entry from
  // the previous one (deletions sync like anything else), and a fresh doc shares nothing with it.
  const join = () => {
    if (finished) return;
    unwatch();
    const old = doc;
    const previous = conn?.stop().then(() => old?.destroy());
    const fresh = newResponseDoc(opts.response);
    doc = fresh;
    unwatch = watchReceipt(fresh, opts.response.receipt, end);
    conn = joinInbox({ ...opts, doc: fresh, ...(previous ? { after: previous } : {}) });
    conn.onPeers((n) => {
      if (finished || doc !== fresh) return;
      peers = n;
      opts.onState?.(n > 0 ? 'sending' : graceOver ? 'waiting' : 'connecting');
    });
    if (grace === undefined) {
      opts.onState?.('connecting');
      grace = setTimeout(() => {
        graceOver = true;
        if (!finished && peers === 0) opts.onState?.('waiting');
      }, opts.noPeerGraceMs ?? NO_PEER_GRACE_MS);
    }
    timer = setTimeout(join, opts.resendAfterMs ?? RESEND_AFTER_MS);
  };
  // The delay is deliberate (anonymity), not a failure: the page says so.
  opts.onState?.('delaying');
  timer = setTimeout(join, Math.max(0, opts.delayMs ?? 0));
  return { done, stop: () => end(null) };
}
