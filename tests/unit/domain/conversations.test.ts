/** Conversations: logging (shared and private), parsing, timelines, soft delete, private notes. */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  CONVERSATION_LIMITS,
  type ConversationInput,
  conversationsOf,
  createIssue,
  createPerson,
  deleteConversation,
  deletePerson,
  getPerson,
  LOCAL_ORIGIN,
  listConversations,
  listIssues,
  logConversation,
  parseConversation,
  restoreConversation,
  savePrivateNote,
} from '../../../src/domain';
import { codeOf, ctxFor, newCampaign, replica, syncBoth, value, watch } from '../../support/domain';

const NOW = '2025-03-14T12:00:00.000Z';
const ctx = (by = 'organizer-a') => ctxFor(by, { now: () => new Date(NOW) });

function setup() {
  const campaign = newCampaign();
  const personal = new Y.Doc();
  const personId = value(createPerson(campaign, { name: 'Rosa Díaz' }, ctx()));
  const heat = value(createIssue(campaign, { name: 'Heat' }, ctx()));
  return { campaign, personal, spaces: { campaign, personal }, personId, heat };
}

const FULL: Omit<ConversationInput, 'personId'> = {
  at: '2025-03-14T09:30:00.000Z',
  channel: 'in-person',
  place: 'Break room',
  newIssueNames: ['Forced overtime', ' heat '],
  stake: 'Her back hurts after double shifts',
  vision: 'A fair overtime rotation',
  inoculation: 'They will call a captive-audience meeting',
  ask: 'Come to Thursday’s meeting',
  answer: 'yes',
  answerNote: 'Will bring Luis',
  notes: 'Very angry about the new schedule',
  assessment: 2,
  nextStep: { text: 'Remind her on Wednesday', due: '2025-03-19' },
};

/** Every string anywhere in a doc's state, for "is this text in the shared space?" checks. */
function docText(doc: Y.Doc): string {
  return Buffer.from(Y.encodeStateAsUpdate(doc)).toString('utf8');
}

