import { createSignal, For, Show } from 'solid-js';
import { database, lock } from '../../app/app-state';
import { DEFAULT_GRACE_SECONDS, DEFAULT_IDLE_MINUTES } from '../../app/auto-lock';
import { type Session, settingsOf } from '../../app/session';
import { MIN_PASSPHRASE_LENGTH } from '../../app/strength';
import { restartAutoLock } from '../../app/unlocked';
import { changePassphrase, exportBackup, setDuressPassphrase } from '../../storage';
import { formatNumber, t } from '../kit/i18n';
import { PanicButton } from '../shell/PanicButton';

const IDLE_CHOICES = [1, 2, 5, 10, 30];
/** Seconds in the background before locking; shown in minutes like the idle choices. */
const GRACE_CHOICES = [0, 30, 60, 120, 300, 600];

/** One unit for every lock choice: "Immediately", "½ min", "2 min" (never "120 s"). */
function graceLabel(seconds: number): string {
  if (seconds === 0) return t('security.immediately');
  if (seconds === 30) return t('security.halfMinute');
  return t('security.minutes', { n: formatNumber(Math.round((seconds / 60) * 10) / 10) });
}

/** The choices, plus a value saved before the choices changed, so the select never shows blank. */
function withSaved(choices: number[], saved: number): number[] {
  return choices.includes(saved) ? choices : [...choices, saved].sort((a, b) => a - b);
}

