/**
 * Importing a roster: planning (units and shifts created as needed, duplicates, problems by row)
 * and applying (one transaction, all or nothing, merge/skip/add).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  createPerson,
  createShift,
  createUnit,
  LIMITS,
  listPeople,
  listShifts,
  listUnits,
  runBatch,
} from '../../../src/domain';
import {
  applyImport,
  guessMapping,
  type ImportPlan,
  type Mapping,
  parseCsvBytes,
  parseCsvText,
  planImport,
  type Table,
} from '../../../src/roster';
import { ROSTER_DIR } from '../../fixtures/make-roster-fixtures';
import { ctxFor, newCampaign, value, watch } from '../../support/domain';

const ctx = () => ctxFor('importer');
const fixture = (name: string): Table =>
  parseCsvBytes(new Uint8Array(readFileSync(join(ROSTER_DIR, name)))).table;
const guessed = (t: Table): Mapping => guessMapping(t.columns);

function importFile(doc: Y.Doc, name: string, choice: 'merge' | 'skip' | 'add' = 'skip') {
  const table = fixture(name);
  const plan = planImport(doc, table, guessed(table));
  return { plan, summary: value(applyImport(doc, plan, choice, ctx())) };
}

const byName = (doc: Y.Doc) => new Map(listPeople(doc).people.map((p) => [p.name, p]));
const unitPaths = (doc: Y.Doc) => listUnits(doc).map((u) => u.path);

/** A campaign that already holds a few people, for duplicate checks. */
function seeded() {
  const doc = newCampaign();
  const inbound = value(createUnit(doc, { name: 'Inbound' }, ctx()));
  const dock3 = value(createUnit(doc, { name: 'Dock 3', parentId: inbound }, ctx()));
  const outbound = value(createUnit(doc, { name: 'Outbound' }, ctx()));
  const nights = value(createShift(doc, { name: 'Nights' }, ctx()));
  const jose = value(
    createPerson(
      doc,
      {
        name: 'José Ramírez',
        unitId: dock3,
        shiftId: nights,
        tags: ['heat'],
        notes: 'Met in March',
        assessment: 3,
      },
      ctx(),
    ),
  );
  const phone = value(
    createPerson(doc, { name: 'Sam Okoro', contacts: [{ kind: 'phone', value: '555-010-2000' }] }, ctx()),
  );
  const email = value(
    createPerson(doc, { name: 'Ana Torres', contacts: [{ kind: 'email', value: 'ana@example.org' }] }, ctx()),
  );
  return { doc, ids: { inbound, dock3, outbound, nights, jose, phone, email } };
}

