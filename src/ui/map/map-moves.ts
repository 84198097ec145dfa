/**
 * The map's commands: `save` flushes a domain command to storage before announcing it (or shows
 * the refusal in words), and `move` places a person, with a short-lived "Undo" for the last move.
 */
import { type Accessor, createSignal, onCleanup } from 'solid-js';
import { placePerson } from '../../app/people';
import type { Session } from '../../app/session';
import { PATH_SEPARATOR, type Person, type Result, type Shift, type UnitNode } from '../../domain';
import { errorText, t } from '../kit/i18n';
import type { Selection } from './map-chart-state';

/** How long the "Moved … Undo" note stays. */
const UNDO_MS = 10_000;

export interface UndoMove {
  readonly personId: string;
  readonly name: string;
  readonly unitId: string | null;
  readonly shiftId: string | null;
  readonly text: string;
}

export function createMapMoves(
  session: Session,
  data: {
    units: Accessor<readonly UnitNode[]>;
    shifts: Accessor<readonly Shift[]>;
    people: Accessor<readonly Person[]>;
  },
) {
  const store = session.campaign;
  const [error, setError] = createSignal('');
  const [status, setStatus] = createSignal('');
  const [selection, setSelection] = createSignal<Selection | null>(null);
  const [undo, setUndo] = createSignal<UndoMove | null>(null);
  let undoTimer: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => clearTimeout(undoTimer));

  /** Flushes a successful command to storage, then announces it; shows a refusal in words. */
  const save = async (r: Result<unknown>, done: string): Promise<boolean> => {
    if (!r.ok) {
      setError(errorText(r.error.code));
      return false;
    }
    try {
      await store.flush();
    } catch (e) {
      setError(errorText((e as { code?: string }).code ?? 'write-failed'));
      return false;
    }
    setError('');
    setStatus(done);
    return true;
  };

  const placeName = (unitId: string | null, shiftId: string | null) => {
    const unit = unitId ? data.units().find((u) => u.id === unitId)?.path : undefined;
    const shift = shiftId ? data.shifts().find((s) => s.id === shiftId)?.name : undefined;
    return `${unit ?? t('map.notPlaced')}${PATH_SEPARATOR}${shift ?? t('map.noShift')}`;
  };

  const move = async (personId: string, unitId: string | null, shiftId: string | null, isUndo = false) => {
    const person = data.people().find((p) => p.id === personId);
    if (!person) return;
    const from = { unitId: person.unitId ?? null, shiftId: person.shiftId ?? null };
    const name = selection()?.id === personId ? (selection()?.name ?? person.name) : person.name;
    setSelection(null);
    const text = isUndo
      ? t('map.moveUndone', { name })
      : t('map.moved', { name, place: placeName(unitId, shiftId) });
    const ok = await save(placePerson(session, personId, { unitId, shiftId }), text);
    if (!ok) return;
    clearTimeout(undoTimer);
    setUndo(isUndo ? null : { personId, name, ...from, text });
    if (!isUndo) undoTimer = setTimeout(() => setUndo(null), UNDO_MS);
    requestAnimationFrame(() =>
      document.querySelector<HTMLElement>(`.map-chip[data-person-id="${CSS.escape(personId)}"]`)?.focus(),
    );
  };

  return { error, setError, status, selection, setSelection, undo, save, move };
}
