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
 * Respondent (`sendSealedResponse`, survey-inbox-send.ts): after a random delay, a FRESH Y.Doc (fresh random clientID)
 * writes one entry — id and sealed bytes, nothing else: no timestamp, no device name — and joins
 * the room with no awareness state and a random one-off peer name. It leaves once it sees its
 * receipt tag. A receipt tag is derived from the ECDH secret of that one response (crypto/ecdh.ts),
 * which only the respondent and holders of the survey private key know, so no other respondent can
 * fake "delivered". Until then the caller keeps the sealed blob (never the answers) queued.
 *
 * Organizer (`collectInbox` + `collectResponse`, survey-inbox-collect.ts): for each response seen, decrypt it, check it,
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
import { hkdfSha256, randomId } from '../../crypto';
import { DeliveryTracker } from '../delivery';
import { SyncError } from '../errors';
import { DEFAULT_MAX_QUEUED_BYTES, type LinkContext, type PeerLink } from '../peer-link';
import { deriveRoom, type RoomSecrets } from '../room';
import { hookRoom, type RoomLike } from '../room-hook';
import { DecodeGuard, type WorkerFactory } from '../wire/decode-guard';
import { DEFAULT_STATE_PART_BYTES } from '../wire/state-split';
import type { UpdateRules } from '../wire/validate-update';

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

/** A sealed response waiting to be delivered (what a respondent's page keeps queued). */
export interface OutgoingResponse {
  /** Random response id (base64url, 128 bits). */
  id: string;
  sealed: Uint8Array;
  /** The receipt secret from `sealWithReceipt`. */
  receipt: Uint8Array;
}

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
  /** The Worker that checks remote updates (default: the module worker where `Worker` exists). */
  decodeWorker?: WorkerFactory | null;
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

/** What `joinInbox` takes: how to reach the inbox, and optionally the doc and what to wait for. */
type JoinInboxOptions = InboxOptions & {
  doc?: Y.Doc;
  /** Wait for this first (a previous room of the same name). */
  after?: PromiseLike<unknown>;
};

/**
 * Joins an inbox's room with `doc` (default: a fresh Y.Doc) through the checked transport, with no
 * awareness state and an anonymous hello.
 *
 * @throws SyncError('invalid-space-key' | 'no-signaling')
 */
export function joinInbox(opts: JoinInboxOptions): InboxConnection {
  checkInboxOptions(opts);
  const doc = opts.doc ?? new Y.Doc();
  const awareness = new Awareness(doc);
  awareness.setLocalState(null); // never announce anything about this device
  const peers = new InboxPeers();
  const rules = {
    maxUpdateBytes: MAX_INBOX_UPDATE_BYTES,
    knownCollections: new Set<string>(INBOX_COLLECTIONS),
  };
  // Anyone holding the survey link can write here: what they send is checked off the main thread.
  const guard = new DecodeGuard({
    rules,
    ...(opts.decodeWorker !== undefined ? { createWorker: opts.decodeWorker } : {}),
  });
  const room: InboxRoom = {
    doc,
    awareness,
    context: inboxContext(doc, rules, guard, peers),
    provider: null,
    stopped: false,
  };
  const ready = openInboxRoom(opts, room, peers);
  return {
    doc,
    peers: peers.count,
    onPeers: (fn) => peers.listen(fn),
    ready: ready.catch(() => {}),
    async stop() {
      if (room.stopped) return;
      room.stopped = true;
      await ready.catch(() => {});
      const p = room.provider;
      room.provider = null;
      peers.clear();
      if (p) {
        p.disconnect();
        p.destroy();
        await p.key; // y-webrtc removes the room once its key promise settles
      }
      awareness.destroy();
      guard.dispose();
    },
  };
}

function checkInboxOptions(opts: InboxOptions): void {
  if (!(opts.inboxKey instanceof Uint8Array) || opts.inboxKey.length !== 32) {
    throw new SyncError('invalid-space-key', { bytes: opts.inboxKey?.length });
  }
  if (opts.signaling.length === 0 || !opts.signaling.every((u) => /^wss?:\/\//.test(u))) {
    throw new SyncError('no-signaling');
  }
}

/** An inbox's open links, and who wants to hear when their number may have changed. */
class InboxPeers {
  readonly links = new Set<PeerLink>();
  private readonly listeners = new Set<(n: number) => void>();

  readonly count = (): number => [...this.links].filter((l) => l.connected).length;

  readonly notify = (): void => {
    const n = this.count();
    for (const fn of this.listeners) fn(n);
  };

  listen(fn: (n: number) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  clear(): void {
    this.links.clear();
    this.listeners.clear();
  }
}

/** One joined inbox's room: its doc, the context its links share, and the provider once open. */
interface InboxRoom {
  readonly doc: Y.Doc;
  readonly awareness: Awareness;
  readonly context: LinkContext & { broadcast: LinkContext['broadcast'] };
  provider: WebrtcProvider | null;
  stopped: boolean;
}

/** The context an inbox's links share: an anonymous device, the inbox rules, nothing stored. */
function inboxContext(
  doc: Y.Doc,
  rules: UpdateRules,
  guard: DecodeGuard,
  peers: InboxPeers,
): InboxRoom['context'] {
  return {
    doc,
    device: { deviceId: randomId(), deviceName: ANONYMOUS_PEER_NAME },
    rules,
    frameLimits: {},
    senderLimits: {},
    delivery: new DeliveryTracker(false),
    check: (update) => guard.check(update),
    // The inbox doc is not stored as it arrives: the collector copies responses into the
    // campaign space, which is stored.
    whenDurable: null,
    statePartBytes: DEFAULT_STATE_PART_BYTES,
    maxQueuedBytes: DEFAULT_MAX_QUEUED_BYTES,
    broadcast: null,
    reject() {},
    changed(link) {
      if (!link.open) peers.links.delete(link);
      queueMicrotask(peers.notify);
    },
  };
}

/** Opens the inbox's room once `opts.after` has settled, and hooks its connections. */
async function openInboxRoom(opts: JoinInboxOptions, room: InboxRoom, peers: InboxPeers): Promise<void> {
  const { roomName, password } = await deriveInboxRoom(opts.inboxKey);
  await opts.after; // y-webrtc allows one room per name per page: the previous one must be gone
  if (room.stopped) return;
  const p = new WebrtcProvider(roomName, room.doc, {
    signaling: [...opts.signaling],
    password,
    awareness: room.awareness,
    filterBcConns: false,
    peerOpts: { ...opts.peerOpts, config: { iceServers: opts.iceServers ?? [] } },
  });
  room.provider = p;
  await p.key;
  if (!p.room || room.stopped) return;
  const { context } = room;
  hookRoom(p.room as unknown as RoomLike, {
    context,
    added: (link) => {
      peers.links.add(link);
      queueMicrotask(peers.notify);
    },
    docUpdate: (_update, _origin, send) => send(null),
    beginBroadcast: (_tag, origin) => {
      context.broadcast = { tag: null, origin };
    },
    endBroadcast: () => {
      context.broadcast = null;
    },
  });
}
