import { type Accessor, createSignal, For, Show } from 'solid-js';
import type { Doc } from 'yjs';
import { createShift, deleteShift, type Result, restoreShift, type Shift, updateShift } from '../../domain';
import { formatNumber, t } from '../kit/i18n';
import { orderAfterMove } from './UnitsEditor';

/** Shifts: add, rename, reorder (the chart's columns follow this order), delete and restore. */
export function ShiftsEditor(props: {
  doc: Doc;
  by: string;
  shifts: Accessor<readonly Shift[]>;
  deleted: Accessor<readonly Shift[]>;
  save: (r: Result<unknown>, done: string) => Promise<boolean>;
}) {
  const ctx = () => ({ by: props.by });
  const [editing, setEditing] = createSignal<string | null>(null);
  const add = async (e: SubmitEvent & { currentTarget: HTMLFormElement }) => {
    e.preventDefault();
    const form = e.currentTarget;
    const name = String(new FormData(form).get('name') ?? '');
    if (
      await props.save(createShift(props.doc, { name }, ctx()), t('map.shifts.added', { name: name.trim() }))
    ) {
      form.reset();
      form.querySelector<HTMLInputElement>('input[name=name]')?.focus();
    }
  };
  const rename = async (e: SubmitEvent & { currentTarget: HTMLFormElement }, s: Shift) => {
    e.preventDefault();
    const name = String(new FormData(e.currentTarget).get('name') ?? '');
    if (await props.save(updateShift(props.doc, s.id, { name }, ctx()), t('map.units.saved')))
      setEditing(null);
  };
  const reorder = (s: Shift, dir: -1 | 1) => {
    const order = orderAfterMove(props.shifts(), s.id, dir);
    if (order === undefined) return;
    void props.save(updateShift(props.doc, s.id, { order }, ctx()), t('map.units.moved', { name: s.name }));
  };

  return (
    <section class="card stack" aria-labelledby="map-shifts-title">
      <h2 id="map-shifts-title">{t('map.shifts.title')}</h2>
      <form class="stack" onSubmit={add} novalidate>
        <label for="map-shift-name">{t('map.shifts.new')}</label>
        <div class="row">
          <input id="map-shift-name" name="name" type="text" maxlength="100" autocomplete="off" required />
          <button type="submit" class="primary">
            {t('map.shifts.add')}
          </button>
        </div>
      </form>
      <Show when={props.shifts().length > 0} fallback={<p class="muted">{t('map.shifts.none')}</p>}>
        <ul class="map-edit-list" data-testid="map-shifts">
          <For each={props.shifts()}>
            {(s, i) => (
              <li class="map-edit-item">
                <Show
                  when={editing() === s.id}
                  fallback={
                    <>
                      <span class="map-edit-name">{s.name}</span>
                      <span class="map-edit-actions">
                        <button type="button" onClick={() => setEditing(s.id)}>
                          {t('map.rename')}
                          <span class="visually-hidden">{` ${s.name}`}</span>
                        </button>
                        <button
                          type="button"
                          class="map-icon"
                          disabled={i() === 0}
                          onClick={() => reorder(s, -1)}
                        >
                          <span aria-hidden="true">←</span>
                          <span class="visually-hidden">{t('map.moveUp', { name: s.name })}</span>
                        </button>
                        <button
                          type="button"
                          class="map-icon"
                          disabled={i() === props.shifts().length - 1}
                          onClick={() => reorder(s, 1)}
                        >
                          <span aria-hidden="true">→</span>
                          <span class="visually-hidden">{t('map.moveDown', { name: s.name })}</span>
                        </button>
                        <button
                          type="button"
                          class="danger"
                          onClick={() =>
                            void props.save(
                              deleteShift(props.doc, s.id, ctx()),
                              t('map.shifts.deleted', { name: s.name }),
                            )
                          }
                        >
                          {t('map.delete')}
                          <span class="visually-hidden">{` ${s.name}`}</span>
                        </button>
                      </span>
                    </>
                  }
                >
                  <form class="stack map-unit-form" onSubmit={(e) => rename(e, s)} novalidate>
                    <label for={`map-shift-edit-${s.id}`}>{t('map.shifts.name')}</label>
                    <input
                      id={`map-shift-edit-${s.id}`}
                      name="name"
                      type="text"
                      maxlength="100"
                      autocomplete="off"
                      value={s.name}
                      ref={(el) => queueMicrotask(() => el.focus())}
                    />
                    <div class="row wrap">
                      <button type="submit" class="primary">
                        {t('map.save')}
                      </button>
                      <button type="button" onClick={() => setEditing(null)}>
                        {t('map.cancel')}
                      </button>
                    </div>
                  </form>
                </Show>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Show when={props.deleted().length > 0}>
        <details class="map-deleted">
          <summary>{t('map.shifts.deletedList', { n: formatNumber(props.deleted().length) })}</summary>
          <ul class="map-edit-list">
            <For each={props.deleted()}>
              {(s) => (
                <li class="map-edit-item">
                  <span class="map-edit-name">{s.name}</span>
                  <button
                    type="button"
                    onClick={() =>
                      void props.save(
                        restoreShift(props.doc, s.id, ctx()),
                        t('map.shifts.restored', { name: s.name }),
                      )
                    }
                  >
                    {t('map.restore')}
                    <span class="visually-hidden">{` ${s.name}`}</span>
                  </button>
                </li>
              )}
            </For>
          </ul>
        </details>
      </Show>
    </section>
  );
}
