/**
 * Workplace operations the map's setup, floor plan and counts call: units, shifts, the bargaining
 * unit's size and the floor plan's picture and pins. Each takes the session and a typed input and
 * returns the domain's result (nothing is written when it is refused); the app supplies the doc
 * and the author. The screen puts a success on disk before it announces it.
 */
import {
  type Changes,
  createShift,
  createUnit,
  deleteShift,
  deleteUnit,
  type FloorPlanImageInput,
  placePin,
  type Result,
  removeFloorPlan,
  removePin,
  restoreShift,
  restoreUnit,
  type ShiftPatch,
  setBargainingUnitSize,
  setFloorPlanImage,
  type UnitInput,
  type UnitPatch,
  updateShift,
  updateUnit,
} from '../domain';
import type { Session } from './session';

const author = (session: Session) => ({ by: session.deviceId });

/** Adds a unit (optionally under a parent, with an estimated headcount); the result is its id. */
export function addUnit(session: Session, input: UnitInput): Result<string> {
  return createUnit(session.campaign.doc, input, author(session));
}

/** Renames, re-parents, re-estimates or reorders a unit: only the fields in `patch` are touched. */
export function editUnit(session: Session, unitId: string, patch: UnitPatch): Result<Changes> {
  return updateUnit(session.campaign.doc, unitId, patch, author(session));
}

/** Deletes a unit (refused while it has sub-units); `undeleteUnit` brings it back. */
export function removeUnit(session: Session, unitId: string): Result<void> {
  return deleteUnit(session.campaign.doc, unitId, author(session));
}

/** Brings a deleted unit back. */
export function undeleteUnit(session: Session, unitId: string): Result<void> {
  return restoreUnit(session.campaign.doc, unitId, author(session));
}

/** Adds a shift; the result is its id. */
export function addShift(session: Session, input: { name: string; order?: number }): Result<string> {
  return createShift(session.campaign.doc, input, author(session));
}

/** Renames or reorders a shift: only the fields in `patch` are touched. */
export function editShift(session: Session, shiftId: string, patch: ShiftPatch): Result<Changes> {
  return updateShift(session.campaign.doc, shiftId, patch, author(session));
}

/** Deletes a shift; `undeleteShift` brings it back. */
export function removeShift(session: Session, shiftId: string): Result<void> {
  return deleteShift(session.campaign.doc, shiftId, author(session));
}

/** Brings a deleted shift back. */
export function undeleteShift(session: Session, shiftId: string): Result<void> {
  return restoreShift(session.campaign.doc, shiftId, author(session));
}

/** Sets the bargaining unit's size, or clears it (`null`: the units' estimates count again). */
export function changeBargainingUnitSize(session: Session, size: number | null): Result<void> {
  return setBargainingUnitSize(session.campaign.doc, size, author(session));
}

/** Puts a (downscaled) picture as the floor plan, replacing any earlier one. */
export function uploadFloorPlan(session: Session, image: FloorPlanImageInput): Result<void> {
  return setFloorPlanImage(session.campaign.doc, image, author(session));
}

/** Removes the floor plan and its pins. */
export function clearFloorPlan(session: Session): Result<void> {
  return removeFloorPlan(session.campaign.doc, author(session));
}

/** Places (or moves) a unit's pin on the floor plan, at fractions of its width and height. */
export function pinUnit(session: Session, unitId: string, at: { x: number; y: number }): Result<void> {
  return placePin(session.campaign.doc, unitId, at, author(session));
}

/** Takes a unit's pin off the floor plan. */
export function unpinUnit(session: Session, unitId: string): Result<void> {
  return removePin(session.campaign.doc, unitId, author(session));
}