describe('planning', () => {
  it('creates units along paths (› or >), nested, once, and reuses existing units and shifts', () => {
    const { doc, ids } = seeded();
    const table = fixture('utf8-comma.csv');
    const plan = planImport(doc, table, guessed(table));
    expect(plan.problems).toEqual([]);
    // "Inbound › Dock 3" and "Inbound > Dock 3" exist already; Outbound too.
    expect(plan.rows[0]?.unit).toEqual({ id: ids.dock3 });
    expect(plan.rows[1]?.unit).toEqual({ id: ids.dock3 });
    expect(plan.newUnits.map((u) => u.path)).toEqual(['Quality']);
    expect(plan.newShifts.map((s) => s.name)).toEqual(['Days', 'Swing']);
    expect(plan.rows[0]?.shift).toEqual({ id: ids.nights });
  });

  it('reads every field of the Spanish file: day-first dates, Sí, A favor, nested Almacén > Muelle 2', () => {
    const doc = newCampaign();
    const { summary } = importFile(doc, 'utf8-bom-semicolon.csv');
    expect(summary).toMatchObject({ added: 4, unitsCreated: 3, shiftsCreated: 2 });
    expect(unitPaths(doc)).toEqual(['Almacén', 'Almacén › Muelle 2', 'Expediciones']);
    expect(listShifts(doc).map((s) => s.name)).toEqual(['Noche', 'Mañana']);
    const maria = byName(doc).get('María Fernández');
    expect(maria).toMatchObject({
      codeName: 'La Jefa',
      jobTitle: 'Carretillera',
      contacts: [
        { kind: 'phone', value: '+34 600 010 201' },
        { kind: 'email', value: 'maria@example.org' },
      ],
      assessment: 2,
      leader: true,
      card: { signed: true, date: '2025-03-25' },
      tags: ['calor', 'descansos'],
      notes: 'Habla con todos',
    });
    expect(maria?.assessmentHistory).toHaveLength(1);
    expect(maria?.cardHistory).toHaveLength(1);
    expect(byName(doc).get('Íñigo Sáez')?.assessment).toBe(4);
    expect(byName(doc).get('Begoña Etxeberria')).toMatchObject({ assessment: 1, card: { signed: true } });
  });

  it('imports each file of the corpus', () => {
    const expected: Record<string, string[]> = {
      'windows-1252-semicolon.csv': ['Agustín Güell', 'Begoña Muñoz', 'Noémie Lefèvre'],
      'latin1-comma.csv': ['Ángela Núñez', 'Björn Åström', 'François Lefèvre'],
      'quoted-newlines.csv': ['Last Person', 'Lee Wong', 'Okafor, Chidi', 'Priya Raman'],
      'blank-lines-trailing-columns.csv': ['Alice Martin', 'Bob Chen', 'Carla Díaz'],
      'excel-sep-line.csv': ['Ines Ruiz', 'Pat Kim'],
      'utf16-tab.csv': ['Łucja Wiśniewska', '王小明'],
    };
    for (const [name, names] of Object.entries(expected)) {
      const doc = newCampaign();
      const { plan } = importFile(doc, name);
      expect(plan.problems, name).toEqual([]);
      expect(
        listPeople(doc)
          .people.map((p) => p.name)
          .sort(),
        name,
      ).toEqual([...names].sort());
    }
    const doc = newCampaign();
    importFile(doc, 'quoted-newlines.csv');
    const okafor = byName(doc).get('Okafor, Chidi');
    expect(okafor?.notes).toBe('Line one\nLine two, with a comma\nLine "three"');
    expect(byName(doc).get('Priya Raman')?.tags).toEqual(['a', 'b']);
    const w = newCampaign();
    importFile(w, 'windows-1252-semicolon.csv');
    expect(byName(w).get('Begoña Muñoz')?.notes).toBe('Dice “sí” – pero con miedo');
  });

  it('lists row-level problems by row number, and the rest imports', () => {
    const doc = newCampaign();
    const { plan, summary } = importFile(doc, 'bad-rows.csv');
    expect(plan.problems.map((p) => [p.row, p.code, p.skipped])).toEqual([
      [3, 'missing-name', true],
      [4, 'unknown-assessment', false],
      [5, 'bad-date', false],
      [6, 'unknown-yes-no', false],
      [7, 'bad-date', false],
      [8, 'next-step-needs-date', false],
      [9, 'name-too-long', true],
      [10, 'unknown-card', false],
    ]);
    expect(plan.skipped).toBe(2);
    expect(summary.added).toBe(8);
    const people = byName(doc);
    expect(people.get('Good One')).toMatchObject({
      assessment: 2,
      leader: true,
      card: { signed: true, date: '2025-01-15' },
      nextFollowUp: { text: 'Call about the meeting', due: '2025-02-01' },
    });
    expect(people.get('Bad Rating')?.assessment).toBeNull();
    expect(people.get('Bad Date')).toMatchObject({ assessment: 3, card: { signed: true } });
    expect(people.get('Bad Date')?.card.date).toBeUndefined();
    expect(people.get('Bad Step')?.nextFollowUp).toBeUndefined();
    expect(people.get('Last Good')).toMatchObject({ assessment: 5, leader: false });
  });

  it('refuses nothing the domain would refuse later: over-long fields are reported and left out', () => {
    const doc = newCampaign();
    const long = 'x'.repeat(LIMITS.jobTitle + 1);
    const tags = Array.from({ length: LIMITS.tags + 5 }, (_, i) => `t${i}`).join(', ');
    const { table } = parseCsvText(`Name,Job title,Tags,Unit\nAna,${long},"${tags}",${'u'.repeat(201)}\n`);
    const plan = planImport(doc, table, guessed(table));
    expect(plan.problems.map((p) => [p.row, p.code, p.field])).toEqual([
      [2, 'too-long', 'jobTitle'],
      [2, 'too-long', 'unit'],
      [2, 'too-many', 'tags'],
    ]);
    value(applyImport(doc, plan, 'add', ctx()));
    expect(byName(doc).get('Ana')?.tags).toHaveLength(LIMITS.tags);
  });

  it('joins first and last name columns, and combines several phone columns', () => {
    const doc = newCampaign();
    const { table } = parseCsvText(
      'Nombre,Apellidos,Teléfono 1,Teléfono 2\nAna,García López,600 000 001,600 000 002\n',
    );
    value(applyImport(doc, planImport(doc, table, guessed(table)), 'add', ctx()));
    expect(
      byName(doc)
        .get('Ana García López')
        ?.contacts.map((c) => c.value),
    ).toEqual(['600 000 001', '600 000 002']);
  });

  it('uses the mapping the user chose, not the guess', () => {
    const doc = newCampaign();
    const { table } = parseCsvText('Worker,Dept code,Phone\nAna,D3,555\n');
    // The phone column has data: left undecided, the plan asks about it and cannot be applied.
    const open = planImport(doc, table, ['name', 'unit', null]);
    expect(open.unmapped).toEqual([{ column: 2, title: 'Phone', filled: 1, sample: '555' }]);
    expect(applyImport(doc, open, 'add', ctx())).toMatchObject({
      ok: false,
      error: { code: 'invalid-value' },
    });
    expect(listPeople(doc).people).toEqual([]);
    const plan = planImport(doc, table, ['name', 'unit', 'skip']);
    expect(plan.unmapped).toEqual([]);
    value(applyImport(doc, plan, 'add', ctx()));
    expect(byName(doc).get('Ana')).toMatchObject({ contacts: [] });
    expect(unitPaths(doc)).toEqual(['D3']);
  });
});

