import { type Accessor, For, Show } from 'solid-js';
import type { Session } from '../../app/session';
import { addUnit, editUnit, removeUnit, undeleteUnit } from '../../app/workplace';
import { descendantUnitIds, type UnitNode } from '../../domain';
import { formatNumber, t } from '../kit/i18n';
import { NamedListEditor, type SaveCommand, submitAdd } from './NamedListEditor';

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

/** A unit's parent and estimate as a form holds them. */
function placeOf(data: FormData) {
  return {
    parentId: String(data.get('parent') ?? '') || null,
    estimate: headcountOf(String(data.get('estimate') ?? '')),
  };
}

/**
 * Units: add (optionally under a parent, with an estimated headcount), rename, move under
 * another unit, re-estimate, reorder among siblings, delete (a unit with sub-units is refused
 * until they move) and restore.
 */
export function UnitsEditor(props: {
  session: Session;
  units: Accessor<readonly UnitNode[]>;
  deleted: Accessor<readonly UnitNode[]>;
  save: SaveCommand;
}) {
  const add = (e: SubmitEvent & { currentTarget: HTMLFormElement }) =>
    submitAdd(e, props.save, (data, name) => {
      const { parentId, estimate } = placeOf(data);
      const input = estimate === null ? { name, parentId } : { name, parentId, estimatedHeadcount: estimate };
      return {
        result: addUnit(props.session, input),
        done: t('map.units.added', { name: name.trim() }),
      };
    });
  const siblingsOf = (u: UnitNode) =>
    props.units().filter((s) => s.effectiveParentId === u.effectiveParentId);
  const reorder = (u: UnitNode, dir: -1 | 1) => {
    const order = orderAfterMove(siblingsOf(u), u.id, dir);
    if (order === undefined) return;
    void props.save(editUnit(props.session, u.id, { order }), t('map.units.moved', { name: u.name }));
  };
  const update = (u: UnitNode, data: FormData) => {
    const { parentId, estimate } = placeOf(data);
    const patch = { name: String(data.get('name') ?? ''), parentId, estimatedHeadcount: estimate };
    return props.save(editUnit(props.session, u.id, patch), t('map.units.saved'));
  };

  return (
    <NamedListEditor
      id="map-units"
      title={t('map.units.title')}
      addForm={<AddUnitForm units={props.units()} onSubmit={add} />}
      items={props.units}
      deleted={props.deleted}
      none={t('map.units.none')}
      deletedList={(n) => t('map.units.deletedList', { n })}
      label={(u) => u.path}
      itemClass={(u) => `map-edit-item depth-${Math.min(u.depth, 4)}`}
      nameView={(u) => <UnitName unit={u} />}
      editText={t('map.edit')}
      arrows={['↑', '↓']}
      isFirst={(u) => siblingsOf(u)[0]?.id === u.id}
      isLast={(u) => siblingsOf(u).at(-1)?.id === u.id}
      form={{
        nameId: (u) => `map-edit-name-${u.id}`,
        nameLabel: t('map.units.name'),
        maxLength: 200,
        extra: (u) => <UnitPlaceFields unit={u} units={props.units()} />,
      }}
      onSave={update}
      onMove={reorder}
      onDelete={(u) =>
        void props.save(removeUnit(props.session, u.id), t('map.units.deleted', { name: u.name }))
      }
      onRestore={(u) =>
        void props.save(undeleteUnit(props.session, u.id), t('map.units.restored', { name: u.name }))
      }
    />
  );
}

function AddUnitForm(props: {
  units: readonly UnitNode[];
  onSubmit: (e: SubmitEvent & { currentTarget: HTMLFormElement }) => void;
}) {
  return (
    <form class="stack map-add-unit" onSubmit={(e) => props.onSubmit(e)} novalidate>
      <label for="map-unit-name">{t('map.units.new')}</label>
      <input id="map-unit-name" name="name" type="text" maxlength="200" autocomplete="off" required />
      <div class="map-form-grid">
        <div>
          <label for="map-unit-parent">{t('map.units.parent')}</label>
          <select id="map-unit-parent" name="parent">
            <option value="">{t('map.units.top')}</option>
            <For each={props.units}>{(u) => <option value={u.id}>{u.path}</option>}</For>
          </select>
        </div>
        <EstimateField id="map-unit-estimate" />
      </div>
      <button type="submit" class="primary">
        {t('map.units.add')}
      </button>
    </form>
  );
}

/** The estimated headcount field of the add form and of a unit's edit form. */
function EstimateField(props: { id: string; value?: number | undefined }) {
  return (
    <div>
      <label for={props.id}>{t('map.units.estimate')}</label>
      <input
        id={props.id}
        name="estimate"
        type="number"
        min="0"
        step="1"
        inputmode="numeric"
        value={props.value ?? ''}
      />
    </div>
  );
}

/** A unit's name in the list: its parents' path for screen readers, and its estimate if set. */
function UnitName(props: { unit: UnitNode }) {
  const u = () => props.unit;
  return (
    <>
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
    </>
  );
}

/** The parent and estimate fields of a unit's edit form. */
function UnitPlaceFields(props: { unit: UnitNode; units: readonly UnitNode[] }) {
  const id = props.unit.id;
  // A unit cannot go under itself or one of its own sub-units.
  const below = descendantUnitIds(props.units, id);
  return (
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
      <EstimateField id={`map-edit-estimate-${id}`} value={props.unit.estimatedHeadcount} />
    </div>
  );
}
