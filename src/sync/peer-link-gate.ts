/**
 * The membership-first phase of one link (docs/sync.md, "Membership before content"). With a
 * session gate (`SyncOptions.membership`), a link sends its hello and then the room's membership
 * message (members/membership-phase.ts), and holds every sync message both ways — ours unsent,
 * the peer's unapplied — until the peer's membership message arrived, was merged into the doc, and
 * the session settled it (the app settles its log and follows a valid key change). Then content
 * flows ('open'), or never on this link ('retired': the log says this room was left; only
 * membership records ever cross it).
 *
 * With verified authorship (peer-proof.ts), 'open' also waits for the peer's device proof: a proof
 * that fails (a device the log does not hold, a wrong signature) is refused and counted, and the
 * link never carries content ('refused'; it is kept, not torn down: y-webrtc would reconnect at
 * once, and the peer would be refused again in a loop).
 *
 * What must stay true: no sync message (step 1, step 2, update) leaves before `open`; a peer that
 * never sends its membership message never completes its handshake, so the handshake watch tears
 * the connection down and retries (handshake-retry.ts) — it is never trusted by default.
 */
import type * as decoding from 'lib0/decoding';
import type { AuthorVerdict } from './authorship';
import type { RejectReason } from './errors';
import { decodeMembershipMessage, mergeMembershipRecords } from './members/membership-phase';

/** What a session decides once a peer's membership records are in the doc. */
export type RoomVerdict = 'open' | 'retired';

/** The session's side of the phase: settles the log after a peer's records were merged. */
export interface MembershipGate {
  settle(): Promise<RoomVerdict>;
}

/** Most bytes of a peer's sync messages held while the phase runs, before the link is dropped. */
export const MAX_HELD_BYTES = 32 * 1024 * 1024;

interface GateHost {
  readonly doc: import('yjs').Doc;
  /** Transaction origin of what the peer sent (its PeerOrigin). */
  readonly origin: unknown;
  readonly gate: MembershipGate;
  reject(reason: RejectReason, detail?: string): void;
  /** The peer's membership message arrived (a step of the handshake). */
  heard(): void;
  /** The room is open on this link: send our step 1, then handle what was held, in order. */
  opened(held: readonly { id: number; bytes: Uint8Array }[]): void;
  /** Drops the connection. */
  destroy(): void;
  /** Our side settled the room: our own device proof may go (peer-proof.ts). */
  settledHere?(): void;
  /** Checks the peer's device proof before content opens (peer-proof.ts); absent: no proof. */
  prove?(): Promise<AuthorVerdict>;
  /** Resolves on the next change of the doc's membership log (a proof is checked again then). */
  logChanged?(): Promise<void>;
  /** False once the connection closed. */
  isOpen?(): boolean;
}

/** One link's membership-first phase. */
export class ContentGate {
  state: 'waiting' | 'settling' | RoomVerdict | 'refused' = 'waiting';
  /** Why this link carries no content, once its peer's device proof failed. */
  private refusal: RejectReason = 'room-retired';
  /** Op hashes the peer's membership message carried (its proof brings what it lacked). */
  private peerOps = new Set<string>();
  private held: { id: number; bytes: Uint8Array }[] = [];
  private heldBytes = 0;

  constructor(private readonly host: GateHost) {}

  /** True once the peer's membership message arrived (it is part of the handshake). */
  get heard(): boolean {
    return this.state !== 'waiting';
  }

  get open(): boolean {
    return this.state === 'open';
  }

  /** True when the peer's membership message carried op `hash`. */
  peerHas(hash: string): boolean {
    return this.peerOps.has(hash);
  }

  /** The peer's membership message: refused when malformed, past a bound, or a second one. */
  async receive(decoder: decoding.Decoder, totalBytes: number): Promise<void> {
    const records = this.state === 'waiting' ? decodeMembershipMessage(decoder, totalBytes) : null;
    if (!records) {
      this.host.reject('invalid-membership', String(totalBytes));
      return;
    }
    this.state = 'settling';
    this.peerOps = new Set(records.ops.map(([hash]) => hash));
    this.host.heard();
    try {
      const { refused } = await mergeMembershipRecords(this.host.doc, records, this.host.origin);
      if (refused > 0) this.host.reject('invalid-membership', String(refused));
    } catch {
      this.host.reject('invalid-membership');
    }
    let verdict: RoomVerdict;
    try {
      verdict = await this.host.gate.settle();
    } catch {
      verdict = 'retired'; // could not settle: hold content on this link rather than guess
    }
    this.host.settledHere?.();
    if (verdict === 'open' && this.host.prove && !(await this.proven())) return;
    this.state = verdict;
    const held = this.held;
    this.held = [];
    this.heldBytes = 0;
    if (verdict === 'open') this.host.opened(held);
    else if (held.length > 0) this.host.reject('room-retired', String(held.length));
  }

  /**
   * Waits until the peer's device proof verified: true, or false once it failed for good. A device
   * the log does not hold yet (a new phone waiting for the device that paired it to add it) is
   * counted once and checked again on every change of the log, its content held meanwhile.
   */
  private async proven(): Promise<boolean> {
    const { host } = this;
    for (let counted = false; ; counted = true) {
      const v = await host.prove?.().catch((): AuthorVerdict => ({ ok: false, reason: 'invalid-proof' }));
      if (!v || v.ok) return true;
      if (v.reason !== 'unknown-author' || !host.logChanged) {
        this.refuse(v.reason);
        return false;
      }
      if (!counted) host.reject(v.reason, 'peer proof');
      await host.logChanged();
      if (host.isOpen && !host.isOpen()) return false;
    }
  }

  /** The peer's device proof failed: counted; this link never carries content. */
  private refuse(reason: RejectReason): void {
    this.state = 'refused';
    this.refusal = reason;
    this.host.reject(reason, 'peer proof');
    this.held = [];
    this.heldBytes = 0;
  }

  /** A sync message from the peer before the room opened: held (bounded), or refused once retired. */
  hold(id: number, bytes: Uint8Array): void {
    if (this.state === 'retired' || this.state === 'refused') {
      this.host.reject(this.state === 'retired' ? 'room-retired' : this.refusal);
      return;
    }
    if (this.heldBytes + bytes.length > MAX_HELD_BYTES) {
      this.host.reject('membership-backlog', String(this.heldBytes + bytes.length));
      this.host.destroy();
      return;
    }
    this.heldBytes += bytes.length;
    this.held.push({ id, bytes });
  }
}