describe('duplicates', () => {
  function plan() {
    const s = seeded();
    const table = fixture('duplicates.csv');
    return { ...s, plan: planImport(s.doc, table, guessed(table)) };
  }

  it('finds people already there by name + unit, phone or email, and repeats within the file', () => {
    const { plan: p, ids } = plan();
    expect(p.rows.map((r) => [r.row, r.duplicate?.kind, r.duplicate?.reason])).toEqual([
      [2, 'person', 'name-unit'],
      [3, 'person', 'phone'],
      [4, 'person', 'email'],
      [5, undefined, undefined],
      [6, 'row', 'name-unit'],
      [7, 'row', 'phone'],
      [8, undefined, undefined],
    ]);
    expect(p.rows[0]?.duplicate).toMatchObject({ id: ids.jose });
    expect(p.rows[1]?.duplicate).toMatchObject({ id: ids.phone });
    expect(p.rows[2]?.duplicate).toMatchObject({ id: ids.email });
    expect(p.rows[5]?.duplicate).toMatchObject({ row: 5 });
    expect(p.duplicates).toBe(5);
  });

  it('skip: only rows that are nobody yet are added', () => {
    const { doc, plan: p } = plan();
    const before = listPeople(doc).people.length;
    const s = value(applyImport(doc, p, 'skip', ctx()));
    expect(s).toMatchObject({ added: 2, merged: 0, skipped: 5 });
    expect(listPeople(doc).people.length).toBe(before + 2);
    // Units used only by skipped rows are not created.
    expect(unitPaths(doc)).toEqual(['Inbound', 'Inbound › Dock 3', 'Outbound', 'Quality']);
  });

  it('add: every row becomes a person', () => {
    const { doc, plan: p } = plan();
    const before = listPeople(doc).people.length;
    expect(value(applyImport(doc, p, 'add', ctx())).added).toBe(7);
    expect(listPeople(doc).people.length).toBe(before + 7);
  });

  it('merge: fills in and adds to the person already there, never overwriting the name', () => {
    const { doc, plan: p, ids } = plan();
    const before = listPeople(doc).people.length;
    const s = value(applyImport(doc, p, 'merge', ctx()));
    // Row 4 only repeats Ana's email, row 6 only Fresh Face's name: nothing to change for them.
    expect(s).toMatchObject({ added: 2, merged: 3, unchanged: 2, skipped: 0 });
    expect(listPeople(doc).people.length).toBe(before + 2);
    const jose = listPeople(doc).people.find((x) => x.id === ids.jose);
    expect(jose).toMatchObject({
      name: 'José Ramírez',
      tags: ['heat', 'nights'],
      notes: 'Met in March\n\nSeen again',
      assessment: 3,
    });
    const sam = listPeople(doc).people.find((x) => x.id === ids.phone);
    expect(sam?.name).toBe('Sam Okoro');
    expect(sam?.unitId).toBe(ids.outbound);
    const fresh = byName(doc).get('Fresh Face');
    expect(fresh?.contacts).toEqual([{ kind: 'phone', value: '555 010 3000' }]); // the twin's number is the same
    expect(fresh?.unitId).toBe(listUnits(doc).find((u) => u.name === 'Quality')?.id); // the later row's unit
  });

  it('per-row choices override the global one', () => {
    const { doc, plan: p, ids } = plan();
    const s = value(
      applyImport(doc, p, (r) => (r.row === 2 ? 'merge' : r.row === 6 ? 'add' : 'skip'), ctx()),
    );
    expect(s).toMatchObject({ added: 3, merged: 1, skipped: 3 });
    expect(listPeople(doc).people.find((x) => x.id === ids.jose)?.tags).toEqual(['heat', 'nights']);
    expect(listPeople(doc).people.filter((x) => x.name.toLowerCase() === 'fresh face')).toHaveLength(2);
  });

  it('merging the same file twice changes nothing the second time', () => {
    const { doc } = plan();
    const table = fixture('utf8-comma.csv');
    value(applyImport(doc, planImport(doc, table, guessed(table)), 'merge', ctx()));
    const again = planImport(doc, table, guessed(table));
    expect(again.rows.every((r) => r.duplicate?.kind === 'person')).toBe(true);
    expect(again.newUnits).toEqual([]);
    const seen = watch(doc, () => {
      const s = value(applyImport(doc, again, 'merge', ctx()));
      expect(s).toMatchObject({ added: 0, merged: 0, unchanged: 5 });
    });
    expect(seen.updates).toBe(0);
  });
});

