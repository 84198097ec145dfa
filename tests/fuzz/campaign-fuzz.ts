/**
 * Convergence fuzz of the domain: 3–5 phones run random domain commands (and undo/redo) on one
 * campaign, persist through the encrypted store with clean reloads and simulated power cuts, and
 * exchange updates over a network that drops, duplicates, delays, reorders and partitions. After
 * healing, the checks below must hold; each failure names the seed so the run can be replayed.
 *
 * Properties checked (see {@link checkRun}):
 *  1. every phone parses the same records (people, units, shifts, issues, conversations — deleted
 *     ones included) and holds the same state vector, with nothing left pending or quarantined;
 *  2. every acknowledged write (its command succeeded and a later flush resolved) is in every
 *     phone's final state;
 *  3. for every map key, the write that had seen every other write to that key decides its final
 *     value (causal last-writer-wins), when that write was acknowledged;
 *  4. every history entry appended by an acknowledged, not undone command is in the final history,
 *     and no history entry appears that no command appended;
 *  5. a refused command wrote nothing, and no update sent between honest phones was refused by the
 *     sync layer's validation;
 *  6. reloading every phone from its store gives back exactly the state it had in memory.
 */
import * as Y from 'yjs';
import {
  auditCampaign,
  type CommandContext,
  createPerson,
  createShift,
  createUnit,
  initCampaign,
  listConversations,
  listIssues,
  listPeople,
  listShifts,
  listUnits,
  type Result,
  rateAssessment,
} from '../../src/domain';
import { OP_WEIGHTS, OpPicker } from './campaign-ops';
import { FuzzPeer, type OpRecord, repr, stateVector } from './fuzz-peer';
import { LossyNetwork, type NetworkStats } from './network';
import { Rng } from './rng';

export interface FuzzConfig {
  seed: number;
  /** Steps (each an op, a flush, a delivery burst, a partition change, a reload…). Default 150. */
  steps?: number;
  /** Phones; default 3–5, picked by the seed. */
  peers?: number;
  /** How local updates are sent (see FuzzPeer.sendPolicy). Default `immediate`. */
  sendPolicy?: 'immediate' | 'durable';
  /** Simulate power cuts (reloads that lose unacknowledged writes). Default true. */
  crashes?: boolean;
  /** Undo/redo local commands with a Y.UndoManager over the local origin. Default true. */
  undo?: boolean;
}

export interface FuzzReport {
  seed: number;
  peers: number;
  steps: number;
  ops: number;
  acked: number;
  refusedCommands: number;
  undone: number;
  reloads: number;
  crashes: number;
  net: NetworkStats;
  violations: string[];
  ms: number;
}

const START = Date.UTC(2025, 2, 1, 8, 0, 0);
const ACTIONS = {
  op: 60,
  flush: 12,
  deliver: 12,
  partition: 3,
  heal: 3,
  handshake: 4,
  reload: 3,
  crash: 2,
} as const;

const byKey = (x: unknown) => JSON.stringify(x);
/** Quarantine lists follow map iteration order (integration order): compare them as sets. */
const sorted = <T>(xs: readonly T[]): T[] => [...xs].sort((a, b) => (byKey(a) < byKey(b) ? -1 : 1));

/** The parsed view every phone must agree on (deleted records and quarantined ones included). */
export function campaignView(doc: Y.Doc): string {
  const people = listPeople(doc, { includeDeleted: true });
  const conversations = listConversations({ campaign: doc }, { includeDeleted: true });
  return JSON.stringify({
    people: people.people,
    quarantined: sorted([...people.quarantined, ...auditCampaign(doc), ...conversations.quarantined]),
    units: listUnits(doc, { includeDeleted: true }),
    shifts: listShifts(doc, { includeDeleted: true }),
    issues: listIssues(doc, { includeDeleted: true }),
    conversations: conversations.conversations,
  });
}

function firstDifference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return `…${a.slice(Math.max(0, i - 60), i + 60)}… vs …${b.slice(Math.max(0, i - 60), i + 60)}…`;
}

