/**
 * One y-webrtc connection, taken over: framing on both directions, validation of everything the
 * peer sends, acknowledgements, and the peer's identity (hello, proven by peer-proof.ts).
 * long-file: the takeover of one connection (framing, validation, acks, and the handshake of hello,
 * membership phase and device proof) shares the link's state; the phases live in their own files.
 *
 * How it hooks y-webrtc (10.3.0): a `WebrtcConn` owns a simple-peer instance `conn.peer`, and
 * y-webrtc sends every message with `conn.peer.send(bytes)` and reads every message from the
 * peer's 'data' event. When the connection object is created (before any event can fire), this
 * class
 *   - replaces `conn.peer.send` with a framed, backpressured sender (the original `send` becomes
 *     the frame transport);
 *   - removes y-webrtc's 'data' listener and installs the reassembler in its place; reassembled
 *     messages are dispatched here: sync messages are handled entirely here (step 1 answered, in
 *     parts when the state is large — state-split.ts; step 2 / updates checked by the session's
 *     decode guard — a Worker with a time budget, decode-guard.ts — and applied with the peer as
 *     origin, one at a time in arrival order), awareness
 *     is sanitized and then handed to y-webrtc's original listener, query-awareness is handed over
 *     as is, Shopfloor's hello/ack are consumed, anything else is rejected;
 *   - sends our hello as the first message on the channel (before y-webrtc's sync step 1, or
 *     before our answer to the remote's step 1 when that arrives before our 'connect' event);
 *   - with a session gate, exchanges the room's membership records before any sync message
 *     (peer-link-gate.ts: membership first; content only once the room settled as open);
 *   - with verified authorship, both sides prove the device their hello names (peer-proof.ts);
 *     with a gate, content opens only once the peer's proof verified; its changes are then
 *     attributed to that device (`origin.verified`);
 *   - with a handshake watch, destroys the connection when it is not handshaken (channel open AND
 *     the peer's hello received) within the timeout: an offer or answer lost on the way, or ICE that
 *     never settles, would otherwise leave a connection that neither completes nor fails, and
 *     y-webrtc never replaces a connection it holds for a peer. y-webrtc's 'close' handler then
 *     removes it and announces the room, so a fresh connection can be made (handshake-retry.ts).
 * What must stay true: no byte from a peer reaches y-webrtc's `readMessage` unless it is a
 * sanitized awareness update or a query-awareness message (y-webrtc would otherwise apply sync
 * messages straight into the doc, unchecked, with the room as origin). The peer-link test in
 * tests/integration/sync-webrtc.test.ts and the framing/validation unit tests guard this.
 * Remote updates are applied in the order they arrived (a per-link queue behind the guard's
 * verdicts), and acknowledged only once applied AND stored (`whenDurable`): an ack tells the sender
 * the change is safe on this device, not merely seen.
 */
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import type { AuthorVerdict } from './authorship';
import type { SentTag } from './delivery';
import { encodeMembershipMessage, MESSAGE_MEMBERSHIP } from './members/membership-phase';
import { ContentGate } from './peer-link-gate';
import {
  AckBatcher,
  sanitizedAwarenessMessage,
  step2Messages,
  syncStep1Message,
  waitForDrain,
} from './peer-link-messages';
import type { HandshakeWatchOf, LinkContextOf, WebrtcConnLike } from './peer-link-types';
import {
  MESSAGE_CHALLENGE,
  MESSAGE_PROOF,
  membershipChange,
  PeerProof,
  peerFingerprints,
} from './peer-proof';
import type { GuardVerdict } from './wire/decode-guard';
import { FrameReassembler } from './wire/frame';
import { FramedSender } from './wire/framed-sender';
import { createPeerOrigin, type PeerOrigin } from './wire/origin';
import {
  type DeviceInfo,
  decodeAck,
  decodeHello,
  encodeHello,
  MESSAGE_ACK,
  MESSAGE_AWARENESS,
  MESSAGE_HELLO,
  MESSAGE_QUERY_AWARENESS,
  MESSAGE_SYNC,
} from './wire/protocol';
import { applyCheckedUpdate } from './wire/validate-update';

/** How a link watches its own handshake (room-hook.ts sets it from handshake-retry.ts). */
export type HandshakeWatch = HandshakeWatchOf<PeerLink>;
/** What a link needs from its session. */
export type LinkContext = LinkContextOf<PeerLink>;

export {
  DEFAULT_MAX_QUEUED_BYTES,
  type SimplePeerLike,
  type WebrtcConnLike,
} from './peer-link-types';

