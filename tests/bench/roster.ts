/**
 * Roster import figures: a 10,000-row spreadsheet (the people export of a generated campaign, so
 * every column is filled the way real rosters are) imported into an empty campaign — decode and
 * parse, map and plan, apply as one all-or-nothing batch. Baselines from the same run: Papa Parse
 * alone on the same text, and the same people written by plain commands in one transaction on the
 * live doc (what the all-or-nothing scratch copy costs on top).
 */
import Papa from 'papaparse';
import * as Y from 'yjs';
import { createPerson, createShift, createUnit, initCampaign, listPeople } from '../../src/domain';
import {
  applyImport,
  exportPeopleCsv,
  guessMapping,
  parseCsvBytes,
  personInputOf,
  planImport,
} from '../../src/roster';
import { generateCampaign } from '../fixtures/campaign-generator';
import { median, record } from './report';

const gc = () => (globalThis as { gc?: () => void }).gc?.();

function emptyCampaign(): Y.Doc {
  const doc = new Y.Doc();
  initCampaign(doc, { name: 'Bench', by: 'bench' });
  return doc;
}

/** Imports `rows` rows `runs` times and records the median of each stage. */
export async function benchRosterImport(rows = 10_000, runs = 3): Promise<void> {
  const source = new Y.Doc();
  generateCampaign(source, { seed: 8, people: rows, units: 40, shifts: 3 });
  const bytes = new TextEncoder().encode(exportPeopleCsv(source));
  const text = new TextDecoder().decode(bytes);
  source.destroy();

  const papa: number[] = [];
  const parse: number[] = [];
  const plan: number[] = [];
  const apply: number[] = [];
  const total: number[] = [];
  const direct: number[] = [];
  let imported = 0;
  for (let i = 0; i < runs; i++) {
    gc();
    let t = performance.now();
    Papa.parse<string[]>(text, { header: false });
    papa.push(performance.now() - t);

    gc();
    const doc = emptyCampaign();
    const t0 = performance.now();
    const { table } = parseCsvBytes(bytes);
    const t1 = performance.now();
    const p = planImport(doc, table, guessMapping(table.columns));
    const t2 = performance.now();
    const r = applyImport(doc, p, 'add', { by: 'bench' });
    const t3 = performance.now();
    if (!r.ok) throw new Error(`roster bench: import refused (${r.error.code})`);
    imported = listPeople(doc).people.length;
    parse.push(t1 - t0);
    plan.push(t2 - t1);
    apply.push(t3 - t2);
    total.push(t3 - t0);
    doc.destroy();

    // The same commands without the scratch copy: nested in one transaction on the live doc.
    gc();
    const plain = emptyCampaign();
    t = performance.now();
    plain.transact(() => {
      const ctx = { by: 'bench' };
      const units = new Map<string, string>();
      for (const u of p.newUnits) {
        const parentId = u.parent ? ('id' in u.parent ? u.parent.id : units.get(u.parent.newKey)) : undefined;
        const id = createUnit(plain, { name: u.name, ...(parentId ? { parentId } : {}) }, ctx);
        if (id.ok) units.set(u.key, id.value);
      }
      const shifts = new Map<string, string>();
      for (const s of p.newShifts) {
        const id = createShift(plain, { name: s.name }, ctx);
        if (id.ok) shifts.set(s.key, id.value);
      }
      for (const row of p.rows) {
        const unitId = row.unit && 'newKey' in row.unit ? units.get(row.unit.newKey) : undefined;
        const shiftId = row.shift && 'newKey' in row.shift ? shifts.get(row.shift.newKey) : undefined;
        createPerson(plain, personInputOf(row.draft, unitId, shiftId), ctx);
      }
    });
    direct.push(performance.now() - t);
    plain.destroy();
  }
  if (imported !== rows) throw new Error(`roster bench: imported ${imported} of ${rows}`);

  const ms = median(total);
  record({
    figure: `roster import: ${rows.toLocaleString('en')} rows parse + map + apply`,
    value: ms,
    unit: 'ms',
    baseline: median(papa),
    target: '< 2000 ms',
    ok: ms < 2000,
  });
  record({
    figure: `roster import: decode + parse ${rows} rows`,
    value: median(parse),
    unit: 'ms',
    baseline: median(papa),
  });
  record({
    figure: `roster import: map + plan (duplicates, units) ${rows} rows`,
    value: median(plan),
    unit: 'ms',
  });
  record({
    figure: `roster import: apply ${rows} rows as one all-or-nothing batch`,
    value: median(apply),
    unit: 'ms',
    baseline: median(direct),
    note: 'baseline: plain createPerson calls in one transaction on the live doc (no scratch copy)',
  });
  record({
    figure: `roster import: file size ${rows} rows`,
    value: Math.round(bytes.length / 1024),
    unit: 'KiB',
  });
}
