/**
 * The unlocked app: top bar (with the safety menu: lock and panic wipe from every screen), banners,
 * the screens and the bottom navigation. Loaded after the
 * passphrase is accepted (App.tsx loads it lazily), with the home screen; the other screens load
 * on first visit and are fetched in the background right after unlock, so a tap never waits on
 * the network (and offline they come from the service worker's precache).
 */
import { lazy, Match, onCleanup, onMount, Suspense, Switch } from 'solid-js';
import { type Session, settingsOf } from '../../app/session';
import { Home } from '../home/Home';
import { type LangChoice, setLangChoice, t } from '../kit/i18n';
import { BackupReminder } from './BackupReminder';
import { BottomNav } from './BottomNav';
import { InstallNotice, settingsDismissal } from './InstallNotice';
import { OfflineNote } from './OfflineNote';
import { route } from './router';
import { SafetyMenu } from './SafetyMenu';
import { StatusBanner } from './StatusBanner';
import { PendingWrites } from './StorageGuard';

const screens = {
  people: () => import('../people/People').then((m) => ({ default: m.People })),
  person: () => import('../people/PersonPage').then((m) => ({ default: m.PersonPage })),
  log: () => import('../people/LogConversation').then((m) => ({ default: m.LogConversation })),
  followUps: () => import('../home/FollowUps').then((m) => ({ default: m.FollowUps })),
  map: () => import('../map/MapScreen').then((m) => ({ default: m.MapScreen })),
  surveys: () => import('../surveys/Surveys').then((m) => ({ default: m.Surveys })),
  sharing: () => import('../sharing/Sharing').then((m) => ({ default: m.Sharing })),
  settings: () => import('../settings/Settings').then((m) => ({ default: m.Settings })),
};
const People = lazy(screens.people);
const PersonPage = lazy(screens.person);
const LogConversation = lazy(screens.log);
const FollowUps = lazy(screens.followUps);
const MapScreen = lazy(screens.map);
const Surveys = lazy(screens.surveys);
const Sharing = lazy(screens.sharing);
const Settings = lazy(screens.settings);
const Join = lazy(() => import('../sharing/Join').then((m) => ({ default: m.Join })));
const ImportExport = lazy(() => import('../roster/ImportExport').then((m) => ({ default: m.ImportExport })));
const MemberActivity = lazy(() =>
  import('../sharing/MemberActivity').then((m) => ({ default: m.MemberActivity })),
);
const Snapshots = lazy(() => import('../settings/Snapshots').then((m) => ({ default: m.Snapshots })));
const PrintRoster = lazy(() => import('../roster/PrintRoster').then((m) => ({ default: m.PrintRoster })));

/** Fetches the everyday screens one after another while the phone is idle. */
function prefetchScreens(): void {
  const idle = globalThis.requestIdleCallback ?? ((fn: () => void) => setTimeout(fn, 300));
  const queue = [
    screens.people,
    screens.log,
    screens.person,
    screens.followUps,
    screens.map,
    screens.surveys,
  ];
  const next = () => {
    const load = queue.shift();
    if (load) idle(() => void load().then(next, next));
  };
  next();
}

/** The top bar: the app's name (home), the safety menu and settings. */
function TopBar() {
  return (
    <header class="topbar">
      <a class="brand" href="#/home">
        {t('app.name')}
      </a>
      <div class="topbar-actions">
        <SafetyMenu />
        <a class="icon-button" href="#/settings">
          <span class="visually-hidden">{t('nav.settings')}</span>
          <svg viewBox="0 0 24 24" aria-hidden="true">
            <path d="M12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM19.4 15a1.7 1.7 0 0 0 .3 1.8l.1.1a2 2 0 1 1-2.8 2.8l-.1-.1a1.7 1.7 0 0 0-1.8-.3 1.7 1.7 0 0 0-1 1.5V21a2 2 0 1 1-4 0v-.1a1.7 1.7 0 0 0-1.1-1.5 1.7 1.7 0 0 0-1.8.3l-.1.1a2 2 0 1 1-2.8-2.8l.1-.1a1.7 1.7 0 0 0 .3-1.8 1.7 1.7 0 0 0-1.5-1H3a2 2 0 1 1 0-4h.1a1.7 1.7 0 0 0 1.5-1.1 1.7 1.7 0 0 0-.3-1.8l-.1-.1a2 2 0 1 1 2.8-2.8l.1.1a1.7 1.7 0 0 0 1.8.3H9a1.7 1.7 0 0 0 1-1.5V3a2 2 0 1 1 4 0v.1a1.7 1.7 0 0 0 1 1.5 1.7 1.7 0 0 0 1.8-.3l.1-.1a2 2 0 1 1 2.8 2.8l-.1.1a1.7 1.7 0 0 0-.3 1.8V9a1.7 1.7 0 0 0 1.5 1H21a2 2 0 1 1 0 4h-.1a1.7 1.7 0 0 0-1.5 1z" />
          </svg>
        </a>
      </div>
    </header>
  );
}

/** The screen the route names (home when it names none). */
function Screens(props: { session: Session }) {
  return (
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
        <Match when={route().name === 'sharing'}>
          <Sharing session={props.session} />
        </Match>
        <Match when={route().name === 'join'}>
          <Join session={props.session} payload={route().params[0] ?? ''} />
        </Match>
        <Match when={route().name === 'settings'}>
          <Settings session={props.session} />
        </Match>
        <Match when={route().name === 'activity' && route().params[0]} keyed>
          {(id) => <MemberActivity session={props.session} deviceId={id} />}
        </Match>
        <Match when={route().name === 'snapshots'}>
          <Snapshots session={props.session} />
        </Match>
        <Match when={route().name === 'roster' && route().params[0] === 'print'}>
          <PrintRoster session={props.session} />
        </Match>
        <Match when={route().name === 'roster'}>
          <ImportExport session={props.session} />
        </Match>
      </Switch>
    </Suspense>
  );
}

export function Unlocked(props: { session: Session }) {
  onMount(prefetchScreens);
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
    void import('../../app/surveys-collector').then((m) =>
      m.ensureCollectors(props.session.campaign, props.session.deviceId),
    );
  collect();
  surveys.observe(collect);
  onCleanup(() => surveys.unobserve(collect));

  return (
    <div class="shell">
      <TopBar />
      <OfflineNote />
      <StatusBanner stores={[props.session.campaign, props.session.personal]} />
      <PendingWrites db={props.session.vault.db} stores={[props.session.campaign, props.session.personal]} />
      <BackupReminder session={props.session} />
      <InstallNotice dismissal={settingsDismissal(settings, () => props.session.personal.flush())} />
      <main id="main" class="content">
        <Screens session={props.session} />
      </main>
      <BottomNav session={props.session} />
    </div>
  );
}
