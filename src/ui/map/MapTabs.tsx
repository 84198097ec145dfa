import { For } from 'solid-js';
import { type MessageKey, t } from '../kit/i18n';
import { href } from '../shell/router';

/** The map's views, each its own address (#/map, #/map/gaps, …) so Back works as expected. */
export const MAP_VIEWS = ['chart', 'gaps', 'plan', 'setup', 'print'] as const;
export type MapView = (typeof MAP_VIEWS)[number];

const LABELS: Record<MapView, MessageKey> = {
  chart: 'map.tab.chart',
  gaps: 'map.tab.gaps',
  plan: 'map.tab.plan',
  setup: 'map.tab.setup',
  print: 'map.tab.print',
};

/** Reads the view from the route's first parameter; anything unknown is the chart. */
export function mapViewOf(param: string | undefined): MapView {
  return (MAP_VIEWS as readonly string[]).includes(param ?? '') ? (param as MapView) : 'chart';
}

export function MapTabs(props: { current: MapView }) {
  return (
    <nav class="map-tabs" aria-label={t('map.views')}>
      <ul>
        <For each={MAP_VIEWS}>
          {(v) => (
            <li>
              <a
                class="map-tab"
                href={href(v === 'chart' ? 'map' : `map/${v}`)}
                aria-current={props.current === v ? 'page' : undefined}
              >
                {t(LABELS[v])}
              </a>
            </li>
          )}
        </For>
      </ul>
    </nav>
  );
}
