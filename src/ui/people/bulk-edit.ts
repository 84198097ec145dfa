/**
 * The state of the People list's bulk actions: which change, to what value, the confirm that
 * counts exactly who it touches, and the undo of the last change (until the next one or leaving
 * the page).
 */
import { type Accessor, createMemo, createSignal, onCleanup } from 'solid-js';
import { editPeopleInBulk } from '../../app/people';
import type { Session } from '../../app/session';
import type { BulkEdit, Person, Shift, UndoableBulk } from '../../domain';
import { errorText, formatNumber, t } from '../kit/i18n';
import { assigneeLabel, type MemberChoice } from './members';

export type BulkKind = BulkEdit['kind'];
export const BULK_KINDS: [BulkKind, 'bulk.assign' | 'bulk.addTag' | 'bulk.removeTag' | 'bulk.setShift'][] = [
  ['assign', 'bulk.assign'],
  ['addTag', 'bulk.addTag'],
  ['removeTag', 'bulk.removeTag'],
  ['setShift', 'bulk.setShift'],
];

export interface BulkProps {
  session: Session;
  people: Accessor<readonly Person[]>;
  members: readonly MemberChoice[];
  shifts: readonly Shift[];
  tags: readonly [string, number][];
}

/** Whether `edit` would change `p` (mirrors what the domain writes). */
function changes(p: Person, edit: BulkEdit): boolean {
  switch (edit.kind) {
    case 'assign':
      return (p.assignedTo ?? null) !== edit.memberId;
    case 'setShift':
      return (p.shiftId ?? null) !== edit.shiftId;
    case 'addTag':
      return !p.tags.includes(edit.tag.trim());
    case 'removeTag':
      return p.tags.includes(edit.tag);
  }
}

/** The confirm's question: what `e` does to how many (`n`, already formatted). */
function questionOf(e: BulkEdit, n: string, props: BulkProps): string {
  switch (e.kind) {
    case 'assign':
      if (!e.memberId) return t('bulk.confirmUnassign', { n });
      return e.memberId === props.session.deviceId
        ? t('bulk.confirmAssignMe', { n })
        : t('bulk.confirmAssign', { n, who: assigneeLabel(e.memberId, props.members) });
    case 'addTag':
      return t('bulk.confirmAddTag', { n, tag: e.tag });
    case 'removeTag':
      return t('bulk.confirmRemoveTag', { n, tag: e.tag });
    case 'setShift': {
      const shift = props.shifts.find((s) => s.id === e.shiftId)?.name;
      return shift ? t('bulk.confirmShift', { n, shift }) : t('bulk.confirmNoShift', { n });
    }
  }
}

/** The chosen change and its value, and the change under review (with its exact counts). */
function createBulkChoice(props: BulkProps) {
  const [kind, setKind] = createSignal<BulkKind>('assign');
  const [target, setTarget] = createSignal(props.session.deviceId);
  const [tag, setTag] = createSignal('');
  const [pending, setPending] = createSignal<BulkEdit | null>(null);
  const [error, setError] = createSignal('');
  const chooseKind = (k: BulkKind) => {
    setKind(k);
    setTarget(k === 'assign' ? props.session.deviceId : k === 'setShift' ? (props.shifts[0]?.id ?? '') : '');
    setTag(k === 'removeTag' ? (props.tags[0]?.[0] ?? '') : '');
    setPending(null);
    setError('');
  };
  const edit = (): BulkEdit | null => {
    const k = kind();
    if (k === 'assign') return { kind: k, memberId: target() || null };
    if (k === 'setShift') return { kind: k, shiftId: target() || null };
    const value = tag().trim();
    return value ? { kind: k, tag: value } : null;
  };
  const counts = createMemo(() => {
    const e = pending();
    if (!e) return { change: 0, same: 0 };
    const change = props.people().filter((p) => changes(p, e)).length;
    return { change, same: props.people().length - change };
  });
  const question = () => {
    const e = pending();
    return e ? questionOf(e, formatNumber(counts().change), props) : '';
  };
  return {
    kind,
    chooseKind,
    target,
    setTarget,
    tag,
    setTag,
    pending,
    setPending,
    error,
    setError,
    edit,
    counts,
    question,
  };
}

/** Everything the bulk actions show and do. */
export function createBulkState(props: BulkProps) {
  const store = props.session.campaign;
  const choice = createBulkChoice(props);
  const [message, setMessage] = createSignal('');
  const [undo, setUndo] = createSignal<UndoableBulk | null>(null);
  const dropUndo = () => {
    undo()?.dispose();
    setUndo(null);
  };
  onCleanup(dropUndo);
  const review = () => {
    const e = choice.edit();
    setMessage('');
    if (!e) {
      choice.setError(t('bulk.tagRequired'));
      return;
    }
    choice.setError('');
    choice.setPending(e);
  };
  const apply = async () => {
    const e = choice.pending();
    if (!e) return;
    dropUndo();
    const ids = props.people().map((p) => p.id);
    const r = editPeopleInBulk(props.session, ids, e);
    choice.setPending(null);
    if (!r.ok) {
      choice.setError(errorText(r.error.code));
      return;
    }
    await store.flush();
    const n = r.value.changed.length;
    setMessage(n > 0 ? t('bulk.done', { n: formatNumber(n) }) : t('bulk.nothing'));
    if (n > 0) setUndo(r.value);
  };
  const takeBack = async () => {
    const u = undo();
    setUndo(null);
    if (u?.undo()) {
      await store.flush();
      setMessage(t('bulk.undone'));
    }
  };
  return { ...choice, message, undo, review, apply, takeBack };
}

/** The bulk actions' state, as handed to its parts. */
export type BulkState = ReturnType<typeof createBulkState>;
