/**
 * What one member changed, in domain terms, from the activity log: the space is replayed change
 * by change and the member's changes are observed as they apply, so each line can say what a
 * record was before ("assessment 2 → 4") and name it as it was then.
 *
 * What must stay true: everything here comes from peers and is untrusted. Values are returned as
 * data for the UI to render as text; names are cut to a display length; nothing is parsed as
 * markup. Attribution is a claim (see authorship.ts).
 */
import * as Y from 'yjs';
import { type ChangeLog, type ClientOwners, memberChanges } from './authorship';

/** One field that changed: value before and after (undefined = absent). */
export interface FieldChange {
  readonly field: string;
  readonly from: unknown;
  readonly to: unknown;
}

/** One record a change touched. */
export interface ChangeLine {
  readonly kind: 'created' | 'deleted' | 'restored' | 'edited';
  readonly collection: string;
  readonly id: string;
  /** The record's name then (a person's name for a conversation); '' when it has none. */
  readonly name: string;
  readonly fields: readonly FieldChange[];
}

/** One logged change of the member, with what it did. */
export interface ActivityGroup {
  /** When it was made or arrived here (ms epoch). */
  readonly at: number;
  /** The device that delivered it (null for imports). */
  readonly by: string | null;
  readonly lines: readonly ChangeLine[];
}

const WATCHED = ['people', 'units', 'shifts', 'issues', 'conversations', 'surveys', 'meta'] as const;
/** Bookkeeping fields every write stamps; not worth a line. */
const STAMPS = new Set(['updatedAt', 'updatedBy', 'deletedAt', 'deletedBy', 'createdAt', 'createdBy']);
const NAME_MAX = 80;

function nameOf(doc: Y.Doc, value: unknown): string {
  if (value instanceof Y.Map) {
    const n = value.get('name') ?? value.get('title');
    return typeof n === 'string' ? n.slice(0, NAME_MAX) : '';
  }
  if (value && typeof value === 'object') {
    const personId = (value as { personId?: unknown }).personId;
    if (typeof personId === 'string') return nameOf(doc, doc.getMap('people').get(personId));
  }
  return '';
}

const flagged = (v: unknown) =>
  v instanceof Y.Map ? v.get('deleted') === true : (v as { deleted?: unknown } | null)?.deleted === true;

/** Plain values only (a nested type reads as undefined): the UI renders them as text. */
const plain = (v: unknown) => (v instanceof Y.AbstractType ? undefined : v);

/**
 * Lists what `deviceId` changed since `since`, newest first.
 * @example const groups = memberActivity(log, deviceId, Date.now() - 7 * 86_400_000, owners);
 */
export function memberActivity(
  log: ChangeLog,
  deviceId: string,
  since: number,
  owners: ClientOwners,
): ActivityGroup[] {
  const theirs = memberChanges(log.changes, deviceId, since, owners);
  const doc = new Y.Doc({ gc: true });
  const groups: ActivityGroup[] = [];
  if (log.base) Y.applyUpdate(doc, log.base);
  log.changes.forEach((change, index) => {
    if (!theirs.touched.has(index)) {
      try {
        Y.applyUpdate(doc, change.update);
      } catch {}
      return;
    }
    const lines: ChangeLine[] = [];
    const edits = new Map<string, ChangeLine & { fields: FieldChange[] }>();
    const handlers = WATCHED.map((name) => {
      const map = doc.getMap<unknown>(name);
      const handler = (events: Y.YEvent<Y.AbstractType<unknown>>[]) => {
        for (const event of events) {
          if (!(event instanceof Y.YMapEvent)) continue;
          const target = event.target as Y.Map<unknown>;
          const path = event.path;
          for (const [key, change] of event.changes.keys) {
            const item = target._map.get(key);
            if (!item) continue;
            const mine = change.action === 'delete' ? theirs.deleted(item.id) : theirs.inserted(item.id);
            if (!mine) continue;
            if (path.length === 0 && name !== 'meta') {
              const now = change.action === 'delete' ? undefined : target.get(key);
              const then = change.oldValue;
              const rec = now ?? then;
              let kind: ChangeLine['kind'] = 'edited';
              if (change.action === 'add') kind = 'created';
              else if (change.action === 'delete' || (flagged(now) && !flagged(then))) kind = 'deleted';
              else if (!flagged(now) && flagged(then)) kind = 'restored';
              lines.push({ kind, collection: name, id: key, name: nameOf(doc, rec), fields: [] });
            } else if (path.length <= 1) {
              const id = name === 'meta' ? 'meta' : String(path[0]);
              if (key === 'deleted' && name !== 'meta') {
                const now = target.get('deleted') === true;
                lines.push({
                  kind: now ? 'deleted' : 'restored',
                  collection: name,
                  id,
                  name: nameOf(doc, target),
                  fields: [],
                });
                continue;
              }
              if (STAMPS.has(key)) continue;
              const line = edits.get(id) ?? {
                kind: 'edited' as const,
                collection: name,
                id,
                name: name === 'meta' ? '' : nameOf(doc, target),
                fields: [],
              };
              line.fields.push({ field: key, from: plain(change.oldValue), to: plain(target.get(key)) });
              edits.set(id, line);
            }
          }
        }
      };
      map.observeDeep(handler);
      return () => map.unobserveDeep(handler);
    });
    try {
      Y.applyUpdate(doc, change.update);
    } catch {}
    for (const off of handlers) off();
    lines.push(...edits.values());
    if (lines.length > 0) groups.push({ at: change.at, by: change.by, lines });
  });
  doc.destroy();
  return groups.reverse();
}

/** Counts of a group's lines per kind and collection, e.g. for "Deleted 37 people". */
export function countLines(lines: readonly ChangeLine[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const l of lines)
    counts.set(`${l.kind}:${l.collection}`, (counts.get(`${l.kind}:${l.collection}`) ?? 0) + 1);
  return counts;
}
