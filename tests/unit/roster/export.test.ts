/**
 * Exports: people CSV re-imports losslessly (export → import round trip), cells are safe to open
 * in a spreadsheet, conversations export, and the printable roster's grouping.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  createPerson,
  createShift,
  createUnit,
  listPeople,
  listShifts,
  listUnits,
  logConversation,
  type Person,
} from '../../../src/domain';
import {
  applyImport,
  conversationRows,
  exportPeopleCsv,
  guessMapping,
  parseCsvBytes,
  parseCsvText,
  peopleRows,
  planImport,
  rosterGroups,
} from '../../../src/roster';
import { generateCampaign } from '../../fixtures/campaign-generator';
import { ctxFor, newCampaign, value, watch } from '../../support/domain';

const ctx = () => ctxFor('exporter');

/** What must survive a round trip: every field but ids, stamps and histories; places by name. */
function portable(doc: Y.Doc) {
  const unitPath = new Map(listUnits(doc).map((u) => [u.id, u.path]));
  const shiftName = new Map(listShifts(doc).map((s) => [s.id, s.name]));
  const order = ['phone', 'email', 'signal', 'whatsapp', 'other'];
  return listPeople(doc)
    .people.map((p: Person) => ({
      name: p.name,
      codeName: p.codeName,
      unit: p.unitId && unitPath.get(p.unitId),
      shift: p.shiftId && shiftName.get(p.shiftId),
      jobTitle: p.jobTitle,
      // Contacts come back grouped by kind (one column per kind), in their order within a kind.
      contacts: [...p.contacts].sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind)),
      language: p.language,
      assessment: p.assessment,
      leader: p.leader,
      committee: p.committee,
      card: p.card,
      tags: p.tags,
      nextFollowUp: p.nextFollowUp,
      notes: p.notes,
    }))
    .sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : JSON.stringify(a) < JSON.stringify(b) ? -1 : 1,
    );
}

function roundTrip(source: Y.Doc, lang: 'en' | 'es' = 'en') {
  const csv = exportPeopleCsv(source, lang);
  const { table, problems } = parseCsvBytes(new TextEncoder().encode(csv));
  expect(problems).toEqual([]);
  const mapping = guessMapping(table.columns);
  expect(mapping.every(Boolean)).toBe(true); // every exported column is recognised
  const target = newCampaign();
  const plan = planImport(target, table, mapping);
  expect(plan.problems).toEqual([]);
  // Two coworkers may share a name and unit: in a round trip every row is its own person.
  value(applyImport(target, plan, 'add', ctx()));
  return { csv, target, plan };
}

/** A person with every field filled, including awkward values. */
function awkward(doc: Y.Doc) {
  const inbound = value(createUnit(doc, { name: 'Inbound' }, ctx()));
  const dock = value(createUnit(doc, { name: 'Dock "3", east', parentId: inbound }, ctx()));
  const nights = value(createShift(doc, { name: 'Nights; late' }, ctx()));
  value(
    createPerson(
      doc,
      {
        name: '=HYPERLINK("http://evil.example","click")',
        codeName: '+1 trick',
        unitId: dock,
        shiftId: nights,
        jobTitle: '-Lead- "picker", nights',
        contacts: [
          { kind: 'email', value: 'a@example.org' },
          { kind: 'phone', value: '+1 555 010 0001' },
          { kind: 'phone', value: '555 010 0002' },
          { kind: 'signal', value: '@ana.01' },
          { kind: 'whatsapp', value: '+34 600 010 001' },
          { kind: 'other', value: "Telegram: @ana, 'evenings'" },
        ],
        language: 'es-MX',
        leader: true,
        committee: true,
        tags: ['@heat', 'breaks', 'Ñandú'],
        nextFollowUp: { text: '', due: '2025-04-01' },
        notes: 'Line one\r\nLine two, "quoted"\n\'=1+1\n\n  indented',
        assessment: 1,
        card: { signed: true, date: '2025-02-28' },
      },
      ctx(),
    ),
  );
  value(createPerson(doc, { name: "'Apostrophe", card: { signed: false } }, ctx()));
  value(createPerson(doc, { name: '@handle', tags: [], unitId: inbound }, ctx()));
}

