/** nextUp: overdue follow-ups, undecided people in thin units, people not talked to — ranked, "my people". */
import { describe, expect, it } from 'vitest';
import {
  type Conversation,
  createPerson,
  createUnit,
  DEFAULT_STALE_DAYS,
  daysBetween,
  lastTalkedByPerson,
  listPeople,
  listUnits,
  type NextUpInput,
  nextUp,
  staleDaysOf,
  updatePerson,
} from '../../../src/domain';
import { ctxFor, newCampaign, value } from '../../support/domain';

const TODAY = '2025-03-14';
const ME = 'memberAAAAAAAAAAAAAAAA';
const YOU = 'memberBBBBBBBBBBBBBBBB';
// People are created on 2025-03-01 (the test clock), 13 days before TODAY.
const ctx = ctxFor('organizer');

function campaign() {
  const doc = newCampaign();
  const thin = value(createUnit(doc, { name: 'Packing', estimatedHeadcount: 40 }, ctx));
  const strong = value(createUnit(doc, { name: 'Dock' }, ctx));
  const add = (name: string, extra = {}) => value(createPerson(doc, { name, ...extra }, ctx));
  const ids = {
    overdueOld: add('Overdue Old', {
      nextFollowUp: { text: 'Bring card', due: '2025-03-01' },
      assessment: 2,
    }),
    overdueNew: add('Overdue New', { nextFollowUp: { text: 'Call', due: '2025-03-12' } }),
    today: add('Due Today', { nextFollowUp: { text: 'Lunch', due: TODAY } }),
    later: add('Planned Later', { nextFollowUp: { text: 'Later', due: '2025-03-30' }, assessment: 3 }),
    undecidedThin: add('Undecided Thin', { unitId: thin, assessment: 3 }),
    unassessedThin: add('Unassessed Thin', { unitId: thin }),
    undecidedStrong: add('Undecided Strong', { unitId: strong, assessment: 3 }),
    leaderStrong: add('Leader Strong', { unitId: strong, assessment: 1, leader: true, committee: true }),
    supporterStale: add('Supporter Stale', { assessment: 2 }),
    supporterRecent: add('Supporter Recent', { assessment: 2 }),
    talkedUndecided: add('Talked Undecided', { unitId: thin, assessment: 3 }),
  };
  return { doc, ids, thin, strong };
}

function input(doc: ReturnType<typeof campaign>['doc'], extra: Partial<NextUpInput> = {}): NextUpInput {
  return {
    people: listPeople(doc).people,
    units: listUnits(doc),
    lastTalked: new Map(),
    today: TODAY,
    ...extra,
  };
}

