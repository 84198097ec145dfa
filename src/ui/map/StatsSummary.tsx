import { For, Show } from 'solid-js';
import { ASSESSMENTS, type CoverageStats, type DenominatorSource } from '../../domain';
import { coverageBase } from '../home/denominator';
import { formatNumber, t } from '../kit/i18n';
import { percent, WARNING_TEXT } from './map-format';

/**
 * "12 known of ~40"; "50 known (more than the ~40 estimated)" tells the estimate needs updating;
 * with `source` 'set' (the whole workplace against the committee's figure) "11 known of 120".
 */
export function knownText(s: CoverageStats, source?: DenominatorSource): string {
  const known = formatNumber(s.known);
  if (s.estimate === undefined) return t('map.known', { known });
  const estimate = formatNumber(s.estimate);
  if (source === 'set' && s.known <= s.estimate)
    return t('counts.nOf', { n: t('counts.known', { n: known }), base: estimate });
  return s.known > s.estimate
    ? t('map.knownOver', { known, estimate })
    : t('map.knownOf', { known, estimate });
}

/**
 * A group's numbers: people known (of the estimate), a bar of the assessment mix where the
 * people nobody knows yet show as a hatched gap, the shares assessed / supportive / carded with
 * what they are of ("Of ~40 (est.): …", "Of 12 known: …"), and the coverage warnings (left out
 * with `warnings={false}` where the row shows one coverage badge instead). The bar is decoration:
 * every number is also written out.
 */
export function StatsSummary(props: {
  stats: CoverageStats;
  bar?: boolean;
  warnings?: boolean;
  source?: DenominatorSource;
}) {
  const s = () => props.stats;
  const unknown = () => Math.max(0, s().base - s().known);
  return (
    <div class="map-stats">
      <Show when={props.bar !== false && s().base > 0}>
        <span class="map-bar" aria-hidden="true">
          <For each={ASSESSMENTS}>
            {(a) => <span class={`map-seg a${a}`} style={{ 'flex-grow': String(s().distribution[a]) }} />}
          </For>
          <span class="map-seg a0" style={{ 'flex-grow': String(s().distribution.unassessed) }} />
          <span class="map-seg unknown" style={{ 'flex-grow': String(unknown()) }} />
        </span>
      </Show>
      <span class="map-known">{knownText(s(), props.source)}</span>
      <Show when={s().base > 0}>
        <span class="map-pcts">
          {t('map.sharesOf', {
            base: coverageBase(s(), props.source),
            assessed: percent(s().assessedPercent),
            supportive: percent(s().supportivePercent),
            cards: percent(s().cardsPercent),
          })}
        </span>
      </Show>
      <Show when={props.warnings !== false && s().warnings.length > 0}>
        <span class="map-warnings">
          <For each={s().warnings}>
            {(w) => (
              <span class="map-warning">
                <span aria-hidden="true">⚠ </span>
                {t(WARNING_TEXT[w])}
              </span>
            )}
          </For>
        </span>
      </Show>
    </div>
  );
}
