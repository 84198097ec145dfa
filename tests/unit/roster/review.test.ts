/**
 * What the import review must make visible, case by case: header spellings (Calificación …),
 * columns with data and no use, namesakes against repeats, repeats in the file against people
 * already in the campaign, ambiguous dates, damaged names, and the spreadsheet's apostrophe on
 * phones in both directions.
 */
import { describe, expect, it } from 'vitest';
import { createPerson, createShift, createUnit, listPeople } from '../../../src/domain';
import {
  applyImport,
  compareIdentity,
  escapeFormula,
  exportPeopleCsv,
  guessField,
  guessMapping,
  isNamesake,
  looksLossy,
  parseCsvText,
  planImport,
  readDateOrder,
  stripTextMarker,
} from '../../../src/roster';
import { ctxFor, newCampaign, value } from '../../support/domain';

const ctx = () => ctxFor('review');
const phone = (v: string) => ({ kind: 'phone' as const, value: v });

describe('header spellings', () => {
  it('recognises the rating, card date and last-name columns however they are written', () => {
    const cases: Record<string, string> = {
      Calificación: 'assessment',
      CALIFICACION: 'assessment',
      'calificación (1-5)': 'assessment',
      Puntuación: 'assessment',
      Valoración: 'assessment',
      Rating: 'assessment',
      Score: 'assessment',
      'Fecha tarjeta': 'cardDate',
      'Fecha de la tarjeta': 'cardDate',
      'FECHA FIRMA': 'cardDate',
      'Date card signed': 'cardDate',
      Apellido: 'lastName',
      'Segundo apellido': 'lastName',
      'Apellido 2': 'lastName',
      Depto: 'unit',
      'Teléfono celular': 'phone',
      'Tlf.': 'phone',
      Comentario: 'notes',
    };
    for (const [title, field] of Object.entries(cases)) expect(guessField(title), title).toBe(field);
    // A number column is not the person it numbers.
    expect(guessField('Nº empleado')).toBeNull();
    expect(guessField('Employee ID')).toBeNull();
  });

  it('joins first and second surnames into the name', () => {
    const { table } = parseCsvText('Nombre;Apellido 1;Apellido 2\nAna;García;López\n');
    expect(guessMapping(table.columns)).toEqual(['name', 'lastName', 'lastName']);
    const plan = planImport(newCampaign(), table, guessMapping(table.columns));
    expect(plan.rows[0]?.draft.name).toBe('Ana García López');
  });
});

describe('columns with data and no use', () => {
  const csv = 'Name,Badge,Empty,Locker\nAna,B-1,,L-7\nBea,B-2,,\n';

  it('are open questions until each is mapped, kept as a note or skipped', () => {
    const { table } = parseCsvText(csv);
    const open = planImport(newCampaign(), table, guessMapping(table.columns));
    // The empty column holds nothing to lose and is not asked about.
    expect(open.unmapped.map((c) => [c.title, c.filled, c.sample])).toEqual([
      ['Badge', 2, 'B-1'],
      ['Locker', 1, 'L-7'],
    ]);
    const doc = newCampaign();
    expect(applyImport(doc, open, 'add', ctx())).toMatchObject({ ok: false, error: { field: 'columns' } });
    const plan = planImport(doc, table, ['name', 'note', null, 'skip']);
    expect(plan.unmapped).toEqual([]);
    value(applyImport(doc, plan, 'add', ctx()));
    const notes = listPeople(doc).people.map((p) => [p.name, p.notes]);
    expect(notes).toEqual([
      ['Ana', 'Badge: B-1'],
      ['Bea', 'Badge: B-2'],
    ]);
  });

  it('a kept column joins the note column, one "Title: value" line each', () => {
    const { table } = parseCsvText('Name,Notes,Badge,Locker\nAna,Met at lunch,B-1,L-7\n');
    const plan = planImport(newCampaign(), table, ['name', 'notes', 'note', 'note']);
    expect(plan.rows[0]?.draft.notes).toBe('Met at lunch\nBadge: B-1\nLocker: L-7');
  });
});

