/**
 * Parsers for the small organizing records: units, shifts, issues. Same rules as `parsePerson`:
 * required fields must be valid, present fields must be well-typed and within limits, unknown
 * fields are ignored, and a parser never throws.
 */
import { LIMITS } from '../limits';
import { fieldsOf, finite, guarded, optId, recordMeta, reject, reqName } from '../parse-fields';
import type { Result } from '../result';
import type { Issue, ParseIssue, RemoteIssue, RemoteShift, RemoteUnit, Shift, Unit } from '../types';

/** Parses one unit record; never throws. */
export function parseUnit(id: string, raw: RemoteUnit): Result<Unit, ParseIssue> {
  return guarded(id, 'units', () => {
    const f = fieldsOf(raw);
    const name = reqName(f, 'name', LIMITS.unitName);
    const parentId = optId(f, 'parentId');
    const order = finite(f, 'order', 0);
    let estimatedHeadcount: number | undefined;
    const headcount = f('estimatedHeadcount');
    if (headcount !== undefined && headcount !== null) {
      if (typeof headcount !== 'number') reject('wrong-type', 'estimatedHeadcount');
      if (!Number.isInteger(headcount) || headcount < 0 || headcount > LIMITS.headcount) {
        reject('invalid-value', 'estimatedHeadcount');
      }
      estimatedHeadcount = headcount;
    }
    const unit: Unit = { ...recordMeta(id, f), name, parentId, estimatedHeadcount, order };
    return unit;
  });
}

/** Parses one shift record; never throws. */
export function parseShift(id: string, raw: RemoteShift): Result<Shift, ParseIssue> {
  return guarded(id, 'shifts', () => {
    const f = fieldsOf(raw);
    return { ...recordMeta(id, f), name: reqName(f, 'name', LIMITS.shiftName), order: finite(f, 'order', 0) };
  });
}

/** Parses one workplace-issue record; never throws. */
export function parseIssue(id: string, raw: RemoteIssue): Result<Issue, ParseIssue> {
  return guarded(id, 'issues', () => {
    const f = fieldsOf(raw);
    return { ...recordMeta(id, f), name: reqName(f, 'name', LIMITS.issueName) };
  });
}
