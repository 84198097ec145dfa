/** Assigning coworkers to organizers, and bulk edits of a filtered list (one transaction, undoable). */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  assignmentCounts,
  assignmentsInUse,
  bulkEditPeople,
  createPerson,
  createShift,
  deletePerson,
  getPerson,
  LIMITS,
  listPeople,
  parsePerson,
  undoableBulkEdit,
  updatePerson,
} from '../../../src/domain';
import { codeOf, ctxFor, newCampaign, replica, syncBoth, value, watch } from '../../support/domain';

const ctx = ctxFor('organizer-a');
const ME = 'memberAAAAAAAAAAAAAAAA';
const YOU = 'memberBBBBBBBBBBBBBBBB';
const ID = 'p0000000000000000000AA';
const AT = '2025-03-01T10:00:00.000Z';
const base = (): Record<string, unknown> => ({ name: 'Ana', createdAt: AT, createdBy: 'dev', updatedAt: AT });

function setup(n = 3) {
  const doc = newCampaign();
  const ids = Array.from({ length: n }, (_, i) => value(createPerson(doc, { name: `Person ${i}` }, ctx)));
  return { doc, ids };
}

describe('assignedTo in a person record', () => {
  it('old records without the field still parse, unassigned', () => {
    const p = value(parsePerson(ID, base()));
    expect(p.assignedTo).toBeUndefined();
  });

  it('reads a valid member id, and null as unassigned', () => {
    expect(value(parsePerson(ID, { ...base(), assignedTo: ME })).assignedTo).toBe(ME);
    expect(value(parsePerson(ID, { ...base(), assignedTo: null })).assignedTo).toBeUndefined();
  });

  it.each([
    [42, 'wrong-type'],
    [{ id: ME }, 'wrong-type'],
    ['short', 'invalid-value'],
    ['has spaces in it, not an id', 'invalid-value'],
    ['__proto__', 'invalid-value'],
    ['x'.repeat(65), 'invalid-value'],
  ])('quarantines a hostile value %j', (bad, code) => {
    const r = parsePerson(ID, { ...base(), assignedTo: bad });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ code, field: 'assignedTo', id: ID });
  });

  it('a bad value from a peer quarantines one record, not the list', () => {
    const { doc, ids } = setup(2);
    (doc.getMap('people').get(ids[0] as string) as Y.Map<unknown>).set('assignedTo', 7);
    const { people, quarantined } = listPeople(doc);
    expect(people.map((p) => p.id)).toEqual([ids[1]]);
    expect(quarantined).toEqual([expect.objectContaining({ field: 'assignedTo', code: 'wrong-type' })]);
  });

  it('updatePerson assigns and unassigns, refusing what is not an id', () => {
    const { doc, ids } = setup(1);
    const id = ids[0] as string;
    value(updatePerson(doc, id, { assignedTo: ME }, ctx));
    expect(value(getPerson(doc, id)).assignedTo).toBe(ME);
    expect(codeOf(updatePerson(doc, id, { assignedTo: 'not an id!' }, ctx))).toBe('invalid-value');
    value(updatePerson(doc, id, { assignedTo: null }, ctx));
    expect(value(getPerson(doc, id)).assignedTo).toBeUndefined();
  });

  it('two organizers assigning and rating at once both keep their change', () => {
    const { doc, ids } = setup(1);
    const id = ids[0] as string;
    const other = replica(doc);
    value(updatePerson(doc, id, { assignedTo: ME }, ctx));
    value(updatePerson(other, id, { tags: ['nights'] }, ctxFor('organizer-b')));
    syncBoth(doc, other);
    for (const d of [doc, other])
      expect(value(getPerson(d, id))).toMatchObject({ assignedTo: ME, tags: ['nights'] });
  });

  it('counts assignments and knows when they are in use', () => {
    const { doc, ids } = setup(3);
    expect(assignmentsInUse(listPeople(doc).people)).toBe(false);
    value(updatePerson(doc, ids[0] as string, { assignedTo: ME }, ctx));
    value(updatePerson(doc, ids[1] as string, { assignedTo: ME }, ctx));
    const people = listPeople(doc).people;
    expect(assignmentsInUse(people)).toBe(true);
    expect(assignmentCounts(people)).toEqual(
      new Map<string | null, number>([
        [ME, 2],
        [null, 1],
      ]),
    );
  });
});

