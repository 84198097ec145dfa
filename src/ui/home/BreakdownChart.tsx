import { createSignal, For, Show } from 'solid-js';
import { type CoverageStats, cardsRequired } from '../../domain';
import { formatNumber, t } from '../kit/i18n';
import { knownText } from '../map/StatsSummary';
import { cardsNeeded, pct } from '../people/format';
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
  const needed65 = (s: CoverageStats) => Math.max(0, cardsRequired(s.base, 65, 'at-least') - s.cards);
  return (
    <section class="chart card" aria-labelledby={`${props.id}-title`}>
      <h2 id={`${props.id}-title`}>{props.title}</h2>
      <ul class="breakdown" aria-hidden="true">
        <For each={shown()}>
          {(row) => {
            const base = () => Math.max(1, row.stats.base);
            const segments = () => {
              let x = 0;
              return SEGMENTS.map((k) => {
                const w = (row.stats.distribution[k] / base()) * W;
                const seg = { k, x, w };
                x += w;
                return seg;
              });
            };
            return (
              <li>
                <div class="breakdown-head">
                  <span class="breakdown-name">{row.name}</span>
                  <span class="muted">{knownText(row.stats)}</span>
                </div>
                <svg viewBox={`0 0 ${W} 26`} class="chart-svg" aria-hidden="true">
                  <rect class="track" x="0" y="0" width={W} height="12" />
                  <For each={segments()}>
                    {(s) => (
                      <rect
                        class={`bar a${s.k === 'unassessed' ? 0 : s.k}`}
                        x={s.x}
                        y="0"
                        width={s.w}
                        height="12"
                      />
                    )}
                  </For>
                  <rect class="track" x="0" y="16" width={W} height="8" rx="3" />
                  <rect
                    class="fill"
                    x="0"
                    y="16"
                    width={(Math.min(100, row.stats.cardsPercent) / 100) * W}
                    height="8"
                    rx="3"
                  />
                  <line class="tick" x1={W * 0.65} x2={W * 0.65} y1="14" y2="26" />
                </svg>
                <span class="breakdown-cards muted">
                  {t(row.stats.cards === 1 ? 'counts.unitRow.one' : 'counts.unitRow', {
                    cards: formatNumber(row.stats.cards),
                    pct: pct(row.stats.cardsPercent),
                    base: coverageBase(row.stats),
                  })}
                </span>
              </li>
            );
          }}
        </For>
      </ul>
      {/* A table ignores width: 1px and lays out at its full width, so the wrapper does the hiding. */}
      <div class="visually-hidden">
        <table>
          <caption>{props.title}</caption>
          <thead>
            <tr>
              <th scope="col">{t('dash.colName')}</th>
              <th scope="col">{t('counts.col.known')}</th>
              <th scope="col">{t('counts.col.base')}</th>
              <th scope="col">{t('counts.col.assessed')}</th>
              <th scope="col">{t('counts.col.supportive')}</th>
              <th scope="col">{t('counts.col.cards')}</th>
            </tr>
          </thead>
          <tbody>
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
          </tbody>
        </table>
      </div>
      <Show when={props.rows.length > COLLAPSED}>
        <button type="button" class="link-button" aria-expanded={all()} onClick={() => setAll(!all())}>
          {all() ? t('dash.showFewer') : t('dash.showAll', { n: props.rows.length })}
        </button>
      </Show>
    </section>
  );
}