/** A taken-over y-webrtc connection. */
export class PeerLink {
  /** Transaction origin of every update from this peer. */
  readonly origin: PeerOrigin;
  /** The peer's device, once its hello arrived. */
  device: DeviceInfo | null = null;
  /** True once a sync step 2 from this peer was applied. */
  synced = false;
  /** False once the underlying connection closed. */
  open = true;
  /** True once this link gave up on a handshake that did not complete in time. */
  stalled = false;
  private readonly sender: FramedSender;
  private readonly reassembler: FrameReassembler;
  private readonly yWebrtcData: ((data: unknown) => void)[];
  /** y-webrtc's 'error' listener on this connection: it announces the room on signaling again. */
  private readonly yWebrtcError: ((err: unknown) => void)[];
  private handshakeTimer: ReturnType<typeof setTimeout> | null = null;
  /** The membership-first phase (peer-link-gate.ts), with a session gate; null: content at once. */
  private readonly gate: ContentGate | null;
  /** The device proof both ways (peer-proof.ts), with verified authorship; null: the hello is a claim. */
  private readonly proof: PeerProof | null;
  private helloSent = false;
  /** Acknowledgements of applied messages, sent once stored and batched (peer-link-messages.ts). */
  private readonly acks: AckBatcher;
  /** Remote updates waiting for their verdict, applied strictly one after another. */
  private inbox: Promise<void> = Promise.resolve();
  private inboxBytes = 0;

  constructor(
    readonly conn: WebrtcConnLike,
    private readonly ctx: LinkContext,
    private readonly watch: HandshakeWatch | null = null,
  ) {
    const peer = conn.peer;
    this.origin = createPeerOrigin(conn.remotePeerId);
    const rawSend = peer.send.bind(peer);
    this.sender = new FramedSender(
      {
        sendFrame: rawSend,
        bufferedAmount: () => peer._channel?.bufferedAmount ?? 0,
        waitForDrain: () => waitForDrain(peer),
      },
      ctx.senderLimits,
      () => peer.destroy(),
    );
    this.acks = new AckBatcher(
      ctx.whenDurable,
      (ack) => this.send(ack, null),
      () => this.open,
    );
    this.reassembler = new FrameReassembler(ctx.frameLimits, (reason) => ctx.reject(reason));
    peer.send = (message: Uint8Array) => this.sendFromYWebrtc(message);
    this.yWebrtcData = peer.listeners('data');
    this.yWebrtcError = peer.listeners('error');
    for (const listener of this.yWebrtcData) peer.removeListener('data', listener);
    peer.on('data', (frame: unknown) => this.onFrame(frame));
    peer.on('connect', () => this.onConnect());
    peer.on('close', () => this.onClose());
    const { authorship, doc } = ctx;
    this.proof = authorship
      ? new PeerProof({
          ...{ authorship, doc, deviceId: ctx.device.deviceId, origin: this.origin },
          fingerprints: () => peerFingerprints(peer),
          send: (message) => this.send(message, null),
          reject: (reason, detail) => ctx.reject(reason, detail),
        })
      : null;
    this.gate = ctx.membership ? this.membershipGate(ctx.membership) : null;
    if (this.proof && !this.gate) {
      this.proof.release(() => false); // no phase: prove at once, attribute once proven
      void this.proveDevice().then((v) => v.ok || ctx.reject(v.reason, 'peer proof'));
    }
    if (watch) this.handshakeTimer = setTimeout(() => this.onHandshakeTimeout(), watch.timeoutMs);
  }

  /** True once the data channel is open and the peer's hello (and, gated, its membership) arrived. */
  get handshaken(): boolean {
    return this.connected && this.device !== null && (this.gate?.heard ?? true);
  }

  private membershipGate(gate: NonNullable<LinkContext['membership']>): ContentGate {
    return new ContentGate({
      doc: this.ctx.doc,
      origin: this.origin,
      gate,
      reject: (reason, detail) => this.ctx.reject(reason, detail),
      heard: () => this.checkHandshake(),
      destroy: () => this.conn.peer.destroy(),
      settledHere: () => this.proof?.release((hash) => !this.gate?.peerHas(hash)),
      ...(this.proof
        ? { prove: () => this.proveDevice(), logChanged: () => membershipChange(this.ctx.doc) }
        : {}),
      isOpen: () => this.open,
      opened: (held) => {
        // y-webrtc's own step 1 went out while the phase ran and was dropped: send ours now.
        this.send(syncStep1Message(this.ctx.doc), null);
        for (const m of held) this.onMessage(m.id, m.bytes);
        this.ctx.changed(this);
      },
    });
  }

