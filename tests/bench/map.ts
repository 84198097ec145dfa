/**
 * Workplace-map figures: what the chart computes before its first screen, for a seeded campaign
 * (8,000 people in 40 units × 3 shifts by default). The chart's first render runs
 * `listPeople` + `listUnits` + `listShifts` + `mapModel` (stats per cell, unit and shift, the
 * rolled-up tree, the gaps ranking and the first chips of every cell); the baseline is the part
 * no map can skip — parsing the people (`listPeople`) — measured in the same run.
 * The in-browser paint time is logged by tests/e2e/map.test.ts (information only).
 */
import * as Y from 'yjs';
import { listPeople, listShifts, listUnits, mapModel } from '../../src/domain';
import { generateCampaign } from '../fixtures/campaign-generator';
import { median, record } from './report';

/** The first screen of the chart must be ready well within this budget (issue 4: < 200 ms painted). */
const TARGET_MS = 100;

export async function benchMap(people = 8000, runs = 7): Promise<void> {
  const doc = new Y.Doc();
  generateCampaign(doc, { seed: 42, people, units: 40, shifts: 3 });
  const label = `${people.toLocaleString('en')} people, 40 units × 3 shifts`;

  const parse: number[] = [];
  const chart: number[] = [];
  const modelOnly: number[] = [];
  let chips = 0;
  for (let i = 0; i < runs + 1; i++) {
    const t0 = performance.now();
    const list = listPeople(doc).people;
    const t1 = performance.now();
    const units = listUnits(doc);
    const shifts = listShifts(doc);
    const t2 = performance.now();
    const model = mapModel(list, units, shifts, { chipLimit: 6 });
    const t3 = performance.now();
    if (model.total.known !== list.length)
      throw new Error(`map counted ${model.total.known} of ${list.length}`);
    chips = model.rows.reduce((n, r) => n + r.cells.reduce((m, c) => m + c.chips.length, 0), 0);
    if (i === 0) continue; // warm-up
    parse.push(t1 - t0);
    modelOnly.push(t3 - t2);
    chart.push(t3 - t0);
  }
  const total = median(chart);
  record({
    figure: `map: chart model for the first screen (parse + stats + chips), ${label}`,
    value: total,
    unit: 'ms',
    baseline: median(parse),
    target: `< ${TARGET_MS} ms`,
    ok: total < TARGET_MS,
  });
  record({
    figure: `map: mapModel alone (cells, roll-ups, gaps, ${chips} chips), ${label}`,
    value: median(modelOnly),
    unit: 'ms',
    baseline: median(parse),
  });
  doc.destroy();
}
