/**
 * One row that repeats someone (or shares a name with them), with its own merge/skip/add choice
 * and, when they disagree, the identifying fields side by side: this row against the person
 * already in the campaign or the earlier row.
 */
import { For, Show } from 'solid-js';
import type { DuplicateChoice, PlannedRow, TableSource } from '../../roster';
import { t } from '../kit/i18n';
import { duplicateText, fieldName, rowLabel } from './roster-text';

export function DuplicateRow(props: {
  row: PlannedRow;
  format: TableSource['format'];
  /** The row's own choice; `undefined` follows the default (shown as the first option). */
  value: DuplicateChoice | undefined;
  /** The label of the default option ("As chosen above", "Add as new (suggested)"). */
  defaultLabel: string;
  onChange: (choice: DuplicateChoice | undefined) => void;
}) {
  const id = () => `dup-${props.row.row}`;
  const other = () => {
    const d = props.row.duplicate;
    return d?.kind === 'row' ? rowLabel(props.format, d.row) : t('roster.diff.person');
  };
  return (
    <li class="roster-dup">
      <label for={id()}>
        <strong>
          {rowLabel(props.format, props.row.row)}: {props.row.draft.name}
        </strong>
        <span class="muted small block">
          {props.row.duplicate && duplicateText(props.format, props.row.duplicate, props.row.namesake)}
        </span>
      </label>
      <Show when={(props.row.differences?.length ?? 0) > 0}>
        <table class="roster-diff">
          <caption class="visually-hidden">{t('roster.diff.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('roster.diff.field')}</th>
              <th scope="col">{t('roster.diff.file')}</th>
              <th scope="col">{other()}</th>
            </tr>
          </thead>
          <tbody>
            <For each={props.row.differences}>
              {(d) => (
                <tr>
                  <th scope="row">{fieldName(d.field)}</th>
                  <td>{d.file}</td>
                  <td>{d.other}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </Show>
      <select
        id={id()}
        value={props.value ?? ''}
        onChange={(e) => props.onChange((e.currentTarget.value || undefined) as DuplicateChoice | undefined)}
      >
        <option value="">{props.defaultLabel}</option>
        <option value="merge">{t('roster.dup.merge')}</option>
        <option value="skip">{t('roster.dup.skip')}</option>
        <option value="add">{t('roster.dup.add')}</option>
      </select>
    </li>
  );
}