describe('bulkEditPeople', () => {
  it('assigns everyone given in one transaction, skipping deleted and unknown ids', () => {
    const { doc, ids } = setup(4);
    value(deletePerson(doc, ids[3] as string, ctx));
    let r: ReturnType<typeof bulkEditPeople> | undefined;
    const seen = watch(doc, () => {
      r = bulkEditPeople(doc, [...ids, 'unknownAAAAAAAAAAAAAAA'], { kind: 'assign', memberId: ME }, ctx);
    });
    expect(seen.transactions).toBe(1);
    expect(value(r as NonNullable<typeof r>)).toEqual({ changed: ids.slice(0, 3), unchanged: 0, skipped: 2 });
    expect(listPeople(doc).people.every((p) => p.assignedTo === ME)).toBe(true);
  });

  it('writes nothing for people already as asked', () => {
    const { doc, ids } = setup(2);
    value(bulkEditPeople(doc, ids, { kind: 'addTag', tag: 'heat' }, ctx));
    const seen = watch(doc, () => {
      expect(value(bulkEditPeople(doc, ids, { kind: 'addTag', tag: ' heat ' }, ctx))).toMatchObject({
        changed: [],
        unchanged: 2,
      });
    });
    expect(seen.transactions).toBe(0);
  });

  it('adds and removes a tag without touching other tags', () => {
    const { doc, ids } = setup(2);
    value(updatePerson(doc, ids[0] as string, { tags: ['nights'] }, ctx));
    value(bulkEditPeople(doc, ids, { kind: 'addTag', tag: 'heat' }, ctx));
    expect(listPeople(doc).people.map((p) => p.tags)).toEqual([['nights', 'heat'], ['heat']]);
    value(bulkEditPeople(doc, ids, { kind: 'removeTag', tag: 'nights' }, ctx));
    expect(listPeople(doc).people.map((p) => p.tags)).toEqual([['heat'], ['heat']]);
  });

  it('sets and clears the shift, refusing an unknown one with nothing written', () => {
    const { doc, ids } = setup(2);
    const nights = value(createShift(doc, { name: 'Nights' }, ctx));
    value(bulkEditPeople(doc, ids, { kind: 'setShift', shiftId: nights }, ctx));
    expect(listPeople(doc).people.map((p) => p.shiftId)).toEqual([nights, nights]);
    const before = Y.encodeStateVector(doc);
    expect(
      codeOf(bulkEditPeople(doc, ids, { kind: 'setShift', shiftId: 'unknownAAAAAAAAAAAAAAA' }, ctx)),
    ).toBe('unknown-shift');
    expect(Y.encodeStateVector(doc)).toEqual(before);
    value(bulkEditPeople(doc, ids, { kind: 'setShift', shiftId: null }, ctx));
    expect(listPeople(doc).people.map((p) => p.shiftId)).toEqual([undefined, undefined]);
  });

  it('refuses the whole edit when one person would carry too many tags', () => {
    const { doc, ids } = setup(2);
    const full = Array.from({ length: LIMITS.tags }, (_, i) => `t${i}`);
    value(updatePerson(doc, ids[1] as string, { tags: full }, ctx));
    expect(codeOf(bulkEditPeople(doc, ids, { kind: 'addTag', tag: 'one more' }, ctx))).toBe('too-many');
    expect(value(getPerson(doc, ids[0] as string)).tags).toEqual([]);
  });

  it.each([
    [{ kind: 'addTag', tag: '   ' }, 'invalid-value'],
    [{ kind: 'addTag', tag: 'x'.repeat(LIMITS.tag + 1) }, 'text-too-long'],
    [{ kind: 'assign', memberId: 'bad id' }, 'invalid-value'],
  ] as const)('refuses %j', (edit, code) => {
    const { doc, ids } = setup(1);
    expect(codeOf(bulkEditPeople(doc, ids, edit, ctx))).toBe(code);
  });
});

describe('undoableBulkEdit', () => {
  it('undoes exactly the bulk edit, keeping an earlier and a later unrelated change', () => {
    const { doc, ids } = setup(3);
    value(updatePerson(doc, ids[0] as string, { assignedTo: YOU }, ctx));
    const r = value(undoableBulkEdit(doc, ids, { kind: 'assign', memberId: ME }, ctx));
    expect(r.changed).toHaveLength(3);
    value(updatePerson(doc, ids[1] as string, { notes: 'met at the gate' }, ctx));
    let undone = false;
    const seen = watch(doc, () => {
      undone = r.undo();
    });
    expect(undone).toBe(true);
    expect(seen.transactions).toBe(1);
    const people = listPeople(doc).people;
    expect(people.map((p) => p.assignedTo)).toEqual([YOU, undefined, undefined]);
    expect(people[1]?.notes).toBe('met at the gate');
    expect(r.undo()).toBe(false);
  });

  it('the undo reaches another device as an ordinary change', () => {
    const { doc, ids } = setup(2);
    const other = replica(doc);
    const r = value(undoableBulkEdit(doc, ids, { kind: 'addTag', tag: 'heat' }, ctx));
    syncBoth(doc, other);
    expect(listPeople(other).people.map((p) => p.tags)).toEqual([['heat'], ['heat']]);
    r.undo();
    syncBoth(doc, other);
    expect(listPeople(other).people.map((p) => p.tags)).toEqual([[], []]);
  });

  it('has nothing to undo when nothing changed, and after dispose', () => {
    const { doc, ids } = setup(1);
    const none = value(undoableBulkEdit(doc, [], { kind: 'assign', memberId: ME }, ctx));
    expect(none.undo()).toBe(false);
    const r = value(undoableBulkEdit(doc, ids, { kind: 'assign', memberId: ME }, ctx));
    r.dispose();
    expect(r.undo()).toBe(false);
    expect(value(getPerson(doc, ids[0] as string)).assignedTo).toBe(ME);
  });
});