describe('namesakes and repeats', () => {
  it('compares identifying fields; a shared phone or email makes it the same person', () => {
    const a = { contacts: [phone('600 010 001')], shift: 'Noche', jobTitle: 'Mozo' };
    const b = { contacts: [phone('+34 600 010 999')], shift: 'noche', jobTitle: 'Carretillero' };
    const c = compareIdentity(a, b);
    expect(c.differences.map((d) => d.field)).toEqual(['phone', 'jobTitle']);
    expect(isNamesake(c)).toBe(true);
    const same = compareIdentity({ ...a, shift: 'Día' }, { ...b, contacts: [phone('600-010-001')] });
    expect(same.sharesContact).toBe(true);
    expect(same.differences.map((d) => d.field)).toEqual(['shift', 'jobTitle']);
    expect(isNamesake(same)).toBe(false);
    // Nothing to compare (the row says only the name): a plain repeat.
    expect(isNamesake(compareIdentity({ contacts: [] }, b))).toBe(false);
  });

  it('counts people already in the campaign apart from repeats inside the file and namesakes', () => {
    const doc = newCampaign();
    const dock = value(createUnit(doc, { name: 'Dock 3' }, ctx()));
    const nights = value(createShift(doc, { name: 'Nights' }, ctx()));
    const ana = value(
      createPerson(
        doc,
        { name: 'Ana Ruiz', unitId: dock, shiftId: nights, contacts: [phone('555 010 0001')] },
        ctx(),
      ),
    );
    const { table } = parseCsvText(
      [
        'Name,Unit,Shift,Phone',
        'Ana Ruiz,Dock 3,Nights,555 010 0001', // the person already here
        'Ana Ruiz,Dock 3,Days,555 010 0777', // same name and unit, other phone and shift: a namesake
        'Bo Lee,Dock 3,Days,555 010 0002',
        'BO LEE,Dock 3,days,', // repeats the row above
      ].join('\n'),
    );
    const plan = planImport(doc, table, guessMapping(table.columns));
    expect([plan.existing, plan.repeats, plan.namesakes, plan.duplicates]).toEqual([1, 1, 1, 2]);
    expect(plan.rows.map((r) => [r.row, r.duplicate?.kind ?? null, r.namesake ?? false])).toEqual([
      [2, 'person', false],
      [3, 'person', true],
      [4, null, false],
      [5, 'row', false],
    ]);
    expect(plan.rows[1]?.differences).toEqual([
      { field: 'phone', file: '555 010 0777', other: '555 010 0001' },
      { field: 'shift', file: 'Days', other: 'Nights' },
    ]);
    // "Skip" for repeats does not skip the namesake; "merge" does not fold her into Ana either.
    for (const choice of ['skip', 'merge'] as const) {
      const d = newCampaign();
      const p = planImport(d, table, guessMapping(table.columns));
      const s = value(applyImport(d, p, choice, ctx()));
      // Both Anas are added either way; only the in-file repeat of Bo follows the choice.
      expect(s, choice).toMatchObject({ added: 3, skipped: choice === 'skip' ? 1 : 0 });
    }
    const s = value(applyImport(doc, plan, 'skip', ctx()));
    expect(s).toMatchObject({ added: 2, skipped: 2 });
    expect(
      listPeople(doc)
        .people.filter((p) => p.name === 'Ana Ruiz')
        .map((p) => p.id),
    ).toContain(ana);
    expect(listPeople(doc).people.filter((p) => p.name === 'Ana Ruiz')).toHaveLength(2);
    // A per-row choice still wins over the suggestion.
    const again = newCampaign();
    const p2 = planImport(again, table, guessMapping(table.columns));
    const s2 = value(applyImport(again, p2, (r) => (r.namesake ? 'skip' : 'add'), ctx()));
    expect(s2).toMatchObject({ added: 3, skipped: 1 });
  });

  it('a brand-new campaign has nobody "already in the campaign"', () => {
    const { table } = parseCsvText('Name,Unit\nAna,Dock\nana,dock\nAna , DOCK\n');
    const plan = planImport(newCampaign(), table, guessMapping(table.columns));
    expect([plan.existing, plan.repeats]).toEqual([0, 2]);
  });
});

