import { createSignal, For, Show } from 'solid-js';
import { type CoverageStats, cardsRequired } from '../../domain';
import { formatNumber, t } from '../kit/i18n';
import { knownText } from '../map/StatsSummary';
import { cardsNeeded, pct } from '../people/format';
import { ChartTable } from './ChartTable';
import { coverageBase } from './denominator';

export interface BreakdownRow {
  readonly key: string;
  readonly name: string;
  /** The same numbers the map shows for this unit or shift (`mapModel` row or column totals). */
  readonly stats: CoverageStats;
}

const W = 320;
const SEGMENTS = [1, 2, 3, 4, 5, 'unassessed'] as const;
const COLLAPSED = 6;

/**
 * Per-unit or per-shift breakdown: one row per group with an SVG bar of its assessment mix (the
 * people nobody knows yet as a gap) and its card share with a tick at 65 %. Shares are of the
 * group's estimate where it has one, else of the people known, and each row says which — the same
 * numbers as the map's rows. The table carries every number for screen readers.
 */
export function BreakdownChart(props: { id: string; title: string; rows: readonly BreakdownRow[] }) {
  const [all, setAll] = createSignal(false);
  const shown = () => (all() ? props.rows : props.rows.slice(0, COLLAPSED));
  return (
    <section class="chart card" aria-labelledby={`${props.id}-title`}>
      <h2 id={`${props.id}-title`}>{props.title}</h2>
      <ul class="breakdown" aria-hidden="true">
        <For each={shown()}>{(row) => <BreakdownBar row={row} />}</For>
      </ul>
      <BreakdownTable title={props.title} rows={props.rows} />
      <Show when={props.rows.length > COLLAPSED}>
        <button type="button" class="link-button" aria-expanded={all()} onClick={() => setAll(!all())}>
          {all() ? t('dash.showFewer') : t('dash.showAll', { n: props.rows.length })}
        </button>
      </Show>
    </section>
  );
}

/** One group: its name and known count, its assessment mix, and its card share against 65 %. */
function BreakdownBar(props: { row: BreakdownRow }) {
  const stats = () => props.row.stats;
  const segments = () => {
    const base = Math.max(1, stats().base);
    let x = 0;
    return SEGMENTS.map((k) => {
      const w = (stats().distribution[k] / base) * W;
      const seg = { k, x, w };
      x += w;
      return seg;
    });
  };
  return (
    <li>
      <div class="breakdown-head">
        <span class="breakdown-name">{props.row.name}</span>
        <span class="muted">{knownText(stats())}</span>
      </div>
      <svg viewBox={`0 0 ${W} 26`} class="chart-svg" aria-hidden="true">
        <rect class="track" x="0" y="0" width={W} height="12" />
        <For each={segments()}>
          {(s) => (
            <rect class={`bar a${s.k === 'unassessed' ? 0 : s.k}`} x={s.x} y="0" width={s.w} height="12" />
          )}
        </For>
        <rect class="track" x="0" y="16" width={W} height="8" rx="3" />
        <rect
          class="fill"
          x="0"
          y="16"
          width={(Math.min(100, stats().cardsPercent) / 100) * W}
          height="8"
          rx="3"
        />
        <line class="tick" x1={W * 0.65} x2={W * 0.65} y1="14" y2="26" />
      </svg>
      <span class="breakdown-cards muted">
        {t(stats().cards === 1 ? 'counts.unitRow.one' : 'counts.unitRow', {
          cards: formatNumber(stats().cards),
          pct: pct(stats().cardsPercent),
          base: coverageBase(stats()),
        })}
      </span>
    </li>
  );
}

function BreakdownTable(props: { title: string; rows: readonly BreakdownRow[] }) {
  const needed65 = (s: CoverageStats) => Math.max(0, cardsRequired(s.base, 65, 'at-least') - s.cards);
  const columns = () => [
    t('dash.colName'),
    t('counts.col.known'),
    t('counts.col.base'),
    t('counts.col.assessed'),
    t('counts.col.supportive'),
    t('counts.col.cards'),
  ];
  return (
    <ChartTable caption={props.title} columns={columns()}>
      <For each={props.rows}>
        {(row) => (
          <tr>
            <th scope="row">{row.name}</th>
            <td>{formatNumber(row.stats.known)}</td>
            <td>{coverageBase(row.stats)}</td>
            <td>
              {formatNumber(row.stats.assessed)} ({pct(row.stats.assessedPercent)}%)
            </td>
            <td>
              {formatNumber(row.stats.supportive)} ({pct(row.stats.supportivePercent)}%)
            </td>
            <td>
              {formatNumber(row.stats.cards)} ({pct(row.stats.cardsPercent)}%)
              {needed65(row.stats) > 0 ? ` — ${cardsNeeded({ n: needed65(row.stats), pct: 65 })}` : ''}
            </td>
          </tr>
        )}
      </For>
    </ChartTable>
  );
}
