/**
 * Runs the hostile corpus against a real campaign space through the sync layer: updates through
 * `applyRemoteUpdate` (the check PeerLink uses), state vectors and frame streams through a real
 * `PeerLink` over an in-memory fake of simple-peer. For each case: nothing throws out; a refused
 * input leaves the space byte-identical (`Y.encodeStateAsUpdate` before/after); an input that is
 * accepted (a mutant can be a valid update) leaves a space that still encodes, reloads to the same
 * records and parses without throwing.
 */
import { EventEmitter } from 'node:events';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import {
  createPerson,
  deletePerson,
  KNOWN_COLLECTIONS,
  rateAssessment,
  updatePerson,
} from '../../src/domain';
import {
  applyRemoteUpdate,
  createPeerOrigin,
  DEFAULT_STATE_PART_BYTES,
  DeliveryTracker,
  type RejectReason,
  splitMessage,
  type UpdateRules,
} from '../../src/sync';
import {
  DEFAULT_MAX_QUEUED_BYTES,
  type LinkContext,
  PeerLink,
  type WebrtcConnLike,
} from '../../src/sync/peer-link';
import { DecodeGuard } from '../../src/sync/wire/decode-guard';
import { generateCampaign } from '../fixtures/campaign-generator';
import { campaignView } from './campaign-fuzz';
import { type HostileCase, hostileCorpus, syncMessage } from './hostile-corpus';
import { equalBytes } from './network';
import { Rng } from './rng';

export const HOSTILE_RULES: UpdateRules = {
  maxUpdateBytes: 8 * 1024 * 1024,
  knownCollections: new Set(KNOWN_COLLECTIONS.campaign),
};

const inThreadGuard = new DecodeGuard({
  rules: HOSTILE_RULES,
  createWorker: null,
  inThreadMaxBytes: HOSTILE_RULES.maxUpdateBytes,
});

/**
 * Known gaps, owned by the sync layer: reported by the corpus but not failed on, each pinned by an
 * `it.fails` in tests/unit/fuzz/hostile.test.ts that starts failing once it is fixed (then remove
 * the entry here and turn that `it.fails` into `it`).
 */
export const KNOWN_HOSTILE_GAPS: readonly { pattern: RegExp; note: string }[] = [];

/** True for a violation that is a known gap (see {@link KNOWN_HOSTILE_GAPS}). */
export function isKnownHostileGap(violation: string): boolean {
  return KNOWN_HOSTILE_GAPS.some((k) => k.pattern.test(violation));
}

export interface HostileReport {
  cases: number;
  refused: number;
  accepted: number;
  reasons: Record<string, number>;
  violations: string[];
  /** The slowest cases (label, ms): figures, not assertions. */
  slowest: { label: string; ms: number }[];
  ms: number;
}

class FakePeer extends EventEmitter {
  _channel = { readyState: 'open', bufferedAmount: 0 };
  sent = 0;
  send(_data: Uint8Array) {
    this.sent++;
  }
  destroy() {
    this._channel.readyState = 'closed';
    this.emit('close');
  }
}

/** A realistic campaign, and valid updates of it to mutate (whole state and small increments). */
export function hostileTarget(): { doc: Y.Doc; valid: Uint8Array[] } {
  // Fixed client ids: the corpus is built by mutating these bytes, so they must not vary per run.
  const doc = new Y.Doc();
  doc.clientID = 11;
  generateCampaign(doc, { seed: 7, people: 40, units: 6, shifts: 2, conversations: 20 });
  const valid = [Y.encodeStateAsUpdate(doc)];
  const replica = new Y.Doc();
  replica.clientID = 12;
  Y.applyUpdate(replica, valid[0] as Uint8Array);
  replica.on('update', (u: Uint8Array) => valid.push(u));
  let n = 0;
  const ctx = {
    by: 'hostile-fixture',
    now: () => new Date(Date.UTC(2025, 3, 1, 12, 0, n)),
    newId: () => `hostile-fixture-id-${String(n++).padStart(4, '0')}`,
  };
  const people = [...replica.getMap('people').keys()];
  for (let i = 0; i < 12; i++) {
    const id = people[i] as string;
    if (i % 4 === 0) updatePerson(replica, id, { name: `Renamed ${i}`, notes: 'x'.repeat(i * 10) }, ctx);
    if (i % 4 === 1) rateAssessment(replica, id, ((i % 5) + 1) as 1, ctx);
    if (i % 4 === 2) deletePerson(replica, id, ctx);
    if (i % 4 === 3) createPerson(replica, { name: `New ${i}`, tags: ['heat'] }, ctx);
  }
  valid.push(Y.encodeStateAsUpdate(replica, Y.encodeStateVector(doc)));
  return { doc, valid };
}

/** A copy of the target (a fixed client id keeps runs replayable). */
function copyOf(update: Uint8Array): Y.Doc {
  const c = new Y.Doc();
  c.clientID = 99;
  Y.applyUpdate(c, update);
  return c;
}

