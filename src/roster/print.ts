/**
 * The printable roster: people grouped by unit (in workplace-tree order), each group by shift
 * order then name, with what a walk-through of the floor needs — name, shift, assessment and the
 * next step. Pure; the print screen only lays it out.
 */
import {
  type Assessment,
  descendantUnitIds,
  type FollowUp,
  listPeople,
  listShifts,
  listUnits,
  type Space,
} from '../domain';

/** One person on the printed roster. */
export interface RosterLine {
  readonly id: string;
  readonly name: string;
  readonly codeName?: string;
  /** Shift name, '' when none. */
  readonly shift: string;
  readonly assessment: Assessment | null;
  readonly nextStep?: FollowUp;
}

/** One unit's people; `unitId` undefined for people without a unit (always last). */
export interface RosterGroup {
  readonly unitId?: string;
  /** Display path, '' for people without a unit. */
  readonly unitPath: string;
  readonly people: readonly RosterLine[];
}

/** Which part of the workplace to print. */
export interface RosterFilter {
  /** A unit and everything under it; `null` = only people without a unit; absent = everyone. */
  readonly unitId?: string | null;
  /** A shift; `null` = only people without a shift; absent = every shift. */
  readonly shiftId?: string | null;
}

/**
 * Groups for the printable roster; empty groups are left out.
 * @example rosterGroups(doc, { unitId: inboundId }) // Inbound, then each unit under it
 */
export function rosterGroups(doc: Space['doc'], filter: RosterFilter = {}): RosterGroup[] {
  const units = listUnits(doc);
  const shifts = listShifts(doc);
  const shiftOrder = new Map(shifts.map((s, i) => [s.id, i]));
  const shiftName = new Map(shifts.map((s) => [s.id, s.name]));
  const known = new Set(units.map((u) => u.id));
  const inScope =
    filter.unitId === undefined || filter.unitId === null ? null : descendantUnitIds(units, filter.unitId);
  const byUnit = new Map<string | undefined, RosterLine[]>();
  const order = new Map<string, number>();
  for (const p of listPeople(doc).people) {
    const shiftId = p.shiftId !== undefined && shiftName.has(p.shiftId) ? p.shiftId : undefined;
    if (filter.shiftId !== undefined && (filter.shiftId ?? undefined) !== shiftId) continue;
    const unitId = p.unitId !== undefined && known.has(p.unitId) ? p.unitId : undefined;
    if (filter.unitId === null && unitId !== undefined) continue;
    if (inScope && (unitId === undefined || !inScope.has(unitId))) continue;
    const line: RosterLine = {
      id: p.id,
      name: p.name,
      shift: shiftId ? (shiftName.get(shiftId) ?? '') : '',
      assessment: p.assessment,
      ...(p.codeName ? { codeName: p.codeName } : {}),
      ...(p.nextFollowUp ? { nextStep: p.nextFollowUp } : {}),
    };
    order.set(p.id, shiftId === undefined ? shifts.length : (shiftOrder.get(shiftId) ?? shifts.length));
    const list = byUnit.get(unitId);
    if (list) list.push(line);
    else byUnit.set(unitId, [line]);
  }
  // People arrive sorted by name; a stable sort by shift keeps names in order within a shift.
  const sorted = (lines: RosterLine[]) =>
    lines.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
  const groups: RosterGroup[] = [];
  for (const u of units) {
    const lines = byUnit.get(u.id);
    if (lines) groups.push({ unitId: u.id, unitPath: u.path, people: sorted(lines) });
  }
  const none = byUnit.get(undefined);
  if (none) groups.push({ unitPath: '', people: sorted(none) });
  return groups;
}
