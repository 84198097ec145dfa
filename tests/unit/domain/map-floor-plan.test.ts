/** The floor-plan layer: picture and pins as commands write them, and hostile values quarantined. */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  createUnit,
  deleteUnit,
  FLOOR_PLAN_LIMITS,
  type FloorPlanImageInput,
  hasImageSignature,
  isKnownCollection,
  placePin,
  readFloorPlan,
  removeFloorPlan,
  removePin,
  setFloorPlanImage,
} from '../../../src/domain';
import { codeOf, ctxFor, newCampaign, replica, syncBoth, value, watch } from '../../support/domain';

const ctx = () => ctxFor('organizer-a');
const JPEG = (n = 64) => {
  const b = new Uint8Array(n);
  b.set([0xff, 0xd8, 0xff, 0xe0]);
  return b;
};
const PNG = () => new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const WEBP = () =>
  new Uint8Array(
    [...'RIFF']
      .map((c) => c.charCodeAt(0))
      .concat(
        [0, 0, 0, 0],
        [...'WEBPVP8 '].map((c) => c.charCodeAt(0)),
      ),
  );
const image = (over: Partial<FloorPlanImageInput> = {}): FloorPlanImageInput => ({
  data: JPEG(),
  type: 'image/jpeg',
  width: 1600,
  height: 900,
  ...over,
});

