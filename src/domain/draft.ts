/**
 * Drafts: what a form holds while it is being filled in, kept in the personal space (encrypted,
 * never synced) so that closing the app mid-entry loses nothing.
 *
 * A draft is a flat record of form values stored as one plain object under a slot key (e.g.
 * `conversation`), replaced whole on each save. The domain does not interpret the fields: the form
 * that wrote them reads them back. Limits are generous on purpose — a draft must keep even text
 * that a command would refuse (a 50 KB note), so the organizer can shorten it instead of retyping.
 */
import type * as Y from 'yjs';
import { type CommandContext, commit, run, timestamp } from './context';
import { DomainError } from './errors';
import { isIsoTimestamp, isPlainObject, own } from './formats';
import type { Result } from './result';
import { collection } from './schema';

/** One form value. */
export type DraftValue = string | number | boolean | null | readonly string[];
/** A form's values by field name. */
export type DraftFields = Readonly<Record<string, DraftValue>>;

/** A saved draft. */
export interface Draft {
  readonly fields: DraftFields;
  readonly savedAt: string;
}

/** Draft limits. */
export const DRAFT_LIMITS = {
  fields: 64,
  /** Total characters over every string value. */
  chars: 500_000,
  listItems: 200,
} as const;

const SLOT = /^[a-z][a-z0-9-]{0,40}$/;
const FIELD = /^[A-Za-z][A-Za-z0-9]{0,40}$/;

function checkSlot(slot: unknown): string {
  if (typeof slot !== 'string' || !SLOT.test(slot)) throw new DomainError('invalid-value', { field: 'slot' });
  return slot;
}

/** Cleans draft fields: known value types only, within limits; throws `DomainError` otherwise. */
function cleanFields(fields: unknown): Record<string, DraftValue> {
  if (!isPlainObject(fields)) throw new DomainError('invalid-value', { field: 'fields' });
  const out: Record<string, DraftValue> = {};
  let chars = 0;
  let count = 0;
  for (const key of Object.keys(fields)) {
    const v = own(fields, key);
    if (!FIELD.test(key)) throw new DomainError('invalid-value', { field: key });
    if (++count > DRAFT_LIMITS.fields) throw new DomainError('too-many', { field: 'fields' });
    if (typeof v === 'string') chars += v.length;
    else if (Array.isArray(v)) {
      if (v.length > DRAFT_LIMITS.listItems || !v.every((x) => typeof x === 'string')) {
        throw new DomainError('invalid-value', { field: key });
      }
      for (const x of v) chars += (x as string).length;
    } else if (!(v === null || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v)))) {
      throw new DomainError('invalid-value', { field: key });
    }
    if (chars > DRAFT_LIMITS.chars)
      throw new DomainError('text-too-long', { field: key, max: DRAFT_LIMITS.chars });
    out[key] = Array.isArray(v) ? [...(v as string[])] : (v as DraftValue);
  }
  return out;
}

/**
 * Saves (replaces) the draft in `slot`. Call it debounced as the user types; await the personal
 * store's `flush()` when the draft must be durable (e.g. on `pagehide`).
 * @example saveDraft(personal.doc, 'conversation', { personId, notes }, { by: deviceId })
 */
export function saveDraft(
  personal: Y.Doc,
  slot: string,
  fields: DraftFields,
  ctx: CommandContext,
): Result<void> {
  return run(personal, ctx, () => {
    const key = checkSlot(slot);
    const clean = cleanFields(fields);
    const savedAt = timestamp(ctx);
    commit(personal, ctx, () => collection(personal, 'drafts').set(key, { savedAt, fields: clean }));
  });
}

/** The draft in `slot`, or `undefined` when there is none (or it is unreadable). */
export function readDraft(personal: Y.Doc, slot: string): Draft | undefined {
  if (!SLOT.test(slot)) return undefined;
  const raw = collection(personal, 'drafts').get(slot);
  if (!isPlainObject(raw)) return undefined;
  const savedAt = own(raw, 'savedAt');
  if (!isIsoTimestamp(savedAt)) return undefined;
  try {
    return { savedAt, fields: cleanFields(own(raw, 'fields')) };
  } catch {
    return undefined;
  }
}

/** Deletes the draft in `slot` (after the form was saved or discarded). Idempotent. */
export function clearDraft(personal: Y.Doc, slot: string, ctx: CommandContext): Result<void> {
  return run(personal, ctx, () => {
    const key = checkSlot(slot);
    const drafts = collection(personal, 'drafts');
    if (drafts.has(key)) commit(personal, ctx, () => drafts.delete(key));
  });
}
