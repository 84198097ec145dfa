/**
 * The op DAG's shape, for resolve.ts: nodes are numbered in (depth, hash) order, a topological
 * order in which every ancestor of a node has a smaller number. Everything here is linear or
 * n log n in the number of ops (plus the parent edges): no per-op ancestor sets.
 *
 * - `dominators`: idom[i] is the latest op every path from the genesis to i passes through (the
 *   immediate dominator; for a DAG, the dominator-tree LCA of i's parents). Every op in i's causal
 *   past is then an ancestor of idom[i], idom[i] itself, or a descendant of it, which is what lets
 *   resolve.ts resolve i's past from idom[i]'s.
 * - `Ancestry`: "is a an ancestor of b", from ancestor sets built on demand for the few ops that
 *   are asked about (removal-like ops, revocations and the ops they may void), cached.
 */

/** Immediate dominators (index 0, the genesis, has -1) and the dominator tree's children, ascending. */
export function dominators(parents: readonly (readonly number[])[]): {
  idom: number[];
  children: number[][];
} {
  const n = parents.length;
  const idom = new Array<number>(n).fill(-1);
  const level = new Array<number>(n).fill(0);
  const up: number[][] = [new Array<number>(n).fill(0)]; // up[k][v]: the 2^k-th dominator of v
  const lca = (a: number, b: number): number => {
    let x = a;
    let y = b;
    if ((level[x] as number) < (level[y] as number)) [x, y] = [y, x];
    for (let k = up.length - 1; k >= 0; k--) {
      const jump = (up[k] as number[])[x] as number;
      if ((level[x] as number) - (1 << k) >= (level[y] as number)) x = jump;
    }
    if (x === y) return x;
    for (let k = up.length - 1; k >= 0; k--) {
      const ux = (up[k] as number[])[x] as number;
      const uy = (up[k] as number[])[y] as number;
      if (ux !== uy) {
        x = ux;
        y = uy;
      }
    }
    return (up[0] as number[])[x] as number;
  };
  for (let k = 1; 1 << k < n; k++) up.push(new Array<number>(n).fill(0));
  for (let i = 1; i < n; i++) {
    const ps = parents[i] as readonly number[];
    let d = ps[0] as number;
    for (const p of ps.slice(1)) d = lca(d, p);
    idom[i] = d;
    level[i] = (level[d] as number) + 1;
    (up[0] as number[])[i] = d;
    for (let k = 1; k < up.length; k++) {
      const row = up[k] as number[];
      row[i] = (up[k - 1] as number[])[(up[k - 1] as number[])[i] as number] as number;
    }
  }
  const children: number[][] = Array.from({ length: n }, () => []);
  for (let i = 1; i < n; i++) (children[idom[i] as number] as number[]).push(i); // ascending already
  return { idom, children };
}

/** Ops in `node`'s causal past that are not `stop` or its ancestors (stop must dominate node), ascending. */
export function pastSince(parents: readonly (readonly number[])[], node: number, stop: number): number[] {
  const seen = new Set<number>([stop]);
  const todo = [...(parents[node] as readonly number[])];
  const out: number[] = [];
  while (todo.length > 0) {
    const x = todo.pop() as number;
    if (seen.has(x)) continue;
    seen.add(x);
    out.push(x);
    for (const p of parents[x] as readonly number[]) if (!seen.has(p)) todo.push(p);
  }
  return out.sort((a, b) => a - b);
}

/** Ancestor queries over the DAG, each ancestor set built once, when first asked for. */
export class Ancestry {
  private readonly sets = new Map<number, Set<number>>();
  constructor(private readonly parents: readonly (readonly number[])[]) {}

  /** Every op in `node`'s causal past. */
  of(node: number): ReadonlySet<number> {
    let set = this.sets.get(node);
    if (!set) {
      set = new Set(pastSince(this.parents, node, -1));
      set.delete(-1);
      this.sets.set(node, set);
    }
    return set;
  }

  /** Neither is in the other's causal past (numbers follow a topological order). */
  concurrent(a: number, b: number): boolean {
    if (a === b) return false;
    return a < b ? !this.of(b).has(a) : !this.of(a).has(b);
  }
}