/** Runs one seeded scenario and returns what it found (violations empty = all properties hold). */
export async function runCampaignFuzz(config: FuzzConfig): Promise<FuzzReport> {
  const t0 = performance.now();
  const rng = new Rng(config.seed);
  const picker = new OpPicker(rng);
  const peerCount = config.peers ?? rng.range(3, 5);
  const steps = config.steps ?? 150;
  let clock = START;
  const ctxAt = (by: string): CommandContext => {
    const now = new Date(clock);
    return { by, now: () => now, newId: picker.newId };
  };

  // The campaign as the founder set it up, before anyone else joined.
  const base = new Y.Doc();
  base.clientID = 1 + rng.int(0x7ffffffe);
  const must = <T>(r: Result<T>) => {
    if (!r.ok) throw new Error(`fuzz setup: ${r.error.code}`);
    return r.value;
  };
  must(initCampaign(base, { name: 'Fuzz Local 1', ...ctxAt('founder') }));
  for (const name of ['Inbound', 'Outbound', 'Returns'])
    picker.known.units.push(must(createUnit(base, { name }, ctxAt('founder'))));
  for (const name of ['Days', 'Nights'])
    picker.known.shifts.push(must(createShift(base, { name }, ctxAt('founder'))));
  for (const name of ['Ana Okafor', 'Bilal Haddad', 'Chen Wei', 'Dmitri Ivanov']) {
    const id = must(createPerson(base, { name, assessment: 3 }, ctxAt('founder')));
    picker.known.people.push(id);
  }
  must(rateAssessment(base, picker.known.people[0] as string, 2, ctxAt('founder')));
  const seedUpdate = Y.encodeStateAsUpdate(base);

  const ops: OpRecord[] = [];
  const spaceId = picker.newId();
  const peers: FuzzPeer[] = [];
  for (let i = 0; i < peerCount; i++) peers.push(await FuzzPeer.create(i, rng, spaceId, seedUpdate, ops));
  const net = new LossyNetwork(rng, peers, {
    drop: rng.pick([0.05, 0.2, 0.4]),
    duplicate: rng.pick([0, 0.1, 0.3]),
    maxDelay: rng.pick([0, 3, 12]),
  });
  for (const p of peers) {
    p.onLocalUpdate = (u) => net.broadcast(p.index, u);
    p.sendPolicy = config.sendPolicy ?? 'immediate';
  }
  const actions = config.crashes === false ? { ...ACTIONS, crash: 0 } : ACTIONS;
  const opWeights = config.undo === false ? { ...OP_WEIGHTS, undo: 0, redo: 0 } : OP_WEIGHTS;

  const violations: string[] = [];
  let refusedCommands = 0;
  let crashes = 0;

  const runOp = (peer: FuzzPeer) => {
    clock += 1000;
    const kind = rng.weighted(opWeights);
    const at = new Date(clock).toISOString();
    if (kind === 'undo' || kind === 'redo') {
      peer.undoOrRedo(kind, at);
      return;
    }
    const before = ops.length;
    const res = peer.run(kind, at, () => picker.apply(kind, peer.doc(), ctxAt(peer.actor)));
    if (!res.ok) {
      refusedCommands++;
      if (ops.length !== before) {
        violations.push(`refused ${kind} (${res.error.code}) on peer ${peer.index} still wrote to the doc`);
      }
    }
  };

  try {
    for (let step = 0; step < steps; step++) {
      const action = rng.weighted(actions);
      const peer = rng.pick(peers);
      switch (action) {
        case 'op':
          runOp(peer);
          break;
        case 'flush':
          await peer.flush();
          break;
        case 'deliver':
          net.tick(rng.range(1, 20));
          break;
        case 'partition':
          net.partition(rng.range(2, 3));
          break;
        case 'heal':
          net.heal();
          break;
        case 'handshake': {
          const other = rng.pick(peers);
          if (other !== peer && net.connected(peer.index, other.index))
            net.handshake(peer.index, other.index);
          break;
        }
        case 'reload':
          await peer.reload('clean');
          break;
        case 'crash':
          // A power cut right after a few commands, before the store wrote them.
          for (let n = rng.int(4); n > 0; n--) runOp(peer);
          crashes++;
          await peer.reload('crash');
          break;
      }
      for (const p of peers) await p.settle();
      net.tick(rng.int(4));
    }

    // Heal: every phone online, every message that can still arrive arrives, handshakes until equal.
    for (const p of peers) {
      await p.flush();
      await p.settle();
    }
    try {
      net.settle();
    } catch (e) {
      violations.push(`no convergence: ${(e as Error).message}`);
    }
    for (const p of peers) await p.flush();
    violations.push(...checkRun(peers, ops));

    // 6. What each phone stored is what it holds.
    for (const p of peers) {
      const view = campaignView(p.doc());
      const sv = Y.encodeStateVector(p.doc());
      await p.reload('clean');
      const again = campaignView(p.doc());
      if (again !== view)
        violations.push(`peer ${p.index} reloaded from storage differs: ${firstDifference(view, again)}`);
      if (!Buffer.from(Y.encodeStateVector(p.doc())).equals(Buffer.from(sv))) {
        violations.push(`peer ${p.index} reloaded from storage has another state vector`);
      }
    }
    for (const p of peers) violations.push(...p.problems);
  } finally {
    for (const p of peers) await p.destroy().catch(() => {});
  }

  return {
    seed: config.seed,
    peers: peerCount,
    steps,
    ops: ops.length,
    acked: ops.filter((o) => o.acked).length,
    refusedCommands,
    undone: ops.filter((o) => o.undone).length,
    reloads: peers.reduce((n, p) => n + p.reloads, 0),
    crashes,
    net: net.stats,
    violations: violations.slice(0, 25),
    ms: Math.round(performance.now() - t0),
  };
}

