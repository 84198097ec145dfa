import { createSignal, onCleanup, Show } from 'solid-js';
import { type Session, settingsOf } from '../../app/session';
import { t } from '../kit/i18n';

export const BACKUP_REMINDER_DAYS = 30;
const DAY = 24 * 60 * 60 * 1000;

/** True when a reminder is due: no backup (or no backup since the device was set up) for 30 days. */
export function backupDue(lastBackupAt: unknown, setupAt: unknown, now: number): boolean {
  const since = typeof lastBackupAt === 'number' ? lastBackupAt : typeof setupAt === 'number' ? setupAt : now;
  return now - since > BACKUP_REMINDER_DAYS * DAY;
}

/** Reminds the user to make an encrypted backup when none was made for 30 days. */
export function BackupReminder(props: { session: Session }) {
  const settings = settingsOf(props.session);
  const compute = () => backupDue(settings.get('lastBackupAt'), settings.get('setupAt'), Date.now());
  const [due, setDue] = createSignal(compute());
  const update = () => setDue(compute());
  settings.observe(update);
  onCleanup(() => settings.unobserve(update));
  return (
    <Show when={due()}>
      <p class="banner warning" role="status">
        {t('security.backupReminder')} <a href="#/settings">{t('security.backupNow')}</a>
      </p>
    </Show>
  );
}
