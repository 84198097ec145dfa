/** Follow-ups (due grouping, completion logs a timeline entry) and drafts in the personal space. */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addDays,
  clearDraft,
  completeFollowUp,
  conversationsOf,
  createPerson,
  DRAFT_LIMITS,
  deletePerson,
  followUpsDue,
  getPerson,
  listPeople,
  logConversation,
  readDraft,
  saveDraft,
} from '../../../src/domain';
import { codeOf, ctxFor, newCampaign, value, watch } from '../../support/domain';

const NOW = '2025-03-14T12:00:00.000Z';
const ctx = (by = 'organizer-a') => ctxFor(by, { now: () => new Date(NOW) });

describe('followUpsDue', () => {
  it('groups overdue, today and the next 7 days; later, none and deleted people are left out', () => {
    const doc = newCampaign();
    const add = (name: string, due?: string) =>
      value(
        createPerson(doc, { name, ...(due ? { nextFollowUp: { text: `call ${name}`, due } } : {}) }, ctx()),
      );
    add('Ana', '2025-03-10');
    add('Bo', '2025-03-14');
    add('Cy', '2025-03-15');
    add('Di', '2025-03-21');
    add('Ed', '2025-03-22');
    add('Fay');
    add('Gus', '2025-03-01');
    value(deletePerson(doc, add('Hal', '2025-03-14'), ctx()));
    const due = followUpsDue(listPeople(doc, { includeDeleted: true }).people, '2025-03-14');
    const names = (items: { person: { name: string } }[]) => items.map((i) => i.person.name);
    expect(names(due.overdue)).toEqual(['Gus', 'Ana']);
    expect(names(due.today)).toEqual(['Bo']);
    expect(names(due.week)).toEqual(['Cy', 'Di']);
    expect(due.today[0]?.followUp).toEqual({ text: 'call Bo', due: '2025-03-14' });
    expect(() => followUpsDue([], '14/03/2025')).toThrow(RangeError);
  });

  it('addDays crosses months, leap days and years', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addDays('2025-12-29', 7)).toBe('2026-01-05');
    expect(addDays('2025-03-01', -1)).toBe('2025-02-28');
  });
});

describe('completeFollowUp', () => {
  it('clears the follow-up and logs what was done, in one transaction', () => {
    const doc = newCampaign();
    const personId = value(
      createPerson(doc, { name: 'Rosa', nextFollowUp: { text: 'Bring a card', due: '2025-03-14' } }, ctx()),
    );
    let id = '';
    const seen = watch(doc, () => {
      id = value(completeFollowUp({ campaign: doc }, personId, { notes: 'Signed it' }, ctx()));
    });
    expect(seen.transactions).toBe(1);
    expect(value(getPerson(doc, personId)).nextFollowUp).toBeUndefined();
    expect(conversationsOf({ campaign: doc }, personId)).toMatchObject([
      {
        id,
        kind: 'follow-up',
        completed: { text: 'Bring a card', due: '2025-03-14' },
        notes: 'Signed it',
        at: NOW,
      },
    ]);
    expect(followUpsDue(listPeople(doc).people, '2025-03-14').today).toEqual([]);
    // Done twice (e.g. by two organizers): the second is refused, nothing written.
    expect(codeOf(completeFollowUp({ campaign: doc }, personId, {}, ctx()))).toBe('no-follow-up');
  });

  it('can set the next step at the same time', () => {
    const doc = newCampaign();
    const personId = value(
      createPerson(doc, { name: 'Rosa', nextFollowUp: { text: 'Talk', due: '2025-03-13' } }, ctx()),
    );
    const next = { text: 'Meeting on Friday', due: '2025-03-21' };
    value(completeFollowUp({ campaign: doc }, personId, { next }, ctx()));
    expect(value(getPerson(doc, personId)).nextFollowUp).toEqual(next);
    expect(
      codeOf(completeFollowUp({ campaign: doc }, personId, { at: '2025-04-01T00:00:00.000Z' }, ctx())),
    ).toBe('date-in-future');
    expect(value(getPerson(doc, personId)).nextFollowUp).toEqual(next);
  });

  it('a logged conversation’s next step appears as a follow-up', () => {
    const doc = newCampaign();
    const personId = value(createPerson(doc, { name: 'Rosa' }, ctx()));
    value(
      logConversation(
        { campaign: doc },
        { personId, nextStep: { text: 'Call back', due: '2025-03-16' } },
        ctx(),
      ),
    );
    expect(followUpsDue(listPeople(doc).people, '2025-03-14').week.map((i) => i.followUp.text)).toEqual([
      'Call back',
    ]);
  });
});

describe('drafts', () => {
  it('save, read back, replace and clear a draft in the personal space', () => {
    const personal = new Y.Doc();
    const long = 'x'.repeat(50_000); // kept in the draft even though a conversation would refuse it
    value(
      saveDraft(
        personal,
        'conversation',
        { personId: 'abc', notes: long, issueIds: ['a', 'b'], assessment: 2 },
        ctx(),
      ),
    );
    expect(readDraft(personal, 'conversation')).toEqual({
      savedAt: NOW,
      fields: { personId: 'abc', notes: long, issueIds: ['a', 'b'], assessment: 2 },
    });
    value(saveDraft(personal, 'conversation', { notes: 'shorter' }, ctx()));
    expect(readDraft(personal, 'conversation')?.fields).toEqual({ notes: 'shorter' });
    value(clearDraft(personal, 'conversation', ctx()));
    value(clearDraft(personal, 'conversation', ctx()));
    expect(readDraft(personal, 'conversation')).toBeUndefined();
  });

  it('refuses bad slots, field names, values and oversized drafts; ignores unreadable stored drafts', () => {
    const personal = new Y.Doc();
    expect(codeOf(saveDraft(personal, 'Bad Slot', {}, ctx()))).toBe('invalid-value');
    expect(codeOf(saveDraft(personal, 'ok', { __proto__x: 'a' }, ctx()))).toBe('invalid-value');
    expect(codeOf(saveDraft(personal, 'ok', { a: { nested: 1 } as never }, ctx()))).toBe('invalid-value');
    expect(codeOf(saveDraft(personal, 'ok', { a: 'x'.repeat(DRAFT_LIMITS.chars + 1) }, ctx()))).toBe(
      'text-too-long',
    );
    personal.getMap('drafts').set('broken', { savedAt: 'now', fields: {} });
    personal.getMap('drafts').set('worse', 'text');
    expect(readDraft(personal, 'broken')).toBeUndefined();
    expect(readDraft(personal, 'worse')).toBeUndefined();
    expect(readDraft(personal, '__proto__')).toBeUndefined();
  });
});