describe('people export', () => {
  it('round-trips a generated campaign losslessly (800 people, every field)', () => {
    const source = new Y.Doc();
    generateCampaign(source, { seed: 7, people: 800, units: 20, shifts: 3 });
    const { target } = roundTrip(source);
    expect(portable(target)).toEqual(portable(source));
    expect(listUnits(target).map((u) => u.path)).toEqual(
      expect.arrayContaining(
        [
          ...new Set(
            listPeople(source)
              .people.map((p) => p.unitId && listUnits(source).find((u) => u.id === p.unitId)?.path)
              .filter(Boolean),
          ),
        ].map(String),
      ),
    );
  });

  it('round-trips awkward values: formulas, quotes, separators, line breaks, apostrophes', () => {
    const source = newCampaign();
    awkward(source);
    for (const lang of ['en', 'es'] as const) {
      const { target } = roundTrip(source, lang);
      expect(portable(target), lang).toEqual(portable(source));
    }
  });

  it('never lets a spreadsheet run a cell: every formula start is quoted', () => {
    const source = newCampaign();
    awkward(source);
    const csv = exportPeopleCsv(source);
    const { table } = parseCsvText(csv);
    for (const row of table.rows) {
      for (const cell of row.cells) {
        // Only a bare phone number may start with + (it cannot call anything; see escapeFormula).
        const phone = /^\+[\d\s().-]+$/.test(cell);
        expect(/^[=+\-@\t\r]/.test(cell) && !phone, cell).toBe(false);
      }
    }
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(csv.startsWith('\uFEFFName,Code name,Unit,')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
  });

  it('writes Spanish headers and yes/no words on request', () => {
    const doc = newCampaign();
    value(createPerson(doc, { name: 'Ana', leader: true }, ctx()));
    const [header, row] = peopleRows(doc, 'es');
    expect(header?.slice(0, 4)).toEqual(['Nombre', 'Apodo', 'Área', 'Turno']);
    expect(row?.[header?.indexOf('Líder') ?? -1]).toBe('sí');
  });

  it('re-importing its own export with merge changes nothing', () => {
    const doc = new Y.Doc();
    generateCampaign(doc, { seed: 3, people: 300, units: 10, shifts: 2 });
    const { table } = parseCsvText(exportPeopleCsv(doc));
    const plan = planImport(doc, table, guessMapping(table.columns));
    expect(plan.newUnits).toEqual([]);
    expect(plan.newShifts).toEqual([]);
    const seen = watch(doc, () => {
      const s = value(applyImport(doc, plan, 'merge', ctx()));
      expect(s.added).toBe(0);
      expect(s.merged).toBe(0);
    });
    expect(seen.updates).toBe(0);
  });
});

describe('conversations export', () => {
  it('lists shared conversations with the person, unit and issues; private ones only when asked', () => {
    const campaign = newCampaign();
    const personal = new Y.Doc();
    const unit = value(createUnit(campaign, { name: 'Dock 3' }, ctx()));
    const ana = value(createPerson(campaign, { name: 'Ana Ruiz', unitId: unit }, ctx()));
    value(
      logConversation(
        { campaign, personal },
        {
          personId: ana,
          at: '2025-02-27T10:00:00.000Z',
          channel: 'in-person',
          newIssueNames: ['Heat'],
          ask: '=sign the card',
          answer: 'yes',
          assessment: 2,
          nextStep: { text: 'Bring the card', due: '2025-03-05' },
        },
        ctx(),
      ),
    );
    value(
      logConversation(
        { campaign, personal },
        { personId: ana, at: '2025-02-28T10:00:00.000Z', notes: 'Private worry', visibility: 'private' },
        ctx(),
      ),
    );
    const shared = conversationRows({ campaign });
    expect(shared).toHaveLength(2);
    expect(shared[1]).toEqual([
      '2025-02-27T10:00:00.000Z',
      'Ana Ruiz',
      'Dock 3',
      'one-on-one',
      'in-person',
      '',
      'Heat',
      '',
      '',
      '',
      '=sign the card',
      'yes',
      '',
      '',
      '2',
      'Bring the card',
      '2025-03-05',
      'shared',
    ]);
    const all = conversationRows({ campaign, personal });
    expect(all.map((r) => r.at(-1))).toEqual(['Visibility', 'private', 'shared']);
  });
});

describe('printable roster', () => {
  it('groups by unit in tree order, then shift order and name; filters by unit subtree and shift', () => {
    const doc = newCampaign();
    const inbound = value(createUnit(doc, { name: 'Inbound' }, ctx()));
    const dock = value(createUnit(doc, { name: 'Dock 3', parentId: inbound }, ctx()));
    const outbound = value(createUnit(doc, { name: 'Outbound' }, ctx()));
    const days = value(createShift(doc, { name: 'Days' }, ctx()));
    const nights = value(createShift(doc, { name: 'Nights' }, ctx()));
    const add = (name: string, unitId?: string, shiftId?: string) =>
      value(
        createPerson(doc, { name, ...(unitId ? { unitId } : {}), ...(shiftId ? { shiftId } : {}) }, ctx()),
      );
    add('Zed', dock, days);
    add('Amy', dock, nights);
    add('Bea', dock, days);
    add('Cy', inbound);
    add('Dee', outbound, nights);
    add('Eve');
    const shape = (groups: ReturnType<typeof rosterGroups>) =>
      groups.map((g) => [g.unitPath, g.people.map((p) => `${p.name}/${p.shift}`)]);
    expect(shape(rosterGroups(doc))).toEqual([
      ['Inbound', ['Cy/']],
      ['Inbound › Dock 3', ['Bea/Days', 'Zed/Days', 'Amy/Nights']],
      ['Outbound', ['Dee/Nights']],
      ['', ['Eve/']],
    ]);
    expect(shape(rosterGroups(doc, { unitId: inbound }))).toEqual([
      ['Inbound', ['Cy/']],
      ['Inbound › Dock 3', ['Bea/Days', 'Zed/Days', 'Amy/Nights']],
    ]);
    expect(shape(rosterGroups(doc, { shiftId: nights }))).toEqual([
      ['Inbound › Dock 3', ['Amy/Nights']],
      ['Outbound', ['Dee/Nights']],
    ]);
    expect(shape(rosterGroups(doc, { unitId: null, shiftId: null }))).toEqual([['', ['Eve/']]]);
  });
});
