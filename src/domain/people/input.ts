/**
 * What a form or import may say about a person, and how it becomes field writes.
 * Assessment and card status are not patchable here: they change only through
 * `rateAssessment` / `setCardSigned`, which also append to their histories.
 */
import type * as Y from 'yjs';
import { LIMITS } from '../limits';
import { checkRef, type FieldWrite } from '../records';
import type { CardStatus, Contact, FollowUp } from '../types';
import { checkBool, checkContacts, checkFollowUp, checkName, checkTags, checkText } from '../validate';
import type { Assessment } from './assessment';
import { checkAssignee } from './assignment';

/** Editable person fields. `undefined` leaves a field unchanged; `null` (or blank text) clears it. */
export interface PersonPatch {
  name?: string;
  codeName?: string | null;
  unitId?: string | null;
  shiftId?: string | null;
  jobTitle?: string | null;
  contacts?: readonly Contact[];
  language?: string | null;
  leader?: boolean;
  committee?: boolean;
  tags?: readonly string[];
  nextFollowUp?: FollowUp | null;
  notes?: string | null;
  /** A member's device id, or null to unassign (see assignment.ts). */
  assignedTo?: string | null;
}

/** A new person: a name, any patchable field, and optionally a first assessment and card status. */
export interface PersonInput extends PersonPatch {
  name: string;
  assessment?: Assessment | null;
  card?: CardStatus;
}

type Check = (doc: Y.Doc, value: unknown) => unknown;

const text =
  (field: string, max: number): Check =>
  (_doc, v) =>
    checkText(v, field, max);

/** Per patchable field, its check (which also cleans). Keys here are the only ones written. */
const CHECKS: Record<keyof PersonPatch, Check> = {
  name: (_doc, v) => checkName(v, LIMITS.name),
  codeName: text('codeName', LIMITS.codeName),
  unitId: (doc, v) => checkRef(doc, 'units', v, 'unknown-unit', 'unitId'),
  shiftId: (doc, v) => checkRef(doc, 'shifts', v, 'unknown-shift', 'shiftId'),
  jobTitle: text('jobTitle', LIMITS.jobTitle),
  contacts: (_doc, v) => checkContacts(v),
  language: text('language', LIMITS.language),
  leader: (_doc, v) => checkBool(v, 'leader'),
  committee: (_doc, v) => checkBool(v, 'committee'),
  tags: (_doc, v) => checkTags(v),
  nextFollowUp: (_doc, v) => checkFollowUp(v),
  notes: text('notes', LIMITS.notes),
  assignedTo: (_doc, v) => checkAssignee(v),
};

const FIELDS = Object.keys(CHECKS) as (keyof PersonPatch)[];

/**
 * Validates a patch and returns its writes (`null` = remove). Only known keys are read, as own
 * properties, so a stray `__proto__` or `assessment` key in the patch is ignored.
 */
export function personWrites(doc: Y.Doc, patch: PersonPatch): FieldWrite[] {
  const writes: FieldWrite[] = [];
  for (const field of FIELDS) {
    if (!Object.hasOwn(patch, field)) continue;
    const value = patch[field];
    if (value === undefined) continue;
    writes.push([field, CHECKS[field](doc, value)]);
  }
  return writes;
}