function download(bytes: Uint8Array, name: string) {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: 'application/octet-stream' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Security: lock now and auto-lock, passphrase change, encrypted backup, duress passphrase, panic wipe. */
export function SecuritySettings(props: { session: Session }) {
  const settings = settingsOf(props.session);
  const [idle, setIdle] = createSignal(Number(settings.get('lockAfterMinutes') ?? DEFAULT_IDLE_MINUTES));
  const [grace, setGrace] = createSignal(Number(settings.get('lockGraceSeconds') ?? DEFAULT_GRACE_SECONDS));
  const [msg, setMsg] = createSignal<{ area: string; text: string; error?: boolean } | null>(null);
  const [busy, setBusy] = createSignal('');
  // Computed once: the options must not change under the open select.
  const idleChoices = withSaved(IDLE_CHOICES, idle());
  const graceChoices = withSaved(GRACE_CHOICES, grace());

  const saveLock = async () => {
    settings.set('lockAfterMinutes', idle());
    settings.set('lockGraceSeconds', grace());
    await props.session.personal.flush();
    restartAutoLock();
  };

  const change = async (e: SubmitEvent) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget as HTMLFormElement);
    const old = String(f.get('old') ?? '');
    const next = String(f.get('new') ?? '');
    if (next.length < MIN_PASSPHRASE_LENGTH)
      return setMsg({ area: 'pass', text: t('setup.tooShort'), error: true });
    if (next !== String(f.get('confirm') ?? ''))
      return setMsg({ area: 'pass', text: t('setup.mismatch'), error: true });
    setBusy('pass');
    try {
      await changePassphrase(database(), old, next);
      (e.currentTarget as HTMLFormElement).reset();
      setMsg({ area: 'pass', text: t('security.passChanged') });
    } catch (err) {
      const code = (err as { code?: string }).code;
      setMsg({
        area: 'pass',
        text: code === 'wrong-passphrase' ? t('unlock.wrong') : String(code ?? err),
        error: true,
      });
    } finally {
      setBusy('');
    }
  };

  const backup = async (e: SubmitEvent) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const f = new FormData(form);
    const pass = String(f.get('backupPass') ?? '');
    if (pass.length < MIN_PASSPHRASE_LENGTH)
      return setMsg({ area: 'backup', text: t('setup.tooShort'), error: true });
    setBusy('backup');
    try {
      const bytes = await exportBackup(props.session.vault, pass, {
        openStores: [props.session.personal, props.session.campaign],
      });
      settings.set('lastBackupAt', Date.now());
      await props.session.personal.flush();
      download(bytes, `shopfloor-backup-${new Date().toISOString().slice(0, 10)}.sfbackup`);
      form.reset();
      setMsg({ area: 'backup', text: t('security.backupDone') });
    } catch (err) {
      setMsg({ area: 'backup', text: String((err as { code?: string }).code ?? err), error: true });
    } finally {
      setBusy('');
    }
  };

  const duress = async (e: SubmitEvent) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const pass = String(new FormData(form).get('duress') ?? '');
    if (pass && pass.length < MIN_PASSPHRASE_LENGTH) {
      return setMsg({ area: 'duress', text: t('setup.tooShort'), error: true });
    }
    setBusy('duress');
    await setDuressPassphrase(database(), pass || null);
    form.reset();
    setBusy('');
    setMsg({ area: 'duress', text: pass ? t('security.duressSet') : t('security.duressCleared') });
  };

  const note = (area: string) => (
    <Show when={msg()?.area === area}>
      <p class={msg()?.error ? 'error' : 'ok'} role={msg()?.error ? 'alert' : 'status'}>
        {msg()?.text}
      </p>
    </Show>
  );

  return (
    <>
      <div class="card stack">
        <h2>{t('security.lockTitle')}</h2>
        <button type="button" class="secondary" onClick={() => void lock()}>
          {t('settings.lock')}
        </button>
        <label for="lock-idle">{t('security.lockIdle')}</label>
        <select
          id="lock-idle"
          value={idle()}
          onChange={(e) => {
            setIdle(Number(e.currentTarget.value));
            void saveLock();
          }}
        >
          <For each={idleChoices}>
            {(m) => <option value={m}>{t('security.minutes', { n: formatNumber(m) })}</option>}
          </For>
        </select>
        <label for="lock-grace">{t('security.lockGrace')}</label>
        <select
          id="lock-grace"
          value={grace()}
          onChange={(e) => {
            setGrace(Number(e.currentTarget.value));
            void saveLock();
          }}
        >
          <For each={graceChoices}>{(s) => <option value={s}>{graceLabel(s)}</option>}</For>
        </select>
      </div>

      <form class="card stack" onSubmit={change}>
        <h2>{t('security.changePass')}</h2>
        <label for="old-pass">{t('security.oldPass')}</label>
        <input id="old-pass" name="old" type="password" autocomplete="current-password" />
        <label for="new-pass">{t('security.newPass')}</label>
        <input id="new-pass" name="new" type="password" autocomplete="new-password" />
        <label for="new-pass2">{t('setup.confirm')}</label>
        <input id="new-pass2" name="confirm" type="password" autocomplete="new-password" />
        {note('pass')}
        <button type="submit" disabled={busy() === 'pass'}>
          {t('security.changePass')}
        </button>
      </form>

      <form class="card stack" onSubmit={backup}>
        <h2>{t('security.backupTitle')}</h2>
        <p class="help">{t('security.backupHelp')}</p>
        <label for="backup-pass">{t('security.backupPass')}</label>
        <input id="backup-pass" name="backupPass" type="password" autocomplete="new-password" />
        {note('backup')}
        <button type="submit" disabled={busy() === 'backup'}>
          {t('security.backupExport')}
        </button>
      </form>

      <form class="card stack" onSubmit={duress}>
        <h2>{t('security.duressTitle')}</h2>
        <p class="help">{t('security.duressHelp')}</p>
        <label for="duress-pass">{t('security.duressPass')}</label>
        <input id="duress-pass" name="duress" type="password" autocomplete="off" />
        {note('duress')}
        <button type="submit" disabled={busy() === 'duress'}>
          {t('security.duressSave')}
        </button>
      </form>

      <div class="card stack">
        <h2>{t('panic.title')}</h2>
        <p class="help">{t('panic.help')}</p>
        <PanicButton />
      </div>
    </>
  );
}
