/** Campaign meta, units (tree, cycles), shifts and issues. */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  campaignName,
  createIssue,
  createPerson,
  createShift,
  createUnit,
  deleteIssue,
  deleteShift,
  deleteUnit,
  descendantUnitIds,
  getPerson,
  initCampaign,
  listIssues,
  listShifts,
  listUnits,
  readCampaignMeta,
  renameCampaign,
  renameIssue,
  restoreShift,
  restoreUnit,
  SCHEMA_VERSION,
  updateShift,
  updateUnit,
} from '../../../src/domain';
import { codeOf, ctxFor, newCampaign, value, watch } from '../../support/domain';

const ctx = () => ctxFor('organizer-a');

describe('campaign meta', () => {
  it('initCampaign writes version, name and creation in one transaction, once', () => {
    const doc = new Y.Doc();
    const seen = watch(doc, () =>
      value(
        initCampaign(doc, {
          name: ' Warehouse 7 ',
          by: 'dev-1',
          now: () => new Date('2025-01-02T03:04:05.000Z'),
        }),
      ),
    );
    expect(seen.transactions).toBe(1);
    expect(readCampaignMeta(doc)).toEqual({
      name: 'Warehouse 7',
      createdAt: '2025-01-02T03:04:05.000Z',
      createdBy: 'dev-1',
      schemaVersion: SCHEMA_VERSION,
    });
    expect(codeOf(initCampaign(doc, { name: 'Again' }))).toBe('already-initialized');
    expect(codeOf(initCampaign(new Y.Doc(), { name: '  ' }))).toBe('name-required');
    expect(codeOf(initCampaign(new Y.Doc(), { name: 'x'.repeat(201) }))).toBe('name-too-long');
  });

  it('renames, and reads a hostile name as absent', () => {
    const doc = newCampaign();
    value(renameCampaign(doc, 'Local 12', ctx()));
    expect(campaignName(doc)).toBe('Local 12');
    expect(watch(doc, () => value(renameCampaign(doc, 'Local 12', ctx()))).updates).toBe(0);
    doc.getMap('meta').set('name', { evil: true });
    expect(campaignName(doc)).toBeUndefined();
    doc.getMap('meta').set('name', 'x'.repeat(5000));
    expect(campaignName(doc)).toBeUndefined();
  });
});

describe('units', () => {
  function tree() {
    const doc = newCampaign();
    const inbound = value(createUnit(doc, { name: 'Inbound', estimatedHeadcount: 120 }, ctx()));
    const outbound = value(createUnit(doc, { name: 'Outbound' }, ctx()));
    const dock3 = value(createUnit(doc, { name: 'Dock 3', parentId: inbound }, ctx()));
    const dock1 = value(createUnit(doc, { name: 'Dock 1', parentId: inbound, order: -1 }, ctx()));
    const door = value(createUnit(doc, { name: 'Door 9', parentId: dock3 }, ctx()));
    return { doc, inbound, outbound, dock3, dock1, door };
  }

  it('lists units in tree order with paths and depths', () => {
    const { doc, inbound, dock3 } = tree();
    const units = listUnits(doc);
    expect(units.map((u) => [u.path, u.depth])).toEqual([
      ['Inbound', 0],
      ['Inbound › Dock 1', 1],
      ['Inbound › Dock 3', 1],
      ['Inbound › Dock 3 › Door 9', 2],
      ['Outbound', 0],
    ]);
    expect(units[3]?.ancestors).toEqual([inbound, dock3]);
    expect(units[0]?.estimatedHeadcount).toBe(120);
    expect([...descendantUnitIds(units, inbound)]).toHaveLength(4);
  });

  it('assigns order after the last sibling', () => {
    const { doc } = tree();
    expect(listUnits(doc).map((u) => u.order)).toEqual([0, -1, 0, 0, 1]);
  });

  it('refuses cycles, self-parenting and unknown parents', () => {
    const { doc, inbound, dock3, door, outbound } = tree();
    expect(codeOf(updateUnit(doc, inbound, { parentId: door }, ctx()))).toBe('cycle');
    expect(codeOf(updateUnit(doc, inbound, { parentId: inbound }, ctx()))).toBe('cycle');
    expect(codeOf(updateUnit(doc, dock3, { parentId: 'AAAAAAAAAAAAAAAAAAAAAA' }, ctx()))).toBe(
      'unknown-unit',
    );
    expect(codeOf(createUnit(doc, { name: 'X', parentId: 'AAAAAAAAAAAAAAAAAAAAAA' }, ctx()))).toBe(
      'unknown-unit',
    );
    expect(value(updateUnit(doc, dock3, { parentId: outbound }, ctx())).changed).toEqual(['parentId']);
    expect(listUnits(doc).find((u) => u.id === door)?.path).toBe('Outbound › Dock 3 › Door 9');
    expect(value(updateUnit(doc, dock3, { parentId: null }, ctx())).changed).toEqual(['parentId']);
    expect(listUnits(doc).find((u) => u.id === dock3)?.depth).toBe(0);
  });

  it('validates names and numbers', () => {
    const { doc, inbound } = tree();
    expect(codeOf(createUnit(doc, { name: '' }, ctx()))).toBe('name-required');
    expect(codeOf(updateUnit(doc, inbound, { estimatedHeadcount: -1 }, ctx()))).toBe('invalid-number');
    expect(codeOf(updateUnit(doc, inbound, { estimatedHeadcount: 2.5 }, ctx()))).toBe('invalid-number');
    expect(codeOf(updateUnit(doc, inbound, { order: Number.NaN }, ctx()))).toBe('invalid-number');
    expect(
      value(updateUnit(doc, inbound, { estimatedHeadcount: null, name: 'Inbound' }, ctx())).changed,
    ).toEqual(['estimatedHeadcount']);
  });

  it('deletes a leaf softly, refuses a unit with live children, and restores', () => {
    const { doc, inbound, dock1 } = tree();
    const person = value(createPerson(doc, { name: 'Ana', unitId: dock1 }, ctx()));
    expect(codeOf(deleteUnit(doc, inbound, ctx()))).toBe('has-children');
    value(deleteUnit(doc, dock1, ctx()));
    expect(listUnits(doc).map((u) => u.name)).not.toContain('Dock 1');
    expect(listUnits(doc, { includeDeleted: true }).find((u) => u.id === dock1)?.deleted).toBe(true);
    expect(value(getPerson(doc, person)).unitId).toBe(dock1);
    expect(codeOf(updateUnit(doc, dock1, { name: 'D1' }, ctx()))).toBe('deleted');
    value(restoreUnit(doc, dock1, ctx()));
    expect(listUnits(doc).find((u) => u.id === dock1)?.path).toBe('Inbound › Dock 1');
  });

  it('shows live children of a deleted or missing parent as roots', () => {
    const { doc, dock3, door } = tree();
    doc.getMap<Y.Map<unknown>>('units').get(dock3)?.set('deleted', true);
    expect(listUnits(doc).find((u) => u.id === door)).toMatchObject({ path: 'Door 9', depth: 0 });
    doc.getMap<Y.Map<unknown>>('units').get(door)?.set('parentId', 'ZZZZZZZZZZZZZZZZZZZZZZ');
    expect(listUnits(doc).find((u) => u.id === door)?.depth).toBe(0);
  });

  it('breaks a merged cycle deterministically at the smallest id and terminates', () => {
    const doc = newCampaign();
    const units = doc.getMap<Y.Map<unknown>>('units');
    const ids = ['cccccccccccccccccccccc', 'aaaaaaaaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbbbbbbbb'];
    ids.forEach((id, i) => {
      const m = new Y.Map<unknown>();
      units.set(id, m);
      m.set('name', `U${i}`);
      m.set('parentId', ids[(i + 1) % 3]);
      for (const k of ['createdAt', 'updatedAt']) m.set(k, '2025-01-01T00:00:00.000Z');
      m.set('createdBy', 'x');
    });
    const list = listUnits(doc);
    expect(list).toHaveLength(3);
    expect(list[0]).toMatchObject({ id: 'aaaaaaaaaaaaaaaaaaaaaa', depth: 0 });
    expect(list.map((u) => u.path)).toEqual(['U1', 'U1 › U0', 'U1 › U0 › U2']);
    expect(
      codeOf(updateUnit(doc, 'aaaaaaaaaaaaaaaaaaaaaa', { parentId: 'bbbbbbbbbbbbbbbbbbbbbb' }, ctx())),
    ).toBe('cycle');
  });
});

