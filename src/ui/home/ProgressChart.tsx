import { createMemo, createSignal, For, Index, Show } from 'solid-js';
import {
  type BargainingUnit,
  type MapRow,
  type Person,
  peopleInUnit,
  supportiveOf,
  type UnitNode,
  type WeekProgress,
  weeklyProgressInSlices,
} from '../../domain';
import { dateFormat, formatNumber, t } from '../kit/i18n';
import { createSlicedMemo, nextTask } from '../kit/sliced';
import { localToday } from '../people/format';
import { coverageBase, unitBase } from './denominator';

const W = 320;
const H = 130;
const TOP = 14;
const AREA = 86;
const WEEKS = 12;
const STACK = [1, 2, 3, 4, 5] as const;

/** The phone's calendar day of a timestamp, so a card signed at 11 pm counts on that day. */
const localDayOf = (iso: string) => localToday(new Date(iso));

/** "Nov 9" in the UI language. */
function weekLabel(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return dateFormat({ month: 'short', day: 'numeric' }).format(new Date(y ?? 1970, (m ?? 1) - 1, d ?? 1));
}

/** Bars per week with every few weeks labelled (twelve labels would not fit a phone). */
function WeekBars(props: {
  weeks: readonly WeekProgress[];
  max: number;
  bars: (w: WeekProgress) => readonly { cls: string; value: number }[];
  label: (w: WeekProgress) => string;
  line?: { value: number; text: string };
}) {
  const slot = () => W / Math.max(1, props.weeks.length);
  const every = () => Math.ceil(props.weeks.length / 5);
  const y = (v: number) => TOP + AREA - (v / Math.max(1, props.max)) * AREA;
  return (
    <svg viewBox={`0 0 ${W} ${H}`} class="chart-svg" aria-hidden="true">
      <Index each={props.weeks}>
        {(w, i) => {
          const x = () => i * slot() + slot() * 0.15;
          const stacked = () => {
            let top = 0;
            return props.bars(w()).map((b) => {
              const seg = { ...b, from: top };
              top += b.value;
              return seg;
            });
          };
          const total = () => props.bars(w()).reduce((n, b) => n + b.value, 0);
          return (
            <g>
              <For each={stacked()}>
                {(s) => (
                  <rect
                    class={s.cls}
                    x={x()}
                    y={y(s.from + s.value)}
                    width={slot() * 0.7}
                    height={Math.max(0, y(s.from) - y(s.from + s.value))}
                  />
                )}
              </For>
              <Show when={i === props.weeks.length - 1 || total() > 0}>
                <text class="chart-value" x={x() + slot() * 0.35} y={y(total()) - 3} text-anchor="middle">
                  {props.label(w())}
                </text>
              </Show>
              <Show when={i % every() === 0 || i === props.weeks.length - 1}>
                <text class="chart-label" x={x() + slot() * 0.35} y={H - 10} text-anchor="middle">
                  {weekLabel(w().week)}
                </text>
              </Show>
            </g>
          );
        }}
      </Index>
      <Show when={props.line}>
        {(line) => (
          <g class="mark">
            <line x1="0" x2={W} y1={y(line().value)} y2={y(line().value)} />
            <text x={W} y={y(line().value) - 3} text-anchor="end">
              {line().text}
            </text>
          </g>
        )}
      </Show>
    </svg>
  );
}

/**
 * Progress over time: cards signed (total at the end of each week, against the 65 % line of the
 * bargaining unit or of the chosen unit) and people assessed by rating, for the last twelve weeks,
 * for the whole workplace or one unit. Both charts are decoration; the same numbers are in the
 * table under "Numbers by week", which screen readers read.
 */
