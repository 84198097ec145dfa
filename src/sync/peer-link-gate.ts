/**
 * The membership-first phase of one link (docs/sync.md, "Membership before content"). With a
 * session gate (`SyncOptions.membership`), a link sends its hello and then the room's membership
 * message (members/membership-phase.ts), and holds every sync message both ways — ours unsent,
 * the peer's unapplied — until the peer's membership message arrived, was merged into the doc, and
 * the session settled it (the app settles its log and follows a valid key change). Then content
 * flows ('open'), or never on this link ('retired': the log says this room was left; only
 * membership records ever cross it).
 *
 * What must stay true: no sync message (step 1, step 2, update) leaves before `open`; a peer that
 * never sends its membership message never completes its handshake, so the handshake watch tears
 * the connection down and retries (handshake-retry.ts) — it is never trusted by default.
 */
import type * as decoding from 'lib0/decoding';
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
}

/** One link's membership-first phase. */
export class ContentGate {
  state: 'waiting' | 'settling' | RoomVerdict = 'waiting';
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

  /** The peer's membership message: refused when malformed, past a bound, or a second one. */
  async receive(decoder: decoding.Decoder, totalBytes: number): Promise<void> {
    const records = this.state === 'waiting' ? decodeMembershipMessage(decoder, totalBytes) : null;
    if (!records) {
      this.host.reject('invalid-membership', String(totalBytes));
      return;
    }
    this.state = 'settling';
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
    this.state = verdict;
    const held = this.held;
    this.held = [];
    this.heldBytes = 0;
    if (verdict === 'open') this.host.opened(held);
    else if (held.length > 0) this.host.reject('room-retired', String(held.length));
  }

  /** A sync message from the peer before the room opened: held (bounded), or refused once retired. */
  hold(id: number, bytes: Uint8Array): void {
    if (this.state === 'retired') {
      this.host.reject('room-retired');
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
