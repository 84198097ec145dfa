import { For } from 'solid-js';
import type { Distribution } from '../../domain';
import { formatNumber, t } from '../kit/i18n';
import { assessmentLabel, pct } from '../people/format';
import { ChartTable } from './ChartTable';

const KEYS = [1, 2, 3, 4, 5, 'unassessed'] as const;
const W = 320;
const H = 150;
const BAR_AREA = 104;
const TOP = 18;

/**
 * Assessment distribution as an SVG bar chart (1–5, then unassessed). The SVG is decoration for
 * sighted users; screen readers get the same numbers as a table.
 */
export function AssessmentChart(props: { distribution: Distribution; total: number; id: string }) {
  return (
    <figure class="chart card" aria-labelledby={`${props.id}-caption`}>
      <figcaption id={`${props.id}-caption`}>
        <h2>{t('dash.distribution')}</h2>
      </figcaption>
      <AssessmentBars distribution={props.distribution} />
      <ChartTable
        caption={t('dash.distributionSummary', { total: formatNumber(props.total) })}
        columns={[t('dash.value'), t('dash.count')]}
      >
        <For each={KEYS}>
          {(k) => (
            <tr>
              <th scope="row">{assessmentLabel(k === 'unassessed' ? null : k)}</th>
              <td>
                {formatNumber(props.distribution[k])} (
                {pct(props.total ? (props.distribution[k] * 100) / props.total : 0)}%)
              </td>
            </tr>
          )}
        </For>
      </ChartTable>
      <AssessmentLegend />
    </figure>
  );
}

function AssessmentBars(props: { distribution: Distribution }) {
  const max = () => Math.max(1, ...KEYS.map((k) => props.distribution[k]));
  const slot = W / KEYS.length;
  return (
    <svg viewBox={`0 0 ${W} ${H}`} aria-hidden="true" class="chart-svg">
      <For each={KEYS}>
        {(k, i) => {
          const n = () => props.distribution[k];
          const h = () => (n() / max()) * BAR_AREA;
          const x = () => i() * slot + slot * 0.15;
          return (
            <g>
              <rect
                class={`bar a${k === 'unassessed' ? 0 : k}`}
                x={x()}
                y={TOP + BAR_AREA - h()}
                width={slot * 0.7}
                height={Math.max(h(), n() > 0 ? 2 : 0)}
                rx="3"
              />
              <text
                class="chart-value"
                x={x() + slot * 0.35}
                y={TOP + BAR_AREA - h() - 4}
                text-anchor="middle"
              >
                {formatNumber(n())}
              </text>
              <text class="chart-label" x={x() + slot * 0.35} y={H - 10} text-anchor="middle">
                {k === 'unassessed' ? '–' : k}
              </text>
            </g>
          );
        }}
      </For>
    </svg>
  );
}

function AssessmentLegend() {
  return (
    <ul class="legend" aria-hidden="true">
      <For each={[1, 2, 3, 4, 5] as const}>
        {(a) => (
          <li>
            <span class="badge small" data-a={a}>
              {a}
            </span>
            {assessmentLabel(a).split(' · ')[1]}
          </li>
        )}
      </For>
      <li>
        <span class="badge small" data-a="0">
          –
        </span>
        {assessmentLabel(null)}
      </li>
    </ul>
  );
}
