/**
 * What "merge" means when a row repeats someone already in the campaign. The rule is meant to be
 * predictable and never to lose what organizers recorded:
 * - a blank cell changes nothing; the stored name is kept (the row matched it, or a phone/email);
 * - a filled cell replaces a single value (code name, unit, shift, job title, language, flags,
 *   next step, assessment, card status — a card date is never dropped for a cell that only says
 *   "yes");
 * - contacts and tags are added to those stored (up to the limits);
 * - a note is appended to the stored note unless that note already contains it.
 * Re-importing the campaign's own export therefore changes nothing.
 */
import {
  type Assessment,
  type CardStatus,
  type Contact,
  LIMITS,
  type Person,
  type PersonPatch,
} from '../domain';
import type { PersonDraft } from './draft';
import { emailKey, phoneKey } from './values';

/** The writes a merge makes (empty patch and no assessment/card: nothing to change). */
export interface MergeWrites {
  readonly patch: PersonPatch;
  readonly assessment?: Assessment;
  readonly card?: CardStatus;
}

const contactKey = (c: Contact) =>
  `${c.kind}:${(c.kind === 'email' ? emailKey(c.value) : c.kind === 'other' ? null : phoneKey(c.value)) ?? c.value}`;

/** Adds `more` to `base` (unless already there) up to `max`; `undefined` when nothing was added. */
function union<T>(
  base: readonly T[],
  more: readonly T[],
  max: number,
  key: (x: T) => string,
): T[] | undefined {
  const seen = new Set(base.map(key));
  const out = [...base];
  for (const x of more) {
    if (out.length >= max) break;
    if (seen.has(key(x))) continue;
    seen.add(key(x));
    out.push(x);
  }
  return out.length > base.length ? out : undefined;
}

/**
 * The writes that merge a draft into a stored person (pure).
 * @example mergeWrites(person, { name: 'Ana', contacts: [], tags: ['heat'] }) // { patch: { tags: [...] } }
 */
export function mergeWrites(
  person: Person,
  draft: PersonDraft,
  unitId?: string,
  shiftId?: string,
): MergeWrites {
  const patch: PersonPatch = {};
  const text = (k: 'codeName' | 'jobTitle' | 'language') => {
    const v = draft[k];
    if (v !== undefined && v !== person[k]) patch[k] = v;
  };
  text('codeName');
  text('jobTitle');
  text('language');
  if (unitId !== undefined && unitId !== person.unitId) patch.unitId = unitId;
  if (shiftId !== undefined && shiftId !== person.shiftId) patch.shiftId = shiftId;
  if (draft.leader !== undefined && draft.leader !== person.leader) patch.leader = draft.leader;
  if (draft.committee !== undefined && draft.committee !== person.committee)
    patch.committee = draft.committee;
  const contacts = union(person.contacts, draft.contacts, LIMITS.contacts, contactKey);
  if (contacts) patch.contacts = contacts;
  const tags = union(person.tags, draft.tags, LIMITS.tags, (t) => t);
  if (tags) patch.tags = tags;
  if (draft.notes !== undefined && !(person.notes ?? '').includes(draft.notes)) {
    const notes = person.notes ? `${person.notes}\n\n${draft.notes}` : draft.notes;
    if (notes.length <= LIMITS.notes) patch.notes = notes;
  }
  const step = draft.nextFollowUp;
  if (step && (step.text !== person.nextFollowUp?.text || step.due !== person.nextFollowUp?.due)) {
    patch.nextFollowUp = step;
  }
  const out: { patch: PersonPatch; assessment?: Assessment; card?: CardStatus } = { patch };
  if (draft.assessment !== undefined && draft.assessment !== person.assessment)
    out.assessment = draft.assessment;
  const card = draft.card;
  if (
    card &&
    (card.signed !== person.card.signed ||
      (card.signed && card.date !== undefined && card.date !== person.card.date))
  ) {
    out.card = card;
  }
  return out;
}
