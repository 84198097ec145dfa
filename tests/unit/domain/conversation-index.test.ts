/**
 * The live indexes home derives from (domain/conversation/live-index.ts, people/live-index.ts) and
 * the sliced work that primes them (domain/slices.ts): after random local, remote and hostile
 * changes — also changes made while a prime is running — they equal `listConversations` and
 * `listPeople`. Seeded; the seed is in the test name (rerun with INDEX_SEED=<n>).
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  createPerson,
  deleteConversation,
  lastTalkedByPerson,
  listConversations,
  listPeople,
  liveConversations,
  liveLastTalked,
  logConversation,
  peopleIndex,
  primeConversations,
  restoreConversation,
  savePrivateNote,
  sortInSlices,
  updatePerson,
} from '../../../src/domain';
import { generateCampaign } from '../../fixtures/campaign-generator';
import { ctxFor, newCampaign, replica, syncBoth, value } from '../../support/domain';
import { mulberry32 } from '../../support/rng';

const SEED = Number(process.env.INDEX_SEED ?? 20261205);
const tick = () => new Promise<void>((r) => setTimeout(r, 0));
/** Every item is its own slice: the most yields, so changes land between any two steps. */
const everyStep = { between: tick, sliceMs: 0 };

describe('sliced sort', () => {
  it('gives the same order as Array.prototype.sort, ties in input order', async () => {
    const rand = mulberry32(SEED);
    const items = Array.from({ length: 5000 }, (_, i) => ({ k: Math.floor(rand() * 300), i }));
    const cmp = (a: { k: number }, b: { k: number }) => a.k - b.k;
    const sorted = await sortInSlices(items, cmp, { between: tick, sliceMs: 1 });
    expect(sorted).toEqual(items.slice().sort(cmp));
  });
});

describe('live conversations', () => {
  it(`equal listConversations after random changes, also while priming (seed ${SEED})`, async () => {
    const rand = mulberry32(SEED);
    const campaign = newCampaign();
    const personal = new Y.Doc();
    const spaces = { campaign, personal };
    const c = ctxFor('a', { now: () => new Date(Date.UTC(2026, 0, 1) + Math.floor(rand() * 1e10)) });
    const people = ['Ana', 'Bo', 'Chidi', 'Dagný'].map((name) => value(createPerson(campaign, { name }, c)));
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)] as T;
    const ids: string[] = [];
    for (let i = 0; i < 60; i++)
      ids.push(value(logConversation(spaces, { personId: pick(people), notes: `n${i}` }, c)).id);
    const other = replica(campaign);
    const priming = primeConversations(spaces, everyStep);
    for (let step = 0; step < 300; step++) {
      const r = rand();
      if (r < 0.35)
        ids.push(value(logConversation(spaces, { personId: pick(people), notes: `s${step}` }, c)).id);
      else if (r < 0.5) savePrivateNote(spaces, { personId: pick(people), text: `private ${step}` }, c);
      else if (r < 0.6) deleteConversation(spaces, pick(ids), c);
      else if (r < 0.68) restoreConversation(spaces, pick(ids), c);
      else if (r < 0.74) campaign.getMap('conversations').set(pick(ids), 'not a record');
      else if (r < 0.85)
        logConversation({ campaign: other }, { personId: pick(people), notes: `remote ${step}` }, c);
      else if (r < 0.9) updatePerson(campaign, pick(people), { name: `Renamed ${step}` }, c);
      if (rand() < 0.2) syncBoth(campaign, other);
      if (step === 150) await priming;
      else if (step % 3 === 0) await tick();
      if (step > 150) {
        const list = listConversations(spaces).conversations;
        expect(liveConversations(spaces), `step ${step} (seed ${SEED})`).toEqual(list);
        expect(liveLastTalked(spaces)).toEqual(lastTalkedByPerson(list));
      }
    }
    expect(liveConversations(spaces)).toBe(liveConversations(spaces));
  });
});

describe('people index priming', () => {
  it('equals listPeople when records change while it runs', async () => {
    const doc = new Y.Doc();
    const made = generateCampaign(doc, { seed: 7, people: 300, units: 5, shifts: 2, conversations: 0 });
    const c = ctxFor('a');
    const index = peopleIndex(doc);
    const priming = index.prime(everyStep);
    for (let i = 0; i < 40; i++) {
      await tick();
      if (i % 2 === 0) updatePerson(doc, made.personIds[i * 5] as string, { name: `Zed ${i}` }, c);
      else createPerson(doc, { name: `New ${i}` }, c);
    }
    await priming;
    expect(index.people()).toEqual(listPeople(doc).people);
  });

  it('stops when people() parses everything first, and still equals listPeople', async () => {
    const doc = new Y.Doc();
    generateCampaign(doc, { seed: 8, people: 200, units: 5, shifts: 2, conversations: 0 });
    const index = peopleIndex(doc);
    const priming = index.prime(everyStep);
    await tick();
    const first = index.people();
    await priming;
    expect(index.people()).toBe(first);
    expect(first).toEqual(listPeople(doc).people);
  });
});
