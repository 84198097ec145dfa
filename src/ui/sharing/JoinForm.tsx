/**
 * The join form and the invite notice, shared by the unlocked join screen (Join.tsx) and first run
 * (Setup.tsx). Kept apart from Join.tsx, which needs the session module (and so Yjs): first run
 * imports only this, so the first screen a new user sees does not wait for it.
 */
import { Show } from 'solid-js';
import type { InviteResult } from '../../app/invites';
import { Field, FormError } from '../kit/Field';
import { t } from '../kit/i18n';

/** A device's name as members see it (joining, and on the Sharing screen). */
export function DeviceNameField(props: {
  id: string;
  label: string;
  helpId?: string;
  value: string;
  onValue: (v: string) => void;
}) {
  return (
    <Field
      id={props.id}
      label={props.label}
      help={t('sharing.deviceHelp')}
      helpId={props.helpId}
      type="text"
      maxlength="60"
      autocomplete="off"
      value={props.value}
      onValue={(v) => props.onValue(v)}
    />
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
      <DeviceNameField
        id="join-device"
        label={t('join.deviceName')}
        value={props.name}
        onValue={(v) => props.setName(v)}
      />
      <FormError error={props.error} />
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
