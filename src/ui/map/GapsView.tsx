import { createSignal, For, Index, Show } from 'solid-js';
import { type Gap, PATH_SEPARATOR } from '../../domain';
import { formatNumber, t } from '../kit/i18n';
import { href } from '../shell/router';
import { percent } from './map-format';
import { StatsSummary } from './StatsSummary';
import { PersonLink } from './UnitPeople';

const PAGE = 20;

/**
 * The gaps: every place where people work, least covered first (see `coverageOf`): units with
 * an estimate where nobody is known yet, then cells with no committee member or no leader, then
 * the lowest shares assessed and supportive. Each entry can unfold its people.
 */
export function GapsView(props: { gaps: readonly Gap[]; unplaced: number }) {
  const [limit, setLimit] = createSignal(PAGE);
  const [open, setOpen] = createSignal<number | null>(null);
  const place = (g: Gap) =>
    g.kind === 'unit'
      ? (g.unit?.path ?? '')
      : `${g.unit?.path ?? t('map.notPlaced')}${PATH_SEPARATOR}${g.shift?.name ?? t('map.noShift')}`;
  return (
    <section aria-labelledby="map-gaps-title">
      <h2 id="map-gaps-title">{t('map.gaps.title')}</h2>
      <p class="help">{t('map.gaps.help')}</p>
      <Show when={props.unplaced > 0}>
        <p class="warning map-gaps-unplaced">
          {props.unplaced === 1
            ? t('map.gaps.unplacedOne')
            : t('map.gaps.unplaced', { n: formatNumber(props.unplaced) })}{' '}
          <a href={href('map')}>{t('map.gaps.placeThem')}</a>
        </p>
      </Show>
      <Show when={props.gaps.length > 0} fallback={<p>{t('map.gaps.none')}</p>}>
        <ol class="map-gaps" data-testid="map-gaps">
          <Index each={props.gaps.slice(0, limit())}>
            {(gap, i) => (
              <li class="card map-gap">
                <div class="map-gap-head">
                  <span class="map-gap-rank" aria-hidden="true">
                    {i + 1}
                  </span>
                  <span class="map-gap-place">{place(gap())}</span>
                  <span class="map-gap-score">
                    {t('map.gaps.coverage', { pct: percent(gap().coverage * 100) })}
                  </span>
                </div>
                <Show when={gap().kind === 'unit'}>
                  <p class="map-gap-note">
                    {t('map.gaps.nobody', { estimate: formatNumber(gap().stats.estimate ?? 0) })}
                  </p>
                </Show>
                <StatsSummary stats={gap().stats} />
                <Show when={gap().kind === 'cell'}>
                  <button
                    type="button"
                    class="link-button"
                    aria-expanded={open() === i}
                    onClick={() => setOpen(open() === i ? null : i)}
                  >
                    {open() === i ? t('map.gaps.hidePeople') : t('map.gaps.showPeople')}
                  </button>
                  <Show when={open() === i}>
                    <GapPeople gap={gap()} />
                  </Show>
                </Show>
              </li>
            )}
          </Index>
        </ol>
        <Show when={props.gaps.length > limit()}>
          <button type="button" onClick={() => setLimit(limit() + PAGE)}>
            {t('map.gaps.more', { n: formatNumber(props.gaps.length - limit()) })}
          </button>
        </Show>
      </Show>
    </section>
  );
}

/** The people of one gap cell (at most the first 100, each a link to their page). */
function GapPeople(props: { gap: Gap }) {
  return (
    <ul class="list compact map-gap-people">
      <For each={props.gap.people.slice(0, 100)}>{(p) => <PersonLink person={p} />}</For>
    </ul>
  );
}
