/**
 * The apply budget and the space caps (src/sync/wire/apply-budget.ts): an update that decodes well
 * within the guard's time budget but would take long to apply on the main thread is refused before
 * it reaches the doc; every part a legitimate large state is split into passes; a space refuses
 * updates past its total caps, and what it already holds or receives twice counts once.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { KNOWN_COLLECTIONS } from '../../../src/domain';
import { SYNC_COLLECTIONS } from '../../../src/sync/members/devices';
import { DEFAULT_MAX_APPLY_ITEMS, estimateApplyCost, SpaceBudget } from '../../../src/sync/wire/apply-budget';
import { DecodeGuard } from '../../../src/sync/wire/decode-guard';
import { encodeStateAsUpdates } from '../../../src/sync/wire/state-split';
import { applyCheckedUpdate, checkUpdate, inspectUpdate } from '../../../src/sync/wire/validate-update';
import { generateCampaign } from '../../fixtures/campaign-generator';
import { bigDeleteSet, manyClients, tinyStructs } from '../../fuzz/hostile-corpus';
import { nodeDecodeWorkerFactory } from '../../fuzz/node-worker';

const rules = {
  maxUpdateBytes: 32 * 1024 * 1024,
  knownCollections: new Set([...KNOWN_COLLECTIONS.campaign, ...SYNC_COLLECTIONS]),
};

function person(name: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getMap('people').set(`id-${name}`, name);
  return Y.encodeStateAsUpdate(doc);
}

describe('apply cost', () => {
  it('counts structs, delete ranges and clock units', () => {
    const doc = new Y.Doc();
    const text = doc.getText('issues');
    text.insert(0, 'abcdef');
    doc.getMap('people').set('a', 1);
    text.delete(1, 1);
    text.delete(3, 1);
    const cost = estimateApplyCost(Y.encodeStateAsUpdate(doc));
    expect(cost).toMatchObject({ structs: 6, deleteRanges: 2, units: 7, items: 8 });
    expect(estimateApplyCost(bigDeleteSet(1000))).toMatchObject({
      structs: 0,
      deleteRanges: 1000,
      items: 1000,
    });
    expect(estimateApplyCost(Uint8Array.of(1, 2, 3))).toBeNull();
  });

  it('a passed check carries the cost; an update over the item budget is refused as apply-budget', () => {
    expect(checkUpdate(person('Ana'), rules)).toEqual({ ok: true });
    expect(inspectUpdate(person('Ana'), rules)).toMatchObject({
      verdict: { ok: true },
      cost: { structs: 1, items: 1 },
    });
    expect(checkUpdate(tinyStructs(1001), { ...rules, maxApplyItems: 1000 })).toMatchObject({
      ok: false,
      reason: 'apply-budget',
    });
    expect(checkUpdate(tinyStructs(1000), { ...rules, maxApplyItems: 1000 }).ok).toBe(true);
  });

  it('refuses hostile updates that decode within the time budget but are over the item budget, in a real worker, and the doc never sees them', async () => {
    const over = DEFAULT_MAX_APPLY_ITEMS + 1;
    const hostile = [manyClients(over), tinyStructs(over), bigDeleteSet(over)];
    const guard = new DecodeGuard({ rules, createWorker: nodeDecodeWorkerFactory(), budgetMs: 2_000 });
    try {
      expect((await guard.warmUp()).ok).toBe(true);
      const doc = new Y.Doc();
      let applied = 0;
      doc.on('update', () => applied++);
      for (const update of hostile) {
        // Each decodes and passes every other check: only its apply cost is refused.
        expect(checkUpdate(update, { ...rules, maxApplyItems: Number.POSITIVE_INFINITY }).ok).toBe(true);
        const verdict = await guard.check(update);
        expect(verdict).toMatchObject({ ok: false, reason: 'apply-budget' });
        // As the peer link and the mailbox receiver do: only a passed verdict is applied.
        if (verdict.ok) applyCheckedUpdate(doc, update, 'peer');
      }
      expect(applied).toBe(0);
      expect(doc.store.clients.size).toBe(0);
      // The worker was not killed for it (a budget refusal is an answer, not an overrun).
      expect(guard.workersStarted).toBe(1);
      // Just under the budget passes.
      expect((await guard.check(tinyStructs(DEFAULT_MAX_APPLY_ITEMS))).ok).toBe(true);
    } finally {
      guard.dispose();
    }
  }, 60_000);

  it('passes every part of an 8,000-person campaign, as a peer, a mailbox push and a snapshot split it', () => {
    const doc = new Y.Doc();
    generateCampaign(doc, { seed: 7, people: 8_000, conversations: 30_000 });
    let most = 0;
    let parts = 0;
    for (const target of [2 * 1024 * 1024, 1024 * 1024, 512 * 1024]) {
      for (const part of encodeStateAsUpdates(doc, undefined, target)) {
        const { verdict, cost } = inspectUpdate(part, rules);
        expect(verdict.ok).toBe(true);
        most = Math.max(most, cost?.items ?? Number.POSITIVE_INFINITY);
        parts++;
      }
    }
    expect(parts).toBeGreaterThan(30);
    // A margin for denser campaigns than the generated one: the densest part is well under the budget.
    expect(most).toBeLessThan(DEFAULT_MAX_APPLY_ITEMS * 0.75);
  }, 120_000);
});

describe('space caps', () => {
  it('refuses an update that would pass the byte cap as space-full, counts it, and does not apply it', async () => {
    const doc = new Y.Doc();
    doc.getMap('people').set('seed', 'x'.repeat(1000));
    const start = Y.encodeStateAsUpdate(doc).length;
    const space = new SpaceBudget(doc, { maxSpaceBytes: start + 3000, maxSpaceItems: 1e9 });
    const guard = new DecodeGuard({ rules, createWorker: null, space });
    const rejected = { count: 0, lastReason: null as string | null };
    const receive = async (update: Uint8Array) => {
      const verdict = await guard.check(update);
      const done = verdict.ok ? applyCheckedUpdate(doc, update, 'peer') : verdict;
      if (!done.ok) {
        rejected.count++;
        rejected.lastReason = done.reason;
      }
    };
    const big = (name: string) => {
      const d = new Y.Doc();
      d.getMap('people').set(name, 'y'.repeat(1000));
      return Y.encodeStateAsUpdate(d);
    };
    await receive(big('a'));
    await receive(big('b'));
    expect(rejected.count).toBe(0);
    await receive(big('c')); // past the cap
    expect(rejected).toEqual({ count: 1, lastReason: 'space-full' });
    expect(doc.getMap('people').has('c')).toBe(false);
    // Local edits count too: the space is as full as what it holds.
    expect(space.totals.bytes).toBeGreaterThan(start + 2000);
    guard.dispose();
    space.dispose();
  });

  it('refuses past the item cap, and counts a change received twice once', async () => {
    const doc = new Y.Doc();
    const space = new SpaceBudget(doc, { maxSpaceBytes: 1e9, maxSpaceItems: 100 });
    const guard = new DecodeGuard({ rules, createWorker: null, space });
    const other = new Y.Doc();
    other.getText('issues').insert(0, 'z'.repeat(60));
    const update = Y.encodeStateAsUpdate(other);
    expect((await guard.check(update)).ok).toBe(true);
    applyCheckedUpdate(doc, update, 'peer');
    expect(space.totals.items).toBe(60);
    // The same change again (from the mailbox after a peer): admitted against the estimate, adds nothing.
    applyCheckedUpdate(doc, update, 'mailbox');
    expect(space.totals.items).toBe(60);
    const more = new Y.Doc();
    more.getText('issues').insert(0, 'q'.repeat(50));
    expect(await guard.check(Y.encodeStateAsUpdate(more))).toMatchObject({ ok: false, reason: 'space-full' });
    expect(doc.getText('issues').length).toBe(60);
    guard.dispose();
    space.dispose();
  });

  it('starts from what the doc already holds', () => {
    const doc = new Y.Doc();
    generateCampaign(doc, { seed: 3, people: 200 });
    const space = new SpaceBudget(doc, { maxSpaceBytes: 1e9, maxSpaceItems: 1e9 });
    const real = Y.encodeStateAsUpdate(doc).length;
    expect(space.totals.bytes).toBeGreaterThan(real * 0.5);
    expect(space.totals.bytes).toBeLessThan(real * 2);
    const sv = Y.decodeStateVector(Y.encodeStateVector(doc));
    expect(space.totals.items).toBe([...sv.values()].reduce((a, b) => a + b, 0));
    space.dispose();
  });
});
