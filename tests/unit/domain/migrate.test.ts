/** Schema migrations: v0 → v1 for real, step-by-step registry, refusal of newer or corrupt versions. */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  createPerson,
  listPeople,
  MIGRATION_ORIGIN,
  type Migration,
  migrate,
  migrateV0toV1,
  rateAssessment,
  SCHEMA_VERSION,
  schemaVersionOf,
} from '../../../src/domain';
import { codeOf, ctxFor, replica, syncBoth, value, watch } from '../../support/domain';

const AT = '2024-11-01T09:00:00.000Z';

/** A campaign as version-0 code wrote it: no schemaVersion, string assessments, no histories. */
function v0Doc(): Y.Doc {
  const doc = new Y.Doc();
  doc.transact(() => {
    doc.getMap('meta').set('name', 'Old campaign');
    const people = doc.getMap<Y.Map<unknown>>('people');
    const add = (id: string, name: string, assessment: unknown) => {
      const m = new Y.Map<unknown>();
      people.set(id, m);
      m.set('name', name);
      if (assessment !== undefined) m.set('assessment', assessment);
      m.set('createdAt', AT);
      m.set('createdBy', 'old-device');
      m.set('updatedAt', AT);
    };
    add('person0000000000000001', 'Ana', '1');
    add('person0000000000000002', 'Bo', ' 4 ');
    add('person0000000000000003', 'Cy', '');
    add('person0000000000000004', 'Di', 3);
    add('person0000000000000005', 'Ed', 'high');
    add('person0000000000000006', 'Fa', undefined);
    doc.getMap<unknown>('people').set('junk000000000000000000', 'not a map');
  });
  return doc;
}

describe('migrate', () => {
  it('upgrades a version-0 campaign to version 1', () => {
    const doc = v0Doc();
    expect(schemaVersionOf(doc)).toBe(0);
    expect(listPeople(doc).people.map((p) => p.name)).toEqual(['Di', 'Fa']);

    const seen = watch(doc, () => expect(value(migrate(doc))).toEqual({ from: 0, to: 1 }));
    expect(seen.transactions).toBe(1);
    expect(seen.origins).toEqual([MIGRATION_ORIGIN]);
    expect(schemaVersionOf(doc)).toBe(SCHEMA_VERSION);

    const { people, quarantined } = listPeople(doc);
    expect(people.map((p) => [p.name, p.assessment])).toEqual([
      ['Ana', 1],
      ['Bo', 4],
      ['Cy', null],
      ['Di', 3],
      ['Fa', null],
    ]);
    expect(quarantined.map((q) => [q.id, q.code])).toEqual([
      ['person0000000000000005', 'wrong-type'],
      ['junk000000000000000000', 'not-a-record'],
    ]);
    const ana = doc.getMap<Y.Map<unknown>>('people').get('person0000000000000001');
    expect(ana?.get('assessmentHistory')).toBeInstanceOf(Y.Array);
    expect(ana?.get('cardHistory')).toBeInstanceOf(Y.Array);
    value(rateAssessment(doc, 'person0000000000000001', 2, ctxFor('dev')));
    expect(listPeople(doc).people[0]?.assessmentHistory.map((e) => e.value)).toEqual([2]);
  });

  it('is idempotent: a current doc and a re-run step change nothing', () => {
    const doc = v0Doc();
    value(migrate(doc));
    expect(watch(doc, () => expect(value(migrate(doc))).toEqual({ from: 1, to: 1 })).updates).toBe(0);
    expect(watch(doc, () => doc.transact(() => migrateV0toV1(doc))).updates).toBe(0);
  });

  it('converges when two devices migrate the same doc concurrently', () => {
    const a = v0Doc();
    const b = replica(a);
    value(migrate(a));
    value(migrate(b));
    syncBoth(a, b);
    expect(listPeople(a)).toEqual(listPeople(b));
    expect(listPeople(a).people.map((p) => p.assessment)).toEqual([1, 4, null, 3, null]);
  });

  it('sets the version on an empty doc without creating collections', () => {
    const doc = new Y.Doc();
    value(migrate(doc));
    expect(schemaVersionOf(doc)).toBe(1);
    expect(doc.share.has('people')).toBe(false);
  });

  it('refuses a doc from a newer schema and leaves it untouched', () => {
    const doc = new Y.Doc();
    doc.getMap('meta').set('schemaVersion', SCHEMA_VERSION + 1);
    doc.getMap('people').set('x', 'future shape');
    const seen = watch(doc, () => {
      const r = migrate(doc);
      expect(codeOf(r)).toBe('schema-too-new');
      if (!r.ok)
        expect(r.error.detail).toMatchObject({ version: SCHEMA_VERSION + 1, supported: SCHEMA_VERSION });
    });
    expect(seen.updates).toBe(0);
    expect(codeOf(createPerson(doc, { name: 'Ana' }, ctxFor('dev')))).toBe('schema-too-new');
  });

  it.each([['1'], [-1], [1.5], [Number.NaN], [null], [{}]])('refuses an unreadable version %j', (version) => {
    const doc = new Y.Doc();
    doc.getMap('meta').set('schemaVersion', version);
    expect(codeOf(migrate(doc))).toBe('schema-invalid');
    expect(codeOf(createPerson(doc, { name: 'Ana' }, ctxFor('dev')))).toBe('schema-invalid');
  });

  it('runs registered steps in order, one transaction and version bump each', () => {
    const doc = new Y.Doc();
    const calls: [number, number | null][] = [];
    const step =
      (n: number): Migration =>
      (d) => {
        calls.push([n, schemaVersionOf(d)]);
        d.getMap('meta').set(`step${n}`, true);
      };
    const migrations = new Map([
      [0, step(0)],
      [1, step(1)],
      [2, step(2)],
    ]);
    const seen = watch(doc, () =>
      expect(value(migrate(doc, { migrations, target: 3 }))).toEqual({ from: 0, to: 3 }),
    );
    expect(calls).toEqual([
      [0, 0],
      [1, 1],
      [2, 2],
    ]);
    expect(seen.transactions).toBe(3);
    expect(schemaVersionOf(doc)).toBe(3);
  });

  it('stops at the last good version when a step is missing or throws', () => {
    const doc = new Y.Doc();
    const missing = migrate(doc, { migrations: new Map([[0, () => {}]]), target: 2 });
    expect(codeOf(missing)).toBe('migration-failed');
    expect(schemaVersionOf(doc)).toBe(1);
    const throwing = migrate(doc, {
      migrations: new Map([
        [
          1,
          () => {
            throw new Error('bad step');
          },
        ],
      ]),
      target: 2,
    });
    expect(codeOf(throwing)).toBe('migration-failed');
    if (!throwing.ok) expect(throwing.error.detail).toMatchObject({ from: 1, cause: 'Error: bad step' });
    expect(schemaVersionOf(doc)).toBe(1);
  });
});
