/**
 * A real-world-style Spanish export (tests/fixtures/roster/es-export-*.csv, Windows-1252 and
 * UTF-8) imports with nothing silently dropped: every column is used or explicitly set aside,
 * the day-and-month dates are asked about once, namesakes are added, the in-file repeat is told
 * apart from people already in the campaign, case-different shifts are one shift, the damaged
 * name is flagged, and phones lose the spreadsheet's apostrophe. Counts and each row's outcome.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createShift, listPeople, listShifts, listUnits } from '../../../src/domain';
import {
  applyImport,
  decideRow,
  guessMapping,
  type ImportPlan,
  type Mapping,
  parseCsvBytes,
  planImport,
  type Table,
} from '../../../src/roster';
import { ROSTER_DIR } from '../../fixtures/make-roster-fixtures';
import { ctxFor, newCampaign, value } from '../../support/domain';

const ctx = () => ctxFor('importer');
const FILES = ['es-export-cp1252.csv', 'es-export-utf8.csv'] as const;
const read = (name: string): Table =>
  parseCsvBytes(new Uint8Array(readFileSync(join(ROSTER_DIR, name)))).table;

/** Each row's outcome with a choice for repeats: added, skipped, or left out (with the reason). */
function outcomes(table: Table, plan: ImportPlan, choose: 'merge' | 'skip' | 'add'): [number, string][] {
  const planned = new Map(plan.rows.map((r) => [r.row, r]));
  return table.rows.map(({ row }) => {
    const r = planned.get(row);
    if (!r) return [row, `left out: ${plan.problems.find((p) => p.row === row && p.skipped)?.code}`];
    const how = r.namesake ? 'namesake' : r.duplicate ? `repeat of ${r.duplicate.kind}` : 'new';
    return [row, `${decideRow(r, choose)} (${how})`];
  });
}

