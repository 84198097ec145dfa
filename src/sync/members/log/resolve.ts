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
import { Ancestry, dominators, pastSince } from './dag';
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

/** The DAG as resolve needs it: nodes in (depth, hash) order and each node's parents. */
export interface Dag {
  nodes: readonly OpNode[];
  /** parents[i]: indices of node i's parents (smaller than i). */
  parents: readonly (readonly number[])[];
}

/** Outcome of a resolution. */
export interface Resolution {
  state: MembershipState;
  applied: Set<number>;
  refused: Map<number, RefusalReason>;
  /** The first round already applied what the last did (see `Resolver`). */
  settled: boolean;
}

const MAX_ROUNDS = 8;

/** A removal-like op: removes a person, or demotes an admin (voids the target's admin ops). */
function removalTarget(node: OpNode): { personId: string; demote: boolean } | null {
  if (node.op.kind === 'remove') return { personId: node.op.personId, demote: false };
  if (node.op.kind === 'set-role' && node.op.role === 'member')
    return { personId: node.op.personId, demote: true };
  return null;
}

const sameSet = (a: ReadonlySet<number>, b: ReadonlySet<number>) =>
  a.size === b.size && [...a].every((i) => b.has(i));

/**
 * Resolves DAGs, judging each op in its causal past once.
 *
 * The causal past of op i is resolved from that of d = idom[i] (dag.ts): the ops of d's closure
 * come first in (depth, hash) order and are comparable with every other op of i's past, so no
 * removal among the others voids them and none of theirs voids the others. Their replay is the
 * same as in d's own resolution, round by round, when that resolution was `settled` (its first
 * round applied what its last did: the state is the same in every round). Then i's past is d's
 * resolved state plus the rounds over the ops in between (none when i's only parent is d). The
 * DAG is walked depth-first over the dominator tree on one state, rolled back after each subtree.
 * A past whose dominator's resolution was not settled (a removal whose own author turned out void)
 * is replayed whole, as before. Cost: linear in the ops plus the ops between each merge and its
 * dominator (a merge of two branches replays both), rounds aside.
 */
export class Resolver {
  /** Per op: why it was refused in its causal past (null: allowed). */
  private readonly pastVerdict: (RefusalReason | null)[] = [];
  /** Per op: its author's rank in its causal past (for seniority). */
  private readonly pastRank: (Rank | null)[] = [];
  /** Per op: person id of its author in its causal past. */
  private readonly pastPerson: (string | null)[] = [];
  private readonly ancestry: Ancestry;
  private readonly children: number[][];

  constructor(private readonly dag: Dag) {
    this.ancestry = new Ancestry(dag.parents);
    this.children = dominators(dag.parents).children;
    if (dag.nodes.length > 0) this.judgeTree(0, new MembershipState(), true);
  }

  /** Resolves the whole DAG. */
  resolveAll(): Resolution {
    return this.replay(this.dag.nodes.map((n) => n.index));
  }

