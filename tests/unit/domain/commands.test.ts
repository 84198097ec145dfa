/** Person commands: validation, one transaction each, histories, soft delete/restore. */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  createPerson,
  createShift,
  createUnit,
  deletePerson,
  deleteUnit,
  getPerson,
  LIMITS,
  LOCAL_ORIGIN,
  listPeople,
  movePerson,
  type PersonInput,
  rateAssessment,
  restorePerson,
  setCardSigned,
  setCommittee,
  setLeader,
  updatePerson,
} from '../../../src/domain';
import { codeOf, ctxFor, newCampaign, value, watch } from '../../support/domain';

const ctx = () => ctxFor('organizer-a');

function setup() {
  const doc = newCampaign();
  const unitId = value(createUnit(doc, { name: 'Inbound' }, ctx()));
  const shiftId = value(createShift(doc, { name: 'Nights' }, ctx()));
  return { doc, unitId, shiftId };
}

const people = (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>('people');

describe('createPerson', () => {
  it('stores a trimmed person as a nested Y.Map with history arrays, in one transaction', () => {
    const { doc, unitId, shiftId } = setup();
    let id = '';
    const seen = watch(doc, () => {
      id = value(
        createPerson(doc, { name: '  José Ramírez ', unitId, shiftId, jobTitle: ' Picker ' }, ctx()),
      );
    });
    expect(seen.transactions).toBe(1);
    expect(seen.origins).toEqual([LOCAL_ORIGIN]);
    expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const map = people(doc).get(id);
    expect(map).toBeInstanceOf(Y.Map);
    expect(map?.get('assessmentHistory')).toBeInstanceOf(Y.Array);
    expect(map?.get('cardHistory')).toBeInstanceOf(Y.Array);
    const p = value(getPerson(doc, id));
    expect(p).toMatchObject({
      name: 'José Ramírez',
      jobTitle: 'Picker',
      unitId,
      shiftId,
      assessment: null,
      assessmentHistory: [],
      card: { signed: false },
      cardHistory: [],
      leader: false,
      committee: false,
      contacts: [],
      tags: [],
      deleted: false,
      createdBy: 'organizer-a',
    });
    expect(p.createdAt).toBe('2025-03-01T10:00:01.000Z');
  });

  it('records a first assessment and a signed card in their histories', () => {
    const { doc } = setup();
    const id = value(
      createPerson(doc, { name: 'Ana', assessment: 2, card: { signed: true, date: '2025-02-03' } }, ctx()),
    );
    const p = value(getPerson(doc, id));
    expect(p.assessment).toBe(2);
    expect(p.assessmentHistory).toEqual([{ value: 2, at: p.createdAt, by: 'organizer-a' }]);
    expect(p.card).toEqual({ signed: true, date: '2025-02-03' });
    expect(p.cardHistory).toEqual([{ signed: true, date: '2025-02-03', at: p.createdAt, by: 'organizer-a' }]);
  });

  it('uses the origin and id source from the context', () => {
    const { doc } = setup();
    const origin = { peer: 'me' };
    const seen = watch(doc, () => {
      value(createPerson(doc, { name: 'Ana' }, { ...ctx(), origin, newId: () => 'fixed-id-0123456789AB' }));
    });
    expect(seen.origins).toEqual([origin]);
    expect(value(getPerson(doc, 'fixed-id-0123456789AB')).name).toBe('Ana');
  });

  const long = (n: number) => 'x'.repeat(n);
  const invalid: [
    string,
    Partial<PersonInput> | ((ids: { unitId: string }) => Partial<PersonInput>),
    string,
  ][] = [
    ['empty name', { name: '' }, 'name-required'],
    ['blank name', { name: '  \n ' }, 'name-required'],
    ['non-string name', { name: 42 as unknown as string }, 'name-required'],
    ['name too long', { name: long(LIMITS.name + 1) }, 'name-too-long'],
    ['unknown unit', { unitId: 'AAAAAAAAAAAAAAAAAAAAAA' }, 'unknown-unit'],
    ['unit id that is not an id', { unitId: '__proto__' }, 'unknown-unit'],
    ['unknown shift', { shiftId: 'AAAAAAAAAAAAAAAAAAAAAA' }, 'unknown-shift'],
    ['assessment 0', { assessment: 0 as never }, 'invalid-assessment'],
    ['assessment 6', { assessment: 6 as never }, 'invalid-assessment'],
    ['assessment 2.5', { assessment: 2.5 as never }, 'invalid-assessment'],
    ['assessment NaN', { assessment: Number.NaN as never }, 'invalid-assessment'],
    ["assessment '3'", { assessment: '3' as never }, 'invalid-assessment'],
    ['contact kind', { contacts: [{ kind: 'fax' as never, value: '1' }] }, 'invalid-contact'],
    ['blank contact', { contacts: [{ kind: 'phone', value: ' ' }] }, 'invalid-contact'],
    ['too many contacts', { contacts: Array(21).fill({ kind: 'phone', value: '1' }) }, 'too-many'],
    ['long contact', { contacts: [{ kind: 'email', value: long(201) }] }, 'text-too-long'],
    ['too many tags', { tags: Array.from({ length: 51 }, (_, i) => `t${i}`) }, 'too-many'],
    ['long tag', { tags: [long(61)] }, 'text-too-long'],
    ['tags not an array', { tags: 'a,b' as never }, 'invalid-value'],
    ['notes too long', { notes: long(LIMITS.notes + 1) }, 'text-too-long'],
    ['code name too long', { codeName: long(LIMITS.codeName + 1) }, 'text-too-long'],
    ['follow-up date', { nextFollowUp: { text: 'call', due: '2025-02-30' } }, 'invalid-date'],
    ['follow-up not an object', { nextFollowUp: 'tomorrow' as never }, 'invalid-value'],
    ['card date', { card: { signed: true, date: '03/02/2025' } }, 'invalid-date'],
    ['leader not boolean', { leader: 'yes' as never }, 'invalid-value'],
    ['deleted unit', ({ unitId }) => ({ unitId }), 'unknown-unit'],
  ];
  it.each(invalid)('refuses %s and writes nothing', (_label, input, code) => {
    const { doc, unitId } = setup();
    value(createUnit(doc, { name: 'Spare' }, ctx()));
    value(deleteUnit(doc, unitId, ctx()));
    const extra = typeof input === 'function' ? input({ unitId }) : input;
    const seen = watch(doc, () => {
      expect(codeOf(createPerson(doc, { name: 'Valid Name', ...extra }, ctx()))).toBe(code);
    });
    expect(seen.updates).toBe(0);
    expect(people(doc).size).toBe(0);
  });

  it('accepts a name of exactly the limit, and dedupes and trims tags', () => {
    const { doc } = setup();
    const id = value(
      createPerson(doc, { name: 'x'.repeat(LIMITS.name), tags: [' heat ', 'heat', '', 'pay'] }, ctx()),
    );
    expect(value(getPerson(doc, id)).tags).toEqual(['heat', 'pay']);
  });

  it('refuses a missing or oversized actor', () => {
    const { doc } = setup();
    expect(codeOf(createPerson(doc, { name: 'A' }, { by: '' }))).toBe('invalid-actor');
    expect(codeOf(createPerson(doc, { name: 'A' }, { by: 'x'.repeat(129) }))).toBe('invalid-actor');
  });

  it('refuses to write into a doc from a newer schema', () => {
    const { doc } = setup();
    doc.getMap('meta').set('schemaVersion', 99);
    const seen = watch(doc, () =>
      expect(codeOf(createPerson(doc, { name: 'A' }, ctx()))).toBe('schema-too-new'),
    );
    expect(seen.updates).toBe(0);
  });
});

describe('updatePerson', () => {
  it('writes only the fields that changed, plus updatedAt/updatedBy', () => {
    const { doc } = setup();
    const id = value(createPerson(doc, { name: 'Ana', jobTitle: 'Picker' }, ctx()));
    const keys: string[] = [];
    people(doc)
      .get(id)
      ?.observe((e) => keys.push(...e.keysChanged));
    const r = value(
      updatePerson(doc, id, { name: 'Ana', jobTitle: 'Packer', tags: [] }, ctxFor('organizer-b')),
    );
    expect(r.changed).toEqual(['jobTitle']);
    expect(keys.sort()).toEqual(['jobTitle', 'updatedAt', 'updatedBy']);
    const p = value(getPerson(doc, id));
    expect(p.jobTitle).toBe('Packer');
    expect(p.updatedBy).toBe('organizer-b');
  });

  it('emits no update at all when nothing changed', () => {
    const { doc } = setup();
    const id = value(createPerson(doc, { name: 'Ana', contacts: [{ kind: 'phone', value: '555' }] }, ctx()));
    const seen = watch(doc, () => {
      const r = value(
        updatePerson(doc, id, { name: ' Ana ', contacts: [{ kind: 'phone', value: '555' }] }, ctx()),
      );
      expect(r.changed).toEqual([]);
    });
    expect(seen.updates).toBe(0);
  });

  it('clears optional fields with null or blank text', () => {
    const { doc, unitId } = setup();
    const id = value(createPerson(doc, { name: 'Ana', codeName: 'Owl', notes: 'n', unitId }, ctx()));
    value(updatePerson(doc, id, { codeName: null, notes: '   ', unitId: null }, ctx()));
    const map = people(doc).get(id);
    expect(map?.has('codeName')).toBe(false);
    expect(map?.has('notes')).toBe(false);
    expect(map?.has('unitId')).toBe(false);
  });

  it('does not let a patch change assessment, card or metadata', () => {
    const { doc } = setup();
    const id = value(createPerson(doc, { name: 'Ana' }, ctx()));
    const patch = { assessment: 1, card: { signed: true }, createdBy: 'mallory', deleted: true } as never;
    expect(value(updatePerson(doc, id, patch, ctx())).changed).toEqual([]);
    expect(value(getPerson(doc, id))).toMatchObject({
      assessment: null,
      card: { signed: false },
      deleted: false,
    });
  });

  it('refuses unknown and deleted people, and invalid input atomically', () => {
    const { doc } = setup();
    const id = value(createPerson(doc, { name: 'Ana' }, ctx()));
    expect(codeOf(updatePerson(doc, 'AAAAAAAAAAAAAAAAAAAAAA', { name: 'B' }, ctx()))).toBe('not-found');
    expect(codeOf(updatePerson(doc, id, { name: 'B', notes: 'x'.repeat(10_001) }, ctx()))).toBe(
      'text-too-long',
    );
    expect(value(getPerson(doc, id)).name).toBe('Ana');
    value(deletePerson(doc, id, ctx()));
    expect(codeOf(updatePerson(doc, id, { name: 'B' }, ctx()))).toBe('deleted');
  });
});

describe('assessment and card', () => {
  it('rateAssessment sets the value and appends every rating, in one transaction', () => {
    const { doc } = setup();
    const id = value(createPerson(doc, { name: 'Ana' }, ctx()));
    const c = ctxFor('organizer-b');
    const seen = watch(doc, () => value(rateAssessment(doc, id, 3, c)));
    expect(seen.transactions).toBe(1);
    value(rateAssessment(doc, id, 3, c));
    value(rateAssessment(doc, id, 2, c));
    value(rateAssessment(doc, id, null, c));
    const p = value(getPerson(doc, id));
    expect(p.assessment).toBeNull();
    expect(p.assessmentHistory.map((e) => e.value)).toEqual([3, 3, 2, null]);
    expect(p.assessmentHistory.every((e) => e.by === 'organizer-b')).toBe(true);
    expect(p.updatedBy).toBe('organizer-b');
  });

  it('rateAssessment refuses values off the scale without touching history', () => {
    const { doc } = setup();
    const id = value(createPerson(doc, { name: 'Ana' }, ctx()));
    for (const bad of [0, 6, 1.5, Number.NaN, '2', undefined]) {
      expect(codeOf(rateAssessment(doc, id, bad as never, ctx()))).toBe('invalid-assessment');
    }
    expect(value(getPerson(doc, id)).assessmentHistory).toEqual([]);
    expect(codeOf(rateAssessment(doc, 'AAAAAAAAAAAAAAAAAAAAAA', 1, ctx()))).toBe('not-found');
  });

  it('setCardSigned records the status and appends history; unsigning drops the date', () => {
    const { doc } = setup();
    const id = value(createPerson(doc, { name: 'Ana' }, ctx()));
    value(setCardSigned(doc, id, { signed: true, date: '2025-03-14' }, ctx()));
    expect(value(getPerson(doc, id)).card).toEqual({ signed: true, date: '2025-03-14' });
    value(setCardSigned(doc, id, { signed: false, date: '2025-03-20' }, ctx()));
    const p = value(getPerson(doc, id));
    expect(p.card).toEqual({ signed: false });
    expect(p.cardHistory.map((e) => [e.signed, e.date])).toEqual([
      [true, '2025-03-14'],
      [false, undefined],
    ]);
    expect(codeOf(setCardSigned(doc, id, { signed: true, date: '2025-02-29' }, ctx()))).toBe('invalid-date');
    expect(codeOf(setCardSigned(doc, id, { signed: 'yes' } as never, ctx()))).toBe('invalid-value');
    expect(value(getPerson(doc, id)).cardHistory).toHaveLength(2);
  });

  it('setLeader and setCommittee flip their flags', () => {
    const { doc } = setup();
    const id = value(createPerson(doc, { name: 'Ana' }, ctx()));
    expect(value(setLeader(doc, id, true, ctx())).changed).toEqual(['leader']);
    expect(value(setCommittee(doc, id, true, ctx())).changed).toEqual(['committee']);
    expect(value(getPerson(doc, id))).toMatchObject({ leader: true, committee: true });
    expect(codeOf(setLeader(doc, id, 1 as never, ctx()))).toBe('invalid-value');
  });
});

describe('movePerson', () => {
  it('moves to another unit and shift, and refuses unknown targets atomically', () => {
    const { doc, unitId, shiftId } = setup();
    const dock = value(createUnit(doc, { name: 'Dock 3', parentId: unitId }, ctx()));
    const id = value(createPerson(doc, { name: 'Ana', unitId }, ctx()));
    expect([...value(movePerson(doc, id, { unitId: dock, shiftId }, ctx())).changed].sort()).toEqual([
      'shiftId',
      'unitId',
    ]);
    expect(value(getPerson(doc, id))).toMatchObject({ unitId: dock, shiftId });
    const bad = movePerson(doc, id, { unitId: 'AAAAAAAAAAAAAAAAAAAAAA', shiftId: null }, ctx());
    expect(codeOf(bad)).toBe('unknown-unit');
    expect(value(getPerson(doc, id)).shiftId).toBe(shiftId);
    expect(value(movePerson(doc, id, { shiftId: null }, ctx())).changed).toEqual(['shiftId']);
    expect(value(getPerson(doc, id)).unitId).toBe(dock);
  });
});

describe('soft delete', () => {
  it('hides a deleted person from lists but keeps the record for restore', () => {
    const { doc } = setup();
    const id = value(createPerson(doc, { name: 'Ana', assessment: 2 }, ctx()));
    value(createPerson(doc, { name: 'Bo' }, ctx()));
    value(deletePerson(doc, id, ctxFor('organizer-b')));
    expect(listPeople(doc).people.map((p) => p.name)).toEqual(['Bo']);
    expect(listPeople(doc, { includeDeleted: true }).people).toHaveLength(2);
    const gone = value(getPerson(doc, id));
    expect(gone).toMatchObject({ deleted: true, deletedBy: 'organizer-b', assessment: 2 });
    expect(gone.deletedAt).toMatch(/^2025-03-01T/);

    const seen = watch(doc, () => value(deletePerson(doc, id, ctx())));
    expect(seen.updates).toBe(0);

    value(restorePerson(doc, id, ctx()));
    const back = value(getPerson(doc, id));
    expect(back).toMatchObject({ deleted: false, deletedAt: undefined, deletedBy: undefined, assessment: 2 });
    expect(listPeople(doc).people.map((p) => p.name)).toEqual(['Ana', 'Bo']);
    expect(watch(doc, () => value(restorePerson(doc, id, ctx()))).updates).toBe(0);
    expect(codeOf(deletePerson(doc, 'AAAAAAAAAAAAAAAAAAAAAA', ctx()))).toBe('not-found');
  });
});