describe.each(FILES)('the Spanish export %s', (name) => {
  it('recognises every Spanish header but one, and that one must be chosen', () => {
    const table = read(name);
    expect(table.source.encoding).toBe(name.includes('cp1252') ? 'windows-1252' : 'utf-8');
    expect(guessMapping(table.columns)).toEqual([
      'name',
      'lastName',
      'unit',
      'shift',
      'phone',
      'assessment',
      'cardDate',
      'notes',
      null,
    ]);
    const plan = planImport(newCampaign(), table, guessMapping(table.columns));
    expect(plan.unmapped).toEqual([{ column: 8, title: 'Nº empleado', filled: 10, sample: 'E-101' }]);
    // Every slashed date has a day ≤ 12: the question is asked, with the first as the example.
    expect(plan.dates).toMatchObject({ how: 'ask', order: null, slashed: 5, mixed: false });
    expect(plan.dates.example).toEqual({ row: 2, value: '03/10/2026' });
    expect(applyImport(newCampaign(), plan, 'skip', ctx()).ok).toBe(false);
  });

  it('plans counts and each row’s outcome once the questions are answered', () => {
    const doc = newCampaign();
    const table = read(name);
    const mapping: Mapping = guessMapping(table.columns).map((f, i) => (i === 8 ? 'note' : f));
    const plan = planImport(doc, table, mapping, { dateOrder: 'dmy' });
    expect(plan.unmapped).toEqual([]);
    expect(plan.dates).toMatchObject({ how: 'chosen', order: 'dmy' });
    expect({
      rows: plan.rows.length,
      existing: plan.existing,
      repeats: plan.repeats,
      namesakes: plan.namesakes,
      duplicates: plan.duplicates,
      skipped: plan.skipped,
      damaged: plan.damaged,
    }).toEqual({ rows: 10, existing: 0, repeats: 1, namesakes: 1, duplicates: 1, skipped: 1, damaged: 1 });
    expect(plan.newShifts.map((s) => s.name)).toEqual(['Noche', 'Mañana', 'Tarde']);
    expect(plan.newUnits.map((u) => u.path)).toEqual(['Almacén', 'Expediciones', 'Recepción']);
    expect(plan.problems.map((p) => [p.row, p.code, p.field, p.value, p.skipped])).toEqual([
      [8, 'damaged-text', 'name', 'Jos? Pe?a', false],
      [10, 'missing-name', 'name', undefined, true],
      [11, 'unknown-assessment', 'assessment', 'muy maja', false],
    ]);
    expect(outcomes(table, plan, 'skip')).toEqual([
      [2, 'add (new)'],
      [3, 'add (new)'],
      [4, 'add (new)'],
      [5, 'add (namesake)'],
      [6, 'add (new)'],
      [7, 'skip (repeat of row)'],
      [8, 'add (new)'],
      [9, 'add (new)'],
      [10, 'left out: missing-name'],
      [11, 'add (new)'],
      [12, 'add (new)'],
    ]);
    // The namesake shows how it differs from the row it shares a name with.
    const maria = plan.rows.find((r) => r.row === 5);
    expect(maria?.duplicate).toMatchObject({ kind: 'row', row: 4, reason: 'name-unit' });
    expect(maria?.differences).toEqual([
      { field: 'phone', file: '600 010 499', other: '600 010 403' },
      { field: 'shift', file: 'Mañana', other: 'Noche' },
    ]);
    expect(plan.rows.find((r) => r.row === 7)?.duplicate).toMatchObject({ kind: 'row', row: 6 });

    const summary = value(applyImport(doc, plan, 'skip', ctx()));
    expect(summary).toMatchObject({ added: 9, merged: 0, skipped: 1, unitsCreated: 3, shiftsCreated: 3 });
    const people = listPeople(doc).people;
    expect(people).toHaveLength(9);
    const shiftName = new Map(listShifts(doc).map((s) => [s.id, s.name]));
    const who = (full: string) => people.filter((p) => p.name === full);
    expect(who('Begoña Muñoz')[0]).toMatchObject({
      contacts: [{ kind: 'phone', value: '600 010 401' }],
      assessment: 2,
      card: { signed: true, date: '2026-10-03' },
      notes: 'Habla con todos\nNº empleado: E-101',
    });
    expect(who('Agustín Güell')[0]?.card).toEqual({ signed: true, date: '2026-10-03' });
    expect(who('Íñigo Sáez')[0]).toMatchObject({ assessment: 4, card: { signed: true, date: '2026-12-01' } });
    expect(who('Chidi Okafor')[0]?.contacts).toEqual([{ kind: 'phone', value: '+34 600 010 411' }]);
    expect(who('Lucía Pérez')[0]?.assessment).toBeNull();
    expect(who('María García').map((p) => shiftName.get(p.shiftId ?? ''))).toEqual(
      expect.arrayContaining(['Noche', 'Mañana']),
    );
    expect(who('Jos? Pe?a')).toHaveLength(1);
    expect(listShifts(doc).map((s) => s.name)).toEqual(['Noche', 'Mañana', 'Tarde']);
    expect(listUnits(doc)).toHaveLength(3);
    // Every cell with data went somewhere: a field, the note, or a listed problem.
    const imported = people.reduce((n, p) => n + (p.notes?.match(/Nº empleado: /g)?.length ?? 0), 0);
    expect(imported).toBe(9);
  });

  it('reads the same dates month first when the user says so; ISO dates never change', () => {
    const table = read(name);
    const mapping: Mapping = guessMapping(table.columns).map((f, i) => (i === 8 ? 'skip' : f));
    const plan = planImport(newCampaign(), table, mapping, { dateOrder: 'mdy' });
    const card = (row: number) => plan.rows.find((r) => r.row === row)?.draft.card;
    expect(card(2)).toEqual({ signed: true, date: '2026-03-10' });
    expect(card(3)).toEqual({ signed: true, date: '2026-10-03' });
    expect(card(9)).toEqual({ signed: true, date: '2026-01-12' });
  });

  it('keeps the campaign’s own spelling of a shift that differs only in case or spaces', () => {
    const doc = newCampaign();
    const nights = value(createShift(doc, { name: 'NOCHE' }, ctx()));
    const table = read(name);
    const mapping: Mapping = guessMapping(table.columns).map((f, i) => (i === 8 ? 'skip' : f));
    const plan = planImport(doc, table, mapping, { dateOrder: 'dmy' });
    expect(plan.newShifts.map((s) => s.name)).toEqual(['Mañana', 'Tarde']);
    for (const row of [2, 3, 4, 12]) {
      expect(plan.rows.find((r) => r.row === row)?.shift, String(row)).toEqual({ id: nights });
    }
  });
});
