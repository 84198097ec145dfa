import { createResource, createSignal, For, Show } from 'solid-js';
import { type Session, settingsOf } from '../../app/session';
import { type PersistenceState, requestPersistence, storageEstimate } from '../../storage';
import { LANGS, type LangChoice, langChoice, setLangChoice, t } from '../kit/i18n';
import { InstallStatus } from '../shell/InstallNotice';
import { SecuritySettings } from './SecuritySettings';

const LANG_NAMES: Record<string, string> = { en: 'English', es: 'Español' };

function formatBytes(n: number): string {
  if (n < 1024 * 1024) return `${Math.round(n / 1024)} KB`;
  if (n < 1024 * 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `${(n / 1024 / 1024 / 1024).toFixed(1)} GB`;
}

/**
 * Settings: language, import/export, locking and the other safety settings, then this device's
 * name and storage. (Lock and panic wipe are also in the top bar's safety menu on every screen;
 * the sync servers are on the Sharing screen, behind "Advanced".)
 */
export function Settings(props: { session: Session }) {
  const settings = settingsOf(props.session);
  const [persist] = createResource<PersistenceState>(requestPersistence);
  const [estimate] = createResource(storageEstimate);
  const [deviceName, setDeviceName] = createSignal(String(settings.get('deviceName') ?? ''));

  const chooseLang = (value: LangChoice) => {
    setLangChoice(value);
    settings.set('lang', value);
  };

  return (
    <section class="screen">
      <h1>{t('settings.title')}</h1>

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

      <a class="button" href="#/roster">
        {t('roster.link')}
      </a>

      <SecuritySettings session={props.session} />

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
          {(e) => (
            <p>{t('settings.usage', { used: formatBytes(e().usage), quota: formatBytes(e().quota) })}</p>
          )}
        </Show>
      </div>
    </section>
  );
}
