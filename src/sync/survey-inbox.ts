/**
 * Survey inboxes: the transport between respondents (who hold only the link) and the committee.
 *
 * An inbox is a separate Y.Doc per survey, joined over y-webrtc in a room derived from the
 * survey's inbox key exactly as a space's room is derived from its key (`deriveRoom`, after one
 * HKDF step under an inbox label so an inbox key can never open a space's room). Connections go
 * through the same framing and validation as spaces (`hookRoom` → `PeerLink`); only two top-level
 * names are accepted:
 *   responses: Y.Map  response id → sealed response (Uint8Array, sealed to the survey public key)
 *   receipts:  Y.Map  receipt tag → true  (an organizer stored the response; see below)
 *
 * Respondent (`sendSealedResponse`): after a random delay, a FRESH Y.Doc (fresh random clientID)
 * writes one entry — id and sealed bytes, nothing else: no timestamp, no device name — and joins
 * the room with no awareness state and a random one-off peer name. It leaves once it sees its
 * receipt tag. A receipt tag is derived from the ECDH secret of that one response (crypto/ecdh.ts),
 * which only the respondent and holders of the survey private key know, so no other respondent can
 * fake "delivered". Until then the caller keeps the sealed blob (never the answers) queued.
 *
 * Organizer (`collectInbox` + `collectResponse`): for each response seen, decrypt it, check it,
 * store it in the campaign space (the caller flushes storage), then publish the receipt tag and
 * delete the response from the inbox — in that order, so an answer is never dropped from the inbox
 * before it is durable in the campaign. Inbox docs live only in memory: whatever is lost from one is
 * either already in the campaign or still queued on the respondent's phone.
 *
 * What must stay true: nothing written to an inbox identifies a respondent or an organizer. The
 * inbox doc of every participant is fresh (random clientID) per session and never the campaign doc,
 * the y-webrtc awareness state stays null, and the hello names a random id and 'anonymous'.
 * Limits stated plainly (docs/threat-model.md): peers see each other's network addresses, and the
 * signaling server sees the opaque room id and who connects to it.
 */
import { Awareness } from 'y-protocols/awareness';
import { WebrtcProvider } from 'y-webrtc';
import * as Y from 'yjs';
import { hkdfSha256, openSealedWithReceipt, randomId, receiptTag, type SurveyPrivateKey } from '../crypto';
import { isId } from '../domain/ids';
import { addSurveyResponse, type ResponseOutcome } from '../domain/survey';
import { hashAnswerCode } from '../domain/survey-codes';
import { decodeResponse } from '../domain/survey-public';
import { type PublicSurvey, SURVEY_LIMITS } from '../domain/survey-types';
import { DeliveryTracker } from './delivery';
import { SyncError } from './errors';
import type { LinkContext, PeerLink } from './peer-link';
import { deriveRoom, type RoomSecrets } from './room';
import { hookRoom, type RoomLike } from './room-hook';

/** Top-level map of sealed responses in an inbox doc. */
export const INBOX_RESPONSES = 'responses';
/** Top-level map of receipt tags in an inbox doc. */
export const INBOX_RECEIPTS = 'receipts';
/** The only top-level names an inbox doc may hold. */
export const INBOX_COLLECTIONS = [INBOX_RESPONSES, INBOX_RECEIPTS] as const;
/** HKDF label turning an inbox key into the key its room is derived from. */
export const INBOX_LABEL = 'shopfloor/survey-inbox/v1';
/** Largest inbox update accepted from a peer. */
export const MAX_INBOX_UPDATE_BYTES = 8 * 1024 * 1024;
/** Name every inbox participant gives in its hello (with a random one-off id). */
export const ANONYMOUS_PEER_NAME = 'anonymous';

/** What a receipt says happened to a response. */
export type ReceiptStatus = 'stored' | 'code-used' | 'code-unknown' | 'closed';
export const RECEIPT_STATUSES: readonly ReceiptStatus[] = ['stored', 'code-used', 'code-unknown', 'closed'];

/** Derives an inbox's y-webrtc room name and password from its 32-byte inbox key. */
export async function deriveInboxRoom(inboxKey: Uint8Array): Promise<RoomSecrets> {
  if (!(inboxKey instanceof Uint8Array) || inboxKey.length !== 32) {
    throw new SyncError('invalid-space-key', { bytes: inboxKey?.length });
  }
  return deriveRoom(await hkdfSha256(inboxKey, INBOX_LABEL, 32));
}

/** How to reach an inbox. */
export interface InboxOptions {
  inboxKey: Uint8Array;
  /** Signaling URLs (ws:// or wss://), e.g. the server that served the page. */
  signaling: readonly string[];
  /** STUN/TURN servers; default none. */
  iceServers?: RTCIceServer[];
  /** Extra simple-peer options (e.g. `{ wrtc }` in Node). */
  peerOpts?: Record<string, unknown>;
}