  /** Checks the peer's device proof; once it verified, this link's changes are attributed to it. */
  private async proveDevice(): Promise<AuthorVerdict> {
    const verdict = await (this.proof as PeerProof).check(this.device?.deviceId ?? null);
    if (verdict.ok && verdict.verified) this.origin.verified = true;
    return verdict;
  }

  /**
   * Asks y-webrtc to announce the room on its signaling sockets again, so that a peer whose
   * connection was torn down meets this device afresh. (y-webrtc 10.3.0 exports no announce; its
   * connection 'error' listener is `announceSignalingInfo(room)` plus a debug log line.)
   */
  announce(): void {
    for (const listener of this.yWebrtcError) {
      try {
        listener(new Error('handshake timed out'));
      } catch {
        // nothing to do: the next announce (y-webrtc's own, on any close) tries again
      }
    }
  }

  private onHandshakeTimeout(): void {
    this.handshakeTimer = null;
    if (!this.open || this.handshaken) return;
    this.stalled = true;
    this.watch?.stalled(this);
    this.conn.peer.destroy(); // y-webrtc's 'close' handler removes the connection and announces
  }

  /** Called on every step of the handshake: stops the watch once it is complete. */
  private checkHandshake(): void {
    if (this.handshakeTimer === null || !this.handshaken) return;
    clearTimeout(this.handshakeTimer);
    this.handshakeTimer = null;
    this.watch?.handshaken(this);
  }

  /** Resolves once every remote update received so far was checked and applied or refused. */
  get settled(): Promise<void> {
    return this.inbox;
  }

  /**
   * True while the data channel is open. (Not simple-peer's `connected`: the remote's first
   * messages, e.g. its sync step 1, can arrive before our 'connect' event, and must be answered.)
   */
  get connected(): boolean {
    return this.open && this.conn.peer._channel?.readyState === 'open';
  }

  /** Sends one whole message (framed); `tag` records which local changes it carries. */
  send(message: Uint8Array, tag: SentTag | null): void {
    const id = this.enqueue(message);
    if (id !== null && tag) this.ctx.delivery.noteSent(this, id, tag);
  }

  /** Frames and queues one message; returns its frame message id, or null when not sent. */
  private enqueue(message: Uint8Array): number | null {
    // Like y-webrtc: nothing is queued for a closed channel; the next handshake catches up.
    if (!this.connected) return null;
    this.sayHello();
    return this.sender.enqueue(message);
  }

  /** Our hello, always the first message; with a gate, the room's membership message right after. */
  private sayHello(): void {
    if (this.helloSent) return;
    this.helloSent = true;
    this.sender.enqueue(encodeHello(this.ctx.device));
    if (this.proof) this.sender.enqueue(this.proof.challenge());
    if (this.gate) this.sender.enqueue(encodeMembershipMessage(this.ctx.doc));
  }

  private sendFromYWebrtc(message: Uint8Array): void {
    const b = this.ctx.broadcast;
    if (b?.origin === this.origin) return; // never echo a peer's update back to it
    if (this.gate && !this.gate.open && message[0] === MESSAGE_SYNC) return; // membership first: held
    this.send(message, b ? b.tag : null);
  }

  private onConnect(): void {
    if (this.connected) this.sayHello();
    this.checkHandshake();
    this.ctx.changed(this);
  }

  private onClose(): void {
    if (!this.open) return;
    this.open = false;
    if (this.handshakeTimer) clearTimeout(this.handshakeTimer);
    this.handshakeTimer = null;
    this.sender.close();
    this.reassembler.clear();
    this.acks.close();
    this.ctx.delivery.dropConn(this);
    this.ctx.changed(this);
  }

  private onFrame(frame: unknown): void {
    const result = this.reassembler.push(frame);
    if (result.kind === 'message') this.onMessage(result.id, result.bytes);
  }

