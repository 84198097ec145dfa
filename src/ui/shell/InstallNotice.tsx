/**
 * iPhone and iPad rules for web apps, said once and plainly: a site that is not on the Home Screen
 * may have its storage erased after about a week without use, so the campaign could vanish. The
 * notice gives the steps to add Shopfloor to the Home Screen and says how a lost campaign comes
 * back (an invite: the server's mailbox or another member's phone).
 * Dismissal: install-dismissal.ts.
 */
import { Show } from 'solid-js';
import { currentPlatform, installNoticeDue, type PlatformInfo } from '../../pwa/platform';
import { t } from '../kit/i18n';
import type { Dismissal } from './install-dismissal';

export { deviceDismissal, settingsDismissal } from './install-dismissal';

/** The once-only "add to Home Screen" explanation, shown on iPhone/iPad in a browser tab. */
export function InstallNotice(props: { dismissal: Dismissal; platform?: PlatformInfo }) {
  const platform = props.platform ?? currentPlatform();
  // Read once: a prop written as a call (`dismissal={deviceDismissal()}`) is a getter that would
  // make a new dismissal, with its own signal, on every read.
  const dismissal = props.dismissal;
  return (
    <Show when={installNoticeDue(platform, dismissal.dismissed())}>
      <section class="banner warning install-notice stack" aria-labelledby="install-notice-title">
        <h2 id="install-notice-title">{t('ios.title')}</h2>
        <p>{t('ios.risk')}</p>
        <h3>{t('ios.stepsTitle')}</h3>
        <ol>
          <li>{t('ios.step1')}</li>
          <li>{t('ios.step2')}</li>
          <li>{t('ios.step3')}</li>
        </ol>
        <p>{t('ios.separate')}</p>
        <p>{t('ios.recover')}</p>
        <button type="button" class="secondary" onClick={() => void dismissal.dismiss()}>
          {t('ios.dismiss')}
        </button>
      </section>
    </Show>
  );
}

/**
 * Settings' storage card, iPhone/iPad only: whether the seven-day erasing applies here. Beside the
 * browser's own persistence answer, which on iOS does not tell the whole story.
 */
export function InstallStatus(props: { platform?: PlatformInfo }) {
  const platform = props.platform ?? currentPlatform();
  return (
    <Show when={platform.ios}>
      <p data-testid="install-status" data-installed={String(platform.installed)}>
        {platform.installed ? t('ios.settingsInstalled') : t('ios.settingsWarning')}
      </p>
    </Show>
  );
}
