import { Show } from 'solid-js';
import type { CoverageBadge as Badge } from '../../domain';
import { lang, t } from '../kit/i18n';
import { WARNING_TEXT } from './map-format';

/** The badge in words: "No leader or committee member", "No leader on Nights", or covered. */
export function badgeText(badge: Badge): string {
  const list = new Intl.ListFormat(lang(), { type: 'conjunction' });
  const parts: string[] = [];
  if (badge.missing.length === 2) parts.push(t('map.badge.none'));
  else for (const w of badge.missing) parts.push(t(WARNING_TEXT[w]));
  for (const m of badge.missingOn) {
    const shifts = list.format(m.shifts.map((s) => s?.name ?? t('map.noShift')));
    parts.push(t('map.badge.on', { warning: t(WARNING_TEXT[m.warning]), shifts }));
  }
  return parts.length === 0 ? t('map.badge.ok') : parts.join(' · ');
}

/**
 * One coverage badge per map row, instead of "No leader / No committee member" in every cell:
 * a warning listing what is missing (and on which shifts), or a quiet tick when every shift with
 * people has a leader and a committee member. Nothing for a unit nobody is known or estimated in.
 */
export function CoverageBadge(props: { badge: Badge }) {
  return (
    <Show when={props.badge.kind !== 'empty'}>
      <span class="map-badge" classList={{ ok: props.badge.kind === 'ok' }} data-testid="coverage-badge">
        <span aria-hidden="true">{props.badge.kind === 'ok' ? '✓ ' : '⚠ '}</span>
        <span class="visually-hidden">{`${t('map.badge.label')}: `}</span>
        {badgeText(props.badge)}
      </span>
    </Show>
  );
}
