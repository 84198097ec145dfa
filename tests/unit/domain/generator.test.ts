/** The seeded campaign generator: deterministic, realistic, valid, one transaction. */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  auditCampaign,
  campaignStats,
  listIssues,
  listPeople,
  listShifts,
  listUnits,
} from '../../../src/domain';
import { generateCampaign } from '../../fixtures/campaign-generator';
import { watch } from '../../support/domain';
import { mulberry32 } from '../../support/rng';

describe('mulberry32', () => {
  it('is deterministic per seed', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const xs = Array.from({ length: 5 }, () => a());
    expect(xs).toEqual(Array.from({ length: 5 }, () => b()));
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(mulberry32(43)()).not.toBe(xs[0]);
  });
});

describe('generateCampaign', () => {
  it('produces the same records for the same seed and different ones for another', () => {
    const make = (seed: number) => {
      const doc = new Y.Doc();
      generateCampaign(doc, { seed, people: 300, units: 12, shifts: 2, conversations: 20 });
      return doc;
    };
    const a = make(7);
    const b = make(7);
    expect(listPeople(a)).toEqual(listPeople(b));
    expect(listUnits(a)).toEqual(listUnits(b));
    expect(a.getMap('conversations').toJSON()).toEqual(b.getMap('conversations').toJSON());
    expect(listPeople(make(8)).people[0]).not.toEqual(listPeople(a).people[0]);
  });

  it('writes 8,000 realistic, valid people in one transaction', () => {
    const doc = new Y.Doc();
    let out: ReturnType<typeof generateCampaign> | undefined;
    const seen = watch(doc, () => {
      out = generateCampaign(doc, {
        seed: 42,
        people: 8000,
        units: 40,
        shifts: 3,
        conversations: 500,
        noteChars: 300,
      });
    });
    expect(seen.transactions).toBe(1);
    expect(seen.updates).toBe(1);
    expect(auditCampaign(doc)).toEqual([]);

    const { people } = listPeople(doc);
    expect(people).toHaveLength(8000);
    expect(out?.personIds).toHaveLength(8000);
    const units = listUnits(doc);
    expect(units).toHaveLength(40);
    expect(units.some((u) => u.path === 'Inbound › Dock 3')).toBe(true);
    expect(Math.max(...units.map((u) => u.depth))).toBeGreaterThanOrEqual(1);
    expect(listShifts(doc).map((s) => s.name)).toEqual(['Days', 'Nights', 'Swing']);
    expect(listIssues(doc).length).toBeGreaterThan(0);

    const text = people.map((p) => p.name).join('\n');
    for (const script of ['Arabic', 'Cyrillic', 'Han', 'Latin']) {
      expect(new RegExp(`\\p{Script=${script}}`, 'u').test(text)).toBe(true);
    }
    expect(text).toMatch(/José|Ramírez|Nguyễn/);

    const s = campaignStats(people);
    expect(s.assessed).toBeGreaterThan(5000);
    expect(s.distribution.unassessed).toBeGreaterThan(1000);
    for (const a of [1, 2, 3, 4, 5] as const) expect(s.distribution[a]).toBeGreaterThan(300);
    expect(s.cardsSigned).toBeGreaterThan(1000);
    expect(s.leaders).toBeGreaterThan(100);
    expect(s.committee).toBeGreaterThan(50);
    expect(people.filter((p) => p.assessmentHistory.length > 1).length).toBeGreaterThan(1000);
    expect(people.filter((p) => p.nextFollowUp).length).toBeGreaterThan(500);
    expect(people.filter((p) => p.contacts.some((c) => c.kind === 'phone')).length).toBeGreaterThan(6000);
    expect(people.filter((p) => p.tags.length > 0).length).toBeGreaterThan(2000);
    expect(people.every((p) => p.jobTitle && p.language)).toBe(true);

    const conversations = doc.getMap<Record<string, unknown>>('conversations');
    expect(conversations.size).toBe(500);
    const first = conversations.values().next().value;
    expect(first).not.toBeInstanceOf(Y.Map);
    expect(String(first?.notes)).toHaveLength(300);
  });
});
