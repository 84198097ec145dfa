/**
 * How long updates take to check (decode) and to apply on the main thread, per struct and per
 * delete range: the figures behind the decode guard's per-update apply budget (apply-budget.ts).
 * Run: node --expose-gc --import tsx tests/bench/apply-cost.ts
 */
import * as Y from 'yjs';
import { KNOWN_COLLECTIONS } from '../../src/domain';
import { SYNC_COLLECTIONS } from '../../src/sync/members/devices';
import { estimateApplyCost } from '../../src/sync/wire/apply-budget';
import { encodeStateAsUpdates } from '../../src/sync/wire/state-split';
import { checkUpdate } from '../../src/sync/wire/validate-update';
import { generateCampaign } from '../fixtures/campaign-generator';
import { bigDeleteSet, manyClients, tinyStructs } from '../fuzz/hostile-corpus';

const rules = {
  maxUpdateBytes: 64 * 1024 * 1024,
  knownCollections: new Set([...KNOWN_COLLECTIONS.campaign, ...SYNC_COLLECTIONS]),
};
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

function time(fn: () => void): number {
  gc();
  const t = performance.now();
  fn();
  return performance.now() - t;
}

function measure(label: string, update: Uint8Array, target: () => Y.Doc = () => new Y.Doc()): void {
  const decodeMs = Math.min(
    time(() => checkUpdate(update, rules)),
    time(() => checkUpdate(update, rules)),
  );
  const cost = estimateApplyCost(update);
  const applies: number[] = [];
  for (let i = 0; i < 2; i++) {
    const doc = target();
    applies.push(time(() => Y.applyUpdate(doc, update)));
  }
  const applyMs = Math.min(...applies);
  const units = cost ? cost.items : 0;
  console.log(
    `${label.padEnd(34)} ${String(update.length).padStart(9)} B  structs ${String(cost?.structs).padStart(8)}  ` +
      `deletes ${String(cost?.deleteRanges).padStart(8)}  items ${String(units).padStart(8)}  ` +
      `check ${decodeMs.toFixed(0).padStart(5)} ms  apply ${applyMs.toFixed(0).padStart(5)} ms  ` +
      `apply µs/item ${((applyMs * 1000) / Math.max(1, units)).toFixed(2)}`,
  );
}

for (const n of [100_000, 400_000]) measure(`tinyStructs(${n})`, tinyStructs(n));
for (const n of [20_000, 100_000]) measure(`manyClients(${n})`, manyClients(n));
for (const n of [100_000, 400_000]) measure(`bigDeleteSet(${n})`, bigDeleteSet(n));

// A delete set against structs the doc holds: every range splits an item.
{
  const base = new Y.Doc();
  base.clientID = 9;
  const text = base.getText('notes');
  text.insert(0, 'x'.repeat(400_000));
  const baseUpdate = Y.encodeStateAsUpdate(base);
  measure('bigDeleteSet(100000) on text', bigDeleteSet(100_000), () => {
    const d = new Y.Doc();
    Y.applyUpdate(d, baseUpdate);
    return d;
  });
}

// Legitimate: an 8,000-person campaign as parts (peer step 2, mailbox push, snapshot) and as one.
const doc = new Y.Doc();
generateCampaign(doc, { seed: 7, people: 8_000, conversations: 30_000 });
const whole = Y.encodeStateAsUpdate(doc);
for (const [label, bytes] of [
  ['state part 2 MiB', 2 * 1024 * 1024],
  ['snapshot part 1 MiB', 1024 * 1024],
  ['push part 512 KiB', 512 * 1024],
] as const) {
  const parts = encodeStateAsUpdates(doc, undefined, bytes);
  let worst = parts[0] as Uint8Array;
  let worstItems = 0;
  for (const p of parts) {
    const c = estimateApplyCost(p);
    if (c && c.items > worstItems) {
      worstItems = c.items;
      worst = p;
    }
  }
  console.log(`${label}: ${parts.length} parts`);
  // Applied after the parts before it, as a peer does: the worst part on a doc holding the rest.
  const idx = parts.indexOf(worst);
  const prefix = Y.mergeUpdates(parts.slice(0, idx));
  measure(`  worst ${label} (#${idx})`, worst, () => {
    const d = new Y.Doc();
    Y.applyUpdate(d, prefix);
    return d;
  });
}
measure('8,000 people + 30,000 conv as one', whole);
const small = new Y.Doc();
generateCampaign(small, { seed: 8, people: 1_000 });
measure('1,000-person import as one', Y.encodeStateAsUpdate(small));
