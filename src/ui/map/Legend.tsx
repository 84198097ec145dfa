import { For } from 'solid-js';
import { ASSESSMENTS } from '../../domain';
import { t } from '../kit/i18n';
import { assessmentName } from '../people/format';

/** What the colours, numbers and marks mean. */
export function Legend() {
  return (
    <p class="map-legend">
      <For each={[...ASSESSMENTS, null]}>
        {(a) => (
          <span class="map-legend-item">
            <span class="map-chip-a" data-a={a ?? 0} aria-hidden="true">
              {a ?? '–'}
            </span>
            {assessmentName(a)}
          </span>
        )}
      </For>
      <span class="map-legend-item">
        <span aria-hidden="true">◆</span> {t('map.mark.committee')}
      </span>
      <span class="map-legend-item">
        <span aria-hidden="true">★</span> {t('map.mark.leader')}
      </span>
      <span class="map-legend-item">
        <span aria-hidden="true">✓</span> {t('map.mark.card')}
      </span>
    </p>
  );
}