describe('applying', () => {
  it('is ONE transaction and ONE update, with the caller’s origin', () => {
    const doc = newCampaign();
    const table = fixture('utf8-comma.csv');
    const p = planImport(doc, table, guessed(table));
    const origin = Symbol('import');
    const clientID = doc.clientID;
    const seen = watch(doc, () => value(applyImport(doc, p, 'add', { ...ctx(), origin })));
    expect(seen).toMatchObject({ transactions: 1, updates: 1, origins: [origin] });
    expect(listPeople(doc).people).toHaveLength(5);
    // The import is this device's own edit: same client id, one entry in the state vector.
    expect(doc.clientID).toBe(clientID);
    expect([...Y.decodeStateVector(Y.encodeStateVector(doc)).keys()]).toEqual([clientID]);
  });

  it('changes nothing at all when any write is refused halfway', () => {
    const doc = newCampaign();
    const table = fixture('utf8-comma.csv');
    const p: ImportPlan = planImport(doc, table, guessed(table));
    // Sabotage the last row after planning, as a concurrent edit or a bug could: its shift vanished.
    const broken: ImportPlan = {
      ...p,
      rows: p.rows.map((r, i) =>
        i === p.rows.length - 1 ? { ...r, shift: { id: 'AAAAAAAAAAAAAAAAAAAAAA' } } : r,
      ),
    };
    const before = Y.encodeStateAsUpdate(doc);
    const seen = watch(doc, () => {
      const r = applyImport(doc, broken, 'add', ctx());
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('unknown-shift');
    });
    expect(seen.transactions).toBe(0);
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
    expect(listPeople(doc).people).toHaveLength(0);
    expect(listUnits(doc)).toHaveLength(0);
  });

  it('runBatch leaves the doc untouched when the body throws anything', () => {
    const doc = newCampaign();
    const before = Y.encodeStateAsUpdate(doc);
    expect(() =>
      runBatch(doc, ctx(), (scratch) => {
        value(createPerson(scratch, { name: 'Half' }, ctx()));
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
  });

  it('a peer that receives the one update sees the whole import', () => {
    const doc = newCampaign();
    const peer = new Y.Doc();
    Y.applyUpdate(peer, Y.encodeStateAsUpdate(doc));
    doc.on('update', (u: Uint8Array) => Y.applyUpdate(peer, u, 'peer'));
    importFile(doc, 'utf8-bom-semicolon.csv');
    expect(listPeople(peer).people.map((p) => p.name)).toEqual(listPeople(doc).people.map((p) => p.name));
    expect(unitPaths(peer)).toEqual(unitPaths(doc));
  });

  it('merges with a concurrent edit made on another phone', () => {
    const doc = newCampaign();
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
    value(createPerson(other, { name: 'Made Elsewhere' }, ctxFor('other-phone')));
    const table = fixture('utf8-comma.csv');
    value(applyImport(doc, planImport(doc, table, guessed(table)), 'add', ctx()));
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(other)));
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other, Y.encodeStateVector(doc)));
    const names = (d: Y.Doc) => listPeople(d).people.map((x) => x.name);
    expect(names(doc)).toHaveLength(6);
    expect(names(other)).toEqual(names(doc));
  });

  it('imports 10,000 rows in one update', () => {
    const lines = ['Name,Unit,Shift,Phone,Assessment,Tags,Notes'];
    for (let i = 0; i < 10_000; i++) {
      lines.push(
        `Person ${i},Area ${i % 5} › Line ${i % 20},${['Days', 'Nights'][i % 2]},555 01${String(i).padStart(5, '0')},${(i % 5) + 1},"a, b","note ${i}\nsecond line"`,
      );
    }
    const { table } = parseCsvText(lines.join('\r\n'));
    const doc = newCampaign();
    const p = planImport(doc, table, guessed(table));
    expect(p.problems).toEqual([]);
    expect(p.duplicates).toBe(0);
    const seen = watch(doc, () => value(applyImport(doc, p, 'skip', ctx())));
    expect(seen.updates).toBe(1);
    expect(listPeople(doc).people).toHaveLength(10_000);
    expect(listUnits(doc)).toHaveLength(25);
  });
});
