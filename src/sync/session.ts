/**
 * `startSync`: syncs one space's Y.Doc with the other members' devices over y-webrtc, through the
 * framing and validation layer (see room-hook.ts and peer-link.ts), and reports a `SyncStatus`.
 *
 * Privacy: the caller passes the signaling URLs (default: the server that served the app) and the
 * ICE servers (default: none); y-webrtc's public signaling default and simple-peer's public STUN
 * default are always overridden here. The signaling server sees the opaque room id, y-webrtc's
 * encrypted offers/answers, and the connecting IP addresses — nothing else.
 *
 * Start sync after the doc was loaded from storage: updates applied before `startSync` count as
 * existing state (unsent until a peer confirms it), updates after it as local edits unless their
 * origin is a `PeerOrigin`.
 *
 * Persist, then announce: with `whenDurable` (the space store's flush), a local edit is broadcast
 * only once stored, and a peer's update is acknowledged only once stored (durable-outbox.ts says
 * why). Remote updates are checked by one DecodeGuard per session — a Worker with a time budget,
 * started when the session opens — so a crafted slow-to-decode update cannot freeze the UI.
 */
import { Awareness } from 'y-protocols/awareness';
import { WebrtcProvider } from 'y-webrtc';
import { KNOWN_COLLECTIONS } from '../domain';
import { DeliveryTracker } from './delivery';
import { DurableOutbox } from './durable-outbox';
import { MailboxLink } from './mailbox/link';
import { SYNC_COLLECTIONS } from './members/devices';
import {
  checkSyncOptions,
  type SyncOptions,
  type SyncSession,
  type SyncStatus,
  simplePeerOptions,
} from './options';
import { DEFAULT_MAX_QUEUED_BYTES, type LinkContext, type PeerLink } from './peer-link';
import { deriveRoom } from './room';
import { hookRoom, type RoomLike } from './room-hook';
import { sessionSignalingUrls } from './signaling-urls';
import {
  DEFAULT_MAX_APPLY_ITEMS,
  DEFAULT_MAX_SPACE_BYTES,
  DEFAULT_MAX_SPACE_ITEMS,
  SpaceBudget,
} from './wire/apply-budget';
import { DecodeGuard } from './wire/decode-guard';
import { isPeerOrigin } from './wire/origin';
import { DEFAULT_STATE_PART_BYTES } from './wire/state-split';
import { DEFAULT_MAX_UPDATE_BYTES, type UpdateRules } from './wire/validate-update';

/** Re-exported here too: the app loads this module lazily and calls it on a rotated-away space. */
export { retireMailbox } from './mailbox/retire';

/** False in a browser without WebRTC (e.g. a WebKit build without it): the mailbox carries everything. */
function webrtcAvailable(): boolean {
  return typeof window === 'undefined' || typeof RTCPeerConnection !== 'undefined';
}

interface SignalingConnLike {
  connected: boolean;
  connecting: boolean;
  connect(): void;
  on(event: string, fn: () => void): void;
  off(event: string, fn: () => void): void;
}

/**
 * Starts syncing a space. Returns at once; the room is derived and joined in the background.
 *
 * @throws SyncError('invalid-space-key' | 'unsyncable-space' | 'invalid-device' | 'no-signaling')
 * @example
 * const session = startSync({ doc, spaceKey, spaceKind: 'campaign', deviceName, deviceId,
 *   signaling: [`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/signal`] });
 * const off = session.onStatus((s) => setStatus(s));
 * document.addEventListener('visibilitychange', () => document.hidden || session.resume());
 */