describe('logConversation (shared)', () => {
  it('writes every section, the issues, the assessment and the next step in one campaign transaction', () => {
    const { campaign, spaces, personId, heat } = setup();
    let logged = { id: '', personId: '', issueIds: [] as readonly string[], visibility: 'shared' };
    const seen = watch(campaign, () => {
      logged = value(logConversation(spaces, { personId, ...FULL }, ctx()));
    });
    expect(seen.transactions).toBe(1);
    expect(seen.origins).toEqual([LOCAL_ORIGIN]);
    const issues = listIssues(campaign);
    expect(issues.map((i) => i.name)).toEqual(['Forced overtime', 'Heat']);
    const overtime = issues.find((i) => i.name === 'Forced overtime')!.id;
    expect(new Set(logged.issueIds)).toEqual(new Set([heat, overtime]));

    const [c, ...rest] = conversationsOf(spaces, personId);
    expect(rest).toEqual([]);
    expect(c).toMatchObject({
      id: logged.id,
      personId,
      kind: 'one-on-one',
      visibility: 'shared',
      at: FULL.at,
      loggedAt: NOW,
      by: 'organizer-a',
      channel: 'in-person',
      place: 'Break room',
      stake: FULL.stake,
      vision: FULL.vision,
      inoculation: FULL.inoculation,
      ask: FULL.ask,
      answer: 'yes',
      answerNote: 'Will bring Luis',
      notes: FULL.notes,
      assessment: 2,
      nextStep: FULL.nextStep,
    });
    // Stored as a plain object (last writer wins per record), not a nested map.
    expect(campaign.getMap('conversations').get(logged.id)).not.toBeInstanceOf(Y.Map);

    const person = value(getPerson(campaign, personId));
    expect(person.assessment).toBe(2);
    expect(person.assessmentHistory).toEqual([{ value: 2, at: NOW, by: 'organizer-a' }]);
    expect(person.nextFollowUp).toEqual(FULL.nextStep);
  });

  it('creates the person on the fly, with the assessment in their history', () => {
    const { campaign, spaces } = setup();
    const r = value(logConversation(spaces, { newPersonName: '  Ana Lucía ', assessment: 3 }, ctx()));
    const person = value(getPerson(campaign, r.personId));
    expect(person.name).toBe('Ana Lucía');
    expect(person.assessmentHistory).toHaveLength(1);
    expect(conversationsOf(spaces, r.personId)).toHaveLength(1);
  });

  it('defaults the time to now and leaves the person untouched without assessment or next step', () => {
    const { campaign, spaces, personId } = setup();
    const before = value(getPerson(campaign, personId));
    const r = value(logConversation(spaces, { personId, notes: 'Quick chat' }, ctx()));
    const [c] = conversationsOf(spaces, personId);
    expect(c?.at).toBe(NOW);
    expect(c?.loggedAt).toBeUndefined();
    expect(value(getPerson(campaign, personId))).toEqual(before);
    expect(r.issueIds).toEqual([]);
  });

  it.each<[string, ConversationInput, string, string | undefined]>([
    ['no one chosen', {}, 'name-required', 'newPersonName'],
    ['a blank new name', { newPersonName: '   ' }, 'name-required', 'newPersonName'],
    ['an unknown person', { personId: 'AAAAAAAAAAAAAAAAAAAAAA' }, 'unknown-person', 'personId'],
    ['a time in the future', { at: '2025-03-14T12:05:00.000Z' }, 'date-in-future', 'at'],
    ['a time that is not a timestamp', { at: '2025-03-14' }, 'invalid-date', 'at'],
    ['a 50 KB note', { notes: 'x'.repeat(50_000) }, 'text-too-long', 'notes'],
    [
      'a long inoculation',
      { inoculation: 'y'.repeat(CONVERSATION_LIMITS.text + 1) },
      'text-too-long',
      'inoculation',
    ],
    ['an unknown issue', { issueIds: ['BBBBBBBBBBBBBBBBBBBBBB'] }, 'unknown-issue', 'issueIds'],
    ['a blank new issue', { newIssueNames: [' '] }, 'name-required', 'newIssueNames'],
    ['assessment 6', { assessment: 6 as never }, 'invalid-assessment', 'assessment'],
    ['a bad due date', { nextStep: { text: 'x', due: '2025-02-30' } }, 'invalid-date', 'nextFollowUp'],
    ['a bad channel', { channel: 'fax' as never }, 'invalid-value', 'channel'],
    ['a bad answer', { answer: 'perhaps' as never }, 'invalid-value', 'answer'],
  ])('refuses %s and writes nothing', (_label, input, code, field) => {
    const { campaign, personal, spaces, personId } = setup();
    const full = { personId, ...input } as ConversationInput;
    if ('newPersonName' in input || _label === 'no one chosen') delete full.personId;
    const before = [Y.encodeStateVector(campaign), Y.encodeStateVector(personal)];
    const r = logConversation(spaces, full, ctx());
    expect(codeOf(r)).toBe(code);
    if (!r.ok) expect(r.error.field).toBe(field);
    expect([Y.encodeStateVector(campaign), Y.encodeStateVector(personal)]).toEqual(before);
  });

  it('accepts a time a few seconds ahead (clock rounding) and refuses a deleted person', () => {
    const { campaign, spaces, personId } = setup();
    value(logConversation(spaces, { personId, at: '2025-03-14T12:00:30.000Z' }, ctx()));
    value(deletePerson(campaign, personId, ctx()));
    expect(codeOf(logConversation(spaces, { personId }, ctx()))).toBe('unknown-person');
  });
});