  /**
   * Judges op i in its past (`state`, resolved; `settled` as in Resolution), then every op it
   * dominates, depth-first. Iterative: a chain of 2,000 ops would be as deep a recursion.
   */
  private judgeTree(i: number, state: MembershipState, settled: boolean): void {
    type Frame = { i: number; state: MembershipState; settled: boolean; undoTo: number; next: number };
    const stack: Frame[] = [];
    const enter = (j: number, s: MembershipState, ok: boolean, undoTo?: number) => {
      const node = this.dag.nodes[j] as OpNode;
      const author = s.personOf(node.authorId);
      this.pastVerdict[j] = checkOp(node, s, 'past');
      this.pastRank[j] = author?.rank ?? null;
      this.pastPerson[j] = author?.id ?? null;
      const mark = s.mark();
      // In its own past an allowed op also passes the merge check (it asks less): applied.
      if (this.pastVerdict[j] === null) applyOp(node, s);
      stack.push({ i: j, state: s, settled: ok, undoTo: undoTo ?? mark, next: 0 });
    };
    enter(i, state, settled);
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as Frame;
      const kids = this.children[top.i] as number[];
      if (top.next >= kids.length) {
        stack.pop();
        top.state.rollback(top.undoTo);
        continue;
      }
      const j = kids[top.next++] as number;
      const between = pastSince(this.dag.parents, j, top.i);
      if (between.length === 0) {
        enter(j, top.state, top.settled);
      } else if (top.settled) {
        const mark = top.state.mark();
        const past = this.replayOn(top.state, mark, between);
        enter(j, top.state, past.settled, mark);
      } else {
        const past = this.replay(pastSince(this.dag.parents, j, -1));
        enter(j, past.state, past.settled);
      }
    }
  }

  /** Prevailing removal-like ops among `candidates` (already allowed and applied last round). */
  private prevailing(candidates: number[]): number[] {
    const nodes = this.dag.nodes;
    const ordered = [...candidates].sort((a, b) => {
      const byRank = compareRank(this.pastRank[a] ?? [], this.pastRank[b] ?? []);
      return byRank !== 0 ? byRank : a - b; // indices follow (depth, hash)
    });
    const winners: number[] = [];
    const byTarget = new Map<string | null | undefined, number[]>();
    for (const r of ordered) {
      const beaten = (byTarget.get(this.pastPerson[r]) ?? []).some((w) => this.ancestry.concurrent(w, r));
      if (beaten) continue;
      winners.push(r);
      const target = removalTarget(nodes[r] as OpNode)?.personId;
      byTarget.set(target, [...(byTarget.get(target) ?? []), r]);
    }
    return winners;
  }

  /** Replays the ops `indices` (sorted ascending, closed under ancestors) on a fresh state. */
  private replay(indices: number[]): Resolution {
    return this.rounds(indices, () => new MembershipState());
  }

  /**
   * Replays `indices` (sorted ascending) on top of `state` (rolled back to `mark` before each
   * round): the ops after a settled dominator, whose resolved state `state` holds at `mark`.
   */
  private replayOn(state: MembershipState, mark: number, indices: number[]): Resolution {
    return this.rounds(indices, () => {
      state.rollback(mark);
      return state;
    });
  }

  /** Rounds of winners and passes until the applied set is stable (bounded). */
  private rounds(indices: number[], fresh: () => MembershipState): Resolution {
    const nodes = this.dag.nodes;
    let applied = new Set(indices.filter((i) => this.pastVerdict[i] === null));
    let first: Set<number> | null = null;
    let result: Resolution | null = null;
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const winners = this.prevailing(
        indices.filter((i) => applied.has(i) && removalTarget(nodes[i] as OpNode)),
      );
      const revokes = indices.filter((i) => applied.has(i) && nodes[i]?.op.kind === 'revoke-invite');
      const targetOf = (w: number) => removalTarget(nodes[w] as OpNode)?.personId ?? null;
      const inviteOf = (r: number) => {
        const op = nodes[r]?.op;
        return op?.kind === 'revoke-invite' ? op.inviteId : null;
      };
      result = this.pass(fresh(), indices, groupBy(winners, targetOf), groupBy(revokes, inviteOf));
      first ??= result.applied;
      const same = sameSet(result.applied, applied);
      applied = result.applied;
      if (same) break;
    }
    const out = result as Resolution;
    out.settled = sameSet(first as Set<number>, out.applied);
    return out;
  }

  private pass(state: MembershipState, indices: number[], winners: ByKey, revokes: ByKey): Resolution {
    const nodes = this.dag.nodes;
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
    return { state, applied, refused, settled: false };
  }

  /** Why `node` is void: a prevailing removal concurrent with it, or its invite's, or a revocation. */
  private voided(node: OpNode, state: MembershipState, winners: ByKey, revokes: ByKey): RefusalReason | null {
    const nodes = this.dag.nodes;
    const i = node.index;
    for (const w of winners.get(this.pastPerson[i] ?? '') ?? []) {
      const target = removalTarget(nodes[w] as OpNode);
      if (target && (!target.demote || needsAdmin(node.op)) && this.ancestry.concurrent(w, i))
        return 'voided-by-removal';
    }
    if (node.op.kind === 'join') {
      const inviteId = node.op.inviteId;
      const issuer = state.invites.get(inviteId)?.by;
      for (const w of issuer === undefined ? [] : (winners.get(issuer) ?? [])) {
        if (!removalTarget(nodes[w] as OpNode)?.demote && this.ancestry.concurrent(w, i))
          return 'voided-invite';
      }
      for (const r of revokes.get(inviteId) ?? []) if (this.ancestry.concurrent(r, i)) return 'voided-invite';
    }
    return null;
  }
}

/** Ops grouped by a key, each group in the order given. */
type ByKey = ReadonlyMap<string, readonly number[]>;

function groupBy(indices: readonly number[], keyOf: (i: number) => string | null): ByKey {
  const out = new Map<string, number[]>();
  for (const i of indices) {
    const key = keyOf(i);
    if (key === null) continue;
    const list = out.get(key);
    if (list) list.push(i);
    else out.set(key, [i]);
  }
  return out;
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
