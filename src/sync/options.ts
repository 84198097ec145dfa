/**
 * The types of the sync API (`SyncOptions`, `SyncStatus`, `SyncSession`) and the checks on options.
 *
 * What must stay true: nothing here may let y-webrtc or simple-peer fall back to their public
 * defaults (a public signaling server, Google/Twilio STUN): signaling URLs are required and ICE
 * servers are always set explicitly.
 */
import type * as Y from 'yjs';
import type { SpaceKind } from '../domain';
import type { Authorship } from './authorship';
import { type RejectReason, SyncError } from './errors';
import type { HandshakeOptions } from './handshake-retry';
import type { MailboxLinkOptions, MailboxView } from './mailbox/link-types';
import type { MembershipGate } from './peer-link-gate';
import type { WorkerFactory } from './wire/decode-guard';
import type { FrameLimits } from './wire/frame';
import type { SenderLimits } from './wire/framed-sender';
import { isValidDeviceId, isValidDeviceName } from './wire/protocol';

/** What the UI shows about sync. */
export interface SyncStatus {
  /** 'connected': ≥ 1 peer's data channel is open; 'connecting': a signaling server is reachable
   *  (or being reached) and we are looking for peers; 'offline': stopped or no server reachable. */
  state: 'offline' | 'connecting' | 'connected';
  /** Connected peers that introduced themselves (device names only, as they chose them). */
  peers: { peerId: string; deviceName: string; deviceId: string }[];
  /** Last time this device exchanged sync data with a peer it was in sync with (ms epoch). */
  lastSyncedAt: number | null;
  /** True while some local change has not been confirmed by at least one peer (see delivery.ts). */
  unsentLocalChanges: boolean;
  /** Data from peers or the mailbox that was refused (never applied), with the last reason code. */
  rejected: { count: number; lastReason: RejectReason | null };
  /** The mailbox path ('off' without one). */
  mailbox: MailboxView;
  /** Where this device's newest change is: only here, in the mailbox, or seen by another member's
   *  device (through the mailbox's seen receipts, or confirmed by a peer directly). */
  latest: 'this-device' | 'mailbox' | 'seen';
  /** Other members' devices that said (seen receipts) they have this device's newest change. */
  seenBy: number;
}

/** Options for {@link startSync}. */
export interface SyncOptions {
  doc: Y.Doc;
  /** The space's 32-byte key. */
  spaceKey: Uint8Array;
  /** Only 'campaign' spaces sync; the personal space never does. */
  spaceKind: SpaceKind;
  /** Signaling URLs (ws:// or wss://), e.g. `[`wss://${location.host}/signal`]`. */
  signaling: readonly string[];
  /** STUN/TURN servers; default none (loopback and LAN only). */
  iceServers?: RTCIceServer[];
  /** This device's name as shown to others (1–60 characters). */
  deviceName: string;
  /** This device's id (base64url, 16–64 characters). */
  deviceId: string;
  /** Extra simple-peer options, e.g. `{ wrtc }` in Node. `config.iceServers` is always `iceServers`. */
  peerOpts?: Record<string, unknown>;
  /** Largest remote update accepted; default 32 MiB. */
  maxUpdateBytes?: number;
  /** Override the known top-level collections (default: the domain's, plus members/rotations). */
  knownCollections?: readonly string[];
  frameLimits?: Partial<FrameLimits>;
  senderLimits?: Partial<SenderLimits>;
  /**
   * Resolves once every doc update emitted before the call is stored durably — the space's
   * `SpaceStore.flush`. Local changes are sent only after it resolved ("persist, then announce",
   * durable-outbox.ts), and a peer's update is acknowledged only once stored. Without it (no
   * store: tools and tests) local changes go out at once and acks follow the apply.
   */
  whenDurable?: () => Promise<void>;
  /**
   * Starts the Worker that checks remote updates (decode-guard.ts). Default: the module worker
   * where `Worker` exists; `null` (or no Worker, as in Node) checks in-thread up to 4 MiB per update.
   */
  decodeWorker?: WorkerFactory | null;
  /** Most time the check of one remote update may take; default 2,000 ms. */
  decodeBudgetMs?: number;
  /** Most items (structs + delete ranges) one remote update may apply; default 100,000 (apply-budget.ts). */
  maxApplyItems?: number;
  /** Most encoded bytes the space may hold before remote updates are refused; default 512 MiB. */
  maxSpaceBytes?: number;
  /** Most items (clock units) the space may hold before remote updates are refused; default 50 million. */
  maxSpaceItems?: number;
  /** Size a part of a large sync step 2 aims for; default 2 MiB (state-split.ts). */
  statePartBytes?: number;
  /**
   * When a WebRTC handshake that neither completes nor fails is torn down and retried; default a
   * 15 s timeout, up to 5 re-announces per peer with backoff (handshake-retry.ts).
   */
  handshake?: Partial<HandshakeOptions>;
  /** Whether state present at start counts as unsent until a peer confirms it (default true). */
  initialUnsent?: boolean;
  /** Clock, for tests. */
  now?: () => number;
  /**
   * The space's mailbox (docs/mailbox.md): store-and-forward delivery through the server, for
   * members who are never online together. `null` or absent: direct only. `load`/`save` keep the
   * mailbox state (cursor, what the mailbox holds, receipts) — opaque bytes the caller stores
   * encrypted (the personal space).
   */
  mailbox?: MailboxLinkOptions | null;
  /**
   * Direct WebRTC between members (default true). False: mailbox only, no WebRTC at all. Browsers
   * without `RTCPeerConnection` use the mailbox only, whatever this says.
   */
  direct?: boolean;
  /**
   * Membership first (docs/sync.md, "Membership before content"): each peer link exchanges only the
   * room's membership log and rotation records until `settle()` (called after a peer's records were
   * merged into the doc, and after each mailbox catch-up) says 'open'; 'retired' (the log says this
   * room was left) holds content for good, and the mailbox then gets nothing from this device.
   * Absent: content at once, as before (tools and tests).
   */
  membership?: MembershipGate;
  /**
   * Verified authorship (docs/sync.md): signs every mailbox entry this device appends and checks
   * every entry received against the verified membership log; unsigned, wrongly signed and unknown
   * authors are refused. Absent: entries go unsigned and the device id they name is a claim.
   */
  authorship?: Authorship;
}

