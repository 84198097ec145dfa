/**
 * What a {@link PeerLink} (peer-link.ts) takes over and needs: the parts of y-webrtc and
 * simple-peer it hooks, its session context, and the handshake watch. The context and the watch
 * take the link's type as a parameter, so this file does not import peer-link.ts.
 */
import type * as Y from 'yjs';
import type { Authorship } from './authorship';
import type { DeliveryTracker, SentTag } from './delivery';
import type { RejectReason } from './errors';
import type { GuardVerdict } from './wire/decode-guard';
import type { FrameLimits } from './wire/frame';
import type { SenderLimits } from './wire/framed-sender';
import type { DeviceInfo } from './wire/protocol';
import type { UpdateRules } from './wire/validate-update';

/** The parts of simple-peer used here. */
export interface SimplePeerLike {
  send(data: Uint8Array): void;
  _channel?: {
    readyState: string;
    bufferedAmount: number;
    addEventListener?: (type: string, fn: () => void) => void;
    removeEventListener?: (type: string, fn: () => void) => void;
  } | null;
  /** The RTCPeerConnection, for the DTLS fingerprints in its descriptions (peer-proof.ts). */
  _pc?: {
    localDescription?: { sdp?: string } | null;
    remoteDescription?: { sdp?: string } | null;
  } | null;
  on(event: string, fn: (...args: never[]) => void): unknown;
  removeListener(event: string, fn: (...args: never[]) => void): unknown;
  listeners(event: string): ((...args: unknown[]) => void)[];
  destroy(err?: Error): void;
}

/** How a link watches its own handshake (room-hook.ts sets it from handshake-retry.ts). */
export interface HandshakeWatchOf<PeerLink> {
  /** Most time from the link's creation to its handshake (channel open + the peer's hello). */
  readonly timeoutMs: number;
  /** The handshake completed. */
  handshaken(link: PeerLink): void;
  /** The handshake did not complete in time; the link destroys its connection right after. */
  stalled(link: PeerLink): void;
}

/** The parts of y-webrtc's `WebrtcConn` used here. */
export interface WebrtcConnLike {
  remotePeerId: string;
  peer: SimplePeerLike;
  connected: boolean;
  closed: boolean;
  synced: boolean;
}

/** What a link needs from its session. */
export interface LinkContextOf<PeerLink> {
  readonly doc: Y.Doc;
  readonly device: DeviceInfo;
  readonly rules: UpdateRules;
  readonly frameLimits: Partial<FrameLimits>;
  readonly senderLimits: Partial<SenderLimits>;
  readonly delivery: DeliveryTracker;
  /** Checks a remote update off the main thread (the session's DecodeGuard); verdicts in call order. */
  check(update: Uint8Array): Promise<GuardVerdict>;
  /** Resolves once every doc update so far is stored (SpaceStore.flush); null when nothing stores. */
  readonly whenDurable: (() => Promise<void>) | null;
  /** Size a part of a large sync step 2 aims for (see state-split.ts). */
  readonly statePartBytes: number;
  /** Most bytes of remote updates waiting for their check, per link, before the link is dropped. */
  readonly maxQueuedBytes: number;
  /** Set while y-webrtc broadcasts a doc update: what it carries and where it came from. */
  readonly broadcast: { tag: SentTag | null; origin: unknown } | null;
  reject(reason: RejectReason, detail?: string): void;
  /** Membership first (peer-link-gate.ts): settles the room's log before content; absent: content at once. */
  readonly membership?: { settle(): Promise<'open' | 'retired'> } | null;
  /** Verified authorship (peer-proof.ts): each side proves the device its hello names; absent: a claim. */
  readonly authorship?: Authorship | null;
  /** The link's state changed (connected, hello, synced, ack, closed). */
  changed(link: PeerLink): void;
}

/** Default most bytes of remote updates a link holds while they wait for their check. */
export const DEFAULT_MAX_QUEUED_BYTES = 128 * 1024 * 1024;
