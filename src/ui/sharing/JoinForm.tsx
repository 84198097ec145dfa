/**
 * The join form and the invite notice, shared by the unlocked join screen (Join.tsx) and first run
 * (Setup.tsx). Kept apart from Join.tsx, which needs the session module (and so Yjs): first run
 * imports only this, so the first screen a new user sees does not wait for it.
 */
import { Show } from 'solid-js';
import type { InviteResult } from '../../app/invites';
import { Field } from '../kit/Field';
import { t } from '../kit/i18n';

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
      <Field
        id="join-device"
        label={t('join.deviceName')}
        help={t('sharing.deviceHelp')}
        type="text"
        maxlength="60"
        autocomplete="off"
        value={props.name}
        onValue={(v) => props.setName(v)}
      />
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
