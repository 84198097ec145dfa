import { createSignal, Match, Show, Switch } from 'solid-js';
import { dataLost } from '../../app/app-state';
import { type Invite, type InviteResult, inviteInAddress } from '../../app/invites';
// The session code (Yjs, sync) loads when a step is submitted, so the first screen a new user
// sees does not wait for it (it is prefetched while they type).
import {
  checkNewPassphrase,
  restoreFromBackup,
  type SetupOutcome,
  setupAndJoinCampaign,
  setupCampaign,
} from '../../app/setup';
import { t } from '../kit/i18n';
import { InviteNotice, JoinForm } from '../sharing/JoinForm';
import { CampaignStep, PassphraseStep, RestoreStep } from './SetupSteps';

/** First run opened from an invite: the second step joins that campaign (or says why the link is bad). */
function JoinStep(props: {
  invite: InviteResult;
  name: string;
  setName: (v: string) => void;
  busy: boolean;
  error: string;
  onJoin: (invite: Invite) => void;
}) {
  const invite = () => (props.invite.ok ? props.invite.value : null);
  return (
    <>
      <h2>{t('join.title')}</h2>
      <Show
        when={invite()}
        fallback={
          <p class="error" role="alert">
            {t('join.bad', { code: props.invite.ok ? '' : props.invite.error })}
          </p>
        }
      >
        {(inv) => (
          <JoinForm
            campaign={inv().name}
            name={props.name}
            setName={props.setName}
            busy={props.busy}
            error={props.error}
            onSubmit={(e) => {
              e.preventDefault();
              props.onJoin(inv());
            }}
          />
        )}
      </Show>
    </>
  );
}

/** First run's state and what its forms do; the second step joins `invite` when there is one. */
function createSetupFlow() {
  const [step, setStep] = createSignal<'passphrase' | 'campaign'>('passphrase');
  const [pass, setPass] = createSignal('');
  const [confirm, setConfirm] = createSignal('');
  const [name, setName] = createSignal('');
  const [deviceName, setDeviceName] = createSignal('');
  const [error, setError] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  // Opened from an invite link: the second step joins that campaign instead of creating one.
  const invite = inviteInAddress();

  /** Runs a first-run operation; on failure shows its message and lets the user try again. */
  const run = async (op: () => Promise<SetupOutcome>, message: (code: string) => string) => {
    setBusy(true);
    setError('');
    const done = await op();
    if (!done.ok) {
      setError(message(done.code));
      setBusy(false);
    }
  };
  const generic = (code: string) => t('error.generic', { code });

  const next = (e: SubmitEvent) => {
    e.preventDefault();
    const refused = checkNewPassphrase(pass(), confirm());
    if (refused) return setError(t(refused === 'too-short' ? 'setup.tooShort' : 'setup.mismatch'));
    setError('');
    setStep('campaign');
  };
  const join = (value: Invite) => {
    if (!deviceName().trim()) return setError(t('error.name-required'));
    void run(
      () => setupAndJoinCampaign({ passphrase: pass(), invite: value, deviceName: deviceName() }),
      generic,
    );
  };
  const create = (e: SubmitEvent) => {
    e.preventDefault();
    if (!name().trim()) return setError(t('error.name-required'));
    void run(() => setupCampaign({ passphrase: pass(), campaignName: name() }), generic);
  };
  const restore = (e: SubmitEvent) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget as HTMLFormElement);
    const file = data.get('file');
    if (!(file instanceof File) || file.size === 0) return setError(t('security.restoreNotBackup'));
    const backupPassphrase = String(data.get('backupPass') ?? '');
    void run(
      () => restoreFromBackup({ passphrase: pass(), file, backupPassphrase }),
      (code) => (code === 'not-a-backup' ? t('security.restoreNotBackup') : t('security.restoreWrong')),
    );
  };

  return {
    step,
    setStep,
    pass,
    setPass,
    confirm,
    setConfirm,
    name,
    setName,
    deviceName,
    setDeviceName,
    error,
    busy,
    invite,
    next,
    join,
    create,
    restore,
  };
}

/** First run: choose a passphrase (with a strength hint and the no-recovery warning), then name the campaign. */
export function Setup() {
  const f = createSetupFlow();
  return (
    <main class="gate">
      <h1>{t('setup.title')}</h1>
      <Show when={dataLost()}>
        <div class="banner warning" role="alert" id="data-lost-notice">
          <p>{t('setup.dataLost')}</p>
        </div>
      </Show>
      <Switch>
        <Match when={f.step() === 'passphrase'}>
          <InviteNotice invite={f.invite} />
          <p>{t('setup.intro')}</p>
          <PassphraseStep
            pass={f.pass()}
            setPass={f.setPass}
            confirm={f.confirm()}
            setConfirm={f.setConfirm}
            error={f.error()}
            onNext={f.next}
          />
        </Match>
        <Match when={f.step() === 'campaign' && f.invite}>
          {(inv) => (
            <JoinStep
              invite={inv()}
              name={f.deviceName()}
              setName={f.setDeviceName}
              busy={f.busy()}
              error={f.error()}
              onJoin={f.join}
            />
          )}
        </Match>
        <Match when={f.step() === 'campaign'}>
          <CampaignStep
            name={f.name()}
            setName={f.setName}
            busy={f.busy()}
            error={f.error()}
            onCreate={f.create}
            onBack={() => f.setStep('passphrase')}
          />
          <RestoreStep busy={f.busy()} onRestore={f.restore} />
        </Match>
      </Switch>
    </main>
  );
}
