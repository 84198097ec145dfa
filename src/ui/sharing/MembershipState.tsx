/**
 * What the member list's state means for this phone, said plainly: still joining, removed, a list
 * that does not match the invite, refused changes, a key an admin should change, and who removed
 * whom when this phone followed a new key.
 */
import { createSignal, Show } from 'solid-js';
import type { CampaignMembership, MembershipResult } from '../../app/membership-types';
import { t } from '../kit/i18n';
import { isAdmin, membershipErrorText, settle } from './membership-view';

/** A key change this phone followed or was left out of (the app's rotation notice). */
export type RotationNoticeView =
  | { kind: 'moved'; by: string; removed?: readonly string[] }
  | { kind: 'removed'; by?: string | null }
  | { kind: 'conflict' };

export function removedText(by: string | null | undefined): string {
  return by ? t('members.removedBy', { name: by }) : t('members.removedUnknown');
}

export function rotationNoticeText(n: RotationNoticeView): string {
  if (n.kind === 'removed') return removedText(n.by);
  if (n.kind === 'conflict') return t('sharing.conflict');
  const removed = n.removed ?? [];
  return removed.length > 0
    ? t('members.movedRemoved', { by: n.by, names: removed.join(', ') })
    : t('members.movedKey', { by: n.by });
}

/** The "change the key now" prompt for admins, with its outcome. */
function RekeyPrompt(props: { onRotate: () => Promise<MembershipResult> }) {
  const [busy, setBusy] = createSignal(false);
  const [outcome, setOutcome] = createSignal<{ ok: boolean; text: string } | null>(null);
  const rotate = async () => {
    setBusy(true);
    setOutcome(null);
    const r = await settle(props.onRotate);
    setBusy(false);
    setOutcome(
      r.ok ? { ok: true, text: t('members.rekeyDone') } : { ok: false, text: membershipErrorText(r.error) },
    );
  };
  return (
    <div class="warning stack membership-note" role="alert">
      <p>{t('members.rekeyNeeded')}</p>
      <button type="button" class="primary" disabled={busy()} onClick={() => void rotate()}>
        {busy() ? t('members.working') : t('members.rekey')}
      </button>
      <Show when={outcome()}>
        {(o) => (
          <p class={o().ok ? 'ok' : 'error'} role="status">
            {o().text}
          </p>
        )}
      </Show>
    </div>
  );
}

/** The banners for the membership's state and for the last key change (one "removed" at most). */
export function MembershipBanners(props: {
  membership: CampaignMembership;
  rotation: RotationNoticeView | null;
  onRotate: () => Promise<MembershipResult>;
}) {
  const m = () => props.membership;
  const rotation = () => {
    const r = props.rotation;
    return r && !(r.kind === 'removed' && m().state === 'removed') ? r : null;
  };
  return (
    <>
      <Show when={m().state === 'untrusted'}>
        <p class="banner error membership-note" role="alert" data-testid="membership-untrusted">
          {t('members.untrusted')}
        </p>
      </Show>
      <Show when={m().state === 'removed'}>
        <p class="banner warning membership-note" role="alert" data-testid="membership-removed">
          {removedText(m().removedBy)}
        </p>
      </Show>
      <Show when={m().joinRefused}>
        {(code) => (
          <p class="banner error membership-note" role="alert" data-testid="membership-join-refused">
            {t(`join.refused.${code()}`)}
          </p>
        )}
      </Show>
      <Show when={m().state === 'joining' && !m().joinRefused}>
        <p class="banner info membership-note" role="status" data-testid="membership-joining">
          {m().pairing ? t('pair.joining') : t('members.joining')}
        </p>
      </Show>
      <Show when={rotation()}>
        {(r) => (
          <p class="banner warning membership-note" role="alert" data-testid="rotation-notice">
            {rotationNoticeText(r())}
          </p>
        )}
      </Show>
      {/* A phone whose own join was refused is told why above; the count would only confuse it. */}
      <Show when={m().refusedOps > 0 && !m().joinRefused}>
        <p class="warning membership-note" role="status" data-testid="membership-refused">
          {t('members.refused', { n: m().refusedOps })}
        </p>
      </Show>
      <Show when={m().rekeyNeeded && isAdmin(m())}>
        <RekeyPrompt onRotate={props.onRotate} />
      </Show>
    </>
  );
}
