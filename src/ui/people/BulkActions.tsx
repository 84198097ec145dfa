/**
 * Bulk actions on the filtered People list: assign to a member, add or remove a tag, set the shift.
 * A confirm names how many people the change touches (counted exactly: people already as asked are
 * left out); the change is one transaction, offered for undo until the next one or leaving the page.
 */
import { createSignal, For, Show } from 'solid-js';
import { FormError } from '../kit/Field';
import { formatNumber, t } from '../kit/i18n';
import { BULK_KINDS, type BulkKind, type BulkProps, type BulkState, createBulkState } from './bulk-edit';

export function BulkActions(props: BulkProps) {
  const [open, setOpen] = createSignal(false);
  const s = createBulkState(props);
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
            <select
              id="bulk-kind"
              value={s.kind()}
              onChange={(e) => s.chooseKind(e.currentTarget.value as BulkKind)}
            >
              <For each={BULK_KINDS}>{([k, label]) => <option value={k}>{t(label)}</option>}</For>
            </select>
          </div>
          <BulkValue props={props} state={s} />
          <button type="button" onClick={s.review} disabled={props.people().length === 0}>
            {t('bulk.review')}
          </button>
          <FormError error={s.error()} />
          <Show when={s.pending()}>
            <BulkConfirm state={s} />
          </Show>
        </div>
      </Show>
      <p class="muted bulk-status" role="status">
        {s.message()}{' '}
        <Show when={s.undo()}>
          <button type="button" class="link-button" onClick={() => void s.takeBack()}>
            {t('bulk.undo')}
          </button>
        </Show>
      </p>
    </div>
  );
}

/** The value of the chosen change: a member, a shift, a tag to add (typed) or to remove. */
function BulkValue(p: { props: BulkProps; state: BulkState }) {
  const s = p.state;
  return (
    <div class="filter">
      <label for="bulk-value">{t('bulk.value')}</label>
      <Show when={s.kind() === 'assign'}>
        <select id="bulk-value" value={s.target()} onChange={(e) => s.setTarget(e.currentTarget.value)}>
          <For each={p.props.members}>{(m) => <option value={m.id}>{m.label}</option>}</For>
          <option value="">{t('assign.nobody')}</option>
        </select>
      </Show>
      <Show when={s.kind() === 'setShift'}>
        <select id="bulk-value" value={s.target()} onChange={(e) => s.setTarget(e.currentTarget.value)}>
          <For each={p.props.shifts}>{(sh) => <option value={sh.id}>{sh.name}</option>}</For>
          <option value="">{t('filters.none')}</option>
        </select>
      </Show>
      <Show when={s.kind() === 'addTag'}>
        <input
          id="bulk-value"
          type="text"
          list="bulk-tags"
          autocomplete="off"
          maxlength="60"
          placeholder={t('bulk.tagPlaceholder')}
          value={s.tag()}
          onInput={(e) => s.setTag(e.currentTarget.value)}
        />
        <datalist id="bulk-tags">
          <For each={p.props.tags}>{([name]) => <option value={name} />}</For>
        </datalist>
      </Show>
      <Show when={s.kind() === 'removeTag'}>
        <select id="bulk-value" value={s.tag()} onChange={(e) => s.setTag(e.currentTarget.value)}>
          <For each={p.props.tags}>{([name]) => <option value={name}>{name}</option>}</For>
        </select>
      </Show>
    </div>
  );
}

/** "Change N people?" with how many are already as asked, Apply and Cancel. */
function BulkConfirm(props: { state: BulkState }) {
  const s = props.state;
  return (
    <div
      class="card stack bulk-confirm"
      role="alertdialog"
      aria-labelledby="bulk-q"
      aria-describedby="bulk-same"
    >
      <p id="bulk-q" tabindex="-1" ref={(el) => queueMicrotask(() => el.focus())}>
        <strong>{s.question()}</strong>
      </p>
      <Show when={s.counts().same > 0}>
        <p id="bulk-same" class="muted small">
          {t('bulk.confirmSame', { n: formatNumber(s.counts().same) })}
        </p>
      </Show>
      <div class="row">
        <button type="button" class="primary" onClick={() => void s.apply()} data-testid="bulk-apply">
          {t('bulk.apply', { n: formatNumber(s.counts().change) })}
        </button>
        <button type="button" onClick={() => s.setPending(null)}>
          {t('bulk.cancel')}
        </button>
      </div>
    </div>
  );
}
