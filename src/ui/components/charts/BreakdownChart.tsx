import { createSignal, For, Show } from 'solid-js';
import type { CampaignStats } from '../../../domain';
import { formatNumber, t } from '../../i18n';
import { cardsNeeded, pct } from '../field/format';

export interface BreakdownRow {
  readonly key: string;
  readonly name: string;
  readonly stats: CampaignStats;
}

const W = 320;
const SEGMENTS = [1, 2, 3, 4, 5, 'unassessed'] as const;
const COLLAPSED = 6;

/**
 * Per-unit or per-shift breakdown: one row per group with an SVG bar of its assessment mix and
 * its card percentage (with a tick at 65%). The table beside it carries every number for screen
 * readers; the visible rows repeat the key ones in words.
 */
export function BreakdownChart(props: { id: string; title: string; rows: readonly BreakdownRow[] }) {
  const [all, setAll] = createSignal(false);
  const shown = () => (all() ? props.rows : props.rows.slice(0, COLLAPSED));
  return (
    <section class="chart card" aria-labelledby={`${props.id}-title`}>
      <h2 id={`${props.id}-title`}>{props.title}</h2>
      <ul class="breakdown" aria-hidden="true">
        <For each={shown()}>
          {(row) => {
            const total = () => Math.max(1, row.stats.total);
            const segments = () => {
              let x = 0;
              return SEGMENTS.map((k) => {
                const w = (row.stats.distribution[k] / total()) * W;
                const seg = { k, x, w };
                x += w;
                return seg;
              });
            };
            return (
              <li>
                <div class="breakdown-head">
                  <span class="breakdown-name">{row.name}</span>
                  <span class="muted">
                    {formatNumber(row.stats.total)} · {pct(row.stats.cardsPercent)}%{' '}
                    {t('dash.cards').toLowerCase()}
                  </span>
                </div>
                <svg viewBox={`0 0 ${W} 26`} class="chart-svg" aria-hidden="true">
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
              </li>
            );
          }}
        </For>
      </ul>
      <table class="visually-hidden">
        <caption>{props.title}</caption>
        <thead>
          <tr>
            <th scope="col">{t('dash.colName')}</th>
            <th scope="col">{t('dash.colPeople')}</th>
            <th scope="col">{t('dash.colAssessed')}</th>
            <th scope="col">{t('dash.colSupport')}</th>
            <th scope="col">{t('dash.colCards')}</th>
          </tr>
        </thead>
        <tbody>
          <For each={props.rows}>
            {(row) => (
              <tr>
                <th scope="row">{row.name}</th>
                <td>{formatNumber(row.stats.total)}</td>
                <td>{pct(row.stats.assessedPercent)}%</td>
                <td>{formatNumber(row.stats.distribution[1] + row.stats.distribution[2])}</td>
                <td>
                  {formatNumber(row.stats.cardsSigned)} ({pct(row.stats.cardsPercent)}%)
                  {row.stats.thresholds.supermajority.needed > 0
                    ? ` — ${cardsNeeded({ n: row.stats.thresholds.supermajority.needed, pct: 65 })}`
                    : ''}
                </td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
      <Show when={props.rows.length > COLLAPSED}>
        <button type="button" class="link-button" aria-expanded={all()} onClick={() => setAll(!all())}>
          {all() ? t('dash.showFewer') : t('dash.showAll', { n: props.rows.length })}
        </button>
      </Show>
    </section>
  );
}
