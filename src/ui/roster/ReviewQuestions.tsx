/**
 * The questions an import must have answered before it runs: what to do with each column that
 * holds data but has no use yet, and which order the file's day-and-month dates are in when the
 * file does not show it. Asked once, on the review step; the plan is made again after each answer.
 */
import { For, Show } from 'solid-js';
import {
  type ColumnUse,
  type DateOrder,
  FIELDS,
  type ImportPlan,
  type Mapping,
  parseDate,
  type TableSource,
} from '../../roster';
import { formatNumber, lang, t } from '../kit/i18n';
import { fieldName, rowLabel } from './roster-text';

/** A column asked about, with what the file holds in it. */
export interface AskedColumn {
  readonly column: number;
  readonly title: string;
  readonly filled: number;
  readonly sample: string;
}

/** The long form of an ISO date in the UI language ("3 October 2026", "3 de octubre de 2026"). */
function longDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return new Intl.DateTimeFormat(lang(), { dateStyle: 'long', timeZone: 'UTC' }).format(
    new Date(Date.UTC(y as number, (m as number) - 1, d as number)),
  );
}

/** What a date reads as in one order, or the raw text when it is no date in that order. */
function readAs(value: string, order: DateOrder): string {
  const iso = parseDate(value, order);
  return typeof iso === 'string' ? longDate(iso) : value;
}

/** For each column with data and no use: what to do with it. */
function ColumnQuestions(props: {
  asked: readonly AskedColumn[];
  mapping: Mapping;
  onUse: (column: number, use: ColumnUse | null) => void;
}) {
  return (
    <Show when={props.asked.length > 0}>
      <p class="help">{t('roster.ask.columns')}</p>
      <ul class="roster-mapping">
        <For each={props.asked}>
          {(c) => (
            <li classList={{ 'roster-open': (props.mapping[c.column] ?? null) === null }}>
              <label for={`ask-${c.column}`}>
                <span class="map-column">{c.title || t('roster.column', { n: c.column + 1 })}</span>
                <span class="muted small block">
                  {t('roster.ask.column.help', { n: formatNumber(c.filled), value: c.sample })}
                </span>
              </label>
              <select
                id={`ask-${c.column}`}
                value={props.mapping[c.column] ?? ''}
                onChange={(e) => props.onUse(c.column, (e.currentTarget.value || null) as ColumnUse | null)}
              >
                <option value="" disabled>
                  {t('roster.field.undecided')}
                </option>
                <option value="note">{fieldName('note')}</option>
                <option value="skip">{fieldName('skip')}</option>
                <For each={FIELDS}>{(f) => <option value={f}>{fieldName(f)}</option>}</For>
              </select>
            </li>
          )}
        </For>
      </ul>
    </Show>
  );
}

/** Which order the file's day-and-month dates are in, each order shown with the example read in it. */
function DateQuestion(props: {
  plan: ImportPlan;
  dateOrder: DateOrder | null;
  onDateOrder: (order: DateOrder) => void;
}) {
  const dates = () => props.plan.dates;
  const example = () => dates().example?.value ?? '';
  return (
    <fieldset class="stack-tight roster-choice" data-testid="date-question">
      <legend>{t('roster.ask.dates', { example: example() })}</legend>
      <p class="help">{dates().mixed ? t('roster.ask.dates.mixed') : t('roster.ask.dates.help')}</p>
      <For each={['dmy', 'mdy'] as const}>
        {(order) => (
          <label class="radio">
            <input
              type="radio"
              name="date-order"
              value={order}
              checked={props.dateOrder === order}
              onChange={() => props.onDateOrder(order)}
            />
            <span>{t(`roster.ask.dates.${order}`, { date: readAs(example(), order) })}</span>
          </label>
        )}
      </For>
    </fieldset>
  );
}

export function ReviewQuestions(props: {
  plan: ImportPlan;
  format: TableSource['format'];
  asked: readonly AskedColumn[];
  mapping: Mapping;
  onUse: (column: number, use: ColumnUse | null) => void;
  dateOrder: DateOrder | null;
  onDateOrder: (order: DateOrder) => void;
}) {
  const dates = () => props.plan.dates;
  const askDates = () => dates().slashed > 0 && (dates().how === 'ask' || dates().how === 'chosen');
  return (
    <Show when={props.asked.length > 0 || askDates() || dates().how === 'inferred'}>
      <section class="roster-ask stack-tight" aria-labelledby="ask-heading" data-testid="import-questions">
        <h3 id="ask-heading">{t('roster.ask.title')}</h3>
        <ColumnQuestions asked={props.asked} mapping={props.mapping} onUse={props.onUse} />

        <Show when={askDates()}>
          <DateQuestion plan={props.plan} dateOrder={props.dateOrder} onDateOrder={props.onDateOrder} />
        </Show>

        <Show when={dates().how === 'inferred' && dates().evidence}>
          {(ev) => (
            <p class="help" data-testid="date-inferred">
              {t(`roster.dates.inferred.${ev().order}`, {
                row: rowLabel(props.format, ev().row),
                value: ev().value,
              })}
            </p>
          )}
        </Show>
      </section>
    </Show>
  );
}
