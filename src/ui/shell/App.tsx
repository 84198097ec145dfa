import { createEffect, lazy, Match, Show, Suspense, Switch } from 'solid-js';
import { database, phase } from '../../app/app-state';
import type { HomeView } from '../../app/home-view';
import type { Session } from '../../app/session';
import { t } from '../kit/i18n';
import { deviceDismissal, InstallNotice } from './InstallNotice';
import { OtherTabNotice } from './StorageGuard';
import { Unlock } from './Unlock';

// The lock screen is the shell's; first run and the unlocked app load when needed (App.tsx stays
// small: see the bundle figure in docs/benchmarks.md).
const Setup = lazy(() => import('./Setup').then((m) => ({ default: m.Setup })));
const Unlocked = lazy(() => import('./Unlocked').then((m) => ({ default: m.Unlocked })));
// Home painted from the sealed home view while the campaign opens (fetched while the lock screen shows).
const HomePreview = lazy(() => import('../home/HomePreview').then((m) => ({ default: m.HomePreview })));

/** Root: first run, lock screen, or the unlocked shell. */
export function App() {
  createEffect(() => {
    if (phase().kind === 'locked') void HomePreview.preload();
  });
  return (
    <>
      <OtherTabNotice db={database()} />
      <Switch>
        <Match when={phase().kind === 'loading'}>
          <main class="gate" aria-busy="true">
            <h1>{t('app.name')}</h1>
          </main>
        </Match>
        <Match when={phase().kind === 'first-run'}>
          <InstallNotice dismissal={deviceDismissal()} />
          <Suspense>
            <Setup />
          </Suspense>
        </Match>
        <Match when={phase().kind === 'locked'}>
          <Unlock />
        </Match>
        <Match when={phase().kind === 'opening'}>
          <Suspense>
            <Show when={(phase() as { view?: HomeView }).view} keyed>
              {(view) => <HomePreview view={view} />}
            </Show>
          </Suspense>
        </Match>
        <Match when={phase().kind === 'error'}>
          <main class="gate">
            <h1>{t('app.name')}</h1>
            <p class="error" role="alert">
              {t('error.generic', { code: (phase() as { code?: string }).code ?? '' })}
            </p>
          </main>
        </Match>
        <Match when={phase().kind === 'unlocked'}>
          <Suspense>
            <Show when={(phase() as { session?: Session }).session} keyed>
              {(session) => <Unlocked session={session} />}
            </Show>
          </Suspense>
        </Match>
      </Switch>
    </>
  );
}
