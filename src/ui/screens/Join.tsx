import { createSignal, Show } from 'solid-js';
import { type InviteResult, parseInvite } from '../../sync/invite';
import { t } from '../i18n';
// The session code (Yjs, sync) loads on submit, not with the form: first run shows this form.
import { loadUnlocked } from '../state/load-unlocked';
import { type Session, settingsOf } from '../state/session';

/** Joining a campaign from an invite link while unlocked. */
export function Join(props: { session: Session; payload: string }) {
  const parsed = parseInvite(`#/join/${props.payload}`);
  const [name, setName] = createSignal(String(settingsOf(props.session).get('deviceName') ?? ''));
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal('');

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    if (!parsed.ok) return;
    if (!name().trim()) return setError(t('error.name-required'));
    setBusy(true);
    try {
      await (await loadUnlocked()).joinCampaign(parsed.value, name().trim().slice(0, 60));
    } catch (err) {
      setError(t('error.generic', { code: (err as { code?: string }).code ?? String(err) }));
      setBusy(false);
    }
  };

  return (
    <section class="screen">
      <h1>{t('join.title')}</h1>
      <Show
        when={parsed.ok ? parsed.value : null}
        fallback={
          <p class="error" role="alert">
            {t('join.bad', { code: parsed.ok ? '' : parsed.error })}
          </p>
        }
      >
        {(invite) => (
          <JoinForm
            name={name()}
            setName={setName}
            busy={busy()}
            error={error()}
            onSubmit={submit}
            campaign={invite().name}
          />
        )}
      </Show>
    </section>
  );
}

/** The join form, shared by the unlocked join screen and first run. */
export function JoinForm(props: {
  campaign: string;
  name: string;
  setName: (v: string) => void;
  busy: boolean;
  error: string;
  onSubmit: (e: SubmitEvent) => void;
}) {
  return (
    <form class="stack" onSubmit={(e) => props.onSubmit(e)} novalidate>
      <p>{t('join.intro', { name: props.campaign })}</p>
      <label for="join-device">{t('join.deviceName')}</label>
      <input
        id="join-device"
        type="text"
        maxlength="60"
        autocomplete="off"
        aria-describedby="join-device-help"
        value={props.name}
        onInput={(e) => props.setName(e.currentTarget.value)}
      />
      <p id="join-device-help" class="help">
        {t('sharing.deviceHelp')}
      </p>
      <Show when={props.error}>
        <p class="error" role="alert">
          {props.error}
        </p>
      </Show>
      <button type="submit" class="primary" disabled={props.busy}>
        {props.busy ? t('join.joining') : t('join.submit')}
      </button>
    </form>
  );
}

/**
 * First run opened from an invite: says at the first step (the passphrase) which campaign the
 * invite is for, so the invitee knows what they are setting up before choosing anything.
 */
export function InviteNotice(props: { invite: InviteResult | null }) {
  return (
    <Show when={props.invite?.ok ? props.invite.value : null}>
      {(invite) => (
        <div class="banner info" id="invite-notice">
          <p>{t('join.invitedFirst', { name: invite().name })}</p>
        </div>
      )}
    </Show>
  );
}
