/** Search by phone number, tag and contact; filter by tag and by who people are assigned to. */
import { describe, expect, it } from 'vitest';
import {
  createPerson,
  filterPeople,
  listPeople,
  type PeopleFilter,
  phoneQuery,
  tagsInUse,
  updatePerson,
} from '../../../src/domain';
import { ctxFor, newCampaign, value } from '../../support/domain';

const ctx = ctxFor('dev');
const ME = 'memberAAAAAAAAAAAAAAAA';

function setup() {
  const doc = newCampaign();
  const add = (name: string, extra = {}) => value(createPerson(doc, { name, ...extra }, ctx));
  const jose = add('José Ramírez', {
    contacts: [{ kind: 'phone', value: '+1 (555) 123-4567' }],
    tags: ['night crew', 'heat'],
  });
  add('María Pérez', { contacts: [{ kind: 'whatsapp', value: '+34 612 34 56 78' }], tags: ['heat'] });
  add('Lee Chen', { contacts: [{ kind: 'email', value: 'lee@example.org' }] });
  add('Worker 2024');
  value(updatePerson(doc, jose, { assignedTo: ME }, ctx));
  return doc;
}

const names = (filter: PeopleFilter) => filterPeople(listPeople(setup()).people, filter).map((p) => p.name);

describe('search by phone number', () => {
  it.each([
    ['555 123', ['José Ramírez']],
    ['(555) 123-4567', ['José Ramírez']],
    ['5551234567', ['José Ramírez']],
    ['+34 612', ['María Pérez']],
    ['0612 345', ['María Pérez']], // national trunk zero
    ['612-34-56-78', ['María Pérez']],
    ['999 999', []],
  ])('%s', (text, want) => {
    expect(names({ text })).toEqual(want);
  });

  it('two digits are a word search, not a number', () => {
    expect(phoneQuery('12')).toBeNull();
    expect(phoneQuery('dock 3')).toBeNull();
    expect(names({ text: '2024' })).toEqual([]);
    expect(names({ text: 'worker 2024' })).toEqual(['Worker 2024']);
  });
});

describe('search by tag and contact', () => {
  it.each([
    ['night', ['José Ramírez']],
    ['heat', ['José Ramírez', 'María Pérez']],
    ['HEAT jose', ['José Ramírez']],
    ['example.org', ['Lee Chen']],
    ['lee@', ['Lee Chen']],
  ])('%s', (text, want) => {
    expect(names({ text })).toEqual(want);
  });

  it('keeps names as the sort order (tags do not move anyone)', () => {
    expect(listPeople(setup()).people.map((p) => p.name)).toEqual([
      'José Ramírez',
      'Lee Chen',
      'María Pérez',
      'Worker 2024',
    ]);
  });
});

describe('filters', () => {
  it('by exact tag', () => {
    expect(names({ tag: 'night crew' })).toEqual(['José Ramírez']);
    expect(names({ tag: 'night' })).toEqual([]);
  });

  it('by who people are assigned to, or nobody', () => {
    expect(names({ assignedTo: ME })).toEqual(['José Ramírez']);
    expect(names({ assignedTo: null })).toEqual(['Lee Chen', 'María Pérez', 'Worker 2024']);
    expect(names({ assignedTo: 'memberBBBBBBBBBBBBBBBB' })).toEqual([]);
  });

  it('tagsInUse counts tags, most used first', () => {
    expect(tagsInUse(listPeople(setup()).people)).toEqual([
      ['heat', 2],
      ['night crew', 1],
    ]);
  });
});
