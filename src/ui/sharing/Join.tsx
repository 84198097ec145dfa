import { createSignal, Show } from 'solid-js';
import { readInvite } from '../../app/invites';
import { type Session, settingsOf } from '../../app/session';
// Through the loader like first run (Setup.tsx), so this screen's chunk carries no session code.
import { joinInvitedCampaign } from '../../app/setup';
import { t } from '../kit/i18n';
import { JoinForm } from './JoinForm';

/** Joining a campaign from an invite link while unlocked. */
export function Join(props: { session: Session; payload: string }) {
  const parsed = readInvite(props.payload);
  const [name, setName] = createSignal(String(settingsOf(props.session).get('deviceName') ?? ''));
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal('');

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    if (!parsed.ok) return;
    if (!name().trim()) return setError(t('error.name-required'));
    setBusy(true);
    const done = await joinInvitedCampaign({ invite: parsed.value, deviceName: name() });
    if (!done.ok) {
      setError(t('error.generic', { code: done.code }));
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
