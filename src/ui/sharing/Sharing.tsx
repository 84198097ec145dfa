import { createSignal, Show } from 'solid-js';
import type { Session } from '../../app/session';
import { sharingSettingsText } from '../../app/sharing';
import { sharingNotice } from '../../app/sync-state';
import { t } from '../kit/i18n';
import { MembersCard } from './MembersCard';
import { DeviceNameForm, DirectOnlyCard, NetworkSettingsForm } from './SharingSettings';
import { SyncStatusCard } from './SyncStatusCard';

/** The screen's notices: a member removed, a setting saved (the membership's own are in MembersCard). */
function SharingNotices(props: { notice: string }) {
  return (
    <>
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

/**
 * Sharing: sync status, this device's name, the membership (its state, invites, members, removal,
 * this phone's safety words), delivery, servers.
 */
export function Sharing(props: { session: Session }) {
  const [savedName, setSavedName] = createSignal(sharingSettingsText(props.session).deviceName.trim());
  const [notice, setNotice] = createSignal('');
  return (
    <section class="screen">
      <h1>{t('sharing.title')}</h1>
      <SharingNotices notice={notice()} />
      <SyncStatusCard named={!!savedName()} />
      <DeviceNameForm session={props.session} onSaved={setSavedName} />
      <MembersCard session={props.session} />
      <DirectOnlyCard session={props.session} onSaved={() => setNotice(t('sharing.directOnlySaved'))} />
      <NetworkSettingsForm session={props.session} onSaved={() => setNotice(t('sharing.serversSaved'))} />
    </section>
  );
}
