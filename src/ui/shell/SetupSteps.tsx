/** The steps of first run (Setup.tsx): the passphrase, the new campaign, and restoring a backup. */
import type { JSX } from 'solid-js';
import { passphraseStrength } from '../../app/strength';
import { Field, FormError } from '../kit/Field';
import { t } from '../kit/i18n';

/** A new passphrase's input: hidden, and offered to the password manager as a new one. */
const NEW_PASSWORD = { type: 'password', autocomplete: 'new-password' } as const;

/** Choosing the passphrase: typed twice, with a strength hint and the no-recovery warning. */
export function PassphraseStep(props: {
  pass: string;
  setPass: (v: string) => void;
  confirm: string;
  setConfirm: (v: string) => void;
  error: string;
  onNext: (e: SubmitEvent) => void;
}) {
  const strength = () => passphraseStrength(props.pass);
  return (
    <form onSubmit={(e) => props.onNext(e)} class="stack" novalidate>
      <Field
        id="setup-pass"
        label={t('setup.passphrase')}
        help={t('setup.passphraseHelp')}
        describedBy="setup-strength"
        {...NEW_PASSWORD}
        value={props.pass}
        onValue={(v) => props.setPass(v)}
        autofocus
      />
      <div id="setup-strength" class="strength" data-score={strength()} aria-live="polite">
        <meter min="0" max="4" value={strength()} aria-label={t('strength.label')} />
        <span>{t(`strength.${strength()}`)}</span>
      </div>
      <Field
        id="setup-confirm"
        label={t('setup.confirm')}
        {...NEW_PASSWORD}
        value={props.confirm}
        onValue={(v) => props.setConfirm(v)}
      />
      <p class="warning" role="note">
        {t('setup.warning')}
      </p>
      <FormError error={props.error} />
      <button type="submit" class="primary">
        {t('setup.next')}
      </button>
    </form>
  );
}

/** Naming the new campaign. */
export function CampaignStep(props: {
  name: string;
  setName: (v: string) => void;
  busy: boolean;
  error: string;
  onCreate: (e: SubmitEvent) => void;
  onBack: () => void;
}) {
  return (
    <form onSubmit={(e) => props.onCreate(e)} class="stack" novalidate>
      <h2>{t('setup.campaignTitle')}</h2>
      <Field
        id="setup-campaign"
        label={t('setup.campaignName')}
        help={t('setup.campaignHelp')}
        type="text"
        autocomplete="off"
        maxlength="200"
        placeholder={t('setup.campaignPlaceholder')}
        value={props.name}
        onValue={(v) => props.setName(v)}
        autofocus
      />
      <FormError error={props.error} />
      <button type="submit" class="primary" disabled={props.busy}>
        {props.busy ? t('setup.creating') : t('setup.create')}
      </button>
      <button type="button" class="secondary" disabled={props.busy} onClick={() => props.onBack()}>
        {t('setup.back')}
      </button>
    </form>
  );
}

/** Restoring from a backup file instead of starting a new campaign. */
export function RestoreStep(props: {
  busy: boolean;
  onRestore: JSX.EventHandler<HTMLFormElement, SubmitEvent>;
}) {
  return (
    <details class="card">
      <summary>{t('security.restoreTitle')}</summary>
      <form onSubmit={(e) => props.onRestore(e)} class="stack">
        <label for="restore-file">{t('security.restoreFile')}</label>
        <input
          id="restore-file"
          name="file"
          type="file"
          accept=".sfbackup,application/octet-stream,application/json"
        />
        <label for="restore-pass">{t('security.restorePass')}</label>
        <input id="restore-pass" name="backupPass" type="password" autocomplete="off" />
        <button type="submit" disabled={props.busy}>
          {t('security.restore')}
        </button>
      </form>
    </details>
  );
}
