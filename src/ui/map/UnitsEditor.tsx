import { type Accessor, createSignal, For, Show } from 'solid-js';
import type { Doc } from 'yjs';
import {
  createUnit,
  deleteUnit,
  descendantUnitIds,
  type Result,
  restoreUnit,
  type UnitNode,
  updateUnit,
} from '../../domain';
import { formatNumber, t } from '../kit/i18n';

/** Reads an optional headcount field: blank clears it; anything else must be a whole number. */
export function headcountOf(text: string): number | null {
  const v = text.trim();
  return v === '' ? null : Number(v);
}

/** The order that puts a unit just before (`-1`) or after (`+1`) its neighbour among `siblings`. */
export function orderAfterMove(siblings: readonly { id: string; order: number }[], id: string, dir: -1 | 1) {
  const i = siblings.findIndex((s) => s.id === id);
  const next = siblings[i + dir];
  if (i < 0 || !next) return undefined;
  const beyond = siblings[i + 2 * dir];
  return beyond ? (next.order + beyond.order) / 2 : next.order + dir;
}

/**
 * Units: add (optionally under a parent, with an estimated headcount), rename, move under
 * another unit, re-estimate, reorder among siblings, delete (a unit with sub-units is refused
 * until they move) and restore.
 */
export function UnitsEditor(props: {
  doc: Doc;
  by: string;
  units: Accessor<readonly UnitNode[]>;
  deleted: Accessor<readonly UnitNode[]>;
  save: (r: Result<unknown>, done: string) => Promise<boolean>;
}) {
  const ctx = () => ({ by: props.by });
  const [editing, setEditing] = createSignal<string | null>(null);

  const add = async (e: SubmitEvent & { currentTarget: HTMLFormElement }) => {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    const name = String(data.get('name') ?? '');
    const parentId = String(data.get('parent') ?? '') || null;
    const estimate = headcountOf(String(data.get('estimate') ?? ''));
    const input = estimate === null ? { name, parentId } : { name, parentId, estimatedHeadcount: estimate };
    if (await props.save(createUnit(props.doc, input, ctx()), t('map.units.added', { name: name.trim() }))) {
      form.reset();
      form.querySelector<HTMLInputElement>('input[name=name]')?.focus();
    }
  };
  const siblingsOf = (u: UnitNode) =>
    props.units().filter((s) => s.effectiveParentId === u.effectiveParentId);
  const reorder = (u: UnitNode, dir: -1 | 1) => {
    const order = orderAfterMove(siblingsOf(u), u.id, dir);
    if (order === undefined) return;
    void props.save(updateUnit(props.doc, u.id, { order }, ctx()), t('map.units.moved', { name: u.name }));
  };

  return (
    <section class="card stack" aria-labelledby="map-units-title">
      <h2 id="map-units-title">{t('map.units.title')}</h2>
      <form class="stack map-add-unit" onSubmit={add} novalidate>
        <label for="map-unit-name">{t('map.units.new')}</label>
        <input id="map-unit-name" name="name" type="text" maxlength="200" autocomplete="off" required />
        <div class="map-form-grid">
          <div>
            <label for="map-unit-parent">{t('map.units.parent')}</label>
            <select id="map-unit-parent" name="parent">
              <option value="">{t('map.units.top')}</option>
              <For each={props.units()}>{(u) => <option value={u.id}>{u.path}</option>}</For>
            </select>
          </div>
          <div>
            <label for="map-unit-estimate">{t('map.units.estimate')}</label>
            <input
              id="map-unit-estimate"
              name="estimate"
              type="number"
              min="0"
              step="1"
              inputmode="numeric"
            />
          </div>
        </div>
        <button type="submit" class="primary">
          {t('map.units.add')}
        </button>
      </form>
      <Show when={props.units().length > 0} fallback={<p class="muted">{t('map.units.none')}</p>}>
        <ul class="map-edit-list" data-testid="map-units">
          <For each={props.units()}>
            {(u) => (
              <li class={`map-edit-item depth-${Math.min(u.depth, 4)}`}>
                <Show
                  when={editing() === u.id}
                  fallback={
                    <UnitLine
                      unit={u}
                      first={siblingsOf(u)[0]?.id === u.id}
                      last={siblingsOf(u).at(-1)?.id === u.id}
                      onEdit={() => setEditing(u.id)}
                      onUp={() => reorder(u, -1)}
                      onDown={() => reorder(u, 1)}
                      onDelete={() =>
                        void props.save(
                          deleteUnit(props.doc, u.id, ctx()),
                          t('map.units.deleted', { name: u.name }),
                        )
                      }
                    />
                  }
                >
                  <UnitForm
                    unit={u}
                    units={props.units()}
                    onCancel={() => setEditing(null)}
                    onSave={async (patch) => {
                      if (await props.save(updateUnit(props.doc, u.id, patch, ctx()), t('map.units.saved'))) {
                        setEditing(null);
                      }
                    }}
                  />
                </Show>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Show when={props.deleted().length > 0}>
        <details class="map-deleted">
          <summary>{t('map.units.deletedList', { n: formatNumber(props.deleted().length) })}</summary>
          <ul class="map-edit-list">
            <For each={props.deleted()}>
              {(u) => (
                <li class="map-edit-item">
                  <span class="map-edit-name">{u.path}</span>
                  <button
                    type="button"
                    onClick={() =>
                      void props.save(
                        restoreUnit(props.doc, u.id, ctx()),
                        t('map.units.restored', { name: u.name }),
                      )
                    }
                  >
                    {t('map.restore')}
                    <span class="visually-hidden">{` ${u.path}`}</span>
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

function UnitLine(props: {
  unit: UnitNode;
  first: boolean;
  last: boolean;
  onEdit: () => void;
  onUp: () => void;
  onDown: () => void;
  onDelete: () => void;
}) {
  const u = () => props.unit;
  return (
    <>
      <span class="map-edit-name">
        <Show when={u().depth > 0}>
          <span class="visually-hidden">{u().path.slice(0, u().path.length - u().name.length)}</span>
        </Show>
        {u().name}
        <Show when={u().estimatedHeadcount !== undefined}>
          <span class="muted">
            {' '}
            · {t('map.units.estimateShort', { n: formatNumber(u().estimatedHeadcount ?? 0) })}
          </span>
        </Show>
      </span>
      <span class="map-edit-actions">
        <button type="button" onClick={() => props.onEdit()}>
          {t('map.edit')}
          <span class="visually-hidden">{` ${u().path}`}</span>
        </button>
        <button type="button" class="map-icon" disabled={props.first} onClick={() => props.onUp()}>
          <span aria-hidden="true">↑</span>
          <span class="visually-hidden">{t('map.moveUp', { name: u().path })}</span>
        </button>
        <button type="button" class="map-icon" disabled={props.last} onClick={() => props.onDown()}>
          <span aria-hidden="true">↓</span>
          <span class="visually-hidden">{t('map.moveDown', { name: u().path })}</span>
        </button>
        <button type="button" class="danger" onClick={() => props.onDelete()}>
          {t('map.delete')}
          <span class="visually-hidden">{` ${u().path}`}</span>
        </button>
      </span>
    </>
  );
}

function UnitForm(props: {
  unit: UnitNode;
  units: readonly UnitNode[];
  onCancel: () => void;
  onSave: (patch: { name: string; parentId: string | null; estimatedHeadcount: number | null }) => void;
}) {
  const id = props.unit.id;
  // A unit cannot go under itself or one of its own sub-units.
  const below = descendantUnitIds(props.units, id);
  const submit = (e: SubmitEvent & { currentTarget: HTMLFormElement }) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    props.onSave({
      name: String(data.get('name') ?? ''),
      parentId: String(data.get('parent') ?? '') || null,
      estimatedHeadcount: headcountOf(String(data.get('estimate') ?? '')),
    });
  };
  return (
    <form class="stack map-unit-form" onSubmit={submit} novalidate>
      <label for={`map-edit-name-${id}`}>{t('map.units.name')}</label>
      <input
        id={`map-edit-name-${id}`}
        name="name"
        type="text"
        maxlength="200"
        autocomplete="off"
        value={props.unit.name}
        ref={(el) => queueMicrotask(() => el.focus())}
      />
      <div class="map-form-grid">
        <div>
          <label for={`map-edit-parent-${id}`}>{t('map.units.parent')}</label>
          <select id={`map-edit-parent-${id}`} name="parent">
            <option value="" selected={props.unit.effectiveParentId === undefined}>
              {t('map.units.top')}
            </option>
            <For each={props.units.filter((u) => !below.has(u.id))}>
              {(u) => (
                <option value={u.id} selected={props.unit.effectiveParentId === u.id}>
                  {u.path}
                </option>
              )}
            </For>
          </select>
        </div>
        <div>
          <label for={`map-edit-estimate-${id}`}>{t('map.units.estimate')}</label>
          <input
            id={`map-edit-estimate-${id}`}
            name="estimate"
            type="number"
            min="0"
            step="1"
            inputmode="numeric"
            value={props.unit.estimatedHeadcount ?? ''}
          />
        </div>
      </div>
      <div class="row wrap">
        <button type="submit" class="primary">
          {t('map.save')}
        </button>
        <button type="button" onClick={() => props.onCancel()}>
          {t('map.cancel')}
        </button>
      </div>
    </form>
  );
}
