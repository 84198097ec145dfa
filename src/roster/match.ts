/**
 * Finding what a row refers to in the campaign: its unit (an existing one, or new units to create,
 * nested along a path), its shift, and whether the row is someone already there.
 *
 * Names are compared accent-, case- and space-insensitively (`normalizeSearch`): "DOCK 3",
 * "dock 3" and "Dock  3" are one unit, "José Ramírez" and "jose ramirez" one person.
 */
import { normalizeSearch, type Person, type Shift, type UnitNode } from '../domain';
import { emailKey, phoneKey } from './values';

/** A unit a row goes into: an existing id, or the key of a unit the import creates. */
export type UnitTarget = { readonly id: string } | { readonly newKey: string };
/** A shift a row goes into: an existing id, or the key of a shift the import creates. */
export type ShiftTarget = { readonly id: string } | { readonly newKey: string };

/** A unit the import would create. Parents come before their children in `UnitMatcher.created`. */
export interface NewUnit {
  readonly key: string;
  readonly name: string;
  /** Display path, e.g. "Inbound › Dock 3". */
  readonly path: string;
  readonly parent?: UnitTarget;
}

/** A shift the import would create. */
export interface NewShift {
  readonly key: string;
  readonly name: string;
}

const SEP = '\u0001';
/** Names repeat across thousands of rows (units, shifts): normalize each distinct one once. */
const normalized = new Map<string, string>();
function norm(s: string): string {
  let n = normalized.get(s);
  if (n === undefined) {
    n = normalizeSearch(s);
    if (normalized.size > 8192) normalized.clear();
    normalized.set(s, n);
  }
  return n;
}

/** Resolves unit paths against the campaign's units, planning new units where none match. */
export class UnitMatcher {
  private readonly byPath = new Map<string, UnitNode>();
  private readonly byLeaf = new Map<string, UnitNode[]>();
  private readonly pending = new Map<string, NewUnit>();

  constructor(units: readonly UnitNode[]) {
    const byId = new Map(units.map((u) => [u.id, u]));
    for (const u of units) {
      const names = [...u.ancestors.map((id) => byId.get(id)?.name ?? ''), u.name];
      const key = names.map(norm).join(SEP);
      if (!this.byPath.has(key)) this.byPath.set(key, u);
      const leaf = norm(u.name);
      const list = this.byLeaf.get(leaf);
      if (list) list.push(u);
      else this.byLeaf.set(leaf, [u]);
    }
  }

  /** Units to create, parents first. */
  get created(): NewUnit[] {
    return [...this.pending.values()];
  }

  /**
   * The unit for a path. A full path matches exactly; a single name also matches the only unit
   * anywhere in the tree with that name. Missing units along the path are planned as new.
   */
  resolve(path: readonly string[]): UnitTarget {
    const keys = path.map(norm);
    const full = this.byPath.get(keys.join(SEP));
    if (full) return { id: full.id };
    if (path.length === 1) {
      const leaves = this.byLeaf.get(keys[0] as string);
      if (leaves?.length === 1) return { id: (leaves[0] as UnitNode).id };
    }
    let parent: UnitTarget | undefined;
    for (let i = 0; i < path.length; i++) {
      const key = keys.slice(0, i + 1).join(SEP);
      const existing = this.byPath.get(key);
      if (existing) {
        parent = { id: existing.id };
        continue;
      }
      if (!this.pending.has(key)) {
        const unit: NewUnit = {
          key,
          name: path[i] as string,
          path: path.slice(0, i + 1).join(' › '),
          ...(parent ? { parent } : {}),
        };
        this.pending.set(key, unit);
      }
      parent = { newKey: key };
    }
    return parent as UnitTarget;
  }
}

/** Resolves shift names against the campaign's shifts, planning new ones where none match. */
export class ShiftMatcher {
  private readonly byName = new Map<string, Shift>();
  private readonly pending = new Map<string, NewShift>();

  constructor(shifts: readonly Shift[]) {
    for (const s of shifts) if (!this.byName.has(norm(s.name))) this.byName.set(norm(s.name), s);
  }

