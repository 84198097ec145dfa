/**
 * Home's headline numbers: people, assessed, cards (each of the bargaining unit), units and shifts.
 * Shared by the live home and the home view painted while the campaign opens (HomePreview.tsx), so
 * both show the same figures the same way.
 */
import type { BargainingUnit, CampaignStats } from '../../domain';
import { formatNumber, t } from '../kit/i18n';
import { percentOf, unitBase } from './denominator';

/** The headline numbers: people, assessed, cards (each of the bargaining unit), units and shifts. */
export function HomeCounts(props: {
  stats: CampaignStats;
  unit: BargainingUnit;
  units: number;
  shifts: number;
}) {
  const base = () => unitBase(props.unit);
  return (
    <>
      <h2 class="visually-hidden">{t('home.counts')}</h2>
      <ul class="stats">
        <li>
          <span class="value" data-testid="count-people">
            {formatNumber(props.stats.total)}
          </span>
          <span class="label">{t('home.people')}</span>
          <span class="label pct">{t('counts.knownOfBase', { base: base() })}</span>
        </li>
        <li>
          <span class="value" data-testid="count-assessed">
            {formatNumber(props.stats.assessed)}
          </span>
          <span class="label">{t('home.assessed')}</span>
          <span class="label pct" data-testid="pct-assessed">
            {percentOf(props.stats.assessedPercent, base())}
          </span>
        </li>
        <li>
          <span class="value" data-testid="count-cards">
            {formatNumber(props.stats.cardsSigned)}
          </span>
          <span class="label">{t('home.cards')}</span>
          <span class="label pct" data-testid="pct-cards">
            {percentOf(props.stats.cardsPercent, base())}
          </span>
        </li>
      </ul>
      <p class="muted places">
        <a class="inline-tap" href="#/map">
          <span data-testid="count-units">{formatNumber(props.units)}</span> {t('home.units')} ·{' '}
          <span data-testid="count-shifts">{formatNumber(props.shifts)}</span> {t('home.shifts')}
        </a>
      </p>
    </>
  );
}
