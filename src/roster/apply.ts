/**
 * Applying a planned import: one all-or-nothing batch (`runBatch`), so the campaign receives the
 * whole import as ONE Yjs update in ONE transaction, or nothing at all. Units and shifts are created
 * only when a row that imports uses them; rows that repeat someone follow the user's choice, and
 * likely namesakes are added as new people unless a per-row choice says otherwise. A plan with an
 * open question (an unmapped column with data, dates that read both ways) is refused.
 *
 * The caller must still `await store.flush()` before telling the user the import is saved.
 */
import {
  type CommandContext,
  createPerson,
  createShift,
  createUnit,
  DomainError,
  getPerson,
  idPool,
  must,
  type PersonInput,
  type Result,
  rateAssessment,
  runBatch,
  type Space,
  setCardSigned,
  updatePerson,
} from '../domain';
import type { PersonDraft } from './draft';
import { mergeWrites } from './merge';
import { hasOpenQuestions, type ImportPlan, type PlannedRow } from './plan';

/** What to do with a row that repeats someone: update them, leave the row out, or add anyway. */
export type DuplicateChoice = 'merge' | 'skip' | 'add';

/**
 * The same choice for every duplicate (likely namesakes are still added: merging or skipping
 * a different person by default would lose them), or a choice per row.
 */
export type Choose = DuplicateChoice | ((row: PlannedRow) => DuplicateChoice);

/**
 * What happens to one planned row: rows that repeat nobody are added; a likely namesake is added
 * unless a function chooses otherwise; any other repeat follows `choose`.
 */
export function decideRow(row: PlannedRow, choose: Choose): DuplicateChoice {
  if (row.duplicate === undefined) return 'add';
  if (typeof choose === 'function') return choose(row);
  return row.namesake ? 'add' : choose;
}

/** What an import did. */
export interface ImportSummary {
  readonly added: number;
  /** Duplicates merged into someone (and changed). */
  readonly merged: number;
  /** Duplicates merged into someone whom the row did not change. */
  readonly unchanged: number;
  /** Duplicates left out by choice. */
  readonly skipped: number;
  readonly unitsCreated: number;
  readonly shiftsCreated: number;
  /** Size of the one update the campaign received. */
  readonly updateBytes: number;
}

/** The `createPerson` input for a draft placed in a unit and shift. */
export function personInputOf(draft: PersonDraft, unitId?: string, shiftId?: string): PersonInput {
  const out: PersonInput = { name: draft.name, contacts: draft.contacts, tags: draft.tags };
  if (draft.codeName !== undefined) out.codeName = draft.codeName;
  if (unitId !== undefined) out.unitId = unitId;
  if (shiftId !== undefined) out.shiftId = shiftId;
  if (draft.jobTitle !== undefined) out.jobTitle = draft.jobTitle;
  if (draft.language !== undefined) out.language = draft.language;
  if (draft.leader !== undefined) out.leader = draft.leader;
  if (draft.committee !== undefined) out.committee = draft.committee;
  if (draft.nextFollowUp !== undefined) out.nextFollowUp = draft.nextFollowUp;
  if (draft.notes !== undefined) out.notes = draft.notes;
  if (draft.assessment !== undefined) out.assessment = draft.assessment;
  if (draft.card !== undefined) out.card = draft.card;
  return out;
}

/** Which new units are needed by the rows that import, with their new ancestors. */
function neededUnits(plan: ImportPlan, rows: readonly PlannedRow[]): Set<string> {
  const byKey = new Map(plan.newUnits.map((u) => [u.key, u]));
  const needed = new Set<string>();
  for (const r of rows) {
    let key = r.unit && 'newKey' in r.unit ? r.unit.newKey : undefined;
    while (key !== undefined && !needed.has(key)) {
      needed.add(key);
      const parent = byKey.get(key)?.parent;
      key = parent && 'newKey' in parent ? parent.newKey : undefined;
    }
  }
  return needed;
}

/**
 * Applies a plan to the campaign doc in one transaction. On any refusal nothing changes and the
 * domain error is returned.
 * @example
 * const r = applyImport(store.doc, plan, 'merge', { by: session.deviceId });
 * if (r.ok) await store.flush();
 */
export function applyImport(
  doc: Space['doc'],
  plan: ImportPlan,
  choose: Choose,
  ctx: CommandContext,
): Result<ImportSummary> {
  if (hasOpenQuestions(plan)) {
    const field = plan.unmapped.length > 0 ? 'columns' : 'dateOrder';
    return { ok: false, error: new DomainError('invalid-value', { field }) };
  }
  const actions = plan.rows.map((r) => decideRow(r, choose));
  const importing = plan.rows.filter((_, i) => actions[i] !== 'skip');
  const units = neededUnits(plan, importing);
  const shifts = new Set(importing.flatMap((r) => (r.shift && 'newKey' in r.shift ? [r.shift.newKey] : [])));
  const now = ctx.now?.() ?? new Date();
  const bctx: CommandContext = { ...ctx, now: () => now, newId: ctx.newId ?? idPool() };

  const result = runBatch(doc, bctx, (scratch) => {
    const unitIds = new Map<string, string>();
    for (const u of plan.newUnits) {
      if (!units.has(u.key)) continue;
      const parentId = u.parent ? ('id' in u.parent ? u.parent.id : unitIds.get(u.parent.newKey)) : undefined;
      unitIds.set(
        u.key,
        must(createUnit(scratch, { name: u.name, ...(parentId ? { parentId } : {}) }, bctx)),
      );
    }
    const shiftIds = new Map<string, string>();
    for (const s of plan.newShifts) {
      if (shifts.has(s.key)) shiftIds.set(s.key, must(createShift(scratch, { name: s.name }, bctx)));
    }
    const rowIds = new Map<number, string>();
    const counts = { added: 0, merged: 0, unchanged: 0, skipped: 0 };
    plan.rows.forEach((r, i) => {
      const action = actions[i];
      if (action === 'skip') {
        counts.skipped++;
        return;
      }
      const unitId = r.unit ? ('id' in r.unit ? r.unit.id : unitIds.get(r.unit.newKey)) : undefined;
      const shiftId = r.shift ? ('id' in r.shift ? r.shift.id : shiftIds.get(r.shift.newKey)) : undefined;
      const dup = r.duplicate;
      const targetId =
        action === 'merge' && dup ? (dup.kind === 'person' ? dup.id : rowIds.get(dup.row)) : undefined;
      const target = targetId === undefined ? undefined : getPerson(scratch, targetId);
      if (!target?.ok || target.value.deleted) {
        rowIds.set(r.row, must(createPerson(scratch, personInputOf(r.draft, unitId, shiftId), bctx)));
        counts.added++;
        return;
      }
      const id = target.value.id;
      rowIds.set(r.row, id);
      const writes = mergeWrites(target.value, r.draft, unitId, shiftId);
      const changed = Object.keys(writes.patch).length > 0 || writes.assessment !== undefined || writes.card;
      if (Object.keys(writes.patch).length > 0) must(updatePerson(scratch, id, writes.patch, bctx));
      if (writes.assessment !== undefined) must(rateAssessment(scratch, id, writes.assessment, bctx));
      if (writes.card) must(setCardSigned(scratch, id, writes.card, bctx));
      if (changed) counts.merged++;
      else counts.unchanged++;
    });
    return { ...counts, unitsCreated: unitIds.size, shiftsCreated: shiftIds.size };
  });
  if (!result.ok) return result;
  return { ok: true, value: { ...result.value.value, updateBytes: result.value.updateBytes } };
}
