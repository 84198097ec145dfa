/**
 * Bulk actions on the filtered People list: assign to a member, add or remove a tag, set the shift.
 * A confirm names how many people the change touches (counted exactly: people already as asked are
 * left out); the change is one transaction, offered for undo until the next one or leaving the page.
 */
import { type Accessor, createMemo, createSignal, For, onCleanup, Show } from 'solid-js';
import type { Session } from '../../app/session';
import { type BulkEdit, type Person, type Shift, type UndoableBulk, undoableBulkEdit } from '../../domain';
import { errorText, formatNumber, t } from '../kit/i18n';
import { assigneeLabel, type MemberChoice } from './members';

type Kind = BulkEdit['kind'];
const KINDS: [Kind, 'bulk.assign' | 'bulk.addTag' | 'bulk.removeTag' | 'bulk.setShift'][] = [
  ['assign', 'bulk.assign'],
  ['addTag', 'bulk.addTag'],
  ['removeTag', 'bulk.removeTag'],
  ['setShift', 'bulk.setShift'],
];

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

export function BulkActions(props: {
  session: Session;
  people: Accessor<readonly Person[]>;
  members: readonly MemberChoice[];
  shifts: readonly Shift[];
  tags: readonly [string, number][];
}) {
  const store = props.session.campaign;
  const [open, setOpen] = createSignal(false);
  const [kind, setKind] = createSignal<Kind>('assign');
  const [target, setTarget] = createSignal(props.session.deviceId);
  const [tag, setTag] = createSignal('');
  const [pending, setPending] = createSignal<BulkEdit | null>(null);
  const [message, setMessage] = createSignal('');
  const [error, setError] = createSignal('');
  const [undo, setUndo] = createSignal<UndoableBulk | null>(null);
  const dropUndo = () => {
    undo()?.dispose();
    setUndo(null);
  };
  onCleanup(dropUndo);

  const chooseKind = (k: Kind) => {
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
    const n = formatNumber(counts().change);
    if (!e) return '';
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
  };

  const review = () => {
    const e = edit();
    setMessage('');
    if (!e) {
      setError(t('bulk.tagRequired'));
      return;
    }
    setError('');
    setPending(e);
  };

  const apply = async () => {
    const e = pending();
    if (!e) return;
    dropUndo();
    const ids = props.people().map((p) => p.id);
    const r = undoableBulkEdit(store.doc, ids, e, { by: props.session.deviceId });
    setPending(null);
    if (!r.ok) {
      setError(errorText(r.error.code));
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

  return (
    <div class="bulk">
      <button
        type="button"
        class="wide"
        aria-expanded={open()}
        aria-controls="bulk-panel"
        onClick={() => setOpen(!open())}
      >
        {t('bulk.title', { n: formatNumber(props.people().length) })}
      </button>
      <Show when={open()}>
        <div id="bulk-panel" class="card stack bulk-panel">
          <div class="filter">
            <label for="bulk-kind">{t('bulk.action')}</label>
            <select id="bulk-kind" value={kind()} onChange={(e) => chooseKind(e.currentTarget.value as Kind)}>
              <For each={KINDS}>{([k, label]) => <option value={k}>{t(label)}</option>}</For>
            </select>
          </div>
          <div class="filter">
            <label for="bulk-value">{t('bulk.value')}</label>
            <Show when={kind() === 'assign'}>
              <select id="bulk-value" value={target()} onChange={(e) => setTarget(e.currentTarget.value)}>
                <For each={props.members}>{(m) => <option value={m.id}>{m.label}</option>}</For>
                <option value="">{t('assign.nobody')}</option>
              </select>
            </Show>
            <Show when={kind() === 'setShift'}>
              <select id="bulk-value" value={target()} onChange={(e) => setTarget(e.currentTarget.value)}>
                <For each={props.shifts}>{(s) => <option value={s.id}>{s.name}</option>}</For>
                <option value="">{t('filters.none')}</option>
              </select>
            </Show>
            <Show when={kind() === 'addTag'}>
              <input
                id="bulk-value"
                type="text"
                list="bulk-tags"
                autocomplete="off"
                maxlength="60"
                placeholder={t('bulk.tagPlaceholder')}
                value={tag()}
                onInput={(e) => setTag(e.currentTarget.value)}
              />
              <datalist id="bulk-tags">
                <For each={props.tags}>{([name]) => <option value={name} />}</For>
              </datalist>
            </Show>
            <Show when={kind() === 'removeTag'}>
              <select id="bulk-value" value={tag()} onChange={(e) => setTag(e.currentTarget.value)}>
                <For each={props.tags}>{([name]) => <option value={name}>{name}</option>}</For>
              </select>
            </Show>
          </div>
          <button type="button" onClick={review} disabled={props.people().length === 0}>
            {t('bulk.review')}
          </button>
          <Show when={error()}>
            <p class="error" role="alert">
              {error()}
            </p>
          </Show>
          <Show when={pending()}>
            <div
              class="card stack bulk-confirm"
              role="alertdialog"
              aria-labelledby="bulk-q"
              aria-describedby="bulk-same"
            >
              <p id="bulk-q" tabindex="-1" ref={(el) => queueMicrotask(() => el.focus())}>
                <strong>{question()}</strong>
              </p>
              <Show when={counts().same > 0}>
                <p id="bulk-same" class="muted small">
                  {t('bulk.confirmSame', { n: formatNumber(counts().same) })}
                </p>
              </Show>
              <div class="row">
                <button type="button" class="primary" onClick={() => void apply()} data-testid="bulk-apply">
                  {t('bulk.apply', { n: formatNumber(counts().change) })}
                </button>
                <button type="button" onClick={() => setPending(null)}>
                  {t('bulk.cancel')}
                </button>
              </div>
            </div>
          </Show>
        </div>
      </Show>
      <p class="muted bulk-status" role="status">
        {message()}{' '}
        <Show when={undo()}>
          <button type="button" class="link-button" onClick={() => void takeBack()}>
            {t('bulk.undo')}
          </button>
        </Show>
      </p>
    </div>
  );
}