  get created(): NewShift[] {
    return [...this.pending.values()];
  }

  resolve(name: string): ShiftTarget {
    const key = norm(name);
    const existing = this.byName.get(key);
    if (existing) return { id: existing.id };
    if (!this.pending.has(key)) this.pending.set(key, { key, name });
    return { newKey: key };
  }
}

/** Why a row looks like someone already known. */
export type MatchReason = 'name-unit' | 'phone' | 'email';

/** Whom a row duplicates: a person in the campaign, or an earlier row of the same file. */
export type DuplicateOf =
  | { readonly kind: 'person'; readonly id: string; readonly name: string; readonly reason: MatchReason }
  | { readonly kind: 'row'; readonly row: number; readonly name: string; readonly reason: MatchReason };

const targetKey = (t: UnitTarget | undefined) =>
  t === undefined ? '' : 'id' in t ? t.id : `new:${t.newKey}`;

/** What identifies someone: name within a unit, each phone, each email. */
function keysOf(name: string, unit: UnitTarget | undefined, contacts: Person['contacts']) {
  const keys: [MatchReason, string][] = [['name-unit', `${normalizeSearch(name)}|${targetKey(unit)}`]];
  for (const c of contacts) {
    const k = c.kind === 'email' ? emailKey(c.value) : c.kind === 'other' ? null : phoneKey(c.value);
    if (k) keys.push([c.kind === 'email' ? 'email' : 'phone', `${c.kind === 'email' ? 'e' : 'p'}:${k}`]);
  }
  return keys;
}

/** Identity of a duplicate target (a person id, or a row number). */
const targetOf = (d: DuplicateOf) => (d.kind === 'person' ? d.id : `row:${d.row}`);

/**
 * Indexes the campaign's people, then checks rows one by one; every row checked is indexed too,
 * so a later row of the same file that repeats an earlier one is found. A row repeating a row that
 * was itself a duplicate points at the same person as that row.
 *
 * When several people match, the one matching most keys wins (name + unit, phone, email), then one
 * no earlier row has claimed: re-importing a file where two coworkers share a phone, or two
 * namesakes work in one unit, pairs each row with its own person.
 */
export class DuplicateFinder {
  private readonly index = new Map<string, DuplicateOf[]>();
  private readonly claimed = new Set<string>();

  constructor(people: readonly Person[]) {
    for (const p of people) {
      const unit = p.unitId === undefined ? undefined : { id: p.unitId };
      for (const [reason, key] of keysOf(p.name, unit, p.contacts)) {
        this.add(key, { kind: 'person', id: p.id, name: p.name, reason });
      }
    }
  }

  private add(key: string, target: DuplicateOf): void {
    const list = this.index.get(key);
    if (!list) this.index.set(key, [target]);
    else if (!list.some((t) => targetOf(t) === targetOf(target))) list.push(target);
  }

  /** The person or row this row repeats, if any; then remembers the row. */
  check(
    row: number,
    name: string,
    unit: UnitTarget | undefined,
    contacts: Person['contacts'],
  ): DuplicateOf | undefined {
    const keys = keysOf(name, unit, contacts);
    const candidates = new Map<string, { target: DuplicateOf; score: number; reason: MatchReason }>();
    for (const [reason, key] of keys) {
      for (const target of this.index.get(key) ?? []) {
        const id = targetOf(target);
        const c = candidates.get(id);
        if (c) c.score++;
        else candidates.set(id, { target, score: 1, reason });
      }
    }
    let best: { target: DuplicateOf; score: number; reason: MatchReason } | undefined;
    for (const c of candidates.values()) {
      const better =
        !best ||
        c.score > best.score ||
        (c.score === best.score &&
          this.claimed.has(targetOf(best.target)) &&
          !this.claimed.has(targetOf(c.target)));
      if (better) best = c;
    }
    const found = best ? { ...best.target, reason: best.reason } : undefined;
    if (found) this.claimed.add(targetOf(found));
    const self: DuplicateOf = found ?? { kind: 'row', row, name, reason: 'name-unit' };
    for (const [reason, key] of keys) this.add(key, { ...self, reason });
    return found;
  }
}
