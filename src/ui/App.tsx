import { lazy, Match, onCleanup, Show, Suspense, Switch } from 'solid-js';
import { BackupReminder } from './components/BackupReminder';
import { BottomNav } from './components/BottomNav';
import { OfflineNote } from './components/OfflineNote';
import { StatusBanner } from './components/StatusBanner';
import { OtherTabNotice, PendingWrites } from './components/StorageGuard';
import { type LangChoice, setLangChoice, t } from './i18n';
import { route } from './router';
import { FollowUps } from './screens/FollowUps';
import { Home } from './screens/Home';
import { LogConversation } from './screens/LogConversation';
import { People } from './screens/People';
import { PersonPage } from './screens/PersonPage';
import { Setup } from './screens/Setup';
import { Unlock } from './screens/Unlock';
import { database, phase } from './state/app-state';
import { type Session, settingsOf } from './state/session';

const Settings = lazy(() => import('./screens/Settings').then((m) => ({ default: m.Settings })));
const MapScreen = lazy(() => import('./screens/MapScreen').then((m) => ({ default: m.MapScreen })));
const Surveys = lazy(() => import('./screens/Surveys').then((m) => ({ default: m.Surveys })));
const Join = lazy(() => import('./screens/Join').then((m) => ({ default: m.Join })));
const Sharing = lazy(() => import('./screens/Sharing').then((m) => ({ default: m.Sharing })));
const ImportExport = lazy(() => import('./screens/ImportExport').then((m) => ({ default: m.ImportExport })));
const MemberActivity = lazy(() =>
  import('./screens/MemberActivity').then((m) => ({ default: m.MemberActivity })),
);
const Snapshots = lazy(() => import('./screens/Snapshots').then((m) => ({ default: m.Snapshots })));
const PrintRoster = lazy(() => import('./screens/PrintRoster').then((m) => ({ default: m.PrintRoster })));

function Unlocked(props: { session: Session }) {
  const settings = settingsOf(props.session);
  const applyLang = () => {
    const saved = settings.get('lang');
    setLangChoice(saved === 'en' || saved === 'es' ? (saved as LangChoice) : 'auto');
  };
  applyLang();
  settings.observe(applyLang);
  onCleanup(() => settings.unobserve(applyLang));

  // Collect survey answers from unlock on (not only once the Surveys screen was opened); the
  // collector and its transport load lazily. Collectors stop when the campaign doc is destroyed.
  const surveys = props.session.campaign.doc.getMap('surveys');
  const collect = () =>
    void import('./components/surveys/collector').then((m) =>
      m.ensureCollectors(props.session.campaign, props.session.deviceId),
    );
  collect();
  surveys.observe(collect);
  onCleanup(() => surveys.unobserve(collect));

  return (
    <div class="shell">
      <header class="topbar">
        <a class="brand" href="#/home">
          {t('app.name')}
        </a>
        <a class="icon-button" href="#/settings">
          <span class="visually-hidden">{t('nav.settings')}</span>
          <svg viewBox="0 0 24 24" aria-hidden="true">
            <path d="M12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM19.4 15a1.7 1.7 0 0 0 .3 1.8l.1.1a2 2 0 1 1-2.8 2.8l-.1-.1a1.7 1.7 0 0 0-1.8-.3 1.7 1.7 0 0 0-1 1.5V21a2 2 0 1 1-4 0v-.1a1.7 1.7 0 0 0-1.1-1.5 1.7 1.7 0 0 0-1.8.3l-.1.1a2 2 0 1 1-2.8-2.8l.1-.1a1.7 1.7 0 0 0 .3-1.8 1.7 1.7 0 0 0-1.5-1H3a2 2 0 1 1 0-4h.1a1.7 1.7 0 0 0 1.5-1.1 1.7 1.7 0 0 0-.3-1.8l-.1-.1a2 2 0 1 1 2.8-2.8l.1.1a1.7 1.7 0 0 0 1.8.3H9a1.7 1.7 0 0 0 1-1.5V3a2 2 0 1 1 4 0v.1a1.7 1.7 0 0 0 1 1.5 1.7 1.7 0 0 0 1.8-.3l.1-.1a2 2 0 1 1 2.8 2.8l-.1.1a1.7 1.7 0 0 0-.3 1.8V9a1.7 1.7 0 0 0 1.5 1H21a2 2 0 1 1 0 4h-.1a1.7 1.7 0 0 0-1.5 1z" />
          </svg>
        </a>
      </header>
      <OfflineNote />
      <StatusBanner stores={[props.session.campaign, props.session.personal]} />
      <PendingWrites db={props.session.vault.db} stores={[props.session.campaign, props.session.personal]} />
      <BackupReminder session={props.session} />
      <main id="main" class="content">
        <Suspense>
          <Switch fallback={<Home session={props.session} />}>
            <Match when={route().name === 'people' && route().params[0]}>
              {(id) => <PersonPage session={props.session} personId={id()} />}
            </Match>
            <Match when={route().name === 'people'}>
              <People session={props.session} />
            </Match>
            <Match when={route().name === 'log' && route()} keyed>
              {(r) => <LogConversation session={props.session} personId={r.params[0]} />}
            </Match>
            <Match when={route().name === 'followups'}>
              <FollowUps session={props.session} />
            </Match>
            <Match when={route().name === 'map'}>
              <MapScreen session={props.session} />
            </Match>
            <Match when={route().name === 'surveys'}>
              <Surveys session={props.session} />
            </Match>
            <Match when={route().name === 'activity' && route().params[0]} keyed>
              {(id) => <MemberActivity session={props.session} deviceId={id} />}
            </Match>
            <Match when={route().name === 'snapshots'}>
              <Snapshots session={props.session} />
            </Match>
            <Match when={route().name === 'sharing'}>
              <Sharing session={props.session} />
            </Match>
            <Match when={route().name === 'join'}>
              <Join session={props.session} payload={route().params[0] ?? ''} />
            </Match>
            <Match when={route().name === 'settings'}>
              <Settings session={props.session} />
            </Match>
            <Match when={route().name === 'roster' && route().params[0] === 'print'}>
              <PrintRoster session={props.session} />
            </Match>
            <Match when={route().name === 'roster'}>
              <ImportExport session={props.session} />
            </Match>
          </Switch>
        </Suspense>
      </main>
      <BottomNav />
    </div>
  );
}

/** Root: first run, lock screen, or the unlocked shell. */
export function App() {
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
          <Setup />
        </Match>
        <Match when={phase().kind === 'locked'}>
          <Unlock />
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
          <Show when={(phase() as { session?: Session }).session} keyed>
            {(session) => <Unlocked session={session} />}
          </Show>
        </Match>
      </Switch>
    </>
  );
}
