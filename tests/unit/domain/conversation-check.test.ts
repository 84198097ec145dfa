/** checkConversation: every refusal at once, the same ones logConversation gives. */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  CONVERSATION_LIMITS,
  checkConversation,
  createPerson,
  deletePerson,
  logConversation,
} from '../../../src/domain';
import { ctxFor, newCampaign, value } from '../../support/domain';

const NOW = '2025-03-14T12:00:00.000Z';
const ctx = () => ctxFor('organizer-a', { now: () => new Date(NOW) });

describe('checkConversation', () => {
  it('accepts what logConversation accepts, and writes nothing', () => {
    const campaign = newCampaign();
    const personId = value(createPerson(campaign, { name: 'Rosa' }, ctx()));
    const before = Y.encodeStateAsUpdate(campaign);
    const input = { personId, notes: 'Talked shifts', nextStep: { text: 'Call back', due: '2025-03-20' } };
    expect(checkConversation(campaign, input, ctx())).toEqual([]);
    expect(Y.encodeStateAsUpdate(campaign)).toEqual(before);
    expect(logConversation({ campaign, personal: new Y.Doc() }, input, ctx()).ok).toBe(true);
  });

  it('lists every problem in form order, each with its field', () => {
    const campaign = newCampaign();
    const long = 'x'.repeat(CONVERSATION_LIMITS.text + 1);
    const problems = checkConversation(
      campaign,
      {
        newPersonName: '',
        at: '2099-01-01T10:00:00.000Z',
        stake: long,
        notes: long,
        nextStep: { text: 'Call', due: '' },
      },
      ctx(),
    );
    expect(problems.map((p) => [p.code, p.detail.field])).toEqual([
      ['name-required', 'newPersonName'],
      ['date-in-future', 'at'],
      ['text-too-long', 'stake'],
      ['text-too-long', 'notes'],
      ['invalid-date', 'nextFollowUp'],
    ]);
  });

  it('falls through to the full plan for the rest (a deleted person, an unknown issue)', () => {
    const campaign = newCampaign();
    const personId = value(createPerson(campaign, { name: 'Rosa' }, ctx()));
    expect(
      checkConversation(campaign, { personId, issueIds: ['nope-not-an-issue-id'] }, ctx())[0]?.code,
    ).toBe('unknown-issue');
    value(deletePerson(campaign, personId, ctx()));
    expect(checkConversation(campaign, { personId }, ctx())[0]?.code).toBe('unknown-person');
  });
});