describe('nextUp', () => {
  it('ranks overdue, due today, undecided in the thinnest unit, then long silences', () => {
    const { doc, ids } = campaign();
    const lastTalked = new Map([
      [ids.supporterStale, '2025-01-10T12:00:00.000Z'],
      [ids.supporterRecent, '2025-03-13T12:00:00.000Z'],
      [ids.talkedUndecided, '2025-03-10T12:00:00.000Z'],
    ]);
    const { items, scope } = nextUp(input(doc, { lastTalked }));
    expect(scope).toBe('all');
    expect(items.map((i) => i.person.name)).toEqual([
      'Overdue Old',
      'Overdue New',
      'Due Today',
      'Unassessed Thin',
      'Undecided Thin',
      'Undecided Strong',
      'Supporter Stale',
    ]);
    expect(items[0]?.reason).toEqual({ kind: 'overdue', due: '2025-03-01', days: 13, text: 'Bring card' });
    expect(items[2]?.reason).toEqual({ kind: 'due-today', text: 'Lunch' });
    expect(items[3]?.reason).toMatchObject({ kind: 'undecided' });
    // Same unit, both never talked to: name order.
    expect(items.at(-1)?.reason).toEqual({ kind: 'stale', days: 63, never: false });
  });

  it('leaves out people with a next step planned and undecided people talked to this week', () => {
    const { doc, ids } = campaign();
    const names = nextUp(
      input(doc, { lastTalked: new Map([[ids.talkedUndecided, '2025-03-12T09:00:00.000Z']]) }),
    ).items.map((i) => i.person.name);
    expect(names).not.toContain('Planned Later');
    expect(names).not.toContain('Talked Undecided');
  });

  it('counts a never-talked-to person from when they were added, and honours N', () => {
    const { doc } = campaign();
    // Added 13 days ago, never talked to: not yet stale at 14 days, stale at 10.
    expect(nextUp(input(doc)).items.map((i) => i.person.name)).not.toContain('Supporter Stale');
    const at10 = nextUp(input(doc, { staleDays: 10 })).items.filter((i) => i.reason.kind === 'stale');
    expect(at10.map((i) => i.person.name)).toEqual(['Leader Strong', 'Supporter Recent', 'Supporter Stale']);
    expect(at10[0]?.reason).toEqual({ kind: 'stale', days: 13, never: true });
  });

  it('narrows to my people once anyone is assigned, and can show everyone', () => {
    const { doc, ids } = campaign();
    expect(nextUp(input(doc, { memberId: ME })).scope).toBe('all');
    value(updatePerson(doc, ids.overdueNew, { assignedTo: ME }, ctx));
    value(updatePerson(doc, ids.undecidedStrong, { assignedTo: ME }, ctx));
    value(updatePerson(doc, ids.overdueOld, { assignedTo: YOU }, ctx));
    const mine = nextUp(input(doc, { memberId: ME }));
    expect(mine.scope).toBe('mine');
    expect(mine.assignments).toBe(true);
    expect(mine.items.map((i) => i.person.name)).toEqual(['Overdue New', 'Undecided Strong']);
    const everyone = nextUp(input(doc, { memberId: ME, scope: 'all' }));
    expect(everyone.items[0]?.person.name).toBe('Overdue Old');
    // Without a member id there is no "mine".
    expect(nextUp(input(doc)).scope).toBe('all');
  });

  it('ranks thin units by the whole campaign, even among my people', () => {
    const { doc, ids } = campaign();
    value(updatePerson(doc, ids.undecidedStrong, { assignedTo: ME }, ctx));
    value(updatePerson(doc, ids.undecidedThin, { assignedTo: ME }, ctx));
    const items = nextUp(input(doc, { memberId: ME })).items;
    expect(items.map((i) => i.person.name)).toEqual(['Undecided Thin', 'Undecided Strong']);
    const [thin, strong] = items.map((i) => (i.reason.kind === 'undecided' ? i.reason.coverage : -1));
    expect(thin).toBeLessThan(strong as number);
  });

  it('ignores deleted people and refuses a bad date', () => {
    const { doc } = campaign();
    const people = listPeople(doc).people.map((p) => ({ ...p, deleted: true }));
    expect(nextUp(input(doc, { people })).items).toEqual([]);
    expect(() => nextUp(input(doc, { today: '14/03/2025' }))).toThrow(RangeError);
  });
});

describe('helpers', () => {
  it('lastTalkedByPerson takes the newest conversation, not notes or deleted ones', () => {
    const c = (personId: string, at: string, kind: Conversation['kind'] = 'one-on-one', deleted = false) =>
      ({ personId, at, kind, deleted }) as Conversation;
    const last = lastTalkedByPerson([
      c('a', '2025-03-01T10:00:00.000Z'),
      c('a', '2025-03-05T10:00:00.000Z', 'follow-up'),
      c('a', '2025-03-09T10:00:00.000Z', 'note'),
      c('b', '2025-03-09T10:00:00.000Z', 'one-on-one', true),
    ]);
    expect(last).toEqual(new Map([['a', '2025-03-05T10:00:00.000Z']]));
  });

  it('staleDaysOf reads a stored setting defensively', () => {
    expect(staleDaysOf(undefined)).toBe(DEFAULT_STALE_DAYS);
    expect(staleDaysOf('30')).toBe(DEFAULT_STALE_DAYS);
    expect(staleDaysOf(2.5)).toBe(DEFAULT_STALE_DAYS);
    expect(staleDaysOf(30)).toBe(30);
    expect(staleDaysOf(0)).toBe(1);
    expect(staleDaysOf(10_000)).toBe(365);
  });

  it('daysBetween counts calendar days across a DST change', () => {
    expect(daysBetween('2025-03-01T23:59:00.000Z', TODAY)).toBe(13);
    expect(daysBetween('2025-03-30', '2025-04-02')).toBe(3);
  });
});