describe('shifts', () => {
  it('creates in order, updates, soft-deletes and restores', () => {
    const doc = newCampaign();
    const days = value(createShift(doc, { name: 'Days' }, ctx()));
    const nights = value(createShift(doc, { name: 'Nights' }, ctx()));
    const swing = value(createShift(doc, { name: 'Swing', order: 0.5 }, ctx()));
    expect(listShifts(doc).map((s) => s.name)).toEqual(['Days', 'Swing', 'Nights']);
    expect(value(updateShift(doc, nights, { order: -1 }, ctx())).changed).toEqual(['order']);
    expect(listShifts(doc)[0]?.id).toBe(nights);
    value(deleteShift(doc, swing, ctx()));
    expect(listShifts(doc).map((s) => s.id)).toEqual([nights, days]);
    expect(codeOf(createPerson(doc, { name: 'Ana', shiftId: swing }, ctx()))).toBe('unknown-shift');
    value(restoreShift(doc, swing, ctx()));
    expect(listShifts(doc)).toHaveLength(3);
    expect(codeOf(createShift(doc, { name: 'x'.repeat(101) }, ctx()))).toBe('name-too-long');
  });
});

describe('issues', () => {
  it('keeps names unique, accent- and case-insensitively, among live issues', () => {
    const doc = newCampaign();
    const heat = value(createIssue(doc, { name: 'Heat' }, ctx()));
    const cafe = value(createIssue(doc, { name: 'Café' }, ctx()));
    expect(codeOf(createIssue(doc, { name: ' heat ' }, ctx()))).toBe('name-taken');
    expect(codeOf(renameIssue(doc, cafe, 'HEAT', ctx()))).toBe('name-taken');
    expect(codeOf(createIssue(doc, { name: 'CAFE' }, ctx()))).toBe('name-taken');
    expect(value(renameIssue(doc, cafe, 'Café', ctx())).changed).toEqual([]);
    expect(listIssues(doc).map((i) => i.name)).toEqual(['Café', 'Heat']);
    value(deleteIssue(doc, heat, ctx()));
    expect(listIssues(doc).map((i) => i.name)).toEqual(['Café']);
    value(createIssue(doc, { name: 'heat' }, ctx()));
    expect(listIssues(doc, { includeDeleted: true })).toHaveLength(3);
  });
});
