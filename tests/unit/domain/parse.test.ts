/**
 * Parsers against hostile peer data: every bad record is quarantined with a code, none throws,
 * and nothing reaches Object.prototype.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  auditCampaign,
  createPerson,
  getPerson,
  LIMITS,
  listPeople,
  listShifts,
  listUnits,
  parseIssue,
  parsePerson,
  parseShift,
  parseUnit,
} from '../../../src/domain';
import { ctxFor, newCampaign, value } from '../../support/domain';

const ID = 'p0000000000000000000AA';
const AT = '2025-03-01T10:00:00.000Z';
const base = (): Record<string, unknown> => ({ name: 'Ana', createdAt: AT, createdBy: 'dev', updatedAt: AT });
const entry = (v: unknown) => ({ value: v, at: AT, by: 'dev' });
const big = 'x'.repeat(1_000_000);

afterEach(() => {
  expect(({} as Record<string, unknown>).name).toBeUndefined();
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});

describe('parsePerson', () => {
  it('parses a minimal record with defaults', () => {
    const r = value(parsePerson(ID, base()));
    expect(r).toMatchObject({
      id: ID,
      name: 'Ana',
      assessment: null,
      assessmentHistory: [],
      leader: false,
      committee: false,
      card: { signed: false },
      cardHistory: [],
      contacts: [],
      tags: [],
      deleted: false,
    });
    expect(Object.getPrototypeOf(r)).toBe(Object.prototype);
  });

  const cases: [string, Record<string, unknown>, string, string?][] = [
    ['missing name', { name: undefined }, 'missing', 'name'],
    ['numeric name', { name: 42 }, 'wrong-type', 'name'],
    ['array name', { name: ['Ana'] }, 'wrong-type', 'name'],
    ['object name', { name: { toString: () => 'Ana' } }, 'wrong-type', 'name'],
    ['empty name', { name: '' }, 'empty', 'name'],
    ['blank name', { name: ' \t ' }, 'empty', 'name'],
    ['name over 200', { name: 'x'.repeat(201) }, 'too-long', 'name'],
    ['1 MB name', { name: big }, 'too-long', 'name'],
    ['string assessment', { assessment: '3' }, 'wrong-type', 'assessment'],
    ['assessment 0', { assessment: 0 }, 'invalid-value', 'assessment'],
    ['assessment 6', { assessment: 6 }, 'invalid-value', 'assessment'],
    ['assessment 2.5', { assessment: 2.5 }, 'invalid-value', 'assessment'],
    ['assessment NaN', { assessment: Number.NaN }, 'invalid-value', 'assessment'],
    ['assessment Infinity', { assessment: Number.POSITIVE_INFINITY }, 'invalid-value', 'assessment'],
    ['assessment object', { assessment: { value: 1 } }, 'wrong-type', 'assessment'],
    ['map where array expected', { contacts: { kind: 'phone', value: '1' } }, 'wrong-type', 'contacts'],
    ['unknown contact kind', { contacts: [{ kind: 'fax', value: '1' }] }, 'invalid-value', 'contacts'],
    ['numeric contact value', { contacts: [{ kind: 'phone', value: 5 }] }, 'wrong-type', 'contacts'],
    ['null contact', { contacts: [null] }, 'wrong-type', 'contacts'],
    [
      'too many contacts',
      { contacts: Array(21).fill({ kind: 'phone', value: '1' }) },
      'too-many',
      'contacts',
    ],
    ['huge contact', { contacts: [{ kind: 'email', value: big }] }, 'invalid-value', 'contacts'],
    ['too many tags', { tags: Array.from({ length: 51 }, (_, i) => `t${i}`) }, 'too-many', 'tags'],
    ['long tag', { tags: ['x'.repeat(61)] }, 'invalid-value', 'tags'],
    ['numeric tag', { tags: [1] }, 'wrong-type', 'tags'],
    ['tags as string', { tags: 'a,b' }, 'wrong-type', 'tags'],
    ['notes over 10,000', { notes: 'x'.repeat(LIMITS.notes + 1) }, 'too-long', 'notes'],
    ['notes as number', { notes: 7 }, 'wrong-type', 'notes'],
    ['leader as string', { leader: 'yes' }, 'wrong-type', 'leader'],
    ['committee as 1', { committee: 1 }, 'wrong-type', 'committee'],
    ['deleted as string', { deleted: 'false' }, 'wrong-type', 'deleted'],
    ['card as array', { card: [] }, 'wrong-type', 'card'],
    ['card signed as string', { card: { signed: 'true' } }, 'wrong-type', 'card'],
    ['card bad date', { card: { signed: true, date: '2025-13-01' } }, 'invalid-value', 'card'],
    ['history as map', { assessmentHistory: { 0: entry(1) } }, 'wrong-type', 'assessmentHistory'],
    ['history bad value', { assessmentHistory: [entry(9)] }, 'invalid-value', 'assessmentHistory'],
    ['history string value', { assessmentHistory: [entry('1')] }, 'invalid-value', 'assessmentHistory'],
    [
      'history bad time',
      { assessmentHistory: [{ value: 1, at: 'yesterday', by: 'd' }] },
      'invalid-value',
      'assessmentHistory',
    ],
    [
      'history no author',
      { assessmentHistory: [{ value: 1, at: AT }] },
      'invalid-value',
      'assessmentHistory',
    ],
    ['card history bad', { cardHistory: [{ signed: 1, at: AT, by: 'd' }] }, 'wrong-type', 'cardHistory'],
    ['follow-up bad due', { nextFollowUp: { text: 'x', due: 'tomorrow' } }, 'invalid-value', 'nextFollowUp'],
    [
      'follow-up long text',
      { nextFollowUp: { text: 'x'.repeat(501), due: '2025-01-01' } },
      'too-long',
      'nextFollowUp',
    ],
    ['follow-up as string', { nextFollowUp: 'call her' }, 'wrong-type', 'nextFollowUp'],
    ['unit id __proto__', { unitId: '__proto__' }, 'invalid-value', 'unitId'],
    ['unit id number', { unitId: 5 }, 'wrong-type', 'unitId'],
    ['shift id with spaces', { shiftId: 'a a a a a a a a a a a a' }, 'invalid-value', 'shiftId'],
    ['missing createdAt', { createdAt: undefined }, 'missing', 'createdAt'],
    ['NaN createdAt', { createdAt: Number.NaN }, 'wrong-type', 'createdAt'],
    ['impossible createdAt', { createdAt: '2025-02-30T00:00:00.000Z' }, 'invalid-value', 'createdAt'],
    ['long updatedBy', { updatedBy: 'x'.repeat(129) }, 'invalid-value', 'updatedBy'],
  ];
  it.each(cases)('quarantines %s', (_label, patch, code, field) => {
    const raw = { ...base(), ...patch };
    for (const [k, v] of Object.entries(patch)) if (v === undefined) delete raw[k];
    const r = parsePerson(ID, raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toEqual({ code, field, id: ID, collection: 'people' });
  });

  it.each([
    ['null', null],
    ['string', 'Ana'],
    ['number', 42],
    ['array', [base()]],
    ['Y.Array', new Y.Array()],
    ['Y.Text', new Y.Text('Ana')],
    ['Date', new Date()],
    ['Map', new Map(Object.entries(base()))],
  ])('quarantines a %s where a record is expected', (_label, raw) => {
    const r = parsePerson(ID, raw);
    expect(r.ok ? null : r.error.code).toBe('not-a-record');
  });

  it.each([
    '__proto__',
    'constructor',
    '__defineGetter__',
    'propertyIsEnumerable',
    'short',
    'x'.repeat(65),
    'has space 0000000000000',
    '',
  ])('quarantines the id %j', (id) => {
    const r = parsePerson(id, base());
    expect(r.ok ? null : r.error.code).toBe('invalid-id');
  });

  it('never reads inherited or __proto__ keys from JSON', () => {
    const hostile = JSON.parse(
      `{"__proto__": {"name": "Mallory", "polluted": true}, "createdAt": "${AT}", "createdBy": "d", "updatedAt": "${AT}"}`,
    );
    const r = parsePerson(ID, hostile);
    expect(r.ok ? null : r.error).toEqual({ code: 'missing', field: 'name', id: ID, collection: 'people' });
    const withName = JSON.parse(
      `{"__proto__": {"leader": true}, "name": "Ana", "createdAt": "${AT}", "createdBy": "d", "updatedAt": "${AT}"}`,
    );
    const p = value(parsePerson(ID, withName));
    expect(p.leader).toBe(false);
    expect(Object.hasOwn(p, '__proto__')).toBe(false);
    expect(Object.getPrototypeOf(p)).toBe(Object.prototype);
    const inherited = Object.assign(Object.create({ name: 'Inherited' }), { createdAt: AT });
    expect(parsePerson(ID, inherited).ok).toBe(false);
  });

  it('ignores values planted on Object.prototype by other code', () => {
    const proto = Object.prototype as Record<string, unknown>;
    try {
      proto.committee = true;
      proto.notes = 'planted';
      const p = value(parsePerson(ID, base()));
      expect(p.committee).toBe(false);
      expect(p.notes).toBeUndefined();
    } finally {
      delete proto.committee;
      delete proto.notes;
    }
  });

  it('turns a throwing getter into a quarantine instead of an exception', () => {
    const raw = {
      ...base(),
      get notes(): string {
        throw new Error('boom');
      },
    };
    const r = parsePerson(ID, raw);
    expect(r.ok ? null : r.error.code).toBe('unreadable');
  });

  it('reads only the newest history entries, sorted oldest first', () => {
    const entries = Array.from({ length: 600 }, (_, i) => ({
      value: ((i % 5) + 1) as 1,
      at: new Date(Date.UTC(2025, 0, 1) + (599 - i) * 60_000).toISOString(),
      by: 'd',
    }));
    const p = value(parsePerson(ID, { ...base(), assessmentHistory: entries }));
    expect(p.assessmentHistory).toHaveLength(LIMITS.historyWindow);
    const ats = p.assessmentHistory.map((e) => e.at);
    expect(ats).toEqual([...ats].sort());
    expect(ats[ats.length - 1]).toBe(entries[100]?.at);
  });
});

describe('reading a doc with hostile records', () => {
  it('lists good people and quarantines the bad ones without throwing', () => {
    const doc = newCampaign();
    const ctx = ctxFor('dev');
    const good = value(createPerson(doc, { name: 'Ana', assessment: 1 }, ctx));
    const people = doc.getMap<unknown>('people');
    const evil = value(createPerson(doc, { name: 'Eve' }, ctx));
    (people.get(evil) as Y.Map<unknown>).set('name', big);
    const typed = value(createPerson(doc, { name: 'Tim' }, ctx));
    (people.get(typed) as Y.Map<unknown>).set('assessmentHistory', new Y.Map());
    const proto = value(createPerson(doc, { name: 'Pat' }, ctx));
    (people.get(proto) as Y.Map<unknown>).set('__proto__', { name: 'Mallory', polluted: true });
    people.set('__proto__', new Y.Map());
    people.set('plainplainplainplain00', { ...base() });
    people.set('numbernumbernumber0000', 7);

    const { people: list, quarantined } = listPeople(doc);
    expect(list.map((p) => p.name)).toEqual(['Ana', 'Pat']);
    expect(quarantined.map((q) => [q.id, q.code, q.field]).sort()).toEqual(
      [
        [evil, 'too-long', 'name'],
        [typed, 'wrong-type', 'assessmentHistory'],
        ['__proto__', 'invalid-id', undefined],
        ['plainplainplainplain00', 'not-a-record', undefined],
        ['numbernumbernumber0000', 'not-a-record', undefined],
      ].sort(),
    );
    expect(value(getPerson(doc, good)).assessment).toBe(1);
    expect(getPerson(doc, evil).ok).toBe(false);
    expect(auditCampaign(doc)).toHaveLength(5);
  });

  it('quarantines hostile units and shifts; lists stay usable', () => {
    const doc = newCampaign();
    const units = doc.getMap<unknown>('units');
    const mk = (fields: Record<string, unknown>) => {
      const m = new Y.Map<unknown>();
      for (const [k, v] of Object.entries({ ...base(), ...fields })) m.set(k, v);
      return m;
    };
    units.set('unitunitunitunitunit01', mk({ name: 'Inbound' }));
    units.set('unitunitunitunitunit02', mk({ name: 'Loop', parentId: 'unitunitunitunitunit02' }));
    units.set('unitunitunitunitunit03', mk({ name: 'Bad', estimatedHeadcount: -5 }));
    units.set('unitunitunitunitunit04', mk({ name: 'Bad', order: 'first' }));
    units.set('unitunitunitunitunit05', mk({ name: ['x'] }));
    doc.getMap<unknown>('shifts').set('shiftshiftshiftshift01', mk({ name: 'Nights', order: Number.NaN }));
    expect(listUnits(doc).map((u) => u.path)).toEqual(['Inbound', 'Loop']);
    expect(listShifts(doc)).toEqual([]);
    expect(auditCampaign(doc).map((q) => [q.collection, q.code, q.field])).toEqual([
      ['units', 'invalid-value', 'estimatedHeadcount'],
      ['units', 'wrong-type', 'order'],
      ['units', 'wrong-type', 'name'],
      ['shifts', 'invalid-value', 'order'],
    ]);
  });
});

describe('other parsers', () => {
  it.each([
    ['unit parentId __proto__', () => parseUnit(ID, { ...base(), parentId: '__proto__' }), 'invalid-value'],
    ['unit headcount 1.5', () => parseUnit(ID, { ...base(), estimatedHeadcount: 1.5 }), 'invalid-value'],
    ['unit headcount string', () => parseUnit(ID, { ...base(), estimatedHeadcount: '10' }), 'wrong-type'],
    [
      'shift order Infinity',
      () => parseShift(ID, { ...base(), order: Number.POSITIVE_INFINITY }),
      'invalid-value',
    ],
    ['issue long name', () => parseIssue(ID, { ...base(), name: 'x'.repeat(101) }), 'too-long'],
    ['issue as array', () => parseIssue(ID, []), 'not-a-record'],
  ])('quarantines %s', (_label, parse, code) => {
    const r = parse();
    expect(r.ok ? null : r.error.code).toBe(code);
  });

  it('parses valid units, shifts and issues', () => {
    expect(value(parseUnit(ID, { ...base(), name: 'Dock', estimatedHeadcount: 0 }))).toMatchObject({
      name: 'Dock',
      order: 0,
      estimatedHeadcount: 0,
    });
    expect(value(parseShift(ID, { ...base(), name: 'Days', order: 2 })).order).toBe(2);
    expect(value(parseIssue(ID, { ...base(), name: 'Heat' })).name).toBe('Heat');
  });
});
