/**
 * An in-memory network between Y.Doc peers that loses, duplicates, delays and reorders messages
 * and can be partitioned. Messages are what the real sync sends: Yjs updates broadcast as they
 * happen, and the anti-entropy handshake (step 1: my state vector; step 2: what you lack) that the
 * real sync runs when two peers (re)connect. A message lost to a drop or a partition is repaired
 * only by a later handshake, exactly as in the app.
 */
import * as Y from 'yjs';
import type { Rng } from './rng';

export type NetMessage =
  | { kind: 'update'; update: Uint8Array }
  | { kind: 'step1'; sv: Uint8Array }
  | { kind: 'step2'; update: Uint8Array };

/** One peer as the network sees it. */
export interface NetEndpoint {
  /** The peer's current doc (a new one after each reload). */
  doc(): Y.Doc;
  /** Applies an update received from peer `from` (the harness routes it through sync validation). */
  receive(update: Uint8Array, from: number): void;
}

export interface NetworkOptions {
  /** Probability that a message is lost. */
  drop: number;
  /** Probability that a message is delivered twice. */
  duplicate: number;
  /** Most ticks a message may wait before delivery (reordering comes from unequal delays). */
  maxDelay: number;
}

interface InFlight {
  from: number;
  to: number;
  msg: NetMessage;
  due: number;
}

export interface NetworkStats {
  sent: number;
  delivered: number;
  dropped: number;
  duplicated: number;
  /** Lost because sender and receiver were in different partitions. */
  cut: number;
  handshakes: number;
}

export class LossyNetwork {
  readonly stats: NetworkStats = { sent: 0, delivered: 0, dropped: 0, duplicated: 0, cut: 0, handshakes: 0 };
  private inFlight: InFlight[] = [];
  /** Partition group of each peer; peers talk only within a group. */
  private group: number[];
  private now = 0;

  constructor(
    private readonly rng: Rng,
    private readonly peers: readonly NetEndpoint[],
    private readonly opts: NetworkOptions,
  ) {
    this.group = peers.map(() => 0);
  }

  get pending(): number {
    return this.inFlight.length;
  }

  connected(a: number, b: number): boolean {
    return this.group[a] === this.group[b];
  }

  /** Splits the peers into `groups` random partitions (1 = everyone connected). */
  partition(groups: number): void {
    const before = [...this.group];
    this.group = this.peers.map(() => this.rng.int(Math.max(1, groups)));
    this.handshakeNewLinks(before);
  }

  /** Reconnects everyone; newly connected pairs run the handshake (over the lossy network). */
  heal(): void {
    const before = [...this.group];
    this.group = this.peers.map(() => 0);
    this.handshakeNewLinks(before);
  }

  private handshakeNewLinks(before: number[]): void {
    for (let a = 0; a < this.peers.length; a++) {
      for (let b = 0; b < this.peers.length; b++) {
        if (a !== b && before[a] !== before[b] && this.connected(a, b)) this.handshake(a, b);
      }
    }
  }

  /** Peer `a` asks `b` for what it lacks (sync step 1). */
  handshake(a: number, b: number): void {
    this.stats.handshakes++;
    this.send(a, b, { kind: 'step1', sv: Y.encodeStateVector(this.doc(a)) });
  }

  /** Sends a local update to every other peer. */
  broadcast(from: number, update: Uint8Array): void {
    for (let to = 0; to < this.peers.length; to++)
      if (to !== from) this.send(from, to, { kind: 'update', update });
  }

  send(from: number, to: number, msg: NetMessage): void {
    this.stats.sent++;
    if (!this.connected(from, to)) {
      this.stats.cut++;
      return;
    }
    if (this.rng.chance(this.opts.drop)) {
      this.stats.dropped++;
      return;
    }
    this.inFlight.push({ from, to, msg, due: this.now + this.rng.int(this.opts.maxDelay + 1) });
    if (this.rng.chance(this.opts.duplicate)) {
      this.stats.duplicated++;
      this.inFlight.push({ from, to, msg, due: this.now + this.rng.int(this.opts.maxDelay + 1) });
    }
  }

  /** Advances time one tick and delivers up to `max` due messages in random order. */
  tick(max = Number.POSITIVE_INFINITY): void {
    this.now++;
    const due = this.rng.shuffle(this.inFlight.filter((m) => m.due <= this.now)).slice(0, max);
    const delivering = new Set(due);
    this.inFlight = this.inFlight.filter((m) => !delivering.has(m));
    for (const m of due) this.deliver(m);
  }

  private deliver(m: InFlight): void {
    // A partition that formed while the message travelled loses it too.
    if (!this.connected(m.from, m.to)) {
      this.stats.cut++;
      return;
    }
    this.stats.delivered++;
    if (m.msg.kind === 'step1') {
      const diff = Y.encodeStateAsUpdate(this.doc(m.to), m.msg.sv);
      this.send(m.to, m.from, { kind: 'step2', update: diff });
      return;
    }
    this.peers[m.to]?.receive(m.msg.update, m.from);
  }

  private doc(i: number): Y.Doc {
    return (this.peers[i] as NetEndpoint).doc();
  }

  /**
   * Heals and makes delivery reliable: everything still in flight arrives (in random order), then
   * every pair runs the handshake without loss until all state vectors agree. Returns the rounds it
   * took; throws if the peers do not agree after `maxRounds` (a real divergence).
   */
  settle(maxRounds = 6): number {
    this.heal();
    const rest = this.rng.shuffle(this.inFlight);
    this.inFlight = [];
    for (const m of rest) {
      if (m.msg.kind !== 'step1') this.peers[m.to]?.receive(m.msg.update, m.from);
    }
    for (let round = 1; round <= maxRounds; round++) {
      for (let a = 0; a < this.peers.length; a++) {
        for (let b = 0; b < this.peers.length; b++) {
          if (a === b) continue;
          const diff = Y.encodeStateAsUpdate(this.doc(b), Y.encodeStateVector(this.doc(a)));
          this.peers[a]?.receive(diff, b);
        }
      }
      const first = Y.encodeStateVector(this.doc(0));
      if (this.peers.every((_, i) => equalBytes(Y.encodeStateVector(this.doc(i)), first))) return round;
    }
    throw new Error(`state vectors still differ after ${maxRounds} reliable rounds`);
  }
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
