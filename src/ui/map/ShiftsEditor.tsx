import type { Accessor } from 'solid-js';
import type { Session } from '../../app/session';
import { addShift, editShift, removeShift, undeleteShift } from '../../app/workplace';
import type { Shift } from '../../domain';
import { t } from '../kit/i18n';
import { NamedListEditor, type SaveCommand, submitAdd } from './NamedListEditor';
import { orderAfterMove } from './UnitsEditor';

/** Shifts: add, rename, reorder (the chart's columns follow this order), delete and restore. */
export function ShiftsEditor(props: {
  session: Session;
  shifts: Accessor<readonly Shift[]>;
  deleted: Accessor<readonly Shift[]>;
  save: SaveCommand;
}) {
  const add = (e: SubmitEvent & { currentTarget: HTMLFormElement }) =>
    submitAdd(e, props.save, (_, name) => ({
      result: addShift(props.session, { name }),
      done: t('map.shifts.added', { name: name.trim() }),
    }));
  const reorder = (s: Shift, dir: -1 | 1) => {
    const order = orderAfterMove(props.shifts(), s.id, dir);
    if (order === undefined) return;
    void props.save(editShift(props.session, s.id, { order }), t('map.units.moved', { name: s.name }));
  };

  return (
    <NamedListEditor
      id="map-shifts"
      title={t('map.shifts.title')}
      addForm={
        <form class="stack" onSubmit={add} novalidate>
          <label for="map-shift-name">{t('map.shifts.new')}</label>
          <div class="row">
            <input id="map-shift-name" name="name" type="text" maxlength="100" autocomplete="off" required />
            <button type="submit" class="primary">
              {t('map.shifts.add')}
            </button>
          </div>
        </form>
      }
      items={props.shifts}
      deleted={props.deleted}
      none={t('map.shifts.none')}
      deletedList={(n) => t('map.shifts.deletedList', { n })}
      label={(s) => s.name}
      editText={t('map.rename')}
      arrows={['←', '→']}
      isFirst={(_, i) => i === 0}
      isLast={(_, i) => i === props.shifts().length - 1}
      form={{ nameId: (s) => `map-shift-edit-${s.id}`, nameLabel: t('map.shifts.name'), maxLength: 100 }}
      onSave={(s, data) =>
        props.save(
          editShift(props.session, s.id, { name: String(data.get('name') ?? '') }),
          t('map.units.saved'),
        )
      }
      onMove={reorder}
      onDelete={(s) =>
        void props.save(removeShift(props.session, s.id), t('map.shifts.deleted', { name: s.name }))
      }
      onRestore={(s) =>
        void props.save(undeleteShift(props.session, s.id), t('map.shifts.restored', { name: s.name }))
      }
    />
  );
}
