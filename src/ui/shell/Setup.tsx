import { createSignal, Match, Show, Switch } from 'solid-js';
import { dataLost } from '../../app/app-state';
// The session code (Yjs, sync) loads when a step is submitted, so the first screen a new user
// sees does not wait for it (it is prefetched while they type).
import { loadUnlocked } from '../../app/load-unlocked';
import { MIN_PASSPHRASE_LENGTH, passphraseStrength } from '../../app/strength';
import { parseInvite } from '../../sync/members/invite';
import { t } from '../kit/i18n';
import { InviteNotice, JoinForm } from '../sharing/JoinForm';

/** First run: choose a passphrase (with a strength hint and the no-recovery warning), then name the campaign. */
export function Setup() {
  const [step, setStep] = createSignal<'passphrase' | 'campaign'>('passphrase');
  const [pass, setPass] = createSignal('');
  const [confirm, setConfirm] = createSignal('');
  const [name, setName] = createSignal('');
  const [error, setError] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const strength = () => passphraseStrength(pass());
  // Opened from an invite link: the second step joins that campaign instead of creating one.
  const invite = location.hash.startsWith('#/join/') ? parseInvite(location.hash) : null;
  const [deviceName, setDeviceName] = createSignal('');
  const join = async (e: SubmitEvent) => {
    e.preventDefault();
    if (!invite?.ok) return;
    if (!deviceName().trim()) return setError(t('error.name-required'));
    setBusy(true);
    setError('');
    try {
      await (await loadUnlocked()).setupAndJoin(pass(), invite.value, deviceName().trim().slice(0, 60));
    } catch (err) {
      setError(t('error.generic', { code: (err as { code?: string }).code ?? String(err) }));
      setBusy(false);
    }
  };

  const next = (e: SubmitEvent) => {
    e.preventDefault();
    if (pass().length < MIN_PASSPHRASE_LENGTH) return setError(t('setup.tooShort'));
    if (pass() !== confirm()) return setError(t('setup.mismatch'));
    setError('');
    setStep('campaign');
  };

  const create = async (e: SubmitEvent) => {
    e.preventDefault();
    if (!name().trim()) return setError(t('error.name-required'));
    setBusy(true);
    setError('');
    try {
      await (await loadUnlocked()).setup({ passphrase: pass(), campaignName: name().trim() });
    } catch (err) {
      setError(t('error.generic', { code: (err as { code?: string }).code ?? String(err) }));
      setBusy(false);
    }
  };

  const restoreFromFile = async (e: SubmitEvent) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const file = data.get('file');
    if (!(file instanceof File) || file.size === 0) return setError(t('security.restoreNotBackup'));
    setBusy(true);
    setError('');
    try {
      await (await loadUnlocked()).restore({
        passphrase: pass(),
        file: new Uint8Array(await file.arrayBuffer()),
        backupPassphrase: String(data.get('backupPass') ?? ''),
      });
    } catch (err) {
      const code = (err as { code?: string }).code;
      setError(code === 'not-a-backup' ? t('security.restoreNotBackup') : t('security.restoreWrong'));
      setBusy(false);
    }
  };

  return (
    <main class="gate">
      <h1>{t('setup.title')}</h1>
      <Show when={dataLost()}>
        <div class="banner warning" role="alert" id="data-lost-notice">
          <p>{t('setup.dataLost')}</p>
        </div>
      </Show>
      <Switch>
        <Match when={step() === 'passphrase'}>
          <InviteNotice invite={invite} />
          <p>{t('setup.intro')}</p>
          <form onSubmit={next} class="stack" novalidate>
            <label for="setup-pass">{t('setup.passphrase')}</label>
            <input
              id="setup-pass"
              type="password"
              autocomplete="new-password"
              aria-describedby="setup-pass-help setup-strength"
              value={pass()}
              onInput={(e) => setPass(e.currentTarget.value)}
              autofocus
            />
            <p id="setup-pass-help" class="help">
              {t('setup.passphraseHelp')}
            </p>
            <div id="setup-strength" class="strength" data-score={strength()} aria-live="polite">
              <meter min="0" max="4" value={strength()} aria-label={t('strength.label')} />
              <span>{t(`strength.${strength()}`)}</span>
            </div>
            <label for="setup-confirm">{t('setup.confirm')}</label>
            <input
              id="setup-confirm"
              type="password"
              autocomplete="new-password"
              value={confirm()}
              onInput={(e) => setConfirm(e.currentTarget.value)}
            />
            <p class="warning" role="note">
              {t('setup.warning')}
            </p>
            <Show when={error()}>
              <p class="error" role="alert">
                {error()}
              </p>
            </Show>
            <button type="submit" class="primary">
              {t('setup.next')}
            </button>
          </form>
        </Match>
        <Match when={step() === 'campaign' && invite}>
          <h2>{t('join.title')}</h2>
          <Show
            when={invite?.ok ? invite.value : null}
            fallback={
              <p class="error" role="alert">
                {t('join.bad', { code: invite && !invite.ok ? invite.error : '' })}
              </p>
            }
          >
            {(inv) => (
              <JoinForm
                campaign={inv().name}
                name={deviceName()}
                setName={setDeviceName}
                busy={busy()}
                error={error()}
                onSubmit={join}
              />
            )}
          </Show>
        </Match>
        <Match when={step() === 'campaign'}>
          <form onSubmit={create} class="stack" novalidate>
            <h2>{t('setup.campaignTitle')}</h2>
            <label for="setup-campaign">{t('setup.campaignName')}</label>
            <input
              id="setup-campaign"
              type="text"
              autocomplete="off"
              maxlength="200"
              placeholder={t('setup.campaignPlaceholder')}
              aria-describedby="setup-campaign-help"
              value={name()}
              onInput={(e) => setName(e.currentTarget.value)}
              autofocus
            />
            <p id="setup-campaign-help" class="help">
              {t('setup.campaignHelp')}
            </p>
            <Show when={error()}>
              <p class="error" role="alert">
                {error()}
              </p>
            </Show>
            <button type="submit" class="primary" disabled={busy()}>
              {busy() ? t('setup.creating') : t('setup.create')}
            </button>
            <button type="button" class="secondary" disabled={busy()} onClick={() => setStep('passphrase')}>
              {t('setup.back')}
            </button>
          </form>
          <details class="card">
            <summary>{t('security.restoreTitle')}</summary>
            <form onSubmit={restoreFromFile} class="stack">
              <label for="restore-file">{t('security.restoreFile')}</label>
              <input
                id="restore-file"
                name="file"
                type="file"
                accept=".sfbackup,application/octet-stream,application/json"
              />
              <label for="restore-pass">{t('security.restorePass')}</label>
              <input id="restore-pass" name="backupPass" type="password" autocomplete="off" />
              <button type="submit" disabled={busy()}>
                {t('security.restore')}
              </button>
            </form>
          </details>
        </Match>
      </Switch>
    </main>
  );
}
