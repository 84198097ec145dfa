/**
 * Small-cell suppression for survey breakdowns, with protection against differencing.
 *
 * Input: one or two dimensions (by unit, by shift), each a partition of the same answers into cells
 * (the "not given" answers are a cell too). Output: which cells must not be shown.
 *
 * Rules, applied until nothing changes:
 *   1. Primary: a cell with 1 … k−1 answers is suppressed.
 *   2. Complementary (subtraction from the total): in each dimension, the suppressed cells together
 *      are derivable as `total − shown cells`. So their sum must be 0 or ≥ k, and there must not be
 *      exactly one non-empty suppressed cell (its value would be the total minus the others). While
 *      either fails, the smallest shown non-empty cell is suppressed too.
 *   3. Across dimensions (subtraction between breakdowns): every group a viewer can derive in one
 *      dimension (a shown cell, or the union of the suppressed cells) is compared with every such
 *      group in the other; when one contains the other and they differ by 1 … k−1 answers, those
 *      answers could be isolated by subtracting one from the other, so a shown cell is suppressed.
 * Containment is judged on the actual answers (the joint unit × shift counts), not on what a
 * viewer knows, so the check is conservative.
 *
 * What must stay true: the result never shows a cell of fewer than k answers, nor lets one be
 * recovered from the total, the other cells of its dimension, or a shown cell of the other
 * dimension. Combinations of three or more groups across dimensions are not searched
 * (docs/threat-model.md says so). The rules only ever add suppression, so the loop ends.
 */

/** One dimension of a breakdown: for each answer, the index of its cell. */
export interface Dimension {
  /** Number of cells. */
  readonly cells: number;
  /** `cellOf[i]` = cell of answer i (0 … cells−1). */
  readonly cellOf: readonly number[];
}

function sizesOf(d: Dimension): number[] {
  const sizes = new Array<number>(d.cells).fill(0);
  for (const c of d.cellOf) sizes[c] = (sizes[c] ?? 0) + 1;
  return sizes;
}

/** Suppresses, in dimension `sizes`, until rule 2 holds; returns true if anything changed. */
function complement(sizes: readonly number[], suppressed: boolean[], k: number): boolean {
  let changed = false;
  for (;;) {
    let sum = 0;
    let nonEmpty = 0;
    for (let c = 0; c < sizes.length; c++) {
      if (suppressed[c] && (sizes[c] ?? 0) > 0) {
        sum += sizes[c] ?? 0;
        nonEmpty++;
      }
    }
    if (sum === 0 || (sum >= k && nonEmpty !== 1)) return changed;
    const next = smallestShown(sizes, suppressed);
    if (next < 0) return changed;
    suppressed[next] = true;
    changed = true;
  }
}

function smallestShown(sizes: readonly number[], suppressed: readonly boolean[]): number {
  let best = -1;
  for (let c = 0; c < sizes.length; c++) {
    const s = sizes[c] ?? 0;
    if (suppressed[c] || s === 0) continue;
    if (best < 0 || s < (sizes[best] ?? 0)) best = c;
  }
  return best;
}

/** Groups a viewer can derive in one dimension: each shown non-empty cell, and the suppressed union. */
function derivable(
  sizes: readonly number[],
  suppressed: readonly boolean[],
): { cells: number[]; shown: boolean }[] {
  const groups: { cells: number[]; shown: boolean }[] = [];
  const union: number[] = [];
  for (let c = 0; c < sizes.length; c++) {
    if ((sizes[c] ?? 0) === 0) continue;
    if (suppressed[c]) union.push(c);
    else groups.push({ cells: [c], shown: true });
  }
  if (union.length > 0) groups.push({ cells: union, shown: false });
  return groups;
}

/**
 * Returns, per dimension, which cells to suppress (`true` = suppressed). Empty cells are never
 * marked (there is nothing to hide in them).
 *
 * @example
 * const [byUnit, byShift] = suppressCells([unitDim, shiftDim], 5);
 */
export function suppressCells(dims: readonly Dimension[], k: number): boolean[][] {
  const sizes = dims.map(sizesOf);
  const suppressed = sizes.map((s) => s.map((n) => n > 0 && n < k));
  const d0 = dims[0];
  const d1 = dims[1];
  // Joint counts for rule 3 (only with two dimensions).
  let joint: number[][] | null = null;
  if (d0 && d1) {
    joint = Array.from({ length: d0.cells }, () => new Array<number>(d1.cells).fill(0));
    d0.cellOf.forEach((a, i) => {
      const b = d1.cellOf[i] ?? 0;
      const row = joint?.[a];
      if (row) row[b] = (row[b] ?? 0) + 1;
    });
  }
  for (let guard = 0; guard < 10_000; guard++) {
    let changed = false;
    sizes.forEach((s, d) => {
      if (complement(s, suppressed[d] as boolean[], k)) changed = true;
    });
    if (!changed && joint && d0 && d1) changed = crossCheck(joint, sizes, suppressed, k);
    if (!changed) break;
  }
  return suppressed;
}

function crossCheck(joint: number[][], sizes: number[][], suppressed: boolean[][], k: number): boolean {
  const [s0, s1] = sizes as [number[], number[]];
  const [x0, x1] = suppressed as [boolean[], boolean[]];
  const g0 = derivable(s0, x0);
  const g1 = derivable(s1, x1);
  const total = (cells: number[], s: number[]) => cells.reduce((n, c) => n + (s[c] ?? 0), 0);
  for (const a of g0) {
    const sizeA = total(a.cells, s0);
    for (const b of g1) {
      const sizeB = total(b.cells, s1);
      let both = 0;
      for (const i of a.cells) for (const j of b.cells) both += joint[i]?.[j] ?? 0;
      const diff = sizeA === both ? sizeB - sizeA : sizeB === both ? sizeA - sizeB : 0;
      if (diff <= 0 || diff >= k) continue;
      // Suppress the containing group if it is a shown cell, else the contained one, else grow a union.
      const larger = sizeA > sizeB ? { g: a, x: x0 } : { g: b, x: x1 };
      const smaller = sizeA > sizeB ? { g: b, x: x1 } : { g: a, x: x0 };
      const pick = larger.g.shown ? larger : smaller.g.shown ? smaller : null;
      if (pick) {
        pick.x[pick.g.cells[0] as number] = true;
        return true;
      }
      const grow = smallestShown(s1, x1) >= 0 ? { s: s1, x: x1 } : { s: s0, x: x0 };
      const c = smallestShown(grow.s, grow.x);
      if (c < 0) continue;
      grow.x[c] = true;
      return true;
    }
  }
  return false;
}