describe('floor plan', () => {
  it('is a known campaign collection (so sync accepts it) and never a personal one', () => {
    expect(isKnownCollection('campaign', 'floorPlan')).toBe(true);
    expect(isKnownCollection('personal', 'floorPlan')).toBe(false);
  });

  it('stores a picture in one transaction and reads it back, also on another device', () => {
    const doc = newCampaign();
    expect(readFloorPlan(doc)).toEqual({ pins: [], quarantined: [] });
    const seen = watch(doc, () => value(setFloorPlanImage(doc, image(), ctx())));
    expect(seen.transactions).toBe(1);
    const plan = readFloorPlan(doc);
    expect(plan.image).toMatchObject({
      type: 'image/jpeg',
      width: 1600,
      height: 900,
      updatedBy: 'organizer-a',
    });
    expect(plan.image?.data).toEqual(JPEG());
    const other = replica(doc);
    expect(readFloorPlan(other).image?.data).toEqual(JPEG());
    expect(readFloorPlan(other).image?.data).toBeInstanceOf(Uint8Array);
  });

  it('refuses a picture that is too big, of another type, mislabelled or oversized, writing nothing', () => {
    const doc = newCampaign();
    const refused = (input: FloorPlanImageInput) => {
      let code = '';
      expect(watch(doc, () => (code = codeOf(setFloorPlanImage(doc, input, ctx())))).updates).toBe(0);
      return code;
    };
    expect(refused(image({ data: JPEG(FLOOR_PLAN_LIMITS.imageBytes + 1) }))).toBe('invalid-value');
    expect(refused(image({ data: new Uint8Array() }))).toBe('invalid-value');
    expect(refused(image({ data: PNG() }))).toBe('invalid-value'); // says JPEG, is PNG
    expect(refused(image({ type: 'image/svg+xml' as 'image/png', data: PNG() }))).toBe('invalid-value');
    expect(refused(image({ width: FLOOR_PLAN_LIMITS.dimension + 1 }))).toBe('invalid-value');
    expect(refused(image({ height: 0 }))).toBe('invalid-value');
    expect(refused(image({ width: 10.5 }))).toBe('invalid-value');
    expect(refused({ ...image(), data: [1, 2, 3] as unknown as Uint8Array })).toBe('invalid-value');
    expect(readFloorPlan(doc).image).toBeUndefined();
    value(setFloorPlanImage(doc, image({ data: PNG(), type: 'image/png' }), ctx()));
    value(setFloorPlanImage(doc, image({ data: WEBP(), type: 'image/webp' }), ctx()));
    expect(readFloorPlan(doc).image?.type).toBe('image/webp');
  });

  it('recognises picture signatures', () => {
    expect(hasImageSignature(JPEG(), 'image/jpeg')).toBe(true);
    expect(hasImageSignature(PNG(), 'image/png')).toBe(true);
    expect(hasImageSignature(WEBP(), 'image/webp')).toBe(true);
    expect(hasImageSignature(new Uint8Array([0xff, 0xd8]), 'image/jpeg')).toBe(false);
    expect(hasImageSignature(JPEG(), 'image/webp')).toBe(false);
  });

  it('places, moves and removes pins for live units only', () => {
    const doc = newCampaign();
    const dock = value(createUnit(doc, { name: 'Dock' }, ctx()));
    const bay = value(createUnit(doc, { name: 'Bay' }, ctx()));
    value(placePin(doc, dock, { x: 0.25, y: 0.5 }, ctx()));
    value(placePin(doc, bay, { x: 1, y: 0 }, ctx()));
    expect(watch(doc, () => value(placePin(doc, dock, { x: 0.25, y: 0.5 }, ctx()))).updates).toBe(0);
    value(placePin(doc, dock, { x: 0.3, y: 0.6 }, ctx()));
    const pins = readFloorPlan(doc).pins;
    expect(pins.find((p) => p.unitId === dock)).toMatchObject({ x: 0.3, y: 0.6, updatedBy: 'organizer-a' });
    expect(pins).toHaveLength(2);
    expect(codeOf(placePin(doc, dock, { x: 1.01, y: 0 }, ctx()))).toBe('invalid-value');
    expect(codeOf(placePin(doc, dock, { x: Number.NaN, y: 0 }, ctx()))).toBe('invalid-value');
    expect(codeOf(placePin(doc, 'AAAAAAAAAAAAAAAAAAAAAA', { x: 0, y: 0 }, ctx()))).toBe('unknown-unit');
    value(deleteUnit(doc, bay, ctx()));
    expect(codeOf(placePin(doc, bay, { x: 0.5, y: 0.5 }, ctx()))).toBe('unknown-unit');
    value(removePin(doc, dock, ctx()));
    expect(watch(doc, () => value(removePin(doc, dock, ctx()))).updates).toBe(0);
    expect(readFloorPlan(doc).pins.map((p) => p.unitId)).toEqual([bay]);
  });

  it('removes the picture and every pin together, so the bytes are gone from the doc', () => {
    const doc = newCampaign();
    const dock = value(createUnit(doc, { name: 'Dock' }, ctx()));
    value(setFloorPlanImage(doc, image({ data: JPEG(100_000) }), ctx()));
    value(placePin(doc, dock, { x: 0.5, y: 0.5 }, ctx()));
    expect(Y.encodeStateAsUpdate(doc).length).toBeGreaterThan(100_000);
    value(removeFloorPlan(doc, ctx()));
    expect(readFloorPlan(doc)).toEqual({ pins: [], quarantined: [] });
    expect(Y.encodeStateAsUpdate(doc).length).toBeLessThan(10_000);
  });

  it('quarantines hostile values and keeps the good ones', () => {
    const doc = newCampaign();
    const dock = value(createUnit(doc, { name: 'Dock' }, ctx()));
    value(placePin(doc, dock, { x: 0.5, y: 0.5 }, ctx()));
    const map = doc.getMap<unknown>('floorPlan');
    map.set('image', {
      data: new TextEncoder().encode('<svg onload=alert(1)>'),
      type: 'image/jpeg',
      width: 10,
      height: 10,
      updatedAt: 'x',
      updatedBy: 'y',
    });
    map.set('pin:__proto__', { x: 0, y: 0, updatedAt: 'x', updatedBy: 'y' });
    map.set('pin:BBBBBBBBBBBBBBBBBBBBBB', {
      x: Number.POSITIVE_INFINITY,
      y: 0,
      updatedAt: 'x',
      updatedBy: 'y',
    });
    map.set('pin:CCCCCCCCCCCCCCCCCCCCCC', 'not an object');
    map.set('pin:DDDDDDDDDDDDDDDDDDDDDD', new Y.Map());
    map.set('unrelated', 42);
    const plan = readFloorPlan(doc);
    expect(plan.image).toBeUndefined();
    expect(plan.pins.map((p) => p.unitId)).toEqual([dock]);
    expect(plan.quarantined.map((q) => q.code).sort()).toEqual([
      'invalid-id',
      'invalid-value',
      'invalid-value',
      'not-a-record',
      'not-a-record',
    ]);
    map.set('image', 'a string');
    expect(readFloorPlan(doc).quarantined.some((q) => q.id === 'image' && q.code === 'not-a-record')).toBe(
      true,
    );
  });

  it('keeps pins two organizers place concurrently; a picture replaced on both converges to one', () => {
    const a = newCampaign();
    const dock = value(createUnit(a, { name: 'Dock' }, ctx()));
    const bay = value(createUnit(a, { name: 'Bay' }, ctx()));
    const b = replica(a);
    value(placePin(a, dock, { x: 0.1, y: 0.1 }, ctxFor('a')));
    value(placePin(b, bay, { x: 0.9, y: 0.9 }, ctxFor('b')));
    value(setFloorPlanImage(a, image({ width: 100 }), ctxFor('a')));
    value(setFloorPlanImage(b, image({ width: 200 }), ctxFor('b')));
    syncBoth(a, b);
    expect(
      readFloorPlan(a)
        .pins.map((p) => p.unitId)
        .sort(),
    ).toEqual([dock, bay].sort());
    expect(readFloorPlan(a)).toEqual(readFloorPlan(b));
    expect([100, 200]).toContain(readFloorPlan(a).image?.width);
  });
});
