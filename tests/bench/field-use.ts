/**
 * Field-use figures (issue 3):
 * - filter/search over a seeded campaign, per keystroke: an organizer typing names letter by letter
 *   into the people search, alone and combined with list filters (unit subtree + assessment);
 *   baseline: the same people, no criteria (the cost of the copy `filterPeople` always makes);
 * - save to durable: `logConversation` + `SpaceStore.flush()` (sealed with the real AES-GCM cipher
 *   over fake-indexeddb) into a loaded campaign — what a tap on "Save conversation" waits for;
 *   baseline: the same write through a plain (no-op) cipher.
 * - the list's first paint: `listPeople` (parse every record, search keys, sort), which the People
 *   screen runs before its first paint after unlock (the paint itself is a screenful of rows);
 * Node over fake-indexeddb: a phone's IndexedDB is slower, so these isolate our own code's cost.
 */
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import * as Y from 'yjs';
import {
  descendantUnitIds,
  filterPeople,
  listPeople,
  listUnits,
  logConversation,
  type PeopleFilter,
} from '../../src/domain';
import {
  createSpace,
  createVault,
  PlainCipher,
  type RowCipher,
  ShopfloorDb,
  SpaceStore,
} from '../../src/storage';
import { generateCampaign } from '../fixtures/campaign-generator';
import { median, percentile, record } from './report';

/** Times `fn` once per keystroke of each query, typed letter by letter. */
function perKeystroke(queries: readonly string[], fn: (text: string) => void): number[] {
  const times: number[] = [];
  for (const q of queries) {
    for (let i = 1; i <= q.length; i++) {
      const t0 = performance.now();
      fn(q.slice(0, i));
      times.push(performance.now() - t0);
    }
  }
  return times;
}

async function benchFilter(people: number): Promise<void> {
  const doc = new Y.Doc();
  const gen = generateCampaign(doc, { seed: 7, people, units: 40, shifts: 3 });
  // What the People screen computes before its first paint after unlock (parse, search keys, sort).
  const parse: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    listPeople(doc);
    parse.push(performance.now() - t0);
  }
  const list = listPeople(doc).people;
  // Real names from the campaign (several scripts), a code-name-ish word, and a miss.
  const queries = [0, 1, 2, 3, 4, 5, 6, 7]
    .map((i) => list[Math.floor((i * list.length) / 8)]?.name ?? '')
    .concat(['ana', 'zzzz qqq']);
  // Warm-up: JIT and the search-key cache (listPeople already filled it, as in the app).
  perKeystroke(queries.slice(0, 2), (text) => filterPeople(list, { text }));

  const label = `${people.toLocaleString('en')} people`;
  record({
    figure: `people list ready to paint: parse + search keys + sort (${label})`,
    value: median(parse),
    unit: 'ms',
    target: '< 200 ms',
    ok: median(parse) < 200,
  });
  const baseline = perKeystroke(queries, () => filterPeople(list, {}));
  const text = perKeystroke(queries, (t) => filterPeople(list, { text: t }));
  const units = listUnits(doc);
  const subtree = descendantUnitIds(units, gen.unitIds[0] as string);
  const combined = perKeystroke(queries, (t) => {
    const f: PeopleFilter = { text: t, unitId: subtree, assessment: [1, 2, 3] };
    filterPeople(list, f);
  });
  const p95 = percentile(text, 95);
  record({
    figure: `people search per keystroke, median (${label}, ${text.length} keystrokes)`,
    value: median(text),
    baseline: median(baseline),
    unit: 'ms',
  });
  record({
    figure: `people search per keystroke, p95 (${label})`,
    value: p95,
    baseline: percentile(baseline, 95),
    unit: 'ms',
    target: '< 16 ms',
    ok: p95 < 16,
  });
  const p95c = percentile(combined, 95);
  record({
    figure: `search + unit subtree + assessment filter per keystroke, p95 (${label})`,
    value: p95c,
    unit: 'ms',
    target: '< 16 ms',
    ok: p95c < 16,
  });
  doc.destroy();
}

async function benchSave(people: number, runs: number): Promise<void> {
  const label = `${people.toLocaleString('en')}-person campaign`;
  const vaultDb = new ShopfloorDb(`bench-field-${Math.random()}`);
  const vault = await createVault(vaultDb, 'bench passphrase with enough words');
  const meta = await createSpace(vault, { kind: 'campaign', name: 'Bench' });
  const seedDoc = new Y.Doc();
  const gen = generateCampaign(seedDoc, { seed: 11, people, units: 40, shifts: 3 });
  const snapshot = Y.encodeStateAsUpdate(seedDoc);

  const measure = async (db: ShopfloorDb, cipher: RowCipher, spaceId: string) => {
    const campaign = await SpaceStore.open(db, cipher, spaceId);
    const personal = await SpaceStore.open(db, cipher, `${spaceId}-personal`);
    Y.applyUpdate(campaign.doc, snapshot);
    await campaign.flush();
    await campaign.compact();
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const personId = gen.personIds[(i * 97) % gen.personIds.length] as string;
      const t0 = performance.now();
      const r = logConversation(
        { campaign: campaign.doc, personal: personal.doc },
        {
          personId,
          channel: 'in-person',
          stake: 'Overtime without notice; childcare falls apart',
          ask: 'Come to the Thursday meeting',
          answer: 'yes',
          notes: 'x'.repeat(400),
          assessment: 2,
          nextStep: { text: 'Remind on Wednesday', due: '2025-06-04' },
          visibility: i % 4 === 3 ? 'private' : 'shared',
        },
        { by: 'bench-device' },
      );
      if (!r.ok) throw new Error(`logConversation: ${r.error.code}`);
      await Promise.all([campaign.flush(), personal.flush()]);
      times.push(performance.now() - t0);
    }
    await campaign.close();
    await personal.close();
    campaign.doc.destroy();
    personal.doc.destroy();
    return times;
  };

  const sealed = await measure(vaultDb, vault.cipher, meta.id);
  const plainDb = new ShopfloorDb(`bench-field-plain-${Math.random()}`);
  const plain = await measure(plainDb, new PlainCipher(), meta.id);
  const p95 = percentile(sealed, 95);
  record({
    figure: `save conversation → durable, median (${label}, ${runs} saves)`,
    value: median(sealed),
    baseline: median(plain),
    unit: 'ms',
    target: '< 50 ms',
    ok: median(sealed) < 50,
  });
  record({
    figure: `save conversation → durable, p95 (${label})`,
    value: p95,
    baseline: percentile(plain, 95),
    unit: 'ms',
    target: '< 50 ms',
    ok: p95 < 50,
  });
  seedDoc.destroy();
  vaultDb.close();
  plainDb.close();
  await Dexie.delete(vaultDb.name);
  await Dexie.delete(plainDb.name);
}

/**
 * Runs the field-use figures. `quick` uses a smaller campaign and fewer saves.
 * @example await benchFieldUse({ quick: process.argv.includes('--quick') })
 */
export async function benchFieldUse(options: { quick?: boolean } = {}): Promise<void> {
  const people = options.quick ? 1000 : 8000;
  await benchFilter(people);
  await benchSave(people, options.quick ? 10 : 40);
}
