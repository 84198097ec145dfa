import { type Accessor, For, Show } from 'solid-js';
import type { Session } from '../../app/session';
import { createDueCount } from '../home/due-count';
import { formatNumber, type MessageKey, t } from '../kit/i18n';
import { href, route } from './router';

const ITEMS: { name: string; label: MessageKey; icon: string }[] = [
  { name: 'home', label: 'nav.home', icon: 'M3 11l9-7 9 7v9a1 1 0 0 1-1 1h-5v-6H9v6H4a1 1 0 0 1-1-1z' },
  {
    name: 'people',
    label: 'nav.people',
    icon: 'M9 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8zm-7 10c0-4 3-6 7-6s7 2 7 6M17 11a3 3 0 1 0 0-6M22 21c0-3-2-5-4-5.5',
  },
  { name: 'map', label: 'nav.map', icon: 'M3 3h7v7H3zM14 3h7v7h-7zM3 14h7v7H3zM14 14h7v7h-7z' },
  { name: 'surveys', label: 'nav.surveys', icon: 'M9 4h6v3H9zM6 6H5v15h14V6h-1M8 12h8M8 16h5' },
  {
    name: 'sharing',
    label: 'nav.sharing',
    icon: 'M18 8a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM6 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6zm12 7a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM8.6 13.5l6.8 4M15.4 6.5l-6.8 4',
  },
];

/**
 * The bottom navigation: large targets within thumb reach; the current page is marked for screen
 * readers. Home carries the due badge: follow-ups due today or overdue (home lists them, with
 * Next up). With no session (tests, shells) there is no badge.
 */
export function BottomNav(props: { session?: Session }) {
  const due: Accessor<number> = props.session ? createDueCount(props.session.campaign.doc) : () => 0;
  return (
    <nav class="bottom-nav" aria-label={t('nav.main')}>
      <ul>
        <For each={ITEMS}>
          {(item) => (
            <li>
              <a href={href(item.name)} aria-current={route().name === item.name ? 'page' : undefined}>
                <span class="nav-icon">
                  <svg viewBox="0 0 24 24" aria-hidden="true">
                    <path d={item.icon} />
                  </svg>
                  <Show when={item.name === 'home' && due() > 0}>
                    <span class="due-badge" data-testid="nav-due" aria-hidden="true">
                      {due() > 99 ? '99+' : formatNumber(due())}
                    </span>
                  </Show>
                </span>
                <span>{t(item.label)}</span>
                <Show when={item.name === 'home' && due() > 0}>
                  <span class="visually-hidden">, {t('calendar.badge', { n: due() })}</span>
                </Show>
              </a>
            </li>
          )}
        </For>
      </ul>
    </nav>
  );
}
