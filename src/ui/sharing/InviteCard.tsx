/** Inviting a coworker: the campaign's invite link, shown in person as a QR code and as text to copy. */
import { createSignal, Show } from 'solid-js';
import { createCampaignInvite } from '../../app/invites';
import type { SettingsLike } from '../../app/reach';
import { Field } from '../kit/Field';
import { t } from '../kit/i18n';
import { QrCode } from '../kit/QrCode';

export function InviteCard(props: {
  campaign: { id: string; key: Uint8Array; name: string };
  settings: SettingsLike;
}) {
  const [inviting, setInviting] = createSignal(false);
  const [copied, setCopied] = createSignal(false);
  const link = () => createCampaignInvite({ campaign: props.campaign, settings: props.settings }).link;
  const copy = async () => {
    await navigator.clipboard?.writeText(link()).catch(() => {});
    setCopied(true);
  };
  return (
    <div class="card stack">
      <Show
        when={inviting()}
        fallback={
          <button type="button" class="primary" onClick={() => setInviting(true)}>
            {t('sharing.invite')}
          </button>
        }
      >
        <p class="warning" role="note">
          {t('sharing.inviteWarning')}
        </p>
        <div class="qr-wrap">
          <QrCode text={link()} label={t('sharing.inviteQr')} />
        </div>
        <Field
          id="invite-link"
          label={t('sharing.inviteLink')}
          type="text"
          readonly
          value={link()}
          onFocus={(e) => e.currentTarget.select()}
        />
        <div class="row">
          <button type="button" onClick={() => void copy()}>
            {copied() ? t('sharing.copied') : t('sharing.copy')}
          </button>
          <button type="button" onClick={() => setInviting(false)}>
            {t('sharing.hideInvite')}
          </button>
        </div>
      </Show>
    </div>
  );
}
