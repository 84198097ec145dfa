import { createSignal, For, type JSX, Show } from 'solid-js';
import { lock } from '../../app/app-state';
import { exportBackupFile } from '../../app/backup';
import { changeVaultPassphrase, saveAutoLock, savedAutoLock, setDuress } from '../../app/security';
import type { Session } from '../../app/session';
import { MIN_PASSPHRASE_LENGTH } from '../../app/strength';
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

type Area = 'pass' | 'backup' | 'duress';

/** The one message the security forms show (under the form it is about), and which form is busy. */
function createNotes() {
  const [msg, setMsg] = createSignal<{ area: Area; text: string; error?: boolean } | null>(null);
  const [busy, setBusy] = createSignal<Area | ''>('');
  return {
    busy,
    setBusy,
    say: (area: Area, text: string, error?: boolean) => {
      setMsg(error ? { area, text, error } : { area, text });
    },
    note: (area: Area): JSX.Element => (
      <Show when={msg()?.area === area}>
        <p class={msg()?.error ? 'error' : 'ok'} role={msg()?.error ? 'alert' : 'status'}>
          {msg()?.text}
        </p>
      </Show>
    ),
  };
}
type Notes = ReturnType<typeof createNotes>;

/** Lock now, and when to lock by itself (idle minutes, seconds in the background). */
function LockCard(props: { session: Session }) {
  const saved = savedAutoLock(props.session);
  const [idle, setIdle] = createSignal(saved.idleMinutes);
  const [grace, setGrace] = createSignal(saved.graceSeconds);
  // Computed once: the options must not change under the open select.
  const idleChoices = withSaved(IDLE_CHOICES, idle());
  const graceChoices = withSaved(GRACE_CHOICES, grace());
  const save = () => void saveAutoLock(props.session, { idleMinutes: idle(), graceSeconds: grace() });

  return (
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
          save();
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
          save();
        }}
      >
        <For each={graceChoices}>{(s) => <option value={s}>{graceLabel(s)}</option>}</For>
      </select>
    </div>
  );
}

function PassphraseForm(props: { notes: Notes }) {
  const { say, setBusy } = props.notes;
  const change = async (e: SubmitEvent) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget as HTMLFormElement);
    const old = String(f.get('old') ?? '');
    const next = String(f.get('new') ?? '');
    if (next.length < MIN_PASSPHRASE_LENGTH) return say('pass', t('setup.tooShort'), true);
    if (next !== String(f.get('confirm') ?? '')) return say('pass', t('setup.mismatch'), true);
    setBusy('pass');
    try {
      await changeVaultPassphrase(old, next);
      (e.currentTarget as HTMLFormElement).reset();
      say('pass', t('security.passChanged'));
    } catch (err) {
      const code = (err as { code?: string }).code;
      say('pass', code === 'wrong-passphrase' ? t('unlock.wrong') : String(code ?? err), true);
    } finally {
      setBusy('');
    }
  };

  return (
    <form class="card stack" onSubmit={change}>
      <h2>{t('security.changePass')}</h2>
      <label for="old-pass">{t('security.oldPass')}</label>
      <input id="old-pass" name="old" type="password" autocomplete="current-password" />
      <label for="new-pass">{t('security.newPass')}</label>
      <input id="new-pass" name="new" type="password" autocomplete="new-password" />
      <label for="new-pass2">{t('setup.confirm')}</label>
      <input id="new-pass2" name="confirm" type="password" autocomplete="new-password" />
      {props.notes.note('pass')}
      <button type="submit" disabled={props.notes.busy() === 'pass'}>
        {t('security.changePass')}
      </button>
    </form>
  );
}

function BackupForm(props: { session: Session; notes: Notes }) {
  const { say, setBusy } = props.notes;
  const backup = async (e: SubmitEvent) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const pass = String(new FormData(form).get('backupPass') ?? '');
    if (pass.length < MIN_PASSPHRASE_LENGTH) return say('backup', t('setup.tooShort'), true);
    setBusy('backup');
    try {
      const bytes = await exportBackupFile(props.session, pass);
      download(bytes, `shopfloor-backup-${new Date().toISOString().slice(0, 10)}.sfbackup`);
      form.reset();
      say('backup', t('security.backupDone'));
    } catch (err) {
      say('backup', String((err as { code?: string }).code ?? err), true);
    } finally {
      setBusy('');
    }
  };

  return (
    <form class="card stack" onSubmit={backup}>
      <h2>{t('security.backupTitle')}</h2>
      <p class="help">{t('security.backupHelp')}</p>
      <label for="backup-pass">{t('security.backupPass')}</label>
      <input id="backup-pass" name="backupPass" type="password" autocomplete="new-password" />
      {props.notes.note('backup')}
      <button type="submit" disabled={props.notes.busy() === 'backup'}>
        {t('security.backupExport')}
      </button>
    </form>
  );
}

function DuressForm(props: { notes: Notes }) {
  const { say, setBusy } = props.notes;
  const duress = async (e: SubmitEvent) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const pass = String(new FormData(form).get('duress') ?? '');
    if (pass && pass.length < MIN_PASSPHRASE_LENGTH) return say('duress', t('setup.tooShort'), true);
    setBusy('duress');
    await setDuress(pass || null);
    form.reset();
    setBusy('');
    say('duress', pass ? t('security.duressSet') : t('security.duressCleared'));
  };

  return (
    <form class="card stack" onSubmit={duress}>
      <h2>{t('security.duressTitle')}</h2>
      <p class="help">{t('security.duressHelp')}</p>
      <label for="duress-pass">{t('security.duressPass')}</label>
      <input id="duress-pass" name="duress" type="password" autocomplete="off" />
      {props.notes.note('duress')}
      <button type="submit" disabled={props.notes.busy() === 'duress'}>
        {t('security.duressSave')}
      </button>
    </form>
  );
}

/** Security: lock now and auto-lock, passphrase change, encrypted backup, duress passphrase, panic wipe. */
export function SecuritySettings(props: { session: Session }) {
  const notes = createNotes();
  return (
    <>
      <LockCard session={props.session} />
      <PassphraseForm notes={notes} />
      <BackupForm session={props.session} notes={notes} />
      <DuressForm notes={notes} />
      <div class="card stack">
        <h2>{t('panic.title')}</h2>
        <p class="help">{t('panic.help')}</p>
        <PanicButton />
      </div>
    </>
  );
}