describe('dates that read both ways', () => {
  const cells = (...values: string[]) => values.map((value, i) => ({ row: i + 2, value }));

  it('asks when every slashed date has a day ≤ 12; ISO dates never ask', () => {
    expect(readDateOrder(cells('03/10/2026', '2026-10-03', '11/02/2026'))).toMatchObject({
      how: 'ask',
      order: null,
      slashed: 2,
      example: { row: 2, value: '03/10/2026' },
    });
    expect(readDateOrder(cells('2026-10-03', '2026-01-02', ''))).toMatchObject({ how: 'none', slashed: 0 });
    expect(readDateOrder(cells('03/10/2026'), 'mdy')).toMatchObject({ how: 'chosen', order: 'mdy' });
  });

  it('infers the order from a date with a part over 12, and says which one', () => {
    expect(readDateOrder(cells('03/10/2026', '25/03/2026'))).toMatchObject({
      how: 'inferred',
      order: 'dmy',
      evidence: { row: 3, value: '25/03/2026', order: 'dmy' },
    });
    expect(readDateOrder(cells('03/10/2026', '03/25/2026'))).toMatchObject({ how: 'inferred', order: 'mdy' });
    // Both orders in one file: asked, and flagged so the user knows some dates will not read.
    expect(readDateOrder(cells('25/03/2026', '03/25/2026'))).toMatchObject({ how: 'ask', mixed: true });
  });

  it('leaves ambiguous dates unread (never guessed from the phone’s language) until answered', () => {
    const { table } = parseCsvText('Name,Card date\nAna,03/10/2026\nBea,2026-10-03\n');
    const plan = planImport(newCampaign(), table, guessMapping(table.columns));
    expect(plan.dates.how).toBe('ask');
    expect(plan.problems).toEqual([]);
    expect(plan.rows.map((r) => r.draft.card)).toEqual([
      { signed: true },
      { signed: true, date: '2026-10-03' },
    ]);
    expect(applyImport(newCampaign(), plan, 'add', ctx())).toMatchObject({
      ok: false,
      error: { field: 'dateOrder' },
    });
    const dmy = planImport(newCampaign(), table, guessMapping(table.columns), { dateOrder: 'dmy' });
    expect(dmy.rows[0]?.draft.card).toEqual({ signed: true, date: '2026-10-03' });
  });
});

describe('damaged names and company cards', () => {
  it('flags "?" and U+FFFD in names (not "?" in notes), and imports the row as written', () => {
    expect(looksLossy('Jos? Mu?oz', true)).toBe(true);
    expect(looksLossy('Jos\uFFFD', true)).toBe(true);
    expect(looksLossy('¿Vendrá el martes?', false)).toBe(false);
    const { table } = parseCsvText('Name,Notes\nJos\uFFFD Mu\uFFFDoz,\nAna,¿Vendrá?\n');
    const plan = planImport(newCampaign(), table, guessMapping(table.columns));
    expect(plan.damaged).toBe(1);
    expect(plan.problems.map((p) => [p.row, p.code, p.skipped])).toEqual([[2, 'damaged-text', false]]);
    expect(plan.rows).toHaveLength(2);
  });
});

describe('the spreadsheet apostrophe on phone numbers', () => {
  it('is stripped on import from phones and dates, and never added to a phone on export', () => {
    expect(stripTextMarker("'600 010 401")).toBe('600 010 401');
    expect(stripTextMarker("'+34 600 010 401")).toBe('+34 600 010 401');
    expect(stripTextMarker("'(555) 010-0001")).toBe('(555) 010-0001');
    expect(stripTextMarker("O'Brien")).toBe("O'Brien");
    const { table } = parseCsvText("Name,Phone,WhatsApp\nAna,'0034 600 010 401,'+34 600 010 402\n");
    const plan = planImport(newCampaign(), table, guessMapping(table.columns));
    expect(plan.rows[0]?.draft.contacts.map((c) => c.value)).toEqual(['0034 600 010 401', '+34 600 010 402']);

    // Export: a phone number passes as it is; anything that could be a formula keeps the guard.
    for (const v of ['+34 600 010 401', '+1 (555) 010-0001', '-555 010 0001'])
      expect(escapeFormula(v)).toBe(v);
    for (const v of ['=1+2', '+1 trick', '-3', '@SUM(A1)', '+34 600 010 401 =cmd', '=600010401']) {
      expect(escapeFormula(v), v).toBe(`'${v}`);
    }
    const doc = newCampaign();
    value(createPerson(doc, { name: 'Ana', contacts: [phone('+34 600 010 401')] }, ctx()));
    const csv = exportPeopleCsv(doc);
    expect(csv).toContain(',+34 600 010 401,');
    expect(csv).not.toContain("'+34");
  });
});