/** A running sync of one space. */
export interface SyncSession {
  /** The current status. */
  status(): SyncStatus;
  /** Calls `fn` after every status change (not immediately); returns the unsubscribe function. */
  onStatus(fn: (status: SyncStatus) => void): () => void;
  /** Drops every connection and signaling socket and starts afresh. */
  reconnect(): void;
  /** Call when the app returns to the foreground: reopens signaling sockets that dropped. */
  resume(): void;
  /** Stops syncing for good (status becomes 'offline'). */
  stop(): void;
  /** Resolves once the room is open (room derivation and y-webrtc's key setup done). */
  readonly ready: Promise<void>;
}

/**
 * simple-peer options: the caller's, with `config.iceServers` always set (default `[]`), because
 * simple-peer's own default is a list of public Google and Twilio STUN servers.
 */
export function simplePeerOptions(
  peerOpts: Record<string, unknown> | undefined,
  iceServers: RTCIceServer[] | undefined,
): Record<string, unknown> {
  const config = (peerOpts?.config ?? {}) as Record<string, unknown>;
  return { ...peerOpts, config: { ...config, iceServers: iceServers ?? [] } };
}

/** Throws a coded `SyncError` for options `startSync` cannot use. */
export function checkSyncOptions(opts: SyncOptions): void {
  if (!(opts.spaceKey instanceof Uint8Array) || opts.spaceKey.length !== 32) {
    throw new SyncError('invalid-space-key', { bytes: opts.spaceKey?.length });
  }
  if (opts.spaceKind !== 'campaign') throw new SyncError('unsyncable-space', { kind: opts.spaceKind });
  if (!isValidDeviceName(opts.deviceName) || !isValidDeviceId(opts.deviceId)) {
    throw new SyncError('invalid-device');
  }
  if (opts.direct !== false && opts.signaling.length === 0) throw new SyncError('no-signaling');
  if (!opts.signaling.every((u) => /^wss?:\/\//.test(u))) {
    throw new SyncError('no-signaling');
  }
  if (
    opts.mailbox &&
    (opts.mailbox.urls.length === 0 || !opts.mailbox.urls.every((u) => /^wss?:\/\//.test(u)))
  ) {
    throw new SyncError('no-signaling', { mailbox: true });
  }
}
