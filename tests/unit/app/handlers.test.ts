/**
 * The app's handlers the screens call instead of domain commands: each writes to the session's
 * doc as the session's device, and passes a refusal back unchanged with nothing written.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { markFollowUpDone, writePrivateNote } from '../../../src/app/conversation';
import {
  addPerson,
  deletePersonRecord,
  editPeopleInBulk,
  editPerson,
  markCard,
  placePerson,
  ratePerson,
  undeletePersonRecord,
} from '../../../src/app/people';
import { closeSurveyNow, publishSurveyDraft, removeSurvey, saveSurveyDraft } from '../../../src/app/surveys';
import {
  addShift,
  addUnit,
  changeBargainingUnitSize,
  editUnit,
  pinUnit,
  removeShift,
  undeleteShift,
  unpinUnit,
} from '../../../src/app/workplace';
import {
  conversationsOf,
  getPerson,
  getSurvey,
  initCampaign,
  listShifts,
  listSurveys,
  listUnits,
  type Person,
  type Result,
  readBargainingUnitSize,
  readFloorPlan,
} from '../../../src/domain';
import { docSession } from '../../support/doc-session';

const ME = 'device-handlers-01';

function setup() {
  const doc = new Y.Doc();
  initCampaign(doc, { name: 'Depot', by: 'founder' });
  return { doc, session: docSession(doc, ME) };
}

function value<T>(r: Result<T, { code: string }>): T {
  if (!r.ok) throw new Error(`refused: ${r.error.code}`);
  return r.value;
}

const person = (doc: Y.Doc, id: string): Person => value(getPerson(doc, id));

describe('people handlers', () => {
  it('add, edit, rate, card, place, delete and undelete a person as the session device', () => {
    const { doc, session } = setup();
    const id = value(addPerson(session, { name: 'Ana' }));
    expect(person(doc, id).createdBy).toBe(ME);
    value(editPerson(session, id, { tags: ['night'] }));
    value(ratePerson(session, id, 2));
    value(markCard(session, id, { signed: true, date: '2025-03-14' }));
    const unit = value(addUnit(session, { name: 'Dock' }));
    value(placePerson(session, id, { unitId: unit, shiftId: null }));
    const p = person(doc, id);
    expect([p.tags, p.assessment, p.card.signed, p.unitId, p.updatedBy]).toEqual([
      ['night'],
      2,
      true,
      unit,
      ME,
    ]);
    value(deletePersonRecord(session, id));
    expect(person(doc, id)).toMatchObject({ deleted: true, deletedBy: ME });
    value(undeletePersonRecord(session, id));
    expect(person(doc, id).deleted).toBe(false);
  });

  it('passes a refusal back and writes nothing', () => {
    const { doc, session } = setup();
    const before = Y.encodeStateVector(doc);
    const r = addPerson(session, { name: '   ' });
    expect(r.ok ? 'accepted' : r.error.code).toBe('name-required');
    expect(Y.encodeStateVector(doc)).toEqual(before);
  });

  it('bulk edits with an undo of exactly what changed', () => {
    const { doc, session } = setup();
    const ids = ['Ana', 'Ben'].map((name) => value(addPerson(session, { name })));
    const bulk = value(editPeopleInBulk(session, ids, { kind: 'addTag', tag: 'dock' }));
    expect(ids.map((id) => person(doc, id).tags)).toEqual([['dock'], ['dock']]);
    expect(bulk.undo()).toBe(true);
    expect(ids.map((id) => person(doc, id).tags)).toEqual([[], []]);
  });
});

describe('conversation handlers', () => {
  it('marks a follow-up done on the timeline and keeps a private note in the personal space only', () => {
    const { doc, session } = setup();
    const id = value(addPerson(session, { name: 'Ana' }));
    value(editPerson(session, id, { nextFollowUp: { due: '2025-03-14', text: 'Call back' } }));
    value(markFollowUpDone(session, id));
    expect(person(doc, id).nextFollowUp).toBeUndefined();
    value(writePrivateNote(session, { personId: id, text: 'Worried about the rota' }));
    const spaces = { campaign: doc, personal: session.personal.doc };
    const timeline = conversationsOf(spaces, id);
    // Both written in the same millisecond: compare as a set, not by order.
    expect(timeline.map((c) => [c.kind, c.by, c.visibility]).sort()).toEqual([
      ['follow-up', ME, 'shared'],
      ['note', ME, 'private'],
    ]);
    expect(conversationsOf({ campaign: doc }, id).map((c) => c.kind)).toEqual(['follow-up']);
    expect(markFollowUpDone(session, id).ok).toBe(false);
  });
});

describe('workplace handlers', () => {
  it('units, shifts, the bargaining unit and pins as the session device', () => {
    const { doc, session } = setup();
    const unit = value(addUnit(session, { name: 'Dock' }));
    value(editUnit(session, unit, { estimatedHeadcount: 40 }));
    expect(listUnits(doc).map((u) => [u.name, u.estimatedHeadcount, u.updatedBy])).toEqual([
      ['Dock', 40, ME],
    ]);
    const shift = value(addShift(session, { name: 'Nights' }));
    value(removeShift(session, shift));
    expect(listShifts(doc)).toEqual([]);
    value(undeleteShift(session, shift));
    expect(listShifts(doc).map((s) => s.name)).toEqual(['Nights']);
    value(changeBargainingUnitSize(session, 120));
    expect(readBargainingUnitSize(doc)).toBe(120);
    value(pinUnit(session, unit, { x: 0.5, y: 0.25 }));
    expect(readFloorPlan(doc).pins.map((p) => [p.unitId, p.x, p.y])).toEqual([[unit, 0.5, 0.25]]);
    value(unpinUnit(session, unit));
    expect(readFloorPlan(doc).pins).toEqual([]);
  });
});

describe('survey handlers', () => {
  it('closes only a published survey and deletes it, each flushed before it reports success', async () => {
    const { doc, session } = setup();
    let flushes = 0;
    session.campaign.flush = async () => void flushes++;
    const input = { title: 'Breaks', questions: [{ kind: 'scale' as const, text: 'How bad?' }] };
    const id = value(await saveSurveyDraft(session, null, input));
    expect((await closeSurveyNow(session, id)).ok).toBe(false);
    value(await publishSurveyDraft(session, id));
    const before = flushes;
    value(await closeSurveyNow(session, id));
    expect([getSurvey(doc, id)?.status, getSurvey(doc, id)?.updatedBy, flushes]).toEqual([
      'closed',
      ME,
      before + 1,
    ]);
    value(await removeSurvey(session, id));
    expect(flushes).toBe(before + 2);
    expect(listSurveys(doc)).toEqual([]);
  });
});
