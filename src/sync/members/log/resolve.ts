/**
 * Deterministic resolution of a verified op DAG into membership (docs/membership.md, "Concurrent
 * changes"). Every device that holds the same set of ops computes the same result, whatever order
 * they arrived in: nothing here depends on arrival, clocks or local state.
 *
 * 1. Each op is judged in its causal past (the state resolved from its ancestors only): was its
 *    author allowed to do this, given what it had seen? That judgement is intrinsic to the op.
 * 2. Removals and demotions that passed (1) are ranked by their author's admin seniority, then by
 *    (depth, hash). In that order one prevails unless an already prevailing one, concurrent with it,
 *    removed or demoted its author. So of two admins removing each other, the senior one's removal
 *    stands ("strong removal" with seniority).
 * 3. All ops are replayed in (depth, hash) order, a topological order. An op applies if it passed
 *    (1), no prevailing removal concurrent with it targets its author (or, for admin ops, a prevailing
 *    demotion), a join's invite was not revoked concurrently and its issuer not removed concurrently,
 *    and it still fits the merged state.
 * 2 and 3 repeat until the set of applied ops stops changing (a removal whose own author turns out
 * not to apply cannot void anything), bounded; the bound only matters for contrived DAGs and is
 * deterministic too.
 */
import type { RefusalReason } from './errors';
import {
  applyOp,
  checkOp,
  compareRank,
  MembershipState,
  needsAdmin,
  type OpNode,
  type Rank,
  type RotationState,
} from './state';

/** The DAG as resolve needs it: nodes in (depth, hash) order and each node's ancestors. */
export interface Dag {
  nodes: readonly OpNode[];
  /** ancestors[i]: indices of every op in node i's causal past. */
  ancestors: readonly ReadonlySet<number>[];
}

/** Outcome of a resolution. */
export interface Resolution {
  state: MembershipState;
  applied: Set<number>;
  refused: Map<number, RefusalReason>;
}

const MAX_ROUNDS = 8;

/** A removal-like op: removes a person, or demotes an admin (voids the target's admin ops). */
function removalTarget(node: OpNode): { personId: string; demote: boolean } | null {
  if (node.op.kind === 'remove') return { personId: node.op.personId, demote: false };
  if (node.op.kind === 'set-role' && node.op.role === 'member')
    return { personId: node.op.personId, demote: true };
  return null;
}

/** Resolves DAGs, memoizing each op's judgement in its causal past. */
export class Resolver {
  /** Per op: why it was refused in its causal past (null: allowed). */
  private readonly pastVerdict: (RefusalReason | null)[] = [];
  /** Per op: its author's rank in its causal past (for seniority). */
  private readonly pastRank: (Rank | null)[] = [];
  /** Per op: person id of its author in its causal past. */
  private readonly pastPerson: (string | null)[] = [];

  constructor(private readonly dag: Dag) {
    for (const node of dag.nodes) {
      const past = this.replay([...(dag.ancestors[node.index] ?? [])].sort((a, b) => a - b));
      const author = past.state.personOf(node.authorId);
      this.pastVerdict[node.index] = checkOp(node, past.state, 'past');
      this.pastRank[node.index] = author?.rank ?? null;
      this.pastPerson[node.index] = author?.id ?? null;
    }
  }

  /** Resolves the whole DAG. */
  resolveAll(): Resolution {
    return this.replay(this.dag.nodes.map((n) => n.index));
  }

  private concurrent(a: number, b: number): boolean {
    return a !== b && !this.dag.ancestors[a]?.has(b) && !this.dag.ancestors[b]?.has(a);
  }

  /** Prevailing removal-like ops among `candidates` (already allowed and applied last round). */
  private prevailing(candidates: number[]): number[] {
    const nodes = this.dag.nodes;
    const ordered = [...candidates].sort((a, b) => {
      const byRank = compareRank(this.pastRank[a] ?? [], this.pastRank[b] ?? []);
      return byRank !== 0 ? byRank : a - b; // indices follow (depth, hash)
    });
    const winners: number[] = [];
    for (const r of ordered) {
      const author = this.pastPerson[r];
      const beaten = winners.some(
        (w) => this.concurrent(w, r) && removalTarget(nodes[w] as OpNode)?.personId === author,
      );
      if (!beaten) winners.push(r);
    }
    return winners;
  }

  /** Replays the ops `indices` (sorted ascending, closed under ancestors). */
  private replay(indices: number[]): Resolution {
    const nodes = this.dag.nodes;
    let applied = new Set(indices.filter((i) => this.pastVerdict[i] === null));
    let result: Resolution = { state: new MembershipState(), applied, refused: new Map() };
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const winners = this.prevailing(
        indices.filter((i) => applied.has(i) && removalTarget(nodes[i] as OpNode)),
      );
      const revokes = indices.filter((i) => applied.has(i) && nodes[i]?.op.kind === 'revoke-invite');
      result = this.pass(indices, winners, revokes);
      const same = result.applied.size === applied.size && [...result.applied].every((i) => applied.has(i));
      applied = result.applied;
      if (same) break;
    }
    return result;
  }

  private pass(indices: number[], winners: number[], revokes: number[]): Resolution {
    const nodes = this.dag.nodes;
    const state = new MembershipState();
    const applied = new Set<number>();
    const refused = new Map<number, RefusalReason>();
    for (const i of indices) {
      const node = nodes[i] as OpNode;
      const verdict = this.pastVerdict[i];
      if (verdict !== undefined && verdict !== null) {
        refused.set(i, verdict);
        continue;
      }
      const reason = this.voided(node, state, winners, revokes) ?? checkOp(node, state, 'merge');
      if (reason) {
        refused.set(i, reason);
        continue;
      }
      applyOp(node, state);
      applied.add(i);
    }
    return { state, applied, refused };
  }

  private voided(
    node: OpNode,
    state: MembershipState,
    winners: number[],
    revokes: number[],
  ): RefusalReason | null {
    const nodes = this.dag.nodes;
    const i = node.index;
    const author = this.pastPerson[i];
    for (const w of winners) {
      if (!this.concurrent(w, i)) continue;
      const target = removalTarget(nodes[w] as OpNode);
      if (target && target.personId === author && (!target.demote || needsAdmin(node.op)))
        return 'voided-by-removal';
    }
    if (node.op.kind === 'join') {
      const inviteId = node.op.inviteId;
      const issuer = state.invites.get(inviteId)?.by;
      for (const w of winners) {
        const target = removalTarget(nodes[w] as OpNode);
        if (target && !target.demote && target.personId === issuer && this.concurrent(w, i))
          return 'voided-invite';
      }
      for (const r of revokes) {
        const op = nodes[r]?.op;
        if (op?.kind === 'revoke-invite' && op.inviteId === inviteId && this.concurrent(r, i))
          return 'voided-invite';
      }
    }
    return null;
  }
}

/**
 * The current epoch: among applied rotations whose recipients are all still members, the highest
 * epoch; ties go to the senior author, then the lower hash. Null when none qualifies.
 */
export function currentEpoch(state: MembershipState): RotationState | null {
  let best: RotationState | null = null;
  for (const r of state.rotations) {
    if (!r.recipients.every((d) => state.devices.has(d))) continue;
    if (
      !best ||
      r.epoch > best.epoch ||
      (r.epoch === best.epoch &&
        (compareRank(r.rank, best.rank) < 0 ||
          (compareRank(r.rank, best.rank) === 0 && r.opHash < best.opHash)))
    )
      best = r;
  }
  return best;
}