/** Feeds frames to a fresh PeerLink on `doc`; returns what it rejected and anything that escaped. */
async function throughPeerLink(
  doc: Y.Doc,
  frames: readonly Uint8Array[],
): Promise<{ rejected: RejectReason[]; thrown: unknown }> {
  const peer = new FakePeer();
  peer.on('data', () => {}); // y-webrtc's own listener, which the link takes over
  const rejected: RejectReason[] = [];
  const ctx: LinkContext = {
    doc,
    device: { deviceId: 'hostile-target-device-0001', deviceName: 'Target' },
    rules: HOSTILE_RULES,
    frameLimits: {},
    senderLimits: {},
    delivery: new DeliveryTracker(false),
    // The checks in-thread, as many bytes as the rules allow: the corpus is about what is refused
    // (the worker and its time budget are tested in fuzz-decode-guard.test.ts).
    check: (u) => inThreadGuard.check(u),
    whenDurable: null,
    statePartBytes: DEFAULT_STATE_PART_BYTES,
    maxQueuedBytes: DEFAULT_MAX_QUEUED_BYTES,
    broadcast: null,
    reject: (r) => rejected.push(r),
    changed: () => {},
  };
  const conn: WebrtcConnLike = {
    remotePeerId: 'hostile',
    peer: peer as never,
    connected: true,
    closed: false,
    synced: false,
  };
  let thrown: unknown = null;
  try {
    const link = new PeerLink(conn, ctx);
    for (const frame of frames) peer.emit('data', frame);
    await link.settled;
  } catch (e) {
    thrown = e;
  } finally {
    peer.destroy();
  }
  return { rejected, thrown };
}

/** Runs `perSeed` cases for each of `seeds` seeds (the crafted cases run once per seed). */
export async function runHostileCorpus(opts: {
  seeds: number;
  perSeed: number;
  startSeed?: number;
  /** The update check under test (default: the sync layer's); replaced only to break it on purpose. */
  apply?: typeof applyRemoteUpdate;
}): Promise<HostileReport> {
  const apply = opts.apply ?? applyRemoteUpdate;
  const t0 = performance.now();
  const { doc: pristine, valid } = hostileTarget();
  const pristineBytes = Y.encodeStateAsUpdate(pristine);
  const report: HostileReport = {
    cases: 0,
    refused: 0,
    accepted: 0,
    reasons: {},
    violations: [],
    slowest: [],
    ms: 0,
  };
  const origin = createPeerOrigin('hostile');
  let doc = copyOf(pristineBytes);
  const note = (label: string, ms: number) => {
    report.slowest.push({ label, ms: Math.round(ms) });
    report.slowest.sort((a, b) => b.ms - a.ms);
    report.slowest.length = Math.min(report.slowest.length, 5);
  };
  const violation = (seed: number, c: HostileCase, what: string) => {
    if (report.violations.length < 50)
      report.violations.push(`seed ${seed} case ${index}, ${c.kind} "${c.label}": ${what}`);
  };
  let index = 0;

  for (let s = 0; s < opts.seeds; s++) {
    const seed = (opts.startSeed ?? 1) + s;
    const rng = new Rng(seed);
    const cases = hostileCorpus(rng, valid, opts.perSeed, HOSTILE_RULES.maxUpdateBytes);
    for (const [i, c] of cases.entries()) {
      // The slow crafted cases run once per corpus run, not once per seed.
      if (s > 0 && /^(a million|100,000|ContentAny nested)/.test(c.label)) continue;
      index = i;
      report.cases++;
      const before = Y.encodeStateAsUpdate(doc);
      const t = performance.now();
      let refusedWith: string | null = null;
      if (c.kind === 'update') {
        try {
          const verdict = apply(doc, c.bytes, origin, HOSTILE_RULES);
          if (!verdict.ok) refusedWith = verdict.reason;
        } catch (e) {
          violation(seed, c, `threw ${(e as Error)?.message ?? e}`);
          refusedWith = 'threw';
        }
      } else {
        const frames =
          c.kind === 'frames'
            ? c.frames
            : [...splitMessage(1, syncMessage(syncProtocol.messageYjsSyncStep1, c.bytes))];
        const { rejected, thrown } = await throughPeerLink(doc, frames);
        if (thrown) violation(seed, c, `threw out of PeerLink: ${(thrown as Error)?.message ?? thrown}`);
        if (rejected.length > 0) refusedWith = rejected.join('+');
      }
      note(c.label, performance.now() - t);
      let after: Uint8Array;
      try {
        after = Y.encodeStateAsUpdate(doc);
      } catch (e) {
        violation(
          seed,
          c,
          `${refusedWith ? `refused (${refusedWith})` : 'accepted'}, and now the space cannot be encoded: ${(e as Error)?.message ?? e}`,
        );
        doc.destroy();
        doc = copyOf(pristineBytes);
        continue;
      }
      const changed = !equalBytes(before, after);
      if (refusedWith !== null) {
        report.refused++;
        for (const r of refusedWith.split('+')) report.reasons[r] = (report.reasons[r] ?? 0) + 1;
        if (changed) violation(seed, c, `refused (${refusedWith}) but the space changed`);
      } else if (changed) {
        report.accepted++;
        // A valid update after all: the space must stay whole.
        try {
          const view = campaignView(doc);
          const reloaded = copyOf(after);
          if (campaignView(reloaded) !== view)
            violation(seed, c, 'accepted, but the space does not reload to the same records');
        } catch (e) {
          violation(seed, c, `accepted, then reading the space threw ${(e as Error)?.message ?? e}`);
        }
      }
      if (changed) {
        doc.destroy();
        doc = copyOf(pristineBytes);
      }
    }
  }
  report.ms = Math.round(performance.now() - t0);
  return report;
}
