/**
 * One sync session's parts and state (built by session-setup.ts, used by the steps in session.ts
 * and session-room.ts), and the `SyncStatus` read from them: computed on demand, and announced to
 * listeners at most once per microtask and only when it changed.
 */
import type { Awareness } from 'y-protocols/awareness';
import type { WebrtcProvider } from 'y-webrtc';
import type * as Y from 'yjs';
import type { DeliveryTracker } from './delivery';
import type { DurableOutbox } from './durable-outbox';
import type { MailboxLink } from './mailbox/link';
import type { SyncOptions, SyncStatus } from './options';
import type { LinkContext, PeerLink } from './peer-link';
import type { SpaceBudget } from './wire/apply-budget';
import type { DecodeGuard } from './wire/decode-guard';
import type { DeviceInfo } from './wire/protocol';
import type { UpdateRules } from './wire/validate-update';

/** The link context the session shares with every PeerLink; `broadcast` is set around a broadcast. */
export type SessionContext = LinkContext & { broadcast: LinkContext['broadcast'] };

export interface SessionParts {
  readonly opts: SyncOptions;
  readonly doc: Y.Doc;
  readonly now: () => number;
  readonly device: DeviceInfo;
  readonly rules: UpdateRules;
  readonly space: SpaceBudget;
  readonly delivery: DeliveryTracker;
  readonly guard: DecodeGuard;
  /** Local updates waiting to be stored before they are broadcast (each a deferred send). */
  readonly outbox: DurableOutbox<() => void>;
  readonly awareness: Awareness;
  readonly links: Set<PeerLink>;
  readonly rejected: SyncStatus['rejected'];
  readonly feed: StatusFeed;
  /** False when the mailbox carries everything (no WebRTC, or `direct: false`). */
  readonly direct: boolean;
  mailbox: MailboxLink | null;
  lastSyncedAt: number | null;
  provider: WebrtcProvider | null;
  stopped: boolean;
  /** The caller's gate said this room was left: no content crosses any link or reaches the mailbox. */
  roomRetired: boolean;
}

export interface SignalingConnLike {
  connected: boolean;
  connecting: boolean;
  connect(): void;
  on(event: string, fn: () => void): void;
  off(event: string, fn: () => void): void;
}

export const signalingConns = (provider: WebrtcProvider | null): SignalingConnLike[] =>
  (provider?.signalingConns ?? []) as SignalingConnLike[];

/** Listeners of a session's status: `schedule` coalesces changes into one `emit` per microtask. */
export class StatusFeed {
  private readonly listeners = new Set<(s: SyncStatus) => void>();
  private scheduled = false;
  private lastEmitted = '';

  constructor(private readonly read: () => SyncStatus) {}

  listen(fn: (s: SyncStatus) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Announces the status if it changed (a stable function: it is also a signaling listener). */
  readonly emit = (): void => {
    this.scheduled = false;
    const s = this.read();
    const key = JSON.stringify(s);
    if (key === this.lastEmitted) return;
    this.lastEmitted = key;
    for (const fn of this.listeners) fn(s);
  };

  readonly schedule = (): void => {
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(this.emit);
  };

  clear(): void {
    this.listeners.clear();
  }
}

function connectionState(
  s: SessionParts,
  box: ReturnType<MailboxLink['status']> | null,
): SyncStatus['state'] {
  if (s.stopped) return 'offline';
  if (!s.direct) {
    // Mailbox only: 'connected' once it is live (every member's changes arrive through it).
    const m = box?.mailbox.state;
    return m === 'live' ? 'connected' : m === 'connecting' || m === 'catching-up' ? 'connecting' : 'offline';
  }
  if ([...s.links].some((l) => l.connected)) return 'connected';
  if (!s.provider || signalingConns(s.provider).some((c) => c.connected || c.connecting)) return 'connecting';
  return 'offline';
}

function connectedPeers(s: SessionParts): SyncStatus['peers'] {
  if (s.stopped) return [];
  return [...s.links]
    .filter((l) => l.connected)
    .flatMap((l) =>
      l.device
        ? [{ peerId: l.conn.remotePeerId, deviceName: l.device.deviceName, deviceId: l.device.deviceId }]
        : [],
    );
}

export function sessionStatus(s: SessionParts): SyncStatus {
  const box = s.mailbox?.status() ?? null;
  const { delivery } = s;
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
    state: connectionState(s, box),
    peers: connectedPeers(s),
    lastSyncedAt: s.lastSyncedAt,
    unsentLocalChanges: unsent,
    rejected: { ...s.rejected },
    mailbox: box?.mailbox ?? { state: 'off', error: null, receiving: null },
    latest,
    seenBy: box?.seenBy ?? 0,
  };
}