  private onMessage(id: number, bytes: Uint8Array): void {
    let type: number;
    const decoder = decoding.createDecoder(bytes);
    try {
      type = decoding.readVarUint(decoder);
    } catch {
      this.ctx.reject('undecodable-message');
      return;
    }
    switch (type) {
      case MESSAGE_SYNC:
        if (this.gate && !this.gate.open) this.gate.hold(id, bytes);
        else this.onSync(id, decoder);
        return;
      case MESSAGE_MEMBERSHIP:
        if (this.gate) void this.gate.receive(decoder, bytes.length);
        else this.ctx.reject('unknown-message');
        return;
      case MESSAGE_CHALLENGE:
      case MESSAGE_PROOF:
        if (this.proof) this.proof.receive(type, decoder, bytes.length);
        else this.ctx.reject('unknown-message');
        return;
      case MESSAGE_AWARENESS:
        this.onAwareness(decoder);
        return;
      case MESSAGE_QUERY_AWARENESS:
        this.toYWebrtc(bytes);
        return;
      case MESSAGE_HELLO: {
        const device = decodeHello(decoder);
        if (!device || this.device) {
          this.ctx.reject('invalid-hello');
          return;
        }
        this.device = device;
        this.origin.deviceId = device.deviceId;
        this.checkHandshake();
        this.ctx.changed(this);
        return;
      }
      case MESSAGE_ACK: {
        const ids = decodeAck(decoder);
        if (!ids) this.ctx.reject('invalid-ack');
        else if (this.ctx.delivery.noteAcked(this, ids)) this.ctx.changed(this);
        return;
      }
      default:
        this.ctx.reject('unknown-message');
    }
  }

  private onSync(id: number, decoder: decoding.Decoder): void {
    let kind: number;
    let payload: Uint8Array;
    try {
      kind = decoding.readVarUint(decoder);
      payload = decoding.readVarUint8Array(decoder);
    } catch {
      this.ctx.reject('undecodable-message');
      return;
    }
    if (kind === syncProtocol.messageYjsSyncStep1) {
      this.answerStep1(payload);
      return;
    }
    if (kind !== syncProtocol.messageYjsSyncStep2 && kind !== syncProtocol.messageYjsUpdate) {
      this.ctx.reject('unknown-message');
      return;
    }
    if (this.inboxBytes + payload.length > this.ctx.maxQueuedBytes) {
      // A peer flooding us faster than updates can be checked: drop the link; the handshake of the
      // next connection sends what is missing.
      this.ctx.reject('decode-backlog', String(this.inboxBytes + payload.length));
      this.conn.peer.destroy();
      return;
    }
    this.inboxBytes += payload.length;
    const verdict = this.ctx.check(payload); // checks start at once; the guard answers in order
    this.inbox = this.inbox.then(async () => {
      const v = await verdict;
      this.inboxBytes -= payload.length;
      this.applyChecked(id, kind, payload, v);
    });
  }

  /** Sync step 2, in parts when large (step2Messages); delivery counts it once every part is acked. */
  private answerStep1(stateVector: Uint8Array): void {
    const messages = step2Messages(this.ctx.doc, stateVector, this.ctx.statePartBytes);
    if (!messages) {
      this.ctx.reject('invalid-state-vector');
      return;
    }
    const upTo = this.ctx.delivery.currentGen;
    const ids = messages.map((m) => this.enqueue(m)).filter((id): id is number => id !== null);
    if (ids.length === messages.length) this.ctx.delivery.noteSentAll(this, ids, { kind: 'state', upTo });
  }

  private applyChecked(id: number, kind: number, payload: Uint8Array, checked: GuardVerdict): void {
    // A closed link's updates are dropped: the next connection's handshake sends them again.
    if (!this.open) return;
    const verdict = checked.ok ? applyCheckedUpdate(this.ctx.doc, payload, this.origin) : checked;
    if (!verdict.ok) {
      this.ctx.reject(verdict.reason, verdict.detail);
      // Yjs threw while integrating: stop listening to this peer (see validate-update.ts).
      if (verdict.reason === 'apply-failed') this.conn.peer.destroy();
      return;
    }
    this.acks.ackWhenDurable(id);
    if (kind === syncProtocol.messageYjsSyncStep2 && !this.synced) {
      this.synced = true;
      this.conn.synced = true;
    }
    this.ctx.changed(this);
  }

  private onAwareness(decoder: decoding.Decoder): void {
    const clean = sanitizedAwarenessMessage(decoder);
    if (clean) this.toYWebrtc(clean);
    else this.ctx.reject('invalid-awareness');
  }

  /** Hands a vetted message to y-webrtc's own 'data' listener (awareness handling and replies). */
  private toYWebrtc(message: Uint8Array): void {
    for (const listener of this.yWebrtcData) {
      try {
        listener(message);
      } catch {
        this.ctx.reject('invalid-awareness');
      }
    }
  }
}