describe('logConversation (private)', () => {
  it('writes the conversation only to the personal space: its text never enters the campaign doc', () => {
    const { campaign, personal, spaces, personId } = setup();
    const secret = 'Her cousin is a supervisor — careful';
    const r = value(
      logConversation(
        spaces,
        { personId, notes: secret, stake: 'Pay cut fear', visibility: 'private', assessment: 3 },
        ctx(),
      ),
    );
    expect(r.visibility).toBe('private');
    expect(campaign.getMap('conversations').size).toBe(0);
    expect(personal.getMap('notes').has(r.id)).toBe(true);
    expect(docText(campaign)).not.toContain('cousin');
    expect(docText(campaign)).not.toContain('Pay cut');
    expect(docText(personal)).toContain('cousin');
    // What it changes about the person is campaign data.
    expect(value(getPerson(campaign, personId)).assessment).toBe(3);

    // Another organizer's replica of the campaign sees no trace of it.
    const peer = replica(campaign);
    expect(listConversations({ campaign: peer }).conversations).toEqual([]);
    expect(conversationsOf(spaces, personId)).toMatchObject([
      { id: r.id, visibility: 'private', notes: secret },
    ]);
  });

  it('without an assessment or next step, touches the campaign doc not at all', () => {
    const { campaign, spaces, personId } = setup();
    const seen = watch(campaign, () =>
      value(logConversation(spaces, { personId, notes: 'x', visibility: 'private' }, ctx())),
    );
    expect(seen.transactions).toBe(0);
  });

  it('refuses a private conversation when there is no personal space', () => {
    const { campaign, personId } = setup();
    const r = logConversation({ campaign }, { personId, visibility: 'private' }, ctx());
    expect(codeOf(r)).toBe('invalid-value');
  });

  it('visibility is where the record lives, not a stored flag a peer could forge', () => {
    const { campaign, spaces, personId } = setup();
    campaign.getMap('conversations').set('CCCCCCCCCCCCCCCCCCCCCC', {
      personId,
      kind: 'one-on-one',
      at: NOW,
      by: 'peer',
      visibility: 'private',
    });
    expect(conversationsOf(spaces, personId)[0]?.visibility).toBe('shared');
  });
});

describe('savePrivateNote', () => {
  it('keeps the note in the personal space and on the person’s timeline', () => {
    const { campaign, personal, spaces, personId } = setup();
    const id = value(savePrivateNote(spaces, { personId, text: ' Sister works in HR ' }, ctx()));
    expect(personal.getMap('notes').get(id)).toMatchObject({ kind: 'note', notes: 'Sister works in HR' });
    expect(docText(campaign)).not.toContain('Sister');
    expect(conversationsOf(spaces, personId)).toMatchObject([{ kind: 'note', visibility: 'private' }]);
    expect(codeOf(savePrivateNote(spaces, { personId, text: '  ' }, ctx()))).toBe('name-required');
    expect(codeOf(savePrivateNote(spaces, { personId, text: 'z'.repeat(50_000) }, ctx()))).toBe(
      'text-too-long',
    );
  });
});

