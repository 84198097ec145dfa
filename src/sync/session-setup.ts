/**
 * The steps that set a sync session up (session.ts runs them in order): its parts (update rules,
 * space budget, decode guard, outbox, status feed), the link context shared with every PeerLink,
 * the count of local edits, and the mailbox path.
 */
import { Awareness } from 'y-protocols/awareness';
import { KNOWN_COLLECTIONS } from '../domain';
import { DeliveryTracker } from './delivery';
import { DurableOutbox } from './durable-outbox';
import { MailboxLink } from './mailbox/link';
import { SYNC_COLLECTIONS } from './members/devices';
import type { SyncOptions } from './options';
import { DEFAULT_MAX_QUEUED_BYTES } from './peer-link';
import type { RoomVerdict } from './peer-link-gate';
import { type SessionContext, type SessionParts, StatusFeed, sessionStatus } from './session-state';
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

/** False in a browser without WebRTC (e.g. a WebKit build without it): the mailbox carries everything. */
function webrtcAvailable(): boolean {
  return typeof window === 'undefined' || typeof RTCPeerConnection !== 'undefined';
}

function updateRules(opts: SyncOptions): UpdateRules {
  return {
    maxUpdateBytes: opts.maxUpdateBytes ?? DEFAULT_MAX_UPDATE_BYTES,
    knownCollections: new Set(
      opts.knownCollections ?? [...KNOWN_COLLECTIONS[opts.spaceKind], ...SYNC_COLLECTIONS],
    ),
    maxApplyItems: opts.maxApplyItems ?? DEFAULT_MAX_APPLY_ITEMS,
  };
}

/** The session's parts, before anything listens to the doc or the network. */
export function createSessionParts(opts: SyncOptions): SessionParts {
  const { doc } = opts;
  const rules = updateRules(opts);
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
  const outbox = new DurableOutbox<() => void>({
    whenDurable: opts.whenDurable ?? null,
    send: (broadcast) => broadcast(),
  });
  const s: SessionParts = {
    opts,
    doc,
    now: opts.now ?? Date.now,
    device: { deviceId: opts.deviceId, deviceName: opts.deviceName },
    rules,
    space,
    delivery,
    guard,
    outbox,
    awareness: new Awareness(doc),
    links: new Set(),
    rejected: { count: 0, lastReason: null },
    feed: new StatusFeed(() => sessionStatus(s)),
    direct: opts.direct !== false && webrtcAvailable(),
    mailbox: null,
    lastSyncedAt: null,
    provider: null,
    stopped: false,
    roomRetired: false,
  };
  return s;
}

/** The context every PeerLink of the session shares: checks, limits, refusals and changes. */
export function linkContext(s: SessionParts): SessionContext {
  const { opts, feed } = s;
  return {
    doc: s.doc,
    device: s.device,
    rules: s.rules,
    frameLimits: opts.frameLimits ?? {},
    senderLimits: opts.senderLimits ?? {},
    delivery: s.delivery,
    check: (update) => s.guard.check(update),
    whenDurable: opts.whenDurable ?? null,
    statePartBytes: opts.statePartBytes ?? DEFAULT_STATE_PART_BYTES,
    maxQueuedBytes: DEFAULT_MAX_QUEUED_BYTES,
    broadcast: null,
    membership: roomGate(s),
    authorship: opts.authorship ?? null,
    reject(reason) {
      s.rejected.count++;
      s.rejected.lastReason = reason;
      feed.schedule();
    },
    changed(link) {
      if (link.synced) s.lastSyncedAt = s.now();
      if (!link.open) s.links.delete(link);
      feed.schedule();
    },
  };
}

/**
 * Numbers every local edit (an update whose origin is not a peer) as unsent until confirmed.
 * Call before y-webrtc's handler is added, so a broadcast sees the new generation. Returns the off.
 */
export function countLocalUpdates(s: SessionParts): () => void {
  const onLocalUpdate = (_update: Uint8Array, origin: unknown) => {
    if (isPeerOrigin(origin)) return;
    s.delivery.noteLocalUpdate();
    s.feed.schedule();
  };
  s.doc.on('update', onLocalUpdate);
  return () => s.doc.off('update', onLocalUpdate);
}

/** Longest a peer link's membership phase waits for the mailbox's first catch-up. */
export const MAILBOX_LOOK_MS = 20_000;

/**
 * The session's side of membership first: a verdict per peer (and per mailbox catch-up) from the
 * caller's gate, after the mailbox had its first look (bounded) so that a key change waiting there
 * is known before a peer gets content. Once 'retired', the room stays retired for the session.
 */
function roomGate(s: SessionParts): SessionContext['membership'] {
  const gate = s.opts.membership;
  if (!gate) return null;
  return {
    settle: async () => {
      if (s.mailbox) {
        let timer: ReturnType<typeof setTimeout> | undefined;
        const late = new Promise<void>((r) => {
          timer = setTimeout(r, MAILBOX_LOOK_MS);
        });
        await Promise.race([s.mailbox.firstLook, late]);
        clearTimeout(timer);
      }
      return settleRoom(s);
    },
  };
}

/** The caller's verdict on the room; once 'retired' (or stopped), always 'retired'. */
async function settleRoom(s: SessionParts): Promise<RoomVerdict> {
  const gate = s.opts.membership;
  if (!gate || s.roomRetired || s.stopped) return s.roomRetired || s.stopped ? 'retired' : 'open';
  const verdict = await gate.settle().catch(() => 'retired' as const);
  if (verdict === 'retired') s.roomRetired = true;
  return s.roomRetired ? 'retired' : verdict;
}

/** The mailbox path, started at once (null without `opts.mailbox`). */
export function startMailbox(s: SessionParts, context: SessionContext): MailboxLink | null {
  const { opts, feed } = s;
  if (!opts.mailbox) return null;
  const mailbox = new MailboxLink(
    {
      doc: s.doc,
      spaceKey: opts.spaceKey,
      deviceId: s.device.deviceId,
      authorship: opts.authorship ?? null,
      check: (update, o) => s.guard.check(update, o),
      whenDurable: opts.whenDurable ?? null,
      reject: context.reject,
      settle: opts.membership ? () => settleRoom(s) : null,
      changed: feed.schedule,
      synced: () => {
        s.lastSyncedAt = s.now();
        feed.schedule();
      },
    },
    opts.mailbox,
  );
  void mailbox.start().catch(() => {});
  return mailbox;
}
