/**
 * `liveConversations(spaces)`: the same list as `listConversations(spaces).conversations`, kept
 * current by re-parsing only the records a change touched, like the people index
 * (people/live-index.ts). Home derives Next up and the recent conversations from it on every update
 * burst; `listConversations` parses and sorts every conversation on every call (30,000 in a big
 * campaign: a few hundred milliseconds on a phone).
 *
 * What must stay true: `liveConversations(spaces)` always equals
 * `listConversations(spaces).conversations` (same records, same order, deleted and quarantined ones
 * left out); tests/unit/domain/conversation-index.test.ts checks this after random changes. One
 * index per doc and collection (shared conversations in the campaign, private notes in the personal
 * space), made on first use and kept for the doc's lifetime; `prime` does the first parse and sort
 * in slices (domain/slices.ts), recording the changes made meanwhile for the next read.
 */
import type * as Y from 'yjs';
import { collection } from '../schema';
import { eachInSlices, mergeSorted, type SliceOptions, sortInSlices } from '../slices';
import type { ConversationSpaces } from './commands';
import { lastTalkedByPerson } from './next-up';
import { byNewest } from './queries';
import { type Conversation, parseConversation, type Visibility } from './record';

/** Above this many changed records a read re-sorts everything instead of inserting one by one. */
const INSERT_LIMIT = 64;

/** The first index at or after which `c` belongs in `list` (sorted by `byNewest`). */
function insertionPoint(list: readonly Conversation[], c: Conversation): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (byNewest(list[mid] as Conversation, c) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

class Index {
  private readonly entries = new Map<string, Conversation>();
  private readonly dirty = new Set<string>();
  private full = true;
  private priming: Promise<void> | null = null;
  private sorted: Conversation[] = [];
  private readonly map: Y.Map<unknown>;

  constructor(
    doc: Y.Doc,
    private readonly visibility: Visibility,
  ) {
    this.map = collection(doc, visibility === 'shared' ? 'conversations' : 'notes');
    this.map.observeDeep((events) => {
      if (this.full && !this.priming) return;
      for (const e of events) {
        if (e.path.length === 0) for (const key of e.changes.keys.keys()) this.dirty.add(key);
        else if (typeof e.path[0] === 'string') this.dirty.add(e.path[0]);
      }
    });
  }

  private reparseOne(id: string): void {
    this.entries.delete(id);
    const raw = this.map.get(id);
    if (raw === undefined) return;
    const r = parseConversation(id, raw, this.visibility);
    if (r.ok && !r.value.deleted) this.entries.set(id, r.value);
  }

  /** Newest first, the same array until something changes. */
  list(): readonly Conversation[] {
    if (this.full) {
      this.full = false;
      this.dirty.clear();
      this.entries.clear();
      for (const id of this.map.keys()) this.reparseOne(id);
      this.sorted = [...this.entries.values()].sort(byNewest);
    } else if (this.dirty.size > 0) {
      const ids = [...this.dirty];
      this.dirty.clear();
      for (const id of ids) this.reparseOne(id);
      if (ids.length > INSERT_LIMIT) this.sorted = [...this.entries.values()].sort(byNewest);
      else {
        const changed = new Set(ids);
        const next = this.sorted.filter((c) => !changed.has(c.id));
        for (const id of ids) {
          const c = this.entries.get(id);
          if (c) next.splice(insertionPoint(next, c), 0, c);
        }
        this.sorted = next;
      }
    }
    return this.sorted;
  }

  prime(opts: SliceOptions): Promise<void> {
    if (!this.full) return Promise.resolve();
    this.priming ??= (async () => {
      this.dirty.clear();
      const overtaken = () => !this.full;
      await eachInSlices([...this.map.keys()], (id) => this.reparseOne(id), opts, overtaken);
      if (overtaken()) return;
      const sorted = await sortInSlices([...this.entries.values()], byNewest, opts);
      if (overtaken()) return;
      this.sorted = sorted;
      this.full = false;
    })().finally(() => {
      this.priming = null;
    });
    return this.priming;
  }
}

const indexes = new WeakMap<Y.Doc, Map<Visibility, Index>>();

function indexOf(doc: Y.Doc, visibility: Visibility): Index {
  let byVisibility = indexes.get(doc);
  if (!byVisibility) {
    byVisibility = new Map();
    indexes.set(doc, byVisibility);
  }
  let index = byVisibility.get(visibility);
  if (!index) {
    index = new Index(doc, visibility);
    byVisibility.set(visibility, index);
  }
  return index;
}

const merged = new WeakMap<readonly Conversation[], WeakMap<readonly Conversation[], Conversation[]>>();

/**
 * Every live shared conversation, plus this device's private ones when `personal` is given, newest
 * first: equal to `listConversations(spaces).conversations`, and the same array while nothing changed.
 * @example const recent = liveConversations({ campaign: doc, personal: personalDoc }).slice(0, 5);
 */
export function liveConversations(spaces: ConversationSpaces): readonly Conversation[] {
  const shared = indexOf(spaces.campaign, 'shared').list();
  if (!spaces.personal) return shared;
  const notes = indexOf(spaces.personal, 'private').list();
  let byNotes = merged.get(shared);
  if (!byNotes) {
    byNotes = new WeakMap();
    merged.set(shared, byNotes);
  }
  let out = byNotes.get(notes);
  if (!out) {
    out = mergeSorted(shared, notes, byNewest);
    byNotes.set(notes, out);
  }
  return out;
}

const lastTalked = new WeakMap<readonly Conversation[], ReadonlyMap<string, string>>();

/**
 * `lastTalkedByPerson(liveConversations(spaces))`, computed once per list (the same map until a
 * conversation changes). Do not change the map.
 */
export function liveLastTalked(spaces: ConversationSpaces): ReadonlyMap<string, string> {
  const list = liveConversations(spaces);
  let last = lastTalked.get(list);
  if (!last) {
    last = lastTalkedByPerson(list);
    lastTalked.set(list, last);
  }
  return last;
}

/** Does the indexes' first parse and sort in slices (see the header). */
export async function primeConversations(spaces: ConversationSpaces, opts: SliceOptions): Promise<void> {
  await indexOf(spaces.campaign, 'shared').prime(opts);
  if (spaces.personal) await indexOf(spaces.personal, 'private').prime(opts);
}