describe('timelines', () => {
  it('merges shared and private entries newest first; deleted ones hidden until restored', () => {
    const { spaces, personId } = setup();
    const a = value(
      logConversation(spaces, { personId, at: '2025-03-01T10:00:00.000Z', notes: 'first' }, ctx()),
    );
    const b = value(
      logConversation(
        spaces,
        { personId, at: '2025-03-10T10:00:00.000Z', notes: 'mine', visibility: 'private' },
        ctx(),
      ),
    );
    const c = value(
      logConversation(spaces, { personId, at: '2025-03-05T10:00:00.000Z', notes: 'middle' }, ctx()),
    );
    expect(conversationsOf(spaces, personId).map((x) => x.id)).toEqual([b.id, c.id, a.id]);
    value(deleteConversation(spaces, b.id, ctx()));
    value(deleteConversation(spaces, b.id, ctx())); // idempotent
    expect(conversationsOf(spaces, personId).map((x) => x.id)).toEqual([c.id, a.id]);
    expect(conversationsOf(spaces, personId, { includeDeleted: true })[0]).toMatchObject({
      id: b.id,
      deleted: true,
      deletedBy: 'organizer-a',
    });
    value(restoreConversation(spaces, b.id, ctx()));
    expect(conversationsOf(spaces, personId).map((x) => x.id)).toEqual([b.id, c.id, a.id]);
    expect(codeOf(deleteConversation(spaces, 'DDDDDDDDDDDDDDDDDDDDDD', ctx()))).toBe('not-found');
  });

  it('two organizers logging at once both keep their conversations after sync', () => {
    const { campaign, personId } = setup();
    const other = replica(campaign);
    value(logConversation({ campaign }, { personId, notes: 'from A' }, ctx('a')));
    value(logConversation({ campaign: other }, { personId, notes: 'from B' }, ctx('b')));
    syncBoth(campaign, other);
    const notes = (doc: Y.Doc) =>
      conversationsOf({ campaign: doc }, personId)
        .map((c) => c.notes)
        .sort();
    expect(notes(campaign)).toEqual(['from A', 'from B']);
    expect(notes(other)).toEqual(notes(campaign));
  });

  it('quarantines bad records instead of throwing, and ignores unknown keys', () => {
    const { campaign, spaces, personId } = setup();
    const conversations = campaign.getMap<unknown>('conversations');
    conversations.set('EEEEEEEEEEEEEEEEEEEEEE', { personId, kind: 'one-on-one', at: 'yesterday', by: 'x' });
    conversations.set('FFFFFFFFFFFFFFFFFFFFFF', 'not a record');
    conversations.set('GGGGGGGGGGGGGGGGGGGGGG', {
      personId,
      kind: 'one-on-one',
      at: NOW,
      by: 'x',
      assessment: 9,
    });
    conversations.set('HHHHHHHHHHHHHHHHHHHHHH', {
      personId,
      kind: 'one-on-one',
      at: NOW,
      by: 'x',
      notes: 'z'.repeat(20_000),
    });
    conversations.set('bad id', { personId, kind: 'one-on-one', at: NOW, by: 'x' });
    conversations.set(
      'IIIIIIIIIIIIIIIIIIIIII',
      JSON.parse(
        `{"personId":"${personId}","kind":"one-on-one","at":"${NOW}","by":"x","extra":1,"__proto__":{"evil":1}}`,
      ),
    );
    const { conversations: ok, quarantined } = listConversations(spaces);
    expect(ok.map((c) => c.id)).toEqual(['IIIIIIIIIIIIIIIIIIIIII']);
    expect(ok[0]).not.toHaveProperty('extra');
    expect(ok[0]).not.toHaveProperty('evil');
    expect(quarantined.map((q) => [q.id.slice(0, 6), q.code, q.field])).toEqual(
      expect.arrayContaining([
        ['EEEEEE', 'invalid-value', 'at'],
        ['FFFFFF', 'not-a-record', undefined],
        ['GGGGGG', 'invalid-value', 'assessment'],
        ['HHHHHH', 'too-long', 'notes'],
        ['bad id', 'invalid-id', undefined],
      ]),
    );
  });

  it('reads the campaign generator’s conversation records', () => {
    const r = parseConversation(
      'JJJJJJJJJJJJJJJJJJJJJJ',
      {
        personId: 'KKKKKKKKKKKKKKKKKKKKKK',
        at: NOW,
        by: 'member-x',
        kind: 'one-on-one',
        notes: 'n',
        assessment: 2,
        issueIds: ['LLLLLLLLLLLLLLLLLLLLLL'],
      },
      'shared',
    );
    expect(value(r)).toMatchObject({
      assessment: 2,
      issueIds: ['LLLLLLLLLLLLLLLLLLLLLL'],
      visibility: 'shared',
    });
  });
});
