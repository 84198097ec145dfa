/**
 * The optional floor-plan layer of the workplace map: one picture of the floor (a photo or a
 * sketch, downscaled by the UI) and a pin per unit on it. It lives in the campaign doc's
 * `floorPlan` map, so it is encrypted, stored and synced like every other record.
 *
 * Layout of the `floorPlan` map (plain values, each last-writer-wins as a whole):
 * - `image` → `{data: Uint8Array, type, width, height, updatedAt, updatedBy}`: one value, so a
 *   picture and its size can never come from two different writers;
 * - `pin:<unitId>` → `{x, y, updatedAt, updatedBy}` with `x`, `y` in 0..1 of the picture's width
 *   and height. One key per unit, never a nested map created on first use: two peers creating
 *   the same nested map concurrently would lose one of them, and the pins placed in it.
 *
 * What must stay true: anything read from the map is untrusted. The picture must be of an
 * allowed type whose first bytes match it (the UI hands it to the browser's image decoder only),
 * within `FLOOR_PLAN_LIMITS`; a bad value is quarantined and never breaks the map screen.
 * Removing the plan deletes the picture for real (Yjs then drops its bytes): a floor plan is not
 * an organizing record, and keeping a few hundred KB of deleted picture forever buys no undo
 * worth having. The UI asks before removing it.
 */
import type * as Y from 'yjs';
import { type CommandContext, commit, run, timestamp } from '../context';
import { DomainError } from '../errors';
import { isPlainObject, own } from '../formats';
import { isId } from '../ids';
import { LIMITS } from '../limits';
import { checkRef } from '../records';
import type { Result } from '../result';
import { collection } from '../schema';
import type { ParseIssue } from '../types';

/** Picture limits: the UI downscales to fit before storing. */
export const FLOOR_PLAN_LIMITS = {
  /** Longest side in pixels. */
  dimension: 1600,
  /** Stored bytes; y-webrtc messages are framed, but a picture should stay small to sync fast. */
  imageBytes: 400_000,
} as const;

/** Picture formats a floor plan may be stored as. */
export const FLOOR_PLAN_TYPES = ['image/jpeg', 'image/webp', 'image/png'] as const;
/** One of `FLOOR_PLAN_TYPES`. */
export type FloorPlanType = (typeof FLOOR_PLAN_TYPES)[number];

