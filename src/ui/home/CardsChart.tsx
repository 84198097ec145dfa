import { For, Show } from 'solid-js';
import type { BargainingUnit, CampaignStats, Threshold } from '../../domain';
import { formatNumber, t } from '../kit/i18n';
import { pct } from '../people/format';
import { href } from '../shell/router';
import { unitBase, unitOutdated, unitSource } from './denominator';

const W = 320;

/** "30%" or "Majority": how a threshold is named. */
function thresholdLabel(th: Threshold): string {
  return th.rule === 'more-than' ? t('counts.th.majority') : t('counts.th.pct', { pct: th.percent });
}

/**
 * Cards signed against the 30 % / majority / 65 % thresholds of the bargaining unit: an SVG
 * progress bar with a marker per threshold, and the same facts in words (which is what screen
 * readers read) — every number says what it is of, and where that number comes from.
 */
export function CardsChart(props: { stats: CampaignStats; unit: BargainingUnit }) {
  const thresholds = () => {
    const th = props.stats.thresholds;
    return [th.thirty, th.majority, th.supermajority];
  };
  const base = () => unitBase(props.unit);
  const fill = () => (Math.min(100, props.stats.cardsPercent) / 100) * W;
  return (
    <figure class="chart card" aria-labelledby="cards-caption">
      <figcaption id="cards-caption">
        <h2>{t('dash.cards')}</h2>
      </figcaption>
      <svg viewBox={`0 0 ${W} 58`} aria-hidden="true" class="chart-svg">
        <rect class="track" x="0" y="8" width={W} height="22" rx="6" />
        <rect class="fill" x="0" y="8" width={fill()} height="22" rx="6" />
        <For each={thresholds()}>
          {(th) => {
            const x = () => Math.min(W - 1, (th.percent / 100) * W);
            return (
              <g class={th.reached ? 'mark reached' : 'mark'}>
                <line x1={x()} x2={x()} y1="2" y2="36" />
                <text x={x()} y="52" text-anchor="middle">
                  {th.percent}%
                </text>
              </g>
            );
          }}
        </For>
      </svg>
      <p data-testid="cards-summary">
        {t(props.stats.cardsSigned === 1 ? 'counts.cardsSummary.one' : 'counts.cardsSummary', {
          signed: formatNumber(props.stats.cardsSigned),
          base: base(),
          pct: pct(props.stats.cardsPercent),
        })}
      </p>
      <h3 class="visually-hidden">{t('counts.th.title')}</h3>
      <ul class="thresholds" data-testid="cards-thresholds">
        <For each={thresholds()}>
          {(th) => (
            <li classList={{ reached: th.reached }}>
              <span>
                {t('counts.th.line', {
                  label: thresholdLabel(th),
                  required: formatNumber(th.required),
                  base: base(),
                })}
              </span>
              <strong>
                {th.reached
                  ? t('counts.th.reached')
                  : th.needed === 1
                    ? t('counts.th.togo.one')
                    : t('counts.th.togo', { n: formatNumber(th.needed) })}
              </strong>
            </li>
          )}
        </For>
      </ul>
      <p class="muted small unit-source" data-testid="bargaining-unit">
        {unitSource(props.unit)}{' '}
        <a class="inline-tap" href={`${href('map/setup')}`}>
          {props.unit.source === 'set' ? t('counts.unit.set.link') : t('counts.unit.unset.link')}
        </a>
      </p>
      <Show when={unitOutdated(props.unit)}>
        {(warning) => (
          <p class="warning small" role="note">
            {warning()}
          </p>
        )}
      </Show>
    </figure>
  );
}
