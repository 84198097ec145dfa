/** Schema constants, collections and ids. */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  ASSESSMENT,
  ASSESSMENT_CODES,
  isAssessment,
  isId,
  isKnownCollection,
  KNOWN_COLLECTIONS,
  newId,
  SCHEMA_VERSION,
  unknownCollections,
} from '../../../src/domain';
import { newCampaign } from '../../support/domain';

describe('collections', () => {
  it('lists the known top-level names per kind of space', () => {
    expect(KNOWN_COLLECTIONS.campaign).toEqual([
      'meta',
      'people',
      'units',
      'shifts',
      'issues',
      'conversations',
      'surveys',
      'floorPlan',
      'members',
      'rotations',
    ]);
    expect(KNOWN_COLLECTIONS.personal).toEqual(['meta', 'notes', 'drafts', 'settings']);
    expect(isKnownCollection('campaign', 'people')).toBe(true);
    expect(isKnownCollection('personal', 'people')).toBe(false);
    expect(isKnownCollection('campaign', '__proto__')).toBe(false);
    expect(SCHEMA_VERSION).toBe(1);
  });

  it('finds top-level names a remote update added', () => {
    const doc = newCampaign();
    expect(unknownCollections(doc, 'campaign')).toEqual([]);
    const evil = new Y.Doc();
    evil.getMap('exfiltrate').set('x', 1);
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(evil));
    expect(unknownCollections(doc, 'campaign')).toEqual(['exfiltrate']);
    expect(unknownCollections(doc, 'personal')).toContain('exfiltrate');
  });
});

describe('ids', () => {
  it('are 128-bit base64url strings, unique', () => {
    const ids = new Set(Array.from({ length: 10_000 }, newId));
    expect(ids.size).toBe(10_000);
    for (const id of [...ids].slice(0, 100)) {
      expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(isId(id)).toBe(true);
    }
  });

  it('never accept Object.prototype member names', () => {
    for (const name of Object.getOwnPropertyNames(Object.prototype)) expect(isId(name)).toBe(false);
    expect(isId('a'.repeat(65))).toBe(false);
    expect(isId(42)).toBe(false);
  });
});

describe('assessment scale', () => {
  it('has codes for 1..5 and accepts only those integers', () => {
    expect(ASSESSMENT.ACTIVE_SUPPORTER).toBe(1);
    expect(ASSESSMENT.HOSTILE).toBe(5);
    expect(ASSESSMENT_CODES[3]).toBe('undecided');
    expect([1, 2, 3, 4, 5].every(isAssessment)).toBe(true);
    expect([0, 6, 1.5, '1', null, Number.NaN].some(isAssessment)).toBe(false);
  });
});
