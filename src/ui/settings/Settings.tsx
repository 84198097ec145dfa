import { createResource, createSignal, For, Show } from 'solid-js';
import { type PersistenceState, requestPersistence, storageEstimate } from '../../app/security';
import { type Session, settingsOf } from '../../app/session';
import { LANGS, type LangChoice, langChoice, setLangChoice, t } from '../kit/i18n';
import { InstallStatus } from '../shell/InstallNotice';
import { SecuritySettings } from './SecuritySettings';

const LANG_NAMES: Record<string, string> = { en: 'English', es: 'Español' };

function formatBytes(n: number): string {
  if (n < 1024 * 1024) return `${Math.round(n / 1024)} KB`;
  if (n < 1024 * 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `${(n / 1024 / 1024 / 1024).toFixed(1)} GB`;
}

/** The interface language: the browser's, or one chosen. */
function LanguageCard(props: { session: Session }) {
  const chooseLang = (value: LangChoice) => {
    setLangChoice(value);
    settingsOf(props.session).set('lang', value);
  };
  return (
    <fieldset class="card">
      <legend>{t('settings.language')}</legend>
      <label class="radio">
        <input
          type="radio"
          name="lang"
          value="auto"
          checked={langChoice() === 'auto'}
          onChange={() => chooseLang('auto')}
        />
        {t('settings.languageAuto')}
      </label>
      <For each={LANGS}>
        {(code) => (
          <label class="radio" lang={code}>
            <input
              type="radio"
              name="lang"
              value={code}
              checked={langChoice() === code}
              onChange={() => chooseLang(code)}
            />
            {LANG_NAMES[code]}
          </label>
        )}
      </For>
    </fieldset>
  );
}

/** This device's name, as other members see it. */
function DeviceNameCard(props: { session: Session }) {
  const settings = settingsOf(props.session);
  const [deviceName, setDeviceName] = createSignal(String(settings.get('deviceName') ?? ''));
  return (
    <div class="card stack">
      <label for="device-name">{t('settings.device')}</label>
      <input
        id="device-name"
        type="text"
        maxlength="60"
        autocomplete="off"
        aria-describedby="device-help"
        value={deviceName()}
        onInput={(e) => setDeviceName(e.currentTarget.value)}
        onChange={(e) => settings.set('deviceName', e.currentTarget.value.trim().slice(0, 60))}
      />
      <p id="device-help" class="help">
        {t('settings.deviceHelp')}
      </p>
    </div>
  );
}

/** Whether the browser keeps this device's data, whether the app is installed, and the space used. */
function StorageCard() {
  const [persist] = createResource<PersistenceState>(requestPersistence);
  const [estimate] = createResource(storageEstimate);
  return (
    <div class="card stack">
      <h2>{t('settings.storage')}</h2>
      <p data-testid="persistence" data-state={persist() ?? 'unknown'}>
        <Show when={persist()}>
          {(state) =>
            state() === 'persisted'
              ? t('settings.persisted')
              : state() === 'not-persisted'
                ? t('settings.notPersisted')
                : t('settings.persistUnsupported')
          }
        </Show>
      </p>
      <InstallStatus />
      <Show when={estimate()}>
        {(e) => <p>{t('settings.usage', { used: formatBytes(e().usage), quota: formatBytes(e().quota) })}</p>}
      </Show>
    </div>
  );
}

/**
 * Settings: language, import/export, locking and the other safety settings, then this device's
 * name and storage. (Lock and panic wipe are also in the top bar's safety menu on every screen;
 * the sync servers are on the Sharing screen, behind "Advanced".)
 */
export function Settings(props: { session: Session }) {
  return (
    <section class="screen">
      <h1>{t('settings.title')}</h1>
      <LanguageCard session={props.session} />
      <a class="button" href="#/roster">
        {t('roster.link')}
      </a>
      <SecuritySettings session={props.session} />
      <DeviceNameCard session={props.session} />
      <StorageCard />
    </section>
  );
}
