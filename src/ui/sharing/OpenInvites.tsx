/**
 * The campaign's open invites (not revoked, not expired, not used up): who made each, until when
 * it works, one phone or many. Admins revoke one with one tap (a signed `revoke-invite`); others
 * see the list only.
 */
import { createSignal, For, Show } from 'solid-js';
import type { MembershipResult, OpenInvite } from '../../app/membership-types';
import { t } from '../kit/i18n';
import { membershipErrorText, settle } from './membership-view';
import { when } from './when';

function usesText(i: OpenInvite): string {
  return i.singleUse ? t('invites.oneUnused') : t('invites.many', { n: i.used });
}

export function OpenInvites(props: {
  invites: readonly OpenInvite[];
  admin: boolean;
  onRevoke: (inviteId: string) => Promise<MembershipResult>;
}) {
  const [busy, setBusy] = createSignal<string | null>(null);
  const [outcome, setOutcome] = createSignal<{ ok: boolean; text: string } | null>(null);
  const revoke = async (id: string) => {
    setBusy(id);
    setOutcome(null);
    const r = await settle(() => props.onRevoke(id));
    setBusy(null);
    setOutcome(
      r.ok ? { ok: true, text: t('invites.revoked') } : { ok: false, text: membershipErrorText(r.error) },
    );
  };
  return (
    <div class="card stack open-invites" data-testid="open-invites">
      <h2>{t('invites.title')}</h2>
      <Show when={props.invites.length > 0} fallback={<p class="help">{t('invites.none')}</p>}>
        <ul class="list invite-list">
          <For each={props.invites}>
            {(i) => (
              <li class="invite-row" data-invite={i.id}>
                <div class="stack-tight">
                  <span>{t('invites.by', { name: i.byName, when: when(i.madeAt) })}</span>
                  <span class="help">{t('invites.expires', { when: when(i.expiresAt) })}</span>
                  <span class="help">{usesText(i)}</span>
                  <Show when={i.legacy}>
                    <span class="help">{t('invites.legacy')}</span>
                  </Show>
                </div>
                <Show when={props.admin}>
                  <button
                    type="button"
                    class="danger"
                    disabled={busy() !== null}
                    aria-label={t('invites.revokeLabel', { name: i.byName, when: when(i.madeAt) })}
                    onClick={() => void revoke(i.id)}
                  >
                    {busy() === i.id ? t('members.working') : t('invites.revoke')}
                  </button>
                </Show>
              </li>
            )}
          </For>
        </ul>
        <Show when={props.admin}>
          <p class="help">{t('invites.revokeHelp')}</p>
        </Show>
      </Show>
      <Show when={outcome()}>
        {(o) => (
          <p class={o().ok ? 'ok' : 'error'} role={o().ok ? 'status' : 'alert'}>
            {o().text}
          </p>
        )}
      </Show>
    </div>
  );
}
