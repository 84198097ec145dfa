/**
 * `peopleIndex(doc)`: the same list as `listPeople(doc).people`, kept current by re-parsing only
 * the records a change touched. `listPeople` parses every person on every call (~20 µs each:
 * 150 ms for 8,000), which a screen that re-derives its view on every update — the workplace
 * map, after each move — cannot afford; with the index a move costs one parse (and a re-sort only
 * when a name changes, since that is the sort key).
 *
 * What must stay true: `people()` always equals `listPeople(doc).people` (same records, same
 * order, deleted and quarantined ones left out); tests/unit/domain/map-people-index.test.ts
 * checks this after random local, remote and hostile changes. The index learns what changed from
 * `observeDeep` on the `people` map: a key of that map changed (record added, replaced, removed),
 * or a change somewhere inside one record (its first path segment is the record's id). One index
 * per doc, created on first use and kept for the doc's lifetime (a WeakMap entry).
 *
 * `prime` does the first full parse and sort in slices (domain/slices.ts), so that unlocking a big
 * campaign does not parse every person in one task; changes made while it runs are recorded and
 * re-parsed by the next `people()`, and a `people()` call before it ends parses in one go as before.
 */
import type * as Y from 'yjs';
import { collection } from '../schema';
import { searchKeyOf } from '../search-key';
import { eachInSlices, type SliceOptions, sortInSlices } from '../slices';
import type { Person } from '../types';
import { getPerson } from './queries';

/** A live, incrementally parsed view of a doc's people. */
export interface PeopleIndex {
  /** Live people sorted like `listPeople`; the same array until something changes. */
  people(): readonly Person[];
  /** How many records were parsed since the index was made (for tests and benchmarks). */
  readonly parses: number;
  /** Does the first full parse in slices (see the header); resolves at once when already done. */
  prime(opts: SliceOptions): Promise<void>;
}

interface Entry {
  readonly person: Person;
  readonly key: string;
}

/** `listPeople`'s order: by search key, then id. */
const byKey = (a: Entry, b: Entry) =>
  a.key < b.key ? -1 : a.key > b.key ? 1 : a.person.id < b.person.id ? -1 : 1;

class Index implements PeopleIndex {
  parses = 0;
  private readonly entries = new Map<string, Entry>();
  private readonly dirty = new Set<string>();
  private full = true;
  private priming: Promise<void> | null = null;
  private sorted: Person[] = [];
  private position = new Map<string, number>();

  constructor(private readonly doc: Y.Doc) {
    collection(doc, 'people').observeDeep((events) => {
      if (this.full && !this.priming) return;
      for (const e of events) {
        if (e.path.length === 0) {
          for (const key of e.changes.keys.keys()) this.dirty.add(key);
        } else {
          const id = e.path[0];
          if (typeof id === 'string') this.dirty.add(id);
        }
      }
    });
  }

  /** Re-reads records through `getPerson`, the same reader `listPeople` uses. */
  private reparse(ids: Iterable<string>): void {
    for (const id of ids) this.reparseOne(id);
  }

  private reparseOne(id: string): void {
    this.entries.delete(id);
    const r = getPerson(this.doc, id);
    this.parses++;
    if (r.ok && !r.value.deleted) this.entries.set(id, { person: r.value, key: searchKeyOf(r.value) });
  }

  /** Sorted like `listPeople`: by search key, then id. */
  private resort(): void {
    this.setSorted([...this.entries.values()].sort(byKey));
  }

  private setSorted(all: readonly Entry[]): void {
    this.sorted = all.map((e) => e.person);
    this.position = new Map(this.sorted.map((p, i) => [p.id, i]));
  }

  prime(opts: SliceOptions): Promise<void> {
    if (!this.full) return Promise.resolve();
    this.priming ??= (async () => {
      this.dirty.clear();
      // A `people()` call while this runs parses everything itself: this one then stops.
      const overtaken = () => !this.full;
      await eachInSlices(
        [...collection(this.doc, 'people').keys()],
        (id) => this.reparseOne(id),
        opts,
        overtaken,
      );
      if (overtaken()) return;
      const sorted = await sortInSlices([...this.entries.values()], byKey, opts);
      if (overtaken()) return;
      // Records changed while priming are in `dirty`: the next `people()` re-parses them.
      this.setSorted(sorted);
      this.full = false;
    })().finally(() => {
      this.priming = null;
    });
    return this.priming;
  }

  people(): readonly Person[] {
    if (this.full) {
      this.full = false;
      this.dirty.clear();
      this.entries.clear();
      this.reparse(collection(this.doc, 'people').keys());
      this.resort();
    } else if (this.dirty.size > 0) {
      const ids = [...this.dirty];
      this.dirty.clear();
      const before = ids.map((id) => this.entries.get(id)?.key);
      this.reparse(ids);
      // A move or a rating keeps the sort key: replace those people in place, no re-sort.
      const inPlace = ids.every(
        (id, i) => before[i] !== undefined && this.entries.get(id)?.key === before[i],
      );
      if (inPlace) {
        const next = this.sorted.slice();
        for (const id of ids) next[this.position.get(id) as number] = (this.entries.get(id) as Entry).person;
        this.sorted = next;
      } else this.resort();
    }
    return this.sorted;
  }
}

const indexes = new WeakMap<Y.Doc, PeopleIndex>();

/**
 * The doc's people index (made on first call).
 * @example const people = peopleIndex(doc).people(); // cheap after the first call
 */
export function peopleIndex(doc: Y.Doc): PeopleIndex {
  let index = indexes.get(doc);
  if (!index) {
    index = new Index(doc);
    indexes.set(doc, index);
  }
  return index;
}