/** A joined inbox. */
export interface InboxConnection {
  /** The inbox doc (fresh for this connection unless one was passed). */
  readonly doc: Y.Doc;
  /** Peers whose data channel is open. */
  peers(): number;
  /** Calls `fn` when the number of open peers may have changed; returns the unsubscribe function. */
  onPeers(fn: (count: number) => void): () => void;
  /** Resolves once the room is open. */
  readonly ready: Promise<void>;
  /** Leaves the room (the doc is left to the caller); resolves once the room is gone. */
  stop(): Promise<void>;
}

/**
 * Joins an inbox's room with `doc` (default: a fresh Y.Doc) through the checked transport, with no
 * awareness state and an anonymous hello.
 *
 * @throws SyncError('invalid-space-key' | 'no-signaling')
 */
export function joinInbox(
  opts: InboxOptions & {
    doc?: Y.Doc /** Wait for this first (a previous room of the same name). */;
    after?: PromiseLike<unknown>;
  },
): InboxConnection {
  if (!(opts.inboxKey instanceof Uint8Array) || opts.inboxKey.length !== 32) {
    throw new SyncError('invalid-space-key', { bytes: opts.inboxKey?.length });
  }
  if (opts.signaling.length === 0 || !opts.signaling.every((u) => /^wss?:\/\//.test(u))) {
    throw new SyncError('no-signaling');
  }
  const doc = opts.doc ?? new Y.Doc();
  const awareness = new Awareness(doc);
  awareness.setLocalState(null); // never announce anything about this device
  const links = new Set<PeerLink>();
  const listeners = new Set<(n: number) => void>();
  let provider: WebrtcProvider | null = null;
  let stopped = false;
  const count = () => [...links].filter((l) => l.connected).length;
  const notify = () => {
    const n = count();
    for (const fn of listeners) fn(n);
  };
  const context: LinkContext & { broadcast: LinkContext['broadcast'] } = {
    doc,
    device: { deviceId: randomId(), deviceName: ANONYMOUS_PEER_NAME },
    rules: { maxUpdateBytes: MAX_INBOX_UPDATE_BYTES, knownCollections: new Set(INBOX_COLLECTIONS) },
    frameLimits: {},
    senderLimits: {},
    delivery: new DeliveryTracker(false),
    broadcast: null,
    reject() {},
    changed(link) {
      if (!link.open) links.delete(link);
      queueMicrotask(notify);
    },
  };
  const ready = (async () => {
    const { roomName, password } = await deriveInboxRoom(opts.inboxKey);
    await opts.after; // y-webrtc allows one room per name per page: the previous one must be gone
    if (stopped) return;
    const p = new WebrtcProvider(roomName, doc, {
      signaling: [...opts.signaling],
      password,
      awareness,
      filterBcConns: false,
      peerOpts: { ...opts.peerOpts, config: { iceServers: opts.iceServers ?? [] } },
    });
    provider = p;
    await p.key;
    if (p.room && !stopped) {
      hookRoom(p.room as unknown as RoomLike, {
        context,
        added: (link) => {
          links.add(link);
          queueMicrotask(notify);
        },
        beginBroadcast: (_update, origin) => {
          context.broadcast = { tag: null, origin };
        },
        endBroadcast: () => {
          context.broadcast = null;
        },
      });
    }
  })();
  return {
    doc,
    peers: count,
    onPeers(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    ready: ready.catch(() => {}),
    async stop() {
      if (stopped) return;
      stopped = true;
      await ready.catch(() => {});
      const p = provider;
      provider = null;
      links.clear();
      listeners.clear();
      if (p) {
        p.disconnect();
        p.destroy();
        await p.key; // y-webrtc removes the room once its key promise settles
      }
      awareness.destroy();
    },
  };
}

/** A sealed response waiting to be delivered (what a respondent's page keeps queued). */
export interface OutgoingResponse {
  /** Random response id (base64url, 128 bits). */
  id: string;
  sealed: Uint8Array;
  /** The receipt secret from `sealWithReceipt`. */
  receipt: Uint8Array;
}

/** Where a delivery stands. */
export type DeliveryState = 'waiting' | 'sending' | ReceiptStatus;

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

/**
 * Delivers one sealed response: waits `delayMs`, then writes it from a fresh Y.Doc
 * (`newResponseDoc`) and stays in the room until an organizer's receipt for it appears, rejoining
 * every `RESEND_AFTER_MS` until then (same doc, same fresh clientID). `onState` reports 'waiting'
 * (no peer reachable), 'sending' (a peer is connected) and finally the receipt's status. Resolves
 * with that status; `stop()` gives up (the caller keeps the sealed blob queued) and resolves null.
 */
export function sendSealedResponse(
  opts: InboxOptions & {
    response: OutgoingResponse;
    delayMs?: number;
    resendAfterMs?: number;
    onState?: (s: DeliveryState) => void;
  },
): { done: Promise<ReceiptStatus | null>; stop(): void } {
  let finished = false;
  let doc: Y.Doc | null = null;
  let conn: InboxConnection | null = null;
  let unwatch = () => {};
  let timer: ReturnType<typeof setTimeout> | undefined;
  let finish: (s: ReceiptStatus | null) => void = () => {};
  const done = new Promise<ReceiptStatus | null>((resolve) => {
    finish = resolve;
  });
  const end = (status: ReceiptStatus | null) => {
    if (finished) return;
    finished = true;
    clearTimeout(timer);
    unwatch();
    const d = doc;
    void conn?.stop().then(() => d?.destroy());
    if (status) opts.onState?.(status);
    finish(status);
  };
  const join = () => {
    if (finished || !doc) return;
    const previous = conn?.stop();
    conn = joinInbox({ ...opts, doc, ...(previous ? { after: previous } : {}) });
    conn.onPeers((n) => {
      if (!finished) opts.onState?.(n > 0 ? 'sending' : 'waiting');
    });
    timer = setTimeout(join, opts.resendAfterMs ?? RESEND_AFTER_MS);
  };
  opts.onState?.('waiting');
  timer = setTimeout(
    () => {
      if (finished) return;
      doc = newResponseDoc(opts.response);
      unwatch = watchReceipt(doc, opts.response.receipt, end);
      join();
    },
    Math.max(0, opts.delayMs ?? 0),
  );
  return { done, stop: () => end(null) };
}

/** What collecting one response did. */
export interface CollectResult {
  outcome: ResponseOutcome | 'unreadable';
  /** Receipt to publish (absent for unreadable responses, which get none). */
  receipt?: { secret: Uint8Array; status: ReceiptStatus };
}

/**
 * Opens one sealed response, checks it against the survey, and stores it in the campaign doc
 * (sealed, as received). The caller must flush the campaign store before publishing the receipt.
 *
 * @example
 * const r = await collectResponse({ campaign: doc, survey, privateKey, by: deviceId }, id, sealed);
 * if (r.outcome === 'added') await store.flush();
 */
export async function collectResponse(
  target: { campaign: Y.Doc; survey: PublicSurvey; privateKey: SurveyPrivateKey; by: string },
  id: string,
  sealed: Uint8Array,
): Promise<CollectResult> {
  if (!isId(id) || !(sealed instanceof Uint8Array) || sealed.length > SURVEY_LIMITS.sealedBytes) {
    return { outcome: 'unreadable' };
  }
  let opened: Awaited<ReturnType<typeof openSealedWithReceipt>>;
  try {
    opened = await openSealedWithReceipt(target.privateKey, sealed);
  } catch {
    return { outcome: 'unreadable' };
  }
  const response = decodeResponse(target.survey, opened.plaintext);
  if (!response) return { outcome: 'unreadable' };
  const code = response.code ? await hashAnswerCode(target.survey.id, response.code) : null;
  const r = addSurveyResponse(
    target.campaign,
    target.survey.id,
    code ? { id, sealed, code } : { id, sealed },
    { by: target.by },
  );
  if (!r.ok) return { outcome: 'unreadable' };
  const status: ReceiptStatus =
    r.value === 'added' || r.value === 'duplicate' ? 'stored' : (r.value as ReceiptStatus);
  return { outcome: r.value, receipt: { secret: opened.receipt, status } };
}

/** Something that collects responses: see {@link attachCollector}. */
export type Collect = (id: string, sealed: Uint8Array) => Promise<CollectResult | null>;

/**
 * Collects the responses that appear in an inbox doc: each one is handed to `collect` (one at a
 * time); when it returns a receipt, the receipt tag is published and the response deleted from the
 * inbox in one transaction; an unreadable response is deleted; `null` leaves it for a later pass.
 * Returns the function that stops collecting.
 */
export function attachCollector(doc: Y.Doc, collect: Collect): () => void {
  const responses = doc.getMap<unknown>(INBOX_RESPONSES);
  const receipts = doc.getMap<unknown>(INBOX_RECEIPTS);
  const busy = new Set<string>();
  let running = false;
  let again = false;
  let stopped = false;
  const one = async (id: string, sealed: unknown) => {
    const r: CollectResult | null =
      sealed instanceof Uint8Array ? await collect(id, sealed) : { outcome: 'unreadable' };
    if (stopped || !r) return;
    const tag = r.receipt ? await receiptTag(r.receipt.secret, r.receipt.status) : null;
    if (stopped) return;
    doc.transact(() => {
      if (tag) receipts.set(tag, true);
      if (responses.get(id) === sealed) responses.delete(id);
    });
  };
  const drain = async () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        for (const [id, sealed] of [...responses.entries()]) {
          if (stopped) return;
          if (busy.has(id)) continue;
          busy.add(id);
          await one(id, sealed)
            .catch(() => {}) // left for the next pass
            .finally(() => busy.delete(id));
        }
      } while (again && !stopped);
    } finally {
      running = false;
    }
  };
  const onChange = () => void drain();
  responses.observe(onChange);
  void drain();
  return () => {
    stopped = true;
    responses.unobserve(onChange);
  };
}

/** Joins an inbox (fresh doc) and keeps collecting it (see {@link attachCollector}). */
export function collectInbox(opts: InboxOptions & { collect: Collect }): InboxConnection {
  const conn = joinInbox(opts);
  const detach = attachCollector(conn.doc, opts.collect);
  return {
    ...conn,
    async stop() {
      detach();
      await conn.stop();
      conn.doc.destroy();
    },
  };
}