export function ProgressChart(props: {
  people: readonly Person[];
  units: readonly UnitNode[];
  rows: readonly MapRow[];
  unit: BargainingUnit;
}) {
  const [scope, setScope] = createSignal('');
  const scoped = createMemo(() => {
    const id = scope();
    const row = id ? props.rows.find((r) => r.unit?.id === id) : undefined;
    if (!id || !row) return { people: props.people, size: props.unit.size, base: unitBase(props.unit) };
    return {
      people: peopleInUnit(props.people, props.units, id),
      size: row.total.base,
      base: coverageBase(row.total),
    };
  });
  // A pass over every person: in slices, so a big campaign does not hold the main thread
  // (kit/sliced.ts). The weeks and the scope they were counted for are shown together.
  const computed = createSlicedMemo(scoped, async (s, stop) => {
    const counted = await weeklyProgressInSlices(
      s.people,
      { today: localToday(), weeks: WEEKS, dayOf: localDayOf },
      { between: nextTask },
      stop,
    );
    return counted && { scope: s, weeks: counted };
  });
  const weeks = () => computed()?.weeks ?? [];
  const shown = () => computed()?.scope ?? scoped();
  const line65 = () => Math.ceil((shown().size * 65) / 100);
  const last = () => weeks().at(-1);
  return (
    <section class="chart card progress" aria-labelledby="progress-title">
      <h2 id="progress-title">{t('progress.title')}</h2>
      <Show when={props.units.length > 0}>
        <ScopeSelect units={props.units} value={scope()} onChange={setScope} />
      </Show>
      <Show when={computed()}>
        <p data-testid="progress-summary">
          {t('progress.summary', {
            cards: formatNumber(last()?.cards ?? 0),
            base: shown().base,
            newCards: formatNumber(last()?.newCards ?? 0),
            ratings: formatNumber(last()?.ratings ?? 0),
          })}
        </p>
        <h3 class="progress-sub">{t('progress.cards')}</h3>
        <WeekBars
          weeks={weeks()}
          max={Math.max(line65(), ...weeks().map((w) => w.cards))}
          bars={(w) => [{ cls: 'fill', value: w.cards }]}
          label={(w) => formatNumber(w.cards)}
          line={
            line65() > 0 ? { value: line65(), text: t('progress.line', { base: shown().base }) } : undefined
          }
        />
        <h3 class="progress-sub">{t('progress.assessments')}</h3>
        <WeekBars
          weeks={weeks()}
          max={Math.max(1, ...weeks().map((w) => w.assessed))}
          bars={(w) => STACK.map((a) => ({ cls: `bar a${a}`, value: w.distribution[a] }))}
          label={(w) => formatNumber(w.assessed)}
        />
        <ProgressTable weeks={weeks()} />
      </Show>
      <p class="muted small">{t('progress.note')}</p>
    </section>
  );
}

/** Whole workplace, or one unit. */
function ScopeSelect(props: { units: readonly UnitNode[]; value: string; onChange: (id: string) => void }) {
  return (
    <label class="progress-scope">
      <span>{t('progress.scope')}</span>
      <select value={props.value} onChange={(e) => props.onChange(e.currentTarget.value)}>
        <option value="">{t('progress.all')}</option>
        <For each={props.units}>{(u) => <option value={u.id}>{u.path}</option>}</For>
      </select>
    </label>
  );
}

/** The numbers of both charts, week by week: what screen readers read. */
function ProgressTable(props: { weeks: readonly WeekProgress[] }) {
  return (
    <details class="progress-table">
      <summary>{t('progress.table')}</summary>
      <table>
        <caption class="visually-hidden">{t('progress.table')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('progress.col.week')}</th>
            <th scope="col">{t('progress.col.cards')}</th>
            <th scope="col">{t('progress.col.assessed')}</th>
            <th scope="col">{t('progress.col.ratings')}</th>
          </tr>
        </thead>
        <tbody>
          <For each={props.weeks}>
            {(w) => (
              <tr>
                <th scope="row">{weekLabel(w.week)}</th>
                <td>
                  {t('progress.cell.cards', {
                    cards: formatNumber(w.cards),
                    newCards: formatNumber(w.newCards),
                    withdrawn: formatNumber(w.withdrawn),
                  })}
                </td>
                <td>
                  {t('progress.cell.assessed', {
                    assessed: formatNumber(w.assessed),
                    supportive: formatNumber(supportiveOf(w.distribution)),
                  })}
                </td>
                <td>{formatNumber(w.ratings)}</td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </details>
  );
}
