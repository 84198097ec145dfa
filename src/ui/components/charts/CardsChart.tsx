import { For, Show } from 'solid-js';
import type { CampaignStats } from '../../../domain';
import { formatNumber, t } from '../../i18n';
import { cardsNeeded, pct } from '../field/format';

const W = 320;

/**
 * Cards signed against the 30 / 50 / 65 % thresholds: an SVG progress bar with a marker per
 * threshold, and the same facts in words (which is what screen readers read).
 */
export function CardsChart(props: { stats: CampaignStats }) {
  const thresholds = () => {
    const th = props.stats.thresholds;
    return [th.thirty, th.majority, th.supermajority];
  };
  const next = () => thresholds().find((th) => !th.reached);
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
        {t('dash.cardsSummary', {
          signed: formatNumber(props.stats.cardsSigned),
          total: formatNumber(props.stats.total),
          pct: pct(props.stats.cardsPercent),
        })}{' '}
        <Show when={next()} fallback={t('dash.cardsReached', { pct: 65 })}>
          {(th) => <strong>{cardsNeeded({ n: formatNumber(th().needed), pct: th().percent })}</strong>}
        </Show>
      </p>
      <Show when={props.stats.thresholds.supermajority.needed > 0 && next()?.percent !== 65}>
        <p class="muted" data-testid="cards-65">
          {cardsNeeded({
            n: formatNumber(props.stats.thresholds.supermajority.needed),
            pct: 65,
          })}
        </p>
      </Show>
    </figure>
  );
}