export function startSync(opts: SyncOptions): SyncSession {
  checkSyncOptions(opts);
  const { doc } = opts;
  const now = opts.now ?? Date.now;
  const device = { deviceId: opts.deviceId, deviceName: opts.deviceName };
  const rules: UpdateRules = {
    maxUpdateBytes: opts.maxUpdateBytes ?? DEFAULT_MAX_UPDATE_BYTES,
    knownCollections: new Set(
      opts.knownCollections ?? [...KNOWN_COLLECTIONS[opts.spaceKind], ...SYNC_COLLECTIONS],
    ),
    maxApplyItems: opts.maxApplyItems ?? DEFAULT_MAX_APPLY_ITEMS,
  };
  const space = new SpaceBudget(doc, {
    maxSpaceBytes: opts.maxSpaceBytes ?? DEFAULT_MAX_SPACE_BYTES,
    maxSpaceItems: opts.maxSpaceItems ?? DEFAULT_MAX_SPACE_ITEMS,
  });
  const delivery = new DeliveryTracker(opts.initialUnsent ?? true);
  const guard = new DecodeGuard({
    rules,
    space,
    ...(opts.decodeWorker !== undefined ? { createWorker: opts.decodeWorker } : {}),
    ...(opts.decodeBudgetMs !== undefined ? { budgetMs: opts.decodeBudgetMs } : {}),
  });
  /** Local updates waiting to be stored before they are broadcast (each a deferred send). */
  const outbox = new DurableOutbox<() => void>({
    whenDurable: opts.whenDurable ?? null,
    send: (broadcast) => broadcast(),
  });
  const awareness = new Awareness(doc);
  const listeners = new Set<(s: SyncStatus) => void>();
  const links = new Set<PeerLink>();
  const rejected: SyncStatus['rejected'] = { count: 0, lastReason: null };
  let lastSyncedAt: number | null = null;
  let provider: WebrtcProvider | null = null;
  let stopped = false;
  let scheduled = false;
  let lastEmitted = '';

  const signalingConns = (): SignalingConnLike[] => (provider?.signalingConns ?? []) as SignalingConnLike[];

  const status = (): SyncStatus => {
    const open = [...links].filter((l) => l.connected);
    const box = mailbox?.status() ?? null;
    let state: SyncStatus['state'] = 'offline';
    if (!stopped && !direct) {
      // Mailbox only: 'connected' once it is live (every member's changes arrive through it).
      const m = box?.mailbox.state;
      state =
        m === 'live' ? 'connected' : m === 'connecting' || m === 'catching-up' ? 'connecting' : 'offline';
    } else if (!stopped) {
      if (open.length > 0) state = 'connected';
      else if (!provider || signalingConns().some((c) => c.connected || c.connecting)) state = 'connecting';
    }
    // A change the mailbox holds is not "unsent", even when no peer confirmed it directly.
    const unsent = delivery.unsent && (box === null || box.pending);
    const latest: SyncStatus['latest'] = box
      ? box.latest === 'this-device' && !delivery.unsent
        ? 'seen'
        : box.latest
      : delivery.unsent
        ? 'this-device'
        : 'seen';
    return {
      state,
      peers: stopped
        ? []
        : open.flatMap((l) =>
            l.device
              ? [
                  {
                    peerId: l.conn.remotePeerId,
                    deviceName: l.device.deviceName,
                    deviceId: l.device.deviceId,
                  },
                ]
              : [],
          ),
      lastSyncedAt,
      unsentLocalChanges: unsent,
      rejected: { ...rejected },
      mailbox: box?.mailbox ?? { state: 'off', error: null, receiving: null },
      latest,
      seenBy: box?.seenBy ?? 0,
    };
  };

  const emit = () => {
    scheduled = false;
    const s = status();
    const key = JSON.stringify(s);
    if (key === lastEmitted) return;
    lastEmitted = key;
    for (const fn of listeners) fn(s);
  };
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    queueMicrotask(emit);
  };

  const context: LinkContext & { broadcast: LinkContext['broadcast'] } = {
    doc,
    device,
    rules,
    frameLimits: opts.frameLimits ?? {},
    senderLimits: opts.senderLimits ?? {},
    delivery,
    check: (update) => guard.check(update),
    whenDurable: opts.whenDurable ?? null,
    statePartBytes: opts.statePartBytes ?? DEFAULT_STATE_PART_BYTES,
    maxQueuedBytes: DEFAULT_MAX_QUEUED_BYTES,
    broadcast: null,
    reject(reason) {
      rejected.count++;
      rejected.lastReason = reason;
      schedule();
    },
    changed(link) {
      if (link.synced) lastSyncedAt = now();
      if (!link.open) links.delete(link);
      schedule();
    },
  };

  const onLocalUpdate = (_update: Uint8Array, origin: unknown) => {
    if (isPeerOrigin(origin)) return;
    delivery.noteLocalUpdate();
    schedule();
  };
  doc.on('update', onLocalUpdate); // before y-webrtc's handler, so a broadcast sees the new generation

  const direct = opts.direct !== false && webrtcAvailable();
  const mailbox = opts.mailbox
    ? new MailboxLink(
        {
          doc,
          spaceKey: opts.spaceKey,
          deviceId: device.deviceId,
          check: (update, o) => guard.check(update, o),
          whenDurable: opts.whenDurable ?? null,
          reject: context.reject,
          changed: schedule,
          synced: () => {
            lastSyncedAt = now();
            schedule();
          },
        },
        opts.mailbox,
      )
    : null;
  void mailbox?.start().catch(() => {});

  const secrets = deriveRoom(opts.spaceKey);
  const peerOpts = simplePeerOptions(opts.peerOpts, opts.iceServers);

  const open = async (after: PromiseLike<unknown> | undefined): Promise<void> => {
    const { roomName, password } = await secrets;
    await after; // the previous provider's room must be gone first (one room per name)
    if (stopped) return;
    // Start the decode worker now, so that starting it is not charged to the first update's budget.
    void guard.warmUp();
    if (!direct) return;
    awareness.setLocalState({ deviceName: device.deviceName, deviceId: device.deviceId });
    const p = new WebrtcProvider(roomName, doc, {
      signaling: sessionSignalingUrls(opts.signaling), // a socket of its own (signaling-urls.ts)
      password,
      awareness,
      filterBcConns: false,
      peerOpts,
    });
    provider = p;
    for (const c of signalingConns()) {
      c.on('connect', schedule);
      c.on('disconnect', schedule);
    }
    await p.key;
    if (p.room && provider === p) {
      hookRoom(p.room as unknown as RoomLike, {
        context,
        handshake: opts.handshake,
        added: (link) => {
          links.add(link);
          schedule();
        },
        docUpdate: (_update, origin, send) => {
          // A peer's update is relayed at once: its author sent it only once it was stored there.
          if (isPeerOrigin(origin)) send(null);
          else {
            const gen = delivery.currentGen; // onLocalUpdate already numbered this update
            outbox.push(() => send({ kind: 'update', gen }));
          }
        },
        beginBroadcast: (tag, origin) => {
          context.broadcast = { tag, origin };
        },
        endBroadcast: () => {
          context.broadcast = null;
        },
      });
    }
    schedule();
  };

  const teardown = (): PromiseLike<unknown> | undefined => {
    const p = provider;
    if (!p) return undefined;
    provider = null;
    for (const c of p.signalingConns as SignalingConnLike[]) {
      c.off('connect', schedule);
      c.off('disconnect', schedule);
    }
    p.disconnect();
    p.destroy();
    links.clear();
    return p.key;
  };

  const noop = () => {};
  let ready: Promise<void> = open(undefined).catch(noop);

  return {
    status,
    onStatus(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    reconnect() {
      if (stopped) return;
      mailbox?.reconnect();
      // Serialized: the previous open must have finished before its provider can be torn down.
      ready = ready.then(() => open(teardown())).catch(noop);
      schedule();
    },
    resume() {
      if (stopped) return;
      mailbox?.resume();
      for (const c of signalingConns()) if (!c.connected) c.connect();
      schedule();
    },
    stop() {
      if (stopped) return;
      stopped = true;
      outbox.close();
      mailbox?.stop();
      teardown();
      guard.dispose();
      space.dispose();
      doc.off('update', onLocalUpdate);
      awareness.destroy();
      emit();
      listeners.clear();
    },
    get ready() {
      return ready;
    },
  };
}
