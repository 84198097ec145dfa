/**
 * The mapping step of an import: what the file is (format, rows, encoding, delimiter), its first
 * rows, and one choice per column of which field it fills (guessed from the headers).
 */
import { For, type JSX, Show } from 'solid-js';
import { type ColumnUse, FIELDS, type Mapping, type Table } from '../../roster';
import { formatNumber, t } from '../kit/i18n';
import { delimiterName, encodingName, fieldName } from './roster-text';

const PREVIEW_ROWS = 5;

/** The step's two buttons: go on (primary), and go back or cancel. */
export function StepButtons(props: {
  go: JSX.Element;
  goDisabled: boolean;
  onGo: () => void;
  back: string;
  backDisabled?: boolean;
  onBack: () => void;
}) {
  return (
    <div class="row wrap">
      <button type="button" class="primary" disabled={props.goDisabled} onClick={() => props.onGo()}>
        {props.go}
      </button>
      <button type="button" disabled={props.backDisabled} onClick={() => props.onBack()}>
        {props.back}
      </button>
    </div>
  );
}

const columnLabel = (table: Table, i: number) => table.columns[i] || t('roster.column', { n: i + 1 });

/** The first filled value of a column among the first rows, shortened. */
function sample(table: Table, i: number): string {
  for (const r of table.rows.slice(0, 20)) {
    const v = (r.cells[i] ?? '').trim();
    if (v) return v.length > 40 ? `${v.slice(0, 39)}…` : v;
  }
  return '';
}

/** The file's first rows under its column titles. */
function Preview(props: { table: Table }) {
  return (
    <section class="table-scroll roster-preview" tabindex="0" aria-label={t('roster.preview')}>
      <table>
        <thead>
          <tr>
            <th scope="col">
              <span class="visually-hidden">{t('roster.rowHeader')}</span>
            </th>
            <For each={props.table.columns}>
              {(_, i) => <th scope="col">{columnLabel(props.table, i())}</th>}
            </For>
          </tr>
        </thead>
        <tbody>
          <For each={props.table.rows.slice(0, PREVIEW_ROWS)}>
            {(r) => (
              <tr>
                <th scope="row" class="muted">
                  {r.row}
                </th>
                <For each={r.cells}>{(c) => <td>{c}</td>}</For>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </section>
  );
}

/** One column's choice of field, with an example of what it holds. */
function ColumnChoice(props: {
  table: Table;
  column: number;
  use: ColumnUse | null;
  onUse: (use: ColumnUse | null) => void;
}) {
  const example = () => sample(props.table, props.column);
  return (
    <li>
      <label for={`map-${props.column}`}>
        <span class="map-column">{columnLabel(props.table, props.column)}</span>
        <Show when={example()}>
          <span class="muted small block">{t('roster.map.example', { value: example() })}</span>
        </Show>
      </label>
      <select
        id={`map-${props.column}`}
        value={props.use ?? ''}
        onChange={(e) => props.onUse((e.currentTarget.value || null) as ColumnUse | null)}
      >
        <option value="">{t('roster.field.undecided')}</option>
        <option value="skip">{fieldName('skip')}</option>
        <option value="note">{fieldName('note')}</option>
        <For each={FIELDS}>{(f) => <option value={f}>{fieldName(f)}</option>}</For>
      </select>
    </li>
  );
}

export function MapStep(props: {
  table: Table;
  fileName: string;
  mapping: Mapping;
  onUse: (column: number, use: ColumnUse | null) => void;
  nameMapped: boolean;
  busy: boolean;
  onReview: () => void;
  onCancel: () => void;
}) {
  return (
    <>
      <p data-testid="file-summary">
        {t(props.table.source.format === 'vcard' ? 'roster.file.vcard' : 'roster.file.csv', {
          file: props.fileName,
          n: formatNumber(props.table.rows.length),
          encoding: encodingName(props.table.source),
          delimiter: delimiterName(props.table.source.delimiter),
        })}
      </p>
      <h3>{t('roster.preview')}</h3>
      <Preview table={props.table} />

      <h3>{t('roster.map.title')}</h3>
      <p class="help">{t('roster.map.help')}</p>
      <ul class="roster-mapping">
        <For each={props.table.columns}>
          {(_, i) => (
            <ColumnChoice
              table={props.table}
              column={i()}
              use={props.mapping[i()] ?? null}
              onUse={(use) => props.onUse(i(), use)}
            />
          )}
        </For>
      </ul>
      <Show when={!props.nameMapped}>
        <p class="warning" role="status">
          {t('roster.map.needName')}
        </p>
      </Show>
      <StepButtons
        go={t('roster.map.review')}
        goDisabled={props.busy || !props.nameMapped}
        onGo={props.onReview}
        back={t('roster.cancel')}
        onBack={props.onCancel}
      />
    </>
  );
}
