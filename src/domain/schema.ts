/**
 * The shape of a space: which top-level collections each kind of space may hold, and the schema
 * version recorded in its `meta` map.
 *
 * What must stay true: each collection is a top-level `Y.Map` obtained with `doc.getMap(name)`;
 * no code may ever call `doc.getArray`/`getText` with one of these names (Yjs would throw on the
 * mismatched type). Sync rejects remote updates that touch any other top-level name.
 */
import type * as Y from 'yjs';

/** Schema version written by this code; `migrate` brings older docs up to it. */
export const SCHEMA_VERSION = 1;

/** `campaign` spaces are shared with the committee; the `personal` space is never synced. */
export type SpaceKind = 'campaign' | 'personal';

/** Campaign collections of records keyed by id that are soft-deleted (flagged), never removed. */
export const SOFT_DELETED = ['people', 'units', 'shifts', 'issues', 'conversations', 'surveys'] as const;

/** Known top-level collection names per kind of space. */
export const KNOWN_COLLECTIONS = {
  campaign: ['meta', ...SOFT_DELETED, 'floorPlan', 'members', 'rotations'],
  personal: ['meta', 'notes', 'drafts', 'settings'],
} as const satisfies Record<SpaceKind, readonly string[]>;

/** A collection of a campaign space. */
export type CampaignCollection = (typeof KNOWN_COLLECTIONS)['campaign'][number];
/** A collection of the personal space. */
export type PersonalCollection = (typeof KNOWN_COLLECTIONS)['personal'][number];
/** Campaign collections whose records are nested `Y.Map`s parsed by this module. */
export type RecordCollection = 'people' | 'units' | 'shifts' | 'issues';

/** A space: its Y.Doc and what kind it is. Domain functions take the `Y.Doc` itself. */
export interface Space {
  readonly doc: Y.Doc;
  readonly kind: SpaceKind;
}

/** Keys of the `meta` map. */
export const META = {
  schemaVersion: 'schemaVersion',
  name: 'name',
  createdAt: 'createdAt',
  createdBy: 'createdBy',
  /** `true`: the committee chose direct-only delivery (no mailbox on any server). */
  directOnly: 'directOnly',
} as const;

/** True when `name` is a top-level collection a space of this kind may hold. */
export function isKnownCollection(kind: SpaceKind, name: string): boolean {
  return (KNOWN_COLLECTIONS[kind] as readonly string[]).includes(name);
}

/** Top-level names present in `doc` that its kind does not allow (after applying a remote update). */
export function unknownCollections(doc: Y.Doc, kind: SpaceKind): string[] {
  return [...doc.share.keys()].filter((name) => !isKnownCollection(kind, name));
}

/** The top-level map of one collection. */
export function collection(doc: Y.Doc, name: CampaignCollection | PersonalCollection): Y.Map<unknown> {
  return doc.getMap<unknown>(name);
}

/**
 * The doc's schema version: 0 when absent (a "version 0" doc), `null` when the stored value is
 * not a non-negative integer (a corrupt or hostile `meta`).
 */
export function schemaVersionOf(doc: Y.Doc): number | null {
  const v = collection(doc, 'meta').get(META.schemaVersion);
  if (v === undefined) return 0;
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : null;
}
