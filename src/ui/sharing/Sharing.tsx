import { createSignal, Show } from 'solid-js';
import { type Session, settingsOf } from '../../app/session';
import { sharingSettingsText } from '../../app/sharing';
import { type RotationNotice, rotationNotice, sharingNotice } from '../../app/sync-state';
import { t } from '../kit/i18n';
import { InviteCard } from './InviteCard';
import { MembersCard } from './MembersCard';
import { DeviceNameForm, DirectOnlyCard, NetworkSettingsForm } from './SharingSettings';
import { SyncStatusCard } from './SyncStatusCard';

function rotationText(n: NonNullable<RotationNotice>): string {
  return n.kind === 'removed'
    ? t('sharing.youWereRemoved')
    : n.kind === 'conflict'
      ? t('sharing.conflict')
      : t('sharing.moved', { name: n.by });
}

/** The screen's notices: this device moved or removed, a member removed, a setting saved. */
function SharingNotices(props: { notice: string }) {
  return (
    <>
      <Show when={rotationNotice()}>
        {(n) => (
          <p class="banner warning" role="alert">
            {rotationText(n())}
          </p>
        )}
      </Show>
      <Show when={sharingNotice() === 'removed'}>
        <p class="ok" role="status">
          {t('sharing.removed')}
        </p>
      </Show>
      <Show when={props.notice}>
        <p class="ok" role="status">
          {props.notice}
        </p>
      </Show>
    </>
  );
}

/** Sharing: sync status, this device's name, invites, members and removal, delivery, servers. */
export function Sharing(props: { session: Session }) {
  const [savedName, setSavedName] = createSignal(sharingSettingsText(props.session).deviceName.trim());
  const [notice, setNotice] = createSignal('');
  return (
    <section class="screen">
      <h1>{t('sharing.title')}</h1>
      <SharingNotices notice={notice()} />
      <SyncStatusCard named={!!savedName()} />
      <DeviceNameForm session={props.session} onSaved={setSavedName} />
      <InviteCard campaign={props.session.campaignMeta} settings={settingsOf(props.session)} />
      <MembersCard session={props.session} />
      <DirectOnlyCard session={props.session} onSaved={() => setNotice(t('sharing.directOnlySaved'))} />
      <NetworkSettingsForm session={props.session} onSaved={() => setNotice(t('sharing.serversSaved'))} />
    </section>
  );
}