/** The stored picture. */
export interface FloorPlanImage {
  readonly data: Uint8Array;
  readonly type: FloorPlanType;
  readonly width: number;
  readonly height: number;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

/** A unit's place on the picture; `x`, `y` are fractions (0..1) of its width and height. */
export interface Pin {
  readonly unitId: string;
  readonly x: number;
  readonly y: number;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

/** The layer as read from a doc. Pins of deleted units are kept: filter against `listUnits`. */
export interface FloorPlan {
  readonly image?: FloorPlanImage;
  readonly pins: readonly Pin[];
  readonly quarantined: readonly ParseIssue[];
}

const IMAGE_KEY = 'image';
const PIN_PREFIX = 'pin:';

/** True when the first bytes are those of a picture of `type`. */
export function hasImageSignature(data: Uint8Array, type: FloorPlanType): boolean {
  const at = (i: number) => data[i] ?? -1;
  if (type === 'image/jpeg') return at(0) === 0xff && at(1) === 0xd8 && at(2) === 0xff;
  if (type === 'image/png') {
    return [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((b, i) => at(i) === b);
  }
  const ascii = (from: number, text: string) => [...text].every((c, i) => at(from + i) === c.charCodeAt(0));
  return ascii(0, 'RIFF') && ascii(8, 'WEBP');
}

const isType = (v: unknown): v is FloorPlanType => (FLOOR_PLAN_TYPES as readonly unknown[]).includes(v);
const isSide = (v: unknown): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= FLOOR_PLAN_LIMITS.dimension;
const isFraction = (v: unknown): v is number =>
  typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 1;
const isStamp = (v: unknown): v is string => typeof v === 'string' && v.length <= 40;
const isActor = (v: unknown): v is string =>
  typeof v === 'string' && v.length > 0 && v.length <= LIMITS.actor;

/** Why a picture is refused, or `null` when it is acceptable. */
function imageProblem(v: Record<string, unknown>): string | null {
  const data = own(v, 'data');
  const type = own(v, 'type');
  if (!(data instanceof Uint8Array)) return 'data';
  if (data.length === 0 || data.length > FLOOR_PLAN_LIMITS.imageBytes) return 'data';
  if (!isType(type) || !hasImageSignature(data, type)) return 'type';
  if (!isSide(own(v, 'width'))) return 'width';
  if (!isSide(own(v, 'height'))) return 'height';
  return null;
}

/** Parses the stored picture; never throws. */
export function parseFloorPlanImage(raw: unknown): Result<FloorPlanImage, ParseIssue> {
  const issue = (code: ParseIssue['code'], field?: string): Result<FloorPlanImage, ParseIssue> => ({
    ok: false,
    error:
      field === undefined
        ? { code, id: IMAGE_KEY, collection: 'floorPlan' }
        : { code, id: IMAGE_KEY, field, collection: 'floorPlan' },
  });
  if (!isPlainObject(raw)) return issue('not-a-record');
  const problem = imageProblem(raw);
  if (problem !== null) return issue('invalid-value', problem);
  const updatedAt = own(raw, 'updatedAt');
  const updatedBy = own(raw, 'updatedBy');
  if (!isStamp(updatedAt) || !isActor(updatedBy)) return issue('invalid-value', 'updatedAt');
  return {
    ok: true,
    value: {
      data: own(raw, 'data') as Uint8Array,
      type: own(raw, 'type') as FloorPlanType,
      width: own(raw, 'width') as number,
      height: own(raw, 'height') as number,
      updatedAt,
      updatedBy,
    },
  };
}

/** Parses one stored pin; never throws. */
export function parsePin(unitId: string, raw: unknown): Result<Pin, ParseIssue> {
  const fail = (code: ParseIssue['code']): Result<Pin, ParseIssue> => ({
    ok: false,
    error: { code, id: unitId.slice(0, 80), collection: 'floorPlan' },
  });
  if (!isId(unitId)) return fail('invalid-id');
  if (!isPlainObject(raw)) return fail('not-a-record');
  const x = own(raw, 'x');
  const y = own(raw, 'y');
  const updatedAt = own(raw, 'updatedAt');
  const updatedBy = own(raw, 'updatedBy');
  if (!isFraction(x) || !isFraction(y) || !isStamp(updatedAt) || !isActor(updatedBy)) {
    return fail('invalid-value');
  }
  return { ok: true, value: { unitId, x, y, updatedAt, updatedBy } };
}

/**
 * The floor plan of a campaign: the picture (when there is one), every valid pin, and what was
 * quarantined. Unknown keys are ignored.
 */
export function readFloorPlan(doc: Y.Doc): FloorPlan {
  const map = collection(doc, 'floorPlan');
  const pins: Pin[] = [];
  const quarantined: ParseIssue[] = [];
  let image: FloorPlanImage | undefined;
  map.forEach((raw, key) => {
    if (key === IMAGE_KEY) {
      const r = parseFloorPlanImage(raw);
      if (r.ok) image = r.value;
      else quarantined.push(r.error);
    } else if (key.startsWith(PIN_PREFIX)) {
      const r = parsePin(key.slice(PIN_PREFIX.length), raw);
      if (r.ok) pins.push(r.value);
      else quarantined.push(r.error);
    }
  });
  pins.sort((a, b) => (a.unitId < b.unitId ? -1 : 1));
  return image === undefined ? { pins, quarantined } : { image, pins, quarantined };
}

/** A picture to store: already downscaled and encoded by the UI. */
export interface FloorPlanImageInput {
  data: Uint8Array;
  type: FloorPlanType;
  width: number;
  height: number;
}

/**
 * Stores (or replaces) the floor-plan picture. Pins stay: they are fractions of the picture, so
 * a retaken photo of the same floor keeps them roughly in place.
 * Refused with `invalid-value` (detail `field`: data, type, width or height) when the picture is
 * too large, not of an allowed type, or its bytes do not match its type.
 */
export function setFloorPlanImage(doc: Y.Doc, input: FloorPlanImageInput, ctx: CommandContext): Result<void> {
  return run(doc, ctx, () => {
    if (!isPlainObject(input)) throw new DomainError('invalid-value', { field: 'image' });
    const problem = imageProblem(input as unknown as Record<string, unknown>);
    if (problem !== null) {
      throw new DomainError('invalid-value', { field: problem, max: FLOOR_PLAN_LIMITS.imageBytes });
    }
    const value = {
      data: input.data,
      type: input.type,
      width: input.width,
      height: input.height,
      updatedAt: timestamp(ctx),
      updatedBy: ctx.by,
    };
    commit(doc, ctx, () => collection(doc, 'floorPlan').set(IMAGE_KEY, value));
  });
}

/** Removes the picture and every pin (see the header: a real delete). */
export function removeFloorPlan(doc: Y.Doc, ctx: CommandContext): Result<void> {
  return run(doc, ctx, () => {
    const map = collection(doc, 'floorPlan');
    const keys = [...map.keys()].filter((k) => k === IMAGE_KEY || k.startsWith(PIN_PREFIX));
    if (keys.length > 0)
      commit(doc, ctx, () => {
        for (const k of keys) map.delete(k);
      });
  });
}

/**
 * Places (or moves) a unit's pin at `x`, `y` (fractions 0..1 of the picture). The unit must be
 * live (`unknown-unit`); coordinates outside 0..1 are refused (`invalid-value`).
 * @example placePin(doc, dockId, { x: 0.25, y: 0.6 }, { by: deviceId })
 */
export function placePin(
  doc: Y.Doc,
  unitId: string,
  at: { x: number; y: number },
  ctx: CommandContext,
): Result<void> {
  return run(doc, ctx, () => {
    checkRef(doc, 'units', unitId, 'unknown-unit', 'unitId');
    if (!isFraction(at?.x)) throw new DomainError('invalid-value', { field: 'x' });
    if (!isFraction(at?.y)) throw new DomainError('invalid-value', { field: 'y' });
    const map = collection(doc, 'floorPlan');
    const current = map.get(PIN_PREFIX + unitId);
    if (isPlainObject(current) && own(current, 'x') === at.x && own(current, 'y') === at.y) return;
    const value = { x: at.x, y: at.y, updatedAt: timestamp(ctx), updatedBy: ctx.by };
    commit(doc, ctx, () => map.set(PIN_PREFIX + unitId, value));
  });
}

/** Takes a unit's pin off the plan (idempotent; the unit itself is untouched). */
export function removePin(doc: Y.Doc, unitId: string, ctx: CommandContext): Result<void> {
  return run(doc, ctx, () => {
    if (!isId(unitId)) throw new DomainError('unknown-unit', { field: 'unitId' });
    const map = collection(doc, 'floorPlan');
    if (map.has(PIN_PREFIX + unitId)) commit(doc, ctx, () => map.delete(PIN_PREFIX + unitId));
  });
}