/** Properties 1–5 over healed peers (see the file header). */
export function checkRun(peers: readonly FuzzPeer[], ops: readonly OpRecord[]): string[] {
  const v: string[] = [];
  const first = peers[0] as FuzzPeer;
  const doc = first.doc();

  // 5. Honest traffic is never refused by validation.
  for (const p of peers)
    for (const reason of new Set(p.refused)) v.push(`peer ${p.index} refused an honest update: ${reason}`);

  // 1. Same parsed records, same state, nothing pending or quarantined.
  const view = campaignView(doc);
  const sv = Y.encodeStateVector(doc);
  for (const p of peers) {
    const d = p.doc();
    if (p !== first) {
      const other = campaignView(d);
      if (other !== view)
        v.push(`peer ${p.index} parses differently from peer 0: ${firstDifference(view, other)}`);
      if (!Buffer.from(Y.encodeStateVector(d)).equals(Buffer.from(sv)))
        v.push(`peer ${p.index} state vector differs`);
    }
    if (d.store.pendingStructs || d.store.pendingDs)
      v.push(`peer ${p.index} still has pending structs or deletes`);
    const quarantined = [
      ...auditCampaign(d),
      ...listConversations({ campaign: d }, { includeDeleted: true }).quarantined,
    ];
    if (quarantined.length) v.push(`peer ${p.index} quarantined ${JSON.stringify(quarantined.slice(0, 3))}`);
  }

  // 2. Acknowledged writes are present.
  const final = stateVector(doc);
  const present = (op: OpRecord) => op.to > op.from && (final.get(op.client) ?? 0) >= op.to;
  for (const op of ops) {
    if (op.acked && op.to > op.from && !present(op)) {
      v.push(
        `acknowledged op #${op.id} (${op.label} on peer ${op.peer}, client ${op.client} clock ${op.from}–${op.to}) is lost: final clock ${final.get(op.client) ?? 0}`,
      );
    }
  }

  // 3. Causal last-writer-wins per key.
  const groups = new Map<string, { op: OpRecord; value: string }[]>();
  for (const op of ops) {
    for (const w of op.writes) {
      const key = `${w.container}\u0000${w.key}`;
      const list = groups.get(key) ?? [];
      list.push({ op, value: w.value });
      groups.set(key, list);
    }
  }
  const sees = (a: OpRecord, b: OpRecord) => (a.sv.get(b.client) ?? 0) >= b.to;
  for (const [key, writes] of groups) {
    // A write that only deleted has no clock of its own: its order cannot be known, skip the key.
    if (writes.some((w) => w.op.to === w.op.from)) continue;
    const live = writes.filter((w) => present(w.op));
    const winner = live.find((w) => live.every((o) => o.op === w.op || sees(w.op, o.op)));
    if (!winner?.op.acked) continue;
    const [container, field] = key.split('\u0000') as [string, string];
    const [collection, recordId] = container.split('/') as [string, string | undefined];
    const map = doc.getMap<unknown>(collection);
    let actual: unknown;
    if (recordId === undefined) actual = map.get(field);
    else {
      const record = map.get(recordId);
      if (!(record instanceof Y.Map)) continue; // the record itself was undone away
      actual = record.get(field);
    }
    if (repr(actual) !== winner.value) {
      v.push(
        `${container}.${field}: op #${winner.op.id} (${winner.op.label} on peer ${winner.op.peer}) saw every other write and wrote ${winner.value.slice(0, 80)}, final is ${repr(actual).slice(0, 80)}`,
      );
    }
  }

  // 4. Histories keep every acknowledged entry and invent none.
  const people = doc.getMap<unknown>('people');
  const expected = new Set<string>();
  for (const op of ops) for (const e of op.entries) expected.add(`${e.personId}/${e.field}/${e.at}/${e.by}`);
  for (const op of ops) {
    if (!op.acked || op.undone) continue;
    for (const e of op.entries) {
      const record = people.get(e.personId);
      if (!(record instanceof Y.Map)) continue;
      const history = record.get(e.field);
      const found =
        history instanceof Y.Array &&
        history
          .toArray()
          .some((x) => (x as { at?: string }).at === e.at && (x as { by?: string }).by === e.by);
      if (!found)
        v.push(
          `${e.field} of ${e.personId} lost the entry of op #${op.id} (${op.label} at ${e.at} by ${e.by})`,
        );
    }
  }
  people.forEach((record, id) => {
    if (!(record instanceof Y.Map)) return;
    for (const field of ['assessmentHistory', 'cardHistory'] as const) {
      const history = record.get(field);
      if (!(history instanceof Y.Array)) continue;
      for (const x of history.toArray()) {
        const e = x as { at?: string; by?: string };
        if (e.by === 'founder') continue;
        if (!expected.has(`${id}/${field}/${e.at}/${e.by}`))
          v.push(`${field} of ${id} holds an entry no command appended: ${JSON.stringify(x)}`);
      }
    }
  });
  return v;
}
